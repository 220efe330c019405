/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * hostsetup — what virt-manager makes for a new host, made on request:
 * the `default` storage pool (a directory, /var/lib/libvirt/images) and
 * the `default` NAT network (virbr0, 192.168.122.0/24 with DHCP), each
 * started and set to autostart. The TUI asks once per host (remembered in
 * $XDG_STATE_HOME/vmdeck/host-setup); `vmdeck host-setup` does it
 * headless.
 *
 * Blocking: host workers and headless commands only.
 */
#ifndef VMDECK_HOST_HOSTSETUP_H
#define VMDECK_HOST_HOSTSETUP_H

#include <stdbool.h>

#include <libvirt/libvirt.h>

#define HOSTSETUP_POOL_PATH "/var/lib/libvirt/images"

enum {
	HOSTSETUP_POOL = 1 << 0,	/* no pool called default */
	HOSTSETUP_NETWORK = 1 << 1,	/* no network called default */
	HOSTSETUP_POOL_OFF = 1 << 2,	/* there, not running */
	HOSTSETUP_NETWORK_OFF = 1 << 3,	/* there, not running */
};

/* What conn's host lacks of the two (HOSTSETUP_* bits). */
unsigned hostsetup_missing(virConnectPtr conn);
/* Whether vmdeck offers the defaults on conn at all: QEMU hosts only. */
bool hostsetup_applies(virConnectPtr conn);
/* The question for what is missing. Caller frees. */
char *hostsetup_question(unsigned missing);
/* Make what (HOSTSETUP_* bits) on conn, started and autostarted; a pool
 * or network that exists already is only started and autostarted.
 * Returns 0 with *msg saying what was done, or -1 with *msg naming what
 * failed and libvirt's reason (caller frees). */
int hostsetup_make(virConnectPtr conn, unsigned what, char **msg);
/* Whether the user was asked about uri already; remember that they were. */
bool hostsetup_asked(const char *uri);
void hostsetup_remember(const char *uri);

#endif
