/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "migtask.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvirt/virterror.h>

#include "../core/virterr.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"

struct migtask {
	atomic_int refs;		/* the starter, the run thread */
	pthread_mutex_t lock;
	pthread_cond_t cond;		/* the run's end, for the figures */
	virConnectPtr src, dst;
	virDomainPtr dom;
	char *dst_uri, *dst_label, *name;
	struct migrate_opts o;
	void (*wake)(void *ctx);
	void *ctx;
	/* under lock */
	struct migtask_state st;
	bool want_abort, want_postcopy;
	unsigned long long want_downtime;	/* 0: none */
	bool run_over;
	bool stalled;			/* aborted: nothing moved for long */
	/* the starter's */
	pthread_t run;
	bool run_joinable;		/* started, not yet joined or detached */
};

static void
migtask_unref(struct migtask *t)
{
	if (atomic_fetch_sub(&t->refs, 1) != 1)
		return;
	migtask_state_clear(&t->st);
	migrate_opts_clear(&t->o);
	virDomainFree(t->dom);
	virConnectClose(t->src);
	virConnectClose(t->dst);
	free(t->dst_uri);
	free(t->dst_label);
	free(t->name);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static void
migtask_wake(struct migtask *t)
{
	void (*wake)(void *ctx);
	void *ctx;

	pthread_mutex_lock(&t->lock);
	wake = t->wake;
	ctx = t->ctx;
	pthread_mutex_unlock(&t->lock);
	if (wake != NULL)
		wake(ctx);
}

/* Set the answer to a request (taken). */
static void
migtask_note(struct migtask *t, char *note)
{
	pthread_mutex_lock(&t->lock);
	free(t->st.note);
	t->st.note = note;
	pthread_mutex_unlock(&t->lock);
	migtask_wake(t);
}

/* The figure thread: every MIGTASK_POLL_MS while the run lasts, the job
 * figures, and the requests. */
static void *
migtask_figures(void *arg)
{
	struct migtask *t = arg;
	struct timespec at;
	uint64_t moved = 0;
	int64_t moved_ms = time_mono_ms();

	clock_gettime(CLOCK_MONOTONIC, &at);
	for (;;) {
		bool abort_now, postcopy_now;
		unsigned long long downtime;
		struct migrate_stats s;
		char *err = NULL;

		at.tv_nsec += MIGTASK_POLL_MS * 1000000L;
		if (at.tv_nsec >= 1000000000L) {
			at.tv_sec++;
			at.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&t->lock);
		while (!t->run_over && !t->want_abort && !t->want_postcopy &&
		    t->want_downtime == 0 && pthread_cond_timedwait(&t->cond,
		    &t->lock, &at) != ETIMEDOUT)
			;
		if (t->run_over) {
			pthread_mutex_unlock(&t->lock);
			break;
		}
		abort_now = t->want_abort;
		postcopy_now = t->want_postcopy;
		downtime = t->want_downtime;
		t->want_abort = t->want_postcopy = false;
		t->want_downtime = 0;
		pthread_mutex_unlock(&t->lock);

		if (abort_now) {
			if (virDomainAbortJob(t->dom) < 0) {
				char *why = virterr_take();

				migtask_note(t, xasprintf("Could not abort the "
				    "migration: %s", why));
				free(why);
			} else
				migtask_note(t, xstrdup("Abort asked: libvirt "
				    "stops the migration; the VM stays on the "
				    "source."));
		}
		if (postcopy_now) {
			if (virDomainMigrateStartPostCopy(t->dom, 0) < 0) {
				char *why = virterr_take();

				migtask_note(t, xasprintf("Could not switch to "
				    "post-copy: %s", why));
				free(why);
			} else {
				pthread_mutex_lock(&t->lock);
				t->st.postcopy = true;
				pthread_mutex_unlock(&t->lock);
				migtask_note(t, xstrdup("Switched to post-copy: "
				    "the VM runs on the destination now and "
				    "fetches the rest of its memory; it can no "
				    "longer be aborted."));
			}
		}
		if (downtime > 0) {
			if (virDomainMigrateSetMaxDowntime(t->dom, downtime, 0) <
			    0) {
				char *why = virterr_take();

				migtask_note(t, xasprintf("Could not set the "
				    "maximum downtime: %s", why));
				free(why);
			} else
				migtask_note(t, xasprintf("Maximum downtime set to "
				    "%llu ms.", downtime));
		}
		if (migrate_stats_read(t->dom, &s, &err) < 0) {
			free(err);	/* between jobs, or over: next turn */
			continue;
		}
		if (!s.active || (s.data_total == 0 && s.disk_total == 0))
			continue;	/* not started, or no figures yet */
		/* a destination that stops answering mid-way (its network
		 * gone) leaves QEMU waiting on TCP for many minutes: nothing
		 * moved for MIGTASK_STALL_MS, and it is aborted, said so */
		if (s.data_processed + s.disk_processed != moved) {
			moved = s.data_processed + s.disk_processed;
			moved_ms = time_mono_ms();
		} else if (time_mono_ms() - moved_ms > MIGTASK_STALL_MS &&
		    !t->st.postcopy && !t->stalled) {
			pthread_mutex_lock(&t->lock);
			t->stalled = true;
			pthread_mutex_unlock(&t->lock);
			if (virDomainAbortJob(t->dom) < 0)
				virResetLastError();
			migtask_note(t, xasprintf("Nothing was sent for %d s: "
			    "the destination stopped answering. Aborting; the "
			    "VM stays on the source.", MIGTASK_STALL_MS / 1000));
		}
		pthread_mutex_lock(&t->lock);
		t->st.stats = s;
		t->st.stats.postcopy = t->st.postcopy;
		migrate_progress_update(&t->st.progress, &s);
		t->st.reads++;
		pthread_mutex_unlock(&t->lock);
		migtask_wake(t);
	}
	return NULL;
}

/* The run thread: checks, then the migration with the figure thread
 * beside it. */
static void *
migtask_run(void *arg)
{
	struct migtask *t = arg;
	struct migrate_checks c;
	pthread_t fig;
	bool fig_ok;
	char *msg = NULL;
	int rc;

	migrate_check(t->src, t->dom, t->dst, t->dst_label, &t->o, &c);
	msg = migrate_checks_failed(&c);
	pthread_mutex_lock(&t->lock);
	t->st.checks = c;
	if (msg != NULL) {
		t->st.phase = MIGTASK_REFUSED;
		t->st.msg = xasprintf("VM '%s' was not migrated to %s: %s.",
		    t->name, t->dst_label, msg);
		free(msg);
		t->run_over = true;
	} else
		t->st.phase = MIGTASK_RUNNING;
	bool go = !t->run_over && !t->want_abort;
	if (!go && !t->run_over) {
		t->st.phase = MIGTASK_FAILED;
		t->st.msg = xasprintf("VM '%s' was not migrated: aborted before "
		    "it began. It is where it was.", t->name);
		t->run_over = true;
	}
	pthread_mutex_unlock(&t->lock);
	migtask_wake(t);
	if (!go) {
		migtask_unref(t);
		return NULL;
	}
	fig_ok = pthread_create(&fig, NULL, migtask_figures, t) == 0;
	rc = migrate_run(t->dom, t->name, t->dst, t->dst_uri, t->dst_label,
	    &t->o, &msg);
	pthread_mutex_lock(&t->lock);
	t->st.phase = rc == 0 ? MIGTASK_DONE : MIGTASK_FAILED;
	if (rc != 0 && t->stalled) {
		char *m = xasprintf("Nothing was sent for %d s (the destination "
		    "stopped answering), so vmdeck aborted it. %s",
		    MIGTASK_STALL_MS / 1000, msg ? msg : "");

		free(msg);
		msg = m;
	}
	t->st.msg = msg;
	t->run_over = true;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
	if (fig_ok)
		pthread_join(fig, NULL);
	migtask_wake(t);
	migtask_unref(t);
	return NULL;
}

struct migtask *
migtask_start(virConnectPtr src, virDomainPtr dom, virConnectPtr dst,
    const char *dst_uri, const char *dst_label, const struct migrate_opts *o,
    void (*wake)(void *ctx), void *ctx)
{
	struct migtask *t = xcalloc(1, sizeof *t);

	atomic_init(&t->refs, 2);
	pthread_mutex_init(&t->lock, NULL);
	time_cond_init(&t->cond);
	virConnectRef(src);
	virConnectRef(dst);
	virDomainRef(dom);
	t->src = src;
	t->dst = dst;
	t->dom = dom;
	t->name = xstrdup(virDomainGetName(dom));
	t->dst_uri = xstrdup(dst_uri);
	t->dst_label = xstrdup(dst_label);
	t->o = *o;
	t->o.disks = xcalloc(o->ndisks + 1, sizeof *t->o.disks);
	for (size_t i = 0; i < o->ndisks; i++)
		t->o.disks[i] = xstrdup(o->disks[i]);
	t->o.migrate_uri = o->migrate_uri ? xstrdup(o->migrate_uri) : NULL;
	t->wake = wake;
	t->ctx = ctx;
	t->st.phase = MIGTASK_CHECKING;
	t->st.started_ms = time_mono_ms();
	t->st.stats.downtime_ms = -1;
	if (pthread_create(&t->run, NULL, migtask_run, t) != 0) {
		t->st.phase = MIGTASK_FAILED;
		t->st.msg = xasprintf("VM '%s' was not migrated: no thread could "
		    "be started for it.", t->name);
		atomic_fetch_sub(&t->refs, 1);
	} else
		t->run_joinable = true;
	return t;
}

void
migtask_get(struct migtask *t, struct migtask_state *s)
{
	pthread_mutex_lock(&t->lock);
	*s = t->st;
	s->checks.c = xcalloc(t->st.checks.n + 1, sizeof *s->checks.c);
	for (size_t i = 0; i < t->st.checks.n; i++) {
		s->checks.c[i] = t->st.checks.c[i];
		s->checks.c[i].what = xstrdup(t->st.checks.c[i].what);
		s->checks.c[i].why = t->st.checks.c[i].why ?
		    xstrdup(t->st.checks.c[i].why) : NULL;
	}
	s->msg = t->st.msg ? xstrdup(t->st.msg) : NULL;
	s->note = t->st.note ? xstrdup(t->st.note) : NULL;
	pthread_mutex_unlock(&t->lock);
}

void
migtask_state_clear(struct migtask_state *s)
{
	migrate_checks_clear(&s->checks);
	free(s->msg);
	free(s->note);
	s->msg = s->note = NULL;
}

void
migtask_abort(struct migtask *t)
{
	pthread_mutex_lock(&t->lock);
	t->want_abort = true;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

void
migtask_postcopy(struct migtask *t)
{
	pthread_mutex_lock(&t->lock);
	t->want_postcopy = true;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

void
migtask_set_downtime(struct migtask *t, unsigned long long ms)
{
	pthread_mutex_lock(&t->lock);
	t->want_downtime = ms;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

void
migtask_join(struct migtask *t)
{
	if (t->run_joinable)
		pthread_join(t->run, NULL);
	t->run_joinable = false;
}

void
migtask_free(struct migtask *t)
{
	if (t == NULL)
		return;
	if (t->run_joinable)
		pthread_detach(t->run);
	t->run_joinable = false;
	pthread_mutex_lock(&t->lock);
	t->wake = NULL;
	pthread_mutex_unlock(&t->lock);
	migtask_unref(t);
}
