/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * bulk — the result table of one action on many VMs (marked in the
 * lists, or named or filtered on the command line): one row per VM, by
 * host, each waiting, running, done or failed with the reason.
 *
 * Rows are added on one thread before the run starts; then any thread
 * may set a row's outcome (each host's worker sets its own rows, in
 * order) while another reads them, under the table's lock. A table is
 * reference-counted: the results view and every job in flight hold it.
 */
#ifndef VMDECK_CORE_BULK_H
#define VMDECK_CORE_BULK_H

#include <stdbool.h>
#include <stddef.h>

#include "domain.h"

enum bulk_state {
	BULK_WAITING,		/* its host's turn has not come */
	BULK_RUNNING,
	BULK_OK,
	BULK_FAILED,
};

struct bulk_row {
	int host;		/* index of its host */
	char *host_label;	/* owned: the host as shown */
	char uuid[DOMAIN_UUID_LEN];
	char *name;		/* owned */
	int action;		/* its own action (a toggle picks per VM), or
				 * -1 for the table's other kinds */
	enum bulk_state state;
	char *msg;		/* owned: what happened, or why not; NULL
				 * while waiting */
};

/* How many rows are in each state. */
struct bulk_tally {
	size_t waiting, running, ok, failed;
};

struct bulk;

/* A new empty table for what ("shut down", "tag"; copied), one
 * reference. */
struct bulk *bulk_new(const char *what);
struct bulk *bulk_ref(struct bulk *b);
/* Drop a reference; the last frees the table. Accepts NULL. */
void bulk_unref(struct bulk *b);
/* Add a row (strings copied). Before the run only. */
void bulk_add(struct bulk *b, int host, const char *host_label,
    const char *uuid, const char *name, int action);
/* Order rows by host (stable: the order added within a host), so each
 * host's rows sit together and run in that order. Before the run only. */
void bulk_group(struct bulk *b);
/* Rows, and what the table is for. */
size_t bulk_count(const struct bulk *b);
const char *bulk_what(const struct bulk *b);
/* How many hosts the rows are on. */
size_t bulk_hosts(const struct bulk *b);

/* Row i's host (fixed once the run starts: no lock). */
int bulk_row_host(const struct bulk *b, size_t i);
/* Set row i's state and message (copied; NULL keeps the old one).
 * Thread-safe; a row that is done stays done. */
void bulk_set(struct bulk *b, size_t i, enum bulk_state state,
    const char *msg);
/* Copy row i out (its strings new: free them with bulk_row_clear).
 * Thread-safe. */
void bulk_row_get(struct bulk *b, size_t i, struct bulk_row *out);
void bulk_row_clear(struct bulk_row *r);
/* Count the rows by state. Thread-safe. */
struct bulk_tally bulk_tally(struct bulk *b);
/* "12 VMs: 9 done, 1 failed, 2 waiting" (caller frees). */
char *bulk_summary(struct bulk *b);
/* The same after what it is for: "Shut down: 12 VMs: …" (caller
 * frees). */
char *bulk_headline(struct bulk *b);
/* The question before a run: "Shut down 12 VMs on 3 hosts?" then, per
 * host, "kvm1: a, b, c" (caller frees). */
char *bulk_question(const struct bulk *b, const char *verb);
/* "done", "failed", "waiting", "running". */
const char *bulk_state_name(enum bulk_state s);

#endif
