/* Where the bundled dataset and the plot scripts live: beside the binary in
 * the build tree (share/extrad/...), under the install prefix, or where an
 * environment variable says. */
#ifndef XD_PATHS_H
#define XD_PATHS_H

#include <stddef.h>
#include "diag.h"

/* Finds share/extrad/<sub> (e.g. "datasets/mexico-us" or "plots"). `env`, when
 * set in the environment, is used as is. */
int xd_paths_find(const char *env, const char *sub, char *out, size_t cap, xd_diags *d);

#endif
