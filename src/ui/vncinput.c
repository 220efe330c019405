/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vncinput.h"

#include "term.h"
#include "view.h"

/* Curses key codes and the keys they send; F1 … F12 are added by code. */
static const struct {
	int code;
	uint32_t sym;
	unsigned mods;
} table[] = {
	{ KEY_UP, VNCKEY_UP, 0 },
	{ KEY_DOWN, VNCKEY_DOWN, 0 },
	{ KEY_LEFT, VNCKEY_LEFT, 0 },
	{ KEY_RIGHT, VNCKEY_RIGHT, 0 },
	{ KEY_SR, VNCKEY_UP, VNCKEY_MOD_SHIFT },
	{ KEY_SF, VNCKEY_DOWN, VNCKEY_MOD_SHIFT },
	{ KEY_SLEFT, VNCKEY_LEFT, VNCKEY_MOD_SHIFT },
	{ KEY_SRIGHT, VNCKEY_RIGHT, VNCKEY_MOD_SHIFT },
	{ KEY_HOME, VNCKEY_HOME, 0 },
	{ KEY_END, VNCKEY_END, 0 },
	{ KEY_SHOME, VNCKEY_HOME, VNCKEY_MOD_SHIFT },
	{ KEY_SEND, VNCKEY_END, VNCKEY_MOD_SHIFT },
	{ KEY_PPAGE, VNCKEY_PAGE_UP, 0 },
	{ KEY_NPAGE, VNCKEY_PAGE_DOWN, 0 },
	{ KEY_IC, VNCKEY_INSERT, 0 },
	{ KEY_DC, VNCKEY_DELETE, 0 },
	{ KEY_SDC, VNCKEY_DELETE, VNCKEY_MOD_SHIFT },
	{ KEY_BACKSPACE, VNCKEY_BACKSPACE, 0 },
	{ KEY_ENTER, VNCKEY_RETURN, 0 },
	{ KEY_BTAB, VNCKEY_TAB, VNCKEY_MOD_SHIFT },
};

#define NTABLE (sizeof table / sizeof table[0])

bool
vncinput_table(size_t i, int *code, struct vnckey *out)
{
	if (i < NTABLE) {
		*code = table[i].code;
		*out = (struct vnckey){ table[i].sym, table[i].mods };
		return true;
	}
	i -= NTABLE;
	if (i < 12) {		/* F1 … F12, then Shift-F1 … F12 (F13 …) */
		*code = KEY_F((int)i + 1);
		*out = (struct vnckey){ VNCKEY_F1 + (uint32_t)i, 0 };
		return true;
	}
	i -= 12;
	if (i < 12) {
		*code = KEY_F((int)i + 13);
		*out = (struct vnckey){ VNCKEY_F1 + (uint32_t)i,
		    VNCKEY_MOD_SHIFT };
		return true;
	}
	return false;
}

bool
vncinput_key(int key, struct vnckey *out)
{
	if (!(key & UI_KEYCODE))
		return key >= 0 && vnckey_from_char((uint32_t)key, out);
	key &= ~UI_KEYCODE;
	for (size_t i = 0;; i++) {
		int code;

		if (!vncinput_table(i, &code, out))
			return false;
		if (code == key)
			return true;
	}
}
