/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "textscreen.h"

#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

static unsigned
ts_hash(const uint8_t *k)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	for (int i = 0; i < VGAFONT_H; i++)
		h = (h ^ k[i]) * 16777619u;
	return h & (TEXTSCREEN_SLOTS - 1);
}

static int
ts_lookup(const struct textscreen *t, const uint8_t *k)
{
	for (unsigned i = ts_hash(k), n = 0; n < TEXTSCREEN_SLOTS;
	    i = (i + 1) & (TEXTSCREEN_SLOTS - 1), n++) {
		if (t->code[i] < 0)
			return -1;
		if (memcmp(t->key[i], k, VGAFONT_H) == 0)
			return t->code[i];
	}
	return -1;
}

static void
ts_insert(struct textscreen *t, int c)
{
	const uint8_t *k;
	unsigned i;

	if (c >= t->font->n)
		return;		/* a font of fewer codes (a PSF font alone) */
	k = t->font->glyph[c];
	i = ts_hash(k);

	if (t->used >= TEXTSCREEN_SLOTS / 4 * 3 || ts_lookup(t, k) >= 0)
		return;		/* a glyph drawn alike: the first one kept */
	t->used++;
	while (t->code[i] >= 0)
		i = (i + 1) & (TEXTSCREEN_SLOTS - 1);
	memcpy(t->key[i], k, VGAFONT_H);
	t->code[i] = (int16_t)c;
}

void
textscreen_init(struct textscreen *t, const struct vgafont *f)
{
	memset(t, 0, sizeof *t);
	t->font = f;
	t->cur_col = t->cur_row = -1;
	for (int i = 0; i < TEXTSCREEN_SLOTS; i++)
		t->code[i] = -1;
	/* where glyphs look alike (blank 0x00, 0x20, 0xFF), the code a
	 * screen most likely holds wins: printable ASCII, then the rest */
	for (int c = 0x20; c < 0x7f; c++)
		ts_insert(t, c);
	for (int c = 0x80; c < 0x100; c++)
		ts_insert(t, c);
	for (int c = 0x00; c < 0x20; c++)
		ts_insert(t, c);
	ts_insert(t, 0x7f);
	/* the console fonts' glyphs the VGA font lacks */
	for (int c = 0x100; c < f->n; c++)
		ts_insert(t, c);
}

void
textscreen_free(struct textscreen *t)
{
	free(t->cells);
	t->cells = NULL;
}

/* VGA's ninth column: the eighth repeated for the line-drawing codes
 * 0xC0–0xDF, else the background. */
static bool
ts_ninth(int code, uint8_t row)
{
	return code >= 0xc0 && code <= 0xdf && (row & 1);
}

bool
textscreen_cell(const struct textscreen *t, const uint32_t *p, int stride,
    int cw, struct textcell *out)
{
	/* the top byte is no colour (a server may leave anything there) */
	uint32_t c0 = p[0] & 0xffffff, c1 = c0;
	uint8_t bits[VGAFONT_H], inv[VGAFONT_H];
	uint16_t ninth = 0;	/* pixels of column 9 in c1 */
	uint16_t full1 = 0, full0 = 0;	/* rows all c1, all c0 */
	bool two = false;
	int code;

	out->cursor = false;
	for (int y = 0; y < VGAFONT_H; y++) {
		const uint32_t *row = p + (size_t)y * (size_t)stride;
		uint8_t b = 0;

		for (int x = 0; x < cw; x++) {
			uint32_t v = row[x] & 0xffffff;

			if (v != c0) {
				if (!two) {
					c1 = v;
					two = true;
				} else if (v != c1) {
					out->code = TEXTCELL_NONE;
					out->fg = out->bg = c0;
					return false;
				}
			}
			if (x < 8)
				b = (uint8_t)(b << 1 | (v != c0));
			else if (v != c0)
				ninth |= (uint16_t)(1u << y);
		}
		bits[y] = b;
		inv[y] = (uint8_t)~b;
		if (b == 0xff && (cw == 8 || (ninth >> y & 1)))
			full1 |= (uint16_t)(1u << y);
		if (b == 0 && !(ninth >> y & 1))
			full0 |= (uint16_t)(1u << y);
	}
	if (!two) {
		/* one colour: a blank (the background) */
		out->code = 0x20;
		out->fg = out->bg = c0;
		return true;
	}
	/* ink in c1 on c0, else ink in c0 on c1 */
	for (int pass = 0; pass < 2; pass++) {
		const uint8_t *k = pass ? inv : bits;
		bool ok = true;

		if ((code = ts_lookup(t, k)) < 0)
			continue;
		for (int y = 0; y < VGAFONT_H && ok && cw > 8; y++) {
			bool ink9 = ((ninth >> y) & 1) != pass;

			ok = ink9 == ts_ninth(code, k[y]);
		}
		if (!ok)
			continue;
		out->code = (uint32_t)code;
		out->fg = pass ? c0 : c1;
		out->bg = pass ? c1 : c0;
		return true;
	}
	/* the text cursor: lines whole in the ink's colour from row 8 on
	 * (QEMU draws them over the glyph, the cell's full width), and the
	 * glyph under them matching every other row */
	for (int pass = 0; pass < 2; pass++) {
		uint16_t full = pass ? full0 : full1, mask = 0;
		const uint8_t *k = pass ? inv : bits;
		int y = VGAFONT_H - 1;

		while (y >= 8 && !(full >> y & 1))
			y--;
		while (y >= 8 && (full >> y & 1))
			mask |= (uint16_t)(1u << y--);
		if (mask == 0)
			continue;
		for (int n = 0; n < t->font->n; n++) {
			/* printable ASCII first, as the index prefers */
			int c = n < 0x100 ? (n + 0x20) & 0xff : n;
			bool ok = c < t->font->n;

			for (int r = 0; r < VGAFONT_H && ok; r++) {
				if (mask >> r & 1)
					continue;
				ok = t->font->glyph[c][r] == k[r] && (cw == 8 ||
				    ((((ninth >> r) & 1) != pass) ==
				    ts_ninth(c, k[r])));
			}
			if (!ok)
				continue;
			out->code = (uint32_t)c;
			out->fg = pass ? c0 : c1;
			out->bg = pass ? c1 : c0;
			out->cursor = true;
			return true;
		}
	}
	out->code = TEXTCELL_NONE;
	out->fg = c1;
	out->bg = c0;
	return false;
}

/* Read cell (col, row) of the grid into t->cells, keeping the counts. */
static void
ts_read(struct textscreen *t, const uint32_t *fb, int stride, int col,
    int row)
{
	struct textcell *c = &t->cells[row * t->cols + col];
	const uint32_t *p = fb + (size_t)(t->y0 + row * t->ch) * (size_t)stride +
	    (size_t)(t->x0 + col * t->cw);
	bool was_inked = c->code == TEXTCELL_NONE || c->fg != c->bg;
	bool was_hit = c->code != TEXTCELL_NONE && c->fg != c->bg;
	bool hit = textscreen_cell(t, p, stride, t->cw, c);
	bool inked = !hit || c->fg != c->bg;

	if (c->cursor) {
		t->cur_col = col;
		t->cur_row = row;
		t->cur_color = c->fg;
	}
	t->inked += (int)inked - (int)was_inked;
	t->hits += (int)(hit && inked) - (int)was_hit;
}

/* Up to n points of the frame where a pixel differs from its left
 * neighbour: where the ink is, so that a screen with a few words is
 * judged by its words, not by its blank cells. Returns how many. */
static int
ts_ink_points(const uint32_t *fb, int w, int h, int stride, int (*pt)[2],
    int n)
{
	int k = 0;

	for (int y = 0; y < h && k < n; y += 3)
		for (int x = 1; x < w && k < n; x++)
			if ((fb[(size_t)y * (size_t)stride + (size_t)x] ^
			    fb[(size_t)y * (size_t)stride + (size_t)x - 1]) &
			    0xffffff) {
				pt[k][0] = x;
				pt[k][1] = y;
				k++;
				x += 17;	/* spread along the row */
			}
	return k;
}

/* Of the grid (cw wide, at x0, y0), the cells holding the points (each
 * once): how many have ink, and how many of those are glyphs. */
static void
ts_sample(const struct textscreen *t, const uint32_t *fb, int w, int h,
    int stride, int cw, int x0, int y0, int (*pt)[2], int npt, int *inked,
    int *hits)
{
	int cols = (w - x0) / cw, rows = (h - y0) / VGAFONT_H, last = -1;

	*inked = *hits = 0;
	for (int i = 0; i < npt; i++) {
		struct textcell c;
		int col = (pt[i][0] - x0) / cw, row = (pt[i][1] - y0) / VGAFONT_H;
		bool hit;

		if (pt[i][0] < x0 || pt[i][1] < y0 || col >= cols || row >= rows ||
		    row * cols + col == last)
			continue;
		last = row * cols + col;
		hit = textscreen_cell(t, fb + (size_t)(y0 + row * VGAFONT_H) *
		    (size_t)stride + (size_t)(x0 + col * cw), stride, cw, &c);
		if (!hit || c.fg != c.bg) {
			(*inked)++;
			*hits += hit;
		}
	}
}

/* Set the grid and read all its cells. */
static void
ts_grid(struct textscreen *t, const uint32_t *fb, int w, int h, int stride,
    int cw, int x0, int y0)
{
	free(t->cells);
	t->cw = cw;
	t->ch = VGAFONT_H;
	t->x0 = x0;
	t->y0 = y0;
	t->cols = (w - x0) / cw;
	t->rows = (h - y0) / VGAFONT_H;
	t->inked = t->hits = 0;
	t->cur_col = t->cur_row = -1;
	t->cells = xcalloc((size_t)t->cols * (size_t)t->rows, sizeof *t->cells);
	for (int i = 0; i < t->cols * t->rows; i++)
		t->cells[i] = (struct textcell){ 0x20, 0, 0, false };
	for (int row = 0; row < t->rows; row++)
		for (int col = 0; col < t->cols; col++)
			ts_read(t, fb, stride, col, row);
}

#define TS_KEEP 3		/* candidate grids read whole */

struct ts_candidate {
	int score, cw, x0, y0;
};

/* Judge the grid cw wide at (x0, y0) on the ink points, keeping the best
 * TS_KEEP in best[] (highest score first). Returns true for a clear
 * answer at the origin, where a whole-screen console sits: best[] then
 * holds it alone and the search ends. */
static bool
ts_judge(const struct textscreen *t, const uint32_t *fb, int w, int h,
    int stride, int cw, int x0, int y0, int (*pt)[2], int npt,
    struct ts_candidate *best)
{
	int inked, hits, k;

	ts_sample(t, fb, w, h, stride, cw, x0, y0, pt, npt, &inked, &hits);
	if (x0 == 0 && y0 == 0 && inked >= 16 && hits * 10 >= inked * 9) {
		best[0] = (struct ts_candidate){ hits, cw, 0, 0 };
		best[1].cw = 0;
		return true;
	}
	for (k = TS_KEEP; k > 0 && hits > best[k - 1].score; k--)
		if (k < TS_KEEP)
			best[k] = best[k - 1];
	if (k < TS_KEEP)
		best[k] = (struct ts_candidate){ hits, cw, x0, y0 };
	return false;
}

bool
textscreen_find(struct textscreen *t, const uint32_t *fb, int w, int h,
    int stride)
{
	static const int widths[] = { 9, 8 };
	struct ts_candidate best[TS_KEEP] = { { 0, 0, 0, 0 } };
	bool clear = false;
	int (*pt)[2] = xcalloc(TEXTSCREEN_POINTS, sizeof *pt);
	int npt, best_hits = -1, best_inked = 0, bw = 0, bx = 0, by = 0;

	free(t->cells);
	t->cells = NULL;
	t->cw = t->cols = t->rows = t->inked = t->hits = 0;
	t->fb_w = w;
	t->fb_h = h;
	t->blank = false;
	if (w < 8 || h < VGAFONT_H || stride < w) {
		free(pt);
		return false;
	}
	npt = ts_ink_points(fb, w, h, stride, pt, TEXTSCREEN_POINTS);
	if (npt == 0) {
		t->blank = true;	/* nothing drawn yet: not "pixels" */
		free(pt);
		return false;
	}
	/* every candidate grid judged on the cells where the ink is; the
	 * best few then read whole. The origin at both widths first: a
	 * clear answer there ends the search */
	for (int wi = 0; wi < 2 && !clear; wi++)
		clear = ts_judge(t, fb, w, h, stride, widths[wi], 0, 0, pt, npt,
		    best);
	for (int wi = 0; wi < 2 && !clear; wi++)
		for (int y0 = 0; y0 < VGAFONT_H; y0++)
			for (int x0 = 0; x0 < widths[wi]; x0++)
				if (x0 != 0 || y0 != 0)
					ts_judge(t, fb, w, h, stride, widths[wi],
					    x0, y0, pt, npt, best);
	free(pt);
	for (int k = 0; k < TS_KEEP && best[k].cw != 0; k++) {
		ts_grid(t, fb, w, h, stride, best[k].cw, best[k].x0, best[k].y0);
		if (t->hits > best_hits || (t->hits == best_hits &&
		    t->inked < best_inked)) {
			best_hits = t->hits;
			best_inked = t->inked;
			bw = best[k].cw;
			bx = best[k].x0;
			by = best[k].y0;
		}
	}
	if (best_hits <= 0 || best_hits * 4 < best_inked * 3) {
		free(t->cells);
		t->cells = NULL;
		t->cw = t->cols = t->rows = t->inked = t->hits = 0;
		return false;
	}
	if (bw != t->cw || bx != t->x0 || by != t->y0)
		ts_grid(t, fb, w, h, stride, bw, bx, by);
	return textscreen_is_text(t);
}

void
textscreen_update(struct textscreen *t, const uint32_t *fb, int stride,
    int x, int y, int w, int h)
{
	int c0, c1, r0, r1;

	if (t->cw == 0 || w <= 0 || h <= 0)
		return;
	c0 = (x - t->x0) / t->cw;
	r0 = (y - t->y0) / t->ch;
	c1 = (x + w - 1 - t->x0) / t->cw;
	r1 = (y + h - 1 - t->y0) / t->ch;
	if (c0 < 0)
		c0 = 0;
	if (r0 < 0)
		r0 = 0;
	if (c1 >= t->cols)
		c1 = t->cols - 1;
	if (r1 >= t->rows)
		r1 = t->rows - 1;
	for (int row = r0; row <= r1; row++)
		for (int col = c0; col <= c1; col++)
			ts_read(t, fb, stride, col, row);
}

bool
textscreen_is_text(const struct textscreen *t)
{
	return t->cw != 0 && t->hits * 4 >= t->inked * 3;
}
