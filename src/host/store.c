/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/timeutil.h"
#include "../util/xalloc.h"

void
store_init(struct store *s, const char *const *uris, size_t n,
    size_t coarse_len)
{
	s->hosts = xcalloc(n, sizeof *s->hosts);
	s->nhosts = n;
	for (size_t i = 0; i < n; i++) {
		s->hosts[i].uri = xstrdup(uris[i]);
		s->hosts[i].label = xstrdup(uris[i]);
		s->hosts[i].state = HOST_STATE_IDLE;
		vmstats_init(&s->hosts[i].stats, coarse_len);
	}
}

size_t
store_add(struct store *s, const char *uri, const char *label,
    size_t coarse_len)
{
	struct store_host *h;

	s->hosts = xreallocarray(s->hosts, s->nhosts + 1, sizeof *s->hosts);
	h = &s->hosts[s->nhosts];
	memset(h, 0, sizeof *h);
	h->uri = xstrdup(uri);
	h->label = xstrdup(label ? label : uri);
	h->state = HOST_STATE_IDLE;
	vmstats_init(&h->stats, coarse_len);
	return s->nhosts++;
}

void
store_set_label(struct store *s, size_t i, const char *label)
{
	if (i >= s->nhosts || label == NULL)
		return;
	free(s->hosts[i].label);
	s->hosts[i].label = xstrdup(label);
}

/* Index entries hold position + 1, so that 0 (NULL) means absent. */
static void
store_index_set(struct store_host *h, size_t pos)
{
	uuidmap_put(&h->index, h->doms[pos].uuid, (void *)(uintptr_t)(pos + 1));
}

static void
store_reindex(struct store_host *h)
{
	uuidmap_clear(&h->index);
	for (size_t i = 0; i < h->ndoms; i++)
		store_index_set(h, i);
}

static const struct domain_info *
store_lookup(void *ctx, const char *uuid)
{
	return store_find(ctx, uuid);
}

void
store_apply_stats(struct store *s, size_t i, const struct stats_batch *b,
    int64_t wall)
{
	if (i < s->nhosts)
		vmstats_apply(&s->hosts[i].stats, b, store_lookup, &s->hosts[i],
		    wall);
}

void
store_free(struct store *s)
{
	for (size_t i = 0; i < s->nhosts; i++) {
		free(s->hosts[i].uri);
		free(s->hosts[i].label);
		free(s->hosts[i].reason);
		domain_info_array_free(s->hosts[i].doms, s->hosts[i].ndoms);
		uuidmap_free(&s->hosts[i].index);
		host_facts_clear(&s->hosts[i].facts);
		free(s->hosts[i].plan_xml);
		free(s->hosts[i].plan_text);
		vmstats_free(&s->hosts[i].stats);
	}
	free(s->hosts);
	memset(s, 0, sizeof *s);
}

struct domain_info *
store_find(struct store_host *h, const char *uuid)
{
	uintptr_t pos = (uintptr_t)uuidmap_get(&h->index, uuid);

	return pos != 0 ? &h->doms[pos - 1] : NULL;
}

struct domain_info *
store_find_name(struct store_host *h, const char *name)
{
	for (size_t i = 0; i < h->ndoms; i++)
		if (strcmp(h->doms[i].name, name) == 0)
			return &h->doms[i];
	return NULL;
}

const char *
store_host_state_name(enum host_state state)
{
	switch (state) {
	case HOST_STATE_CONNECTED: return "connected";
	case HOST_STATE_CONNECTING: return "connecting";
	case HOST_STATE_DISCONNECTED: return "disconnected";
	default: return "not connected";
	}
}

static void
store_update(struct store_host *h, struct domain_info *info)
{
	struct domain_info *d = store_find(h, info->uuid);

	if (d != NULL)
		domain_info_clear(d);
	else {
		if (h->ndoms == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 16;
			h->doms = xreallocarray(h->doms, h->cap, sizeof *h->doms);
		}
		d = &h->doms[h->ndoms++];
	}
	*d = *info;			/* take the name */
	memset(info, 0, sizeof *info);
	store_index_set(h, (size_t)(d - h->doms));
}

static bool
store_remove(struct store_host *h, const char *uuid)
{
	struct domain_info *d = store_find(h, uuid);

	if (d == NULL)
		return false;
	uuidmap_del(&h->index, uuid);
	vmstats_forget(&h->stats, uuid);
	domain_info_clear(d);
	*d = h->doms[--h->ndoms];
	if (d != &h->doms[h->ndoms])	/* the last one moved into its place */
		store_index_set(h, (size_t)(d - h->doms));
	return true;
}

unsigned
store_apply(struct store *s, struct event *ev)
{
	struct store_host *h;

	if (ev->host < 0 || (size_t)ev->host >= s->nhosts)
		return 0;
	h = &s->hosts[ev->host];
	switch (ev->type) {
	case EVENT_HOST_STATE: {
		unsigned changed = STORE_CHANGED_HOSTS;

		if (ev->state == HOST_STATE_DISCONNECTED)
			h->was_down = true;
		else if (ev->state == HOST_STATE_CONNECTED && h->was_down) {
			h->was_down = false;
			changed |= STORE_CHANGED_RECONNECTED;
		}
		h->state = ev->state;
		h->retry_at = ev->state == HOST_STATE_DISCONNECTED &&
		    ev->retry_ms > 0 ? time_mono_ms() + ev->retry_ms : 0;
		free(h->reason);
		h->reason = ev->text;
		ev->text = NULL;
		return changed;
	}
	case EVENT_DOMAIN_LIST:
		domain_info_array_free(h->doms, h->ndoms);
		h->doms = ev->list;
		h->ndoms = h->cap = ev->nlist;
		h->listed = true;
		ev->list = NULL;
		ev->nlist = 0;
		store_reindex(h);
		vmstats_prune(&h->stats, store_lookup, h);
		return STORE_CHANGED_DOMAINS | STORE_CHANGED_HOSTS;
	case EVENT_DOMAIN_UPDATE:
		store_update(h, &ev->info);
		return STORE_CHANGED_DOMAINS | STORE_CHANGED_HOSTS;
	case EVENT_DOMAIN_REMOVED:
		return store_remove(h, ev->info.uuid) ?
		    STORE_CHANGED_DOMAINS | STORE_CHANGED_HOSTS : 0;
	case EVENT_MESSAGE:
		return STORE_CHANGED_MESSAGE;
	case EVENT_CREATED:
		return STORE_CHANGED_MESSAGE | STORE_CHANGED_CREATED;
	case EVENT_XML:
	case EVENT_DEFINED:
	case EVENT_PROGRESS:
	case EVENT_PROMPT:
		return STORE_CHANGED_MESSAGE;
	case EVENT_PLAN:
		free(h->plan_xml);
		free(h->plan_text);
		h->plan_xml = ev->xml;
		h->plan_text = ev->text;
		h->plan_error = ev->error != 0;
		h->plan_seq++;
		ev->xml = NULL;
		ev->text = NULL;
		return STORE_CHANGED_PLAN;
	case EVENT_FACTS:
		host_facts_clear(&h->facts);
		h->facts = ev->facts;
		memset(&ev->facts, 0, sizeof ev->facts);
		return STORE_CHANGED_HOSTS;
	}
	return 0;
}
