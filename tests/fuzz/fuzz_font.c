/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: a console font's bytes (PSF 1 or 2) added to an empty
 * font; a refusal says why, what is added has a character each, no two
 * added glyphs are drawn alike, and a screen drawn with the font alone is
 * read with it into codes it has.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/vnc/textscreen.h"
#include "../../src/vnc/vgafont.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vgafont f = { 0 };
	char *err = NULL;
	int n = vgafont_add_psf(&f, data, size, &err);
	static struct textscreen t;

	if (n < 0) {
		if (err == NULL || err[0] == '\0' || f.n != 0)
			abort();	/* a refusal says why, adds nothing */
		free(err);
		return 0;
	}
	if (n != f.n || f.n > VGAFONT_MAX)
		abort();
	for (int i = 0; i < f.n; i++) {
		if (f.unicode[i] < 0x20 || f.unicode[i] == 0x7f ||
		    (f.unicode[i] >= 0x80 && f.unicode[i] < 0xa0) ||
		    f.unicode[i] > 0x10ffff)
			abort();	/* a control would reach the terminal */
		for (int j = 0; j < i; j++)
			if (memcmp(f.glyph[i], f.glyph[j], VGAFONT_H) == 0)
				abort();
	}
	textscreen_init(&t, &f);
	if (f.n > 0) {
		/* a screen drawn with the font alone, read back with it */
		static uint32_t fb[16 * 8 * 3 * 16];

		for (int i = 0; i < 16 * 3; i++)
			for (int r = 0; r < VGAFONT_H; r++)
				for (int c = 0; c < 8; c++)
					fb[(i / 16 * 16 + r) * 128 + i % 16 * 8 + c] =
					    (f.glyph[i % f.n][r] >> (7 - c)) & 1 ?
					    0xaaaaaa : 0;
		textscreen_find(&t, fb, 128, 48, 128);
		for (int i = 0; t.cells != NULL && i < t.cols * t.rows; i++)
			if (t.cells[i].code != TEXTCELL_NONE &&
			    t.cells[i].code >= (uint32_t)f.n &&
			    !(t.cells[i].code == 0x20 &&
			    t.cells[i].fg == t.cells[i].bg))
				abort();	/* a code the font lacks (a blank
						 * cell is always 0x20) */
	}
	textscreen_free(&t);
	vgafont_free(&f);
	return 0;
}
