/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * graph — a series of numbers drawn as text: braille dots (2x4 per cell),
 * block elements, or ASCII. Pure: it fills the caller's row buffers, and
 * the UI prints them.
 */
#ifndef VMDECK_UTIL_GRAPH_H
#define VMDECK_UTIL_GRAPH_H

#include <stddef.h>

enum graph_style {
	GRAPH_BRAILLE,		/* two samples per cell, four dot rows */
	GRAPH_BLOCK,		/* one sample per cell, eighths of a row */
	GRAPH_ASCII,		/* one sample per cell, halves of a row */
};

/* Bytes a row buffer needs for width cells. */
#define GRAPH_ROW_BYTES(width) ((size_t)(width) * 3 + 1)

/* Draw v[0..n) (oldest first; NaN is a gap) on a scale of 0..max as a
 * filled area height rows by width cells, newest at the right edge. rows[r]
 * (r = 0 is the top) receives NUL-terminated UTF-8 of exactly width
 * columns; each must hold GRAPH_ROW_BYTES(width). Samples that do not fit
 * fall off the left. */
void graph_render(const float *v, size_t n, float max, int width, int height,
    enum graph_style style, char **rows);

/* One-row sparkline of the last width samples into out (GRAPH_ROW_BYTES):
 * eighth blocks, or " .:-=+*#" for ASCII. */
void graph_spark(const float *v, size_t n, float max, int width,
    enum graph_style style, char *out);

/* Samples a graph of width cells shows in style. */
int graph_capacity(int width, enum graph_style style);

#endif
