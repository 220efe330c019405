/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* The storage subcommands: pool …, vol … in virsh's argument order. */
#include "cmd.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "../create/vmspec.h"
#include "../host/host.h"
#include "../storage/storage.h"
#include "../util/fmt.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"

static char *
kib(char *buf, size_t len, uint64_t bytes)
{
	return fmt_kib(buf, len, bytes / 1024);
}

static void
pool_print(const struct pool_list *l)
{
	int w = 4;

	for (size_t i = 0; i < l->n; i++)
		if (fmt_width(l->p[i].name) > w)
			w = fmt_width(l->p[i].name);
	printf(" %-*s  %-8s  %-9s  %-8s  %10s  %10s  %10s  %s\n", w, "Name",
	    "State", "Autostart", "Type", "Capacity", "Allocation", "Available",
	    "Path");
	for (size_t i = 0; i < l->n; i++) {
		const struct pool_info *p = &l->p[i];
		char c[24], a[24], v[24];
		char *name = fmt_sanitize(p->name, false);

		printf(" %s%*s  %-8s  %-9s  %-8s  %10s  %10s  %10s  %s\n", name,
		    w - fmt_width(name), "", p->active ? "running" : "inactive",
		    p->autostart ? "yes" : "no", p->type ? p->type : "?",
		    p->active ? kib(c, sizeof c, p->capacity) : "–",
		    p->active ? kib(a, sizeof a, p->allocation) : "–",
		    p->active ? kib(v, sizeof v, p->available) : "–",
		    p->path ? p->path : "");
		free(name);
	}
}

static void
pool_print_one(const struct pool_info *p)
{
	char c[24], a[24], v[24];

	printf("Name:           %s\nState:          %s\nPersistent:     %s\n"
	    "Autostart:      %s\nType:           %s\nPath:           %s\n",
	    p->name, p->active ? "running" : "inactive",
	    p->persistent ? "yes" : "no", p->autostart ? "yes" : "no",
	    p->type ? p->type : "?", p->path ? p->path : "");
	if (p->active)
		printf("Capacity:       %s\nAllocation:     %s\nAvailable:      "
		    "%s\nVolumes:        %zu\n", kib(c, sizeof c, p->capacity),
		    kib(a, sizeof a, p->allocation),
		    kib(v, sizeof v, p->available), p->nvolumes);
}

static void
vol_print(const struct vol_list *l)
{
	int w = 4;

	for (size_t i = 0; i < l->n; i++)
		if (fmt_width(l->v[i].name) > w)
			w = fmt_width(l->v[i].name);
	printf(" %-*s  %-6s  %10s  %10s  %-20s  %s\n", w, "Name", "Format",
	    "Capacity", "Allocation", "Used by", "Path");
	for (size_t i = 0; i < l->n; i++) {
		const struct vol_info *v = &l->v[i];
		char c[24], a[24];
		char *name = fmt_sanitize(v->name, false);

		printf(" %s%*s  %-6s  %10s  %10s  %-20s  %s%s%s%s%s%s\n", name,
		    w - fmt_width(name), "", v->format ? v->format : "?",
		    kib(c, sizeof c, v->capacity), kib(a, sizeof a, v->allocation),
		    v->used_by ? v->used_by : "–", v->path,
		    v->backing ? " (on " : "", v->backing ? v->backing : "",
		    v->backing ? ")" : "", v->incomplete ? "  INCOMPLETE: " : "",
		    v->incomplete ? v->incomplete : "");
		free(name);
	}
}

/* --- progress on stderr -------------------------------------------------- */

static atomic_bool interrupted;

static void
on_interrupt(int sig)
{
	(void)sig;
	atomic_store(&interrupted, true);
}

struct progress {
	bool tty;
	int64_t started;
	uint64_t last_done;
};

static bool
progress_tick(uint64_t done, uint64_t total, void *ctx)
{
	struct progress *p = ctx;
	int64_t ms = time_mono_ms() - p->started;
	char d[24], t[24], r[24];
	double rate = ms > 0 ? (double)done * 1000.0 / (double)ms : 0;

	if (atomic_load(&interrupted))
		return false;
	p->last_done = done;
	if (!p->tty)
		return true;
	kib(d, sizeof d, done);
	kib(t, sizeof t, total);
	kib(r, sizeof r, (uint64_t)rate);
	if (total > 0 && rate > 0 && done < total)
		fprintf(stderr, "\r%3d %%  %s of %s  %s/s  %.0f s left   ",
		    (int)(done * 100 / total), d, t, r,
		    (double)(total - done) / rate);
	else
		fprintf(stderr, "\r%3d %%  %s of %s  %s/s            ",
		    total ? (int)(done * 100 / (total ? total : 1)) : 100, d, t, r);
	return true;
}

static int
transfer(virConnectPtr conn, const struct cli *cli, bool up, char **msg)
{
	struct progress p = { isatty(STDERR_FILENO) == 1, time_mono_ms(), 0 };
	struct sigaction sa = { .sa_handler = on_interrupt }, old_int, old_term;
	int rc;

	/* ^C ends the transfer cleanly: the volume marked, the file kept */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = up ? storage_vol_upload(conn, cli->pool, cli->args[0],
	    cli->args[1], progress_tick, &p, msg) :
	    storage_vol_download(conn, cli->pool, cli->args[0], cli->args[1],
	    progress_tick, &p, msg);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (p.tty)
		fputc('\n', stderr);
	if (rc == 0) {
		int64_t ms = time_mono_ms() - p.started;
		char r[24];

		kib(r, sizeof r, ms > 0 ? (uint64_t)((double)p.last_done *
		    1000.0 / (double)ms) : 0);
		size_t n = strlen(*msg);
		char *more;

		if (n > 0 && (*msg)[n - 1] == '.')
			(*msg)[n - 1] = '\0';
		more = xasprintf("%s, in %.2f s (%s/s).", *msg,
		    (double)ms / 1000.0, r);

		free(*msg);
		*msg = more;
	}
	return rc;
}

static bool
size_arg(const char *text, uint64_t *bytes, char **msg)
{
	if (!vmspec_parse_size(text, bytes)) {
		*msg = xasprintf("'%s' is not a size (10G, 512M, 1T, or bytes).",
		    text);
		return false;
	}
	return true;
}

int
cmd_pool(struct cmd_ctx *c)
{
	const struct cli *cli = &c->cli;
	const char *v = cli->verb;
	char *err = NULL, *msg = NULL;
	virConnectPtr conn = host_open_uri(cli->uris[0], &err);
	int status = 0;

	if (conn == NULL) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	if (strcmp(v, "list") == 0 || strcmp(v, "info") == 0) {
		struct pool_list l;
		const struct pool_info *one = NULL;

		if (storage_pools(conn, &l, &msg) < 0)
			status = 1;
		for (size_t i = 0; status == 0 && cli->nargs && i < l.n; i++)
			if (strcmp(l.p[i].name, cli->args[0]) == 0)
				one = &l.p[i];
		if (status == 0 && cli->nargs && one == NULL) {
			msg = xasprintf("No storage pool called '%s' on this host "
			    "(vmdeck pool list shows them).", cli->args[0]);
			status = 1;
		} else if (status == 0 && cli->json) {
			struct pool_list only = { (struct pool_info *)one, 1 };
			char *j = storage_pools_json(one ? &only : &l);

			if (one) {
				/* one object, not an array of one */
				size_t n = strlen(j);

				if (n >= 3) {
					j[n - 2] = '\0';
					printf("%s\n", j + 1);
				}
			} else
				fputs(j, stdout);
			free(j);
		} else if (status == 0 && one)
			pool_print_one(one);
		else if (status == 0)
			pool_print(&l);
		if (status == 0)
			pool_list_clear(&l);
	} else if (strcmp(v, "define") == 0)
		status = storage_pool_define_dir(conn, cli->args[0], cli->path,
		    &msg) < 0;
	else {
		static const struct { const char *w; enum pool_action a; } acts[] = {
			{ "start", POOL_START }, { "stop", POOL_STOP },
			{ "refresh", POOL_REFRESH }, { "delete", POOL_DELETE },
			{ "autostart", POOL_AUTOSTART },
		};
		for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
			if (strcmp(acts[i].w, v) == 0)
				status = storage_pool_act(conn, cli->args[0],
				    acts[i].a == POOL_AUTOSTART && cli->disable ?
				    POOL_NO_AUTOSTART : acts[i].a, &msg) < 0;
	}
	if (msg != NULL)
		fprintf(status ? stderr : stdout, "%s%s\n", status ? "vmdeck: " :
		    "", msg);
	free(msg);
	virConnectClose(conn);
	return status;
}

int
cmd_vol(struct cmd_ctx *c)
{
	const struct cli *cli = &c->cli;
	const char *v = cli->verb;
	char *err = NULL, *msg = NULL;
	virConnectPtr conn = host_open_uri(cli->uris[0], &err);
	uint64_t bytes = 0;
	int status = 0;

	if (conn == NULL) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	if (strcmp(v, "list") == 0) {
		struct vol_list l;

		if (storage_volumes(conn, cli->args[0], &l, &msg) < 0)
			status = 1;
		else if (cli->json) {
			char *j = storage_volumes_json(&l);

			fputs(j, stdout);
			free(j);
		} else
			vol_print(&l);
		if (status == 0)
			vol_list_clear(&l);
	} else if (strcmp(v, "create") == 0)
		status = !size_arg(cli->args[2], &bytes, &msg) ||
		    storage_vol_create(conn, cli->args[0], cli->args[1], bytes,
		    cli->format, &msg) < 0;
	else if (strcmp(v, "resize") == 0)
		status = !size_arg(cli->args[1], &bytes, &msg) ||
		    storage_vol_resize(conn, cli->pool, cli->args[0], bytes,
		    cli->shrink, &msg) < 0;
	else if (strcmp(v, "delete") == 0)
		status = storage_vol_delete(conn, cli->pool, cli->args[0],
		    &msg) < 0;
	else if (strcmp(v, "clone") == 0)
		status = storage_vol_clone(conn, cli->pool, cli->args[0],
		    cli->args[1], &msg) < 0;
	else if (strcmp(v, "upload") == 0 || strcmp(v, "download") == 0)
		status = transfer(conn, cli, strcmp(v, "upload") == 0,
		    &msg) < 0;
	if (msg != NULL)
		fprintf(status ? stderr : stdout, "%s%s\n", status ? "vmdeck: " :
		    "", msg);
	free(msg);
	virConnectClose(conn);
	return status;
}
