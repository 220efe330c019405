/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "theme.h"

#include "../util/color.h"

static attr_t slot_attr[THEME_SLOT_COUNT];

bool
theme_colour_possible(bool allowed)
{
	if (!allowed || !has_colors())
		return false;
	start_color();
	use_default_colors();
	return COLORS >= 8;
}

/* The colour number to give curses for c on this terminal. */
static short
theme_colour_number(const struct theme_color *c)
{
	if (c->kind == THEME_COLOR_DEFAULT)
		return -1;
	if (COLORS >= 256) {
		if (c->kind == THEME_COLOR_RGB)
			return (short)color_rgb_to_256(c->value);
		return (short)c->value;
	}
	if (COLORS >= 16 && c->kind == THEME_COLOR_INDEX && c->value < 16)
		return (short)c->value;
	return (short)c->basic;
}

static attr_t
theme_attrs(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & THEME_ATTR_BOLD)
		r |= A_BOLD;
	if (a & THEME_ATTR_DIM)
		r |= A_DIM;
	if (a & THEME_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_ATTR_BLINK)
		r |= A_BLINK;
	if (a & THEME_ATTR_ITALIC)
		r |= A_ITALIC;
	return r;
}

void
theme_apply(const struct theme *t, bool colour)
{
	for (int s = 0; s < THEME_SLOT_COUNT; s++) {
		const struct theme_style *st = &t->slot[s];

		slot_attr[s] = theme_attrs(st->attrs);
		if (!colour)
			continue;
		short fg = theme_colour_number(&st->fg);
		short bg = theme_colour_number(&st->bg);
		if (fg == -1 && bg == -1)
			continue;
		init_pair((short)(s + 1), fg, bg);
		slot_attr[s] |= (attr_t)COLOR_PAIR(s + 1);
	}
	/* the background of the whole screen follows the normal slot */
	bkgdset(' ' | slot_attr[THEME_NORMAL]);
}

attr_t
theme_attr(enum theme_slot slot)
{
	return slot_attr[slot];
}
