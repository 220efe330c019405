/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * storage — a host's storage pools and their volumes: listing (with the
 * VMs and snapshots that use each volume), pool and volume actions, and
 * moving a file into or out of a volume through libvirt's streams, so it
 * works the same over a remote connection.
 *
 * Every call blocks on libvirt: a host's worker or a subcommand runs it.
 * Messages are sentences for people, with libvirt's reason on failure.
 */
#ifndef VMDECK_STORAGE_STORAGE_H
#define VMDECK_STORAGE_STORAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

struct pool_info {
	char *name;
	char *type;			/* "dir", "logical", "netfs" … */
	bool active, autostart, persistent;
	uint64_t capacity, allocation, available;	/* bytes */
	char *path;			/* its target path, or NULL */
	size_t nvolumes;		/* when active; 0 otherwise */
};

struct pool_list {
	struct pool_info *p;		/* by name */
	size_t n;
};

struct vol_info {
	char *name;
	char *path;
	char *format;			/* libvirt's target format, or NULL */
	char *backing;			/* its backing file, or NULL */
	uint64_t capacity, allocation;	/* bytes */
	char *used_by;			/* "web1, db (snapshot s1 of db)", or
					 * NULL when nothing uses it */
	char *incomplete;		/* why it is not whole (a transfer
					 * that did not finish), or NULL */
};

struct vol_list {
	struct vol_info *v;		/* by name */
	size_t n;
};

/* Every pool of conn. Returns 0, or -1 with *err (caller frees). */
int storage_pools(virConnectPtr conn, struct pool_list *l, char **err);
void pool_list_clear(struct pool_list *l);
char *storage_pools_json(const struct pool_list *l);

/* The volumes of the pool called pool, each with what uses it (every
 * domain's definition, live and inactive, and every snapshot), and the
 * unfinished transfers vmdeck recorded for conn's host. */
int storage_volumes(virConnectPtr conn, const char *pool, struct vol_list *l,
    char **err);
void vol_list_clear(struct vol_list *l);
char *storage_volumes_json(const struct vol_list *l);

enum pool_action {
	POOL_START, POOL_STOP, POOL_AUTOSTART, POOL_NO_AUTOSTART,
	POOL_REFRESH, POOL_DELETE,
};

/* Do a to the pool called pool. POOL_DELETE stops it if need be and
 * removes its definition; its files stay, and it is refused while a VM
 * uses one of its volumes. Returns 0 or -1; *msg says what happened
 * either way (caller frees). */
int storage_pool_act(virConnectPtr conn, const char *pool,
    enum pool_action a, char **msg);
/* Define a directory pool called name at path, start it and set it to
 * start with the host (virt-manager's defaults). On a local host the
 * directory must exist and be writable. A pool that fails to start is
 * removed again. */
int storage_pool_define_dir(virConnectPtr conn, const char *name,
    const char *path, char **msg);

/* Whether name may name a volume: not empty, no '/', not "." or "..",
 * no control characters. *why when not (static). */
bool storage_vol_name_ok(const char *name, const char **why);
/* Create a volume (format "qcow2" or "raw"; NULL: qcow2) of bytes. */
int storage_vol_create(virConnectPtr conn, const char *pool, const char *name,
    uint64_t bytes, const char *format, char **msg);
/* Resize to bytes: growing always; shrinking only a raw volume and only
 * with shrink (its data past the new end is lost), never a qcow2 one. */
int storage_vol_resize(virConnectPtr conn, const char *pool, const char *vol,
    uint64_t bytes, bool shrink, char **msg);
/* Delete a volume nothing uses (a VM or snapshot that does is named). */
int storage_vol_delete(virConnectPtr conn, const char *pool, const char *vol,
    char **msg);
/* Copy a volume to a new one called name in the same pool. */
int storage_vol_clone(virConnectPtr conn, const char *pool, const char *vol,
    const char *name, char **msg);

/* Told how far a transfer is, about every megabyte; returning false
 * cancels it. */
typedef bool storage_tick_fn(uint64_t done, uint64_t total, void *ctx);

/* Upload the local file into the volume, replacing its content, sparse
 * where the host takes it (holes are not sent). A file larger than the
 * volume is refused. A transfer that fails or is cancelled part way says
 * so and is recorded: the volume lists as incomplete until a transfer
 * into it finishes. */
int storage_vol_upload(virConnectPtr conn, const char *pool, const char *vol,
    const char *file, storage_tick_fn *tick, void *ctx, char **msg);
/* Download the volume into the local file (written beside it and renamed
 * when whole, so it is never half there), sparse where the host sends
 * holes. */
int storage_vol_download(virConnectPtr conn, const char *pool,
    const char *vol, const char *file, storage_tick_fn *tick, void *ctx,
    char **msg);

/* The file of unfinished transfers (per user): "URI<TAB>PATH<TAB>why"
 * lines. Exposed for tests; storage_volumes reads it. */
char *storage_incomplete_path(void);

#endif
