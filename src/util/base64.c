#include "base64.h"

#include <string.h>

#include "xalloc.h"

static const char base64_abc[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
base64_encode(const void *data, size_t len)
{
	const unsigned char *p = data;
	char *out = xcalloc((len + 2) / 3 * 4 + 1, 1), *o = out;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		size_t n = len - i < 3 ? len - i : 3;

		if (n > 1)
			v |= (unsigned)p[i + 1] << 8;
		if (n > 2)
			v |= p[i + 2];
		*o++ = base64_abc[v >> 18 & 63];
		*o++ = base64_abc[v >> 12 & 63];
		*o++ = n > 1 ? base64_abc[v >> 6 & 63] : '=';
		*o++ = n > 2 ? base64_abc[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

ssize_t
base64_decode(const char *text, unsigned char *out, size_t cap)
{
	unsigned v = 0;
	int bits = 0;
	size_t n = 0;

	for (; *text && *text != '='; text++) {
		const char *c = strchr(base64_abc, *text);

		if (c == NULL)
			return -1;
		v = v << 6 | (unsigned)(c - base64_abc);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == cap)
				return -1;
			out[n++] = (unsigned char)(v >> bits);
		}
	}
	for (; *text == '='; text++)
		;
	return *text ? -1 : (ssize_t)n;
}
