/* Escaping for HTML and SVG (see html.h). */
#include "html.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "textwidth.h"

/* A code point that may not stand in an HTML document as text (control characters,
 * noncharacters, surrogates). */
static int forbidden(uint32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return 0;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 1;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 1;
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE || cp > 0x10FFFF)
        return 1;
    return 0;
}

static void put_cp(FILE *f, uint32_t cp)
{
    char u[4];
    if (cp < 0x80) {
        fputc((int)cp, f);
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        fwrite(u, 1, 2, f);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        fwrite(u, 1, 3, f);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        fwrite(u, 1, 4, f);
    }
}

static void escape(FILE *f, const char *s, size_t n, int attr)
{
    const char *end = s + n;
    for (const char *p = s; p < end && *p;) {
        /* a run of printable ASCII that needs nothing goes out whole */
        const char *q = p;
        while (q < end && (unsigned char)*q >= 0x20 && (unsigned char)*q < 0x7F && *q != '&' && *q != '<' &&
               *q != '>' && *q != '"' && *q != '\'')
            q++;
        if (q > p) {
            fwrite(p, 1, (size_t)(q - p), f);
            p = q;
            continue;
        }
        uint32_t cp = xd_utf8_next(&p);
        if (p > end) { /* a code point cut by the length */
            fputs("\xEF\xBF\xBD", f);
            break;
        }
        switch (cp) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs(attr ? "&quot;" : "\"", f); break;
        case '\'': fputs(attr ? "&#39;" : "'", f); break;
        default:
            if (forbidden(cp))
                put_cp(f, cp < 0x20 || cp == 0x7F ? ' ' : 0xFFFD);
            else
                put_cp(f, cp);
        }
    }
}

void xd_html_text_n(FILE *f, const char *s, size_t n) { escape(f, s ? s : "", s ? n : 0, 0); }
void xd_html_text(FILE *f, const char *s) { escape(f, s ? s : "", s ? strlen(s) : 0, 0); }
void xd_html_attr(FILE *f, const char *s) { escape(f, s ? s : "", s ? strlen(s) : 0, 1); }

int xd_url_linkable(const char *url)
{
    if (!url)
        return 0;
    if (strncasecmp(url, "http://", 7) != 0 && strncasecmp(url, "https://", 8) != 0 &&
        strncasecmp(url, "mailto:", 7) != 0)
        return 0;
    size_t scheme = strncasecmp(url, "https://", 8) == 0 ? 8 : 7;
    if (!url[scheme])
        return 0;
    for (const char *p = url; *p;) {
        const char *start = p;
        uint32_t cp = xd_utf8_next(&p);
        if (cp <= 0x20 || forbidden(cp) || cp == 0x7F || (cp == 0xFFFD && (unsigned char)*start != 0xEF))
            return 0;
    }
    return 1;
}

void xd_html_url(FILE *f, const char *url) { xd_html_attr(f, url); }
