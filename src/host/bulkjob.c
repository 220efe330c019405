/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "bulkjob.h"

#include <stdatomic.h>
#include <stdlib.h>

#include "../util/xalloc.h"

/* What the rows of one run share: the op, freed by the last job. */
struct bulkjob_shared {
	atomic_int refs;
	struct bulkop *op;
};

struct bulkjob {
	struct bulkjob_shared *sh;
	struct bulk *b;
	size_t i;
	struct evq *q;
	bool tell;
};

static void
bulkjob_run(virConnectPtr conn, const char *why, void *ctx)
{
	struct bulkjob *j = ctx;

	bulkop_run(conn, why, j->b, j->i, j->sh->op);
	if (j->tell) {
		struct bulk_row r;
		struct event *ev;

		bulk_row_get(j->b, j->i, &r);
		ev = event_new(EVENT_MESSAGE, r.host);
		ev->error = r.state != BULK_OK;
		ev->text = r.msg;
		r.msg = NULL;
		bulk_row_clear(&r);
		evq_push(j->q, ev);
	} else
		evq_wake(j->q);
	bulk_unref(j->b);
	if (atomic_fetch_sub(&j->sh->refs, 1) == 1) {
		bulkop_free(j->sh->op);
		free(j->sh);
	}
	free(j);
}

void
bulkjob_start(struct host *const *hosts, size_t nhosts, struct evq *q,
    struct bulk *b, const struct bulkop *op, bool tell)
{
	struct bulkjob_shared *sh = xcalloc(1, sizeof *sh);
	size_t n = bulk_count(b);

	atomic_init(&sh->refs, 1);
	sh->op = bulkop_copy(op);
	for (size_t i = 0; i < n; i++) {
		int h = bulk_row_host(b, i);
		struct bulkjob *j;

		if (h < 0 || (size_t)h >= nhosts) {
			bulk_set(b, i, BULK_FAILED, "its host is gone");
			continue;
		}
		j = xcalloc(1, sizeof *j);
		atomic_fetch_add(&sh->refs, 1);
		j->sh = sh;
		j->b = bulk_ref(b);
		j->i = i;
		j->q = q;
		j->tell = tell;
		host_submit_call(hosts[h], bulkjob_run, j);
	}
	if (atomic_fetch_sub(&sh->refs, 1) == 1) {
		bulkop_free(sh->op);
		free(sh);
	}
	/* then each host reads its list again: autostart, tags and an
	 * undefine of a running VM raise no lifecycle event */
	for (size_t i = 0; i < n; i++)
		if (i == 0 || bulk_row_host(b, i) != bulk_row_host(b, i - 1)) {
			int h = bulk_row_host(b, i);

			if (h >= 0 && (size_t)h < nhosts)
				host_submit_refresh(hosts[h]);
		}
}
