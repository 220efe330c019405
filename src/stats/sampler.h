/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * sampler — one tick of live figures from a host: a single
 * virConnectGetAllDomainStats call for every domain (NOWAIT, so a VM busy
 * with a job never stalls it), plus the host's own CPU and memory.
 *
 * A batch is reused tick after tick: its arrays grow when the host gains
 * domains and are never freed in between, so steady state allocates
 * nothing. Runs on a host's worker or in `vmdeck top`, never on the UI
 * thread.
 */
#ifndef VMDECK_STATS_SAMPLER_H
#define VMDECK_STATS_SAMPLER_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#include "../core/domain.h"
#include "stats.h"

struct stats_sample {
	char uuid[DOMAIN_UUID_LEN];
	struct stats_raw raw;
};

struct stats_batch {
	struct stats_sample *s;		/* owned; capacity cap */
	size_t n;
	size_t cap;
	struct stats_node node;		/* the host's own figures */
	int64_t when_ms;		/* monotonic time of the tick */
};

/* Sample every domain of conn into b (replacing what it held) and the
 * host's figures. Returns 0, or -1 with *err set (caller frees); the node
 * figures are tried either way. */
int sampler_fetch(virConnectPtr conn, struct stats_batch *b, char **err);
/* Free a batch's arrays. Accepts a zeroed batch. */
void stats_batch_free(struct stats_batch *b);

#endif
