#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void append(char **buf, size_t *len, size_t *cap, const char *src, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
    }
    memcpy(*buf + *len, src, n);
    *len += n;
    (*buf)[*len] = '\0';
}

xd_run xd_run_cli(const char *const *args, const char *const *env)
{
    xd_run r = {0};
    int outp[2], errp[2];
    if (pipe(outp) || pipe(errp)) {
        r.status = -1;
        return r;
    }
    size_t nargs = 0;
    while (args && args[nargs])
        nargs++;
    char **argv = calloc(nargs + 2, sizeof *argv);
    argv[0] = (char *)XD_BINARY;
    for (size_t i = 0; i < nargs; i++)
        argv[i + 1] = (char *)args[i];

    size_t nenv = 0, nextra = 0;
    while (environ[nenv])
        nenv++;
    while (env && env[nextra])
        nextra++;
    char **envp = calloc(nenv + nextra + 1, sizeof *envp);
    size_t k = 0;
    for (size_t i = 0; i < nextra; i++)
        envp[k++] = (char *)env[i];
    for (size_t i = 0; i < nenv; i++) {
        int overridden = 0;
        for (size_t j = 0; j < nextra; j++) {
            const char *eq = strchr(env[j], '=');
            size_t klen = eq ? (size_t)(eq - env[j]) : strlen(env[j]);
            if (strncmp(environ[i], env[j], klen) == 0 && environ[i][klen] == '=')
                overridden = 1;
        }
        /* the language comes from the test, never from the developer's locale */
        static const char *const lang_vars[] = {"EXTRAD_LANG=", "LC_ALL=", "LC_MESSAGES=", "LANG="};
        for (size_t v = 0; v < sizeof lang_vars / sizeof lang_vars[0]; v++)
            overridden |= strncmp(environ[i], lang_vars[v], strlen(lang_vars[v])) == 0;
        if (!overridden)
            envp[k++] = environ[i];
    }

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    posix_spawn_file_actions_addclose(&fa, outp[0]);
    posix_spawn_file_actions_addclose(&fa, errp[0]);
    pid_t pid;
    int rc = posix_spawn(&pid, XD_BINARY, &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(outp[1]);
    close(errp[1]);
    free(argv);
    free(envp);
    size_t olen = 0, ocap = 0, elen = 0, ecap = 0;
    append(&r.out, &olen, &ocap, "", 0);
    append(&r.err, &elen, &ecap, "", 0);
    if (rc != 0) {
        close(outp[0]);
        close(errp[0]);
        r.status = -1;
        return r;
    }
    struct pollfd fds[2] = {{outp[0], POLLIN, 0}, {errp[0], POLLIN, 0}};
    int open_fds = 2;
    char buf[65536];
    while (open_fds > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
            } else if (i == 0) {
                append(&r.out, &olen, &ocap, buf, (size_t)n);
            } else {
                append(&r.err, &elen, &ecap, buf, (size_t)n);
            }
        }
    }
    int ws;
    waitpid(pid, &ws, 0);
    r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    return r;
}

void xd_run_free(xd_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *xd_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

void xd_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return;
    fputs(text, f);
    fclose(f);
}

char *xd_tempdir(void)
{
    char *t = strdup("/tmp/extrad-test-XXXXXX");
    if (!mkdtemp(t)) {
        free(t);
        return NULL;
    }
    return t;
}

void xd_rmtree(const char *path)
{
    if (!path || strncmp(path, "/tmp/", 5) != 0)
        return;
    pid_t pid;
    char *argv[] = {"rm", "-rf", (char *)path, NULL};
    if (posix_spawnp(&pid, "rm", NULL, NULL, argv, environ) == 0) {
        int ws;
        waitpid(pid, &ws, 0);
    }
}

char *xd_path_join(const char *dir, const char *name)
{
    static char buf[16][PATH_MAX];
    static unsigned next;
    char *p = buf[next++ % 16];
    snprintf(p, PATH_MAX, "%s/%s", dir, name);
    return p;
}

int xd_scaled(int n, int at_least)
{
    const char *e = getenv("EXTRAD_TEST_SCALE");
    double scale = 1.0;
    if (e && *e) {
        char *end;
        double v = strtod(e, &end);
        if (*end == '\0' && v > 0 && v <= 1)
            scale = v;
    }
    int k = (int)(n * scale + 0.5);
    return k < at_least ? (at_least < n ? at_least : n) : k;
}

static int cmp_path(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

void xd_sort_paths(char **paths, size_t n)
{
    if (n > 1)
        qsort(paths, n, sizeof *paths, cmp_path);
}
