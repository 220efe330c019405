/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * snapjob — a VM's snapshots through its host's worker: list them, make,
 * revert or delete one, or plan a delete (the files it would remove), and
 * pick the answer up later, so the snapshots view never waits on libvirt.
 *
 * Call order (UI thread): snapjob_start, snapjob_done until true (the
 * event queue is woken when it is), snapjob_free (at any time: a job
 * still running finishes on the worker and frees itself).
 */
#ifndef VMDECK_HOST_SNAPJOB_H
#define VMDECK_HOST_SNAPJOB_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/evq.h"
#include "../vm/snapshot.h"
#include "host.h"

enum snapjob_kind {
	SNAPJOB_LIST,		/* the snapshots, the host's libvirt */
	SNAPJOB_CREATE,		/* name, description, disk_only, quiesce */
	SNAPJOB_REVERT,		/* name, paused */
	SNAPJOB_DELETE_PLAN,	/* name, flags: the files */
	SNAPJOB_DELETE,		/* name, flags */
};

/* What a job is asked. */
struct snapjob_args {
	enum snapjob_kind kind;
	const char *name;		/* the snapshot's (copied) */
	const char *description;	/* create (copied) */
	bool disk_only, quiesce;	/* create */
	bool paused;			/* revert */
	unsigned flags;			/* SNAPSHOT_DELETE_* */
};

/* Its answer, once done. */
struct snapjob_result {
	bool ok;
	char *msg;			/* what happened, or why not */
	struct snap_list list;		/* SNAPJOB_LIST */
	unsigned long libvirt;		/* SNAPJOB_LIST: the host's */
	bool vm_active;			/* SNAPJOB_LIST */
	struct snap_files files;	/* SNAPJOB_DELETE_PLAN */
};

struct snapjob;

/* Run a on host h for the VM uuid; q is woken when it is done. */
struct snapjob *snapjob_start(struct host *h, struct evq *q,
    const char *uuid, const struct snapjob_args *a);
/* Whether it is done; then *r holds the answer (moved out; free it
 * with snapjob_result_clear). */
bool snapjob_done(struct snapjob *j, struct snapjob_result *r);
/* When it was started (monotonic ms), for "12 s so far". */
int64_t snapjob_started(const struct snapjob *j);
/* How far a create or revert is, by libvirt's job figures (read every
 * half second while it runs, where libvirt reports them: a memory
 * snapshot to a file does; an internal one does not), or -1. */
int snapjob_percent(struct snapjob *j);
void snapjob_free(struct snapjob *j);
void snapjob_result_clear(struct snapjob_result *r);

#endif
