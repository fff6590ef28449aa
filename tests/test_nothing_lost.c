/* Failure paths of the real binary leave nothing behind: no partial output, no
 * temporary file in the target folder or in $TMPDIR, and an existing output byte for
 * byte as it was. Each case breaks one thing on purpose:
 *
 * - gnuplot killed by SIGKILL after it has drawn into the temporary file, and gnuplot
 *   hanging until EXTRAD_GNUPLOT_TIMEOUT ends it (a wrapper script set as
 *   EXTRAD_GNUPLOT that runs the real gnuplot first);
 * - a write that hits the file size limit (RLIMIT_FSIZE set in the child before exec);
 * - a target folder that cannot be written. The suite runs as root, so permission bits
 *   do not stop writes: the folder is made immutable with `chattr +i` (refused to root
 *   too; EPERM), or, where the file system or the tool does not allow that, it is
 *   bind-mounted read-only (EROFS); and a target whose parent is a regular file
 *   (ENOTDIR) needs neither;
 * - SIGINT and SIGTERM while gnuplot is running (a wrapper that draws, tells the test
 *   its pid, then sleeps), after which gnuplot must be gone too;
 * - `aggregate -o` over an existing output with a malformed record.
 *
 * chart, report and aggregate are optional commands: a test skips when
 * `extrad --help` does not list the one it needs. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"

extern char **environ;

#define XD_EOUTPUT_STATUS 5
#define XD_EDATA_STATUS 1

static char *work;        /* the test's folder */
static char out_dir[512]; /* where outputs go */
static char tmp_dir[512]; /* $TMPDIR of every run */
static char tmp_env[600];
static int immutable;     /* out_dir has chattr +i set */
static int mounted;       /* out_dir is a read-only bind mount */

static const char pre_png[] = "\x89PNG\r\n\x1a\n pre-existing chart, must survive\n";
static const char pre_pdf[] = "%PDF-1.4\n% pre-existing report, must survive\n%%EOF\n";
static const char pre_csv[] = "year,count,source\n1999,7,pre-existing\n";

/* ---- running commands ------------------------------------------------------------- */

/* A helper program (chattr, mount, umount); returns its exit status, -1 if it cannot run. */
static int run_tool(const char *const *argv)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, 1);
            dup2(null, 2);
        }
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int ws;
    while (waitpid(pid, &ws, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

typedef struct proc {
    pid_t pid;
    int fd;       /* stdout and stderr together, non-blocking */
    char *text;   /* what it printed so far */
    size_t len, cap;
    int status;   /* exit status, or 128 + signal */
    int signal;   /* the signal that ended it, 0 if it exited */
} proc;

/* Starts the binary with args (NULL-terminated, argv[0] not included), env entries
 * "K=V" added, and a file size limit when fsize > 0. */
static proc start(const char *const *args, const char *const *env, long fsize)
{
    proc p = {0};
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    p.pid = fork();
    cr_assert(p.pid >= 0, "fork: %s", strerror(errno));
    if (p.pid == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        close(fds[1]);
        /* as from a terminal: a test run in the background (SIGINT ignored) or with
         * signals blocked must not change what extrad does with them */
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        for (size_t i = 0; env && env[i]; i++) {
            char kv[2048];
            snprintf(kv, sizeof kv, "%s", env[i]);
            char *eq = strchr(kv, '=');
            if (eq) {
                *eq = '\0';
                setenv(kv, eq + 1, 1);
            }
        }
        if (fsize > 0) {
            struct rlimit rl = {(rlim_t)fsize, (rlim_t)fsize};
            if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
                _exit(126);
        }
        size_t n = 0;
        while (args[n])
            n++;
        char **argv = calloc(n + 2, sizeof *argv);
        argv[0] = (char *)XD_BINARY;
        for (size_t i = 0; i < n; i++)
            argv[i + 1] = (char *)args[i];
        execv(XD_BINARY, argv);
        _exit(127);
    }
    close(fds[1]);
    p.fd = fds[0];
    fcntl(p.fd, F_SETFL, fcntl(p.fd, F_GETFL) | O_NONBLOCK);
    p.cap = 4096;
    p.text = calloc(p.cap, 1);
    return p;
}

/* Reads what is there (waiting up to ms); returns 0 at end of output. */
static int drain(proc *p, int ms)
{
    if (p->fd < 0)
        return 0;
    struct pollfd pf = {p->fd, POLLIN, 0};
    if (poll(&pf, 1, ms) <= 0)
        return 1;
    char buf[4096];
    for (;;) {
        ssize_t n = read(p->fd, buf, sizeof buf);
        if (n > 0) {
            if (p->len + (size_t)n + 1 > p->cap) {
                p->cap = (p->len + (size_t)n + 1) * 2;
                p->text = realloc(p->text, p->cap);
            }
            memcpy(p->text + p->len, buf, (size_t)n);
            p->len += (size_t)n;
            p->text[p->len] = '\0';
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR))
            return 1;
        close(p->fd);
        p->fd = -1;
        return 0;
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Waits for the end (at most timeout_s, then SIGKILL and a failed assertion). */
static void finish(proc *p, double timeout_s)
{
    double end = now() + timeout_s;
    while (drain(p, 100) && now() < end)
        ;
    int ws = 0;
    for (;;) {
        pid_t r = waitpid(p->pid, &ws, WNOHANG);
        if (r == p->pid)
            break;
        if (now() >= end) {
            kill(p->pid, SIGKILL);
            waitpid(p->pid, &ws, 0);
            cr_assert_fail("extrad did not end within %.0f s; it printed:\n%s", timeout_s, p->text);
        }
        drain(p, 50);
    }
    while (drain(p, 0))
        ;
    p->signal = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
    p->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

static proc run(const char *const *args, const char *const *env, long fsize)
{
    proc p = start(args, env, fsize);
    finish(&p, 300);
    return p;
}

static void proc_free(proc *p)
{
    if (p->fd >= 0)
        close(p->fd);
    free(p->text);
    memset(p, 0, sizeof *p);
}

/* ---- what the binary offers ------------------------------------------------------- */

static int has_command(const char *name)
{
    const char *args[] = {"--help", NULL};
    xd_run r = xd_run_cli(args, NULL);
    char needle[64];
    snprintf(needle, sizeof needle, "\n  %s ", name);
    int yes = r.status == 0 && strstr(r.out, needle) != NULL;
    xd_run_free(&r);
    return yes;
}

#define NEED_COMMAND(name)                                                                                   \
    do {                                                                                                     \
        if (!has_command(name))                                                                              \
            cr_skip_test("'extrad " name "' is not in this build (extrad --help does not list it)");        \
    } while (0)

/* The real gnuplot on PATH, or skip. */
static const char *real_gnuplot(void)
{
    static char found[1024];
    const char *path = getenv("PATH");
    char *copy = strdup(path ? path : "/usr/bin:/bin");
    found[0] = '\0';
    for (char *save = NULL, *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        snprintf(found, sizeof found, "%s/gnuplot", d);
        if (*d && access(found, X_OK) == 0)
            break;
        found[0] = '\0';
    }
    free(copy);
    if (!found[0])
        cr_skip_test("gnuplot is not installed");
    return found;
}

/* ---- files ------------------------------------------------------------------------ */

/* Called by each test after its skip checks: Criterion does not run .fini for a
 * skipped test, so nothing may exist before them. */
static void setup(void)
{
    work = xd_tempdir();
    cr_assert_not_null(work);
    snprintf(out_dir, sizeof out_dir, "%s/out", work);
    snprintf(tmp_dir, sizeof tmp_dir, "%s/tmp", work);
    snprintf(tmp_env, sizeof tmp_env, "TMPDIR=%s", tmp_dir);
    cr_assert_eq(mkdir(out_dir, 0755), 0);
    cr_assert_eq(mkdir(tmp_dir, 0700), 0);
    immutable = mounted = 0;
}

static void teardown(void)
{
    if (!work)
        return;
    if (immutable)
        run_tool((const char *[]){"chattr", "-i", out_dir, NULL});
    if (mounted)
        run_tool((const char *[]){"umount", out_dir, NULL});
    immutable = mounted = 0;
    xd_rmtree(work);
    free(work);
    work = NULL;
}

TestSuite(nothing_lost, .fini = teardown);

static char *in_dir(const char *dir, const char *name)
{
    static char buf[4][1024];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static void write_bytes(const char *path, const char *bytes, size_t n, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    cr_assert(fd >= 0, "%s: %s", path, strerror(errno));
    cr_assert_eq(write(fd, bytes, n), (ssize_t)n);
    close(fd);
    chmod(path, mode);
}

/* A shell script in the work folder; returns its path. */
static const char *script(const char *name, const char *body)
{
    char *p = in_dir(work, name);
    write_bytes(p, body, strlen(body), 0755);
    return p;
}

/* Leftovers of a run: `.extrad-*` in the target folder, anything in $TMPDIR. */
static void expect_no_leftovers(const proc *p)
{
    DIR *dh = opendir(out_dir);
    cr_assert_not_null(dh);
    struct dirent *e;
    while ((e = readdir(dh)) != NULL)
        cr_expect(strncmp(e->d_name, ".extrad-", 8) != 0, "temporary file left in the target folder: %s\n%s",
                  e->d_name, p->text);
    closedir(dh);
    dh = opendir(tmp_dir);
    cr_assert_not_null(dh);
    while ((e = readdir(dh)) != NULL)
        cr_expect(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0,
                  "left in $TMPDIR: %s\n%s", e->d_name, p->text);
    closedir(dh);
}

static void expect_unchanged(const char *path, const char *bytes, size_t n, const proc *p)
{
    size_t len = 0;
    char *now_bytes = xd_slurp(path, &len);
    cr_assert_not_null(now_bytes, "%s is gone\n%s", path, p->text);
    cr_expect(len == n && memcmp(now_bytes, bytes, n) == 0, "%s changed (%zu bytes, was %zu)\n%s", path, len, n,
              p->text);
    free(now_bytes);
}

static void expect_absent(const char *path, const proc *p)
{
    struct stat st;
    cr_expect(lstat(path, &st) != 0 && errno == ENOENT, "%s exists after a failed run\n%s", path, p->text);
}

/* ---- the commands under test -------------------------------------------------------- */

typedef struct target {
    const char *command;   /* as in extrad --help */
    const char *file;      /* output name in out_dir */
    const char *before;    /* its existing content */
    size_t before_len;
} target;

static const target chart_target = {"chart", "comparison.png", pre_png, sizeof pre_png - 1};
static const target report_target = {"report", "report.pdf", pre_pdf, sizeof pre_pdf - 1};

/* Arguments that write `output` with the target's command. */
static void args_for(const target *t, const char *output, const char **args)
{
    size_t n = 0;
    args[n++] = t->command;
    if (strcmp(t->command, "chart") == 0)
        args[n++] = "comparison";
    args[n++] = "--dataset";
    args[n++] = XD_DATASET;
    args[n++] = "-o";
    args[n++] = output;
    args[n] = NULL;
}

/* gnuplot that draws, then dies of SIGKILL: the output is complete in the temporary
 * file, but the run failed, so the target must not change. */
static void killed_after_drawing(const target *t)
{
    const char *gp = real_gnuplot();
    char body[2048];
    snprintf(body, sizeof body, "#!/bin/sh\n'%s' \"$@\"\nkill -KILL $$\n", gp);
    char env_gp[1200];
    snprintf(env_gp, sizeof env_gp, "EXTRAD_GNUPLOT=%s", script("gnuplot-killed", body));
    const char *env[] = {env_gp, tmp_env, NULL};
    const char *output = in_dir(out_dir, t->file);
    write_bytes(output, t->before, t->before_len, 0644);
    const char *args[16];
    args_for(t, output, args);
    proc p = run(args, env, 0);
    cr_expect_eq(p.status, XD_EOUTPUT_STATUS, "status %d\n%s", p.status, p.text);
    expect_unchanged(output, t->before, t->before_len, &p);
    expect_no_leftovers(&p);
    proc_free(&p);
}

Test(nothing_lost, chart_gnuplot_killed)
{
    NEED_COMMAND("chart");
    real_gnuplot();
    setup();
    killed_after_drawing(&chart_target);
}

Test(nothing_lost, report_gnuplot_killed)
{
    NEED_COMMAND("report");
    real_gnuplot();
    setup();
    killed_after_drawing(&report_target);
}

/* gnuplot that draws and then hangs: EXTRAD_GNUPLOT_TIMEOUT=1 ends it. */
static void timed_out(const target *t)
{
    const char *gp = real_gnuplot();
    char body[2048];
    snprintf(body, sizeof body, "#!/bin/sh\n'%s' \"$@\"\nexec sleep 60\n", gp);
    char env_gp[1200];
    snprintf(env_gp, sizeof env_gp, "EXTRAD_GNUPLOT=%s", script("gnuplot-hangs", body));
    const char *env[] = {env_gp, tmp_env, "EXTRAD_GNUPLOT_TIMEOUT=1", NULL};
    const char *output = in_dir(out_dir, t->file);
    write_bytes(output, t->before, t->before_len, 0644);
    const char *args[16];
    args_for(t, output, args);
    double t0 = now();
    proc p = run(args, env, 0);
    cr_expect_eq(p.status, XD_EOUTPUT_STATUS, "status %d\n%s", p.status, p.text);
    cr_expect(now() - t0 < 50, "the timeout did not stop gnuplot (%.0f s)", now() - t0);
    expect_unchanged(output, t->before, t->before_len, &p);
    expect_no_leftovers(&p);
    proc_free(&p);
}

Test(nothing_lost, chart_gnuplot_timeout)
{
    NEED_COMMAND("chart");
    real_gnuplot();
    setup();
    timed_out(&chart_target);
}

Test(nothing_lost, report_gnuplot_timeout)
{
    NEED_COMMAND("report");
    real_gnuplot();
    setup();
    timed_out(&report_target);
}

/* A file size limit: the write fails with EFBIG (extrad ignores SIGXFSZ, and gnuplot
 * inherits that), so the run fails and the target stays. Two limits: one that stops the
 * first small file (the chart data), and half the real output's size, measured by a
 * run without a limit, which only the output itself reaches. */
static void file_too_big(const target *t)
{
    real_gnuplot();
    const char *env[] = {tmp_env, NULL};
    const char *ext = strcmp(t->command, "chart") == 0 ? ".png" : ".pdf";
    char measure[1100];
    snprintf(measure, sizeof measure, "%s/measure%s", work, ext);
    const char *args[16];
    args_for(t, measure, args);
    proc m = run(args, env, 0);
    cr_assert_eq(m.status, 0, "the run without a limit failed: %d\n%s", m.status, m.text);
    struct stat st;
    cr_assert_eq(stat(measure, &st), 0);
    proc_free(&m);
    long limits[] = {512, (long)st.st_size / 2};
    for (size_t i = 0; i < 2; i++) {
        const char *output = in_dir(out_dir, t->file);
        write_bytes(output, t->before, t->before_len, 0644);
        args_for(t, output, args);
        proc p = run(args, env, limits[i]);
        cr_expect_eq(p.status, XD_EOUTPUT_STATUS, "limit %ld: status %d\n%s", limits[i], p.status, p.text);
        expect_unchanged(output, t->before, t->before_len, &p);
        expect_no_leftovers(&p);
        proc_free(&p);
        /* and a new output is not created at all */
        char fresh[1100];
        snprintf(fresh, sizeof fresh, "%s/new%s", out_dir, ext);
        args_for(t, fresh, args);
        proc q = run(args, env, limits[i]);
        cr_expect_eq(q.status, XD_EOUTPUT_STATUS, "limit %ld: status %d\n%s", limits[i], q.status, q.text);
        expect_absent(fresh, &q);
        expect_no_leftovers(&q);
        proc_free(&q);
    }
}

Test(nothing_lost, chart_file_size_limit)
{
    NEED_COMMAND("chart");
    real_gnuplot();
    setup();
    file_too_big(&chart_target);
}

Test(nothing_lost, report_file_size_limit)
{
    NEED_COMMAND("report");
    real_gnuplot();
    setup();
    file_too_big(&report_target);
}

/* Makes out_dir unwritable for root; returns how ("chattr +i", "read-only mount"), or
 * NULL when neither works here. Checks that it really refuses a new file. */
static const char *lock_out_dir(void)
{
    const char *how = NULL;
    if (run_tool((const char *[]){"chattr", "+i", out_dir, NULL}) == 0) {
        immutable = 1;
        how = "chattr +i";
    } else if (run_tool((const char *[]){"mount", "--bind", out_dir, out_dir, NULL}) == 0) {
        mounted = 1;
        if (run_tool((const char *[]){"mount", "-o", "remount,ro,bind", out_dir, NULL}) == 0)
            how = "read-only bind mount";
    }
    if (how) {
        char probe[1024];
        snprintf(probe, sizeof probe, "%s/probe", out_dir);
        int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd >= 0) {
            close(fd);
            unlink(probe);
            how = NULL;
        }
    }
    return how;
}

static void unwritable_folder(const target *t, const char *const *extra_args)
{
    const char *env[] = {tmp_env, NULL};
    const char *output = in_dir(out_dir, t->file);
    write_bytes(output, t->before, t->before_len, 0644);

    /* a target below a regular file: ENOTDIR whoever runs it */
    char below_file[1200];
    snprintf(below_file, sizeof below_file, "%s/%s", output, t->file);
    const char *args[24];
    size_t n = 0;
    if (extra_args) {
        for (; extra_args[n]; n++)
            args[n] = extra_args[n];
        args[n++] = "-o";
        args[n++] = below_file;
        args[n] = NULL;
    } else {
        args_for(t, below_file, args);
    }
    proc p = run(args, env, 0);
    cr_expect_eq(p.status, XD_EOUTPUT_STATUS, "status %d\n%s", p.status, p.text);
    expect_unchanged(output, t->before, t->before_len, &p);
    expect_no_leftovers(&p);
    proc_free(&p);

    const char *how = lock_out_dir();
    if (!how) {
        cr_log_warn("neither chattr +i nor a read-only bind mount works here: only the ENOTDIR case ran");
        return;
    }
    if (extra_args)
        args[n - 1] = output;
    else
        args_for(t, output, args);
    p = run(args, env, 0);
    cr_expect_eq(p.status, XD_EOUTPUT_STATUS, "%s: status %d\n%s", how, p.status, p.text);
    cr_expect(strstr(p.text, out_dir) != NULL, "%s: the message does not name the folder:\n%s", how, p.text);
    expect_unchanged(output, t->before, t->before_len, &p);
    expect_no_leftovers(&p);
    proc_free(&p);
}

Test(nothing_lost, chart_unwritable_folder)
{
    NEED_COMMAND("chart");
    real_gnuplot();
    setup();
    unwritable_folder(&chart_target, NULL);
}

Test(nothing_lost, report_unwritable_folder)
{
    NEED_COMMAND("report");
    real_gnuplot();
    setup();
    unwritable_folder(&report_target, NULL);
}

/* Whether pid is gone (or a zombie nobody reaps) within timeout_s. */
static int gone(pid_t pid, double timeout_s)
{
    double end = now() + timeout_s;
    do {
        char path[64], stat_line[512] = "";
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
        FILE *f = fopen(path, "r");
        if (!f)
            return 1;
        size_t got = fread(stat_line, 1, sizeof stat_line - 1, f);
        fclose(f);
        stat_line[got] = '\0';
        const char *close_paren = strrchr(stat_line, ')');
        if (close_paren && close_paren[1] == ' ' && (close_paren[2] == 'Z' || close_paren[2] == 'X'))
            return 1;
        poll(NULL, 0, 50);
    } while (now() < end);
    return 0;
}

/* A signal while gnuplot runs: the wrapper draws, writes its pid (which `exec sleep`
 * keeps) to a file, then sleeps; the test signals extrad once the pid is there. */
static void interrupted(const target *t, int sig)
{
    const char *gp = real_gnuplot();
    char mark[1024], body[4096];
    snprintf(mark, sizeof mark, "%s/gnuplot.pid", work);
    snprintf(body, sizeof body, "#!/bin/sh\n'%s' \"$@\"\necho $$ > '%s.part' && mv '%s.part' '%s'\nexec sleep 60\n",
             gp, mark, mark, mark);
    char env_gp[1200];
    snprintf(env_gp, sizeof env_gp, "EXTRAD_GNUPLOT=%s", script("gnuplot-slow", body));
    const char *env[] = {env_gp, tmp_env, "EXTRAD_GNUPLOT_TIMEOUT=0", NULL};
    const char *output = in_dir(out_dir, t->file);
    write_bytes(output, t->before, t->before_len, 0644);
    const char *args[16];
    args_for(t, output, args);
    proc p = start(args, env, 0);

    pid_t gp_pid = 0;
    double end = now() + 240;
    while (now() < end && gp_pid == 0) {
        drain(&p, 50);
        char *pid_text = xd_slurp(mark, NULL);
        if (pid_text) {
            gp_pid = (pid_t)atol(pid_text);
            free(pid_text);
        }
        if (waitpid(p.pid, NULL, WNOHANG) == p.pid)
            cr_assert_fail("extrad ended before gnuplot started:\n%s", p.text);
    }
    if (gp_pid <= 0) {
        kill(p.pid, SIGKILL);
        finish(&p, 10);
        cr_assert_fail("gnuplot did not start within 240 s:\n%s", p.text);
    }
    cr_assert_eq(kill(p.pid, sig), 0);
    finish(&p, 30);
    int gnuplot_gone = gone(gp_pid, 10);
    if (!gnuplot_gone)
        kill(gp_pid, SIGKILL); /* our own sleeper: do not leave it running */
    cr_expect(gnuplot_gone, "gnuplot (pid %d) still runs after extrad got signal %d", (int)gp_pid, sig);
    cr_expect_eq(p.signal, sig, "extrad should die of signal %d; status %d\n%s", sig, p.status, p.text);
    expect_unchanged(output, t->before, t->before_len, &p);
    expect_no_leftovers(&p);
    proc_free(&p);
}

Test(nothing_lost, report_sigint)
{
    NEED_COMMAND("report");
    real_gnuplot();
    setup();
    interrupted(&report_target, SIGINT);
}

Test(nothing_lost, report_sigterm)
{
    NEED_COMMAND("report");
    real_gnuplot();
    setup();
    interrupted(&report_target, SIGTERM);
}

Test(nothing_lost, chart_sigterm)
{
    NEED_COMMAND("chart");
    real_gnuplot();
    setup();
    interrupted(&chart_target, SIGTERM);
}

Test(nothing_lost, chart_sigint)
{
    NEED_COMMAND("chart");
    real_gnuplot();
    setup();
    interrupted(&chart_target, SIGINT);
}

/* ---- aggregate -o ------------------------------------------------------------------ */

static const target aggregate_target = {"aggregate", "annual.csv", pre_csv, sizeof pre_csv - 1};

static const char records_ok[] = "id,date\n1,2024-12-31\n2,2025-01-01\n3,2024-12-30\n4,2025-01-02\n";
static const char records_bad[] = "id,date\n1,2024-12-31\n2,2025-13-01\n3,2024-12-30\n";

static const char *records(const char *name, const char *text)
{
    char *p = in_dir(work, name);
    write_bytes(p, text, strlen(text), 0644);
    return p;
}

Test(nothing_lost, aggregate_malformed_record)
{
    NEED_COMMAND("aggregate");
    setup();
    const char *env[] = {tmp_env, NULL};
    const char *output = in_dir(out_dir, aggregate_target.file);
    write_bytes(output, pre_csv, sizeof pre_csv - 1, 0644);
    const char *args[] = {"aggregate", records("bad.csv", records_bad), "--date", "date", "-o", output, NULL};
    proc p = run(args, env, 0);
    cr_expect_eq(p.status, XD_EDATA_STATUS, "status %d\n%s", p.status, p.text);
    cr_expect(strstr(p.text, "bad.csv") != NULL, "the message does not name the file:\n%s", p.text);
    expect_unchanged(output, pre_csv, sizeof pre_csv - 1, &p);
    expect_no_leftovers(&p);
    proc_free(&p);

    /* the same run with good records does replace it: the test above is not vacuous */
    const char *ok_args[] = {"aggregate", records("ok.csv", records_ok), "--date", "date", "-o", output, NULL};
    p = run(ok_args, env, 0);
    cr_expect_eq(p.status, 0, "status %d\n%s", p.status, p.text);
    char *now_bytes = xd_slurp(output, NULL);
    cr_expect(now_bytes && strstr(now_bytes, "2025,2,") != NULL, "not replaced: %s", now_bytes ? now_bytes : "");
    free(now_bytes);
    expect_no_leftovers(&p);
    proc_free(&p);
}

Test(nothing_lost, aggregate_file_size_limit)
{
    NEED_COMMAND("aggregate");
    setup();
    const char *env[] = {tmp_env, NULL};
    const char *output = in_dir(out_dir, aggregate_target.file);
    write_bytes(output, pre_csv, sizeof pre_csv - 1, 0644);
    /* the output is "year,count,source\n2024,2,...\n2025,2,...\n": more than 20 bytes */
    const char *args[] = {"aggregate", records("ok.csv", records_ok), "--date", "date", "-o", output, NULL};
    proc p = run(args, env, 20);
    cr_expect_eq(p.status, XD_EOUTPUT_STATUS, "status %d\n%s", p.status, p.text);
    expect_unchanged(output, pre_csv, sizeof pre_csv - 1, &p);
    expect_no_leftovers(&p);
    proc_free(&p);
}

Test(nothing_lost, aggregate_unwritable_folder)
{
    NEED_COMMAND("aggregate");
    setup();
    const char *extra[] = {"aggregate", records("ok.csv", records_ok), "--date", "date", NULL};
    unwritable_folder(&aggregate_target, extra);
}
