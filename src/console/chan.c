/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "chan.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../core/virterr.h"
#include "../util/xalloc.h"
#include "serial.h"

struct chan {
	atomic_int refs;
	struct host *host;		/* referenced */
	struct evq *q;
	char uuid[DOMAIN_UUID_LEN];
	char *name;
	int pipe[2];			/* UI writes [1]; the loop watches [0] */

	pthread_mutex_t lock;		/* guards the fields below */
	enum chan_state state;
	char *why;			/* BUSY, ENDED: the reason */
	struct console_device *devs;	/* CHOOSE */
	size_t ndevs;
	char *out;			/* guest output not taken yet */
	size_t nout, capout;
	bool closing;			/* the UI closed it */
	struct serial *s;		/* the open stream, for the loop */
	int watch;			/* the pipe's handle, or -1 */

	/* UI thread only */
	char *pend;			/* bytes the pipe could not take */
	size_t npend, cappend;
};

/* A request to the worker: open the console. */
struct chan_req {
	struct chan *c;			/* referenced */
	char *dev;
	bool force;
};

static struct chan *
chan_ref(struct chan *c)
{
	atomic_fetch_add(&c->refs, 1);
	return c;
}

static void
chan_unref(struct chan *c)
{
	if (c == NULL || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	close(c->pipe[0]);
	if (c->pipe[1] >= 0)
		close(c->pipe[1]);
	host_unref(c->host);
	console_devices_free(c->devs, c->ndevs);
	pthread_mutex_destroy(&c->lock);
	free(c->name);
	free(c->why);
	free(c->out);
	free(c->pend);
	free(c);
}

static void
chan_unref_cb(void *opaque)
{
	chan_unref(opaque);
}

/* Set the state (and reason, copied) and wake the UI. */
static void
chan_set(struct chan *c, enum chan_state state, const char *why)
{
	pthread_mutex_lock(&c->lock);
	c->state = state;
	free(c->why);
	c->why = why ? xstrdup(why) : NULL;
	pthread_mutex_unlock(&c->lock);
	evq_wake(c->q);
}

struct chan *
chan_new(struct host *h, struct evq *q, const char *uuid, const char *name)
{
	struct chan *c = xcalloc(1, sizeof *c);

	atomic_init(&c->refs, 1);
	c->host = host_ref(h);
	c->q = q;
	snprintf(c->uuid, sizeof c->uuid, "%s", uuid);
	c->name = xstrdup(name);
	c->watch = -1;
	c->state = CHAN_OPENING;
	pthread_mutex_init(&c->lock, NULL);
	if (pipe2(c->pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		fatal("cannot create a pipe: %s", strerror(errno));
	return c;
}

/* --- on libvirt's event loop ------------------------------------------ */

/* A worker job: abort and free a stream whose callbacks are gone. */
static void
chan_stream_end(virConnectPtr conn, const char *why, void *ctx)
{
	virStreamPtr st = ctx;

	(void)conn;
	(void)why;
	virStreamAbort(st);
	virResetLastError();
	virStreamFree(st);
}

/* Stop watching the pipe and hand the stream to the worker to end. Runs
 * on the loop; idempotent. */
static void
chan_teardown(struct chan *c)
{
	struct serial *s;
	int watch;

	pthread_mutex_lock(&c->lock);
	s = c->s;
	watch = c->watch;
	c->s = NULL;
	c->watch = -1;
	pthread_mutex_unlock(&c->lock);
	if (watch >= 0)
		virEventRemoveHandle(watch);
	if (s != NULL)
		host_submit_call(c->host, chan_stream_end, serial_detach(s));
}

static void
chan_teardown_cb(int timer, void *opaque)
{
	virEventRemoveTimeout(timer);
	chan_teardown(opaque);
}

/* Tear down on the loop's next turn, outside the stream's callback. */
static void
chan_teardown_later(struct chan *c)
{
	if (virEventAddTimeout(0, chan_teardown_cb, chan_ref(c),
	    chan_unref_cb) < 0) {
		virResetLastError();
		chan_unref(c);
	}
}

static void
chan_data(void *ctx, const char *buf, size_t n)
{
	struct chan *c = ctx;
	bool wake;

	pthread_mutex_lock(&c->lock);
	if (c->nout + n > c->capout) {
		c->capout = (c->nout + n) * 2;
		c->out = xrealloc(c->out, c->capout);
	}
	memcpy(c->out + c->nout, buf, n);
	wake = c->nout == 0;
	c->nout += n;
	pthread_mutex_unlock(&c->lock);
	if (wake)
		evq_wake(c->q);
}

static void
chan_closed(void *ctx, const char *why)
{
	struct chan *c = ctx;

	chan_set(c, CHAN_ENDED, why);
	chan_teardown_later(c);
}

static const struct serial_ops chan_ops = { chan_data, chan_closed };

/* The pipe from the UI: bytes for the guest, or its end (closed). */
static void
chan_input(int watch, int fd, int events, void *opaque)
{
	struct chan *c = opaque;
	char buf[65536];
	ssize_t n;

	(void)watch;
	(void)events;
	n = read(fd, buf, sizeof buf);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		chan_teardown(c);
		return;
	}
	pthread_mutex_lock(&c->lock);
	struct serial *s = c->s;
	pthread_mutex_unlock(&c->lock);
	if (s != NULL)		/* only the loop frees s: no race */
		serial_write(s, buf, (size_t)n);
}

/* --- on the host's worker --------------------------------------------- */

static void
chan_req_free(struct chan_req *r)
{
	chan_unref(r->c);
	free(r->dev);
	free(r);
}

/* Open the console (a worker job). */
static void
chan_open_job(virConnectPtr conn, const char *why, void *ctx)
{
	struct chan_req *r = ctx;
	struct chan *c = r->c;
	virDomainPtr dom = NULL;
	struct console_device *devs = NULL;
	char *err = NULL, *dev = r->dev, *xml = NULL;
	bool busy = false, closing;
	int n = 0;

	pthread_mutex_lock(&c->lock);
	closing = c->closing;
	pthread_mutex_unlock(&c->lock);
	if (closing)
		goto out;
	if (conn == NULL) {
		err = xasprintf("Could not open the console of VM '%s': host %s "
		    "is not connected (%s).", c->name, host_uri(c->host), why);
		chan_set(c, CHAN_ENDED, err);
		goto out;
	}
	dom = virDomainLookupByUUIDString(conn, c->uuid);
	if (dom == NULL) {
		char *e = virterr_take();
		err = xasprintf("Could not open the console of VM '%s': %s",
		    c->name, e);
		free(e);
		chan_set(c, CHAN_ENDED, err);
		goto out;
	}
	if (virDomainIsActive(dom) != 1) {
		err = xasprintf("VM '%s' is not running; start it (u) and its "
		    "console opens.", c->name);
		virResetLastError();
		chan_set(c, CHAN_ENDED, err);
		goto out;
	}
	/* which console: the only one, or the user's choice */
	if (dev == NULL) {
		xml = virDomainGetXMLDesc(dom, 0);
		n = xml ? console_devices_parse(xml, &devs) : -1;
		if (n < 0) {
			char *e = xml ? xstrdup("its XML is unreadable") :
			    virterr_take();
			err = xasprintf("Could not read the consoles of VM '%s': "
			    "%s", c->name, e);
			free(e);
			chan_set(c, CHAN_ENDED, err);
			goto out;
		}
		if (n == 0) {
			err = xasprintf("VM '%s' has no serial console (no "
			    "<serial> or <console> device); add one with E.",
			    c->name);
			chan_set(c, CHAN_ENDED, err);
			goto out;
		}
		if (n > 1) {
			pthread_mutex_lock(&c->lock);
			console_devices_free(c->devs, c->ndevs);
			c->devs = devs;
			c->ndevs = (size_t)n;
			devs = NULL;
			c->state = CHAN_CHOOSE;
					pthread_mutex_unlock(&c->lock);
			evq_wake(c->q);
			goto out;
		}
		dev = devs[0].alias;
	}
	struct serial *s = serial_open(conn, dom, dev, r->force, &chan_ops, c,
	    &busy, &err);
	if (s == NULL) {
		if (busy) {
			free(err);
			err = xasprintf("The console of VM '%s' on %s is in use "
			    "by another client.", c->name, host_uri(c->host));
		}
		chan_set(c, busy ? CHAN_BUSY : CHAN_ENDED, err);
		goto out;
	}
	/* the loop may already run our callbacks, even chan_closed */
	int watch = virEventAddHandle(c->pipe[0], VIR_EVENT_HANDLE_READABLE,
	    chan_input, chan_ref(c), chan_unref_cb);
	if (watch < 0) {
		virResetLastError();
		chan_unref(c);
	}
	pthread_mutex_lock(&c->lock);
	c->s = s;
	c->watch = watch;
	bool ended = c->state == CHAN_ENDED;
	if (!ended)
		c->state = CHAN_OPEN;
	pthread_mutex_unlock(&c->lock);
	evq_wake(c->q);
	if (ended)
		chan_teardown_later(c);
out:
	free(err);
	free(xml);
	console_devices_free(devs, devs ? (size_t)(n > 0 ? n : 0) : 0);
	if (dom != NULL)
		virDomainFree(dom);
	chan_req_free(r);
}

/* --- on the UI thread ------------------------------------------------- */

void
chan_open(struct chan *c, const char *dev, bool force)
{
	struct chan_req *r = xcalloc(1, sizeof *r);

	r->c = chan_ref(c);
	r->dev = dev ? xstrdup(dev) : NULL;
	r->force = force;
	pthread_mutex_lock(&c->lock);
	c->state = CHAN_OPENING;
	pthread_mutex_unlock(&c->lock);
	host_submit_call(c->host, chan_open_job, r);
}

enum chan_state
chan_state(struct chan *c, char **why)
{
	enum chan_state s;

	pthread_mutex_lock(&c->lock);
	s = c->state;
	if (why != NULL)
		*why = c->why ? xstrdup(c->why) : NULL;
	pthread_mutex_unlock(&c->lock);
	return s;
}

size_t
chan_devices(struct chan *c, struct console_device **out)
{
	size_t n;

	pthread_mutex_lock(&c->lock);
	n = c->ndevs;
	*out = n ? xcalloc(n, sizeof **out) : NULL;
	for (size_t i = 0; i < n; i++) {
		(*out)[i].alias = c->devs[i].alias ?
		    xstrdup(c->devs[i].alias) : NULL;
		(*out)[i].label = xstrdup(c->devs[i].label);
	}
	pthread_mutex_unlock(&c->lock);
	return n;
}

size_t
chan_read(struct chan *c, char **buf, size_t *cap)
{
	char *old = *buf;
	size_t oldcap = *cap, n;

	pthread_mutex_lock(&c->lock);
	*buf = c->out;
	*cap = c->capout;
	n = c->nout;
	c->out = old;
	c->capout = oldcap;
	c->nout = 0;
	pthread_mutex_unlock(&c->lock);
	return n;
}

void
chan_write(struct chan *c, const char *buf, size_t n)
{
	if (c->pipe[1] < 0)
		return;
	if (n > 0) {
		if (c->npend + n > c->cappend) {
			c->cappend = (c->npend + n) * 2;
			c->pend = xrealloc(c->pend, c->cappend);
		}
		memcpy(c->pend + c->npend, buf, n);
		c->npend += n;
	}
	while (c->npend > 0) {
		ssize_t w = write(c->pipe[1], c->pend, c->npend);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;		/* full: the next call goes on */
		memmove(c->pend, c->pend + w, c->npend - (size_t)w);
		c->npend -= (size_t)w;
	}
}

void
chan_close(struct chan *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->closing = true;
	pthread_mutex_unlock(&c->lock);
	/* the loop sees the pipe's end and tears the stream down */
	close(c->pipe[1]);
	c->pipe[1] = -1;
	chan_unref(c);
}
