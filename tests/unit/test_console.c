/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * Unit tests of the serial console's pure parts: keys into the bytes a
 * guest expects (also in application cursor mode), the escape key in a
 * typed buffer, the scrollback ring, the screen fed with guest output,
 * and which consoles a domain XML offers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/console/devices.h"
#include "../../src/cmd/direct.h"
#include "../../src/console/sbring.h"
#include "../../src/console/vt.h"
#include "../../src/ui/conview.h"
#include "../../src/ui/term.h"
#include "../../src/ui/view.h"

/* Feed a string literal (its length counted by the compiler). */
#define FEED(vt, lit) vt_feed((vt), (lit), sizeof (lit) - 1)

/* What vt has for the guest after a key (VT_KEY_*) or a character
 * (key 0), as a C string. */
static const char *
sent(struct vt *vt, enum vt_key key, uint32_t ch, unsigned mods)
{
	static char out[64];
	const char *p;
	size_t n;

	if (key != VT_KEY_NONE)
		vt_key(vt, key, mods);
	else
		vt_char(vt, ch, mods);
	n = vt_output(vt, &p);
	assert_true(n < sizeof out);
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

#define key_bytes(vt, key, mods) sent((vt), (key), 0, (mods))
#define char_bytes(vt, ch, mods) sent((vt), VT_KEY_NONE, (ch), (mods))

static void
test_keys_to_bytes(void **state)
{
	struct vt *vt = vt_new(24, 80, 100);

	(void)state;
	/* arrows: normal mode, then application cursor mode (DECCKM) */
	assert_string_equal(key_bytes(vt, VT_KEY_UP, 0), "\033[A");
	assert_string_equal(key_bytes(vt, VT_KEY_LEFT, 0), "\033[D");
	FEED(vt, "\033[?1h");
	assert_string_equal(key_bytes(vt, VT_KEY_UP, 0), "\033OA");
	FEED(vt, "\033[?1l");
	assert_string_equal(key_bytes(vt, VT_KEY_DOWN, 0), "\033[B");
	/* modifiers on arrows: xterm's CSI 1;m */
	assert_string_equal(key_bytes(vt, VT_KEY_RIGHT, VT_MOD_CTRL),
	    "\033[1;5C");
	assert_string_equal(key_bytes(vt, VT_KEY_UP, VT_MOD_SHIFT), "\033[1;2A");
	/* function keys */
	assert_string_equal(key_bytes(vt, VT_KEY_F0 + 1, 0), "\033OP");
	assert_string_equal(key_bytes(vt, VT_KEY_F0 + 5, 0), "\033[15~");
	assert_string_equal(key_bytes(vt, VT_KEY_F0 + 12, 0), "\033[24~");
	/* editing keys */
	assert_string_equal(key_bytes(vt, VT_KEY_DEL, 0), "\033[3~");
	assert_string_equal(key_bytes(vt, VT_KEY_PAGEUP, 0), "\033[5~");
	assert_string_equal(key_bytes(vt, VT_KEY_BACKSPACE, 0), "\177");
	assert_string_equal(key_bytes(vt, VT_KEY_ENTER, 0), "\r");
	assert_string_equal(key_bytes(vt, VT_KEY_TAB, VT_MOD_SHIFT), "\033[Z");
	/* control characters pass as they are; Ctrl and Alt with letters */
	assert_string_equal(char_bytes(vt, 3, 0), "\003");
	assert_string_equal(char_bytes(vt, 'c', VT_MOD_CTRL), "\003");
	assert_string_equal(char_bytes(vt, 'x', VT_MOD_ALT), "\033x");
	/* UTF-8 */
	assert_string_equal(char_bytes(vt, 0xe9, 0), "\xc3\xa9");
	assert_string_equal(char_bytes(vt, 0x20ac, 0), "\xe2\x82\xac");
	assert_string_equal(char_bytes(vt, 0x1f600, 0), "\xf0\x9f\x98\x80");
	/* a surrogate is no character: nothing goes */
	assert_string_equal(char_bytes(vt, 0xd800, 0), "");
	vt_free(vt);
}

/* curses key codes into vt's keys: the table the TUI uses */
static void
test_curses_keys(void **state)
{
	enum vt_key k;
	uint32_t ch;
	unsigned m;

	(void)state;
	assert_true(conview_translate(UI_KEY(KEY_UP), &k, &ch, &m));
	assert_int_equal(k, VT_KEY_UP);
	assert_int_equal(m, 0);
	assert_true(conview_translate(UI_KEY(KEY_SLEFT), &k, &ch, &m));
	assert_int_equal(k, VT_KEY_LEFT);
	assert_int_equal(m, VT_MOD_SHIFT);
	assert_true(conview_translate(UI_KEY(KEY_F(5)), &k, &ch, &m));
	assert_int_equal(k, VT_KEY_F0 + 5);
	assert_int_equal(m, 0);
	/* xterm: F17 is Shift-F5, F29 Ctrl-F5 */
	assert_true(conview_translate(UI_KEY(KEY_F(17)), &k, &ch, &m));
	assert_int_equal(k, VT_KEY_F0 + 5);
	assert_int_equal(m, VT_MOD_SHIFT);
	assert_true(conview_translate(UI_KEY(KEY_F(29)), &k, &ch, &m));
	assert_int_equal(m, VT_MOD_CTRL);
	assert_true(conview_translate(UI_KEY(KEY_BTAB), &k, &ch, &m));
	assert_int_equal(k, VT_KEY_TAB);
	assert_int_equal(m, VT_MOD_SHIFT);
	/* characters, control ones and UTF-8 ones, pass as code points */
	assert_true(conview_translate(0x1d, &k, &ch, &m));
	assert_int_equal(k, VT_KEY_NONE);
	assert_int_equal(ch, 0x1d);
	assert_true(conview_translate(0x20ac, &k, &ch, &m));
	assert_int_equal(ch, 0x20ac);
	/* keys that mean nothing to a guest */
	assert_false(conview_translate(UI_KEY(KEY_RESIZE), &k, &ch, &m));
	assert_false(conview_translate(-5, &k, &ch, &m));
}

static void
test_escape_find(void **state)
{
	(void)state;
	assert_int_equal(console_escape_find("abc", 3, 29), -1);
	assert_int_equal(console_escape_find("ab\035c", 4, 29), 2);
	assert_int_equal(console_escape_find("\035", 1, 29), 0);
	/* F12 detaches too, wherever it starts */
	assert_int_equal(console_escape_find("x\033[24~", 6, 29), 1);
	/* a sequence cut short is no F12, and other escapes are no escape */
	assert_int_equal(console_escape_find("x\033[24", 5, 29), -1);
	assert_int_equal(console_escape_find("\033[A\033[B", 6, 29), -1);
	/* another escape byte */
	assert_int_equal(console_escape_find("a\001", 2, 1), 1);
	assert_int_equal(console_escape_find("", 0, 29), -1);
}

static struct vt_cell
cell(uint32_t ch)
{
	struct vt_cell c = { .ch = ch, .fg = -1, .bg = -1, .width = 1 };
	return c;
}

static void
test_sbring(void **state)
{
	struct sbring r;
	struct vt_cell line[8], out[8];

	(void)state;
	sbring_init(&r, 3);
	assert_null(sbring_get(&r, 0));
	assert_int_equal(sbring_pop(&r, out, 8), -1);
	for (int i = 0; i < 5; i++) {
		for (int k = 0; k < 8; k++)
			line[k] = cell(k < 2 ? (uint32_t)('a' + i) : ' ');
		sbring_push(&r, line, 8);
	}
	/* three kept, newest first; trailing blanks not stored */
	assert_int_equal(r.count, 3);
	assert_int_equal(sbring_get(&r, 0)->cells[0].ch, 'e');
	assert_int_equal(sbring_get(&r, 0)->n, 2);
	assert_int_equal(sbring_get(&r, 2)->cells[0].ch, 'c');
	assert_null(sbring_get(&r, 3));
	/* a blank with a background colour is kept */
	line[7].bg = 4;
	sbring_push(&r, line, 8);
	assert_int_equal(sbring_get(&r, 0)->n, 8);
	/* pop: the newest back, padded with blanks */
	assert_int_equal(sbring_pop(&r, out, 8), 0);
	assert_int_equal(out[7].bg, 4);
	assert_int_equal(sbring_pop(&r, out, 8), 0);
	assert_int_equal(out[0].ch, 'e');
	assert_int_equal(out[5].ch, 0);
	assert_int_equal(r.count, 1);
	sbring_free(&r);
	/* a ring of 0 keeps nothing */
	sbring_init(&r, 0);
	sbring_push(&r, line, 8);
	assert_null(sbring_get(&r, 0));
	sbring_free(&r);
}

static void
test_vt_screen(void **state)
{
	struct vt *vt = vt_new(4, 20, 10000);
	char row[128];
	struct vt_cell c;
	int r, col;

	(void)state;
	FEED(vt, "one\r\ntwo\r\n\033[31mred\033[0m\r\nfour\r\nfive");
	/* "one" scrolled into the scrollback */
	assert_int_equal(vt_scrollback(vt), 1);
	assert_string_equal(vt_row_text(vt, -1, row, sizeof row), "one");
	assert_string_equal(vt_row_text(vt, 0, row, sizeof row), "two");
	assert_string_equal(vt_row_text(vt, 3, row, sizeof row), "five");
	vt_cell(vt, 1, 0, &c);
	assert_int_equal(c.ch, 'r');
	assert_int_equal(c.fg, 1);
	assert_int_equal(c.bg, -1);
	assert_true(vt_cursor(vt, &r, &col));
	assert_int_equal(r, 3);
	assert_int_equal(col, 4);
	/* a query is answered into the output: the cursor position */
	const char *out;
	vt_output(vt, &out);
	FEED(vt, "\033[6n");
	size_t n = vt_output(vt, &out);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "\033[4;5R", 6);
	/* a taller screen takes lines back from the scrollback */
	vt_resize(vt, 5, 20);
	assert_int_equal(vt_scrollback(vt), 0);
	assert_string_equal(vt_row_text(vt, 0, row, sizeof row), "one");
	/* UTF-8 and a wide character */
	FEED(vt, "\r\n\xc3\xa9\xe4\xb8\xad!");
	vt_cell(vt, 4, 0, &c);
	assert_int_equal(c.ch, 0xe9);
	vt_cell(vt, 4, 1, &c);
	assert_int_equal(c.ch, 0x4e2d);
	assert_int_equal(c.width, 2);
	vt_cell(vt, 4, 3, &c);
	assert_int_equal(c.ch, '!');
	/* garbage: invalid UTF-8, a cut escape, a huge parameter */
	FEED(vt, "\xff\xfe\xc3\033[999999999;99999999H\033[");
	FEED(vt, "?25l");
	assert_false(vt_cursor(vt, &r, &col));
	/* 17 or more parameters (which crash libvterm 0.1.4 unfiltered),
	 * also split across two feeds */
	FEED(vt, "\033[;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;;m");
	FEED(vt, "\033[1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;");
	FEED(vt, "1;1;1;1;1:1:1:1H\033[1;31mX");
	vt_cell(vt, 0, 0, &c);
	assert_int_equal(c.ch, 'X');
	assert_int_equal(c.fg, 1);
	/* REP with nothing to repeat made libvterm 0.1.4 loop forever; the
	 * filter repeats the character itself */
	{
		struct vt *v2 = vt_new(3, 20, 10);

		FEED(v2, "\033[3b\033[b");
		assert_string_equal(vt_row_text(v2, 0, row, sizeof row), "");
		FEED(v2, "x\033[3b.\033[0b");
		assert_string_equal(vt_row_text(v2, 0, row, sizeof row), "xxxx..");
		FEED(v2, "\r\n\xcc\x81\033[3b");	/* a combining mark */
		FEED(v2, "\033[99999999b");	/* capped */
		FEED(v2, "\033[?3b\033[3 b");	/* not REP */
		vt_free(v2);
	}
	/* the same behind a high byte or a control inside the escape */
	FEED(vt, "\033\270[;;;;;;;;;;;;;;;;;;;2m");
	FEED(vt, "\033[\n;;;;;;;;;;;;;;\377;;;;;;;;;2m");
	/* text below the cursor, then a much smaller screen: libvterm 0.1.4
	 * leaves the cursor above it, and an erase then crashed */
	vt_resize(vt, 25, 81);
	FEED(vt, "\033[10Hx\033[H");
	vt_resize(vt, 4, 42);
	vt_cursor(vt, &r, &col);
	assert_true(r >= 0 && r < 4);
	FEED(vt, "\033[J\033[10Hx\033[?1049l");
	vt_resize(vt, 3, 10);
	FEED(vt, "\033[J");
	/* a wide character cut by the last column, coming back from the
	 * scrollback into a narrower screen */
	vt_resize(vt, 2, 112);
	FEED(vt, "x\xe4\xb8\xad\r\n\r\n");
	vt_resize(vt, 9, 2);
	vt_cell(vt, 0, 1, &c);
	assert_int_equal(c.width, 1);
	/* the same in insert mode, which then crashed */
	vt_resize(vt, 25, 81);
	FEED(vt, "\033[4h\033[10Hx\0338;\177\0338");
	vt_resize(vt, 4, 42);
	FEED(vt, "7mm817mm\033[4l");
	/* a scrolling region below the new last row */
	vt_resize(vt, 16, 10);
	FEED(vt, "\033[10r");
	vt_resize(vt, 1, 2);
	FEED(vt, "abc\r\n\xe1\xc9");
	/* out of range cells are blank */
	vt_cell(vt, 99, 0, &c);
	assert_int_equal(c.ch, 0);
	vt_cell(vt, -99999, 0, &c);
	assert_int_equal(c.ch, 0);
	/* a tiny screen: one row of two columns at least (a wide character
	 * in one column crashes libvterm 0.1.4) */
	vt_resize(vt, 0, 0);
	vt_size(vt, &r, &col);
	assert_int_equal(r, 1);
	assert_int_equal(col, 2);
	FEED(vt, "still fine\r\n\xe4\xb8\xad\xe4\xb8\xad");
	vt_free(vt);
}

/* The scrollback keeps 10,000 lines by default, the oldest dropped. */
static void
test_vt_scrollback_limit(void **state)
{
	struct vt *vt = vt_new(10, 40, VT_SCROLLBACK_DEFAULT);
	char line[32], row[64];

	(void)state;
	for (int i = 0; i < 12000; i++) {
		int n = snprintf(line, sizeof line, "line %d\r\n", i);
		vt_feed(vt, line, (size_t)n);
	}
	assert_int_equal(vt_scrollback(vt), VT_SCROLLBACK_DEFAULT);
	/* the screen holds 11991-11999 and an empty last row; the newest
	 * in the scrollback is 11990, the oldest 1991 */
	assert_string_equal(vt_row_text(vt, -1, row, sizeof row),
	    "line 11990");
	assert_string_equal(vt_row_text(vt, -VT_SCROLLBACK_DEFAULT, row,
	    sizeof row), "line 1991");
	vt_free(vt);
}

static void
test_devices(void **state)
{
	struct console_device *d;
	int n;

	(void)state;
	/* the usual: one serial and its <console> mirror: one device */
	n = console_devices_parse("<domain><devices>"
	    "<serial type='pty'><target type='isa-serial' port='0'/>"
	    "<alias name='serial0'/></serial>"
	    "<console type='pty'><target type='serial' port='0'/>"
	    "<alias name='serial0'/></console></devices></domain>", &d);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].alias, "serial0");
	assert_string_equal(d[0].label, "serial0 (isa-serial, port 0)");
	console_devices_free(d, (size_t)n);
	/* a serial and a virtio console: two to choose from */
	n = console_devices_parse("<domain><devices>"
	    "<serial type='pty'><target type='isa-serial' port='0'/>"
	    "<alias name='serial0'/></serial>"
	    "<console type='pty'><target type='serial' port='0'/></console>"
	    "<console type='pty'><target type='virtio' port='1'/>"
	    "<alias name='console1'/></console></devices></domain>", &d);
	assert_int_equal(n, 2);
	assert_string_equal(d[1].alias, "console1");
	assert_string_equal(d[1].label, "console1 (virtio, port 1, console)");
	console_devices_free(d, (size_t)n);
	/* none, and unreadable XML */
	n = console_devices_parse("<domain><devices><disk/></devices></domain>",
	    &d);
	assert_int_equal(n, 0);
	assert_null(d);
	assert_int_equal(console_devices_parse("<domain", &d), -1);
	/* an inactive XML has no alias: libvirt's names by position */
	n = console_devices_parse("<domain><devices><serial type='pty'/>"
	    "<console type='pty'><target type='serial'/></console>"
	    "<console type='pty'><target type='virtio'/></console>"
	    "</devices></domain>", &d);
	assert_int_equal(n, 2);
	assert_string_equal(d[0].alias, "serial0");
	assert_string_equal(d[0].label, "serial0 (serial)");
	assert_string_equal(d[1].alias, "console1");
	console_devices_free(d, (size_t)n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_to_bytes),
		cmocka_unit_test(test_curses_keys),
		cmocka_unit_test(test_escape_find),
		cmocka_unit_test(test_sbring),
		cmocka_unit_test(test_vt_screen),
		cmocka_unit_test(test_vt_scrollback_limit),
		cmocka_unit_test(test_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
