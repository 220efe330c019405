/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vmstats — the live figures and history of every VM of one host, kept
 * on the UI thread, found by UUID.
 *
 * Each tick's batch (sampler) becomes one point per VM: a VM the batch
 * has gets its new figures, a VM that has history but no sample this tick
 * (stopped) gets a gap, so every graph's time axis stays true. A VM's
 * history is allocated when its first sample arrives and kept while it
 * exists, stopped or not; vmstats_forget drops it when the VM is gone.
 */
#ifndef VMDECK_STATS_VMSTATS_H
#define VMDECK_STATS_VMSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/domain.h"
#include "history.h"
#include "sampler.h"
#include "stats.h"
#include "../util/uuidmap.h"

struct vmstat {
	char uuid[DOMAIN_UUID_LEN];
	struct stats_raw prev;		/* the last sample */
	bool has_prev;
	float now[STATS_METRIC_COUNT];	/* the newest point */
	struct history *hist;		/* owned */
	unsigned long tick;		/* the tick that last updated it */
};

struct vmstats {
	struct uuidmap map;		/* uuid -> struct vmstat *, owned */
	size_t coarse_len;		/* coarse points per history */
	unsigned long tick;		/* batches applied */
	struct stats_node node_prev;
	float node_cpu;			/* host CPU %, NaN when unknown */
	uint64_t node_mem_used_kib, node_mem_total_kib;	/* 0: unknown */
	int64_t last_ms;		/* monotonic time of the last batch */
	int64_t last_wall;		/* wall time of the last batch */
};

/* An empty set whose histories keep coarse_len coarse points. */
void vmstats_init(struct vmstats *vs, size_t coarse_len);
void vmstats_free(struct vmstats *vs);
/* Apply a tick. lookup(ctx, uuid) gives a VM's domain info (vCPUs and
 * memory where the sample has none), or NULL. wall is the wall-clock time
 * (seconds) of the tick. */
void vmstats_apply(struct vmstats *vs, const struct stats_batch *b,
    const struct domain_info *(*lookup)(void *ctx, const char *uuid),
    void *ctx, int64_t wall);
/* The VM's figures, or NULL if it was never sampled. */
struct vmstat *vmstats_find(const struct vmstats *vs, const char *uuid);
/* Drop one VM's figures (it was removed). */
void vmstats_forget(struct vmstats *vs, const char *uuid);
/* Drop the figures of every VM lookup(ctx, uuid) no longer knows. */
void vmstats_prune(struct vmstats *vs,
    const struct domain_info *(*lookup)(void *ctx, const char *uuid),
    void *ctx);

/* The newest figure m of st for a VM that is (active) or is not running:
 * a VM that is not running has no CPU, memory use, disk or net figures,
 * whatever its last sample said (NaN); its assigned memory stays. NaN
 * when st is NULL. */
float vmstats_figure(const struct vmstat *st, enum stats_metric m,
    bool active);
/* Whether st's memory use is QEMU's resident size (the host's view, the
 * guest reporting nothing), not the guest's own figure. */
bool vmstats_mem_is_host_view(const struct vmstat *st);

#endif
