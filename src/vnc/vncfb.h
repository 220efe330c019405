/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncfb — a VNC framebuffer's pixels as terminal cells.
 *
 * Two ways to draw:
 * - blocks: each cell is two pixels stacked, an upper half block in the
 *   top pixel's colour on the bottom pixel's (a space when they agree);
 *   each half is the average of the framebuffer pixels it covers. Exact
 *   and cell by cell, so a damaged rectangle redraws to the same cells a
 *   whole frame would; the default.
 * - symbols: libchafa picks from many block and line symbols per cell,
 *   which keeps text more legible when a large screen is shrunk a lot.
 * Colours are 24-bit (0xRRGGBB) or an index into the xterm 256 or 16
 * colour palette, as the terminal allows.
 *
 * Pixels are 32-bit values 0x00RRGGBB (the format vmdeck asks the VNC
 * server for), rows stride pixels apart.
 */
#ifndef VMDECK_VNC_VNCFB_H
#define VMDECK_VNC_VNCFB_H

#include <stddef.h>
#include <stdint.h>

#include "vncmap.h"

enum vncfb_colors {
	VNCFB_TRUECOLOR,	/* fg and bg are 0xRRGGBB */
	VNCFB_256,		/* xterm palette indices 0 … 255 */
	VNCFB_16,		/* 0 … 15 */
};

enum vncfb_style {
	VNCFB_BLOCKS,
	VNCFB_SYMBOLS,
};

/* A cell: its character and colours. */
struct vncfb_cell {
	uint32_t ch;		/* ' ', U+2580 (upper half), or chafa's */
	uint32_t fg, bg;
};

#define VNCFB_UPPER_HALF 0x2580u

/* Pixel graphics a terminal may take instead of cells. */
enum vncfb_pixels {
	VNCFB_PIXELS_NONE,
	VNCFB_PIXELS_SIXEL,
	VNCFB_PIXELS_KITTY,
};

/* Which the terminal described by envp (NULL-ended NAME=VALUE) takes,
 * from libchafa's terminal database (and KITTY_WINDOW_ID for kitty). */
enum vncfb_pixels vncfb_detect_pixels(const char *const *envp);
/* The escape sequences that draw the framebuffer's rectangle src as an
 * image over cols x rows cells of cell_w x cell_h pixels, for a terminal
 * taking mode (not NONE). *len gets their length. Caller frees. */
char *vncfb_image(const uint32_t *pixels, int stride, struct vncrect src,
    int cols, int rows, int cell_w, int cell_h, enum vncfb_pixels mode,
    size_t *len);

/* Draw the cells in the rectangle `cells` (area coordinates, inside
 * m->cells) from the framebuffer, into out: a grid of out_cols cells per
 * row in area coordinates (out[row * out_cols + col]). */
void vncfb_render(const struct vncmap *m, const uint32_t *pixels, int stride,
    struct vncrect cells, enum vncfb_colors colors, enum vncfb_style style,
    struct vncfb_cell *out, int out_cols);
/* The xterm 256-colour index nearest to rgb (0xRRGGBB), from its colour
 * cube and grey ramp; and the nearest of the 16 basic colours. */
/* rgb (0xRRGGBB) as a terminal of that many colours takes it: itself, or
 * the nearest 256- or 16-colour index. */
uint32_t vncfb_color(uint32_t rgb, enum vncfb_colors colors);
/* The average colour (rounded) of the framebuffer box [x0, x1) x
 * [y0, y1), which must not be empty. */
uint32_t vncfb_average(const uint32_t *px, int stride, int x0, int x1,
    int y0, int y1);
int vncfb_index256(uint32_t rgb);
int vncfb_index16(uint32_t rgb);
/* The colour of a 256-palette index, 0xRRGGBB. */
uint32_t vncfb_palette(int index);

#endif
