/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * migjob — a migration between two of the app's hosts: the VM and the
 * source's connection are taken on the source's worker, the
 * destination's connection on its worker (each referenced, so neither
 * worker waits while the migration runs), then vm/migtask runs it on
 * threads of its own. The UI thread only asks for the task.
 */
#ifndef VMDECK_HOST_MIGJOB_H
#define VMDECK_HOST_MIGJOB_H

#include "../core/evq.h"
#include "../vm/migtask.h"
#include "host.h"

struct migjob;

/* Migrate the VM uuid of src to dst (called dst_label, reached at
 * dst_uri) as o asks (copied); q is woken as it goes. */
struct migjob *migjob_start(struct host *src, struct host *dst,
    struct evq *q, const char *uuid, const char *dst_uri,
    const char *dst_label, const struct migrate_opts *o);
/* The task once both connections are taken (NULL before, or when one
 * could not be: *why then says why, caller frees; NULL while waiting). */
struct migtask *migjob_task(struct migjob *j, char **why);
/* Leave it: a migration under way goes on to its end. */
void migjob_free(struct migjob *j);

#endif
