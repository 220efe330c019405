/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
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

static uint32_t
png_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The Paeth predictor of PNG's filter type 4. */
static uint8_t
png_paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return (uint8_t)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

uint32_t *
png_decode(const uint8_t *png, size_t len, int *w, int *h, char **err)
{
	size_t at = 8, zlen = 0, row, need;
	uint8_t *z = NULL, *raw = NULL;
	uint32_t width = 0, height = 0, *out = NULL;
	int bpp = 0;
	uLongf rawlen;

	if (len < 8 || memcmp(png, "\x89PNG\r\n\x1a\n", 8) != 0) {
		*err = xstrdup("not a PNG image (no PNG signature)");
		return NULL;
	}
	while (at + 12 <= len) {
		uint32_t n = png_get32(png + at);
		const uint8_t *type = png + at + 4, *data = png + at + 8;

		if (n > len - at - 12) {
			*err = xstrdup("the PNG image is cut short");
			goto fail;
		}
		if (memcmp(type, "IHDR", 4) == 0 && n >= 13) {
			width = png_get32(data);
			height = png_get32(data + 4);
			if (data[8] != 8 || data[12] != 0) {
				*err = xasprintf("PNG with %u-bit samples%s is not "
				    "read here", data[8], data[12] ?
				    ", interlaced," : "");
				goto fail;
			}
			bpp = data[9] == 0 ? 1 : data[9] == 4 ? 2 :
			    data[9] == 2 ? 3 : data[9] == 6 ? 4 : 0;
			if (bpp == 0) {
				*err = xasprintf("PNG colour type %u is not read "
				    "here", data[9]);
				goto fail;
			}
		} else if (memcmp(type, "IDAT", 4) == 0) {
			z = xrealloc(z, zlen + n + 1);
			memcpy(z + zlen, data, n);
			zlen += n;
		} else if (memcmp(type, "IEND", 4) == 0)
			break;
		at += 12 + n;
	}
	if (width == 0 || height == 0 || width > 16384 || height > 16384 ||
	    bpp == 0 || z == NULL) {
		*err = xstrdup("the PNG image has no size or no pixels");
		goto fail;
	}
	/* bounds before any allocation: a few bytes of IHDR can claim 2 GB
	 * of pixels */
	if ((uint64_t)width * height > PNG_MAX_PIXELS) {
		*err = xasprintf("the PNG image is %ux%u, more than the %u "
		    "pixels vmdeck reads", width, height, PNG_MAX_PIXELS);
		goto fail;
	}
	row = (size_t)width * (size_t)bpp;
	need = (row + 1) * height;
	/* deflate packs at most 1032 bytes into one */
	if (need / 1032 > zlen + 64) {
		*err = xasprintf("the PNG image claims %ux%u pixels, more than "
		    "its %zu bytes of data can hold", width, height, zlen);
		goto fail;
	}
	raw = xcalloc(1, need);
	rawlen = (uLongf)need;
	if (uncompress(raw, &rawlen, z, (uLong)zlen) != Z_OK ||
	    rawlen != need) {
		*err = xstrdup("the PNG image's pixels do not inflate to its "
		    "size");
		goto fail;
	}
	out = xcalloc((size_t)width * height, sizeof *out);
	for (uint32_t y = 0; y < height; y++) {
		uint8_t *cur = raw + y * (row + 1), f = cur[0];
		const uint8_t *up = y > 0 ? raw + (y - 1) * (row + 1) + 1 : NULL;

		cur++;
		for (size_t i = 0; i < row; i++) {
			int a = i >= (size_t)bpp ? cur[i - bpp] : 0;
			int b = up ? up[i] : 0;
			int c = up && i >= (size_t)bpp ? up[i - bpp] : 0;

			switch (f) {
			case 0: break;
			case 1: cur[i] = (uint8_t)(cur[i] + a); break;
			case 2: cur[i] = (uint8_t)(cur[i] + b); break;
			case 3: cur[i] = (uint8_t)(cur[i] + (a + b) / 2); break;
			case 4: cur[i] = (uint8_t)(cur[i] + png_paeth(a, b, c));
				break;
			default:
				*err = xasprintf("the PNG image has an unknown "
				    "filter (%u) on row %u", f, y);
				goto fail;
			}
		}
		for (uint32_t x = 0; x < width; x++) {
			const uint8_t *p = cur + (size_t)x * (size_t)bpp;

			out[(size_t)y * width + x] = bpp <= 2 ?
			    (uint32_t)p[0] * 0x010101u :
			    (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
		}
	}
	free(raw);
	free(z);
	*w = (int)width;
	*h = (int)height;
	return out;
fail:
	free(out);
	free(raw);
	free(z);
	return NULL;
}
