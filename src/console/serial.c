/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "serial.h"

#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>

#include "../core/virterr.h"
#include "../util/xalloc.h"

struct serial {
	virStreamPtr st;
	const struct serial_ops *ops;
	void *ctx;
	char *out;		/* bytes waiting for the guest */
	size_t nout, capout;
	bool closed;
	bool watching_write;
};

static void serial_events(struct serial *s);

static void
serial_end(struct serial *s, const char *why)
{
	if (s->closed)
		return;
	s->closed = true;
	virStreamEventRemoveCallback(s->st);
	virResetLastError();
	s->ops->closed(s->ctx, why);
}

static void
serial_cb(virStreamPtr st, int events, void *opaque)
{
	struct serial *s = opaque;
	char buf[16384];

	if (s->closed)
		return;
	if (events & VIR_STREAM_EVENT_READABLE) {
		for (;;) {
			int n = virStreamRecv(st, buf, sizeof buf);

			if (n > 0) {
				s->ops->data(s->ctx, buf, (size_t)n);
				continue;
			}
			if (n == -2)		/* nothing more for now */
				break;
			/* EOF, or an error when another client forced the
			 * console away: both end it, with libvirt's words */
			char *why = n == 0 ? NULL : virterr_take();
			char *msg = xasprintf("the console closed (the guest shut "
			    "down, or another client took the console)%s%s",
			    why ? ": " : "", why ? why : "");

			serial_end(s, msg);
			free(msg);
			free(why);
			return;
		}
	}
	if (events & (VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP)) {
		serial_end(s, "the connection to the console was lost");
		return;
	}
	if ((events & VIR_STREAM_EVENT_WRITABLE) && s->nout > 0) {
		int n = virStreamSend(st, s->out, s->nout);

		if (n > 0) {
			memmove(s->out, s->out + n, s->nout - (size_t)n);
			s->nout -= (size_t)n;
		} else if (n != -2) {
			char *why = virterr_take();
			serial_end(s, why);
			free(why);
			return;
		}
	}
	serial_events(s);
}

/* Watch for writability only while bytes wait, so the loop never spins. */
static void
serial_events(struct serial *s)
{
	bool want = s->nout > 0;

	if (s->closed || want == s->watching_write)
		return;
	virStreamEventUpdateCallback(s->st, VIR_STREAM_EVENT_READABLE |
	    VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP |
	    (want ? VIR_STREAM_EVENT_WRITABLE : 0));
	s->watching_write = want;
}

struct serial *
serial_open(virConnectPtr conn, virDomainPtr dom, const char *dev, bool force,
    const struct serial_ops *ops, void *ctx, bool *busy_out, char **err)
{
	struct serial *s = xcalloc(1, sizeof *s);
	const char *name = virDomainGetName(dom);

	if (virDomainIsActive(dom) != 1) {
		*err = xasprintf("VM '%s' is not running; its console opens once "
		    "it runs.", name);
		free(s);
		return NULL;
	}
	s->ops = ops;
	s->ctx = ctx;
	s->st = virStreamNew(conn, VIR_STREAM_NONBLOCK);
	if (s->st == NULL ||
	    virDomainOpenConsole(dom, dev, s->st, force ?
	    VIR_DOMAIN_CONSOLE_FORCE | VIR_DOMAIN_CONSOLE_SAFE :
	    VIR_DOMAIN_CONSOLE_SAFE) < 0) {
		virErrorPtr e = virGetLastError();
		bool busy = e != NULL && e->code == VIR_ERR_OPERATION_FAILED &&
		    e->message && strstr(e->message, "ctive console") != NULL;
		char *why = virterr_take();

		if (busy_out != NULL)
			*busy_out = busy;
		*err = busy ? xasprintf("The console of VM '%s' is in use by "
		    "another client (%s); take it over with --force.", name,
		    why) : xasprintf("Could not open the console of VM '%s': %s",
		    name, why);
		free(why);
		if (s->st != NULL)
			virStreamFree(s->st);
		free(s);
		return NULL;
	}
	if (virStreamEventAddCallback(s->st, VIR_STREAM_EVENT_READABLE |
	    VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP, serial_cb, s,
	    NULL) < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not watch the console of VM '%s': %s "
		    "(is libvirt's event loop running?)", name, why);
		free(why);
		virStreamAbort(s->st);
		virStreamFree(s->st);
		free(s);
		return NULL;
	}
	return s;
}

void
serial_write(struct serial *s, const char *buf, size_t n)
{
	if (s->closed || n == 0)
		return;
	if (s->nout + n > s->capout) {
		s->capout = (s->nout + n) * 2;
		s->out = xrealloc(s->out, s->capout);
	}
	memcpy(s->out + s->nout, buf, n);
	s->nout += n;
	serial_events(s);
}

void
serial_close(struct serial *s)
{
	if (s == NULL)
		return;
	if (!s->closed) {
		virStreamEventRemoveCallback(s->st);
		virStreamAbort(s->st);
	} else
		virStreamFinish(s->st);
	virResetLastError();
	virStreamFree(s->st);
	free(s->out);
	free(s);
}

virStreamPtr
serial_detach(struct serial *s)
{
	virStreamPtr st = s->st;

	if (!s->closed)
		virStreamEventRemoveCallback(st);
	virResetLastError();
	free(s->out);
	free(s);
	return st;
}
