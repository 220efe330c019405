/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * msglog — the message log: every status line vmdeck shows, kept in full.
 *
 * Thread-safe: workers and the UI may add; the UI reads. Holds the newest
 * MSGLOG_MAX entries. Each entry has a wall-clock stamp, a level and a
 * whole sentence.
 */
#ifndef VMDECK_UTIL_MSGLOG_H
#define VMDECK_UTIL_MSGLOG_H

#include <stddef.h>
#include <time.h>

#define MSGLOG_MAX 1000

enum msglog_level {
	MSGLOG_INFO,
	MSGLOG_WARN,
	MSGLOG_ERROR,
};

struct msglog_entry {
	time_t when;
	enum msglog_level level;
	char *text;		/* owned by the log */
};

/* Add a message (copied). */
void msglog_add(enum msglog_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Number of entries held now. */
size_t msglog_count(void);
/* Copy entry i (0 = oldest) into out; out->text is a fresh copy the caller
 * frees. Returns 0, or -1 when i is out of range. */
int msglog_get(size_t i, struct msglog_entry *out);
/* Total messages ever added (changes whenever a message arrives). */
unsigned long msglog_serial(void);
/* Drop every entry (tests and exit). */
void msglog_clear(void);

#endif
