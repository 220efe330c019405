/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "msglog.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "timeutil.h"
#include "xalloc.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct msglog_entry ring[MSGLOG_MAX];
static size_t head;		/* index of the oldest entry */
static size_t count;
static unsigned long serial;

void
msglog_add(enum msglog_level level, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		fatal("out of memory formatting a message");
	va_end(ap);

	pthread_mutex_lock(&lock);
	size_t slot = (head + count) % MSGLOG_MAX;
	if (count == MSGLOG_MAX) {
		free(ring[head].text);
		slot = head;
		head = (head + 1) % MSGLOG_MAX;
	} else
		count++;
	ring[slot].when = time_wall();
	ring[slot].level = level;
	ring[slot].text = text;
	serial++;
	pthread_mutex_unlock(&lock);
}

size_t
msglog_count(void)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = count;
	pthread_mutex_unlock(&lock);
	return n;
}

int
msglog_get(size_t i, struct msglog_entry *out)
{
	int rc = -1;

	pthread_mutex_lock(&lock);
	if (i < count) {
		*out = ring[(head + i) % MSGLOG_MAX];
		out->text = xstrdup(out->text);
		rc = 0;
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

unsigned long
msglog_serial(void)
{
	unsigned long s;

	pthread_mutex_lock(&lock);
	s = serial;
	pthread_mutex_unlock(&lock);
	return s;
}

void
msglog_clear(void)
{
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < count; i++)
		free(ring[(head + i) % MSGLOG_MAX].text);
	head = count = 0;
	pthread_mutex_unlock(&lock);
}
