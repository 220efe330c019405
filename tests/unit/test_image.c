/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * image: a PPM's pixels come out of the PNG exactly (inflated back with
 * zlib and unfiltered here, not by libpng), every chunk's CRC holds, rows
 * are filtered (a gradient far smaller than unfiltered rows), palette and
 * low-bit-depth PNGs made here by hand decode, and bad input is named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "../../src/util/image.h"

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* PNG's five filters undone in place on h rows of w pixels of bpp bytes,
 * each row led by its filter byte: the test's own reading, so libpng's
 * writer is checked by something other than libpng. */
static void
unfilter(uint8_t *raw, int w, int h, int bpp)
{
	size_t row = (size_t)w * (size_t)bpp;

	for (int y = 0; y < h; y++) {
		uint8_t *cur = raw + (size_t)y * (row + 1), f = cur[0];
		const uint8_t *up = y > 0 ? cur - row : NULL;

		cur++;
		for (size_t i = 0; i < row; i++) {
			int a = i >= (size_t)bpp ? cur[i - bpp] : 0;
			int b = up ? up[i] : 0;
			int c = up && i >= (size_t)bpp ? up[i - bpp] : 0;

			assert_true(f <= 4);
			cur[i] = (uint8_t)(cur[i] + (f == 1 ? a : f == 2 ? b :
			    f == 3 ? (a + b) / 2 : f == 4 ? paeth(a, b, c) : 0));
		}
	}
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
	png = image_png_from_ppm(ppm, sizeof ppm, &len, &err);
	assert_non_null(png);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	/* the critical chunks in order; ancillary ones (sRGB: lower-case
	 * first letter) may come between */
	for (size_t i = 0; i < 3; ) {
		uint32_t n = be32(png + at);

		assert_true(at + 12 + n <= len);
		if (png[at + 4] >= 'a' && png[at + 4] <= 'z') {
			assert_int_equal(crc32(0L, png + at + 4, n + 4),
			    be32(png + at + 8 + n));
			at += 12 + n;
			continue;
		}
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
			unfilter(raw, 3, 2, 3);
			assert_memory_equal(raw + 1, px, 9);
			assert_memory_equal(raw + 11, px + 9, 9);
		}
		at += 12 + n;
		i++;
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
		uint8_t *png = image_png_from_ppm((const uint8_t *)cases[i].in,
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

/* Decoding: what image_png_from_rgb wrote comes back; rows with each of
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
	enc = image_png_from_rgb(&img[0][0], W, H, ROW, &len);
	px = image_png_decode(enc, len, &w, &h, &err);
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
	px = image_png_decode(png, at, &w, &h, &err);
	assert_non_null(px);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			if (px[y * W + x] != ((uint32_t)img[y][x * 3] << 16 |
			    (uint32_t)img[y][x * 3 + 1] << 8 | img[y][x * 3 + 2]))
				fail_msg("pixel %d,%d (filter %d): %06x", x, y, y,
				    px[y * W + x]);
	free(px);

	/* bad input */
	assert_null(image_png_decode((const uint8_t *)"GIF89a..", 8, &w, &h, &err));
	assert_non_null(strstr(err, "signature"));
	free(err);
	assert_null(image_png_decode(png, at - 20, &w, &h, &err));
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
			assert_null(image_png_decode(png, at, &w, &h, &err));
			assert_non_null(strstr(err, "pixels"));
			free(err);
		}
	}
}

/* A PNG made here chunk by chunk: signature, IHDR, the given extra chunk
 * (PLTE or none), one IDAT of the rows in raw, IEND. Returns its length. */
static size_t
hand_png(uint8_t *out, const uint8_t ihdr[13], const char *extra_type,
    const uint8_t *extra, size_t extra_n, const uint8_t *raw, size_t raw_n)
{
	uint8_t z[1024];
	uLongf zlen = sizeof z;
	size_t at = 8;

	assert_int_equal(compress(z, &zlen, raw, raw_n), Z_OK);
	memcpy(out, "\x89PNG\r\n\x1a\n", 8);
	chunk(out, &at, "IHDR", ihdr, 13);
	if (extra_type != NULL)
		chunk(out, &at, extra_type, extra, extra_n);
	chunk(out, &at, "IDAT", z, zlen);
	chunk(out, &at, "IEND", (const uint8_t *)"", 0);
	return at;
}

/* Palette PNGs (refused by the hand-written decoder before libpng) at 8
 * and 2 bits an index, and RGBA whose alpha is dropped, not blended. */
static void
test_png_palette_alpha(void **state)
{
	static const uint8_t plte[12] = {
		255, 0, 0,  0, 255, 0,  0, 0, 255,  10, 20, 30,
	};
	/* 4x2, 8-bit indices: rows 0 1 2 3 / 3 2 1 0 */
	static const uint8_t ihdr8[13] = { 0, 0, 0, 4, 0, 0, 0, 2, 8, 3, 0, 0,
		0 };
	static const uint8_t raw8[] = { 0, 0, 1, 2, 3,  0, 3, 2, 1, 0 };
	/* the same at 2 bits: 0b00011011 and 0b11100100 */
	static const uint8_t ihdr2[13] = { 0, 0, 0, 4, 0, 0, 0, 2, 2, 3, 0, 0,
		0 };
	static const uint8_t raw2[] = { 0, 0x1b,  0, 0xe4 };
	/* 2x1 RGBA, both pixels transparent or half so */
	static const uint8_t ihdra[13] = { 0, 0, 0, 2, 0, 0, 0, 1, 8, 6, 0, 0,
		0 };
	static const uint8_t rawa[] = { 0, 200, 100, 50, 0,  1, 2, 3, 128 };
	static const uint32_t want[8] = {
		0xff0000, 0x00ff00, 0x0000ff, 0x0a141e,
		0x0a141e, 0x0000ff, 0x00ff00, 0xff0000,
	};
	uint8_t png[2048];
	size_t len;
	uint32_t *px;
	char *err = NULL;
	int w, h;

	(void)state;
	len = hand_png(png, ihdr8, "PLTE", plte, sizeof plte, raw8, sizeof raw8);
	px = image_png_decode(png, len, &w, &h, &err);
	assert_non_null(px);
	assert_int_equal(w, 4);
	assert_int_equal(h, 2);
	assert_memory_equal(px, want, sizeof want);
	free(px);

	len = hand_png(png, ihdr2, "PLTE", plte, sizeof plte, raw2, sizeof raw2);
	px = image_png_decode(png, len, &w, &h, &err);
	assert_non_null(px);
	assert_memory_equal(px, want, sizeof want);
	free(px);

	/* an index past the palette: libpng's reason, no pixels */
	{
		static const uint8_t bad[] = { 0, 0, 1, 2, 9,  0, 3, 2, 1, 0 };

		len = hand_png(png, ihdr8, "PLTE", plte, sizeof plte, bad,
		    sizeof bad);
		px = image_png_decode(png, len, &w, &h, &err);
		if (px != NULL)
			free(px);	/* libpng may map it to black instead */
		else {
			assert_non_null(strstr(err, "PNG"));
			free(err);
		}
	}
	/* palette type without a PLTE chunk */
	len = hand_png(png, ihdr8, NULL, NULL, 0, raw8, sizeof raw8);
	assert_null(image_png_decode(png, len, &w, &h, &err));
	assert_non_null(strstr(err, "cannot be read"));
	free(err);

	len = hand_png(png, ihdra, NULL, NULL, 0, rawa, sizeof rawa);
	px = image_png_decode(png, len, &w, &h, &err);
	assert_non_null(px);
	assert_int_equal(px[0], 0xc86432);
	assert_int_equal(px[1], 0x010203);
	free(px);
}

/* Filtered rows: a 256x256 gradient comes out well under half the size of
 * the same rows unfiltered (what the hand-written encoder wrote: filter 0,
 * zlib's default level), and decodes back exact. */
static void
test_png_gradient_size(void **state)
{
	enum { W = 256, H = 256, ROW = W * 3 };
	uint8_t *img = malloc((size_t)H * ROW), *raw = malloc((size_t)H *
	    (ROW + 1)), *z, *png;
	uLongf zlen = compressBound((uLong)H * (ROW + 1));
	size_t len;
	uint32_t *px;
	char *err = NULL;
	int w, h;

	(void)state;
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++) {
			uint8_t *p = img + y * ROW + x * 3;

			p[0] = (uint8_t)x;
			p[1] = (uint8_t)y;
			p[2] = (uint8_t)((x + y) / 2);
		}
	for (int y = 0; y < H; y++) {
		raw[y * (ROW + 1)] = 0;
		memcpy(raw + y * (ROW + 1) + 1, img + y * ROW, ROW);
	}
	z = malloc(zlen);
	assert_int_equal(compress(z, &zlen, raw, (uLong)H * (ROW + 1)), Z_OK);
	png = image_png_from_rgb(img, W, H, ROW, &len);
	print_message("gradient 256x256: %zu bytes filtered, %lu unfiltered\n",
	    len, (unsigned long)zlen);
	assert_true(len * 2 < zlen);
	px = image_png_decode(png, len, &w, &h, &err);
	assert_non_null(px);
	for (int y = 0; y < H; y++)
		for (int x = 0; x < W; x++)
			assert_int_equal(px[y * W + x], (uint32_t)x << 16 |
			    (uint32_t)y << 8 | (uint32_t)((x + y) / 2));
	free(px);
	free(png);
	free(z);
	free(raw);
	free(img);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_png_from_ppm),
		cmocka_unit_test(test_png_bad_ppm),
		cmocka_unit_test(test_png_decode),
		cmocka_unit_test(test_png_palette_alpha),
		cmocka_unit_test(test_png_gradient_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
