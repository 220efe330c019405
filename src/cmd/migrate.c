/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* migrate NAME DEST: the checks, then the migration on migtask's
 * threads while this one prints its figures on stderr every 500 ms;
 * Ctrl-C asks libvirt to abort it (a second Ctrl-C leaves at once). */
#include "cmd.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../core/virterr.h"
#include "../host/host.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "../vm/migtask.h"

static volatile sig_atomic_t interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	if (interrupted++ > 0)
		_exit(130);
}

static void
wake_pipe(void *ctx)
{
	int fd = *(int *)ctx;
	char c = 1;

	if (write(fd, &c, 1) < 0) {
		/* full: a wake is pending anyway */
	}
}

/* Whether the migration does not converge: a pass left more than the
 * one before (post-copy is then switched to, when allowed). */
static bool
not_converging(const struct migrate_stats *s, uint64_t *last_left,
    uint64_t *last_pass)
{
	bool worse = s->iteration > *last_pass && *last_pass >= 2 &&
	    s->mem_remaining >= *last_left;

	if (s->iteration > *last_pass) {
		*last_pass = s->iteration;
		*last_left = s->mem_remaining;
	}
	return worse;
}

int
cmd_migrate(struct cmd_ctx *c)
{
	const struct cli *cli = &c->cli;
	struct migrate_opts o = { 0 };
	char *err = NULL, *dst_uri;
	const char *msg;
	virConnectPtr src, dst;
	virDomainPtr dom;
	struct migtask *t;
	int state = 0, reason = 0, pipefd[2], status;
	struct migtask_state st = { 0 };
	unsigned shown = 0;
	uint64_t last_left = 0, last_pass = 0;
	bool asked_postcopy = false, said_abort = false;
	const char *label = c->labels[0] ? c->labels[0] : cli->uris[0];

	dst_uri = strstr(cli->dest, "://") ? xstrdup(cli->dest) :
	    cmd_host_uri(&c->hosts, cli->dest);
	if (dst_uri == NULL)
		return 2;
	if (cli->bandwidth != NULL) {
		char *end;

		o.bandwidth = strtoul(cli->bandwidth, &end, 10);
		if (*end != '\0' || o.bandwidth == 0) {
			fprintf(stderr, "vmdeck: --bandwidth takes MiB/s, a whole "
			    "number above 0, not '%s'\n", cli->bandwidth);
			free(dst_uri);
			return 2;
		}
	}
	if (host_open_domain(cli->uris[0], cli->name, &src, &dom, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		free(dst_uri);
		return 1;
	}
	dst = host_open_uri(dst_uri, &err);
	if (dst == NULL) {
		fprintf(stderr, "vmdeck: VM '%s' was not migrated: the "
		    "destination %s did not answer: %s\n", cli->name, cli->dest,
		    err);
		free(err);
		virDomainFree(dom);
		virConnectClose(src);
		free(dst_uri);
		return 1;
	}
	if (virDomainGetState(dom, &state, &reason, 0) < 0)
		virResetLastError();
	o.offline = cli->offline || (!cli->live && state == VIR_DOMAIN_SHUTOFF);
	o.live = !o.offline;
	o.p2p = cli->p2p;
	o.tunnelled = cli->tunnelled;
	o.copy_storage = cli->copy_storage;
	o.copy_inc = cli->copy_inc;
	o.persistent = cli->persistent || o.offline;
	o.undefine_source = cli->undefine_source;
	o.auto_converge = cli->auto_converge;
	o.compressed = cli->compressed;
	o.postcopy = cli->postcopy;
	o.migrate_uri = cli->migrate_uri ? xstrdup(cli->migrate_uri) : NULL;
	if (cli->disks != NULL) {
		char *copy = xstrdup(cli->disks), *save = NULL;

		o.disks = xcalloc(strlen(cli->disks) + 1, sizeof *o.disks);
		for (char *w = strtok_r(copy, ",", &save); w != NULL;
		    w = strtok_r(NULL, ",", &save))
			o.disks[o.ndisks++] = xstrdup(w);
		free(copy);
	}
	if (pipe(pipefd) < 0) {
		fprintf(stderr, "vmdeck: no pipe for the migration's news\n");
		return 1;
	}
	signal(SIGINT, on_sigint);
	t = migtask_start(src, dom, dst, dst_uri, cli->dest, &o, wake_pipe,
	    &pipefd[1]);
	for (;;) {
		struct pollfd p = { .fd = pipefd[0], .events = POLLIN };
		char buf[64];

		if (poll(&p, 1, MIGTASK_POLL_MS) > 0 &&
		    read(pipefd[0], buf, sizeof buf) < 0) {
			/* nothing: the state is read below either way */
		}
		if (interrupted && !said_abort) {
			migtask_abort(t);
			fprintf(stderr, "vmdeck: aborting the migration (Ctrl-C "
			    "again leaves without waiting)…\n");
			said_abort = true;
		}
		migtask_state_clear(&st);
		migtask_get(t, &st);
		if (st.phase == MIGTASK_RUNNING && st.reads > shown) {
			char *line = migrate_progress_line(&st.progress, &st.stats);

			fprintf(stderr, "%s%s%s%s\n", line, st.progress.note[0] ?
			    " (" : "", st.progress.note, st.progress.note[0] ?
			    ")" : "");
			free(line);
			shown = st.reads;
			if (o.postcopy && !asked_postcopy && not_converging(
			    &st.stats, &last_left, &last_pass)) {
				fprintf(stderr, "vmdeck: pass %llu left more than the "
				    "one before: switching to post-copy\n",
				    (unsigned long long)st.stats.iteration);
				migtask_postcopy(t);
				asked_postcopy = true;
			}
		}
		if (st.phase != MIGTASK_CHECKING && st.phase != MIGTASK_RUNNING)
			break;
	}
	/* the task's threads let go of the connections before this process
	 * closes them and ends (a thread closing one while the process
	 * exited crashed it) */
	migtask_join(t);
	signal(SIGINT, SIG_DFL);
	status = st.phase == MIGTASK_DONE ? 0 : 1;
	msg = st.msg ? st.msg : "";
	if (cli->json) {
		printf("{\"vm\": ");
		fmt_json_str(stdout, cli->name);
		printf(", \"from\": ");
		fmt_json_str(stdout, label);
		printf(", \"to\": ");
		fmt_json_str(stdout, cli->dest);
		printf(", \"ok\": %s, \"message\": ", status ? "false" : "true");
		fmt_json_str(stdout, msg);
		printf(", \"progress_reads\": %u, \"postcopy\": %s, "
		    "\"checks\": [", st.reads, st.postcopy ? "true" : "false");
		for (size_t i = 0; i < st.checks.n; i++) {
			printf("%s{\"check\": ", i ? ", " : "");
			fmt_json_str(stdout, st.checks.c[i].what);
			printf(", \"ok\": %s, \"checked\": %s",
			    st.checks.c[i].ok ? "true" : "false",
			    st.checks.c[i].checked ? "true" : "false");
			if (st.checks.c[i].why) {
				printf(", \"why\": ");
				fmt_json_str(stdout, st.checks.c[i].why);
			}
			printf("}");
		}
		printf("]}\n");
	} else if (status == 0)
		printf("%s\n", msg);
	else
		fprintf(stderr, "vmdeck: %s\n", msg);
	for (size_t i = 0; !cli->json && i < st.checks.n; i++)
		if (!st.checks.c[i].checked)
			fprintf(stderr, "vmdeck: note: %s\n", st.checks.c[i].why);
	migtask_state_clear(&st);
	migtask_free(t);
	close(pipefd[0]);
	/* the write end stays open: a task thread may still wake it */
	migrate_opts_clear(&o);
	virDomainFree(dom);
	virConnectClose(src);
	virConnectClose(dst);
	free(dst_uri);
	return status;
}
