/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* The subcommands on hosts: hosts (every host of the hosts file, probed
 * at once) and host-setup. */
#include "cmd.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <libvirt/libvirt.h>

#include "../host/host.h"
#include "../host/hostprobe.h"
#include "../host/hostsetup.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"

/* vmdeck hosts: every host of the hosts file, probed at once. */
int
cmd_hosts(struct cmd_ctx *c)
{
	const struct hostlist *hosts = &c->hosts;
	bool json = c->cli.json;
	char **uris = xcalloc(hosts->n ? hosts->n : 1, sizeof *uris);
	struct hostprobe *r = xcalloc(hosts->n ? hosts->n : 1, sizeof *r);
	const struct hostdef **defs = xcalloc(hosts->n ? hosts->n : 1,
	    sizeof *defs);
	int bad = 0;

	for (size_t i = 0; i < hosts->n; i++) {
		uris[i] = cmd_host_uri(hosts, hosts->hosts[i].name);
		defs[i] = &hosts->hosts[i];
	}
	hostprobe_run((const char *const *)uris, defs, hosts->n,
	    2 * host_default_timeout() + 1000, r);
	free(defs);
	if (json)
		printf("[");
	for (size_t i = 0; i < hosts->n; i++) {
		const struct hostdef *h = &hosts->hosts[i];
		char mem[32];

		bad += r[i].state != HOSTPROBE_CONNECTED;
		if (json) {
			printf("%s\n  {\"name\": ", i ? "," : "");
			fmt_json_str(stdout, h->name);
			printf(", \"uri\": ");
			fmt_json_str(stdout, uris[i]);
			printf(", \"state\": \"%s\", \"ms\": %lld",
			    hostprobe_state_name(r[i].state),
			    (long long)r[i].ms);
			if (r[i].fingerprint != NULL) {
				printf(", \"host_key\": ");
				fmt_json_str(stdout, r[i].fingerprint);
			}
			if (r[i].state == HOSTPROBE_CONNECTED)
				printf(", \"libvirt_version\": %lu, "
				    "\"hypervisor_version\": %lu, \"cpus\": %u, "
				    "\"memory_kib\": %llu}", r[i].lib_version,
				    r[i].hv_version, r[i].cpus,
				    (unsigned long long)r[i].mem_kib);
			else {
				printf(", \"reason\": ");
				fmt_json_str(stdout, r[i].reason ? r[i].reason :
				    "");
				printf("}");
			}
			continue;
		}
		printf("%-16s %-17s %s\n", h->name,
		    hostprobe_state_name(r[i].state), uris[i]);
		if (r[i].state == HOSTPROBE_CONNECTED)
			printf("%16s   libvirt %lu.%lu.%lu, %s %lu.%lu.%lu, %u CPUs, "
			    "%s\n", "", r[i].lib_version / 1000000,
			    r[i].lib_version / 1000 % 1000, r[i].lib_version % 1000,
			    r[i].hv_type ? r[i].hv_type : "hypervisor",
			    r[i].hv_version / 1000000, r[i].hv_version / 1000 % 1000,
			    r[i].hv_version % 1000, r[i].cpus,
			    fmt_kib(mem, sizeof mem, r[i].mem_kib));
		else
			printf("%16s   %s\n", "", r[i].reason);
		if (r[i].fingerprint != NULL)
			printf("%16s   host key %s\n", "", r[i].fingerprint);
	}
	if (json)
		printf("%s]\n", hosts->n ? "\n" : "");
	else if (hosts->n == 0) {
		char *path = hostsfile_path();
		printf("No hosts in %s.\n", path);
		free(path);
	}
	hostprobe_free(r, hosts->n);
	for (size_t i = 0; i < hosts->n; i++)
		free(uris[i]);
	free(uris);
	free(r);
	return bad ? 1 : 0;
}

/* host-setup: what virt-manager makes for a new host, on each host. */
int
cmd_host_setup(struct cmd_ctx *c)
{
	char *const *uris = c->cli.uris;
	size_t n = c->cli.nuris;
	int status = 0;

	for (size_t i = 0; i < n; i++) {
		char *err = NULL, *msg = NULL;
		virConnectPtr conn = host_open_uri(uris[i], &err);

		if (conn == NULL) {
			fprintf(stderr, "vmdeck: %s\n", err);
			free(err);
			status = 1;
			continue;
		}
		/* autostart is set again on what is there and running */
		if (hostsetup_make(conn, HOSTSETUP_POOL | HOSTSETUP_NETWORK,
		    &msg) < 0) {
			fprintf(stderr, "vmdeck: %s: %s\n", uris[i], msg);
			status = 1;
		} else
			printf("%s: %s\n", uris[i], msg);
		free(msg);
		virConnectClose(conn);
	}
	return status;
}
