/* Shared test helpers: run the extrad binary and capture what it prints. */
#ifndef XD_TEST_HELPERS_H
#define XD_TEST_HELPERS_H

#include <stddef.h>

typedef struct xd_run {
    int status;   /* exit status, or 128+signal */
    char *out;    /* stdout, NUL-terminated */
    char *err;    /* stderr, NUL-terminated */
} xd_run;

/* Runs XD_BINARY with the given NULL-terminated argument list (argv[0] not
 * included), in the current directory, with `env` entries ("K=V", NULL-terminated,
 * may be NULL) added to the environment. The language variables (EXTRAD_LANG,
 * LC_ALL, LC_MESSAGES, LANG) are not inherited: only `env` sets them. */
xd_run xd_run_cli(const char *const *args, const char *const *env);
void xd_run_free(xd_run *r);

/* Reads a whole file; NULL if it cannot. */
char *xd_slurp(const char *path, size_t *len);
/* Writes text to path (creating folders is up to the caller). */
void xd_write_file(const char *path, const char *text);
/* A fresh temporary folder under /tmp; the caller removes it with xd_rmtree. */
char *xd_tempdir(void);
void xd_rmtree(const char *path);
/* dir/name in one of 16 rotating buffers: valid until 16 more calls. */
char *xd_path_join(const char *dir, const char *name);

/* How many of n generated cases to run: n scaled by EXTRAD_TEST_SCALE (a number
 * in (0, 1], default 1; scripts/hardening lowers it for the sanitized build),
 * never fewer than at_least. Only counts of random cases scale: every kind of
 * case still runs, and boundary sizes stay real. */
int xd_scaled(int n, int at_least);

/* Sorts a list of paths (for a stable order to share out between tests). */
void xd_sort_paths(char **paths, size_t n);

#define XD_DATASET XD_SOURCE_DIR "/datasets/mexico-us"

#endif
