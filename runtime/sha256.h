/*
** sha256.h: SHA-256 as FIPS 180-4 describes it, for the keys and checksums of the
** JIT's compile cache. Not for anything secret: it makes no attempt at constant time.
*/
#ifndef STYR_SHA256_H
#define STYR_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256 {
    uint32_t h[8];        /* the hash value so far */
    uint64_t len;         /* bytes added so far */
    uint8_t block[64];    /* the block being filled */
    size_t fill;          /* bytes in block */
} sha256;

void sha256_init(sha256 *s);
void sha256_add(sha256 *s, const void *data, size_t n);
/* Pads, finishes and writes the digest; s must be initialised again before reuse. */
void sha256_done(sha256 *s, uint8_t out[32]);
/* The digest as 64 lowercase hex digits and a NUL. */
void sha256_hex(const uint8_t d[32], char out[65]);

#endif
