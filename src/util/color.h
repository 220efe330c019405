/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * color — colour arithmetic for terminals: the xterm 256-colour palette as
 * RGB, and the nearest palette entry (of the 240 above the ANSI 16, or of
 * the 8 basic colours) for an RGB value, weighted for how the eye sees
 * green and red. Pure: no curses, no files; the theme parser, the serial
 * console's emulator and the UI's colour pairs all use it.
 */
#ifndef VMDECK_UTIL_COLOR_H
#define VMDECK_UTIL_COLOR_H

#include <stdint.h>

/* The RGB (0xRRGGBB) of palette entry idx (0-255; xterm's values). */
uint32_t color_index_rgb(unsigned idx);
/* The palette entry 16-255 nearest to rgb. */
int color_rgb_to_256(uint32_t rgb);
/* The basic colour 0-7 nearest to rgb (normal and bright ANSI colours
 * compared, the base one answered). */
int color_rgb_to_basic(uint32_t rgb);
/* The basic colour 0-7 for palette entry idx: itself modulo 8 for the
 * ANSI 16, the nearest otherwise. */
int color_index_to_basic(unsigned idx);

#endif
