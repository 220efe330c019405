/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "color.h"

/* The 16 ANSI colours as RGB (xterm's values). */
static const uint32_t ansi_rgb[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd,
	0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff,
	0x00ffff, 0xffffff,
};

uint32_t
color_index_rgb(unsigned idx)
{
	static const unsigned steps[6] = { 0, 95, 135, 175, 215, 255 };

	if (idx < 16)
		return ansi_rgb[idx];
	if (idx >= 232) {
		unsigned g = 8 + (idx - 232) * 10;
		return g << 16 | g << 8 | g;
	}
	idx -= 16;
	return steps[idx / 36] << 16 | steps[idx / 6 % 6] << 8 | steps[idx % 6];
}

static unsigned long
rgb_dist(uint32_t a, uint32_t b)
{
	long dr = (long)(a >> 16 & 255) - (long)(b >> 16 & 255);
	long dg = (long)(a >> 8 & 255) - (long)(b >> 8 & 255);
	long db = (long)(a & 255) - (long)(b & 255);

	/* weighted for how the eye sees green and red */
	return (unsigned long)(3 * dr * dr + 4 * dg * dg + 2 * db * db);
}

int
color_rgb_to_256(uint32_t rgb)
{
	int best = 16;
	unsigned long bd = (unsigned long)-1;

	for (unsigned i = 16; i < 256; i++) {
		unsigned long dd = rgb_dist(rgb, color_index_rgb(i));

		if (dd < bd) {
			bd = dd;
			best = (int)i;
		}
	}
	return best;
}

int
color_rgb_to_basic(uint32_t rgb)
{
	int best = 0;
	unsigned long bd = (unsigned long)-1;

	for (int i = 0; i < 16; i++) {
		unsigned long dd = rgb_dist(rgb, ansi_rgb[i]);

		if (dd < bd) {
			bd = dd;
			best = i % 8;
		}
	}
	return best;
}

int
color_index_to_basic(unsigned idx)
{
	if (idx < 16)
		return (int)(idx % 8);
	return color_rgb_to_basic(color_index_rgb(idx % 256));
}
