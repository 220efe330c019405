/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * textscreen: synthetic framebuffers drawn here from the VGA BIOS font
 * (random text and colours, 9- and 8-wide cells, offsets, a partial last
 * row) are read back exactly; a graphic in the middle falls back cell by
 * cell and the rest stays text; a damaged rectangle is read again alone;
 * hostile sizes neither crash nor read outside the frame. PSF fonts:
 * made here (version 1 and 2, gzip'ed) their new glyphs are added with
 * their Unicode characters and read back; broken ones are refused with
 * the reason; the host's console-setup fonts read back as their own
 * characters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "../common/testutil.h"

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

/* Draw glyph g of font f (8 wide) at (x, y). */
static void
draw_from(const struct vgafont *f, uint32_t *fb, int stride, int x, int y,
    int g, uint32_t fg, uint32_t bg)
{
	for (int r = 0; r < VGAFONT_H; r++)
		for (int c = 0; c < 8; c++)
			fb[(size_t)(y + r) * (size_t)stride + (size_t)(x + c)] =
			    (f->glyph[g][r] >> (7 - c)) & 1 ? fg : bg;
}

/* Write len bytes to dir/name, gzip'ed; returns the path (caller frees). */
static char *
write_gz(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = testutil_write(dir, name, "", 0);
	gzFile z = gzopen(path, "wb");

	assert_non_null(z);
	assert_int_equal(gzwrite(z, data, (unsigned)len), (int)len);
	gzclose(z);
	return path;
}

/* A glyph no VGA code draws: rows from a seed. */
static void
odd_glyph(uint8_t *g, unsigned k)
{
	for (int r = 0; r < VGAFONT_H; r++)
		g[r] = (uint8_t)((r * 37 + k * 101) ^ (r << 3) ^ 0x5a);
}

/* PSF 2 and PSF 1 fonts made here, gzip'ed: the glyphs the VGA font lacks
 * are added as the first character of their Unicode entry (a glyph with
 * only a sequence of characters, or one the VGA font has, is not), and a
 * screen drawn with them reads as those characters. */
static void
test_psf_fonts(void **state)
{
	struct vgafont f;
	char *err = NULL, *dir = testutil_tmpdir(), *path;
	uint8_t psf2[32 + 4 * 16 + 32], psf1[4 + 256 * 16 + 256 * 4 + 8];
	size_t n = 0;

	(void)state;
	if (!have_font) {
		free(dir);
		return;
	}
	assert_int_equal(vgafont_load(&f, &err), 0);
	assert_int_equal(f.n, 256);
	/* version 2: 4 glyphs, a Unicode table in UTF-8 */
	memset(psf2, 0, sizeof psf2);
	memcpy(psf2, "\x72\xb5\x4a\x86", 4);
	psf2[8] = 32;			/* header size */
	psf2[12] = 1;			/* a Unicode table */
	psf2[16] = 4;			/* glyphs */
	psf2[20] = 16;			/* bytes a glyph */
	psf2[24] = 16;			/* height */
	psf2[28] = 8;			/* width */
	odd_glyph(psf2 + 32, 1);
	odd_glyph(psf2 + 48, 2);
	memcpy(psf2 + 64, f.glyph['A'], 16);	/* the VGA font has it */
	odd_glyph(psf2 + 80, 3);
	n = 96;
	memcpy(psf2 + n, "\xd0\x96\xff", 3);	/* Ж */
	n += 3;
	memcpy(psf2 + n, "\xce\xbb\xfe" "xy\xff", 6);	/* λ, then a sequence */
	n += 6;
	memcpy(psf2 + n, "A\xff", 2);
	n += 2;
	memcpy(psf2 + n, "\xfe" "ab\xff", 4);	/* a sequence only */
	n += 4;
	path = write_gz(dir, "two.psf.gz", psf2, n);
	assert_int_equal(vgafont_add_psf_file(&f, path, &err), 2);
	free(path);
	assert_int_equal(f.n, 258);
	assert_int_equal(f.unicode[256], 0x416);
	assert_int_equal(f.unicode[257], 0x3bb);
	/* glyphs standing for ESC, a C1 control and a bidi override are not
	 * taken: the view would write them to the terminal */
	{
		uint8_t bad[32 + 3 * 16 + 16];
		size_t m = 32 + 3 * 16;

		memcpy(bad, psf2, 32);
		bad[16] = 3;
		odd_glyph(bad + 32, 7);
		odd_glyph(bad + 48, 8);
		odd_glyph(bad + 64, 9);
		memcpy(bad + m, "\x1b\xff\xc2\x9b\xff\xe2\x80\xae\xff", 9);
		m += 9;
		assert_int_equal(vgafont_add_psf(&f, bad, m, &err), 0);
		assert_int_equal(f.n, 258);
	}
	/* version 1: 256 glyphs, one new (é), a table of 16-bit entries */
	memset(psf1, 0, sizeof psf1);
	psf1[0] = 0x36;
	psf1[1] = 0x04;
	psf1[2] = 0x02;			/* a Unicode table */
	psf1[3] = 16;
	odd_glyph(psf1 + 4 + 5 * 16, 4);
	n = 4 + 256 * 16;
	for (int g = 0; g < 256; g++) {
		unsigned u = g == 5 ? 0xe9 : 0x2000 + (unsigned)g;

		psf1[n++] = (uint8_t)u;
		psf1[n++] = (uint8_t)(u >> 8);
		psf1[n++] = 0xff;
		psf1[n++] = 0xff;
	}
	path = write_gz(dir, "one.psf.gz", psf1, n);
	assert_int_equal(vgafont_add_psf_file(&f, path, &err), 1);
	free(path);
	assert_int_equal(f.n, 259);
	assert_int_equal(f.unicode[258], 0xe9);
	/* a screen of VGA text with the three new glyphs in it */
	{
		enum { W = 640, H = 400 };
		uint32_t *fb = calloc(W * H, sizeof *fb);
		struct textscreen t;

		for (int c = 0; c < 80; c++)
			draw_from(&f, fb, W, c * 8, 0, 'a' + c % 26, 0xaaaaaa, 0);
		draw_from(&f, fb, W, 8 * 10, 32, 256, 0xffffff, 0x0000aa);
		draw_from(&f, fb, W, 8 * 11, 32, 257, 0xffffff, 0x0000aa);
		draw_from(&f, fb, W, 8 * 12, 32, 258, 0xffffff, 0x0000aa);
		textscreen_init(&t, &f);
		assert_true(textscreen_find(&t, fb, W, H, W));
		assert_int_equal(t.cw, 8);
		assert_int_equal(f.unicode[t.cells[2 * 80 + 10].code], 0x416);
		assert_int_equal(f.unicode[t.cells[2 * 80 + 11].code], 0x3bb);
		assert_int_equal(f.unicode[t.cells[2 * 80 + 12].code], 0xe9);
		assert_int_equal(t.cells[2 * 80 + 12].fg, 0xffffff);
		assert_int_equal(t.cells[2 * 80 + 12].bg, 0x0000aa);
		assert_int_equal(t.cells[3].code, 'd');
		textscreen_free(&t);
		free(fb);
	}
	/* refused, with the reason */
	{
		static const struct {
			const char *what;
			size_t len;
			int at, value;
			const char *why;
		} bad[] = {
			{ "garbage", 64, 0, 0x00, "not a PSF font" },
			{ "8x14", 96 + 15, 24, 14, "glyphs are 8x14; only 8x16" },
			{ "16 wide", 96 + 15, 28, 16, "glyphs are 16x16" },
			{ "no table", 96 + 15, 12, 0, "no Unicode table" },
			{ "cut", 60, 0, 0x72, "ends inside its glyphs" },
		};

		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			uint8_t copy[sizeof psf2];

			memcpy(copy, psf2, sizeof copy);
			copy[bad[i].at] = (uint8_t)bad[i].value;
			err = NULL;
			assert_int_equal(vgafont_add_psf(&f, copy, bad[i].len,
			    &err), -1);
			assert_non_null(err);
			if (strstr(err, bad[i].why) == NULL)
				fail_msg("%s: \"%s\" lacks \"%s\"", bad[i].what,
				    err, bad[i].why);
			free(err);
		}
		err = NULL;
		assert_int_equal(vgafont_add_psf_file(&f, "/nonexistent/x.psf",
		    &err), -1);
		assert_non_null(strstr(err, "/nonexistent/x.psf: "));
		free(err);
		assert_int_equal(f.n, 259);
	}
	vgafont_free(&f);
	testutil_rmtree(dir);
	free(dir);
}

/* The host's console-setup fonts (a Debian guest's console faces): every
 * font's glyphs drawn at random on an fbcon-sized screen read back as its
 * own characters, through the VGA font with all of them added. */
static void
test_console_fonts(void **state)
{
	static const char *const faces[] = { "Uni2-Fixed16", "Uni2-Terminus16",
		"Uni2-TerminusBold16", "Uni2-VGA16", "Lat15-Fixed16",
		"Lat15-Terminus16" };
	struct vgafont all;
	char *err = NULL;
	int added;

	(void)state;
	if (!have_font)
		return;
	if (access("/usr/share/consolefonts/Uni2-Terminus16.psf.gz", R_OK) != 0) {
		print_message("SKIPPED: no console-setup fonts here "
		    "(apt-get install console-setup-linux)\n");
		return;
	}
	assert_int_equal(vgafont_load(&all, &err), 0);
	added = vgafont_add_console_fonts(&all);
	print_message("console fonts: %d files, %d glyphs added to the VGA "
	    "font's 256\n", all.psf_files, added);
	assert_int_equal(all.psf_files, 8);
	assert_true(added > 100);
	for (size_t k = 0; k < sizeof faces / sizeof faces[0]; k++) {
		enum { W = 800, H = 600, COLS = 100, ROWS = 37 };
		struct vgafont face = { 0 };
		char path[128];
		uint32_t *fb = calloc(W * H, sizeof *fb);
		int *drawn = calloc(COLS * ROWS, sizeof *drawn);
		struct textscreen t;
		int same = 0, inked = 0;

		snprintf(path, sizeof path, "/usr/share/consolefonts/%s.psf.gz",
		    faces[k]);
		assert_true(vgafont_add_psf_file(&face, path, &err) > 0);
		for (int i = 0; i < COLS * ROWS; i++) {
			int g = (int)(rnd() % (unsigned)face.n);

			drawn[i] = g;
			draw_from(&face, fb, W, i % COLS * 8, i / COLS * 16, g,
			    0xaaaaaa, 0x000000);
		}
		textscreen_init(&t, &all);
		assert_true(textscreen_find(&t, fb, W, H, W));
		assert_int_equal(t.cw, 8);
		for (int i = 0; i < COLS * ROWS; i++) {
			const struct textcell *c = &t.cells[i];

			if (c->fg == c->bg)
				continue;	/* blank, or one colour: no ink */
			inked++;
			same += c->code != TEXTCELL_NONE &&
			    all.unicode[c->code] == face.unicode[drawn[i]];
		}
		print_message("%s: %d glyphs, %d of %d inked cells read as "
		    "their own characters (%.1f %%)\n", faces[k], face.n, same,
		    inked, 100.0 * same / inked);
		assert_true(same * 100 >= inked * 95);
		textscreen_free(&t);
		vgafont_free(&face);
		free(fb);
		free(drawn);
	}
	vgafont_free(&all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_exact),
		cmocka_unit_test(test_graphic_and_damage),
		cmocka_unit_test(test_cursor),
		cmocka_unit_test(test_not_text),
		cmocka_unit_test(test_psf_fonts),
		cmocka_unit_test(test_console_fonts),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
