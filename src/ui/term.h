/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * term — the one place that includes curses (wide-character ncurses).
 * Only src/ui and main.c include this.
 */
#ifndef VMDECK_UI_TERM_H
#define VMDECK_UI_TERM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#endif
