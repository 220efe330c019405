/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * textscreen: synthetic framebuffers drawn here from the VGA BIOS font
 * (random text and colours, 9- and 8-wide cells, offsets, a partial last
 * row) are read back exactly; a graphic in the middle falls back cell by
 * cell and the rest stays text; a damaged rectangle is read again alone;
 * hostile sizes neither crash nor read outside the frame.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/vnc/textscreen.h"
#include "../../src/vnc/vgafont.h"

static struct vgafont font;
static bool have_font;

static int
setup(void **state)
{
	char *err = NULL;

	(void)state;
	have_font = vgafont_load(&font, &err) == 0;
	if (!have_font) {
		print_message("SKIPPED: %s\n", err);
		free(err);
	}
	return 0;
}

/* Draw code in fg on bg at (x, y), cw wide (9: VGA's ninth column). */
static void
draw_glyph(uint32_t *fb, int stride, int x, int y, int cw, int code,
    uint32_t fg, uint32_t bg)
{
	for (int r = 0; r < VGAFONT_H; r++) {
		uint8_t b = font.glyph[code][r];

		for (int c = 0; c < cw; c++) {
			bool ink = c < 8 ? (b >> (7 - c)) & 1 :
			    code >= 0xc0 && code <= 0xdf && (b & 1);

			fb[(size_t)(y + r) * (size_t)stride + (size_t)(x + c)] =
			    ink ? fg : bg;
		}
	}
}

static unsigned seed = 7;

static unsigned
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 16;
}

/* What a code reads back as: glyphs drawn alike read as the first of
 * them (blank 0x00/0xFF read as 0x20). */
static int
canonical(int code)
{
	for (int c = 0; c < 256; c++) {
		int pick = c < 0x5f ? c + 0x20 : c < 0xdf ? c + 0x21 : c - 0xdf;

		if (pick > 0xff)
			continue;
		if (memcmp(font.glyph[pick], font.glyph[code], VGAFONT_H) == 0)
			return pick;
	}
	return code;
}

static void
test_text_exact(void **state)
{
	static const struct {
		int cw, x0, y0, w, h;
	} cases[] = {
		{ 9, 0, 0, 720, 400 },		/* VGA text mode 80x25 */
		{ 8, 0, 0, 640, 400 },
		{ 8, 0, 0, 800, 600 },		/* fbcon: 100x37, a partial row */
		{ 9, 5, 3, 730, 410 },		/* offsets */
		{ 8, 7, 11, 1024, 768 },
	};

	(void)state;
	if (!have_font)
		return;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		int cw = cases[k].cw, w = cases[k].w, h = cases[k].h;
		int cols = (w - cases[k].x0) / cw;
		int rows = (h - cases[k].y0) / VGAFONT_H;
		uint32_t *fb = calloc((size_t)w * (size_t)h, sizeof *fb);
		int *codes = calloc((size_t)cols * (size_t)rows, sizeof *codes);
		uint32_t *fgs = calloc((size_t)cols * (size_t)rows, sizeof *fgs);
		uint32_t *bgs = calloc((size_t)cols * (size_t)rows, sizeof *bgs);
		struct textscreen t;

		for (int i = 0; i < w * h; i++)
			fb[i] = 0x000000;
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < cols; c++) {
				int i = r * cols + c;

				codes[i] = (int)(rnd() % 256);
				fgs[i] = (rnd() % 0xffffff) | 0x010101;
				bgs[i] = (rnd() % 4) ? 0x000000 : 0x0000aa;
				if (fgs[i] == bgs[i])
					fgs[i] ^= 0xffffff;
				draw_glyph(fb, w, cases[k].x0 + c * cw,
				    cases[k].y0 + r * VGAFONT_H, cw, codes[i],
				    fgs[i], bgs[i]);
			}
		textscreen_init(&t, &font);
		assert_true(textscreen_find(&t, fb, w, h, w));
		assert_int_equal(t.cw, cw);
		assert_int_equal(t.x0, cases[k].x0);
		assert_int_equal(t.y0, cases[k].y0);
		assert_int_equal(t.cols, cols);
		assert_int_equal(t.rows, rows);
		/* every cell read so that drawing it again gives its pixels
		 * (a half block on one colour is the other half on the
		 * other: either reading is the screen), and the codes
		 * themselves for nearly all */
		int same = 0;

		for (int i = 0; i < cols * rows; i++) {
			const struct textcell *c = &t.cells[i];
			int x = cases[k].x0 + (i % cols) * cw;
			int y = cases[k].y0 + (i / cols) * VGAFONT_H;
			uint32_t cell[9 * VGAFONT_H];

			if (c->code == TEXTCELL_NONE)
				fail_msg("case %zu cell %d (code %02x) not read", k,
				    i, codes[i]);
			draw_glyph(cell, cw, 0, 0, cw, (int)c->code, c->fg, c->bg);
			for (int r = 0; r < VGAFONT_H; r++)
				if (memcmp(cell + r * cw, fb + (size_t)(y + r) *
				    (size_t)w + (size_t)x, (size_t)cw *
				    sizeof *cell) != 0)
					fail_msg("case %zu cell %d: %02x read as %02x "
					    "draws otherwise", k, i, codes[i],
					    c->code);
			same += (int)c->code == canonical(codes[i]) &&
			    c->fg == fgs[i] && c->bg == bgs[i];
		}
		print_message("case %zu: %dx%d cells, %d of %d codes and colours "
		    "as drawn\n", k, cols, rows, same, cols * rows);
		assert_true(same * 100 >= cols * rows * 95);
		assert_true(textscreen_is_text(&t));
		textscreen_free(&t);
		free(fb);
		free(codes);
		free(fgs);
		free(bgs);
	}
}

/* A 64x64 graphic (many colours) in the middle of an 80x25 text screen:
 * its cells fall back, every other cell is still text; then a damaged
 * rectangle over the graphic, redrawn as text, is read again alone. */
static void
test_graphic_and_damage(void **state)
{
	enum { W = 720, H = 400 };
	uint32_t *fb = calloc(W * H, sizeof *fb);
	struct textscreen t;
	int none = 0;

	(void)state;
	if (!have_font) {
		free(fb);
		return;
	}
	for (int r = 0; r < 25; r++)
		for (int c = 0; c < 80; c++)
			draw_glyph(fb, W, c * 9, r * 16, 9, 'A' + (r + c) % 26,
			    0xaaaaaa, 0x000000);
	for (int y = 168; y < 232; y++)
		for (int x = 328; x < 392; x++)
			fb[y * W + x] = (uint32_t)(x * 4) << 16 | (uint32_t)(y * 3);
	textscreen_init(&t, &font);
	assert_true(textscreen_find(&t, fb, W, H, W));
	for (int r = 0; r < 25; r++)
		for (int c = 0; c < 80; c++) {
			bool in = c * 9 + 8 >= 328 && c * 9 < 392 &&
			    r * 16 + 15 >= 168 && r * 16 < 232;
			const struct textcell *k = &t.cells[r * 80 + c];

			if (in) {
				assert_int_equal(k->code, TEXTCELL_NONE);
				none++;
			} else
				assert_int_equal(k->code, 'A' + (r + c) % 26);
		}
	assert_true(none > 0 && none < 60);
	assert_true(textscreen_is_text(&t));
	/* the graphic's place redrawn as text; one other cell changed
	 * behind the reader's back stays as it was read */
	for (int r = 10; r < 15; r++)
		for (int c = 36; c < 44; c++)
			draw_glyph(fb, W, c * 9, r * 16, 9, 'z', 0xffffff, 0x0000aa);
	draw_glyph(fb, W, 0, 0, 9, 'q', 0xffffff, 0x000000);
	textscreen_update(&t, fb, W, 324, 160, 72, 80);
	for (int r = 10; r < 15; r++)
		for (int c = 36; c < 44; c++)
			assert_int_equal(t.cells[r * 80 + c].code, 'z');
	assert_int_equal(t.cells[0].code, 'A');
	assert_int_equal(t.hits, t.inked);
	textscreen_free(&t);
	free(fb);
}

/* The text cursor's lines over a glyph (as QEMU draws them, the cell's
 * full width, rows 14 and 15): the glyph is read and the cursor's place
 * kept; the cursor blinking off leaves the same text. */
static void
test_cursor(void **state)
{
	enum { W = 720, H = 400 };
	uint32_t *fb = calloc(W * H, sizeof *fb);
	struct textscreen t;

	(void)state;
	if (!have_font) {
		free(fb);
		return;
	}
	for (int c = 0; c < 30; c++)
		draw_glyph(fb, W, c * 9, 3 * 16, 9, "root@lab:~# ls -l /srv/data"[c %
		    27], 0xaaaaaa, 0);
	for (int y = 14; y < 16; y++)
		for (int x = 0; x < 9; x++)
			fb[(3 * 16 + y) * W + 7 * 9 + x] = 0xaaaaaa;
	textscreen_init(&t, &font);
	assert_true(textscreen_find(&t, fb, W, H, W));
	assert_int_equal(t.cells[3 * 80 + 7].code, 'b');
	assert_true(t.cells[3 * 80 + 7].cursor);
	assert_int_equal(t.cur_col, 7);
	assert_int_equal(t.cur_row, 3);
	/* blinked off: the same character, the place kept */
	draw_glyph(fb, W, 7 * 9, 3 * 16, 9, 'b', 0xaaaaaa, 0);
	textscreen_update(&t, fb, W, 7 * 9, 3 * 16, 9, 16);
	assert_int_equal(t.cells[3 * 80 + 7].code, 'b');
	assert_false(t.cells[3 * 80 + 7].cursor);
	assert_int_equal(t.cur_col, 7);
	textscreen_free(&t);
	free(fb);
}

/* Frames that are no text, and sizes at the edges: no grid, no crash. */
static void
test_not_text(void **state)
{
	static const int sizes[][2] = { { 1, 1 }, { 7, 15 }, { 8, 16 },
		{ 9, 400 }, { 640, 480 } };
	struct textscreen t;

	(void)state;
	if (!have_font)
		return;
	textscreen_init(&t, &font);
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		int w = sizes[k][0], h = sizes[k][1];
		uint32_t *fb = calloc((size_t)w * (size_t)h, sizeof *fb);

		/* noise: every pixel its own colour */
		for (int i = 0; i < w * h; i++)
			fb[i] = rnd() & 0xffffff;
		assert_false(textscreen_find(&t, fb, w, h, w));
		textscreen_update(&t, fb, w, -5, -5, 100000, 100000);
		free(fb);
	}
	textscreen_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_exact),
		cmocka_unit_test(test_graphic_and_damage),
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_not_text),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
