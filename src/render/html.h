/* Text for HTML and SVG, escaped for where it goes. Data never becomes markup: every
 * text from a dataset passes through one of these on its way into a file that a
 * browser reads. */
#ifndef XD_HTML_H
#define XD_HTML_H

#include <stddef.h>
#include <stdio.h>

/* Element text: & < > escaped; control characters (but tab and line feed), Unicode
 * noncharacters, surrogates and invalid UTF-8 become U+FFFD or a space; every code
 * point written in its shortest UTF-8 form. n bytes of s (xd_html_text: to its end). */
void xd_html_text_n(FILE *f, const char *s, size_t n);
void xd_html_text(FILE *f, const char *s);
/* An attribute value between double quotes: the same, and " ' escaped too. */
void xd_html_attr(FILE *f, const char *s);

/* 1 when url may become a link: it starts with http://, https:// or mailto: (in any
 * case) and holds no space, control character or invalid UTF-8. Anything else
 * (javascript:, data:, a relative path) is shown as text only. */
int xd_url_linkable(const char *url);
/* A linkable URL as an href value: attribute-escaped. */
void xd_html_url(FILE *f, const char *url);

#endif
