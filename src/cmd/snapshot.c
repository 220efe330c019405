/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* The snapshot subcommands: list, create, revert, delete. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvirt/libvirt.h>

#include "../host/host.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "../vm/snapshot.h"

/* One line per snapshot, as virsh's snapshot-list (or a tree). */
static void
snap_print(const struct snap_list *l, bool tree)
{
	int namew = 4;

	for (size_t i = 0; i < l->n; i++) {
		int w = fmt_width(l->s[i].name) + (tree ? 2 * l->s[i].depth : 0);

		if (w > namew)
			namew = w;
	}
	printf(" %-*s  %-19s  %-13s  %-8s  %s\n", namew, "Name",
	    "Creation Time", "State", "Kind", "Description");
	for (size_t i = 0; i < l->n; i++) {
		const struct snapshot *s = &l->s[i];
		char when[32], *name = fmt_sanitize(s->name, false);
		char *desc = s->description ? fmt_sanitize(s->description,
		    false) : xstrdup("");
		time_t t = (time_t)s->created;
		struct tm tm;
		int depth = tree ? s->depth : 0;
		int pad = namew - fmt_width(name) - 2 * depth;

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		printf(" %*s%s%*s  %-19s  %-13s  %-8s  %s%s\n", 2 * depth, "",
		    name, pad, "", when, s->state ? s->state : "?",
		    snapshot_kind_name(snapshot_kind(s)), desc,
		    s->current ? " (current)" : "");
		if (tree && s->vmstate > 0) {
			char kib[24];

			fmt_kib(kib, sizeof kib, s->vmstate / 1024);
			printf(" %*s  memory: %s in the disk image\n", 2 * depth,
			    "", kib);
		} else if (tree && s->memory_file != NULL)
			printf(" %*s  memory: %s\n", 2 * depth, "",
			    s->memory_file);
		for (size_t k = 0; tree && k < s->ndisks; k++)
			if (s->disks[k].file != NULL) {
				char kib[24] = "";

				if (s->disks[k].size > 0)
					fmt_kib(kib, sizeof kib,
					    s->disks[k].size / 1024);
				printf(" %*s  %s: %s%s%s%s\n", 2 * depth, "",
				    s->disks[k].target ? s->disks[k].target : "?",
				    s->disks[k].file, kib[0] ? " (" : "", kib,
				    kib[0] ? " on disk)" : "");
			}
		free(name);
		free(desc);
	}
}

int
cmd_snapshot(struct cmd_ctx *c)
{
	const struct cli *cli = &c->cli;
	virConnectPtr conn;
	virDomainPtr dom;
	char *err = NULL, *msg = NULL;
	int status = 0;

	if (host_open_domain(cli->uris[0], cli->name, &conn, &dom, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	switch (cli->snap_verb) {
	case CLI_SNAP_LIST: {
		struct snap_list l;

		if (snapshot_list(dom, &l, &err) < 0) {
			msg = err;
			status = 1;
			break;
		}
		if (cli->json) {
			char *j = snapshot_list_json(&l);

			fputs(j, stdout);
			free(j);
		} else
			snap_print(&l, cli->tree);
		snap_list_clear(&l);
		break;
	}
	case CLI_SNAP_CREATE: {
		struct snap_request rq = { cli->snap, cli->description,
		    cli->disk_only, cli->quiesce };

		status = snapshot_create(dom, &rq, &msg) < 0;
		break;
	}
	case CLI_SNAP_REVERT:
		status = snapshot_revert(dom, cli->snap, cli->paused, &msg) < 0;
		break;
	case CLI_SNAP_DELETE:
		status = snapshot_delete(dom, cli->snap, (cli->children ?
		    SNAPSHOT_DELETE_CHILDREN : 0) | (cli->metadata_only ?
		    SNAPSHOT_DELETE_METADATA : 0), &msg) < 0;
		break;
	}
	if (msg != NULL)
		fprintf(status ? stderr : stdout, "%s%s\n", status ? "vmdeck: " :
		    "", msg);
	free(msg);
	virDomainFree(dom);
	virConnectClose(conn);
	return status;
}
