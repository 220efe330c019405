/*
 * sha1 — SHA-1 and HMAC-SHA1, for the hashed host names of known_hosts
 * (OpenSSH's "|1|salt|hash" lines). Not for anything that needs SHA-1 to
 * resist collisions.
 */
#ifndef VMDECK_UTIL_SHA1_H
#define VMDECK_UTIL_SHA1_H

#include <stddef.h>

#define SHA1_LEN 20

/* out = SHA-1 of the len bytes at data. */
void sha1(const void *data, size_t len, unsigned char out[SHA1_LEN]);
/* out = HMAC-SHA1 of msg under key. */
void sha1_hmac(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[SHA1_LEN]);

#endif
