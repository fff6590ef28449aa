#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag.h"
#include "helpers.h"
#include "outfile.h"

static char *dir;

static void setup(void)
{
    dir = xd_tempdir();
    cr_assert(dir != NULL);
    umask(022);
}

static void teardown(void)
{
    xd_rmtree(dir);
    free(dir);
}

/* Names in folder p (without . and ..), joined by '|' in readdir order; count returned. */
static int list_dir(const char *p, char *names, size_t cap)
{
    DIR *dh = opendir(p);
    if (!dh)
        return -1;
    int n = 0;
    if (cap)
        names[0] = '\0';
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        size_t len = strlen(names);
        snprintf(names + len, cap - len, "%s%s", len ? "|" : "", e->d_name);
    }
    closedir(dh);
    return n;
}

static char *path_in(const char *name) { return xd_path_join(dir, name); }

static const char *first_error(const xd_diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == XD_SEV_ERROR)
            return d->items[i].text;
    return "";
}

TestSuite(outfile, .init = setup, .fini = teardown);

Test(outfile, commit_creates_file_with_normal_permissions)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    const char *target = path_in("table.csv");
    cr_assert_eq(xd_outfile_begin(&o, target, &d), XD_OK);
    fprintf(xd_outfile_fp(&o), "year\tcount\n2019\t58\n");
    cr_assert_eq(xd_outfile_commit(&o, &d), XD_OK);
    char *text = xd_slurp(target, NULL);
    cr_assert_str_eq(text, "year\tcount\n2019\t58\n");
    free(text);
    struct stat st;
    cr_assert_eq(stat(target, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0644);
    char names[1024];
    cr_assert_eq(list_dir(dir, names, sizeof names), 1, "left: %s", names);
    cr_assert_eq(d.n, 0);
    xd_diags_free(&d);
}

Test(outfile, temp_file_sits_next_to_target_with_extension_last)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    cr_assert_eq(xd_outfile_begin(&o, path_in("chart.pdf"), &d), XD_OK);
    const char *tmp = xd_outfile_path(&o);
    cr_assert(strncmp(tmp, dir, strlen(dir)) == 0 && tmp[strlen(dir)] == '/', "%s", tmp);
    const char *base = tmp + strlen(dir) + 1;
    cr_assert(strncmp(base, ".extrad-chart.", 14) == 0, "%s", base);
    cr_assert_eq(strlen(base), strlen(".extrad-chart.XXXXXX.pdf"), "%s", base);
    cr_assert_str_eq(base + strlen(base) - 4, ".pdf");
    cr_assert_eq(access(tmp, F_OK), 0);
    /* Not the target until committed. */
    cr_assert_neq(access(path_in("chart.pdf"), F_OK), 0);
    xd_outfile_abort(&o);
    char names[1024];
    cr_assert_eq(list_dir(dir, names, sizeof names), 0, "left: %s", names);
    xd_diags_free(&d);
}

Test(outfile, commit_replaces_existing_file_and_keeps_its_mode)
{
    const char *target = path_in("report.csv");
    xd_write_file(target, "old contents\n");
    chmod(target, 0600);
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    cr_assert_eq(xd_outfile_begin(&o, target, &d), XD_OK);
    fputs("new contents\n", xd_outfile_fp(&o));
    fflush(xd_outfile_fp(&o));
    /* Until the commit, readers still see the old file in full. */
    char *text = xd_slurp(target, NULL);
    cr_assert_str_eq(text, "old contents\n");
    free(text);
    cr_assert_eq(xd_outfile_commit(&o, &d), XD_OK);
    text = xd_slurp(target, NULL);
    cr_assert_str_eq(text, "new contents\n");
    free(text);
    struct stat st;
    cr_assert_eq(stat(target, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0600);
    char names[1024];
    cr_assert_eq(list_dir(dir, names, sizeof names), 1, "left: %s", names);
    xd_diags_free(&d);
}

Test(outfile, file_written_by_another_program_through_the_path)
{
    const char *target = path_in("chart.svg");
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    cr_assert_eq(xd_outfile_begin(&o, target, &d), XD_OK);
    xd_write_file(xd_outfile_path(&o), "<svg/>\n"); /* truncates, as gnuplot does */
    cr_assert_eq(xd_outfile_commit(&o, &d), XD_OK);
    char *text = xd_slurp(target, NULL);
    cr_assert_str_eq(text, "<svg/>\n");
    free(text);
    xd_diags_free(&d);
}

Test(outfile, abort_leaves_existing_file_untouched)
{
    const char *target = path_in("report.csv");
    xd_write_file(target, "old contents\n");
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    cr_assert_eq(xd_outfile_begin(&o, target, &d), XD_OK);
    fputs("half a fi", xd_outfile_fp(&o));
    xd_outfile_abort(&o);
    xd_outfile_abort(&o); /* harmless twice */
    char *text = xd_slurp(target, NULL);
    cr_assert_str_eq(text, "old contents\n");
    free(text);
    char names[1024];
    cr_assert_eq(list_dir(dir, names, sizeof names), 1, "left: %s", names);
    cr_assert_str_eq(names, "report.csv");
    cr_assert_eq(xd_outfile_commit(&o, &d), XD_EOUTPUT);
    xd_diags_free(&d);
}

Test(outfile, missing_folder_is_named)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    const char *target = path_in("no-such-folder/out.csv");
    cr_assert_eq(xd_outfile_begin(&o, target, &d), XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "no-such-folder' does not exist"), "%s", first_error(&d));
    xd_outfile_abort(&o); /* harmless after a failed begin */
    xd_diags_free(&d);
}

Test(outfile, parent_that_is_a_file_is_reported)
{
    xd_write_file(path_in("plain"), "x");
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    cr_assert_eq(xd_outfile_begin(&o, path_in("plain/out.csv"), &d), XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "plain' is not a folder"), "%s", first_error(&d));
    xd_diags_free(&d);
}

Test(outfile, target_that_is_a_folder_is_refused)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    cr_assert_eq(xd_outfile_begin(&o, dir, &d), XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "is a folder"), "%s", first_error(&d));
    cr_assert_eq(xd_outfile_begin(&o, path_in("sub/"), &d), XD_EOUTPUT);
    cr_assert_eq(xd_outfile_begin(&o, "", &d), XD_EOUTPUT);
    xd_diags_free(&d);
}

Test(outfile, read_only_folder_is_named_with_the_reason)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    if (geteuid() != 0) {
        char *ro = path_in("ro");
        cr_assert_eq(mkdir(ro, 0555), 0);
        cr_assert_eq(xd_outfile_begin(&o, path_in("ro/out.csv"), &d), XD_EOUTPUT);
        cr_assert(strstr(first_error(&d), "ro'"), "%s", first_error(&d));
        cr_assert(strstr(first_error(&d), strerror(EACCES)), "%s", first_error(&d));
        chmod(ro, 0755);
    }
    /* Root may write anywhere a mode allows; these refuse even root. */
    struct stat st;
    if (stat("/sys/kernel", &st) == 0 && access("/sys", W_OK) != 0) {
        cr_assert_eq(xd_outfile_begin(&o, "/sys/extrad-out.csv", &d), XD_EOUTPUT);
        cr_assert(strstr(first_error(&d), "folder '/sys'"), "%s", first_error(&d));
    }
    xd_diags_free(&d);
    xd_diags_init(&d);
    if (stat("/proc/self", &st) == 0) {
        cr_assert_eq(xd_outfile_begin(&o, "/proc/extrad-out.csv", &d), XD_EOUTPUT);
        cr_assert(strstr(first_error(&d), "folder '/proc' does not accept new files"), "%s",
                  first_error(&d));
    }
    xd_diags_free(&d);
}

/* Runs in a forked child so the limit and the signal disposition stay there. */
static int fsize_child(const char *target)
{
    xd_cleanup_register_signals();
    struct sigaction sa;
    if (sigaction(SIGXFSZ, NULL, &sa) != 0 || sa.sa_handler != SIG_IGN)
        return 10;
    struct rlimit rl = {4096, 4096};
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
        return 11;
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    if (xd_outfile_begin(&o, target, &d) != XD_OK)
        return 12;
    FILE *f = xd_outfile_fp(&o);
    for (int i = 0; i < 20000; i++)
        fprintf(f, "%d\t%d\n", i, i * 7);
    if (xd_outfile_commit(&o, &d) != XD_EOUTPUT)
        return 13;
    if (!strstr(first_error(&d), strerror(EFBIG)) || !strstr(first_error(&d), "big.csv"))
        return 14;
    xd_diags_free(&d);
    return 0;
}

Test(outfile, file_size_limit_fails_cleanly)
{
    const char *target = path_in("big.csv");
    xd_write_file(target, "old contents\n");
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0)
        _exit(fsize_child(target));
    int ws;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    cr_assert(WIFEXITED(ws), "child died of signal %d", WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
    cr_assert_eq(WEXITSTATUS(ws), 0, "child step %d failed", WEXITSTATUS(ws));
    char *text = xd_slurp(target, NULL);
    cr_assert_str_eq(text, "old contents\n");
    free(text);
    char names[1024];
    cr_assert_eq(list_dir(dir, names, sizeof names), 1, "left: %s", names);
}

Test(outfile, tempdir_created_and_removed_with_contents)
{
    xd_diags d;
    xd_diags_init(&d);
    char td[PATH_MAX];
    cr_assert_eq(xd_tempdir_create(td, sizeof td, dir, &d), XD_OK);
    cr_assert(strncmp(td, dir, strlen(dir)) == 0, "%s", td);
    cr_assert(strstr(td, "/extrad-") != NULL, "%s", td);
    struct stat st;
    cr_assert_eq(stat(td, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0700);

    /* Files, a nested folder, and a link that must not be followed. */
    char p[PATH_MAX + 32];
    xd_write_file(path_in("keep.txt"), "keep");
    for (int i = 0; i < 200; i++) {
        snprintf(p, sizeof p, "%s/data-%03d.tsv", td, i);
        xd_write_file(p, "1\t2\n");
    }
    snprintf(p, sizeof p, "%s/sub", td);
    cr_assert_eq(mkdir(p, 0700), 0);
    snprintf(p, sizeof p, "%s/sub/inner.gp", td);
    xd_write_file(p, "plot x\n");
    snprintf(p, sizeof p, "%s/link", td);
    cr_assert_eq(symlink(dir, p), 0);

    xd_tempdir_remove(td);
    cr_assert_neq(stat(td, &st), 0);
    char *text = xd_slurp(path_in("keep.txt"), NULL);
    cr_assert_str_eq(text, "keep");
    free(text);
    xd_diags_free(&d);
}

Test(outfile, tempdir_remove_ignores_folders_it_did_not_make)
{
    char *other = path_in("other");
    cr_assert_eq(mkdir(other, 0700), 0);
    xd_write_file(path_in("other/file"), "x");
    xd_tempdir_remove(other);
    cr_assert_eq(access(path_in("other/file"), F_OK), 0);
}

Test(outfile, tempdir_defaults_to_tmpdir)
{
    setenv("TMPDIR", dir, 1);
    xd_diags d;
    xd_diags_init(&d);
    char td[PATH_MAX];
    cr_assert_eq(xd_tempdir_create(td, sizeof td, NULL, &d), XD_OK);
    cr_assert(strncmp(td, dir, strlen(dir)) == 0, "%s", td);
    char small[8];
    cr_assert_eq(xd_tempdir_create(small, sizeof small, NULL, &d), XD_EOUTPUT);
    cr_assert_eq(xd_tempdir_create(td, sizeof td, path_in("missing"), &d), XD_EOUTPUT);
    xd_cleanup_all();
    struct stat st;
    cr_assert_neq(stat(td, &st), 0);
    xd_diags_free(&d);
}

Test(outfile, cleanup_all_removes_everything_registered)
{
    xd_diags d;
    xd_diags_init(&d);
    xd_write_file(path_in("report.csv"), "old\n");
    xd_outfile a, b;
    cr_assert_eq(xd_outfile_begin(&a, path_in("report.csv"), &d), XD_OK);
    cr_assert_eq(xd_outfile_begin(&b, path_in("chart.png"), &d), XD_OK);
    char td[PATH_MAX];
    cr_assert_eq(xd_tempdir_create(td, sizeof td, dir, &d), XD_OK);
    xd_cleanup_all();
    char names[1024];
    cr_assert_eq(list_dir(dir, names, sizeof names), 1, "left: %s", names);
    cr_assert_str_eq(names, "report.csv");
    /* Outfiles whose temporary file is gone fail instead of publishing nothing. */
    cr_assert_eq(xd_outfile_commit(&a, &d), XD_EOUTPUT);
    xd_outfile_abort(&b);
    xd_diags_free(&d);
}

Test(outfile, registry_has_a_limit)
{
    xd_diags d;
    xd_diags_init(&d);
    static xd_outfile o[XD_CLEANUP_SLOTS + 1];
    char name[32];
    for (int i = 0; i < XD_CLEANUP_SLOTS; i++) {
        snprintf(name, sizeof name, "f%d.csv", i);
        cr_assert_eq(xd_outfile_begin(&o[i], path_in(name), &d), XD_OK);
    }
    cr_assert_eq(xd_outfile_begin(&o[XD_CLEANUP_SLOTS], path_in("one-more.csv"), &d), XD_EOUTPUT);
    cr_assert(strstr(first_error(&d), "too many"), "%s", first_error(&d));
    /* A freed slot is usable again. */
    xd_outfile_abort(&o[0]);
    cr_assert_eq(xd_outfile_begin(&o[XD_CLEANUP_SLOTS], path_in("one-more.csv"), &d), XD_OK);
    for (int i = 1; i <= XD_CLEANUP_SLOTS; i++)
        xd_outfile_abort(&o[i]);
    char names[1024];
    cr_assert_eq(list_dir(dir, names, sizeof names), 0, "left: %s", names);
    xd_diags_free(&d);
}

static int signalled_child(int sig, const char *target)
{
    xd_cleanup_register_signals();
    xd_diags d;
    xd_diags_init(&d);
    xd_outfile o;
    if (xd_outfile_begin(&o, target, &d) != XD_OK)
        return 20;
    fputs("partial", xd_outfile_fp(&o));
    fflush(xd_outfile_fp(&o));
    char td[PATH_MAX], p[PATH_MAX + 16];
    if (xd_tempdir_create(td, sizeof td, dir, &d) != XD_OK)
        return 21;
    snprintf(p, sizeof p, "%s/data.tsv", td);
    xd_write_file(p, "1\t2\n");
    snprintf(p, sizeof p, "%s/nested", td);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/nested/more.tsv", td);
    xd_write_file(p, "3\t4\n");
    raise(sig);
    return 22; /* not reached */
}

static void check_signal_cleanup(int sig)
{
    const char *target = path_in("out.csv");
    xd_write_file(target, "old contents\n");
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0)
        _exit(signalled_child(sig, target));
    int ws;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    cr_assert(WIFSIGNALED(ws), "child exited with %d", WIFEXITED(ws) ? WEXITSTATUS(ws) : -1);
    cr_assert_eq(WTERMSIG(ws), sig);
    char names[1024];
    cr_assert_eq(list_dir(dir, names, sizeof names), 1, "left: %s", names);
    cr_assert_str_eq(names, "out.csv");
    char *text = xd_slurp(target, NULL);
    cr_assert_str_eq(text, "old contents\n");
    free(text);
}

Test(outfile, sigterm_removes_temporaries_and_dies_of_the_signal) { check_signal_cleanup(SIGTERM); }
Test(outfile, sigint_removes_temporaries_and_dies_of_the_signal) { check_signal_cleanup(SIGINT); }
Test(outfile, sighup_removes_temporaries_and_dies_of_the_signal) { check_signal_cleanup(SIGHUP); }

Test(outfile, ignored_sighup_stays_ignored)
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        signal(SIGHUP, SIG_IGN);
        xd_cleanup_register_signals();
        struct sigaction sa;
        sigaction(SIGHUP, NULL, &sa);
        _exit(sa.sa_handler == SIG_IGN ? 0 : 1);
    }
    int ws;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    cr_assert(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
}

Test(outfile, refuses_to_replace_a_device)
{
    xd_outfile o;
    xd_diags d;
    xd_diags_init(&d);
    cr_expect_eq(xd_outfile_begin(&o, "/dev/null", &d), XD_EOUTPUT);
    cr_expect(d.n > 0 && strstr(d.items[0].text, "not a regular file") != NULL);
    struct stat st;
    cr_expect(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode), "/dev/null is still a device");
    xd_diags_free(&d);
}
