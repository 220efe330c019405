/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "sbring.h"

#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

static const struct vt_cell blank = { .ch = 0, .fg = -1, .bg = -1,
    .width = 1 };

/* A cell that shows nothing: no character, no background, no attribute
 * that draws on a blank (reverse, underline). */
static int
sbring_plain(const struct vt_cell *c)
{
	return (c->ch == 0 || c->ch == ' ') && c->bg < 0 &&
	    !(c->attrs & (VT_ATTR_REVERSE | VT_ATTR_UNDERLINE));
}

void
sbring_init(struct sbring *r, size_t cap)
{
	memset(r, 0, sizeof *r);
	r->cap = cap;
	if (cap > 0)
		r->lines = xcalloc(cap, sizeof *r->lines);
}

void
sbring_free(struct sbring *r)
{
	for (size_t i = 0; i < r->cap; i++)
		free(r->lines[i].cells);
	free(r->lines);
	memset(r, 0, sizeof *r);
}

void
sbring_push(struct sbring *r, const struct vt_cell *cells, size_t n)
{
	struct sbring_line *l;

	if (r->cap == 0)
		return;
	while (n > 0 && sbring_plain(&cells[n - 1]))
		n--;
	l = &r->lines[r->head];
	free(l->cells);
	l->cells = n ? xmemdup(cells, n * sizeof *cells) : NULL;
	l->n = n;
	r->head = (r->head + 1) % r->cap;
	if (r->count < r->cap)
		r->count++;
}

const struct sbring_line *
sbring_get(const struct sbring *r, size_t i)
{
	if (i >= r->count)
		return NULL;
	return &r->lines[(r->head + r->cap - 1 - i) % r->cap];
}

int
sbring_pop(struct sbring *r, struct vt_cell *cells, size_t cols)
{
	struct sbring_line *l;
	size_t i;

	if (r->count == 0)
		return -1;
	r->head = (r->head + r->cap - 1) % r->cap;
	r->count--;
	l = &r->lines[r->head];
	for (i = 0; i < cols && i < l->n; i++)
		cells[i] = l->cells[i];
	for (; i < cols; i++)
		cells[i] = blank;
	free(l->cells);
	l->cells = NULL;
	l->n = 0;
	return 0;
}
