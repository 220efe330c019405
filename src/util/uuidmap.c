/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "uuidmap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static size_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s != '\0') {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static size_t
find(const struct uuidmap *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);

	while (m->slots[i].key[0] != '\0' && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
grow(struct uuidmap *m)
{
	struct uuidmap_slot *old = m->slots;
	size_t oldcap = m->cap;

	m->cap = m->cap ? m->cap * 2 : 64;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	m->n = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key[0] != '\0')
			uuidmap_put(m, old[i].key, old[i].value);
	free(old);
}

void
uuidmap_put(struct uuidmap *m, const char *key, void *value)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	i = find(m, key);
	if (m->slots[i].key[0] == '\0') {
		snprintf(m->slots[i].key, sizeof m->slots[i].key, "%s", key);
		m->n++;
	}
	m->slots[i].value = value;
}

void *
uuidmap_get(const struct uuidmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0 || *key == '\0')
		return NULL;
	i = find(m, key);
	return m->slots[i].key[0] != '\0' ? m->slots[i].value : NULL;
}

void *
uuidmap_del(struct uuidmap *m, const char *key)
{
	size_t i, j;
	void *value;

	if (m->cap == 0 || *key == '\0')
		return NULL;
	i = find(m, key);
	if (m->slots[i].key[0] == '\0')
		return NULL;
	value = m->slots[i].value;
	m->slots[i].key[0] = '\0';
	m->n--;
	/* move back the entries of the cluster that follows, so every
	 * probe sequence stays unbroken */
	for (j = (i + 1) & (m->cap - 1); m->slots[j].key[0] != '\0';
	    j = (j + 1) & (m->cap - 1)) {
		struct uuidmap_slot s = m->slots[j];

		m->slots[j].key[0] = '\0';
		m->n--;
		uuidmap_put(m, s.key, s.value);
	}
	return value;
}

void
uuidmap_clear(struct uuidmap *m)
{
	if (m->cap > 0)
		memset(m->slots, 0, m->cap * sizeof *m->slots);
	m->n = 0;
}

void
uuidmap_free(struct uuidmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}
