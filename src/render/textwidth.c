#include "textwidth.h"

#include <stdlib.h>
#include <string.h>

/* Advance widths in thousandths of an em of DejaVu Sans and DejaVu Sans Bold
 * for U+0020..U+007E and U+00A0..U+00FF. */
static const unsigned short w_regular[95] = {
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
    752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390,
    337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
    635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838};
static const unsigned short w_bold[95] = {
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821,
    837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457,
    365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
    716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838};
static const unsigned short w_regular_l1[96] = {
    318, 401, 636, 636, 636, 636, 337, 500, 500, 1000, 471, 612, 838, 361, 1000, 500, 500, 838, 401, 401,
    500, 636, 636, 318, 500, 401, 471, 612, 969, 969, 969, 531, 684, 684, 684, 684, 684, 684, 974, 698,
    632, 632, 632, 632, 295, 295, 295, 295, 775, 748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732,
    732, 611, 605, 630, 613, 613, 613, 613, 613, 613, 982, 550, 615, 615, 615, 615, 278, 278, 278, 278,
    612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592, 635, 592};
static const unsigned short w_bold_l1[96] = {
    348, 456, 696, 696, 636, 696, 365, 500, 500, 1000, 564, 646, 838, 415, 1000, 500, 500, 838, 438, 438,
    500, 736, 636, 380, 500, 438, 564, 646, 1035, 1035, 1035, 580, 774, 774, 774, 774, 774, 774, 1085, 734,
    683, 683, 683, 683, 372, 372, 372, 372, 838, 837, 850, 850, 850, 850, 850, 838, 850, 812, 812, 812,
    812, 724, 738, 719, 675, 675, 675, 675, 675, 675, 1048, 593, 678, 678, 678, 678, 343, 343, 343, 343,
    687, 712, 687, 687, 687, 687, 687, 838, 687, 712, 712, 712, 712, 652, 716, 652};

typedef struct wide_glyph {
    uint32_t cp;
    unsigned short regular, bold;
} wide_glyph;
static const wide_glyph w_other[] = {
    {0x2009, 200, 220},  {0x2013, 500, 500},  {0x2014, 1000, 1000}, {0x2018, 318, 380},
    {0x2019, 318, 380},  {0x201C, 518, 657},  {0x201D, 518, 657},   {0x2022, 590, 639},
    {0x2026, 1000, 1000}, {0x2070, 401, 438}, {0x2074, 401, 438},   {0x2075, 401, 438},
    {0x2076, 401, 438},  {0x2077, 401, 438},  {0x2078, 401, 438},   {0x2079, 401, 438},
    {0x207B, 528, 528},  {0x2212, 838, 838},  {0x2264, 838, 838},   {0x2265, 838, 838},
};

uint32_t xd_utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = p[0];
    size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0) {
        *s += 1;
        return 0xFFFD;
    }
    uint32_t v = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s += 1;
            return 0xFFFD;
        }
        v = (v << 6) | (p[i] & 0x3Fu);
    }
    *s += len;
    return v;
}

double xd_glyph_em(uint32_t cp, xd_face face)
{
    if (face == XD_FACE_MONO)
        return 0.602;
    int bold = face == XD_FACE_BOLD;
    double w;
    if (cp < 0x20 || cp == 0x7F)
        cp = ' ';
    if (cp <= 0x7E)
        w = (bold ? w_bold : w_regular)[cp - 0x20] / 1000.0;
    else if (cp >= 0xA0 && cp <= 0xFF)
        w = (bold ? w_bold_l1 : w_regular_l1)[cp - 0xA0] / 1000.0;
    else {
        w = cp >= 0x2E80 ? 1.0 : 0.75; /* wide scripts; anything else generously */
        for (size_t i = 0; i < sizeof w_other / sizeof w_other[0]; i++)
            if (w_other[i].cp == cp) {
                w = (bold ? w_other[i].bold : w_other[i].regular) / 1000.0;
                break;
            }
    }
    return face == XD_FACE_CONDENSED ? w * 0.9 : w;
}

double xd_text_em_n(const char *s, size_t len, xd_face face)
{
    double em = 0;
    const char *end = s + len;
    while (s < end && *s)
        em += xd_glyph_em(xd_utf8_next(&s), face);
    return em;
}

double xd_text_em(const char *s, xd_face face) { return xd_text_em_n(s, strlen(s), face); }

int xd_strlist_push(xd_strlist *l, const char *s, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    l->v[l->n++] = copy;
    return 0;
}

void xd_strlist_free(xd_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}
