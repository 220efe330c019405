/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * bulkop — what one action on many VMs does to each of them: a VM
 * action of core/domain's table (each row its own, so a toggle can pick
 * per VM), a tag edit, or a snapshot. The same code runs a row for the
 * TUI (on its host's worker) and for the headless commands (on a thread
 * per host), so both say the same.
 */
#ifndef VMDECK_VM_BULKOP_H
#define VMDECK_VM_BULKOP_H

#include <stddef.h>

#include <libvirt/libvirt.h>

#include "../core/bulk.h"

enum bulkop_kind {
	BULKOP_ACTION,		/* the row's action */
	BULKOP_TAG,		/* words: +web -old */
	BULKOP_SNAPSHOT,	/* snapshot create; snap_name or a timestamp */
	BULKOP_UNDEFINE_STORAGE,	/* undefine with its volumes (vmdelete:
					 * files anything else uses stay) */
};

struct bulkop {
	enum bulkop_kind kind;
	char **words;		/* BULKOP_TAG: owned */
	size_t nwords;
	char *snap_name;	/* BULKOP_SNAPSHOT: owned, or NULL */
};

/* A copy of op (for a job that outlives its caller); free with
 * bulkop_free. */
struct bulkop *bulkop_copy(const struct bulkop *op);
void bulkop_free(struct bulkop *op);
/* The verb for questions and titles: "shut down", "tag", "snapshot". */
const char *bulkop_verb(const struct bulkop *op, int action);

/* Run row i of b on conn: find its VM by UUID (a VM gone since it was
 * marked says so), do op, and set the row done or failed with the
 * sentence. conn NULL: failed with why. */
void bulkop_run(virConnectPtr conn, const char *why, struct bulk *b,
    size_t i, const struct bulkop *op);

#endif
