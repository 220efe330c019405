/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vncmap.h"

#include <stdint.h>

static int
vncmap_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* floor(a * b / c) and its ceiling, for non-negative a, b and positive c,
 * in 64 bits. */
static int
vncmap_floor(int a, int b, int c)
{
	return (int)((int64_t)a * b / c);
}

static int
vncmap_ceil(int a, int b, int c)
{
	return (int)(((int64_t)a * b + c - 1) / c);
}

void
vncmap_layout(struct vncmap *m, int fb_w, int fb_h, int cols, int rows,
    enum vncmap_mode mode, int *pan_x, int *pan_y)
{
	if (fb_w < 1)
		fb_w = 1;
	if (fb_h < 1)
		fb_h = 1;
	if (cols < 1)
		cols = 1;
	if (rows < 1)
		rows = 1;
	m->fb_w = fb_w;
	m->fb_h = fb_h;
	if (mode == VNCMAP_FIT) {
		/* view pixels: cols wide, 2 * rows tall; the scale is the
		 * smaller of the two ratios, compared without division */
		int w, h;

		if ((int64_t)cols * fb_h <= (int64_t)2 * rows * fb_w) {
			w = cols;
			h = vncmap_ceil(fb_h, cols, fb_w);
		} else {
			h = 2 * rows;
			w = vncmap_ceil(fb_w, 2 * rows, fb_h);
		}
		w = vncmap_clamp(w, 1, cols);
		m->src = (struct vncrect){ 0, 0, fb_w, fb_h };
		m->cells.w = w;
		m->cells.h = vncmap_clamp((h + 1) / 2, 1, rows);
	} else {
		int w = fb_w < cols ? fb_w : cols;
		int h = fb_h < 2 * rows ? fb_h : 2 * rows;
		int px = pan_x ? vncmap_clamp(*pan_x, 0, fb_w - w) : 0;
		int py = pan_y ? vncmap_clamp(*pan_y, 0, fb_h - h) : 0;

		if (pan_x)
			*pan_x = px;
		if (pan_y)
			*pan_y = py;
		m->src = (struct vncrect){ px, py, w, h };
		m->cells.w = w;
		m->cells.h = (h + 1) / 2;
	}
	m->cells.x = (cols - m->cells.w) / 2;
	m->cells.y = (rows - m->cells.h) / 2;
}

bool
vncmap_damage(const struct vncmap *m, struct vncrect fb, struct vncrect *cells)
{
	int x0 = fb.x > m->src.x ? fb.x : m->src.x;
	int y0 = fb.y > m->src.y ? fb.y : m->src.y;
	int x1 = fb.x + fb.w < m->src.x + m->src.w ? fb.x + fb.w :
	    m->src.x + m->src.w;
	int y1 = fb.y + fb.h < m->src.y + m->src.h ? fb.y + fb.h :
	    m->src.y + m->src.h;
	int c0, c1, r0, r1;

	if (fb.w <= 0 || fb.h <= 0 || x0 >= x1 || y0 >= y1)
		return false;
	/* column c shows pixels [c * src.w / w, (c + 1) * src.w / w) */
	c0 = vncmap_floor(x0 - m->src.x, m->cells.w, m->src.w);
	c1 = vncmap_ceil(x1 - m->src.x, m->cells.w, m->src.w);
	r0 = vncmap_floor(y0 - m->src.y, m->cells.h, m->src.h);
	r1 = vncmap_ceil(y1 - m->src.y, m->cells.h, m->src.h);
	c1 = vncmap_clamp(c1, c0 + 1, m->cells.w);
	r1 = vncmap_clamp(r1, r0 + 1, m->cells.h);
	*cells = (struct vncrect){ m->cells.x + c0, m->cells.y + r0, c1 - c0,
	    r1 - r0 };
	return true;
}

struct vncrect
vncmap_source(const struct vncmap *m, struct vncrect cells)
{
	int c0 = cells.x - m->cells.x, r0 = cells.y - m->cells.y;
	int c1 = c0 + cells.w, r1 = r0 + cells.h;
	int x0, x1, y0, y1;

	c0 = vncmap_clamp(c0, 0, m->cells.w);
	c1 = vncmap_clamp(c1, c0, m->cells.w);
	r0 = vncmap_clamp(r0, 0, m->cells.h);
	r1 = vncmap_clamp(r1, r0, m->cells.h);
	x0 = vncmap_floor(c0, m->src.w, m->cells.w);
	x1 = vncmap_ceil(c1, m->src.w, m->cells.w);
	y0 = vncmap_floor(r0, m->src.h, m->cells.h);
	y1 = vncmap_ceil(r1, m->src.h, m->cells.h);
	return (struct vncrect){ m->src.x + x0, m->src.y + y0, x1 - x0,
	    y1 - y0 };
}

bool
vncmap_point(const struct vncmap *m, int col, int row, int half, int *x,
    int *y)
{
	int c = col - m->cells.x, r = row - m->cells.y;

	if (c < 0 || c >= m->cells.w || r < 0 || r >= m->cells.h)
		return false;
	/* the centre of the column's pixels, and of the half row's */
	*x = m->src.x + vncmap_floor(2 * c + 1, m->src.w, 2 * m->cells.w);
	*y = m->src.y + vncmap_floor(2 * (2 * r + (half ? 1 : 0)) + 1,
	    m->src.h, 4 * m->cells.h);
	if (*x >= m->src.x + m->src.w)
		*x = m->src.x + m->src.w - 1;
	if (*y >= m->src.y + m->src.h)
		*y = m->src.y + m->src.h - 1;
	return true;
}
