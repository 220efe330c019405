/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncmap — where a VNC framebuffer's pixels land on terminal cells, and
 * back.
 *
 * A cell shows two pixels stacked (half blocks), so the view's pixels are
 * one column wide and half a row tall. The map shows a part of the
 * framebuffer (all of it when fitting, a panned window at 1:1) on a block
 * of cells inside an area; damage, rendering and the mouse all go through
 * it, so they agree. Pure arithmetic, no state beyond the struct.
 */
#ifndef VMDECK_VNC_VNCMAP_H
#define VMDECK_VNC_VNCMAP_H

#include <stdbool.h>

enum vncmap_mode {
	VNCMAP_FIT,	/* the whole screen in the area, aspect kept */
	VNCMAP_ONE,	/* one framebuffer pixel per half cell, panned */
};

/* A rectangle: in framebuffer pixels or in cells, as its use says. */
struct vncrect {
	int x, y, w, h;
};

struct vncmap {
	int fb_w, fb_h;		/* the framebuffer's size */
	struct vncrect src;	/* the part of it shown, in pixels */
	struct vncrect cells;	/* where it is shown, in cells of the area */
};

/* Lay out a fb_w x fb_h framebuffer on an area of cols x rows cells.
 * VNCMAP_FIT scales (up or down) to the largest size that fits and
 * centres it; VNCMAP_ONE shows the window at *pan_x, *pan_y (clamped so
 * the window stays on the framebuffer, and written back). pan_x and pan_y
 * may be NULL for VNCMAP_FIT. */
void vncmap_layout(struct vncmap *m, int fb_w, int fb_h, int cols, int rows,
    enum vncmap_mode mode, int *pan_x, int *pan_y);
/* The cells (in area coordinates) that show any of the framebuffer
 * rectangle fb. Returns false when none of it is shown. */
bool vncmap_damage(const struct vncmap *m, struct vncrect fb,
    struct vncrect *cells);
/* The framebuffer rectangle that the cells (area coordinates, inside
 * m->cells) show: what to render for just those cells. */
struct vncrect vncmap_source(const struct vncmap *m, struct vncrect cells);
/* The framebuffer pixel under the upper (half 0) or lower (half 1) half
 * of the cell at col, row (area coordinates): the centre of what it shows.
 * Returns false when the cell shows no part of the framebuffer. */
bool vncmap_point(const struct vncmap *m, int col, int row, int half,
    int *x, int *y);

#endif
