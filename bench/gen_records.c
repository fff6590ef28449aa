/* Writes synthetic CSV files for the benchmarks (bench/run.sh).
 *
 *   gen_records records OUT SIZE [SEED]   date,state,offense
 *   gen_records withyear OUT SIZE [SEED]  year,date,state,offense (the same rows for the same seed)
 *   gen_records yearly OUT SIZE [SEED]    year,count,source (a big annual.csv)
 *   gen_records yearly OUT SIZE SEED M    year,count,source,measure,status: M series
 *                                         (m000...), each year's rows of a series
 *                                         agree, except in one cell of ten, where a
 *                                         quarter of the rows are "alternative"
 *                                         values and the rest "preferred" ones
 *
 * SIZE is a number of bytes, or of rows with an r after it (40000000r).
 * Prints the number of rows written.
 *
 * Rows are about 26.6 bytes (about 38 million per GB): an ISO date and quoted
 * text columns, some with accented letters. Deterministic for a given seed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 88172645463325252ULL;
static uint32_t rnd(uint32_t n)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return (uint32_t)((state >> 11) % n);
}

static const char *const states[] = {"AGS", "BC",  "BCS", "CAM",  "CHIS", "CHIH", "CDMX", "COAH",
                                     "COL", "DGO", "GTO", "GRO",  "HGO",  "JAL",  "MEX",  "MICH",
                                     "MOR", "NAY", "NL",  "OAX",  "PUE",  "QRO",  "QROO", "SLP",
                                     "SIN", "SON", "TAB", "TAMS", "TLAX", "VER",  "YUC",  "ZAC"};
static const char *const offenses[] = {"drogas", "robo", "fraude", "homicidio", "secuestro", "extorsi\xc3\xb3n",
                                       "armas", "lavado", "trata", "evasi\xc3\xb3n", "abuso", "otro"};

static int days_in(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return d[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: gen_records records|withyear|yearly OUT BYTES [SEED [MEASURES]]\n");
        return 2;
    }
    const char *kind = argv[1];
    char *unit;
    long long target = strtoll(argv[3], &unit, 10), max_rows = -1;
    if (*unit == 'r') {
        max_rows = target;
        target = -1;
    }
    if (argc > 4)
        state ^= strtoull(argv[4], NULL, 10) * 0x9e3779b97f4a7c15ULL;
    FILE *f = fopen(argv[2], "wb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    static char buf[1 << 20];
    setvbuf(f, buf, _IOFBF, sizeof buf);
    int yearly = strcmp(kind, "yearly") == 0, withyear = strcmp(kind, "withyear") == 0;
    if (!yearly && !withyear && strcmp(kind, "records") != 0) {
        fprintf(stderr, "gen_records: unknown kind '%s'\n", kind);
        return 2;
    }
    unsigned measures = argc > 5 ? (unsigned)strtoul(argv[5], NULL, 10) : 0;
    long long n = fprintf(f, yearly && measures ? "year,count,source,measure,status\n"
                             : yearly           ? "year,count,source\n"
                             : withyear ? "year,date,state,offense\n"
                                        : "date,state,offense\n");
    long long rows = 0;
    char line[128];
    while (max_rows >= 0 ? rows < max_rows : n < target) {
        int len;
        int y = 1995 + (int)rnd(31);
        if (yearly && measures) {
            uint32_t m = rnd(measures);
            /* the figure of a (measure, year) cell, and whether its sources disagree */
            uint64_t h = ((uint64_t)m * 2654435761u + (uint64_t)y * 40503u) * 0x9e3779b97f4a7c15ULL;
            unsigned count = 10 + (unsigned)(h >> 40) % 200;
            int disputed = (h >> 20) % 10 == 0, alt = disputed && rnd(4) == 0;
            len = snprintf(line, sizeof line, "%d,%u,src-%u,m%03u,%s\n", y, count + (alt ? 1 + rnd(3) : 0), rnd(8), m,
                           disputed ? (alt ? "alternative" : "preferred") : "");
        } else if (yearly) {
            len = snprintf(line, sizeof line, "%d,%u,src-%u\n", y, 10 + rnd(200), rnd(8));
        } else {
            int m = 1 + (int)rnd(12), d = 1 + (int)rnd((uint32_t)days_in(y, m));
            char yc[8] = "";
            if (withyear)
                snprintf(yc, sizeof yc, "%d,", y);
            len = snprintf(line, sizeof line, "%s%d-%02d-%02d,\"%s\",\"%s\"\n", yc, y, m, d,
                           states[rnd(32)], offenses[rnd(12)]);
        }
        fwrite(line, 1, (size_t)len, f);
        n += len;
        rows++;
    }
    if (fclose(f) != 0) {
        perror(argv[2]);
        return 1;
    }
    printf("%lld\n", rows);
    return 0;
}
