/*
 * base64 — RFC 4648 base64, with padding, as known_hosts writes it.
 */
#ifndef VMDECK_UTIL_BASE64_H
#define VMDECK_UTIL_BASE64_H

#include <stddef.h>
#include <sys/types.h>

/* The base64 text of len bytes. Caller frees. */
char *base64_encode(const void *data, size_t len);
/* Decode text (padding optional) into out (cap bytes). Returns the number
 * of bytes, or -1 for a character outside the alphabet or too little
 * room. */
ssize_t base64_decode(const char *text, unsigned char *out, size_t cap);

#endif
