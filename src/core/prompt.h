/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * prompt — a question a worker thread puts to the user, and waits for.
 *
 * The worker calls prompt_ask: the question travels to the UI thread as
 * an EVENT_PROMPT, the worker waits (never the UI) until the user answers,
 * the deadline passes, or its stop() says the worker is ending. The UI
 * answers with prompt_answer, or drops the question (freeing the event
 * unanswered is a no). A secret answer is wiped from memory once copied
 * out.
 */
#ifndef VMDECK_CORE_PROMPT_H
#define VMDECK_CORE_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evq.h"

enum prompt_kind {
	PROMPT_YESNO,		/* y or n */
	PROMPT_TEXT,		/* a line, shown as typed */
	PROMPT_SECRET,		/* a line, never shown */
	PROMPT_CONFIRM,		/* yes typed out in full, as OpenSSH asks about
				 * a new host key; y, Enter or anything else
				 * is not a yes */
};

enum prompt_result {
	PROMPT_NO,		/* no, or Esc */
	PROMPT_YES,		/* yes, or a line entered */
	PROMPT_GONE,		/* nobody answered: deadline or stop */
};

struct prompt;

/* Worker: ask title/question on q as host's, and wait at most timeout_ms
 * (stop(arg), polled, ends the wait early; may be NULL). A typed answer
 * is copied to answer (cap bytes; may be NULL for yes/no). */
enum prompt_result prompt_ask(struct evq *q, int host, enum prompt_kind kind,
    const char *title, const char *question, char *answer, size_t cap,
    int64_t timeout_ms, bool (*stop)(void *arg), void *arg);

/* UI: what to show. */
enum prompt_kind prompt_kind(const struct prompt *p);
const char *prompt_title(const struct prompt *p);
const char *prompt_question(const struct prompt *p);
/* Whether the asker still waits. */
bool prompt_waiting(struct prompt *p);
/* UI: answer (text for TEXT and SECRET; ignored otherwise). Once only;
 * later answers are ignored. */
void prompt_answer(struct prompt *p, bool yes, const char *text);
/* Take a reference / drop one; the UI's last drop of an unanswered
 * prompt answers no. Accept NULL. */
struct prompt *prompt_ref(struct prompt *p);
void prompt_unref(struct prompt *p);

#endif
