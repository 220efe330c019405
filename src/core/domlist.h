/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * domlist — which domains a list view shows, and in what order.
 * Pure: no libvirt calls, no allocation beyond the caller's index array.
 */
#ifndef VMDECK_CORE_DOMLIST_H
#define VMDECK_CORE_DOMLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "domain.h"
#include "filter.h"

enum domlist_sort {
	DOMLIST_SORT_NAME,
	DOMLIST_SORT_STATE,
	DOMLIST_SORT_CPU,	/* by the caller's figures, busiest first */
	DOMLIST_SORT_MEMORY,	/* by the caller's figures, else assigned */
	DOMLIST_SORT_DISK,	/* by the caller's figures */
	DOMLIST_SORT_NET,	/* by the caller's figures */
	DOMLIST_SORT_VCPUS,
	DOMLIST_SORT_HOST,	/* all hosts' list: the caller groups by host;
				 * here (one host) the same as name */
	DOMLIST_SORT_TAG,	/* by tags ("db,web" as a word), untagged
				 * last: the tagged VMs grouped */
	DOMLIST_SORT_COUNT,
};

/* Whether a sort key orders by live figures (domlist_view's keys). */
bool domlist_sort_uses_figures(enum domlist_sort key);

/* "name", "state", "cpu", "memory", "disk", "net", "vcpus". */
const char *domlist_sort_name(enum domlist_sort key);
/* The next sort key after key, wrapping. */
enum domlist_sort domlist_sort_next(enum domlist_sort key);

/* Write to idx the indices of doms[0..n) (VMs of the host called host;
 * may be NULL) that pass filter (NULL: all), sorted by key
 * (ties broken by name, then UUID, so the order is stable across
 * refreshes). For keys that use figures, figures[i] is doms[i]'s value
 * (largest first, NaN last); figures may be NULL otherwise. idx must hold
 * n entries. Returns how many were written. */
size_t domlist_view(const struct domain_info *doms, size_t n,
    const struct filter *filter, const char *host, enum domlist_sort key,
    const float *figures, size_t *idx);

/* Position of uuid within idx[0..count), or -1. */
long domlist_find(const struct domain_info *doms, const size_t *idx,
    size_t count, const char *uuid);

#endif
