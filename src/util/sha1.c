#include "sha1.h"

#include <stdint.h>
#include <string.h>

/* FIPS 180-4, section 6.1: 512-bit blocks, five 32-bit words of state. */

struct sha1_ctx {
	uint32_t h[5];
	unsigned char block[64];
	size_t used;		/* bytes in block */
	uint64_t total;		/* bytes fed */
};

static uint32_t
sha1_rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void
sha1_block(struct sha1_ctx *c, const unsigned char *p)
{
	uint32_t w[80], a, b, d, e, f, k, t, cc;

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = sha1_rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = c->h[0];
	b = c->h[1];
	cc = c->h[2];
	d = c->h[3];
	e = c->h[4];
	for (int i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & cc) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ cc ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & cc) | (b & d) | (cc & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ cc ^ d;
			k = 0xca62c1d6;
		}
		t = sha1_rol(a, 5) + f + e + k + w[i];
		e = d;
		d = cc;
		cc = sha1_rol(b, 30);
		b = a;
		a = t;
	}
	c->h[0] += a;
	c->h[1] += b;
	c->h[2] += cc;
	c->h[3] += d;
	c->h[4] += e;
}

static void
sha1_init(struct sha1_ctx *c)
{
	static const uint32_t start[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0,
	};

	memcpy(c->h, start, sizeof start);
	c->used = 0;
	c->total = 0;
}

static void
sha1_feed(struct sha1_ctx *c, const void *data, size_t len)
{
	const unsigned char *p = data;

	c->total += len;
	while (len > 0) {
		size_t n = 64 - c->used < len ? 64 - c->used : len;

		memcpy(c->block + c->used, p, n);
		c->used += n;
		p += n;
		len -= n;
		if (c->used == 64) {
			sha1_block(c, c->block);
			c->used = 0;
		}
	}
}

static void
sha1_end(struct sha1_ctx *c, unsigned char out[SHA1_LEN])
{
	uint64_t bits = c->total * 8;
	unsigned char pad = 0x80, len[8];

	sha1_feed(c, &pad, 1);
	pad = 0;
	while (c->used != 56)
		sha1_feed(c, &pad, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_feed(c, len, 8);
	for (int i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void
sha1(const void *data, size_t len, unsigned char out[SHA1_LEN])
{
	struct sha1_ctx c;

	sha1_init(&c);
	sha1_feed(&c, data, len);
	sha1_end(&c, out);
}

/* RFC 2104 with a 64-byte block. */
void
sha1_hmac(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[SHA1_LEN])
{
	unsigned char k[64] = { 0 }, pad[64], inner[SHA1_LEN];
	struct sha1_ctx c;

	if (klen > sizeof k)
		sha1(key, klen, k);
	else
		memcpy(k, key, klen);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha1_init(&c);
	sha1_feed(&c, pad, 64);
	sha1_feed(&c, msg, mlen);
	sha1_end(&c, inner);
	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha1_init(&c);
	sha1_feed(&c, pad, 64);
	sha1_feed(&c, inner, SHA1_LEN);
	sha1_end(&c, out);
}
