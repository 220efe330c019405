/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "evq.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../util/xalloc.h"

struct evq {
	pthread_mutex_t lock;
	struct event *head;
	struct event *tail;
	int fd;			/* eventfd, non-blocking */
};

struct evq *
evq_new(void)
{
	struct evq *q = xcalloc(1, sizeof *q);

	pthread_mutex_init(&q->lock, NULL);
	q->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (q->fd < 0)
		fatal("cannot create the event queue's wake-up fd");
	return q;
}

void
evq_free(struct evq *q)
{
	struct event *ev;

	if (q == NULL)
		return;
	while ((ev = q->head) != NULL) {
		q->head = ev->next;
		event_free(ev);
	}
	close(q->fd);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

int
evq_fd(const struct evq *q)
{
	return q->fd;
}

void
evq_push(struct evq *q, struct event *ev)
{
	uint64_t one = 1;

	ev->next = NULL;
	pthread_mutex_lock(&q->lock);
	if (q->tail != NULL)
		q->tail->next = ev;
	else
		q->head = ev;
	q->tail = ev;
	pthread_mutex_unlock(&q->lock);
	/* a full counter (EAGAIN) still leaves the fd readable */
	while (write(q->fd, &one, sizeof one) < 0 && errno == EINTR)
		;
}

void
evq_wake(struct evq *q)
{
	uint64_t one = 1;

	while (write(q->fd, &one, sizeof one) < 0 && errno == EINTR)
		;
}

struct event *
evq_drain(struct evq *q)
{
	struct event *list;
	uint64_t count;

	/* read first: a push after this read writes the fd again */
	while (read(q->fd, &count, sizeof count) < 0 && errno == EINTR)
		;
	pthread_mutex_lock(&q->lock);
	list = q->head;
	q->head = q->tail = NULL;
	pthread_mutex_unlock(&q->lock);
	return list;
}

struct event *
event_new(enum event_type type, int host)
{
	struct event *ev = xcalloc(1, sizeof *ev);

	ev->type = type;
	ev->host = host;
	return ev;
}

void
host_facts_clear(struct host_facts *f)
{
	for (size_t i = 0; i < f->npools; i++)
		free(f->pools[i].name);
	free(f->pools);
	for (size_t i = 0; i < f->nnetworks; i++)
		free(f->networks[i]);
	free(f->networks);
	free(f->accel);
	memset(f, 0, sizeof *f);
}

void
event_free(struct event *ev)
{
	if (ev == NULL)
		return;
	host_facts_clear(&ev->facts);
	free(ev->xml);
	free(ev->text);
	domain_info_clear(&ev->info);
	domain_info_array_free(ev->list, ev->nlist);
	if (ev->prompt != NULL && ev->prompt_unref != NULL)
		ev->prompt_unref(ev->prompt);
	free(ev);
}
