#include "paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

int xd_paths_find(const char *env, const char *sub, char *out, size_t cap, xd_diags *d)
{
    const char *v = env ? getenv(env) : NULL;
    if (v && *v) {
        if ((size_t)snprintf(out, cap, "%s", v) >= cap)
            return xd_error(d, XD_EUSAGE, "%s: path too long", env);
        return XD_OK;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        static const char *const rel[] = {"%s/share/extrad/%s", "%s/../share/extrad/%s"};
        for (size_t i = 0; i < 2; i++) {
            int w = snprintf(out, cap, rel[i], exe, sub);
            if (w > 0 && (size_t)w < cap && exists(out))
                return XD_OK;
        }
    }
    int w = snprintf(out, cap, "%s/%s", XD_INSTALL_DATADIR, sub);
    if (w > 0 && (size_t)w < cap && exists(out))
        return XD_OK;
    return xd_error(d, XD_EUSAGE, "cannot find share/extrad/%s beside the extrad binary or under %s%s%s", sub,
                    XD_INSTALL_DATADIR, env ? "; set " : "", env ? env : "");
}
