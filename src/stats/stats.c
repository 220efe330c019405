/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "block.3.rd.bytes" → true with *suffix = "rd.bytes" when the name is
 * PREFIX.N.SUFFIX */
static bool
indexed_field(const char *field, const char *prefix, const char **suffix)
{
	size_t n = strlen(prefix);
	const char *p;

	if (strncmp(field, prefix, n) != 0 || field[n] != '.')
		return false;
	p = field + n + 1;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '.')
		return false;
	*suffix = p + 1;
	return true;
}

bool
stats_raw_add(struct stats_raw *raw, const char *field, uint64_t value)
{
	const char *sfx;

	if (strcmp(field, "cpu.time") == 0) {
		raw->cpu_ns = value;
		raw->have |= STATS_HAVE_CPU;
	} else if (strcmp(field, "vcpu.current") == 0) {
		raw->vcpus = (unsigned)value;
		raw->have |= STATS_HAVE_VCPUS;
	} else if (strcmp(field, "state.state") == 0) {
		raw->state = (int)value;
		raw->have |= STATS_HAVE_STATE;
	} else if (strcmp(field, "balloon.current") == 0) {
		raw->balloon_kib = value;
		raw->have |= STATS_HAVE_BALLOON;
	} else if (strcmp(field, "balloon.rss") == 0) {
		raw->rss_kib = value;
		raw->have |= STATS_HAVE_RSS;
	} else if (strcmp(field, "balloon.available") == 0) {
		raw->available_kib = value;
		raw->seen_avail = 1;
	} else if (strcmp(field, "balloon.unused") == 0) {
		raw->unused_kib = value;
		raw->seen_unused = 1;
	} else if (indexed_field(field, "block", &sfx)) {
		if (strcmp(sfx, "rd.bytes") == 0)
			raw->rd_bytes += value;
		else if (strcmp(sfx, "wr.bytes") == 0)
			raw->wr_bytes += value;
		else
			return false;
		raw->have |= STATS_HAVE_BLOCK;
	} else if (indexed_field(field, "net", &sfx)) {
		if (strcmp(sfx, "rx.bytes") == 0)
			raw->rx_bytes += value;
		else if (strcmp(sfx, "tx.bytes") == 0)
			raw->tx_bytes += value;
		else
			return false;
		raw->have |= STATS_HAVE_NET;
	} else
		return false;
	if (raw->seen_avail && raw->seen_unused)
		raw->have |= STATS_HAVE_GUEST_MEM;
	return true;
}

/* (cur - prev) / seconds, or NaN when either lacks the counter, time did
 * not advance, or the counter went backwards (a restart: the series starts
 * again rather than showing a spike). */
static float
rate(const struct stats_raw *prev, const struct stats_raw *cur, unsigned have,
    uint64_t a, uint64_t b, double secs)
{
	if (prev == NULL || !(prev->have & have) || !(cur->have & have) ||
	    secs <= 0 || b < a)
		return NAN;
	return (float)((double)(b - a) / secs);
}

void
stats_point(const struct stats_raw *prev, const struct stats_raw *cur,
    unsigned vcpus, uint64_t assigned_kib, float out[STATS_METRIC_COUNT])
{
	double secs = prev ? (double)(cur->when_ms - prev->when_ms) / 1000 : 0;
	unsigned n = cur->have & STATS_HAVE_VCPUS ? cur->vcpus : vcpus;

	for (int m = 0; m < STATS_METRIC_COUNT; m++)
		out[m] = NAN;

	if (prev != NULL && n > 0) {
		float ns = rate(prev, cur, STATS_HAVE_CPU, prev->cpu_ns,
		    cur->cpu_ns, secs);

		if (!isnan(ns)) {
			float pct = ns / 1e9f / (float)n * 100.0f;
			out[STATS_CPU] = pct > 100 ? 100 : pct;
		}
	}
	if (cur->have & STATS_HAVE_GUEST_MEM &&
	    cur->available_kib >= cur->unused_kib)
		out[STATS_MEM_USED] = (float)(cur->available_kib -
		    cur->unused_kib);
	if (cur->have & STATS_HAVE_BALLOON)
		out[STATS_MEM_ASSIGNED] = (float)cur->balloon_kib;
	else if (assigned_kib > 0)
		out[STATS_MEM_ASSIGNED] = (float)assigned_kib;
	/* no guest figure: QEMU's resident size, which counts QEMU's own
	 * memory too, so never shown above the guest's memory */
	if (isnan(out[STATS_MEM_USED]) && cur->have & STATS_HAVE_RSS) {
		out[STATS_MEM_USED] = (float)cur->rss_kib;
		if (!isnan(out[STATS_MEM_ASSIGNED]) &&
		    out[STATS_MEM_USED] > out[STATS_MEM_ASSIGNED])
			out[STATS_MEM_USED] = out[STATS_MEM_ASSIGNED];
	}
	out[STATS_DISK_RD] = rate(prev, cur, STATS_HAVE_BLOCK,
	    prev ? prev->rd_bytes : 0, cur->rd_bytes, secs);
	out[STATS_DISK_WR] = rate(prev, cur, STATS_HAVE_BLOCK,
	    prev ? prev->wr_bytes : 0, cur->wr_bytes, secs);
	out[STATS_NET_RX] = rate(prev, cur, STATS_HAVE_NET,
	    prev ? prev->rx_bytes : 0, cur->rx_bytes, secs);
	out[STATS_NET_TX] = rate(prev, cur, STATS_HAVE_NET,
	    prev ? prev->tx_bytes : 0, cur->tx_bytes, secs);
}

float
stats_sum(float a, float b)
{
	if (isnan(a))
		return b;
	return isnan(b) ? a : a + b;
}

float
stats_node_cpu(const struct stats_node *prev, const struct stats_node *cur)
{
	if (prev == NULL || !prev->have_cpu || !cur->have_cpu ||
	    cur->total_ns <= prev->total_ns || cur->busy_ns < prev->busy_ns)
		return NAN;
	double pct = (double)(cur->busy_ns - prev->busy_ns) /
	    (double)(cur->total_ns - prev->total_ns) * 100;
	return (float)(pct > 100 ? 100 : pct);
}

/* value in units of 1024, one decimal below 10, with the unit letter */
static char *
compact(char *buf, size_t len, double v, const char *const *units, int nunits)
{
	int u = 0;

	while (v >= 1000 && u + 1 < nunits) {	/* 1000: stay 4 chars wide */
		v /= 1024;
		u++;
	}
	if (v > 0 && v < 9.95 && u > 0)
		snprintf(buf, len, "%.1f%s", v, units[u]);
	else
		snprintf(buf, len, "%.0f%s", v, units[u]);
	return buf;
}

char *
stats_format_kib(char *buf, size_t len, double kib)
{
	static const char *const u[] = { "K", "M", "G", "T", "P" };

	return compact(buf, len, kib, u, 5);
}

char *
stats_format_rate(char *buf, size_t len, double bps)
{
	static const char *const u[] = { "", "K", "M", "G", "T" };

	if (bps < 0.5)
		return snprintf(buf, len, "0"), buf;
	return compact(buf, len, bps, u, 5);
}

char *
stats_format(char *buf, size_t len, enum stats_metric m, float v, bool ascii)
{
	if (isnan(v)) {
		snprintf(buf, len, "%s", ascii ? "-" : "–");
		return buf;
	}
	switch (m) {
	case STATS_CPU:
		snprintf(buf, len, "%.0f%%", v);
		break;
	case STATS_MEM_USED:
	case STATS_MEM_ASSIGNED:
		stats_format_kib(buf, len, v);
		break;
	default:
		stats_format_rate(buf, len, v);
		break;
	}
	return buf;
}
