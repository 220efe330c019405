/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * net — a host's virtual networks (listing, DHCP leases, start, stop,
 * autostart, a NAT network defined from a subnet, delete) and a VM's
 * interfaces with their addresses, saying where each address came from.
 *
 * Every call blocks on libvirt: a host's worker or a subcommand runs it.
 */
#ifndef VMDECK_NET_NET_H
#define VMDECK_NET_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

struct net_info {
	char *name;
	bool active, autostart, persistent;
	char *bridge;			/* virbr0, or NULL */
	char *forward;			/* "nat", "route", "bridge" …; NULL:
					 * isolated */
	char *subnet;			/* "192.168.122.0/24", or NULL */
	char *dhcp;			/* "192.168.122.2-192.168.122.254" */
};

struct net_list {
	struct net_info *n;		/* by name */
	size_t count;
};

int net_list_read(virConnectPtr conn, struct net_list *l, char **err);
void net_list_clear(struct net_list *l);
char *net_list_json(const struct net_list *l);
/* One network's facts out of its XML (exposed for tests). */
void net_info_from_xml(struct net_info *n, const char *xml);

struct net_lease {
	char *mac, *ip, *hostname;	/* hostname may be NULL */
	int prefix;
	int64_t expiry;			/* Unix seconds; 0: never */
};

struct net_leases {
	struct net_lease *l;
	size_t n;
};

int net_leases_read(virConnectPtr conn, const char *net,
    struct net_leases *out, char **err);
void net_leases_clear(struct net_leases *l);
char *net_leases_json(const struct net_leases *l);

enum net_action { NET_START, NET_STOP, NET_AUTOSTART, NET_NO_AUTOSTART,
	NET_DELETE };

/* NET_STOP is refused while a running VM is attached to it, NET_DELETE
 * while any VM's definition names it (each naming the VM). */
int net_act(virConnectPtr conn, const char *net, enum net_action a,
    char **msg);

/* Parse an IPv4 CIDR "10.7.0.0/24" into its network address (host order)
 * and prefix (8..30). False with *why otherwise. */
bool net_parse_cidr(const char *text, uint32_t *addr, int *prefix,
    const char **why);
/* Whether two IPv4 networks overlap. */
bool net_overlaps(uint32_t a, int pa, uint32_t b, int pb);
/* The DHCP range "START-END" inside network addr/prefix (host order):
 * false with *why when it is not two addresses of the subnet, in order,
 * clear of the network's, the host's (its first) and the broadcast
 * address. */
bool net_parse_range(const char *text, uint32_t addr, int prefix,
    uint32_t *start, uint32_t *end, const char **why);
/* Define a NAT network called name on the IPv4 subnet cidr, the host at
 * its first address and DHCP for range ("START-END"; NULL or "": the
 * rest of the subnet); start it and set autostart. Refused when the
 * subnet overlaps another network's or the range is not in it. */
int net_define_nat(virConnectPtr conn, const char *name, const char *cidr,
    const char *range, char **msg);

/* A VM's interface: from its XML, with the addresses found for it. */
struct net_iface {
	char *mac;
	char *source;			/* the network or bridge it is on */
	char *model;
	char *name;			/* the guest's name for it, or NULL */
	char **addrs;			/* "192.168.122.5/24" */
	size_t naddrs;
};

struct net_ifaces {
	struct net_iface *i;
	size_t n;
	const char *source;		/* "lease", "agent", "arp", or NULL
					 * when none answered (static) */
};

/* Every interface of dom with its addresses: libvirt's DHCP leases first,
 * then the guest agent (when the VM has its channel), then the host's
 * ARP table; source says which answered. Returns 0, or -1 with *err. */
int net_addresses(virDomainPtr dom, struct net_ifaces *out, char **err);
void net_ifaces_clear(struct net_ifaces *l);
char *net_ifaces_json(const char *vm, const struct net_ifaces *l);
/* The first IPv4 address of any interface, or NULL (static in l). */
const char *net_first_ip(const struct net_ifaces *l);

#endif
