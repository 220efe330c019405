/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * history — what a VM's figures were, for graphs: a ring per metric at
 * three resolutions, allocated once, nothing allocated per sample.
 *
 *   fine    the last HISTORY_FINE samples (1 minute at a 1 s interval)
 *   medium  averages of HISTORY_MEDIUM_STEP samples (10 minutes at 1 s)
 *   coarse  averages of HISTORY_COARSE_STEP medium points; as many as the
 *           history length asks (1 hour by default)
 *
 * Values are stored as bfloat16 (the top half of a float: 8 bits of
 * precision, plenty for a graph), so an hour of seven metrics takes about
 * 4 KiB per VM. NaN (no figure) is kept as NaN and left out of averages.
 */
#ifndef VMDECK_STATS_HISTORY_H
#define VMDECK_STATS_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "stats.h"

#define HISTORY_FINE 60
#define HISTORY_MEDIUM 120
#define HISTORY_MEDIUM_STEP 5
#define HISTORY_COARSE_STEP 6

enum history_level {
	HISTORY_LEVEL_FINE,
	HISTORY_LEVEL_MEDIUM,
	HISTORY_LEVEL_COARSE,
	HISTORY_LEVEL_COUNT,
};

struct history;

/* A history whose coarse level holds coarse_len points. Never NULL. */
struct history *history_new(size_t coarse_len);
/* Free it. Accepts NULL. */
void history_free(struct history *h);
/* Bytes a history of coarse_len points holds (for the benchmark). */
size_t history_bytes(size_t coarse_len);
/* Record one sample's figures. */
void history_push(struct history *h, const float v[STATS_METRIC_COUNT]);
/* Copy the newest points of metric m at level lvl into out (oldest first),
 * at most max. Returns how many. */
size_t history_window(const struct history *h, enum history_level lvl,
    enum stats_metric m, float *out, size_t max);
/* Capacity of a level, in points. */
size_t history_capacity(const struct history *h, enum history_level lvl);
/* Samples that make one point of a level (1, 5, 30). */
unsigned history_step(enum history_level lvl);

/* bfloat16 conversion (round to nearest even; NaN stays NaN). */
uint16_t history_to_bf16(float f);
float history_from_bf16(uint16_t b);

#endif
