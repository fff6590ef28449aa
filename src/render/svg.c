/* Cleaning gnuplot's SVG (see svg.h): one pass over its tags and texts. */
#include "svg.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"

char *xd_svg_read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *bigger = cap < ((size_t)1 << 30) ? realloc(buf, cap * 2 + 1) : NULL;
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    if (n)
        *n = len;
    return buf;
}

/* Text between tags, as gnuplot escaped it: its entities kept, everything else
 * escaped again. */
static void text_out(FILE *out, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '&')
            j++;
        xd_html_text_n(out, s + i, j - i);
        if (j >= n)
            break;
        /* an entity: &name; or &#digits; of a sane length */
        size_t k = j + 1;
        while (k < n && k - j < 12 && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
                                       (s[k] >= '0' && s[k] <= '9') || s[k] == '#'))
            k++;
        if (k < n && s[k] == ';' && k > j + 1) {
            fwrite(s + j, 1, k + 1 - j, out);
            i = k + 1;
        } else {
            fputs("&amp;", out);
            i = j + 1;
        }
    }
}

static int starts(const char *s, const char *end, const char *w)
{
    size_t k = strlen(w);
    return (size_t)(end - s) >= k && memcmp(s, w, k) == 0;
}

/* One tag, with its fonts, ids and references rewritten. */
static void tag_out(FILE *out, const char *s, const char *end, const xd_svg_opts *o)
{
    const char *pre = o->id_prefix;
    const char *p = s;
    while (p < end) {
        /* copy up to where a rewrite may start: "font-family", " id=", "href=", "url(" */
        const char *q = p;
        while (q < end && *q != 'f' && *q != ' ' && *q != 'h' && *q != 'u')
            q++;
        if (q > p)
            fwrite(p, 1, (size_t)(q - p), out);
        p = q;
        if (p >= end)
            break;
        if (starts(p, end, "font-family=\"DejaVu Sans:Bold\"") ||
            starts(p, end, "font-family='DejaVu Sans:Bold'")) {
            fputs("font-family=\"" XD_SVG_FONTS "\" font-weight=\"bold\"", out);
            p += strlen("font-family=\"DejaVu Sans:Bold\"");
        } else if (starts(p, end, "font-family=\"DejaVu Sans\"") || starts(p, end, "font-family='DejaVu Sans'")) {
            fputs("font-family=\"" XD_SVG_FONTS "\"", out);
            p += strlen("font-family=\"DejaVu Sans\"");
        } else if (pre && (starts(p, end, " id=\"") || starts(p, end, " id='"))) {
            fwrite(p, 1, 5, out);
            fputs(pre, out);
            p += 5;
        } else if (pre && (starts(p, end, "href=\"#") || starts(p, end, "href='#"))) {
            fwrite(p, 1, 7, out);
            fputs(pre, out);
            p += 7;
        } else if (pre && starts(p, end, "url(#")) {
            fputs("url(#", out);
            fputs(pre, out);
            p += 5;
        } else {
            fputc(*p++, out);
        }
    }
}

/* The end of the element that starts at p (<name ...>...</name>): just past its end tag. */
static const char *skip_element(const char *p, const char *end, const char *name)
{
    char close[32];
    snprintf(close, sizeof close, "</%s>", name);
    const char *q = p;
    size_t k = strlen(close);
    while (q + k <= end && memcmp(q, close, k) != 0)
        q++;
    return q + k <= end ? q + k : end;
}

int xd_svg_clean(const char *in, size_t n, const xd_svg_opts *o, FILE *out)
{
    const char *p = in, *end = in + n;
    const char *svg = NULL;
    for (const char *q = in; q + 4 < end; q++)
        if (memcmp(q, "<svg", 4) == 0 && (q[4] == ' ' || q[4] == '\n' || q[4] == '>')) {
            svg = q;
            break;
        }
    if (!svg)
        return -1;
    const char *pre = o->id_prefix ? o->id_prefix : "";
    if (!o->id_prefix) /* a file of its own keeps its declaration */
        fwrite(in, 1, (size_t)(svg - in), out);
    p = svg;
    int titled = 0, described = 0, root = 1;
    while (p < end) {
        if (*p != '<') {
            const char *q = p;
            while (q < end && *q != '<')
                q++;
            text_out(out, p, (size_t)(q - p));
            p = q;
            continue;
        }
        const char *q = p;
        while (q < end && *q != '>')
            q++;
        if (q >= end)
            break;
        q++; /* past '>' */
        if (starts(p, end, "<!--")) {
            const char *c = p + 4;
            while (c + 3 <= end && memcmp(c, "-->", 3) != 0)
                c++;
            p = c + 3 <= end ? c + 3 : end;
            continue;
        }
        if (starts(p, end, "<title") && (p[6] == '>' || p[6] == ' ')) {
            /* the first is the picture's: our title; those of plots go */
            if (!titled) {
                fprintf(out, "<title id=\"%stitle\">", pre);
                xd_html_text(out, o->title);
                fputs("</title>", out);
                titled = 1;
            }
            p = skip_element(p, end, "title");
            continue;
        }
        if (starts(p, end, "<desc") && (p[5] == '>' || p[5] == ' ')) {
            if (!described) {
                fprintf(out, "<desc id=\"%sdesc\">", pre);
                xd_html_text(out, o->desc);
                fputs("</desc>", out);
                described = 1;
            }
            p = skip_element(p, end, "desc");
            continue;
        }
        if (root && starts(p, end, "<svg")) {
            /* the picture is one image to assistive technology, named by its title */
            const char *close = q - 1;
            int self = close > p && close[-1] == '/';
            tag_out(out, p, self ? close - 1 : close, o);
            if (o->id_prefix)
                fprintf(out, " role=\"img\" aria-labelledby=\"%stitle %sdesc\"", pre, pre);
            if (o->id_prefix && o->css_class) {
                fputs(" class=\"", out);
                xd_html_attr(out, o->css_class);
                fputs("\"", out);
            }
            fputs(self ? "/>" : ">", out);
            root = 0;
            p = q;
            continue;
        }
        tag_out(out, p, q, o);
        p = q;
    }
    return 0;
}

int xd_svg_clean_file(const char *path, const xd_svg_opts *o)
{
    size_t n;
    char *in = xd_svg_read_file(path, &n);
    if (!in)
        return -1;
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(in);
        return -1;
    }
    int rc = xd_svg_clean(in, n, o, f);
    if (fclose(f) != 0)
        rc = -1;
    free(in);
    return rc;
}
