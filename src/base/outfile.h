/* Output files that are never half-written, and temporary files that never outlive us.
 *
 * An output is written to a temporary file in the target's own folder (so the final
 * rename() stays on one file system and is atomic), synced, and renamed onto the target
 * only when everything succeeded. An existing target is untouched by any failure.
 *
 * Every temporary file and folder is kept in a small process-wide registry of fixed-size
 * slots, so a signal handler can remove them without allocating memory.
 *
 * A file size limit (RLIMIT_FSIZE) kills a process with SIGXFSZ by default, which would
 * leave the temporary file behind; xd_cleanup_register_signals() therefore ignores
 * SIGXFSZ, so the limit shows up as a write error (EFBIG) that xd_outfile_commit()
 * reports. Programs that do not call it and want that behaviour must ignore SIGXFSZ
 * themselves. */
#ifndef XD_OUTFILE_H
#define XD_OUTFILE_H

#include <limits.h>
#include <stdio.h>
#include <sys/types.h>

#include "diag.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* How many temporary files and folders can exist at once. */
#define XD_CLEANUP_SLOTS 64

typedef struct xd_outfile {
    FILE *fp;   /* stream on the temporary file, NULL when not in use */
    int fd;
    int slot;   /* registry slot, -1 when none */
    mode_t mode;       /* permission bits the target gets */
    void *sink;        /* what fp writes through; records the first write error */
    char target[PATH_MAX];
    char tmp[PATH_MAX];
} xd_outfile;

/* Creates `.extrad-<basename>.XXXXXX<ext>` next to target and opens it for writing.
 * Fails with XD_EOUTPUT (naming the folder and the reason) when the folder is missing,
 * is not a folder, or cannot be written. */
int xd_outfile_begin(xd_outfile *o, const char *target, xd_diags *d);

/* The stream text writers use. It is a buffered stream that records write errors for
 * xd_outfile_commit(); it has no file descriptor of its own (fileno() gives -1). */
FILE *xd_outfile_fp(xd_outfile *o);

/* The temporary file's path, for a program such as gnuplot to write into (it may open
 * and truncate it; the stream from xd_outfile_fp() should then stay unused). */
const char *xd_outfile_path(const xd_outfile *o);

/* Flushes, fsyncs and closes the temporary file, then renames it onto the target.
 * On any failure the temporary file is removed, the target is left as it was, and
 * XD_EOUTPUT is returned. An existing target's permission bits are kept; a new file
 * gets 0666 less the umask. The outfile is finished either way. */
int xd_outfile_commit(xd_outfile *o, xd_diags *d);

/* Removes the temporary file and forgets it; harmless on a finished outfile. */
void xd_outfile_abort(xd_outfile *o);

/* Creates a private (0700) folder `extrad-XXXXXX` under parent, or under $TMPDIR or
 * /tmp when parent is NULL, and writes its path to out. */
int xd_tempdir_create(char *out, size_t cap, const char *parent, xd_diags *d);

/* Removes a folder made by xd_tempdir_create() with everything in it (symbolic links
 * are removed, never followed) and forgets it. */
void xd_tempdir_remove(const char *path);

/* Installs SIGINT, SIGTERM and SIGHUP handlers that kill a running gnuplot child, remove
 * every registered temporary file and folder, and then die of the same signal. Signals
 * that were ignored when the program started stay ignored. Also ignores SIGXFSZ (see
 * above). Call once, early in main(). */
void xd_cleanup_register_signals(void);

/* Removes every registered temporary file and folder; for normal exit paths. */
void xd_cleanup_all(void);

/* The child process the signal handlers must kill first (0 for none). Set by the code
 * that runs gnuplot. */
void xd_cleanup_set_child(pid_t pid);

#endif
