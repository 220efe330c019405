/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: a remote host's screenshot bytes (PNG or PPM) through
 * the decoder; what decodes is written again and must come back the same.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/util/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	int w, h, w2, h2;
	uint32_t *px = image_png_decode(data, size, &w, &h, &err);
	size_t len;
	uint8_t *png;

	if (px == NULL) {
		if (err == NULL || err[0] == '\0')
			abort();	/* a refusal always says why */
		free(err);
		err = NULL;
	} else {
		uint8_t *rgb = malloc((size_t)w * (size_t)h * 3);
		uint32_t *back;

		for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
			rgb[i * 3] = (uint8_t)(px[i] >> 16);
			rgb[i * 3 + 1] = (uint8_t)(px[i] >> 8);
			rgb[i * 3 + 2] = (uint8_t)px[i];
		}
		png = image_png_from_rgb(rgb, w, h, (size_t)w * 3, &len);
		back = image_png_decode(png, len, &w2, &h2, &err);
		if (back == NULL || w2 != w || h2 != h ||
		    memcmp(back, px, (size_t)w * (size_t)h * sizeof *px) != 0)
			abort();
		free(back);
		free(png);
		free(rgb);
		free(px);
	}
	png = image_png_from_ppm(data, size, &len, &err);
	free(png);
	free(err);
	return 0;
}
