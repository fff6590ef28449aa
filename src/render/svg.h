/* gnuplot's SVG made fit to publish: its <title> is the chart's title and its
 * <desc> says what the chart shows (not "Gnuplot"), fonts name a stack with
 * fallbacks, bold is a font weight, the titles gnuplot gives each plot are gone,
 * and for an SVG inside an HTML page the ids are made unique and the picture is
 * named for assistive technology (role="img", aria-labelledby).
 *
 * The input must be what gnuplot's svg terminal writes: markup made by gnuplot,
 * and every text in it already escaped (gnuplot writes < and & as entities). Text
 * is escaped again on the way out (> too, control characters replaced), so no text
 * can end its element or start another. */
#ifndef XD_SVG_H
#define XD_SVG_H

#include <stddef.h>
#include <stdio.h>

#define XD_SVG_FONTS "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif"

typedef struct xd_svg_opts {
    const char *title;     /* the chart's title */
    const char *desc;      /* what it shows */
    const char *id_prefix; /* NULL: a standalone file, ids kept; else prefixed, for inline use */
    const char *css_class; /* inline: the class of the <svg> element (NULL: none) */
} xd_svg_opts;

/* Writes the cleaned SVG to out; 0 on success, -1 when the input is not gnuplot's
 * SVG (no <svg> element). */
int xd_svg_clean(const char *in, size_t n, const xd_svg_opts *o, FILE *out);

/* The same for a file, in place. */
int xd_svg_clean_file(const char *path, const xd_svg_opts *o);

/* A file's bytes, malloc'ed and NUL-terminated; NULL on failure. */
char *xd_svg_read_file(const char *path, size_t *n);

#endif
