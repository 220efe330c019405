/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * storjob — a host's storage and networks through its worker: list pools,
 * volumes, networks, leases or a VM's addresses, act on one, move a file
 * into or out of a volume; the answer is picked up later, so the storage
 * and network views never wait on libvirt.
 *
 * Call order (UI thread): storjob_start, storjob_done until true (the
 * event queue is woken when it is, and during a transfer about every
 * tenth of a second), storjob_free (at any time: a job still running
 * finishes on the worker and frees itself; a transfer is cancelled).
 */
#ifndef VMDECK_HOST_STORJOB_H
#define VMDECK_HOST_STORJOB_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/evq.h"
#include "../net/net.h"
#include "../storage/storage.h"
#include "host.h"

enum storjob_kind {
	SJ_POOLS,		/* the pools */
	SJ_VOLS,		/* pool: its volumes */
	SJ_POOL_ACT,		/* pool, action (enum pool_action) */
	SJ_POOL_DEFINE,		/* name, arg: the directory */
	SJ_VOL_CREATE,		/* pool, name, bytes, arg: the format */
	SJ_VOL_RESIZE,		/* pool, name, bytes, flag: shrink */
	SJ_VOL_DELETE,		/* pool, name */
	SJ_VOL_CLONE,		/* pool, name, arg: the new name */
	SJ_UPLOAD,		/* pool, name, arg: the local file */
	SJ_DOWNLOAD,		/* pool, name, arg: the local file */
	SJ_NETS,		/* the networks */
	SJ_LEASES,		/* name: the network's DHCP leases */
	SJ_NET_ACT,		/* name, action (enum net_action) */
	SJ_NET_DEFINE,		/* name, arg: the subnet */
	SJ_ADDR,		/* name: a VM's uuid; its interfaces */
};

struct storjob_args {
	enum storjob_kind kind;
	const char *pool, *name, *arg;	/* copied */
	const char *arg2;		/* copied: SJ_NET_DEFINE's DHCP range */
	uint64_t bytes;
	int action;
	bool flag;
};

struct storjob_result {
	bool ok;
	char *msg;			/* what happened, or why not */
	struct pool_list pools;		/* SJ_POOLS */
	struct vol_list vols;		/* SJ_VOLS */
	struct net_list nets;		/* SJ_NETS */
	struct net_leases leases;	/* SJ_LEASES */
	struct net_ifaces ifaces;	/* SJ_ADDR */
};

struct storjob;

struct storjob *storjob_start(struct host *h, struct evq *q,
    const struct storjob_args *a);
/* Whether it is done; then *r holds the answer (moved out; free it with
 * storjob_result_clear). */
bool storjob_done(struct storjob *j, struct storjob_result *r);
void storjob_result_clear(struct storjob_result *r);
/* A transfer's bytes so far and in all (0 and 0 before it starts). */
void storjob_progress(struct storjob *j, uint64_t *done, uint64_t *total);
/* Ask a transfer to stop (it says so, and marks the volume). */
void storjob_cancel(struct storjob *j);
/* When it was started (monotonic ms). */
int64_t storjob_started(const struct storjob *j);
enum storjob_kind storjob_kind(const struct storjob *j);
void storjob_free(struct storjob *j);

#endif
