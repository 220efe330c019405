/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * migtask — one migration running on threads of its own: the checks,
 * then libvirt's migration on one thread while another reads its job
 * figures every 500 ms and carries out what the user asks meanwhile
 * (abort, switch to post-copy, a new maximum downtime). Whoever started
 * it (the TUI's migration view, vmdeck migrate) only reads a copy of its
 * state and sets requests: it never waits on libvirt.
 *
 * Call order: migtask_start; migtask_get and the requests any number of
 * times from one thread; migtask_join, when the starter must outlive the
 * task's threads (a process about to exit: libvirt's connections are
 * then closed on the starter's thread, not while the process ends);
 * migtask_free (a migration still running goes on to its end on its own
 * threads, then frees itself).
 */
#ifndef VMDECK_VM_MIGTASK_H
#define VMDECK_VM_MIGTASK_H

#include <stdbool.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

#include "migrate.h"

#define MIGTASK_POLL_MS 500
/* Nothing sent for this long: the destination is taken as gone and the
 * migration aborted (QEMU would wait on TCP for many minutes). */
#define MIGTASK_STALL_MS 30000

enum migtask_phase {
	MIGTASK_CHECKING,
	MIGTASK_REFUSED,	/* a check failed: nothing was started */
	MIGTASK_RUNNING,
	MIGTASK_DONE,
	MIGTASK_FAILED,		/* libvirt's reason, and where the VM is */
};

/* A copy of a task's state. */
struct migtask_state {
	enum migtask_phase phase;
	struct migrate_checks checks;	/* once checked */
	struct migrate_stats stats;	/* the newest figures */
	struct migrate_progress progress;
	unsigned reads;			/* job figures read so far */
	bool postcopy;			/* switched to post-copy */
	int64_t started_ms;		/* monotonic */
	char *msg;			/* the end, or the failed checks */
	char *note;			/* the last request's answer, or NULL */
};

struct migtask;

/* Check, then migrate, dom (a reference is taken) from src to dst (both
 * referenced for as long as it runs), reached at dst_uri and called
 * dst_label; o is copied. wake(ctx), when not NULL, is called (from the
 * task's threads) after every change. */
struct migtask *migtask_start(virConnectPtr src, virDomainPtr dom,
    virConnectPtr dst, const char *dst_uri, const char *dst_label,
    const struct migrate_opts *o, void (*wake)(void *ctx), void *ctx);
/* Copy the state into *s (free with migtask_state_clear). */
void migtask_get(struct migtask *t, struct migtask_state *s);
void migtask_state_clear(struct migtask_state *s);
/* Requests, carried out on the task's figure thread. */
void migtask_abort(struct migtask *t);
void migtask_postcopy(struct migtask *t);
void migtask_set_downtime(struct migtask *t, unsigned long long ms);
/* Wait for the task's threads to end (blocks until the migration is
 * over: only for a starter that may block, never the UI). */
void migtask_join(struct migtask *t);
void migtask_free(struct migtask *t);

#endif
