/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "top.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/fmt.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "../core/domlist.h"
#include "../host/host.h"
#include "../stats/sampler.h"
#include "../host/store.h"
#include "cmd.h"

/* A figure for JSON: a number (a whole one when decimals is 0: KiB and
 * bytes a second are counts), or null when unknown. */
static void
json_figure(FILE *out, const char *key, float v, int decimals, bool last)
{
	if (isnan(v))
		fprintf(out, "\"%s\": null%s", key, last ? "" : ", ");
	else
		fprintf(out, "\"%s\": %.*f%s", key, decimals,
		    decimals == 0 && v < 0 ? 0 : v, last ? "" : ", ");
}

static void
top_print(FILE *out, bool json, const char *uri, const struct domain_info *d,
    const struct vmstat *st, double now)
{
	float v[STATS_METRIC_COUNT];
	for (int m = 0; m < STATS_METRIC_COUNT; m++)
		v[m] = st ? st->now[m] : NAN;
	if (isnan(v[STATS_MEM_ASSIGNED]) && d->mem_kib > 0)
		v[STATS_MEM_ASSIGNED] = (float)d->mem_kib;
	if (json) {
		fprintf(out, "{\"time\": %.3f, \"host\": ", now);
		fmt_json_str(out, uri);
		fprintf(out, ", \"name\": ");
		fmt_json_str(out, d->name);
		fprintf(out, ", \"uuid\": \"%s\", \"state\": \"%s\", ",
		    d->uuid, domain_state_name(d->state));
		json_figure(out, "cpu_pct", v[STATS_CPU], 1, false);
		json_figure(out, "mem_used_kib", v[STATS_MEM_USED], 0, false);
		if (st == NULL || isnan(st->now[STATS_MEM_ASSIGNED]))
			/* libvirt's own count, exact (a float holds 24 bits) */
			fprintf(out, "\"mem_assigned_kib\": %llu, ",
			    (unsigned long long)d->mem_kib);
		else
			json_figure(out, "mem_assigned_kib",
			    v[STATS_MEM_ASSIGNED], 0, false);
		json_figure(out, "disk_rd_bps", v[STATS_DISK_RD], 0, false);
		json_figure(out, "disk_wr_bps", v[STATS_DISK_WR], 0, false);
		json_figure(out, "net_rx_bps", v[STATS_NET_RX], 0, false);
		json_figure(out, "net_tx_bps", v[STATS_NET_TX], 0, true);
		fprintf(out, "}\n");
		return;
	}
	char f[STATS_METRIC_COUNT][16], clock[16];
	time_t t = (time_t)now;
	struct tm tm;

	for (int m = 0; m < STATS_METRIC_COUNT; m++)
		stats_format(f[m], sizeof f[m], (enum stats_metric)m, v[m], true);
	localtime_r(&t, &tm);
	strftime(clock, sizeof clock, "%H:%M:%S", &tm);
	char *name = fmt_sanitize(d->name, false);

	fprintf(out, "%-8s %-20s %-11s %5s %6s %6s %7s %7s %7s %7s  %s\n",
	    clock, name, domain_state_name(d->state), f[STATS_CPU],
	    f[STATS_MEM_USED], f[STATS_MEM_ASSIGNED], f[STATS_DISK_RD],
	    f[STATS_DISK_WR], f[STATS_NET_RX], f[STATS_NET_TX], uri);
	free(name);
}

struct top_host {
	const char *uri;
	virConnectPtr conn;
	struct store store;		/* one host: its list and figures */
	struct stats_batch batch;
	unsigned long ticks;
};

/* Read the list into th's store (replacing it). */
static int
top_list(struct top_host *th, FILE *err)
{
	struct event ev = { .type = EVENT_DOMAIN_LIST, .host = 0 };
	char *msg = NULL;

	if (domain_list_fetch(th->conn, &ev.list, &ev.nlist, &msg) < 0) {
		fprintf(err, "vmdeck: %s: %s\n", th->uri, msg);
		free(msg);
		return -1;
	}
	store_apply(&th->store, &ev);
	domain_info_array_free(ev.list, ev.nlist);
	return 0;
}

int
top_run(char *const *uris, size_t n, double interval, bool once, bool json,
    FILE *out, FILE *err)
{
	struct top_host *hosts = xcalloc(n, sizeof *hosts);
	size_t live = 0;
	int64_t next;

	for (size_t i = 0; i < n; i++) {
		char *msg = NULL;
		const char *one[] = { uris[i] };

		hosts[i].uri = uris[i];
		store_init(&hosts[i].store, one, 1, 1);
		hosts[i].conn = host_open_uri(uris[i], &msg);
		if (hosts[i].conn == NULL) {
			fprintf(err, "vmdeck: %s\n", msg);
			free(msg);
			continue;
		}
		if (top_list(&hosts[i], err) == 0)
			live++;
	}
	if (live == 0) {
		for (size_t i = 0; i < n; i++)
			store_free(&hosts[i].store);
		free(hosts);
		return 1;
	}
	if (!json)
		fprintf(out, "%-8s %-20s %-11s %5s %6s %6s %7s %7s %7s %7s  %s\n",
		    "TIME", "NAME", "STATE", "CPU", "MEM", "ASSIGN", "DISK_RD",
		    "DISK_WR", "NET_RX", "NET_TX", "HOST");
	next = time_mono_ms();
	for (unsigned long tick = 0;; tick++) {
		struct timespec wall;

		clock_gettime(CLOCK_REALTIME, &wall);
		for (size_t i = 0; i < n; i++) {
			struct top_host *th = &hosts[i];
			struct store_host *h = &th->store.hosts[0];
			char *msg = NULL;

			if (th->conn == NULL)
				continue;
			if (tick > 0 && tick % HOST_RELIST_TICKS == 0)
				top_list(th, err);
			if (sampler_fetch(th->conn, &th->batch, &msg) < 0) {
				fprintf(err, "vmdeck: %s: %s\n", th->uri, msg);
				free(msg);
				continue;
			}
			store_apply_stats(&th->store, 0, &th->batch, wall.tv_sec);
			/* rates need two samples */
			if (tick == 0)
				continue;
			size_t *idx = xcalloc(h->ndoms ? h->ndoms : 1,
			    sizeof *idx);
			size_t count = domlist_view(h->doms, h->ndoms, NULL, NULL,
			    DOMLIST_SORT_NAME, NULL, idx);
			for (size_t k = 0; k < count; k++) {
				const struct domain_info *d = &h->doms[idx[k]];

				top_print(out, json, th->uri, d,
				    vmstats_find(&h->stats, d->uuid),
				    (double)wall.tv_sec + wall.tv_nsec / 1e9);
			}
			free(idx);
		}
		fflush(out);
		if (once && tick >= 1)
			break;
		next += (int64_t)(interval * 1000);
		int64_t left = next - time_mono_ms();
		if (left > 0) {
			struct timespec ts = { left / 1000, left % 1000 * 1000000 };
			while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
		} else
			next = time_mono_ms();
	}
	for (size_t i = 0; i < n; i++) {
		if (hosts[i].conn != NULL)
			virConnectClose(hosts[i].conn);
		stats_batch_free(&hosts[i].batch);
		store_free(&hosts[i].store);
	}
	free(hosts);
	return 0;
}

int
cmd_top(struct cmd_ctx *c)
{
	return top_run(c->cli.uris, c->cli.nuris, c->cfg.interval, c->cli.once,
	    c->cli.json, stdout, stderr);
}
