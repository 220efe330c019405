#include "png.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "xalloc.h"

static void
png_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Append a chunk (length, type, data, CRC over type and data) at *at. */
static void
png_chunk(uint8_t *out, size_t *at, const char *type, const uint8_t *data,
    size_t n)
{
	uint8_t *p = out + *at;
	uLong crc;

	png_be32(p, (uint32_t)n);
	memcpy(p + 4, type, 4);
	if (n > 0)
		memcpy(p + 8, data, n);
	crc = crc32(0L, p + 4, (uInt)(n + 4));
	png_be32(p + 8 + n, (uint32_t)crc);
	*at += 12 + n;
}

uint8_t *
png_encode_rgb(const uint8_t *rgb, int w, int h, size_t stride, size_t *len)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
	    '\n' };
	size_t row = (size_t)w * 3, raw_len = (row + 1) * (size_t)h;
	uint8_t *raw = xcalloc(1, raw_len ? raw_len : 1), ihdr[13], *out;
	uLongf zlen = compressBound((uLong)raw_len);
	uint8_t *z = xcalloc(1, zlen);
	size_t at = 0;

	/* each row: filter type 0 (none), then its pixels */
	for (int y = 0; y < h; y++) {
		raw[(size_t)y * (row + 1)] = 0;
		memcpy(raw + (size_t)y * (row + 1) + 1, rgb + (size_t)y * stride,
		    row);
	}
	if (compress2(z, &zlen, raw, (uLong)raw_len, 6) != Z_OK)
		fatal("png: deflate failed");	/* only on a bad bound */
	free(raw);
	png_be32(ihdr, (uint32_t)w);
	png_be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;		/* bits per sample */
	ihdr[9] = 2;		/* truecolour */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	out = xcalloc(1, sizeof sig + 12 + sizeof ihdr + 12 + zlen + 12);
	memcpy(out, sig, sizeof sig);
	at = sizeof sig;
	png_chunk(out, &at, "IHDR", ihdr, sizeof ihdr);
	png_chunk(out, &at, "IDAT", z, zlen);
	png_chunk(out, &at, "IEND", NULL, 0);
	free(z);
	*len = at;
	return out;
}

/* The next header number of a PPM at *i (after blanks and comments), or
 * -1. */
static long
png_ppm_number(const uint8_t *p, size_t len, size_t *i)
{
	long v = 0;
	size_t start;

	for (;;) {
		while (*i < len && strchr(" \t\r\n", p[*i]) != NULL)
			(*i)++;
		if (*i < len && p[*i] == '#') {
			while (*i < len && p[*i] != '\n')
				(*i)++;
			continue;
		}
		break;
	}
	start = *i;
	while (*i < len && p[*i] >= '0' && p[*i] <= '9' && v < 1000000)
		v = v * 10 + (p[(*i)++] - '0');
	return *i == start || v >= 1000000 ? -1 : v;
}

int
png_ppm_pixels(const uint8_t *ppm, size_t len, int *w, int *h,
    const uint8_t **pixels, char **err)
{
	size_t i = 2;
	long lw, lh, max;

	if (len < 2 || ppm[0] != 'P' || ppm[1] != '6') {
		*err = xstrdup("not a binary PPM image (no P6 header)");
		return -1;
	}
	lw = png_ppm_number(ppm, len, &i);
	lh = png_ppm_number(ppm, len, &i);
	max = png_ppm_number(ppm, len, &i);
	if (lw <= 0 || lh <= 0 || max <= 0 || max > 255 || i >= len) {
		*err = xstrdup("the PPM header's width, height or maximum value "
		    "is missing or out of range");
		return -1;
	}
	i++;	/* the one blank after the maximum */
	if ((size_t)lw * (size_t)lh * 3 > len - i) {
		*err = xasprintf("the PPM image is cut short: %ldx%ld needs %zu "
		    "bytes of pixels, it has %zu", lw, lh,
		    (size_t)lw * (size_t)lh * 3, len - i);
		return -1;
	}
	*w = (int)lw;
	*h = (int)lh;
	*pixels = ppm + i;
	return 0;
}

uint8_t *
png_from_ppm(const uint8_t *ppm, size_t len, size_t *outlen, char **err)
{
	const uint8_t *px;
	int w, h;

	if (png_ppm_pixels(ppm, len, &w, &h, &px, err) < 0)
		return NULL;
	return png_encode_rgb(px, w, h, (size_t)w * 3, outlen);
}
