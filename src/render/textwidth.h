/* Text measurement for the layouts that extrad works out in C before gnuplot draws
 * them (chart titles and labels, report pages): advance widths of the DejaVu Sans
 * faces that plots/style.gp and plots/report.gp use, so that text can be wrapped
 * and placed without overlapping. */
#ifndef XD_TEXTWIDTH_H
#define XD_TEXTWIDTH_H

#include <stddef.h>
#include <stdint.h>

typedef enum xd_face {
    XD_FACE_REGULAR,
    XD_FACE_BOLD,
    XD_FACE_MONO,      /* DejaVu Sans Mono */
    XD_FACE_CONDENSED, /* DejaVu Sans Condensed */
} xd_face;

/* The code point at *s, advancing past it. A byte that does not start valid UTF-8
 * counts as one U+FFFD, as gnuplot is given it (see xd_gnuplot_quote). */
uint32_t xd_utf8_next(const char **s);

/* Advance width of one code point, in ems. Control characters count as a space (they
 * are drawn as one); letters outside the tables count a little wider than average, so
 * that an estimate errs on the side of room. */
double xd_glyph_em(uint32_t cp, xd_face face);

/* Width of s in ems; of its first len bytes with xd_text_em_n. */
double xd_text_em(const char *s, xd_face face);
double xd_text_em_n(const char *s, size_t len, xd_face face);

/* A growing list of owned strings: the lines of wrapped text. */
typedef struct xd_strlist {
    char **v;
    size_t n, cap;
} xd_strlist;

/* Appends a copy of s[0..len); returns 0, or -1 when out of memory (the list is
 * left as it was). */
int xd_strlist_push(xd_strlist *l, const char *s, size_t len);
void xd_strlist_free(xd_strlist *l);

#endif
