/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vt — the screen of one serial console: libvterm's state machine fed
 * with the guest's bytes, a scrollback of the lines that scrolled off the
 * top, and the keyboard turned into the bytes the guest expects (which
 * depend on modes the guest set, such as application cursor keys).
 *
 * Pure code: no libvirt, no curses. Cells come out as struct vt_cell with
 * colours as 256-palette indexes (RGB is mapped to the nearest), so any
 * UI can draw them. Bytes the terminal must send back (key presses, and
 * answers to the guest's queries such as the cursor position) collect in
 * an output buffer the caller takes with vt_output.
 */
#ifndef VMDECK_CONSOLE_VT_H
#define VMDECK_CONSOLE_VT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VT_SCROLLBACK_DEFAULT 10000

enum {
	VT_ATTR_BOLD = 1 << 0,
	VT_ATTR_UNDERLINE = 1 << 1,
	VT_ATTR_ITALIC = 1 << 2,
	VT_ATTR_BLINK = 1 << 3,
	VT_ATTR_REVERSE = 1 << 4,
};

struct vt_cell {
	uint32_t ch;		/* code point; 0 for blank */
	int16_t fg, bg;		/* 0-255, or -1 for the default */
	uint8_t width;		/* 1, 2 (wide), 0 (right half of a wide) */
	uint8_t attrs;		/* VT_ATTR_* */
};

/* Keys that are no character. */
enum vt_key {
	VT_KEY_NONE,
	VT_KEY_ENTER,
	VT_KEY_TAB,
	VT_KEY_BACKSPACE,
	VT_KEY_ESCAPE,
	VT_KEY_UP,
	VT_KEY_DOWN,
	VT_KEY_LEFT,
	VT_KEY_RIGHT,
	VT_KEY_INS,
	VT_KEY_DEL,
	VT_KEY_HOME,
	VT_KEY_END,
	VT_KEY_PAGEUP,
	VT_KEY_PAGEDOWN,
	VT_KEY_F0 = 256,	/* VT_KEY_F0 + n is Fn, n from 1 to 24 */
};

enum {
	VT_MOD_SHIFT = 1 << 0,
	VT_MOD_ALT = 1 << 1,
	VT_MOD_CTRL = 1 << 2,
};

struct vt;

/* A screen of rows x cols (at least 1 x 2) keeping scrollback lines. */
struct vt *vt_new(int rows, int cols, size_t scrollback);
/* Free it. Accepts NULL. */
void vt_free(struct vt *vt);
/* Feed bytes from the guest (any bytes: invalid UTF-8 and broken escape
 * sequences are the state machine's to survive). */
void vt_feed(struct vt *vt, const char *buf, size_t n);
/* Change the size (at least 1 x 2); lines move to and from the
 * scrollback as needed. */
void vt_resize(struct vt *vt, int rows, int cols);
/* The size now. */
void vt_size(const struct vt *vt, int *rows, int *cols);
/* The cell at (row, col): rows 0 to rows-1 are the screen; negative rows
 * the scrollback, -1 the newest line that scrolled off. Out of range:
 * a blank cell. */
void vt_cell(const struct vt *vt, int row, int col, struct vt_cell *out);
/* Lines in the scrollback now. */
size_t vt_scrollback(const struct vt *vt);
/* The cursor's position; returns whether the guest shows it. */
bool vt_cursor(const struct vt *vt, int *row, int *col);
/* A key press (VT_KEY_*) or a character (code point) with VT_MOD_*
 * modifiers, encoded for the guest into the output buffer. */
void vt_key(struct vt *vt, enum vt_key key, unsigned mods);
void vt_char(struct vt *vt, uint32_t ch, unsigned mods);
/* Take the bytes for the guest (keys and answers to queries): returns
 * their length and points *buf at them, valid until the next call. */
size_t vt_output(struct vt *vt, const char **buf);
/* Whether the screen changed since the last call. */
bool vt_take_damage(struct vt *vt);
/* Row r (as vt_cell numbers them) as UTF-8 text, trailing blanks cut,
 * into buf. Returns buf. */
char *vt_row_text(const struct vt *vt, int r, char *buf, size_t len);

#endif
