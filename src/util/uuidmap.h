/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * uuidmap — a hash table from UUID strings to pointers, for finding one VM
 * among thousands without a scan. Open addressing with linear probing;
 * keys are copied. Single-threaded.
 */
#ifndef VMDECK_UTIL_UUIDMAP_H
#define VMDECK_UTIL_UUIDMAP_H

#include <stddef.h>

struct uuidmap_slot {
	char key[40];		/* empty string: free slot */
	void *value;
};

struct uuidmap {
	struct uuidmap_slot *slots;	/* owned */
	size_t cap;			/* 0 or a power of two */
	size_t n;
};

/* Set key to value (replacing any). */
void uuidmap_put(struct uuidmap *m, const char *key, void *value);
/* The value for key, or NULL. */
void *uuidmap_get(const struct uuidmap *m, const char *key);
/* Remove key; returns its value, or NULL. */
void *uuidmap_del(struct uuidmap *m, const char *key);
/* Empty the map, keeping its table. */
void uuidmap_clear(struct uuidmap *m);
/* Free the table. */
void uuidmap_free(struct uuidmap *m);

#endif
