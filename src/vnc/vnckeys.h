/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vnckeys — what vmdeck types into a VM's graphical console, as X keysyms
 * (the RFB protocol's key codes) with modifiers, and the press and release
 * events that carry them.
 *
 * The terminal's keys are turned into a struct vnckey by the UI (it knows
 * the curses codes); from there on everything is here: characters,
 * control characters, the menu's combinations and typed text.
 */
#ifndef VMDECK_VNC_VNCKEYS_H
#define VMDECK_VNC_VNCKEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The keysyms vmdeck sends besides characters (X11's keysymdef values). */
enum {
	VNCKEY_BACKSPACE = 0xff08,
	VNCKEY_TAB = 0xff09,
	VNCKEY_RETURN = 0xff0d,
	VNCKEY_ESCAPE = 0xff1b,
	VNCKEY_HOME = 0xff50,
	VNCKEY_LEFT = 0xff51,
	VNCKEY_UP = 0xff52,
	VNCKEY_RIGHT = 0xff53,
	VNCKEY_DOWN = 0xff54,
	VNCKEY_PAGE_UP = 0xff55,
	VNCKEY_PAGE_DOWN = 0xff56,
	VNCKEY_END = 0xff57,
	VNCKEY_INSERT = 0xff63,
	VNCKEY_F1 = 0xffbe,	/* F1 … F12 follow in order */
	VNCKEY_SHIFT_L = 0xffe1,
	VNCKEY_CONTROL_L = 0xffe3,
	VNCKEY_ALT_L = 0xffe9,
	VNCKEY_DELETE = 0xffff,
};

/* Modifiers held with a key. */
enum {
	VNCKEY_MOD_SHIFT = 1,
	VNCKEY_MOD_CTRL = 2,
	VNCKEY_MOD_ALT = 4,
};

struct vnckey {
	uint32_t sym;		/* the keysym */
	unsigned mods;		/* VNCKEY_MOD_* held with it */
};

/* One event for the server: a keysym going down or up. */
struct vnckey_event {
	uint32_t sym;
	bool down;
};

/* The key for a typed character (Unicode): printable Latin-1 as itself,
 * capitals and the symbols a US keyboard shifts (~!@#$%^&*()_+{}|:"<>?)
 * with Shift held,
 * other printable characters as 0x01000000 + their code; Enter, Tab,
 * Backspace (8 and 127) and Esc as their keys; other control characters
 * (1 to 26, 28 to 31) as Ctrl with the letter or symbol. Returns false
 * for characters no key gives (0, surrogates, past U+10FFFF). */
bool vnckey_from_char(uint32_t ch, struct vnckey *k);
/* The events that type k: its modifiers down (Ctrl, Alt, Shift), the key
 * down and up, the modifiers up in reverse. Returns how many were
 * written to out, which has room for VNCKEY_MAX_EVENTS. */
#define VNCKEY_MAX_EVENTS 8
size_t vnckey_events(struct vnckey k, struct vnckey_event *out);
/* Ctrl-Alt-Del, and Ctrl-Alt-F1 … F12 (n from 1 to 12). */
struct vnckey vnckey_ctrl_alt_del(void);
struct vnckey vnckey_ctrl_alt_f(int n);
/* The events that type the UTF-8 text, at most cap of them into out;
 * *skipped (may be NULL) counts characters that have no key or did not
 * fit. Returns the number written. */
size_t vnckey_type_text(const char *text, struct vnckey_event *out,
    size_t cap, size_t *skipped);

#endif
