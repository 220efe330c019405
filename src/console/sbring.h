/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * sbring — a console's scrollback: a ring of the last N lines that
 * scrolled off the top, oldest dropped first. A line keeps its cells up
 * to its last one that shows something (trailing plain blanks are not
 * stored), so a mostly empty line costs little.
 */
#ifndef VMDECK_CONSOLE_SBRING_H
#define VMDECK_CONSOLE_SBRING_H

#include <stddef.h>

#include "vt.h"

struct sbring_line {
	struct vt_cell *cells;	/* owned */
	size_t n;
};

struct sbring {
	struct sbring_line *lines;	/* cap of them */
	size_t cap;
	size_t head;			/* where the next line goes */
	size_t count;
};

/* An empty ring for cap lines (0: keeps nothing). */
void sbring_init(struct sbring *r, size_t cap);
/* Free every line. */
void sbring_free(struct sbring *r);
/* Add a copy of n cells as the newest line, dropping the oldest when
 * full. */
void sbring_push(struct sbring *r, const struct vt_cell *cells, size_t n);
/* Line i, 0 the newest; NULL past the oldest. */
const struct sbring_line *sbring_get(const struct sbring *r, size_t i);
/* Remove the newest line into cells (cols of them, blanks after its
 * end). Returns 0, or -1 when empty. */
int sbring_pop(struct sbring *r, struct vt_cell *cells, size_t cols);

#endif
