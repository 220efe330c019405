/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * evq — the event queue from worker threads to the UI thread.
 *
 * Workers push events (value copies the event owns); each push writes the
 * queue's wake fd so the UI thread's poll() returns. The UI thread takes
 * everything queued at once with evq_drain(), applies it, then draws once.
 *
 * Call order: evq_new; any thread evq_push; UI thread poll(evq_fd),
 * evq_drain, event_free on each; evq_free once every pusher has stopped.
 */
#ifndef VMDECK_CORE_EVQ_H
#define VMDECK_CORE_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain.h"

enum host_state {
	HOST_STATE_IDLE,		/* not tried yet */
	HOST_STATE_CONNECTING,
	HOST_STATE_CONNECTED,
	HOST_STATE_DISCONNECTED,	/* failed or lost; retried with backoff */
};

enum event_type {
	EVENT_HOST_STATE,	/* host changed state; text says why */
	EVENT_DOMAIN_LIST,	/* the whole list of a host, replacing the old */
	EVENT_DOMAIN_UPDATE,	/* one domain added or changed */
	EVENT_DOMAIN_REMOVED,	/* one domain is gone (uuid in info) */
	EVENT_MESSAGE,		/* a status line: result of an action */
	EVENT_FACTS,		/* what a host offers: pools, networks, size */
	EVENT_CREATED,		/* a create finished: error, text, info */
	EVENT_XML,		/* a domain's XML for editing: info, xml */
	EVENT_DEFINED,		/* an edited XML was defined or refused:
				 * error, text (why), info, xml (as sent) */
	EVENT_PROMPT,		/* a worker waits for the user's answer */
	EVENT_PROGRESS,		/* a long job's progress: text, not logged */
	EVENT_PLAN,		/* what a create would define: xml, text (the
				 * accelerator, warnings), or error, text */
};
#define EVENT_TYPE_COUNT (EVENT_PLAN + 1)	/* the last one, plus one */

/* A storage pool as the create form shows it. */
struct pool_fact {
	char *name;
	uint64_t available;	/* bytes free */
	bool active;
};

/* What a host offers new VMs. */
struct host_facts {
	struct pool_fact *pools;	/* owned */
	size_t npools;
	char **networks;		/* owned; active networks */
	size_t nnetworks;
	char *accel;			/* new VMs' accelerator and why */
	unsigned cpus;			/* host CPUs; 0 unknown */
	uint64_t mem_kib;		/* host memory; 0 unknown */
};

/* Free what facts own and zero them. */
void host_facts_clear(struct host_facts *f);

struct prompt;

struct event {
	enum event_type type;
	int host;			/* index of the host it concerns */
	unsigned reply;			/* the request's reply id, or 0 */
	enum host_state state;		/* EVENT_HOST_STATE */
	int error;			/* EVENT_MESSAGE: 1 for failures */
	char *text;			/* message or reason; owned, may be NULL */
	struct domain_info info;	/* UPDATE, REMOVED (uuid only) */
	struct domain_info *list;	/* DOMAIN_LIST: owned array */
	size_t nlist;
	struct host_facts facts;	/* EVENT_FACTS */
	char *xml;			/* EVENT_XML, EVENT_DEFINED: owned */
	int64_t retry_ms;		/* HOST_STATE disconnected: next try in */
	struct prompt *prompt;		/* EVENT_PROMPT: a reference */
	/* how the event drops that reference (set by prompt.c, which sits
	 * above the queue: the queue does not call up into it) */
	void (*prompt_unref)(struct prompt *);
	struct event *next;		/* queue link */
};

struct evq;

/* New empty queue with its wake fd. Never NULL (fatal on failure). */
struct evq *evq_new(void);
/* Free the queue and any events still in it. Accepts NULL. */
void evq_free(struct evq *q);
/* The fd that becomes readable when events are queued. */
int evq_fd(const struct evq *q);
/* Append ev (takes ownership) and wake the reader. Thread-safe. */
void evq_push(struct evq *q, struct event *ev);
/* Wake the reader without an event (a host has new figures waiting in
 * its mailbox). Thread-safe. */
void evq_wake(struct evq *q);
/* Take all queued events, oldest first, as a list linked by next, and
 * clear the wake fd. NULL when empty. Caller frees each with event_free. */
struct event *evq_drain(struct evq *q);

/* A zeroed event of the given type for host. */
struct event *event_new(enum event_type type, int host);
/* Free an event and everything it owns. Accepts NULL. */
void event_free(struct event *ev);

#endif
