/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * textscreen — a VM's screen read back as text: the grid of character
 * cells a fixed font (vgafont) draws, each cell matched exactly against
 * the font's glyphs in the cell's two colours.
 *
 * textscreen_find looks for the grid (cells 9 or 8 pixels wide, the
 * font's height, at any offset) and reads every cell; textscreen_update
 * reads again only the cells a damaged rectangle touches. A cell that is
 * no glyph (graphics, a logo, a pointer, a third colour) is
 * TEXTCELL_NONE, for the caller to draw as pixels. Only whole cells are
 * read: a partial last row or column is outside the grid.
 *
 * Pure: pixels in (0x00RRGGBB, rows stride apart), cells out. Bounded:
 * the grid search judges each candidate on the cells of at most
 * TEXTSCREEN_POINTS points where the ink is, then reads the best three
 * grids whole.
 */
#ifndef VMDECK_VNC_TEXTSCREEN_H
#define VMDECK_VNC_TEXTSCREEN_H

#include <stdbool.h>
#include <stdint.h>

#include "vgafont.h"

#define TEXTCELL_NONE 0xffffffffu
#define TEXTSCREEN_POINTS 160
#define TEXTSCREEN_SLOTS 4096	/* glyph index: 3/4 full at most */

struct textcell {
	uint32_t code;		/* the font's code (0–255 the VGA font's,
				 * more the console fonts'), or
				 * TEXTCELL_NONE */
	uint32_t fg, bg;	/* 0xRRGGBB; for NONE, bg is the cell's first
				 * pixel */
	bool cursor;		/* the text cursor's lines were over it */
};

struct textscreen {
	const struct vgafont *font;
	uint8_t key[TEXTSCREEN_SLOTS][VGAFONT_H];	/* glyph bitmaps */
	int16_t code[TEXTSCREEN_SLOTS];			/* -1: empty slot */
	int used;					/* slots taken */
	/* the grid, for a framebuffer of fb_w x fb_h; cw 0: none */
	int fb_w, fb_h;
	int cw, ch, x0, y0, cols, rows;
	struct textcell *cells;		/* rows x cols */
	int inked;			/* cells with two colours */
	int hits;			/* of those, glyphs */
	bool blank;			/* the last search saw no cell with ink:
					 * neither text nor pixels yet */
	int cur_col, cur_row;		/* where the text cursor was last seen;
					 * -1: not seen */
	uint32_t cur_color;		/* its lines' colour then (a blank
					 * cell's ink, which only the cursor
					 * shows) */
};

/* Index the font's glyphs (f is kept, not copied). */
void textscreen_init(struct textscreen *t, const struct vgafont *f);
void textscreen_free(struct textscreen *t);
/* Find the text grid of the framebuffer (w x h pixels) and read every
 * cell. Returns whether one was found: most cells with ink are glyphs. */
bool textscreen_find(struct textscreen *t, const uint32_t *fb, int w, int h,
    int stride);
/* Read again the cells the rectangle (framebuffer pixels) touches. */
void textscreen_update(struct textscreen *t, const uint32_t *fb, int stride,
    int x, int y, int w, int h);
/* Whether the grid still reads as text (three in four cells with ink are
 * glyphs; a blank screen too). */
bool textscreen_is_text(const struct textscreen *t);
/* Match one cell of cw x ch pixels (ch the font's height) at p. */
bool textscreen_cell(const struct textscreen *t, const uint32_t *p,
    int stride, int cw, struct textcell *out);

#endif
