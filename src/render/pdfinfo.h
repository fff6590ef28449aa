/* What a PDF drawn by gnuplot's pdfcairo terminal lacks: the document information
 * (title, subject, keywords, creator), the document's language, clickable links,
 * and reproducible dates. cairo writes the clock into /CreationDate; with a fixed
 * date (SOURCE_DATE_EPOCH) that string is rewritten in place with one of the same
 * length, so no byte offset moves, and the rest is added as an incremental update
 * (PDF 1.7, 7.5.6): new objects, a new cross-reference section and a trailer that
 * points back to cairo's. */
#ifndef XD_PDFINFO_H
#define XD_PDFINFO_H

#include <stddef.h>

#include "diag.h"

typedef struct xd_pdf_link {
    double x0, y0, x1, y1; /* PDF user space: points from the page's lower left corner */
    const char *url;
} xd_pdf_link;

typedef struct xd_pdf_info {
    const char *title, *subject, *keywords, *creator;
    const char *lang;        /* "en", "es", "es-MX": the catalog's /Lang */
    long long epoch;         /* seconds since 1970, UTC */
    int epoch_fixed;         /* rewrite cairo's dates with epoch */
    const xd_pdf_link *links;
    const size_t *link_page; /* the page (from 0) of each link */
    size_t n_links;
} xd_pdf_info;

/* Adds the information to the PDF at path (written by cairo), in place. */
int xd_pdf_finish(const char *path, const xd_pdf_info *info, xd_diags *d);

/* "D:YYYYMMDDHHmmSS" of a time, with tail appended ("Z", "+00'00'"). */
void xd_pdf_date(long long epoch, const char *tail, char *out, size_t cap);

#endif
