/* Running gnuplot, and the only sanctioned way to put text into gnuplot input.
 *
 * gnuplot has no safe mode, so the line between code (our scripts in plots/) and data
 * (text from CSV files) is kept here: data-derived text reaches a generated gnuplot line
 * only as a string literal made by xd_gnuplot_quote(), and gnuplot is started
 * without a shell or init files, with its stderr checked for warnings.
 * See also plots/style.gp, which every chart script loads. */
#ifndef XD_GNUPLOT_H
#define XD_GNUPLOT_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

/* Seconds a gnuplot run may take when EXTRAD_GNUPLOT_TIMEOUT is unset or invalid. */
#define XD_GNUPLOT_TIMEOUT_DEFAULT 60.0

/* gnuplot's `-c script ARG1..ARG9` takes at most nine arguments. */
#define XD_GNUPLOT_MAX_ARGS 9

/* Finds the gnuplot program: $EXTRAD_GNUPLOT when set (a path, or a bare name looked up
 * on PATH), else `gnuplot` on PATH. Empty PATH entries (meaning the current folder) are
 * skipped. Returns XD_OK, or XD_ENOGNUPLOT with advice on how to install it. */
int xd_gnuplot_find(char *path, size_t cap, xd_diags *d);

/* Writes src as a gnuplot string expression that yields the text and nothing else: a
 * single-quoted literal, `'` + text with every `'` doubled + `'`. gnuplot 5.4 reads ''
 * as a quote only after another character, so a text that starts with `'` or has
 * several in a row becomes a parenthesised concatenation instead: `O'Brien` ->
 * 'O''Brien', but `'x''` -> (sprintf('%c',39).'x'''.sprintf('%c',39)). Every `'` in the
 * result opens or closes a literal or is half of a '' pair, which also keeps gnuplot's
 * @macro expansion from seeing anything inside as code.
 * Control characters (bytes below 0x20, 0x7F and U+0080..U+009F) and the Unicode line
 * and paragraph separators become a space, and each byte that is not part of valid UTF-8
 * (or a noncharacter U+FFFE/U+FFFF) becomes U+FFFD, so the result is valid UTF-8 and
 * never contains a line break. NULL is taken as "".
 * Returns the result's length without the NUL. When that is >= cap, dst is set to ""
 * (a truncated literal is never written) and the caller can retry with a bigger buffer. */
size_t xd_gnuplot_quote(char *dst, size_t cap, const char *src);

/* The same, in memory the caller frees; NULL when out of memory. */
char *xd_gnuplot_quote_alloc(const char *src);

/* Writes `name = <quoted value>` and a newline. name must match [A-Za-z_][A-Za-z0-9_]*.
 * Returns XD_OK, XD_EOUTPUT for a bad name or a write error, or XD_ENOMEM. */
int xd_gnuplot_write_string_var(FILE *f, const char *name, const char *value);

/* EXTRAD_GNUPLOT_TIMEOUT in seconds (fractions allowed, 0 = no limit), or
 * XD_GNUPLOT_TIMEOUT_DEFAULT when it is unset or not a non-negative number. */
double xd_gnuplot_timeout_from_env(void);
/* XD_EUSAGE, saying what is wrong, when EXTRAD_GNUPLOT_TIMEOUT is set to
 * anything but a number of seconds >= 0; commands check it before any work. */
int xd_gnuplot_timeout_check(xd_diags *d);

/* Runs `gnuplot -d -c script args...` (no shell, no init files) with stdin and stdout on
 * /dev/null, LC_ALL=C.UTF-8 added to the environment, and stderr captured. The run fails
 * (XD_EOUTPUT, with the script's name and gnuplot's own words) when gnuplot exits with a
 * non-zero status, is killed by a signal, writes a line containing "warning" or "error"
 * to stderr (a missing data file is only a warning to gnuplot), or is still running after
 * timeout_s seconds (timeout_s <= 0: no limit), in which case it gets SIGTERM and, 2 s
 * later, SIGKILL. While it runs, its pid is registered for the cleanup signal handlers
 * (see outfile.h). Returns XD_ENOGNUPLOT if the program cannot be started at all. */
int xd_gnuplot_run(const char *gnuplot, const char *script, const char *const *args, size_t nargs,
                   double timeout_s, xd_diags *d);

#endif
