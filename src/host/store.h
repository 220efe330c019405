/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * store — what the UI thread knows: hosts and their domain snapshots.
 *
 * Owned and changed by the UI thread only, from events (store_apply).
 * Views read it; nothing in it blocks. Domains are kept in arrival order;
 * views sort and filter with domlist.
 */
#ifndef VMDECK_HOST_STORE_H
#define VMDECK_HOST_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/uuidmap.h"
#include "../core/domain.h"
#include "../core/evq.h"
#include "../stats/sampler.h"
#include "../stats/vmstats.h"

struct store_host {
	char *uri;			/* owned */
	char *label;			/* what rows show: a name or the uri */
	enum host_state state;
	char *reason;			/* why disconnected; owned, may be NULL */
	int64_t retry_at;		/* disconnected: next try (monotonic ms) */
	bool listed;			/* a full list has arrived */
	bool was_down;			/* disconnected since last connected */
	struct domain_info *doms;	/* owned array */
	size_t ndoms;
	size_t cap;
	struct uuidmap index;		/* uuid -> position in doms, plus 1 */
	struct vmstats stats;		/* live figures and history */
	struct host_facts facts;	/* pools, networks: for new VMs */
	char *plan_xml;			/* the last create plan's XML, or NULL */
	char *plan_text;		/* its accelerator/warnings, or why not */
	bool plan_error;		/* plan_text says why it would fail */
	unsigned plan_seq;		/* counts plans that arrived */
};

struct store {
	struct store_host *hosts;	/* owned array */
	size_t nhosts;
};

/* What store_apply changed. */
enum {
	STORE_CHANGED_HOSTS = 1 << 0,	/* a host's state */
	STORE_CHANGED_DOMAINS = 1 << 1,	/* the domains of ev->host */
	STORE_CHANGED_MESSAGE = 1 << 2,	/* a status line arrived */
	STORE_CHANGED_RECONNECTED = 1 << 3, /* connected after a failure */
	STORE_CHANGED_CREATED = 1 << 4,	/* a create finished */
	STORE_CHANGED_PLAN = 1 << 6,	/* a create plan arrived */
	STORE_CHANGED_TICK = 1 << 5,	/* the loop woke: figures, or news a
					 * view asked a worker for */
};

/* Set up one host per URI (copied), none connected; each VM's history
 * keeps coarse_len coarse points (see history.h). */
/* Add a host for uri shown as label (both copied) at the end. Returns
 * its index. */
size_t store_add(struct store *s, const char *uri, const char *label,
    size_t coarse_len);
/* Show host i as label (copied) instead of its URI. */
void store_set_label(struct store *s, size_t i, const char *label);
void store_init(struct store *s, const char *const *uris, size_t n,
    size_t coarse_len);
/* Free everything. Accepts a zeroed store. */
void store_free(struct store *s);
/* Apply an event, taking what it owns where useful (ev stays freeable).
 * Returns STORE_CHANGED_* flags. */
unsigned store_apply(struct store *s, struct event *ev);
/* The domain called name on host h, or NULL (a scan). */
struct domain_info *store_find_name(struct store_host *h, const char *name);
/* The domain with uuid on host h, or NULL. */
struct domain_info *store_find(struct store_host *h, const char *uuid);
/* Apply a tick of figures to host i. wall: seconds since the epoch. */
void store_apply_stats(struct store *s, size_t i, const struct stats_batch *b,
    int64_t wall);
/* "connected", "connecting", "disconnected", "not connected". */
const char *store_host_state_name(enum host_state state);

#endif
