/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "storjob.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>

#include "../core/virterr.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"

#define STORJOB_WAKE_MS 100	/* a transfer's progress, at most this often */

struct storjob {
	atomic_int refs;		/* the UI's and the worker's */
	pthread_mutex_t lock;		/* guards done and res */
	bool done;
	struct storjob_result res;
	struct storjob_args a;		/* its strings: the four below */
	char *pool, *name, *arg, *arg2;
	struct evq *q;
	int64_t started;
	_Atomic uint64_t xdone, xtotal;	/* a transfer's */
	atomic_bool cancel;
	int64_t woke;			/* the worker's last wake-up */
};

static void
storjob_unref(struct storjob *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	storjob_result_clear(&j->res);
	free(j->pool);
	free(j->name);
	free(j->arg);
	free(j->arg2);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

void
storjob_result_clear(struct storjob_result *r)
{
	free(r->msg);
	pool_list_clear(&r->pools);
	vol_list_clear(&r->vols);
	net_list_clear(&r->nets);
	net_leases_clear(&r->leases);
	net_ifaces_clear(&r->ifaces);
	memset(r, 0, sizeof *r);
}

/* On the worker, during a transfer. */
static bool
storjob_tick(uint64_t done, uint64_t total, void *ctx)
{
	struct storjob *j = ctx;
	int64_t now = time_mono_ms();

	atomic_store(&j->xdone, done);
	atomic_store(&j->xtotal, total);
	if (now - j->woke >= STORJOB_WAKE_MS || done == total) {
		j->woke = now;
		evq_wake(j->q);
	}
	return !atomic_load(&j->cancel);
}

static void
storjob_run(virConnectPtr conn, const char *why, void *ctx)
{
	struct storjob *j = ctx;
	const struct storjob_args *a = &j->a;
	struct storjob_result r = { 0 };
	char *err = NULL;

	if (conn == NULL) {
		r.msg = xstrdup(why ? why : "the host is not connected");
		goto out;
	}
	switch (a->kind) {
	case SJ_POOLS:
		r.ok = storage_pools(conn, &r.pools, &err) == 0;
		r.msg = err;
		break;
	case SJ_VOLS:
		r.ok = storage_volumes(conn, a->pool, &r.vols, &err) == 0;
		r.msg = err;
		break;
	case SJ_POOL_ACT:
		r.ok = storage_pool_act(conn, a->pool,
		    (enum pool_action)a->action, &r.msg) == 0;
		break;
	case SJ_POOL_DEFINE:
		r.ok = storage_pool_define_dir(conn, a->name, a->arg,
		    &r.msg) == 0;
		break;
	case SJ_VOL_CREATE:
		r.ok = storage_vol_create(conn, a->pool, a->name, a->bytes,
		    a->arg, &r.msg) == 0;
		break;
	case SJ_VOL_RESIZE:
		r.ok = storage_vol_resize(conn, a->pool, a->name, a->bytes,
		    a->flag, &r.msg) == 0;
		break;
	case SJ_VOL_DELETE:
		r.ok = storage_vol_delete(conn, a->pool, a->name, &r.msg) == 0;
		break;
	case SJ_VOL_CLONE:
		r.ok = storage_vol_clone(conn, a->pool, a->name, a->arg,
		    &r.msg) == 0;
		break;
	case SJ_UPLOAD:
		r.ok = storage_vol_upload(conn, a->pool, a->name, a->arg,
		    storjob_tick, j, &r.msg) == 0;
		break;
	case SJ_DOWNLOAD:
		r.ok = storage_vol_download(conn, a->pool, a->name, a->arg,
		    storjob_tick, j, &r.msg) == 0;
		break;
	case SJ_NETS:
		r.ok = net_list_read(conn, &r.nets, &err) == 0;
		r.msg = err;
		break;
	case SJ_LEASES:
		r.ok = net_leases_read(conn, a->name, &r.leases, &err) == 0;
		r.msg = err;
		break;
	case SJ_NET_ACT:
		r.ok = net_act(conn, a->name, (enum net_action)a->action,
		    &r.msg) == 0;
		break;
	case SJ_NET_DEFINE:
		r.ok = net_define_nat(conn, a->name, a->arg, a->arg2,
		    &r.msg) == 0;
		break;
	case SJ_ADDR: {
		virDomainPtr dom = virDomainLookupByUUIDString(conn, a->name);

		if (dom == NULL) {
			char *e = virterr_take();

			r.msg = xasprintf("The VM is not there any more: %s", e);
			free(e);
			break;
		}
		r.ok = net_addresses(dom, &r.ifaces, &err) == 0;
		r.msg = err;
		virDomainFree(dom);
		break;
	}
	}
out:
	pthread_mutex_lock(&j->lock);
	j->res = r;
	j->done = true;
	pthread_mutex_unlock(&j->lock);
	evq_wake(j->q);
	storjob_unref(j);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct storjob *
storjob_start(struct host *h, struct evq *q, const struct storjob_args *a)
{
	struct storjob *j = xcalloc(1, sizeof *j);

	atomic_init(&j->refs, 2);
	pthread_mutex_init(&j->lock, NULL);
	j->a = *a;
	j->a.pool = j->pool = dup_or_null(a->pool);
	j->a.name = j->name = dup_or_null(a->name);
	j->a.arg = j->arg = dup_or_null(a->arg);
	j->a.arg2 = j->arg2 = dup_or_null(a->arg2);
	j->q = q;
	j->started = time_mono_ms();
	host_submit_call(h, storjob_run, j);
	return j;
}

bool
storjob_done(struct storjob *j, struct storjob_result *r)
{
	bool done;

	pthread_mutex_lock(&j->lock);
	done = j->done;
	if (done) {
		*r = j->res;
		memset(&j->res, 0, sizeof j->res);
	}
	pthread_mutex_unlock(&j->lock);
	return done;
}

void
storjob_progress(struct storjob *j, uint64_t *done, uint64_t *total)
{
	*done = atomic_load(&j->xdone);
	*total = atomic_load(&j->xtotal);
}

void
storjob_cancel(struct storjob *j)
{
	atomic_store(&j->cancel, true);
}

int64_t
storjob_started(const struct storjob *j)
{
	return j->started;
}

enum storjob_kind
storjob_kind(const struct storjob *j)
{
	return j->a.kind;
}

void
storjob_free(struct storjob *j)
{
	if (j == NULL)
		return;
	atomic_store(&j->cancel, true);
	storjob_unref(j);
}
