/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: framebuffer updates as a VNC server could send them —
 * desktop sizes (0x0 to 16384x16384: past VNCCLIENT_MAX_PIXELS refused as
 * vncclient refuses it), damage rectangles anywhere (negative, past the
 * edge), pixels, glyphs of the VGA font — into the cell renderer (blocks,
 * and now and then chafa's symbols) on terminals of 1x1 to 300x100 cells,
 * fit and 1:1 with any pan, and into the text recogniser (whole frames and
 * damaged cells). Memory is bounded by the desktop cap.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/vnc/textscreen.h"
#include "../../src/vnc/vgafont.h"
#include "../../src/vnc/vncclient.h"
#include "../../src/vnc/vncfb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the fuzzer's own cap, for speed: 256 Ki pixels (the client's is 32 Mi) */
#define FUZZ_MAX_PIXELS (256u * 1024)

static struct vgafont font;
static bool have_font;

struct in {
	const uint8_t *p;
	size_t n;
};

static unsigned
take(struct in *in, int bytes)
{
	unsigned v = 0;

	for (int i = 0; i < bytes; i++) {
		v = v << 8 | (in->n ? *in->p : 0);
		if (in->n) {
			in->p++;
			in->n--;
		}
	}
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	uint32_t *fb = NULL;
	int w = 0, h = 0;
	struct textscreen t;
	struct vncfb_cell *cells = NULL;

	if (!have_font) {
		char *err = NULL;

		have_font = vgafont_load(&font, &err) == 0;
		free(err);
		if (!have_font)
			memset(&font, 0, sizeof font);	/* no glyphs: still run */
	}
	textscreen_init(&t, &font);
	for (int ops = 0; in.n > 0 && ops < 64; ops++) {
		switch (take(&in, 1) % 5) {
		case 0: {	/* a desktop size */
			int nw = (int)(take(&in, 2) % 16385);
			int nh = (int)(take(&in, 2) % 16385);
			size_t px = (size_t)nw * (size_t)nh;

			if (px > VNCCLIENT_MAX_PIXELS || px > FUZZ_MAX_PIXELS)
				break;	/* refused, as the client refuses */
			free(fb);
			fb = calloc(px ? px : 1, sizeof *fb);
			w = nw;
			h = nh;
			textscreen_find(&t, fb, w, h, w);
			break;
		}
		case 1: {	/* a rectangle of pixels, anywhere */
			int x = (int)(int16_t)take(&in, 2), y = (int)(int16_t)take(&in, 2);
			int rw = (int)(take(&in, 2) % 2048), rh = (int)(take(&in, 2) % 2048);
			uint32_t c = take(&in, 3);

			for (int yy = y < 0 ? 0 : y; yy < y + rh && yy < h; yy++)
				for (int xx = x < 0 ? 0 : x; xx < x + rw && xx < w; xx++)
					fb[(size_t)yy * (size_t)w + (size_t)xx] =
					    (c ^ (uint32_t)(xx * 31 + yy)) & 0xffffff;
			textscreen_update(&t, fb, w, x, y, rw, rh);
			break;
		}
		case 2: {	/* a glyph where a text cell may be */
			int code = (int)take(&in, 1), cw = take(&in, 1) & 1 ? 9 : 8;
			int x = (int)(take(&in, 2) % 16384), y = (int)(take(&in, 2) % 16384);
			uint32_t fg = take(&in, 3), bg = take(&in, 3);

			if (x + cw > w || y + VGAFONT_H > h)
				break;
			for (int r = 0; r < VGAFONT_H; r++)
				for (int col = 0; col < cw; col++) {
					uint8_t b = font.glyph[code][r];
					bool ink = col < 8 ? (b >> (7 - col)) & 1 :
					    code >= 0xc0 && code <= 0xdf && (b & 1);

					fb[(size_t)(y + r) * (size_t)w + (size_t)(x + col)] =
					    ink ? fg : bg;
				}
			textscreen_update(&t, fb, w, x, y, cw, VGAFONT_H);
			break;
		}
		case 3: {	/* drawn on a terminal of some size */
			int cols = 1 + (int)(take(&in, 1) % 300);
			int rows = 1 + (int)(take(&in, 1) % 100);
			int mode = take(&in, 1) & 1;
			int pan_x = (int)(int16_t)take(&in, 2), pan_y = (int)(int16_t)take(&in, 2);
			enum vncfb_style style = take(&in, 1) % 16 == 0 ?
			    VNCFB_SYMBOLS : VNCFB_BLOCKS;
			struct vncmap m;
			struct vncrect r;

			if (fb == NULL || w == 0 || h == 0)
				break;
			vncmap_layout(&m, w, h, cols, rows, mode ? VNCMAP_ONE :
			    VNCMAP_FIT, &pan_x, &pan_y);
			free(cells);
			cells = calloc((size_t)cols * (size_t)rows, sizeof *cells);
			vncfb_render(&m, fb, w, m.cells, VNCFB_TRUECOLOR, style,
			    cells, cols);
			if (vncmap_damage(&m, (struct vncrect){ (int)take(&in, 2) % (w + 1),
			    (int)take(&in, 2) % (h + 1), 64, 64 }, &r))
				vncfb_render(&m, fb, w, r, VNCFB_256, VNCFB_BLOCKS,
				    cells, cols);
			break;
		}
		default:	/* a whole frame read as text again */
			if (fb != NULL)
				textscreen_find(&t, fb, w, h, w);
			break;
		}
		/* the counts always agree with the cells */
		if (t.cw != 0) {
			int inked = 0, hits = 0;

			for (int i = 0; i < t.cols * t.rows; i++) {
				const struct textcell *c = &t.cells[i];
				bool hit = c->code != TEXTCELL_NONE;
				bool ink = !hit || c->fg != c->bg;

				inked += ink;
				hits += hit && ink;
			}
			if (inked != t.inked || hits != t.hits)
				abort();
		}
	}
	textscreen_free(&t);
	free(cells);
	free(fb);
	return 0;
}
