/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncbench — the VNC view's drawing paths, single-threaded, in this
 * process: full frames a second and CPU per frame of blocks, libchafa's
 * symbols and text recognition for a 1024x768 framebuffer into 160x48
 * and 240x67 cells; chafa 1.12 itself (a canvas drawn and printed, its
 * default work factor and 0) as the reference measured in the same run;
 * for a 720x400 VGA text screen the recognition time per frame and the
 * hit rate; and the cells a changed 64x64 rectangle redraws against a
 * full frame. Prints figures; never passes or fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <chafa.h>

#include "../src/vnc/textscreen.h"
#include "../src/vnc/vgafont.h"
#include "../src/vnc/vncfb.h"
#include "../src/vnc/vncmap.h"

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
glyph(const struct vgafont *f, uint32_t *fb, int w, int x, int y, int cw,
    int code, uint32_t fg, uint32_t bg)
{
	for (int r = 0; r < VGAFONT_H; r++)
		for (int c = 0; c < cw; c++) {
			uint8_t b = f->glyph[code][r];
			int ink = c < 8 ? (b >> (7 - c)) & 1 : 0;

			fb[(y + r) * w + x + c] = ink ? fg : bg;
		}
}

/* A desktop: a gradient, a few windows, some text. */
static void
desktop(uint32_t *fb, int w, int h)
{
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			fb[y * w + x] = (uint32_t)(x * 255 / w) << 16 |
			    (uint32_t)(y * 255 / h) << 8 | 0x60;
	for (int k = 0; k < 6; k++)
		for (int y = 60 + k * 90; y < 200 + k * 90 && y < h; y++)
			for (int x = 80 + k * 120; x < 400 + k * 120 && x < w; x++)
				fb[y * w + x] = (y - 60 - k * 90) < 20 ? 0x3050a0 :
				    0xeeeeee;
}

struct result {
	double fps, cpu_per_frame;
	size_t bytes;		/* chafa: what one frame printed */
};

static struct result
time_render(const uint32_t *fb, int w, int h, int cols, int rows,
    enum vncfb_style style, int frames)
{
	struct vncmap m;
	struct vncfb_cell *cells = calloc((size_t)cols * rows, sizeof *cells);
	double c0 = cpu_ms(), t0 = wall_ms();

	vncmap_layout(&m, w, h, cols, rows, VNCMAP_FIT, NULL, NULL);
	for (int i = 0; i < frames; i++)
		vncfb_render(&m, fb, w, m.cells, VNCFB_TRUECOLOR, style, cells,
		    cols);
	double t = wall_ms() - t0, c = cpu_ms() - c0;

	free(cells);
	return (struct result){ frames * 1000.0 / t, c / frames, 0 };
}

/* chafa the way its own tool draws a frame: canvas, pixels, printed. */
static struct result
time_chafa(const uint32_t *fb, int w, int h, int cols, int rows, double wf,
    int frames)
{
	uint8_t *rgb = malloc((size_t)w * h * 3);
	ChafaCanvasConfig *cf = chafa_canvas_config_new();
	ChafaTermInfo *ti = chafa_term_db_get_fallback_info(
	    chafa_term_db_get_default());
	double c0, t0;

	for (int i = 0; i < w * h; i++) {
		rgb[i * 3] = (uint8_t)(fb[i] >> 16);
		rgb[i * 3 + 1] = (uint8_t)(fb[i] >> 8);
		rgb[i * 3 + 2] = (uint8_t)fb[i];
	}
	chafa_canvas_config_set_geometry(cf, cols, rows);
	chafa_canvas_config_set_canvas_mode(cf, CHAFA_CANVAS_MODE_TRUECOLOR);
	if (wf >= 0)
		chafa_canvas_config_set_work_factor(cf, (gfloat)wf);
	size_t bytes = 0;

	c0 = cpu_ms();
	t0 = wall_ms();
	for (int i = 0; i < frames; i++) {
		ChafaCanvas *cv = chafa_canvas_new(cf);
		GString *out;

		chafa_canvas_draw_all_pixels(cv, CHAFA_PIXEL_RGB8, rgb, w, h,
		    w * 3);
		out = chafa_canvas_print(cv, ti);
		bytes = out->len;
		g_string_free(out, TRUE);
		chafa_canvas_unref(cv);
	}
	double t = wall_ms() - t0, c = cpu_ms() - c0;

	chafa_canvas_config_unref(cf);
	chafa_term_info_unref(ti);
	free(rgb);
	return (struct result){ frames * 1000.0 / t, c / frames, bytes };
}

/* Text recognition of a whole frame: the grid found and every cell read
 * (what the view does on a new screen), and a damaged frame (every cell
 * read again: what a full update costs once the grid is known). */
static struct result
time_text(const struct vgafont *f, const uint32_t *fb, int w, int h,
    int frames, bool find, double *hit_rate)
{
	struct textscreen t;
	double c0, t0;

	textscreen_init(&t, f);
	textscreen_find(&t, fb, w, h, w);
	*hit_rate = t.inked ? 100.0 * t.hits / t.inked : 100.0;
	c0 = cpu_ms();
	t0 = wall_ms();
	for (int i = 0; i < frames; i++)
		if (find)
			textscreen_find(&t, fb, w, h, w);
		else
			textscreen_update(&t, fb, w, 0, 0, w, h);
	double tm = wall_ms() - t0, c = cpu_ms() - c0;

	textscreen_free(&t);
	return (struct result){ frames * 1000.0 / tm, c / frames, 0 };
}

int
main(void)
{
	enum { W = 1024, H = 768 };
	static const int sizes[2][2] = { { 160, 48 }, { 240, 67 } };
	uint32_t *fb = malloc(W * H * 4), *tx = malloc(W * H * 4);
	uint32_t *vga = malloc(720 * 400 * 4);
	struct vgafont f;
	char *err = NULL;
	bool have_font = vgafont_load(&f, &err) == 0;
	unsigned seed = 1;

	desktop(fb, W, H);
	if (have_font) {
		/* a Linux framebuffer console: 128x48 cells of 8x16 */
		for (int r = 0; r < 48; r++)
			for (int c = 0; c < 128; c++) {
				seed = seed * 1103515245u + 12345u;
				glyph(&f, tx, W, c * 8, r * 16, 8, r % 3 == 2 ? ' ' :
				    0x21 + (int)(seed >> 16) % 94, 0xaaaaaa, 0);
			}
		/* VGA text mode 80x25 with a BIOS-like screen */
		for (int r = 0; r < 25; r++)
			for (int c = 0; c < 80; c++) {
				seed = seed * 1103515245u + 12345u;
				glyph(&f, vga, 720, c * 9, r * 16, 9, r < 4 || c > 60 ?
				    ' ' : 0x21 + (int)(seed >> 16) % 94,
				    r == 0 ? 0xffffff : 0xaaaaaa, r == 0 ? 0x0000aa : 0);
			}
	} else
		printf("vncbench: no VGA BIOS font (%s): text figures skipped\n",
		    err);
	printf("vncbench: a 1024x768 framebuffer, full frames, one thread "
	    "(fps; CPU ms per frame)\n");
	for (int s = 0; s < 2; s++) {
		int cols = sizes[s][0], rows = sizes[s][1];
		struct result b = time_render(fb, W, H, cols, rows, VNCFB_BLOCKS,
		    200);
		struct result y = time_render(fb, W, H, cols, rows, VNCFB_SYMBOLS,
		    20);
		struct result c0 = time_chafa(fb, W, H, cols, rows, -1, 20);
		struct result c1 = time_chafa(fb, W, H, cols, rows, 0, 20);

		printf("  %dx%d cells: vmdeck blocks %.0f fps (%.2f ms), vmdeck "
		    "symbols %.0f fps (%.1f ms)\n", cols, rows, b.fps,
		    b.cpu_per_frame, y.fps, y.cpu_per_frame);
		printf("  %dx%d cells: reference chafa (libchafa) default %.0f fps "
		    "(%.1f ms), work factor 0 %.0f fps (%.1f ms); a frame "
		    "printed is %zu bytes (truecolor, every frame whole)\n",
		    cols, rows, c0.fps, c0.cpu_per_frame, c1.fps,
		    c1.cpu_per_frame, c0.bytes);
		if (have_font) {
			double hr;
			struct result tf = time_text(&f, tx, W, H, 50, true, &hr);
			struct result tu = time_text(&f, tx, W, H, 200, false, &hr);

			printf("  %dx%d cells: vmdeck text (a 128x48 console): grid "
			    "found and read %.0f fps (%.2f ms), every cell read "
			    "again %.0f fps (%.2f ms), hit rate %.1f %%\n", cols,
			    rows, tf.fps, tf.cpu_per_frame, tu.fps,
			    tu.cpu_per_frame, hr);
		}
	}
	if (have_font) {
		double hr;
		struct result v = time_text(&f, vga, 720, 400, 200, true, &hr);

		printf("vncbench: a 720x400 VGA text screen: recognition %.2f ms "
		    "a frame (%.0f fps), hit rate %.1f %% of the cells with "
		    "ink\n", v.cpu_per_frame, v.fps, hr);
	}
	/* a 64x64 change: the cells redrawn against a full frame */
	{
		struct vncmap m;
		struct vncrect r;

		vncmap_layout(&m, W, H, 160, 48, VNCMAP_FIT, NULL, NULL);
		vncmap_damage(&m, (struct vncrect){ 500, 300, 64, 64 }, &r);
		printf("vncbench: a changed 64x64 rectangle redraws %d of %d "
		    "cells at 160x48 (%.1f %% of a full frame's cells)\n",
		    r.w * r.h, m.cells.w * m.cells.h,
		    100.0 * r.w * r.h / (m.cells.w * m.cells.h));
	}
	printf("vncbench: reference figures cited (not measured here): a "
	    "libcaca text viewer ~10 fps, a kitty-tile viewer ~48 fps\n");
	free(fb);
	free(tx);
	free(vga);
	return 0;
}
