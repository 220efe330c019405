/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* The VM actions and tag on a set of VMs: several names, --filter, or
 * several hosts. Each host is reached on a thread of its own (at most
 * BULK_THREADS at once); its VMs are acted on in order, the hosts in
 * parallel; one line (or JSON object) per VM, exit status 1 when any
 * failed. */
#include "cmd.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "../core/bulk.h"
#include "../core/domain.h"
#include "../core/filter.h"
#include "../host/host.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "../vm/bulkop.h"
#include "bulk.h"

#define BULK_THREADS 32		/* hosts reached at once */

/* One host's part. */
struct bulk_host {
	const char *uri;
	const char *label;
	virConnectPtr conn;		/* NULL: not reached (err says why) */
	char *err;
	struct domain_info *doms;
	size_t ndoms;
};

struct bulk_run {
	struct cmd_ctx *c;
	struct bulk_host *hosts;
	size_t n;
	atomic_size_t next;		/* the next host a thread takes */
	struct bulk *b;			/* phase 2 */
	const struct bulkop *op;
};

/* Phase 1, per host: connect and list. */
static void
bulk_list_one(struct bulk_host *h)
{
	h->conn = host_open_uri(h->uri, &h->err);
	if (h->conn != NULL && domain_list_fetch(h->conn, &h->doms, &h->ndoms,
	    &h->err) < 0) {
		virConnectClose(h->conn);
		h->conn = NULL;
	}
}

/* Phase 2, per host: its rows in order. */
static void
bulk_act_one(struct bulk_run *r, size_t hi)
{
	for (size_t i = 0; i < bulk_count(r->b); i++)
		if (bulk_row_host(r->b, i) == (int)hi)
			bulkop_run(r->hosts[hi].conn, r->hosts[hi].err, r->b, i,
			    r->op);
}

static void *
bulk_thread(void *arg)
{
	struct bulk_run *r = arg;
	size_t i;

	while ((i = atomic_fetch_add(&r->next, 1)) < r->n) {
		if (r->b == NULL)
			bulk_list_one(&r->hosts[i]);
		else
			bulk_act_one(r, i);
	}
	return NULL;
}

/* Run bulk_thread on every host, BULK_THREADS at a time. */
static void
bulk_parallel(struct bulk_run *r)
{
	size_t nt = r->n < BULK_THREADS ? r->n : BULK_THREADS;
	pthread_t *th = xcalloc(nt ? nt : 1, sizeof *th);
	size_t started = 0;

	atomic_store(&r->next, 0);
	for (size_t t = 0; t < nt; t++)
		if (pthread_create(&th[t], NULL, bulk_thread, r) == 0)
			started++;
		else
			break;
	if (started == 0)
		bulk_thread(r);		/* no thread to be had: do it here */
	for (size_t t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	free(th);
}

/* Whether d is one the command names; each name it answers to is
 * ticked in found (one per name). */
static bool
bulk_named(const struct cli *cli, const struct domain_info *d, bool *found)
{
	bool named = false;

	for (size_t k = 0; k < cli->nnames; k++)
		if (strcmp(cli->names[k], d->name) == 0 ||
		    strcmp(cli->names[k], d->uuid) == 0)
			named = found[k] = true;
	return named || (cli->nnames == 0 && cli->command == CLI_TAG &&
	    cli->name && strcmp(cli->name, d->name) == 0);
}

static void
bulk_print(struct bulk *b, bool json)
{
	size_t hostw = 4, namew = 4;
	char **names = xcalloc(bulk_count(b) + 1, sizeof *names);

	for (size_t i = 0; !json && i < bulk_count(b); i++) {
		struct bulk_row r;

		bulk_row_get(b, i, &r);
		names[i] = fmt_sanitize(r.name, false);
		if ((size_t)fmt_width(r.host_label) > hostw)
			hostw = (size_t)fmt_width(r.host_label);
		if ((size_t)fmt_width(names[i]) > namew)
			namew = (size_t)fmt_width(names[i]);
		bulk_row_clear(&r);
	}
	if (json)
		printf("[");
	for (size_t i = 0; i < bulk_count(b); i++) {
		struct bulk_row r;

		bulk_row_get(b, i, &r);
		if (json) {
			printf("%s\n  {\"host\": ", i ? "," : "");
			fmt_json_str(stdout, r.host_label);
			printf(", \"name\": ");
			fmt_json_str(stdout, r.name);
			printf(", \"uuid\": \"%s\", \"ok\": %s, \"message\": ",
			    r.uuid, r.state == BULK_OK ? "true" : "false");
			fmt_json_str(stdout, r.msg ? r.msg : "");
			printf("}");
		} else
			printf("%-6s %s%*s  %s%*s  %s\n", r.state == BULK_OK ?
			    "ok" : "FAILED", r.host_label, (int)(hostw -
			    (size_t)fmt_width(r.host_label)), "", names[i],
			    (int)(namew - (size_t)fmt_width(names[i])), "",
			    r.msg ? r.msg : "");
		free(names[i]);
		bulk_row_clear(&r);
	}
	if (json)
		printf("%s]\n", bulk_count(b) ? "\n" : "");
	free(names);
}

int
cmd_bulk(struct cmd_ctx *c, const struct bulkop *op, int action)
{
	struct cli *cli = &c->cli;
	struct filter f = { 0 };
	char *err = NULL;
	struct bulk_run r = { .c = c, .op = op };
	int status = 0;
	bool *found;

	if (cli->filter != NULL && filter_parse(cli->filter, &f, &err) < 0) {
		fprintf(stderr, "vmdeck: --filter: %s\n", err);
		free(err);
		return 2;
	}
	f.words_match_host = true;
	if (f.wants_tags)
		domain_set_read_tags(true);
	if (f.wants_ip)
		domain_set_read_ip(true);
	r.n = cli->nuris;
	r.hosts = xcalloc(r.n ? r.n : 1, sizeof *r.hosts);
	for (size_t i = 0; i < r.n; i++) {
		r.hosts[i].uri = cli->uris[i];
		r.hosts[i].label = c->labels[i] ? c->labels[i] : cli->uris[i];
	}
	bulk_parallel(&r);

	/* the set: named VMs, or those the filter matches, host by host */
	r.b = bulk_new(bulkop_verb(op, action));
	found = xcalloc(cli->nnames + 1, sizeof *found);
	for (size_t h = 0; h < r.n; h++) {
		struct bulk_host *bh = &r.hosts[h];

		if (bh->conn == NULL) {
			fprintf(stderr, "vmdeck: %s: %s\n", bh->label, bh->err);
			status = 1;
			continue;
		}
		for (size_t k = 0; k < bh->ndoms; k++) {
			const struct domain_info *d = &bh->doms[k];
			bool take = cli->filter ? filter_match(&f, d,
			    bh->label) && (cli->nnames == 0 ||
			    bulk_named(cli, d, found)) : bulk_named(cli, d, found);

			if (!take)
				continue;
			bulk_add(r.b, (int)h, bh->label, d->uuid, d->name,
			    action);
		}
	}
	for (size_t n = 0; n < cli->nnames; n++)
		if (!found[n]) {
			fprintf(stderr, "vmdeck: no VM called '%s'%s on %s\n",
			    cli->names[n], cli->filter ? " that the filter "
			    "matches" : "", r.n == 1 ? r.hosts[0].label :
			    "any host given");
			status = 1;
		}
	free(found);
	if (bulk_count(r.b) == 0 && cli->filter != NULL)
		fprintf(stderr, "vmdeck: no VM matches '%s' on %s\n",
		    cli->filter, r.n == 1 ? r.hosts[0].label :
		    "the hosts given");
	bulk_parallel(&r);
	bulk_print(r.b, cli->json);
	if (bulk_tally(r.b).failed > 0)
		status = 1;
	bulk_unref(r.b);
	for (size_t h = 0; h < r.n; h++) {
		if (r.hosts[h].conn != NULL)
			virConnectClose(r.hosts[h].conn);
		free(r.hosts[h].err);
		domain_info_array_free(r.hosts[h].doms, r.hosts[h].ndoms);
	}
	free(r.hosts);
	filter_clear(&f);
	return status;
}
