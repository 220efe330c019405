/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* image: PNG through libpng's simplified API; the PPM header read here
 * (a few lines: libpng has no PPM, and netpbm's library would be a new
 * dependency for one header). */
#include <limits.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "xalloc.h"

uint8_t *
image_png_from_rgb(const uint8_t *rgb, int w, int h, size_t stride,
    size_t *len)
{
	png_image img;
	png_alloc_size_t size = 0;
	uint8_t *out;

	if (w <= 0 || h <= 0 || stride > INT_MAX)
		fatal("a PNG of %dx%d pixels cannot be made", w, h);
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	img.width = (png_uint_32)w;
	img.height = (png_uint_32)h;
	img.format = PNG_FORMAT_RGB;
	/* first the size, then the bytes (libpng's two-call idiom); its
	 * default filters and compression, not PNG_IMAGE_FLAG_FAST */
	if (!png_image_write_to_memory(&img, NULL, &size, 0, rgb,
	    (png_int_32)stride, NULL))
		fatal("libpng cannot write a PNG: %s", img.message);
	out = xcalloc(1, size ? size : 1);
	if (!png_image_write_to_memory(&img, out, &size, 0, rgb,
	    (png_int_32)stride, NULL))
		fatal("libpng cannot write a PNG: %s", img.message);
	*len = size;
	return out;
}

/* The next header number of a PPM at *i (after blanks and comments), or
 * -1. */
static long
image_ppm_number(const uint8_t *p, size_t len, size_t *i)
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
image_ppm_pixels(const uint8_t *ppm, size_t len, int *w, int *h,
    const uint8_t **pixels, char **err)
{
	size_t i = 2;
	long lw, lh, max;

	if (len < 2 || ppm[0] != 'P' || ppm[1] != '6') {
		*err = xstrdup("not a binary PPM image (no P6 header)");
		return -1;
	}
	lw = image_ppm_number(ppm, len, &i);
	lh = image_ppm_number(ppm, len, &i);
	max = image_ppm_number(ppm, len, &i);
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
image_png_from_ppm(const uint8_t *ppm, size_t len, size_t *outlen,
    char **err)
{
	const uint8_t *px;
	int w, h;

	if (image_ppm_pixels(ppm, len, &w, &h, &px, err) < 0)
		return NULL;
	return image_png_from_rgb(px, w, h, (size_t)w * 3, outlen);
}

uint32_t *
image_png_decode(const uint8_t *png, size_t len, int *w, int *h, char **err)
{
	png_image img;
	uint8_t *rgba = NULL;
	uint32_t *out;
	size_t n;

	if (len < 8 || png_sig_cmp(png, 0, 8) != 0) {
		*err = xstrdup("not a PNG image (no PNG signature)");
		return NULL;
	}
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, png, len)) {
		*err = xasprintf("the PNG image cannot be read: %s",
		    img.message);
		return NULL;
	}
	/* bounds before any allocation: a few bytes of IHDR can claim 2 GB
	 * of pixels */
	if ((uint64_t)img.width * img.height > IMAGE_MAX_PIXELS) {
		*err = xasprintf("the PNG image is %ux%u, more than the %u "
		    "pixels vmdeck reads", img.width, img.height,
		    IMAGE_MAX_PIXELS);
		goto fail;
	}
	n = (size_t)img.width * img.height;
	/* deflate packs at most 1032 bytes into one, and a row is at least
	 * one byte a pixel */
	if (n / 1032 > len + 64) {
		*err = xasprintf("the PNG image claims %ux%u pixels, more than "
		    "its %zu bytes can hold", img.width, img.height, len);
		goto fail;
	}
	/* every colour type, bit depth, palette and interlacing comes out
	 * as 8-bit RGBA; the alpha is dropped, not composited (a screen has
	 * no background to show through) */
	img.format = PNG_FORMAT_RGBA;
	rgba = xcalloc(1, PNG_IMAGE_SIZE(img));
	if (!png_image_finish_read(&img, NULL, rgba, 0, NULL)) {
		*err = xasprintf("the PNG image cannot be read: %s",
		    img.message);
		goto fail;
	}
	out = xcalloc(n, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = rgba + i * 4;

		out[i] = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	}
	free(rgba);
	*w = (int)img.width;
	*h = (int)img.height;
	return out;
fail:
	png_image_free(&img);
	free(rgba);
	return NULL;
}
