/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncinput — the terminal's keys (as views receive them: a character, or
 * a curses key code marked with UI_KEYCODE) as keys for a VM's graphical
 * console. One table of the curses keys; characters go to vnckeys.
 */
#ifndef VMDECK_UI_VNCINPUT_H
#define VMDECK_UI_VNCINPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "../vnc/vnckeys.h"

/* The key for a view's key; false for keys the guest cannot be sent
 * (mouse reports, resize). */
bool vncinput_key(int key, struct vnckey *out);
/* The i-th curses key code of the table and what it sends (for tests and
 * the manual); false past the end. */
bool vncinput_table(size_t i, int *code, struct vnckey *out);

#endif
