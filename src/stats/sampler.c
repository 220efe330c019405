/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "sampler.h"

#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>

#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "../core/virterr.h"

#define SAMPLER_GROUPS (VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | \
	VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_VCPU | \
	VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK)

static bool
param_u64(const virTypedParameter *p, uint64_t *v)
{
	switch (p->type) {
	case VIR_TYPED_PARAM_INT:
		*v = p->value.i < 0 ? 0 : (uint64_t)p->value.i;
		return true;
	case VIR_TYPED_PARAM_UINT:
		*v = p->value.ui;
		return true;
	case VIR_TYPED_PARAM_LLONG:
		*v = p->value.l < 0 ? 0 : (uint64_t)p->value.l;
		return true;
	case VIR_TYPED_PARAM_ULLONG:
		*v = p->value.ul;
		return true;
	default:
		return false;
	}
}

/* The host's CPU and memory; what the driver refuses stays unset. */
static void
sampler_node(virConnectPtr conn, struct stats_node *node)
{
	virNodeCPUStats cpu[8];
	virNodeMemoryStats mem[8];
	int n = 0;

	memset(node, 0, sizeof *node);
	node->when_ms = time_mono_ms();
	/* drivers want exactly as many slots as they fill: ask the count */
	if (virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n,
	    0) == 0 && n > 0 && n <= 8 &&
	    virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, cpu, &n,
	    0) == 0) {
		uint64_t idle = 0, total = 0;

		for (int i = 0; i < n; i++) {
			total += cpu[i].value;
			if (strcmp(cpu[i].field, VIR_NODE_CPU_STATS_IDLE) == 0 ||
			    strcmp(cpu[i].field, VIR_NODE_CPU_STATS_IOWAIT) == 0)
				idle += cpu[i].value;
		}
		node->have_cpu = total > 0;
		node->total_ns = total;
		node->busy_ns = total - idle;
	} else
		virResetLastError();
	n = 0;
	if (virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL,
	    &n, 0) == 0 && n > 0 && n <= 8 &&
	    virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, mem,
	    &n, 0) == 0) {
		uint64_t total = 0, unused = 0;

		for (int i = 0; i < n; i++) {
			if (strcmp(mem[i].field, VIR_NODE_MEMORY_STATS_TOTAL) == 0)
				total = mem[i].value;
			else if (strcmp(mem[i].field,
			    VIR_NODE_MEMORY_STATS_FREE) == 0 ||
			    strcmp(mem[i].field,
			    VIR_NODE_MEMORY_STATS_BUFFERS) == 0 ||
			    strcmp(mem[i].field,
			    VIR_NODE_MEMORY_STATS_CACHED) == 0)
				unused += mem[i].value;
		}
		node->have_mem = total > 0;
		node->mem_total_kib = total;
		node->mem_used_kib = total > unused ? total - unused : 0;
	} else
		virResetLastError();
}

int
sampler_fetch(virConnectPtr conn, struct stats_batch *b, char **err)
{
	virDomainStatsRecordPtr *recs = NULL;
	int n;

	b->n = 0;
	b->when_ms = time_mono_ms();
	sampler_node(conn, &b->node);
	n = virConnectGetAllDomainStats(conn, SAMPLER_GROUPS, &recs,
	    VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
	if (n < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not sample the VMs' figures: %s", why);
		free(why);
		return -1;
	}
	if ((size_t)n > b->cap) {
		b->cap = (size_t)n + (size_t)n / 4 + 8;
		b->s = xreallocarray(b->s, b->cap, sizeof *b->s);
	}
	for (int r = 0; r < n; r++) {
		struct stats_sample *s = &b->s[b->n++];

		memset(s, 0, sizeof *s);
		virDomainGetUUIDString(recs[r]->dom, s->uuid);
		s->raw.when_ms = b->when_ms;
		for (int p = 0; p < recs[r]->nparams; p++) {
			uint64_t v;

			if (param_u64(&recs[r]->params[p], &v))
				stats_raw_add(&s->raw, recs[r]->params[p].field,
				    v);
		}
	}
	virDomainStatsRecordListFree(recs);
	return 0;
}

void
stats_batch_free(struct stats_batch *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}
