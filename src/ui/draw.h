/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * draw — small drawing helpers on stdscr: clipped text, filled runs and
 * boxes, with ASCII borders when the locale is not UTF-8.
 */
#ifndef VMDECK_UI_DRAW_H
#define VMDECK_UI_DRAW_H

#include <stdbool.h>

#include "term.h"

/* Choose Unicode or ASCII borders. Call once after initscr. */
void draw_init(bool utf8);
/* Print s at (y, x) clipped to width columns, then pad with spaces up to
 * width when pad is true. Returns the columns printed (before padding). */
int draw_text(int y, int x, int width, attr_t attr, const char *s, bool pad);
/* Fill width columns at (y, x) with spaces. */
void draw_fill(int y, int x, int width, attr_t attr);
/* A box of h rows and w columns; title (may be NULL) on the top edge. */
void draw_box(int y, int x, int h, int w, attr_t attr, const char *title);

#endif
