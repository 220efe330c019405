/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vncfb.h"

#include <stdlib.h>
#include <string.h>

#include <chafa.h>

#include "../util/xalloc.h"

/* xterm's first 16 colours */
static const uint32_t basic16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd,
	0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff,
	0x00ffff, 0xffffff,
};

/* the colour cube's six levels */
static const int level[6] = { 0, 95, 135, 175, 215, 255 };

uint32_t
vncfb_palette(int i)
{
	if (i < 0 || i > 255)
		return 0;
	if (i < 16)
		return basic16[i];
	if (i >= 232) {
		uint32_t g = (uint32_t)(8 + 10 * (i - 232));

		return g << 16 | g << 8 | g;
	}
	i -= 16;
	return (uint32_t)level[i / 36] << 16 | (uint32_t)level[i / 6 % 6] << 8 |
	    (uint32_t)level[i % 6];
}

static int
dist2(uint32_t a, uint32_t b)
{
	int dr = (int)(a >> 16 & 0xff) - (int)(b >> 16 & 0xff);
	int dg = (int)(a >> 8 & 0xff) - (int)(b >> 8 & 0xff);
	int db = (int)(a & 0xff) - (int)(b & 0xff);

	return dr * dr + dg * dg + db * db;
}

/* The cube level nearest to v (0 … 255). */
static int
cube_level(int v)
{
	int best = 0;

	for (int k = 1; k < 6; k++)
		if (abs(level[k] - v) < abs(level[best] - v))
			best = k;
	return best;
}

int
vncfb_index256(uint32_t rgb)
{
	int r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
	int cube = 16 + 36 * cube_level(r) + 6 * cube_level(g) + cube_level(b);
	int avg = (r + g + b) / 3;
	int grey = avg < 8 ? 232 : avg > 238 ? 255 : 232 + (avg - 3) / 10;

	if (grey > 255)
		grey = 255;
	/* the cube or the grey ramp, whichever is nearer (the cube on a
	 * tie, so pure colours stay in it) */
	return dist2(rgb, vncfb_palette(grey)) < dist2(rgb, vncfb_palette(cube)) ?
	    grey : cube;
}

int
vncfb_index16(uint32_t rgb)
{
	int best = 0;

	for (int i = 1; i < 16; i++)
		if (dist2(rgb, basic16[i]) < dist2(rgb, basic16[best]))
			best = i;
	return best;
}

uint32_t
vncfb_color(uint32_t rgb, enum vncfb_colors colors)
{
	switch (colors) {
	case VNCFB_256:
		return (uint32_t)vncfb_index256(rgb);
	case VNCFB_16:
		return (uint32_t)vncfb_index16(rgb);
	default:
		return rgb & 0xffffff;
	}
}

uint32_t
vncfb_average(const uint32_t *px, int stride, int x0, int x1, int y0, int y1)
{
	uint64_t r = 0, g = 0, b = 0, n = (uint64_t)(x1 - x0) * (uint64_t)(y1 - y0);

	for (int y = y0; y < y1; y++) {
		const uint32_t *row = px + (size_t)y * (size_t)stride;

		for (int x = x0; x < x1; x++) {
			r += row[x] >> 16 & 0xff;
			g += row[x] >> 8 & 0xff;
			b += row[x] & 0xff;
		}
	}
	/* rounded */
	return (uint32_t)((r + n / 2) / n) << 16 |
	    (uint32_t)((g + n / 2) / n) << 8 | (uint32_t)((b + n / 2) / n);
}

/* The framebuffer span [*a, *b) that view index i of n shows of a source
 * span of len pixels from start: at least one pixel. */
static void
vncfb_span(int i, int n, int start, int len, int *a, int *b)
{
	*a = (int)((int64_t)i * len / n);
	*b = (int)((int64_t)(i + 1) * len / n);
	if (*b <= *a)
		*b = *a + 1;
	if (*b > len) {
		*b = len;
		*a = len - 1;
	}
	*a += start;
	*b += start;
}

static void
vncfb_blocks(const struct vncmap *m, const uint32_t *px, int stride,
    struct vncrect cells, enum vncfb_colors colors, struct vncfb_cell *out,
    int out_cols)
{
	for (int r = cells.y; r < cells.y + cells.h; r++) {
		int hr = r - m->cells.y;
		int t0, t1, b0, b1;

		vncfb_span(2 * hr, 2 * m->cells.h, m->src.y, m->src.h, &t0, &t1);
		vncfb_span(2 * hr + 1, 2 * m->cells.h, m->src.y, m->src.h, &b0,
		    &b1);
		for (int c = cells.x; c < cells.x + cells.w; c++) {
			struct vncfb_cell *o = &out[r * out_cols + c];
			int x0, x1;
			uint32_t top, bottom;

			vncfb_span(c - m->cells.x, m->cells.w, m->src.x,
			    m->src.w, &x0, &x1);
			top = vncfb_color(vncfb_average(px, stride, x0, x1, t0,
			    t1), colors);
			bottom = vncfb_color(vncfb_average(px, stride, x0, x1,
			    b0, b1), colors);
			if (top == bottom)
				*o = (struct vncfb_cell){ ' ', bottom, bottom };
			else
				*o = (struct vncfb_cell){ VNCFB_UPPER_HALF, top,
				    bottom };
		}
	}
}

/* The framebuffer rectangle src as packed RGB bytes, what libchafa reads
 * (the framebuffer's spare byte is no alpha). Caller frees. */
static uint8_t *
vncfb_rgb8(const uint32_t *px, int stride, struct vncrect src)
{
	uint8_t *rgb = xcalloc((size_t)src.w * (size_t)src.h, 3), *o = rgb;

	for (int y = 0; y < src.h; y++)
		for (int x = 0; x < src.w; x++, o += 3) {
			uint32_t p = px[(size_t)(src.y + y) * (size_t)stride +
			    (size_t)(src.x + x)];

			o[0] = (uint8_t)(p >> 16);
			o[1] = (uint8_t)(p >> 8);
			o[2] = (uint8_t)p;
		}
	return rgb;
}

static void
vncfb_symbols(const struct vncmap *m, const uint32_t *px, int stride,
    struct vncrect cells, enum vncfb_colors colors, struct vncfb_cell *out,
    int out_cols)
{
	struct vncrect src = vncmap_source(m, cells);
	uint8_t *rgb = vncfb_rgb8(px, stride, src);
	ChafaSymbolMap *sm = chafa_symbol_map_new();
	ChafaCanvasConfig *cf = chafa_canvas_config_new();
	ChafaCanvas *cv;

	chafa_symbol_map_add_by_tags(sm, CHAFA_SYMBOL_TAG_BLOCK |
	    CHAFA_SYMBOL_TAG_BORDER | CHAFA_SYMBOL_TAG_SPACE);
	chafa_canvas_config_set_geometry(cf, cells.w, cells.h);
	chafa_canvas_config_set_canvas_mode(cf, colors == VNCFB_TRUECOLOR ?
	    CHAFA_CANVAS_MODE_TRUECOLOR : colors == VNCFB_256 ?
	    CHAFA_CANVAS_MODE_INDEXED_256 : CHAFA_CANVAS_MODE_INDEXED_16);
	chafa_canvas_config_set_symbol_map(cf, sm);
	chafa_canvas_config_set_dither_mode(cf, CHAFA_DITHER_MODE_NONE);
	cv = chafa_canvas_new(cf);
	chafa_canvas_draw_all_pixels(cv, CHAFA_PIXEL_RGB8, rgb, src.w, src.h,
	    src.w * 3);
	for (int r = 0; r < cells.h; r++)
		for (int c = 0; c < cells.w; c++) {
			struct vncfb_cell *o = &out[(cells.y + r) * out_cols +
			    cells.x + c];
			gint fg, bg;

			chafa_canvas_get_raw_colors_at(cv, c, r, &fg, &bg);
			o->ch = chafa_canvas_get_char_at(cv, c, r);
			o->fg = (uint32_t)fg & 0xffffff;
			o->bg = (uint32_t)bg & 0xffffff;
		}
	chafa_canvas_unref(cv);
	chafa_canvas_config_unref(cf);
	chafa_symbol_map_unref(sm);
	free(rgb);
}

void
vncfb_render(const struct vncmap *m, const uint32_t *pixels, int stride,
    struct vncrect cells, enum vncfb_colors colors, enum vncfb_style style,
    struct vncfb_cell *out, int out_cols)
{
	/* only what the map shows */
	int x0 = cells.x > m->cells.x ? cells.x : m->cells.x;
	int y0 = cells.y > m->cells.y ? cells.y : m->cells.y;
	int x1 = cells.x + cells.w, y1 = cells.y + cells.h;

	if (x1 > m->cells.x + m->cells.w)
		x1 = m->cells.x + m->cells.w;
	if (y1 > m->cells.y + m->cells.h)
		y1 = m->cells.y + m->cells.h;
	if (x0 >= x1 || y0 >= y1)
		return;
	cells = (struct vncrect){ x0, y0, x1 - x0, y1 - y0 };
	if (style == VNCFB_SYMBOLS)
		vncfb_symbols(m, pixels, stride, cells, colors, out, out_cols);
	else
		vncfb_blocks(m, pixels, stride, cells, colors, out, out_cols);
}

enum vncfb_pixels
vncfb_detect_pixels(const char *const *envp)
{
	ChafaTermInfo *ti;
	enum vncfb_pixels r = VNCFB_PIXELS_NONE;

	for (size_t i = 0; envp != NULL && envp[i] != NULL; i++)
		if (strncmp(envp[i], "KITTY_WINDOW_ID=", 16) == 0)
			return VNCFB_PIXELS_KITTY;
	ti = chafa_term_db_detect(chafa_term_db_get_default(), (gchar **)envp);
	if (chafa_term_info_have_seq(ti,
	    CHAFA_TERM_SEQ_BEGIN_KITTY_IMMEDIATE_IMAGE_V1))
		r = VNCFB_PIXELS_KITTY;
	else if (chafa_term_info_have_seq(ti, CHAFA_TERM_SEQ_BEGIN_SIXELS))
		r = VNCFB_PIXELS_SIXEL;
	chafa_term_info_unref(ti);
	return r;
}

char *
vncfb_image(const uint32_t *px, int stride, struct vncrect src, int cols,
    int rows, int cell_w, int cell_h, enum vncfb_pixels mode, size_t *len)
{
	/* a terminal known to take the mode: its sequences are what libchafa
	 * prints */
	gchar *env[] = { mode == VNCFB_PIXELS_KITTY ? (gchar *)"TERM=xterm-kitty" :
	    (gchar *)"TERM=mlterm", NULL };
	ChafaTermInfo *ti = chafa_term_db_detect(chafa_term_db_get_default(),
	    env);
	ChafaCanvasConfig *cf = chafa_canvas_config_new();
	uint8_t *rgb = vncfb_rgb8(px, stride, src);
	ChafaCanvas *cv;
	GString *out;
	char *r;

	chafa_canvas_config_set_geometry(cf, cols, rows);
	chafa_canvas_config_set_cell_geometry(cf, cell_w, cell_h);
	chafa_canvas_config_set_pixel_mode(cf, mode == VNCFB_PIXELS_KITTY ?
	    CHAFA_PIXEL_MODE_KITTY : CHAFA_PIXEL_MODE_SIXELS);
	chafa_canvas_config_set_canvas_mode(cf, CHAFA_CANVAS_MODE_TRUECOLOR);
	cv = chafa_canvas_new(cf);
	chafa_canvas_draw_all_pixels(cv, CHAFA_PIXEL_RGB8, rgb, src.w, src.h,
	    src.w * 3);
	out = chafa_canvas_print(cv, ti);
	*len = out->len;
	r = xcalloc(1, out->len + 1);
	memcpy(r, out->str, out->len);
	g_string_free(out, TRUE);
	chafa_canvas_unref(cv);
	chafa_canvas_config_unref(cf);
	chafa_term_info_unref(ti);
	free(rgb);
	return r;
}
