/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "history.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

struct level {
	uint16_t *ring;		/* STATS_METRIC_COUNT rings of cap points */
	size_t cap;
	size_t head;		/* next slot to write */
	size_t count;		/* points held */
	float sum[STATS_METRIC_COUNT];	/* accumulating the next point */
	unsigned n[STATS_METRIC_COUNT];	/* non-NaN samples in sum */
	unsigned filled;		/* samples in sum, NaN or not */
};

struct history {
	struct level lv[HISTORY_LEVEL_COUNT];
	uint16_t data[];	/* all the rings, one allocation */
};

uint16_t
history_to_bf16(float f)
{
	uint32_t u;

	if (isnan(f))
		return 0x7fc0;
	memcpy(&u, &f, sizeof u);
	u += 0x7fff + ((u >> 16) & 1);	/* round to nearest even */
	return (uint16_t)(u >> 16);
}

float
history_from_bf16(uint16_t b)
{
	uint32_t u = (uint32_t)b << 16;
	float f;

	memcpy(&f, &u, sizeof f);
	return f;
}

unsigned
history_step(enum history_level lvl)
{
	switch (lvl) {
	case HISTORY_LEVEL_MEDIUM: return HISTORY_MEDIUM_STEP;
	case HISTORY_LEVEL_COARSE:
		return HISTORY_MEDIUM_STEP * HISTORY_COARSE_STEP;
	default: return 1;
	}
}

size_t
history_bytes(size_t coarse_len)
{
	return sizeof(struct history) + STATS_METRIC_COUNT *
	    (HISTORY_FINE + HISTORY_MEDIUM + coarse_len) * sizeof(uint16_t);
}

struct history *
history_new(size_t coarse_len)
{
	struct history *h;
	size_t caps[HISTORY_LEVEL_COUNT] = { HISTORY_FINE, HISTORY_MEDIUM,
	    coarse_len ? coarse_len : 1 };
	uint16_t *p;

	h = xcalloc(1, history_bytes(caps[HISTORY_LEVEL_COARSE]));
	p = h->data;
	for (int l = 0; l < HISTORY_LEVEL_COUNT; l++) {
		h->lv[l].ring = p;
		h->lv[l].cap = caps[l];
		p += STATS_METRIC_COUNT * caps[l];
	}
	return h;
}

void
history_free(struct history *h)
{
	free(h);
}

/* Write v into level l, then feed the next level when a step is done. */
static void
level_push(struct history *h, int l, const float v[STATS_METRIC_COUNT])
{
	struct level *lv = &h->lv[l];

	for (int m = 0; m < STATS_METRIC_COUNT; m++)
		lv->ring[m * lv->cap + lv->head] = history_to_bf16(v[m]);
	lv->head = (lv->head + 1) % lv->cap;
	if (lv->count < lv->cap)
		lv->count++;

	if (l + 1 >= HISTORY_LEVEL_COUNT)
		return;
	struct level *up = &h->lv[l + 1];
	unsigned step = l == HISTORY_LEVEL_FINE ? HISTORY_MEDIUM_STEP :
	    HISTORY_COARSE_STEP;
	for (int m = 0; m < STATS_METRIC_COUNT; m++)
		if (!isnan(v[m])) {
			up->sum[m] += v[m];
			up->n[m]++;
		}
	if (++up->filled < step)
		return;
	float avg[STATS_METRIC_COUNT];
	for (int m = 0; m < STATS_METRIC_COUNT; m++) {
		avg[m] = up->n[m] ? up->sum[m] / (float)up->n[m] : NAN;
		up->sum[m] = 0;
		up->n[m] = 0;
	}
	up->filled = 0;
	level_push(h, l + 1, avg);
}

void
history_push(struct history *h, const float v[STATS_METRIC_COUNT])
{
	level_push(h, HISTORY_LEVEL_FINE, v);
}

size_t
history_window(const struct history *h, enum history_level lvl,
    enum stats_metric m, float *out, size_t max)
{
	const struct level *lv = &h->lv[lvl];
	size_t n = lv->count < max ? lv->count : max;
	size_t start = (lv->head + lv->cap - n) % lv->cap;

	for (size_t i = 0; i < n; i++)
		out[i] = history_from_bf16(lv->ring[m * lv->cap +
		    (start + i) % lv->cap]);
	return n;
}

size_t
history_capacity(const struct history *h, enum history_level lvl)
{
	return h->lv[lvl].cap;
}
