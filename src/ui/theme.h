/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * theme — colours by what they mean, not by hue, on the terminal at hand.
 *
 * Views ask for theme_attr(THEME_RUNNING), never for "green". A theme
 * (config/themefile) gives each slot colours and attributes; theme_apply
 * turns them into curses colour pairs for this terminal: 256-colour and
 * 24-bit values where it has 256 colours, the 8-colour fallback where it
 * has fewer, attributes only where it has none or NO_COLOR is set.
 * theme_apply() runs after initscr(), and again to switch live.
 */
#ifndef VMDECK_UI_THEME_H
#define VMDECK_UI_THEME_H

#include <stdbool.h>

#include "../config/themefile.h"
#include "term.h"

/* Whether the terminal can show colour and the user allows it. Call once
 * after initscr(). */
bool theme_colour_possible(bool allowed);
/* Make t the theme on screen; with colour false, only its attributes. */
void theme_apply(const struct theme *t, bool colour);
/* The attributes for a slot. */
attr_t theme_attr(enum theme_slot slot);

#endif
