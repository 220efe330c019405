/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "prompt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/timeutil.h"
#include "../util/xalloc.h"

#define PROMPT_POLL_MS 200
#define PROMPT_ANSWER_MAX 1024

struct prompt {
	atomic_int refs;	/* the asker's and the UI's */
	atomic_int ui_refs;	/* the UI's: when none is left, a no */
	enum prompt_kind kind;
	char *title;
	char *question;
	pthread_mutex_t lock;	/* guards the fields below */
	pthread_cond_t cond;
	bool answered;
	bool yes;
	bool asker_gone;
	char answer[PROMPT_ANSWER_MAX];
};

enum prompt_kind
prompt_kind(const struct prompt *p)
{
	return p->kind;
}

const char *
prompt_title(const struct prompt *p)
{
	return p->title;
}

const char *
prompt_question(const struct prompt *p)
{
	return p->question;
}

bool
prompt_waiting(struct prompt *p)
{
	bool w;

	pthread_mutex_lock(&p->lock);
	w = !p->answered && !p->asker_gone;
	pthread_mutex_unlock(&p->lock);
	return w;
}

void
prompt_answer(struct prompt *p, bool yes, const char *text)
{
	pthread_mutex_lock(&p->lock);
	if (!p->answered) {
		p->answered = true;
		p->yes = yes;
		if (yes && text != NULL)
			snprintf(p->answer, sizeof p->answer, "%s", text);
		pthread_cond_signal(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
}

struct prompt *
prompt_ref(struct prompt *p)
{
	if (p != NULL) {
		atomic_fetch_add(&p->refs, 1);
		atomic_fetch_add(&p->ui_refs, 1);
	}
	return p;
}

static void
prompt_release(struct prompt *p)
{
	if (atomic_fetch_sub(&p->refs, 1) != 1)
		return;
	explicit_bzero(p->answer, sizeof p->answer);
	free(p->title);
	free(p->question);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p);
}

void
prompt_unref(struct prompt *p)
{
	if (p == NULL)
		return;
	if (atomic_fetch_sub(&p->ui_refs, 1) == 1)
		prompt_answer(p, false, NULL);	/* a no, unless answered */
	prompt_release(p);
}

enum prompt_result
prompt_ask(struct evq *q, int host, enum prompt_kind kind, const char *title,
    const char *question, char *answer, size_t cap, int64_t timeout_ms,
    bool (*stop)(void *arg), void *arg)
{
	struct prompt *p = xcalloc(1, sizeof *p);
	struct event *ev = event_new(EVENT_PROMPT, host);
	int64_t deadline = time_mono_ms() + timeout_ms;
	enum prompt_result r = PROMPT_GONE;

	atomic_init(&p->refs, 2);	/* the asker's and the event's */
	atomic_init(&p->ui_refs, 1);	/* the event's */
	p->kind = kind;
	p->title = xstrdup(title);
	p->question = xstrdup(question);
	pthread_mutex_init(&p->lock, NULL);
	time_cond_init(&p->cond);
	ev->prompt = p;
	ev->prompt_unref = prompt_unref;
	evq_push(q, ev);

	pthread_mutex_lock(&p->lock);
	while (!p->answered) {
		int64_t now = time_mono_ms(), until;
		struct timespec ts;

		if (now >= deadline)
			break;
		pthread_mutex_unlock(&p->lock);
		bool stopping = stop != NULL && stop(arg);
		pthread_mutex_lock(&p->lock);
		if (stopping || p->answered)
			break;
		until = now + PROMPT_POLL_MS < deadline ? now + PROMPT_POLL_MS :
		    deadline;
		ts.tv_sec = until / 1000;
		ts.tv_nsec = until % 1000 * 1000000;
		pthread_cond_timedwait(&p->cond, &p->lock, &ts);
	}
	if (p->answered) {
		r = p->yes ? PROMPT_YES : PROMPT_NO;
		if (answer != NULL && cap > 0)
			snprintf(answer, cap, "%s", p->yes ? p->answer : "");
	}
	p->asker_gone = true;
	explicit_bzero(p->answer, sizeof p->answer);
	pthread_mutex_unlock(&p->lock);
	prompt_release(p);
	return r;
}
