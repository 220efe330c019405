/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "bulk.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

struct bulk {
	atomic_int refs;
	pthread_mutex_t lock;	/* rows' state and msg */
	char *what;
	struct bulk_row *rows;
	size_t n, cap;
};

struct bulk *
bulk_new(const char *what)
{
	struct bulk *b = xcalloc(1, sizeof *b);

	atomic_init(&b->refs, 1);
	pthread_mutex_init(&b->lock, NULL);
	b->what = xstrdup(what);
	return b;
}

struct bulk *
bulk_ref(struct bulk *b)
{
	atomic_fetch_add(&b->refs, 1);
	return b;
}

void
bulk_unref(struct bulk *b)
{
	if (b == NULL || atomic_fetch_sub(&b->refs, 1) != 1)
		return;
	for (size_t i = 0; i < b->n; i++)
		bulk_row_clear(&b->rows[i]);
	free(b->rows);
	free(b->what);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

void
bulk_add(struct bulk *b, int host, const char *host_label, const char *uuid,
    const char *name, int action)
{
	struct bulk_row *r;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->rows = xreallocarray(b->rows, b->cap, sizeof *b->rows);
	}
	r = &b->rows[b->n++];
	memset(r, 0, sizeof *r);
	r->host = host;
	r->host_label = xstrdup(host_label);
	snprintf(r->uuid, sizeof r->uuid, "%s", uuid);
	r->name = xstrdup(name);
	r->action = action;
	r->state = BULK_WAITING;
}

void
bulk_group(struct bulk *b)
{
	/* a stable counting pass: hosts in the order they first appear */
	struct bulk_row *out = xcalloc(b->n ? b->n : 1, sizeof *out);
	bool *taken = xcalloc(b->n ? b->n : 1, sizeof *taken);
	size_t k = 0;

	for (size_t i = 0; i < b->n; i++) {
		if (taken[i])
			continue;
		for (size_t j = i; j < b->n; j++)
			if (!taken[j] && b->rows[j].host == b->rows[i].host) {
				out[k++] = b->rows[j];
				taken[j] = true;
			}
	}
	free(b->rows);
	free(taken);
	b->rows = out;
	b->cap = b->n ? b->n : 1;
}

size_t
bulk_count(const struct bulk *b)
{
	return b->n;
}

const char *
bulk_what(const struct bulk *b)
{
	return b->what;
}

size_t
bulk_hosts(const struct bulk *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++) {
		size_t j;

		for (j = 0; j < i && b->rows[j].host != b->rows[i].host; j++)
			;
		n += j == i;
	}
	return n;
}

int
bulk_row_host(const struct bulk *b, size_t i)
{
	return i < b->n ? b->rows[i].host : -1;
}

void
bulk_set(struct bulk *b, size_t i, enum bulk_state state, const char *msg)
{
	if (i >= b->n)
		return;
	pthread_mutex_lock(&b->lock);
	if (b->rows[i].state != BULK_OK && b->rows[i].state != BULK_FAILED) {
		b->rows[i].state = state;
		if (msg != NULL) {
			free(b->rows[i].msg);
			b->rows[i].msg = xstrdup(msg);
		}
	}
	pthread_mutex_unlock(&b->lock);
}

void
bulk_row_get(struct bulk *b, size_t i, struct bulk_row *out)
{
	pthread_mutex_lock(&b->lock);
	*out = b->rows[i];
	out->host_label = xstrdup(b->rows[i].host_label);
	out->name = xstrdup(b->rows[i].name);
	out->msg = b->rows[i].msg ? xstrdup(b->rows[i].msg) : NULL;
	pthread_mutex_unlock(&b->lock);
}

void
bulk_row_clear(struct bulk_row *r)
{
	free(r->host_label);
	free(r->name);
	free(r->msg);
	r->host_label = r->name = r->msg = NULL;
}

struct bulk_tally
bulk_tally(struct bulk *b)
{
	struct bulk_tally t = { 0 };

	pthread_mutex_lock(&b->lock);
	for (size_t i = 0; i < b->n; i++)
		switch (b->rows[i].state) {
		case BULK_WAITING:
			t.waiting++;
			break;
		case BULK_RUNNING:
			t.running++;
			break;
		case BULK_OK:
			t.ok++;
			break;
		case BULK_FAILED:
			t.failed++;
			break;
		}
	pthread_mutex_unlock(&b->lock);
	return t;
}

char *
bulk_summary(struct bulk *b)
{
	struct bulk_tally t = bulk_tally(b);
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		fatal("out of memory");
	fprintf(f, "%zu VM%s: %zu done, %zu failed", b->n, b->n == 1 ? "" :
	    "s", t.ok, t.failed);
	if (t.running)
		fprintf(f, ", %zu running", t.running);
	if (t.waiting)
		fprintf(f, ", %zu waiting", t.waiting);
	fclose(f);
	return s;
}

/* What, with its first letter a capital. */
static void
bulk_put_capital(FILE *f, const char *what)
{
	fprintf(f, "%c%s", what[0] >= 'a' && what[0] <= 'z' ?
	    what[0] - 'a' + 'A' : what[0], what[0] ? what + 1 : "");
}

char *
bulk_headline(struct bulk *b)
{
	char *s = NULL, *sum = bulk_summary(b);
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		fatal("out of memory");
	bulk_put_capital(f, b->what);
	fprintf(f, ": %s", sum);
	fclose(f);
	free(sum);
	return s;
}

char *
bulk_question(const struct bulk *b, const char *verb)
{
	size_t hosts = bulk_hosts(b), len = 0;
	char *s = NULL;
	FILE *f = open_memstream(&s, &len);

	if (f == NULL)
		fatal("out of memory");
	bulk_put_capital(f, verb);
	fprintf(f, " %zu VM%s on %zu host%s?", b->n, b->n == 1 ? "" : "s",
	    hosts, hosts == 1 ? "" : "s");
	for (size_t i = 0; i < b->n; i++) {
		size_t per = 0;
		bool first = i == 0 || b->rows[i - 1].host != b->rows[i].host;

		if (!first)
			continue;
		for (size_t j = i; j < b->n && b->rows[j].host ==
		    b->rows[i].host; j++)
			per++;
		fprintf(f, "\n%s (%zu):", b->rows[i].host_label, per);
		for (size_t j = i; j < i + per; j++)
			fprintf(f, "%s %s", j > i ? "," : "", b->rows[j].name);
	}
	fclose(f);
	return s;
}

const char *
bulk_state_name(enum bulk_state s)
{
	static const char *const names[] = { "waiting", "running", "done",
	    "failed" };

	return (unsigned)s < 4 ? names[s] : "?";
}
