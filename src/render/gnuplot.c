/* waitid's WNOWAIT and posix_spawn_file_actions_addclosefrom_np are not in plain POSIX. */
#define _GNU_SOURCE

#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "outfile.h"

extern char **environ;

/* ---- finding gnuplot -------------------------------------------------------------- */

static int is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static int search_path(const char *name, char *out, size_t cap)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *end = strchr(path, ':');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        /* An empty entry means the current folder; running a program from wherever
         * the user happens to be is not something we want. */
        if (len > 0) {
            int n = snprintf(out, cap, "%.*s/%s", (int)len, path, name);
            if (n > 0 && (size_t)n < cap && is_executable_file(out))
                return 1;
        }
        if (!end)
            break;
        path = end + 1;
    }
    if (cap)
        out[0] = '\0';
    return 0;
}

int xd_gnuplot_find(char *path, size_t cap, xd_diags *d)
{
    const char *env = getenv("EXTRAD_GNUPLOT");
    if (env && *env) {
        if (strchr(env, '/')) {
            int n = snprintf(path, cap, "%s", env);
            if (n > 0 && (size_t)n < cap && is_executable_file(path))
                return XD_OK;
        } else if (search_path(env, path, cap)) {
            return XD_OK;
        }
        if (cap)
            path[0] = '\0';
        return xd_error(d, XD_ENOGNUPLOT,
                        "EXTRAD_GNUPLOT is set to '%s', which is not an executable file", env);
    }
    if (search_path("gnuplot", path, cap))
        return XD_OK;
    return xd_error(d, XD_ENOGNUPLOT,
                    "gnuplot is needed to draw charts and reports but was not found on PATH; "
                    "install it with: apt-get install gnuplot-nox (or set EXTRAD_GNUPLOT)");
}

/* ---- quoting ------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (2..4) with its code point, or 0. */
static size_t utf8_seq(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t v;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0Fu;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07u;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        unsigned char b = s[i];
        if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
            return 0; /* also stops at the NUL terminator */
        v = (v << 6) | (b & 0x3Fu);
    }
    *cp = v;
    return len;
}

/* gnuplot's scanner reads '' as a quote only right after another character inside the
 * literal: `''''` and `'a'''''` are parse errors, and `'''x'` is an empty string followed
 * by junk. A quote at the start or right after another quote is therefore made with
 * sprintf('%c',39) and concatenated. Not with "'": gnuplot's @macro expansion tracks
 * quotes on its own (every ' toggles, and so does every " even inside '...'), so an odd
 * number of ' would let it expand @names that follow inside our literal. */
static int needs_concat(const unsigned char *s)
{
    for (size_t i = 0; s[i]; i++)
        if (s[i] == '\'' && (i == 0 || s[i - 1] == '\''))
            return 1;
    return 0;
}

struct qout {
    char *dst; /* NULL: only count */
    size_t n;
    int in_lit;     /* a '...' segment is open */
    int after_char; /* the segment's last content was not a quote */
    int segments;
};

static void put(struct qout *q, unsigned char c)
{
    if (q->dst)
        q->dst[q->n] = (char)c;
    q->n++;
}

static void put_unit(struct qout *q, const unsigned char *bytes, size_t len)
{
    if (!q->in_lit) {
        if (q->segments++)
            put(q, '.');
        put(q, '\'');
        q->in_lit = 1;
    }
    for (size_t i = 0; i < len; i++)
        put(q, bytes[i]);
    q->after_char = 1;
}

static void put_quote(struct qout *q)
{
    if (q->in_lit && q->after_char) {
        put(q, '\'');
        put(q, '\'');
        q->after_char = 0;
        return;
    }
    if (q->in_lit) {
        put(q, '\'');
        q->in_lit = 0;
    }
    if (q->segments++)
        put(q, '.');
    for (const char *p = "sprintf('%c',39)"; *p; p++)
        put(q, (unsigned char)*p);
    q->after_char = 0;
}

/* Writes the expression to dst when it is not NULL; returns its length either way. */
static size_t quote_into(char *dst, const char *src)
{
    static const unsigned char replacement[] = {0xEF, 0xBF, 0xBD};
    static const unsigned char space[] = {' '};
    const unsigned char *s = (const unsigned char *)(src ? src : "");
    struct qout q = {dst, 0, 0, 0, 0};
    int concat = needs_concat(s);
    if (concat)
        put(&q, '(');
    while (*s) {
        unsigned char c = *s;
        if (c < 0x20 || c == 0x7F) {
            put_unit(&q, space, 1);
            s++;
        } else if (c == '\'') {
            put_quote(&q);
            s++;
        } else if (c < 0x80) {
            put_unit(&q, s, 1);
            s++;
        } else {
            uint32_t cp = 0;
            size_t len = utf8_seq(s, &cp);
            if (len && ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029)) {
                put_unit(&q, space, 1);
            } else if (len && cp != 0xFFFE && cp != 0xFFFF) {
                put_unit(&q, s, len);
            } else {
                put_unit(&q, replacement, 3);
                len = 1;
            }
            s += len;
        }
    }
    if (q.in_lit)
        put(&q, '\'');
    if (!q.segments) {
        put(&q, '\'');
        put(&q, '\'');
    }
    if (concat)
        put(&q, ')');
    return q.n;
}

size_t xd_gnuplot_quote(char *dst, size_t cap, const char *src)
{
    size_t n = quote_into(NULL, src);
    if (n < cap) {
        quote_into(dst, src);
        dst[n] = '\0';
    } else if (cap) {
        dst[0] = '\0';
    }
    return n;
}

char *xd_gnuplot_quote_alloc(const char *src)
{
    size_t n = quote_into(NULL, src);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    quote_into(out, src);
    out[n] = '\0';
    return out;
}

static int name_char(char c, int first)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
           (!first && c >= '0' && c <= '9');
}

static int valid_name(const char *name)
{
    if (!name || !name_char(*name, 1))
        return 0;
    for (const char *p = name + 1; *p; p++)
        if (!name_char(*p, 0))
            return 0;
    return 1;
}

int xd_gnuplot_write_string_var(FILE *f, const char *name, const char *value)
{
    if (!valid_name(name))
        return XD_EOUTPUT;
    char *q = xd_gnuplot_quote_alloc(value);
    if (!q)
        return XD_ENOMEM;
    int rc = fprintf(f, "%s = %s\n", name, q) < 0 ? XD_EOUTPUT : XD_OK;
    free(q);
    return rc;
}

double xd_gnuplot_timeout_from_env(void)
{
    const char *s = getenv("EXTRAD_GNUPLOT_TIMEOUT");
    if (!s || !*s)
        return XD_GNUPLOT_TIMEOUT_DEFAULT;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end || errno || !isfinite(v) || v < 0)
        return XD_GNUPLOT_TIMEOUT_DEFAULT;
    return v;
}

int xd_gnuplot_timeout_check(xd_diags *d)
{
    const char *s = getenv("EXTRAD_GNUPLOT_TIMEOUT");
    if (!s || !*s)
        return XD_OK;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end || errno || !isfinite(v) || v < 0)
        return xd_error(d, XD_EUSAGE, "EXTRAD_GNUPLOT_TIMEOUT: expected a number of seconds >= 0 (0: no limit), found '%s'",
                        s);
    return XD_OK;
}

/* ---- running ------------------------------------------------------------------------ */

#define STDERR_KEEP 65536
#define STDERR_QUOTE 2000

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int poll_ms(double deadline)
{
    if (deadline <= 0)
        return -1;
    double left = deadline - now_s();
    if (left <= 0)
        return 0;
    return left > 3600 ? 3600000 : (int)(left * 1000) + 1;
}

/* Waits until pid has exited, without reaping it (so its pid cannot be reused while
 * the signal handler may still kill it). Returns 0 when exited, -1 at the deadline. */
static int wait_exited(pid_t pid, double deadline)
{
    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        int options = WEXITED | WNOWAIT | (deadline > 0 ? WNOHANG : 0);
        if (waitid(P_PID, (id_t)pid, &si, options) < 0) {
            if (errno == EINTR)
                continue;
            return 0; /* nothing to wait for */
        }
        if (si.si_pid == pid)
            return 0;
        if (now_s() >= deadline)
            return -1;
        /* gnuplot closed its stderr as it exited: it is gone within a moment */
        poll(NULL, 0, 1);
    }
}

static int reap(pid_t pid)
{
    xd_cleanup_set_child(0);
    int ws = 0;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    return ws;
}

static int move_above_stdio(int fd)
{
    if (fd > 2)
        return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return moved;
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

/* gnuplot's stderr as it goes into a message: without blank lines around it, capped,
 * and with control characters (terminal escapes echoed from data) replaced. */
static void tidy_stderr(char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            s[i] = ' ';
    }
    size_t start = 0;
    while (start < len && (s[start] == '\n' || s[start] == '\r'))
        start++;
    while (len > start && (s[len - 1] == '\n' || s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    int cut = 0;
    if (len - start > STDERR_QUOTE) {
        len = start + STDERR_QUOTE;
        while (len > start && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--; /* not inside a UTF-8 sequence */
        cut = 1;
    }
    memmove(s, s + start, len - start);
    len -= start;
    if (cut) {
        memcpy(s + len, " ...", 4);
        len += 4;
    }
    s[len] = '\0';
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int xd_gnuplot_run(const char *gnuplot, const char *script, const char *const *args, size_t nargs,
                   double timeout_s, xd_diags *d)
{
    const char *name = base_name(script);
    if (nargs > XD_GNUPLOT_MAX_ARGS)
        return xd_error(d, XD_EOUTPUT, "%s: gnuplot scripts take at most %d arguments, not %zu",
                        name, XD_GNUPLOT_MAX_ARGS, nargs);

    char *argv[4 + XD_GNUPLOT_MAX_ARGS + 1];
    size_t k = 0;
    argv[k++] = (char *)gnuplot;
    argv[k++] = (char *)"-d";
    argv[k++] = (char *)"-c";
    argv[k++] = (char *)script;
    for (size_t i = 0; i < nargs; i++)
        argv[k++] = (char *)(args[i] ? args[i] : "");
    argv[k] = NULL;

    /* A decimal point in data files regardless of the user's locale. */
    size_t nenv = 0;
    while (environ[nenv])
        nenv++;
    char **envp = malloc((nenv + 2) * sizeof *envp);
    if (!envp)
        return xd_error(d, XD_ENOMEM, "out of memory starting gnuplot");
    size_t e = 0;
    for (size_t i = 0; i < nenv; i++)
        if (strncmp(environ[i], "LC_ALL=", 7) != 0)
            envp[e++] = environ[i];
    envp[e++] = (char *)"LC_ALL=C.UTF-8";
    envp[e] = NULL;

    int pfd[2];
    if (pipe(pfd) != 0) {
        int err = errno;
        free(envp);
        return xd_error(d, XD_EOUTPUT, "cannot start gnuplot for %s: %s", name, strerror(err));
    }
    fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
    fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
    /* dup2 onto fd 2 must not be a no-op that keeps close-on-exec set. */
    pfd[0] = move_above_stdio(pfd[0]);
    pfd[1] = move_above_stdio(pfd[1]);

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    /* Descriptors someone opened without close-on-exec stay out of gnuplot. */
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
    /* SIGXFSZ may be ignored here (see outfile.h); gnuplot must die of a size limit
     * rather than write a truncated file and exit 0. */
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGXFSZ);
    sigemptyset(&empty);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &empty);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    /* Block the cleanup signals until the pid is registered, so an interrupt in between
     * cannot leave gnuplot running. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t pid;
    int rc = posix_spawn(&pid, gnuplot, &fa, &attr, argv, envp);
    if (rc == 0)
        xd_cleanup_set_child(pid);
    sigprocmask(SIG_SETMASK, &old, NULL);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    free(envp);
    close(pfd[1]);
    if (rc != 0) {
        close(pfd[0]);
        return xd_error(d, rc == ENOENT || rc == EACCES ? XD_ENOGNUPLOT : XD_EOUTPUT,
                        "cannot start gnuplot ('%s') for %s: %s", gnuplot, name, strerror(rc));
    }

    double deadline = timeout_s > 0 ? now_s() + timeout_s : 0;
    char *err = malloc(STDERR_KEEP + 8);
    size_t elen = 0;
    int timed_out = 0;
    struct pollfd p = {pfd[0], POLLIN, 0};
    for (;;) {
        int ms = poll_ms(deadline);
        if (ms == 0) {
            timed_out = 1;
            break;
        }
        int r = poll(&p, 1, ms);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (r == 0)
            continue;
        char buf[4096];
        ssize_t got = read(pfd[0], buf, sizeof buf);
        if (got < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (got <= 0)
            break;
        /* Keep the start (where the first complaint is) and drain the rest. */
        size_t take = (size_t)got;
        if (err && elen + take > STDERR_KEEP)
            take = STDERR_KEEP - elen;
        if (err && take) {
            memcpy(err + elen, buf, take);
            elen += take;
        }
    }
    close(pfd[0]);

    if (!timed_out && wait_exited(pid, deadline) != 0)
        timed_out = 1;
    if (timed_out) {
        kill(pid, SIGTERM);
        if (wait_exited(pid, now_s() + 2.0) != 0) {
            kill(pid, SIGKILL);
            wait_exited(pid, 0);
        }
    }
    int ws = reap(pid);

    if (err)
        err[elen] = '\0';
    int status = XD_OK;
    if (timed_out) {
        status = xd_error(d, XD_EOUTPUT,
                          "gnuplot did not finish within %g s (EXTRAD_GNUPLOT_TIMEOUT) running %s",
                          timeout_s, name);
    } else {
        int complained = err && (contains_ci(err, "warning") || contains_ci(err, "error"));
        int failed = !WIFEXITED(ws) || WEXITSTATUS(ws) != 0;
        if (failed || complained) {
            char how[64];
            if (WIFSIGNALED(ws))
                snprintf(how, sizeof how, "was killed by signal %d", WTERMSIG(ws));
            else if (failed)
                snprintf(how, sizeof how, "failed (exit status %d)", WEXITSTATUS(ws));
            else
                snprintf(how, sizeof how, "reported a problem");
            if (err)
                tidy_stderr(err, elen);
            if (err && *err)
                status = xd_error(d, XD_EOUTPUT, "gnuplot %s running %s:\n%s", how, name, err);
            else
                status = xd_error(d, XD_EOUTPUT, "gnuplot %s running %s (it printed nothing)", how,
                                  name);
        }
    }
    free(err);
    return status;
}
