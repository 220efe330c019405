/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* The network subcommands: net …, and addr NAME. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libvirt/libvirt.h>

#include "../host/host.h"
#include "../net/net.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"

static void
net_print(const struct net_list *l)
{
	int w = 4;

	for (size_t i = 0; i < l->count; i++)
		if (fmt_width(l->n[i].name) > w)
			w = fmt_width(l->n[i].name);
	printf(" %-*s  %-8s  %-9s  %-10s  %-8s  %-8s  %-18s  %s\n", w, "Name",
	    "State", "Autostart", "Persistent", "Bridge", "Forward", "Subnet",
	    "DHCP");
	for (size_t i = 0; i < l->count; i++) {
		const struct net_info *n = &l->n[i];
		char *name = fmt_sanitize(n->name, false);

		printf(" %s%*s  %-8s  %-9s  %-10s  %-8s  %-8s  %-18s  %s\n", name,
		    w - fmt_width(name), "", n->active ? "active" : "inactive",
		    n->autostart ? "yes" : "no", n->persistent ? "yes" : "no",
		    n->bridge ? n->bridge : "–", n->forward ? n->forward :
		    "isolated", n->subnet ? n->subnet : "–",
		    n->dhcp ? n->dhcp : "–");
		free(name);
	}
}

static void
net_print_one(const struct net_info *n)
{
	printf("Name:           %s\nActive:         %s\nPersistent:     %s\n"
	    "Autostart:      %s\nBridge:         %s\nForward:        %s\n"
	    "Subnet:         %s\nDHCP:           %s\n", n->name,
	    n->active ? "yes" : "no", n->persistent ? "yes" : "no",
	    n->autostart ? "yes" : "no", n->bridge ? n->bridge : "",
	    n->forward ? n->forward : "isolated", n->subnet ? n->subnet : "",
	    n->dhcp ? n->dhcp : "");
}

static void
leases_print(const struct net_leases *l)
{
	printf(" %-19s  %-17s  %-18s  %s\n", "Expiry Time", "MAC address",
	    "IP address", "Hostname");
	for (size_t i = 0; i < l->n; i++) {
		char when[32] = "never";
		char ip[64];

		if (l->l[i].expiry > 0) {
			time_t t = (time_t)l->l[i].expiry;
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		}
		snprintf(ip, sizeof ip, "%s/%d", l->l[i].ip, l->l[i].prefix);
		printf(" %-19s  %-17s  %-18s  %s\n", when, l->l[i].mac, ip,
		    l->l[i].hostname ? l->l[i].hostname : "–");
	}
}

/* The one network's object out of a list's JSON array. */
static void
print_one_json(char *j)
{
	size_t n = strlen(j);

	if (n >= 3 && j[0] == '[') {
		j[n - 2] = '\0';	/* "]\n" */
		printf("%s\n", j + 1);
	}
}

int
cmd_net(struct cmd_ctx *c)
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
		struct net_list l;
		struct net_info *one = NULL;

		if (net_list_read(conn, &l, &msg) < 0)
			status = 1;
		for (size_t i = 0; status == 0 && cli->nargs && i < l.count; i++)
			if (strcmp(l.n[i].name, cli->args[0]) == 0)
				one = &l.n[i];
		if (status == 0 && cli->nargs && one == NULL) {
			msg = xasprintf("No network called '%s' on this host "
			    "(vmdeck net list shows them).", cli->args[0]);
			status = 1;
		} else if (status == 0 && cli->json) {
			struct net_list only = { one, 1 };
			char *j = net_list_json(one ? &only : &l);

			if (one)
				print_one_json(j);
			else
				fputs(j, stdout);
			free(j);
		} else if (status == 0 && one)
			net_print_one(one);
		else if (status == 0)
			net_print(&l);
		if (status == 0)
			net_list_clear(&l);
	} else if (strcmp(v, "leases") == 0) {
		struct net_leases l;

		if (net_leases_read(conn, cli->args[0], &l, &msg) < 0)
			status = 1;
		else if (cli->json) {
			char *j = net_leases_json(&l);

			fputs(j, stdout);
			free(j);
		} else
			leases_print(&l);
		if (status == 0)
			net_leases_clear(&l);
	} else if (strcmp(v, "define") == 0)
		status = net_define_nat(conn, cli->args[0], cli->subnet, cli->dhcp,
		    &msg) < 0;
	else {
		static const struct { const char *w; enum net_action a; } acts[] = {
			{ "start", NET_START }, { "stop", NET_STOP },
			{ "delete", NET_DELETE }, { "autostart", NET_AUTOSTART },
		};
		for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
			if (strcmp(acts[i].w, v) == 0)
				status = net_act(conn, cli->args[0],
				    acts[i].a == NET_AUTOSTART && cli->disable ?
				    NET_NO_AUTOSTART : acts[i].a, &msg) < 0;
	}
	if (msg != NULL)
		fprintf(status ? stderr : stdout, "%s%s\n", status ? "vmdeck: " :
		    "", msg);
	free(msg);
	virConnectClose(conn);
	return status;
}

int
cmd_addr(struct cmd_ctx *c)
{
	const struct cli *cli = &c->cli;
	virConnectPtr conn;
	virDomainPtr dom;
	struct net_ifaces l;
	char *err = NULL;

	if (host_open_domain(cli->uris[0], cli->name, &conn, &dom, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	if (net_addresses(dom, &l, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		virDomainFree(dom);
		virConnectClose(conn);
		return 1;
	}
	if (cli->json) {
		char *j = net_ifaces_json(cli->name, &l);

		fputs(j, stdout);
		free(j);
	} else {
		printf(" %-10s  %-17s  %-12s  %s\n", "Interface", "MAC address",
		    "Network", "Addresses");
		for (size_t i = 0; i < l.n; i++) {
			printf(" %-10s  %-17s  %-12s  ", l.i[i].name ? l.i[i].name :
			    "–", l.i[i].mac ? l.i[i].mac : "?",
			    l.i[i].source ? l.i[i].source : "–");
			for (size_t k = 0; k < l.i[i].naddrs; k++)
				printf("%s%s", k ? ", " : "", l.i[i].addrs[k]);
			printf("%s\n", l.i[i].naddrs ? "" : "–");
		}
		if (l.source != NULL)
			printf("(addresses from %s)\n", strcmp(l.source, "lease") ==
			    0 ? "libvirt's DHCP leases" : strcmp(l.source, "agent")
			    == 0 ? "the guest agent" : "the host's ARP table");
		else if (virDomainIsActive(dom) == 1)
			printf("(no address known: no DHCP lease from a libvirt "
			    "network, no guest agent, nothing in the host's ARP "
			    "table)\n");
		else
			printf("(the VM is not running: no addresses)\n");
	}
	net_ifaces_clear(&l);
	virDomainFree(dom);
	virConnectClose(conn);
	return 0;
}
