/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * bulkjob — one action on many VMs through their hosts' workers: each
 * row of a bulk table becomes a job on its host's worker, so the hosts
 * work in parallel and each host's VMs in order, and the UI never waits.
 * The table (core/bulk) holds the outcome of every row; q is woken as
 * each one ends.
 */
#ifndef VMDECK_HOST_BULKJOB_H
#define VMDECK_HOST_BULKJOB_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/bulk.h"
#include "../core/evq.h"
#include "../vm/bulkop.h"
#include "host.h"

/* Queue every row of b (grouped by host: bulk_group) on hosts[row.host]
 * (nhosts of them), doing op (copied), then a list refresh on each of
 * those hosts. b gets a reference per job. tell: each row's outcome is
 * also posted as a message (EVENT_MESSAGE: the status line), for a run
 * without a results view. */
void bulkjob_start(struct host *const *hosts, size_t nhosts, struct evq *q,
    struct bulk *b, const struct bulkop *op, bool tell);

#endif
