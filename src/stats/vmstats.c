/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vmstats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

void
vmstats_init(struct vmstats *vs, size_t coarse_len)
{
	memset(vs, 0, sizeof *vs);
	vs->coarse_len = coarse_len;
	vs->node_cpu = NAN;
}

static void
vmstat_free(struct vmstat *v)
{
	if (v == NULL)
		return;
	history_free(v->hist);
	free(v);
}

void
vmstats_free(struct vmstats *vs)
{
	for (size_t i = 0; i < vs->map.cap; i++)
		if (vs->map.slots[i].key[0] != '\0')
			vmstat_free(vs->map.slots[i].value);
	uuidmap_free(&vs->map);
}

struct vmstat *
vmstats_find(const struct vmstats *vs, const char *uuid)
{
	return uuidmap_get(&vs->map, uuid);
}

void
vmstats_forget(struct vmstats *vs, const char *uuid)
{
	vmstat_free(uuidmap_del(&vs->map, uuid));
}

void
vmstats_prune(struct vmstats *vs,
    const struct domain_info *(*lookup)(void *ctx, const char *uuid),
    void *ctx)
{
	char (*gone)[DOMAIN_UUID_LEN] = NULL;
	size_t n = 0;

	/* collect first: deleting moves entries around the table */
	for (size_t i = 0; i < vs->map.cap; i++) {
		const char *key = vs->map.slots[i].key;

		if (key[0] == '\0' || lookup(ctx, key) != NULL)
			continue;
		gone = xreallocarray(gone, n + 1, sizeof *gone);
		snprintf(gone[n++], DOMAIN_UUID_LEN, "%.36s", key);
	}
	for (size_t i = 0; i < n; i++)
		vmstats_forget(vs, gone[i]);
	free(gone);
}

void
vmstats_apply(struct vmstats *vs, const struct stats_batch *b,
    const struct domain_info *(*lookup)(void *ctx, const char *uuid),
    void *ctx, int64_t wall)
{
	vs->tick++;
	for (size_t i = 0; i < b->n; i++) {
		const struct stats_sample *s = &b->s[i];
		const struct domain_info *d = lookup(ctx, s->uuid);
		struct vmstat *v = vmstats_find(vs, s->uuid);

		if (v == NULL) {
			v = xcalloc(1, sizeof *v);
			snprintf(v->uuid, sizeof v->uuid, "%s", s->uuid);
			v->hist = history_new(vs->coarse_len);
			uuidmap_put(&vs->map, v->uuid, v);
		}
		stats_point(v->has_prev ? &v->prev : NULL, &s->raw,
		    d ? d->vcpus : 0, d ? d->mem_kib : 0, v->now);
		history_push(v->hist, v->now);
		v->prev = s->raw;
		v->has_prev = true;
		v->tick = vs->tick;
	}
	/* VMs not sampled this tick (stopped): a gap keeps time true */
	for (size_t i = 0; i < vs->map.cap; i++) {
		struct vmstat *v = vs->map.slots[i].value;

		if (vs->map.slots[i].key[0] == '\0' || v->tick == vs->tick)
			continue;
		for (int m = 0; m < STATS_METRIC_COUNT; m++)
			v->now[m] = NAN;
		history_push(v->hist, v->now);
		v->has_prev = false;
		v->tick = vs->tick;
	}
	vs->node_cpu = stats_node_cpu(&vs->node_prev, &b->node);
	if (b->node.have_cpu)
		vs->node_prev = b->node;
	vs->node_mem_used_kib = b->node.have_mem ? b->node.mem_used_kib : 0;
	vs->node_mem_total_kib = b->node.have_mem ? b->node.mem_total_kib : 0;
	vs->last_ms = b->when_ms;
	vs->last_wall = wall;
}

float
vmstats_figure(const struct vmstat *st, enum stats_metric m, bool active)
{
	if (st == NULL || (!active && m != STATS_MEM_ASSIGNED))
		return NAN;
	return st->now[m];
}

bool
vmstats_mem_is_host_view(const struct vmstat *st)
{
	return st != NULL && st->has_prev &&
	    !(st->prev.have & STATS_HAVE_GUEST_MEM) &&
	    (st->prev.have & STATS_HAVE_RSS);
}
