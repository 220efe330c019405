/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "domlist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const sort_names[DOMLIST_SORT_COUNT] = {
	[DOMLIST_SORT_NAME] = "name",
	[DOMLIST_SORT_STATE] = "state",
	[DOMLIST_SORT_CPU] = "cpu",
	[DOMLIST_SORT_MEMORY] = "memory",
	[DOMLIST_SORT_DISK] = "disk",
	[DOMLIST_SORT_NET] = "net",
	[DOMLIST_SORT_VCPUS] = "vcpus",
	[DOMLIST_SORT_HOST] = "host",
	[DOMLIST_SORT_TAG] = "tag",
};

bool
domlist_sort_uses_figures(enum domlist_sort key)
{
	return key == DOMLIST_SORT_CPU || key == DOMLIST_SORT_MEMORY ||
	    key == DOMLIST_SORT_DISK || key == DOMLIST_SORT_NET;
}

/* Order of states when sorting: the ones that need attention first. */
static const int state_rank[DOMAIN_STATE_COUNT] = {
	[DOMAIN_STATE_CRASHED] = 0,
	[DOMAIN_STATE_RUNNING] = 1,
	[DOMAIN_STATE_BLOCKED] = 2,
	[DOMAIN_STATE_SHUTDOWN] = 3,
	[DOMAIN_STATE_PAUSED] = 4,
	[DOMAIN_STATE_PMSUSPENDED] = 5,
	[DOMAIN_STATE_SHUTOFF] = 6,
	[DOMAIN_STATE_NOSTATE] = 7,
};

const char *
domlist_sort_name(enum domlist_sort key)
{
	return sort_names[(unsigned)key % DOMLIST_SORT_COUNT];
}

enum domlist_sort
domlist_sort_next(enum domlist_sort key)
{
	return (enum domlist_sort)(((unsigned)key + 1) % DOMLIST_SORT_COUNT);
}


/* qsort has no context argument in C11; the view is built on one thread
 * at a time (the UI thread), so a file-scope context is safe. */
static struct {
	const struct domain_info *doms;
	const float *figures;
	enum domlist_sort key;
} sort_ctx;

/* Largest first, NaN (no figure) after every number. */
static int
cmp_figure(float a, float b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) - isnan(b);
	return a > b ? -1 : a < b;
}

static int
cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int
domlist_cmp(const void *pa, const void *pb)
{
	const struct domain_info *a = &sort_ctx.doms[*(const size_t *)pa];
	const struct domain_info *b = &sort_ctx.doms[*(const size_t *)pb];
	int c = 0;

	switch (sort_ctx.key) {
	case DOMLIST_SORT_STATE:
		c = state_rank[a->state] - state_rank[b->state];
		break;
	case DOMLIST_SORT_TAG:		/* untagged last */
		c = (a->tags[0] == '\0') - (b->tags[0] == '\0');
		if (c == 0)
			c = strcmp(a->tags, b->tags);
		break;
	case DOMLIST_SORT_VCPUS:	/* biggest first */
		c = -cmp_u64(a->vcpus, b->vcpus);
		break;
	case DOMLIST_SORT_CPU:
	case DOMLIST_SORT_MEMORY:
	case DOMLIST_SORT_DISK:
	case DOMLIST_SORT_NET:
		if (sort_ctx.figures != NULL)
			c = cmp_figure(sort_ctx.figures[a - sort_ctx.doms],
			    sort_ctx.figures[b - sort_ctx.doms]);
		if (c == 0 && sort_ctx.key == DOMLIST_SORT_MEMORY)
			c = -cmp_u64(a->maxmem_kib, b->maxmem_kib);
		break;
	default:
		break;
	}
	if (c == 0)
		c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	if (c == 0)
		c = strcmp(a->uuid, b->uuid);
	return c;
}

size_t
domlist_view(const struct domain_info *doms, size_t n,
    const struct filter *filter, const char *host, enum domlist_sort key,
    const float *figures, size_t *idx)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		if (filter == NULL || filter_match(filter, &doms[i], host))
			idx[count++] = i;
	if (count < 2)
		return count;
	sort_ctx.doms = doms;
	sort_ctx.figures = figures;
	sort_ctx.key = key;
	qsort(idx, count, sizeof *idx, domlist_cmp);
	return count;
}

long
domlist_find(const struct domain_info *doms, const size_t *idx, size_t count,
    const char *uuid)
{
	if (uuid == NULL)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (strcmp(doms[idx[i]].uuid, uuid) == 0)
			return (long)i;
	return -1;
}
