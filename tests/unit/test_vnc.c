/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The VNC console's pure parts: where framebuffer pixels land on cells
 * (fit and 1:1), damage to cells and back, the mouse's pixel; keysyms for
 * every key vmdeck sends, and their press/release events.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/vnc/vncfb.h"
#include "../../src/vnc/vncmap.h"
#include "../../src/vnc/vnckeys.h"
#include "../../src/ui/term.h"
#include "../../src/ui/view.h"
#include "../../src/ui/vncinput.h"

static void
rect_is(struct vncrect r, int x, int y, int w, int h)
{
	if (r.x != x || r.y != y || r.w != w || r.h != h)
		fail_msg("rect %d,%d %dx%d, want %d,%d %dx%d", r.x, r.y, r.w,
		    r.h, x, y, w, h);
}

/* Fitting keeps the aspect (a cell is one pixel wide, two tall) and
 * centres; up and down. */
static void
test_map_fit(void **state)
{
	struct vncmap m;

	(void)state;
	/* VGA text mode on a 120x38 area: width decides */
	vncmap_layout(&m, 720, 400, 120, 38, VNCMAP_FIT, NULL, NULL);
	rect_is(m.src, 0, 0, 720, 400);
	rect_is(m.cells, 0, 2, 120, 34);
	/* 640x480 on 80x20: height decides, centred across */
	vncmap_layout(&m, 640, 480, 80, 20, VNCMAP_FIT, NULL, NULL);
	rect_is(m.cells, 13, 0, 54, 20);
	/* a tiny screen is scaled up */
	vncmap_layout(&m, 8, 4, 80, 24, VNCMAP_FIT, NULL, NULL);
	rect_is(m.cells, 0, 2, 80, 20);
	/* nonsense sizes stay sane */
	vncmap_layout(&m, 0, 0, 0, 0, VNCMAP_FIT, NULL, NULL);
	rect_is(m.cells, 0, 0, 1, 1);
}

/* Damage: a pixel maps to the one cell showing it; the whole screen to
 * every cell; the cells' source covers the damage. */
static void
test_map_damage(void **state)
{
	struct vncmap m;
	struct vncrect c, s;

	(void)state;
	vncmap_layout(&m, 720, 400, 120, 38, VNCMAP_FIT, NULL, NULL);
	assert_true(vncmap_damage(&m, (struct vncrect){ 0, 0, 1, 1 }, &c));
	rect_is(c, 0, 2, 1, 1);
	assert_true(vncmap_damage(&m, (struct vncrect){ 719, 399, 1, 1 },
	    &c));
	rect_is(c, 119, 35, 1, 1);
	assert_true(vncmap_damage(&m, (struct vncrect){ 0, 0, 720, 400 },
	    &c));
	rect_is(c, 0, 2, 120, 34);
	/* a 6x12 block at a cell's corner: exactly that cell */
	assert_true(vncmap_damage(&m, (struct vncrect){ 6, 0, 6, 11 }, &c));
	rect_is(c, 1, 2, 1, 1);
	s = vncmap_source(&m, c);
	rect_is(s, 6, 0, 6, 12);
	/* nothing, or off the screen: no cells */
	assert_false(vncmap_damage(&m, (struct vncrect){ 0, 0, 0, 5 }, &c));
	assert_false(vncmap_damage(&m, (struct vncrect){ 720, 0, 5, 5 }, &c));
	/* every damaged pixel lies in the source of its cells */
	for (int y = 0; y < 400; y += 37)
		for (int x = 0; x < 720; x += 53) {
			assert_true(vncmap_damage(&m,
			    (struct vncrect){ x, y, 1, 1 }, &c));
			s = vncmap_source(&m, c);
			assert_true(x >= s.x && x < s.x + s.w);
			assert_true(y >= s.y && y < s.y + s.h);
		}
}

/* 1:1: the pan is clamped and written back; damage outside the window is
 * not shown; each half cell is one pixel. */
static void
test_map_one(void **state)
{
	struct vncmap m;
	struct vncrect c;
	int px = 2000, py = -5, x, y;

	(void)state;
	vncmap_layout(&m, 1024, 768, 120, 38, VNCMAP_ONE, &px, &py);
	assert_int_equal(px, 904);
	assert_int_equal(py, 0);
	rect_is(m.src, 904, 0, 120, 76);
	rect_is(m.cells, 0, 0, 120, 38);
	assert_true(vncmap_damage(&m, (struct vncrect){ 900, 0, 10, 10 }, &c));
	rect_is(c, 0, 0, 6, 5);
	assert_false(vncmap_damage(&m, (struct vncrect){ 0, 0, 900, 768 },
	    &c));
	assert_true(vncmap_point(&m, 0, 0, 0, &x, &y));
	assert_int_equal(x, 904);
	assert_int_equal(y, 0);
	assert_true(vncmap_point(&m, 5, 3, 1, &x, &y));
	assert_int_equal(x, 909);
	assert_int_equal(y, 7);
	/* a small screen at 1:1 is centred, not stretched */
	px = py = 0;
	vncmap_layout(&m, 100, 50, 120, 38, VNCMAP_ONE, &px, &py);
	rect_is(m.cells, 10, 6, 100, 25);
}

/* The mouse: a cell's halves are the pixels at their centres; outside
 * the picture there is none. */
static void
test_map_point(void **state)
{
	struct vncmap m;
	int x, y;

	(void)state;
	vncmap_layout(&m, 720, 400, 120, 38, VNCMAP_FIT, NULL, NULL);
	assert_true(vncmap_point(&m, 0, 2, 0, &x, &y));
	assert_int_equal(x, 3);
	assert_int_equal(y, 2);
	assert_true(vncmap_point(&m, 0, 2, 1, &x, &y));
	assert_int_equal(y, 8);
	assert_true(vncmap_point(&m, 119, 35, 1, &x, &y));
	assert_int_equal(x, 717);
	assert_int_equal(y, 397);
	assert_false(vncmap_point(&m, 0, 1, 0, &x, &y));	/* above */
	assert_false(vncmap_point(&m, 0, 36, 0, &x, &y));	/* below */
}

static void
key_is(struct vnckey k, uint32_t sym, unsigned mods)
{
	if (k.sym != sym || k.mods != mods)
		fail_msg("key 0x%x mods %u, want 0x%x mods %u", k.sym, k.mods,
		    sym, mods);
}

/* Characters: Latin-1 as themselves, the rest as Unicode keysyms,
 * control characters as their keys or Ctrl with a letter. */
static void
test_keys_chars(void **state)
{
	struct vnckey k;

	(void)state;
	assert_true(vnckey_from_char('a', &k));
	key_is(k, 'a', 0);
	/* what a US keyboard shifts comes with Shift: the server takes the
	 * key from the keysym and Shift from the client */
	assert_true(vnckey_from_char('~', &k));
	key_is(k, '~', VNCKEY_MOD_SHIFT);
	assert_true(vnckey_from_char('!', &k));
	key_is(k, '!', VNCKEY_MOD_SHIFT);
	assert_true(vnckey_from_char('"', &k));
	key_is(k, '"', VNCKEY_MOD_SHIFT);
	assert_true(vnckey_from_char('Q', &k));
	key_is(k, 'Q', VNCKEY_MOD_SHIFT);
	assert_true(vnckey_from_char('1', &k));
	key_is(k, '1', 0);
	assert_true(vnckey_from_char('\'', &k));
	key_is(k, '\'', 0);
	assert_true(vnckey_from_char(0xe9, &k));	/* é */
	key_is(k, 0xe9, 0);
	assert_true(vnckey_from_char(0x20ac, &k));	/* € */
	key_is(k, 0x010020ac, 0);
	assert_true(vnckey_from_char('\r', &k));
	key_is(k, VNCKEY_RETURN, 0);
	assert_true(vnckey_from_char('\t', &k));
	key_is(k, VNCKEY_TAB, 0);
	assert_true(vnckey_from_char(127, &k));
	key_is(k, VNCKEY_BACKSPACE, 0);
	assert_true(vnckey_from_char(27, &k));
	key_is(k, VNCKEY_ESCAPE, 0);
	assert_true(vnckey_from_char(3, &k));		/* Ctrl-C */
	key_is(k, 'c', VNCKEY_MOD_CTRL);
	assert_true(vnckey_from_char(31, &k));		/* Ctrl-_ */
	key_is(k, '_', VNCKEY_MOD_CTRL);
	assert_false(vnckey_from_char(0, &k));
	assert_false(vnckey_from_char(0xd800, &k));
	assert_false(vnckey_from_char(0x110000, &k));
	assert_false(vnckey_from_char(0x85, &k));
}

/* Every curses key of the table, through vncinput_key, gives what the
 * table says; the special ones by value. */
static void
test_keys_curses(void **state)
{
	struct vnckey k, want;
	int code, n = 0;

	(void)state;
	for (size_t i = 0; vncinput_table(i, &code, &want); i++, n++) {
		assert_true(vncinput_key(UI_KEY(code), &k));
		key_is(k, want.sym, want.mods);
	}
	assert_int_equal(n, 20 + 24);
	assert_true(vncinput_key(UI_KEY(KEY_UP), &k));
	key_is(k, 0xff52, 0);
	assert_true(vncinput_key(UI_KEY(KEY_DC), &k));
	key_is(k, 0xffff, 0);
	assert_true(vncinput_key(UI_KEY(KEY_F(1)), &k));
	key_is(k, 0xffbe, 0);
	assert_true(vncinput_key(UI_KEY(KEY_F(12)), &k));
	key_is(k, 0xffc9, 0);
	assert_true(vncinput_key(UI_KEY(KEY_F(15)), &k));	/* Shift-F3 */
	key_is(k, 0xffc0, VNCKEY_MOD_SHIFT);
	assert_true(vncinput_key(UI_KEY(KEY_SLEFT), &k));
	key_is(k, 0xff51, VNCKEY_MOD_SHIFT);
	assert_true(vncinput_key('x', &k));
	key_is(k, 'x', 0);
	assert_false(vncinput_key(UI_KEY(KEY_MOUSE), &k));
	assert_false(vncinput_key(UI_KEY(KEY_RESIZE), &k));
}

/* Press and release: modifiers around the key, released in reverse; the
 * menu's combinations; typed text with Shift for capitals. */
static void
test_keys_events(void **state)
{
	struct vnckey_event ev[VNCKEY_MAX_EVENTS], text[64];
	size_t n, skipped;

	(void)state;
	n = vnckey_events(vnckey_ctrl_alt_del(), ev);
	assert_int_equal(n, 6);
	assert_true(ev[0].sym == VNCKEY_CONTROL_L && ev[0].down);
	assert_true(ev[1].sym == VNCKEY_ALT_L && ev[1].down);
	assert_true(ev[2].sym == VNCKEY_DELETE && ev[2].down);
	assert_true(ev[3].sym == VNCKEY_DELETE && !ev[3].down);
	assert_true(ev[4].sym == VNCKEY_ALT_L && !ev[4].down);
	assert_true(ev[5].sym == VNCKEY_CONTROL_L && !ev[5].down);
	n = vnckey_events(vnckey_ctrl_alt_f(2), ev);
	assert_true(ev[2].sym == 0xffbf && ev[2].down);
	key_is(vnckey_ctrl_alt_f(12), 0xffc9, VNCKEY_MOD_CTRL | VNCKEY_MOD_ALT);

	n = vnckey_type_text("aB\n\xc3\xa9\xff", text, 64, &skipped);
	/* a: 2, B with Shift: 4, Return: 2, é: 2; the bad byte skipped */
	assert_int_equal(n, 10);
	assert_int_equal(skipped, 1);
	assert_true(text[0].sym == 'a' && text[0].down);
	assert_true(text[2].sym == VNCKEY_SHIFT_L && text[2].down);
	assert_true(text[3].sym == 'B');
	assert_true(text[5].sym == VNCKEY_SHIFT_L && !text[5].down);
	assert_true(text[6].sym == VNCKEY_RETURN);
	assert_true(text[8].sym == 0xe9);
	/* what does not fit is counted, not cut in half */
	n = vnckey_type_text("abcdef", text, 5, &skipped);
	assert_int_equal(n, 4);
	assert_int_equal(skipped, 4);
}

/* A frame of w x h pixels from f(x, y). */
static uint32_t *
frame(int w, int h, uint32_t (*f)(int, int))
{
	uint32_t *px = calloc((size_t)w * (size_t)h, sizeof *px);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			px[y * w + x] = f(x, y);
	return px;
}

static uint32_t
solid(int x, int y)
{
	(void)x;
	(void)y;
	return 0xc81e0a;
}

static uint32_t
checker(int x, int y)
{
	return (x + y) & 1 ? 0xffffff : 0x000000;
}

static uint32_t
gradient(int x, int y)
{
	(void)y;
	return (uint32_t)(x * 32) << 16;
}

static void
cell_is(const struct vncfb_cell *c, uint32_t ch, uint32_t fg, uint32_t bg)
{
	if (c->ch != ch || c->fg != fg || c->bg != bg)
		fail_msg("cell U+%04x %06x/%06x, want U+%04x %06x/%06x", c->ch,
		    c->fg, c->bg, ch, fg, bg);
}

/* Blocks: a solid screen is spaces of its colour (truecolor and the
 * 256-colour cube); a 1:1 checkerboard is upper half blocks in exact
 * black and white; a gradient keeps each column's colour, in 256 colours
 * the nearest of cube and grey ramp. */
static void
test_fb_blocks(void **state)
{
	struct vncmap m;
	struct vncfb_cell out[8 * 4];
	uint32_t *px;
	static const uint32_t want256[8] = { 16, 232, 52, 52, 88, 124, 124,
	    160 };

	(void)state;
	px = frame(16, 8, solid);
	vncmap_layout(&m, 16, 8, 8, 4, VNCMAP_FIT, NULL, NULL);
	rect_is(m.cells, 0, 1, 8, 2);
	vncfb_render(&m, px, 16, m.cells, VNCFB_TRUECOLOR, VNCFB_BLOCKS, out, 8);
	for (int i = 8; i < 24; i++)
		cell_is(&out[i], ' ', 0xc81e0a, 0xc81e0a);
	vncfb_render(&m, px, 16, m.cells, VNCFB_256, VNCFB_BLOCKS, out, 8);
	for (int i = 8; i < 24; i++)
		cell_is(&out[i], ' ', 160, 160);
	vncfb_render(&m, px, 16, m.cells, VNCFB_16, VNCFB_BLOCKS, out, 8);
	cell_is(&out[8], ' ', 1, 1);		/* dark red */
	free(px);

	px = frame(8, 4, checker);
	vncmap_layout(&m, 8, 4, 8, 2, VNCMAP_ONE, NULL, NULL);
	vncfb_render(&m, px, 8, m.cells, VNCFB_TRUECOLOR, VNCFB_BLOCKS, out, 8);
	for (int r = 0; r < 2; r++)
		for (int c = 0; c < 8; c++)
			cell_is(&out[r * 8 + c], VNCFB_UPPER_HALF,
			    c & 1 ? 0xffffff : 0, c & 1 ? 0 : 0xffffff);
	vncfb_render(&m, px, 8, m.cells, VNCFB_256, VNCFB_BLOCKS, out, 8);
	cell_is(&out[0], VNCFB_UPPER_HALF, 16, 231);
	cell_is(&out[1], VNCFB_UPPER_HALF, 231, 16);
	free(px);

	px = frame(8, 2, gradient);
	vncmap_layout(&m, 8, 2, 8, 1, VNCMAP_ONE, NULL, NULL);
	vncfb_render(&m, px, 8, m.cells, VNCFB_TRUECOLOR, VNCFB_BLOCKS, out, 8);
	for (int c = 0; c < 8; c++)
		cell_is(&out[c], ' ', (uint32_t)c * 32 << 16,
		    (uint32_t)c * 32 << 16);
	vncfb_render(&m, px, 8, m.cells, VNCFB_256, VNCFB_BLOCKS, out, 8);
	for (int c = 0; c < 8; c++)
		cell_is(&out[c], ' ', want256[c], want256[c]);
	free(px);

	/* a shrunk checkerboard averages to grey */
	px = frame(16, 16, checker);
	vncmap_layout(&m, 16, 16, 8, 4, VNCMAP_FIT, NULL, NULL);
	vncfb_render(&m, px, 16, m.cells, VNCFB_TRUECOLOR, VNCFB_BLOCKS, out, 8);
	cell_is(&out[m.cells.y * 8 + m.cells.x], ' ', 0x808080, 0x808080);
	free(px);
}

/* The palettes: cube corners, the grey ramp, the basic 16. */
static void
test_fb_palette(void **state)
{
	(void)state;
	assert_int_equal(vncfb_index256(0x000000), 16);
	assert_int_equal(vncfb_index256(0xffffff), 231);
	assert_int_equal(vncfb_index256(0xff0000), 196);
	assert_int_equal(vncfb_index256(0x808080), 244);
	assert_int_equal(vncfb_palette(244), 0x808080);
	assert_int_equal(vncfb_palette(196), 0xff0000);
	assert_int_equal(vncfb_index16(0x0000f0), 4);
	assert_int_equal(vncfb_index16(0xfefefe), 15);
}

static uint32_t
noise(int x, int y)
{
	uint32_t v = (uint32_t)(x * 7919 + y * 104729) * 2654435761u;

	return v >> 8;
}

/* Damage: redrawing only the cells a changed rectangle maps to gives the
 * same screen as redrawing everything, and nothing outside them changes. */
static void
test_fb_damage(void **state)
{
	enum { W = 100, H = 60, C = 37, R = 13 };
	struct vncmap m;
	struct vncfb_cell before[C * R], full[C * R], part[C * R];
	struct vncrect d = { 13, 7, 9, 5 }, cells;
	uint32_t *px = frame(W, H, noise);

	(void)state;
	vncmap_layout(&m, W, H, C, R, VNCMAP_FIT, NULL, NULL);
	memset(before, 0, sizeof before);
	vncfb_render(&m, px, W, m.cells, VNCFB_TRUECOLOR, VNCFB_BLOCKS, before,
	    C);
	for (int y = d.y; y < d.y + d.h; y++)
		for (int x = d.x; x < d.x + d.w; x++)
			px[y * W + x] = 0x123456;
	memcpy(full, before, sizeof full);
	vncfb_render(&m, px, W, m.cells, VNCFB_TRUECOLOR, VNCFB_BLOCKS, full, C);
	assert_true(vncmap_damage(&m, d, &cells));
	memcpy(part, before, sizeof part);
	vncfb_render(&m, px, W, cells, VNCFB_TRUECOLOR, VNCFB_BLOCKS, part, C);
	assert_memory_equal(part, full, sizeof full);
	assert_memory_not_equal(part, before, sizeof before);
	for (int r = 0; r < R; r++)
		for (int c = 0; c < C; c++)
			if (memcmp(&full[r * C + c], &before[r * C + c],
			    sizeof full[0]) != 0)
				assert_true(c >= cells.x && c < cells.x + cells.w &&
				    r >= cells.y && r < cells.y + cells.h);
	free(px);
}

/* Symbols (libchafa): a solid screen shows its colour in every cell. */
static void
test_fb_symbols(void **state)
{
	struct vncmap m;
	struct vncfb_cell out[8 * 4];
	uint32_t *px = frame(16, 16, solid);

	(void)state;
	vncmap_layout(&m, 16, 16, 8, 4, VNCMAP_FIT, NULL, NULL);
	vncfb_render(&m, px, 16, m.cells, VNCFB_TRUECOLOR, VNCFB_SYMBOLS, out,
	    8);
	for (int r = m.cells.y; r < m.cells.y + m.cells.h; r++)
		for (int c = m.cells.x; c < m.cells.x + m.cells.w; c++) {
			const struct vncfb_cell *o = &out[r * 8 + c];

			assert_int_equal(o->ch == ' ' ? o->bg : o->fg, 0xc81e0a);
		}
	free(px);
}

/* Images: the terminal's kind from libchafa's list (and kitty's own
 * variable); sixel and kitty sequences for a small picture. */
static void
test_fb_pixels(void **state)
{
	const char *mlterm[] = { "TERM=mlterm", NULL };
	const char *kitty[] = { "TERM=xterm-kitty", NULL };
	const char *plain[] = { "TERM=xterm-256color", NULL };
	const char *kid[] = { "TERM=xterm-256color", "KITTY_WINDOW_ID=3", NULL };
	uint32_t *px = frame(16, 8, solid);
	struct vncrect src = { 0, 0, 16, 8 };
	size_t len;
	char *img;

	(void)state;
	assert_int_equal(vncfb_detect_pixels(mlterm), VNCFB_PIXELS_SIXEL);
	assert_int_equal(vncfb_detect_pixels(kitty), VNCFB_PIXELS_KITTY);
	assert_int_equal(vncfb_detect_pixels(plain), VNCFB_PIXELS_NONE);
	assert_int_equal(vncfb_detect_pixels(kid), VNCFB_PIXELS_KITTY);
	img = vncfb_image(px, 16, src, 4, 2, 4, 8, VNCFB_PIXELS_SIXEL, &len);
	assert_true(len > 8);
	assert_memory_equal(img, "\033P", 2);		/* DCS … */
	assert_non_null(strchr(img, 'q'));		/* … sixel data … */
	assert_memory_equal(img + len - 2, "\033\\", 2);	/* … ST */
	free(img);
	img = vncfb_image(px, 16, src, 4, 2, 4, 8, VNCFB_PIXELS_KITTY, &len);
	assert_memory_equal(img, "\033_G", 3);	/* kitty's APC */
	free(img);
	free(px);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_fit),
		cmocka_unit_test(test_map_damage),
		cmocka_unit_test(test_map_one),
		cmocka_unit_test(test_map_point),
		cmocka_unit_test(test_keys_chars),
		cmocka_unit_test(test_keys_curses),
		cmocka_unit_test(test_keys_events),
		cmocka_unit_test(test_fb_blocks),
		cmocka_unit_test(test_fb_palette),
		cmocka_unit_test(test_fb_damage),
		cmocka_unit_test(test_fb_symbols),
		cmocka_unit_test(test_fb_pixels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
