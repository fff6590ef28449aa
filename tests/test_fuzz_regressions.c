/* Replays the fuzz regression inputs (tests/fuzz/regressions/<target>/) and the seed
 * corpus (tests/fuzz/corpus/<target>/) through the fuzz harness, so what a fuzzer
 * once found stays fixed in the ordinary test suite. The harness aborts on any broken
 * invariant; with EXTRAD_SANITIZE the sanitizers check memory as well. */
#include <criterion/criterion.h>
#include <criterion/logging.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/harness.c"
#include "helpers.h"

/* Replays every regular file of XD_SOURCE_DIR/tests/fuzz/<set>/<target>; returns how many. */
static size_t replay_folder(const char *set, const char *target)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/%s/%s", XD_SOURCE_DIR, set, target);
    DIR *dp = opendir(dir);
    if (!dp)
        return 0;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        size_t len = 0;
        char *data = xd_slurp(path, &len);
        cr_assert_not_null(data, "cannot read %s", path);
        /* the path goes to stderr first, so a crash below names its input */
        fprintf(stderr, "replaying %s\n", path);
        cr_assert_eq(xd_fuzz_run(target, (const uint8_t *)data, len), 0, "unknown target %s", target);
        free(data);
        n++;
    }
    closedir(dp);
    return n;
}

static void replay(const char *target)
{
    size_t regressions = replay_folder("regressions", target);
    size_t seeds = replay_folder("corpus", target);
    cr_log_info("%s: %zu regression inputs, %zu seeds", target, regressions, seeds);
    cr_expect_gt(regressions + seeds, 0, "no inputs for %s", target);
    xd_fuzz_cleanup();
}

Test(fuzz_regressions, csv) { replay("csv"); }
Test(fuzz_regressions, annual) { replay("annual"); }
Test(fuzz_regressions, sources) { replay("sources"); }
Test(fuzz_regressions, aggregates) { replay("aggregates"); }
Test(fuzz_regressions, transfers) { replay("transfers"); }
Test(fuzz_regressions, meta) { replay("meta"); }
Test(fuzz_regressions, check) { replay("check"); }
Test(fuzz_regressions, quote) { replay("quote"); }
Test(fuzz_regressions, numbers) { replay("numbers"); }
Test(fuzz_regressions, html) { replay("html"); }

/* A target name the harness does not know is refused, not silently ignored. */
Test(fuzz_regressions, unknown_target) { cr_assert_eq(xd_fuzz_run("nothing", (const uint8_t *)"", 0), -1); }
