/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "graph.h"

#include <math.h>
#include <string.h>

/* Append the UTF-8 of code point cp to *p. */
static void
put_utf8(char **p, unsigned cp)
{
	char *o = *p;

	if (cp < 0x80)
		*o++ = (char)cp;
	else if (cp < 0x800) {
		*o++ = (char)(0xC0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xE0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	*p = o;
}

/* How many of units a value fills on 0..max; a value above zero shows at
 * least one, so a small load never looks idle. -1 for a gap. */
static int
units_of(float v, float max, int units)
{
	if (isnan(v))
		return -1;
	if (v <= 0 || max <= 0)
		return 0;
	int u = (int)lroundf(v / max * (float)units);
	if (u < 1)
		u = 1;
	return u > units ? units : u;
}

int
graph_capacity(int width, enum graph_style style)
{
	return style == GRAPH_BRAILLE ? width * 2 : width;
}

/* Sample for slot c of cap slots, newest at the right; NaN when none. */
static float
sample_at(const float *v, size_t n, int cap, int c)
{
	long i = (long)n - (long)(cap - c);

	return i < 0 ? NAN : v[i];
}

void
graph_render(const float *v, size_t n, float max, int width, int height,
    enum graph_style style, char **rows)
{
	static const unsigned left[4] = { 0x01, 0x02, 0x04, 0x40 };
	static const unsigned right[4] = { 0x08, 0x10, 0x20, 0x80 };
	static const char *const eighths[9] = { " ", "\u2581", "\u2582",
	    "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	int cap = graph_capacity(width, style);
	int per_row = style == GRAPH_BRAILLE ? 4 : style == GRAPH_BLOCK ? 8 : 2;

	for (int r = 0; r < height; r++) {
		char *o = rows[r];
		int below = (height - 1 - r) * per_row;	/* units under row */

		for (int c = 0; c < width; c++) {
			if (style == GRAPH_BRAILLE) {
				int a = units_of(sample_at(v, n, cap, 2 * c), max,
				    height * 4);
				int b = units_of(sample_at(v, n, cap, 2 * c + 1),
				    max, height * 4);
				unsigned bits = 0;

				for (int k = 0; k < 4; k++) {
					int from_bottom = below + (3 - k);
					if (a > from_bottom)
						bits |= left[k];
					if (b > from_bottom)
						bits |= right[k];
				}
				if (bits == 0)
					*o++ = ' ';
				else
					put_utf8(&o, 0x2800 + bits);
				continue;
			}
			int u = units_of(sample_at(v, n, cap, c), max,
			    height * per_row);
			int fill = u - below;

			if (fill < 0)
				fill = 0;
			if (fill > per_row)
				fill = per_row;
			if (style == GRAPH_BLOCK) {
				size_t l = strlen(eighths[fill]);
				memcpy(o, eighths[fill], l);
				o += l;
			} else
				*o++ = " .#"[fill];
		}
		*o = '\0';
	}
}

void
graph_spark(const float *v, size_t n, float max, int width,
    enum graph_style style, char *out)
{
	static const char ramp[] = " .:-=+*#";
	char *rows[1] = { out };

	if (style != GRAPH_ASCII) {
		graph_render(v, n, max, width, 1, GRAPH_BLOCK, rows);
		return;
	}
	for (int c = 0; c < width; c++) {
		int u = units_of(sample_at(v, n, width, c), max, 7);

		*out++ = ramp[u < 0 ? 0 : u];
	}
	*out = '\0';
}
