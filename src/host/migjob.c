/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "migjob.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "../core/domain.h"
#include "../util/xalloc.h"

struct migjob {
	atomic_int refs;
	pthread_mutex_t lock;
	struct host *dst;		/* referenced */
	struct evq *q;
	char *uuid, *dst_uri, *dst_label;
	struct migrate_opts o;
	virConnectPtr src_conn;		/* between the two steps */
	virDomainPtr dom;
	/* under lock */
	struct migtask *task;
	char *why;
};

static void
migjob_unref(struct migjob *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	migtask_free(j->task);
	free(j->why);
	free(j->uuid);
	free(j->dst_uri);
	free(j->dst_label);
	migrate_opts_clear(&j->o);
	if (j->dom != NULL)
		virDomainFree(j->dom);
	if (j->src_conn != NULL)
		virConnectClose(j->src_conn);
	host_unref(j->dst);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

static void
migjob_fail(struct migjob *j, char *why)
{
	pthread_mutex_lock(&j->lock);
	j->why = why;
	pthread_mutex_unlock(&j->lock);
	evq_wake(j->q);
	migjob_unref(j);
}

static void
migjob_wake(void *ctx)
{
	evq_wake(ctx);
}

/* On the destination's worker. */
static void
migjob_dst(virConnectPtr conn, const char *why, void *ctx)
{
	struct migjob *j = ctx;
	struct migtask *t;

	if (conn == NULL) {
		migjob_fail(j, xasprintf("The destination %s is not connected: "
		    "%s", j->dst_label, why ? why : "no connection"));
		return;
	}
	t = migtask_start(j->src_conn, j->dom, conn, j->dst_uri, j->dst_label,
	    &j->o, migjob_wake, j->q);
	pthread_mutex_lock(&j->lock);
	j->task = t;
	pthread_mutex_unlock(&j->lock);
	evq_wake(j->q);
	migjob_unref(j);
}

/* On the source's worker. */
static void
migjob_src(virConnectPtr conn, const char *why, void *ctx)
{
	struct migjob *j = ctx;
	char *err = NULL;

	if (conn == NULL) {
		migjob_fail(j, xasprintf("The VM's host is not connected: %s",
		    why ? why : "no connection"));
		return;
	}
	j->dom = domain_lookup(conn, j->uuid, &err);
	if (j->dom == NULL) {
		migjob_fail(j, err);
		return;
	}
	virConnectRef(conn);
	j->src_conn = conn;
	host_submit_call(j->dst, migjob_dst, j);
}

struct migjob *
migjob_start(struct host *src, struct host *dst, struct evq *q,
    const char *uuid, const char *dst_uri, const char *dst_label,
    const struct migrate_opts *o)
{
	struct migjob *j = xcalloc(1, sizeof *j);

	atomic_init(&j->refs, 2);	/* the caller, the steps */
	pthread_mutex_init(&j->lock, NULL);
	j->dst = host_ref(dst);
	j->q = q;
	j->uuid = xstrdup(uuid);
	j->dst_uri = xstrdup(dst_uri);
	j->dst_label = xstrdup(dst_label);
	j->o = *o;
	j->o.disks = xcalloc(o->ndisks + 1, sizeof *j->o.disks);
	for (size_t i = 0; i < o->ndisks; i++)
		j->o.disks[i] = xstrdup(o->disks[i]);
	j->o.migrate_uri = o->migrate_uri ? xstrdup(o->migrate_uri) : NULL;
	host_submit_call(src, migjob_src, j);
	return j;
}

struct migtask *
migjob_task(struct migjob *j, char **why)
{
	struct migtask *t;

	pthread_mutex_lock(&j->lock);
	t = j->task;
	*why = j->why ? xstrdup(j->why) : NULL;
	pthread_mutex_unlock(&j->lock);
	return t;
}

void
migjob_free(struct migjob *j)
{
	if (j != NULL)
		migjob_unref(j);
}
