/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * png: a PPM's pixels come out of the PNG exactly (inflated back with
 * zlib), every chunk's CRC holds, and bad PPMs are named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "../../src/util/png.h"

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* A 3x2 PPM (with a comment in its header) into PNG and back. */
static void
test_png_from_ppm(void **state)
{
	static const char hdr[] = "P6\n# made by a test\n3 2\n255\n";
	static const uint8_t px[18] = {
		255, 0, 0,  0, 255, 0,  0, 0, 255,
		0, 0, 0,  128, 128, 128,  255, 255, 255,
	};
	uint8_t ppm[sizeof hdr - 1 + sizeof px], raw[64];
	size_t len, at = 8;
	char *err = NULL;
	uint8_t *png;
	const char *types[] = { "IHDR", "IDAT", "IEND" };
	uLongf rawlen = sizeof raw;

	(void)state;
	memcpy(ppm, hdr, sizeof hdr - 1);
	memcpy(ppm + sizeof hdr - 1, px, sizeof px);
	png = png_from_ppm(ppm, sizeof ppm, &len, &err);
	assert_non_null(png);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	for (size_t i = 0; i < 3; i++) {
		uint32_t n = be32(png + at);

		assert_true(at + 12 + n <= len);
		assert_memory_equal(png + at + 4, types[i], 4);
		assert_int_equal(crc32(0L, png + at + 4, n + 4),
		    be32(png + at + 8 + n));
		if (i == 0) {
			assert_int_equal(be32(png + at + 8), 3);	/* width */
			assert_int_equal(be32(png + at + 12), 2);	/* height */
			assert_int_equal(png[at + 16], 8);	/* bits */
			assert_int_equal(png[at + 17], 2);	/* RGB */
		}
		if (i == 1) {
			assert_int_equal(uncompress(raw, &rawlen, png + at + 8,
			    n), Z_OK);
			assert_int_equal(rawlen, 2 * (1 + 9));
			/* filter byte 0, then the row's pixels */
			assert_int_equal(raw[0], 0);
			assert_memory_equal(raw + 1, px, 9);
			assert_int_equal(raw[10], 0);
			assert_memory_equal(raw + 11, px + 9, 9);
		}
		at += 12 + n;
	}
	assert_int_equal(at, len);
	free(png);
}

/* What is not a PPM vmdeck can read says why. */
static void
test_png_bad_ppm(void **state)
{
	static const struct {
		const char *in;
		const char *says;
	} cases[] = {
		{ "P5\n1 1\n255\n\x01", "no P6 header" },
		{ "P6\n2 2\n255\n\x01\x02\x03", "cut short: 2x2 needs 12" },
		{ "P6\n1 1\n65535\n\x01\x02\x03\x04\x05\x06", "out of range" },
		{ "P6\n-1 1\n255\n\x01\x02\x03", "out of range" },
		{ "P6", "out of range" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len;
		char *err = NULL;
		uint8_t *png = png_from_ppm((const uint8_t *)cases[i].in,
		    strlen(cases[i].in), &len, &err);

		assert_null(png);
		assert_non_null(err);
		if (strstr(err, cases[i].says) == NULL)
			fail_msg("case %zu: [%s] lacks [%s]", i, err,
			    cases[i].says);
		free(err);
	}
}

/* A PNG chunk (length, type, data, CRC) appended at *at. */
static void
chunk(uint8_t *out, size_t *at, const char *type, const uint8_t *d, size_t n)
{
	uint8_t *p = out + *at;
	uLong crc;

	p[0] = (uint8_t)(n >> 24);
	p[1] = (uint8_t)(n >> 16);
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	memcpy(p + 4, type, 4);
	memcpy(p + 8, d, n);
	crc = crc32(0L, p + 4, (uInt)(n + 4));
	p[8 + n] = (uint8_t)(crc >> 24);
	p[9 + n] = (uint8_t)(crc >> 16);
	p[10 + n] = (uint8_t)(crc >> 8);
	p[11 + n] = (uint8_t)crc;
	*at += 12 + n;
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Decoding: what png_encode_rgb wrote comes back; rows with each of
 * PNG's five filters come back exact; grey is grey; bad input is named. */
static void
test_png_decode(void **state)
{
	enum { W = 4, H = 5, ROW = W * 3 };
	uint8_t img[H][ROW], raw[H][ROW + 1], z[512], png[1024], ihdr[13] = {
		0, 0, 0, W, 0, 0, 0, H, 8, 2, 0, 0, 0 };
	uLongf zlen = sizeof z;
	size_t at = 8, len;
	uint32_t *px;
	uint8_t *enc;
	char *err = NULL;
	int w, h;

	(void)state;
	for (int y = 0; y < H; y++)
		for (int i = 0; i < ROW; i++)
			img[y][i] = (uint8_t)(y * 37 + i * 11 + (i % 3) * 70);
	/* round trip through the encoder (filter 0) */
	enc = png_encode_rgb(&img[0][0], W, H, ROW, &len);
	px = png_decode(enc, len, &w, &h, &err);
	assert_non_null(px);
	assert_int_equal(w, W);
	assert_int_equal(h, H);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			assert_int_equal(px[y * W + x], (uint32_t)img[y][x * 3] <<
			    16 | (uint32_t)img[y][x * 3 + 1] << 8 |
			    img[y][x * 3 + 2]);
	free(px);
	free(enc);

	/* row y filtered with type y: none, sub, up, average, Paeth */
	for (int y = 0; y < H; y++) {
		raw[y][0] = (uint8_t)y;
		for (int i = 0; i < ROW; i++) {
			int a = i >= 3 ? img[y][i - 3] : 0;
			int b = y > 0 ? img[y - 1][i] : 0;
			int c = y > 0 && i >= 3 ? img[y - 1][i - 3] : 0;
			int pred = y == 1 ? a : y == 2 ? b : y == 3 ? (a + b) / 2 :
			    y == 4 ? paeth(a, b, c) : 0;

			raw[y][i + 1] = (uint8_t)(img[y][i] - pred);
		}
	}
	assert_int_equal(compress(z, &zlen, &raw[0][0], sizeof raw), Z_OK);
	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	chunk(png, &at, "IHDR", ihdr, sizeof ihdr);
	chunk(png, &at, "IDAT", z, zlen);
	chunk(png, &at, "IEND", (const uint8_t *)"", 0);
	px = png_decode(png, at, &w, &h, &err);
	assert_non_null(px);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			if (px[y * W + x] != ((uint32_t)img[y][x * 3] << 16 |
			    (uint32_t)img[y][x * 3 + 1] << 8 | img[y][x * 3 + 2]))
				fail_msg("pixel %d,%d (filter %d): %06x", x, y, y,
				    px[y * W + x]);
	free(px);

	/* bad input */
	assert_null(png_decode((const uint8_t *)"GIF89a..", 8, &w, &h, &err));
	assert_non_null(strstr(err, "signature"));
	free(err);
	assert_null(png_decode(png, at - 20, &w, &h, &err));
	assert_non_null(err);
	free(err);

	/* sizes that would take gigabytes: refused at once, named */
	{
		static const uint32_t dims[][2] = {
			{ 16384, 16384 }, { 5000, 5000 }, { 4097, 4097 },
		};

		for (size_t i = 0; i < 3; i++) {
			uint8_t big[13] = { 0 };

			for (int k = 0; k < 4; k++) {
				big[k] = (uint8_t)(dims[i][0] >> (24 - 8 * k));
				big[4 + k] = (uint8_t)(dims[i][1] >> (24 - 8 * k));
			}
			big[8] = 8;
			big[9] = 2;
			at = 8;
			chunk(png, &at, "IHDR", big, sizeof big);
			chunk(png, &at, "IDAT", z, zlen);
			chunk(png, &at, "IEND", (const uint8_t *)"", 0);
			assert_null(png_decode(png, at, &w, &h, &err));
			assert_non_null(strstr(err, "pixels"));
			free(err);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_from_ppm),
		cmocka_unit_test(test_png_bad_ppm),
		cmocka_unit_test(test_png_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
