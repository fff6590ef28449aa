/* The folder of --keep: extrad writes its scripts and data there, so it takes
 * only a new or empty folder, or one it made itself before (it leaves a marker
 * file in it), never files someone else keeps there. */
#ifndef XD_KEEPDIR_H
#define XD_KEEPDIR_H

#include <stddef.h>
#include "diag.h"

#define XD_KEEPDIR_MARKER ".extrad-keep"

/* Creates dir when missing and marks it. An existing folder that is not empty
 * and has no marker is refused with XD_EUSAGE, naming what it holds. */
int xd_keepdir_prepare(const char *dir, xd_diags *d);

#endif
