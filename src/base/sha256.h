/* SHA-256 (FIPS 180-4), for the checksums of dataset files in the report. */
#ifndef XD_SHA256_H
#define XD_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef struct xd_sha256 {
    uint32_t h[8];
    uint64_t bytes;       /* message length so far */
    unsigned char buf[64];
    size_t used;          /* bytes waiting in buf */
} xd_sha256;

void xd_sha256_init(xd_sha256 *s);
void xd_sha256_update(xd_sha256 *s, const void *data, size_t len);
void xd_sha256_final(xd_sha256 *s, unsigned char digest[32]);
/* The digest of a whole buffer as 64 lowercase hex digits and a NUL. */
void xd_sha256_hex(const void *data, size_t len, char hex[65]);
/* The digest of a file's bytes; XD_EDATA when it cannot be read. */
int xd_sha256_file(const char *path, char hex[65], xd_diags *d);

#endif
