/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * hostprobe — connect to many hosts at once, each on its own thread,
 * and say how each is: connected (with libvirt's and the hypervisor's
 * versions, CPUs and memory), or why not, in the words a host row shows
 * (unreachable, auth failed, host key unknown, host key changed, …).
 * One dead host never delays the answer of the others past the deadline.
 */
#ifndef VMDECK_HOST_HOSTPROBE_H
#define VMDECK_HOST_HOSTPROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../config/hostsfile.h"

enum hostprobe_state {
	HOSTPROBE_CONNECTED,
	HOSTPROBE_UNREACHABLE,	/* refused, no route, DNS */
	HOSTPROBE_NO_ANSWER,	/* connected, then silent past the deadline */
	HOSTPROBE_AUTH_FAILED,
	HOSTPROBE_KEY_UNKNOWN,	/* the host's key is not in known_hosts */
	HOSTPROBE_KEY_CHANGED,	/* it is, and differs: refused */
	HOSTPROBE_KEY_REVOKED,	/* marked @revoked in known_hosts: refused */
	HOSTPROBE_NO_LIBVIRT,	/* reached, but no libvirtd answered */
	HOSTPROBE_ERROR,	/* anything else: the reason says */
};

struct hostprobe {
	enum hostprobe_state state;
	char *reason;		/* libvirt's words when not connected */
	unsigned long lib_version;	/* libvirt's, e.g. 9000000 */
	unsigned long hv_version;	/* the hypervisor's */
	char *hv_type;		/* "QEMU" */
	unsigned cpus;
	uint64_t mem_kib;
	char *fingerprint;	/* the SSH host key's, "SHA256:…", or NULL */
	int64_t ms;		/* how long it took */
};

/* Probe n URIs at once; out has n entries (free with hostprobe_free).
 * Where defs (may be NULL) has an entry with ssh, vmdeck's own SSH
 * session checks the host first (sshsess; nothing asked or written).
 * A host not done by timeout_ms is UNREACHABLE ("no answer within …") and
 * its thread is left behind. */
void hostprobe_run(const char *const *uris, const struct hostdef *const *defs,
    size_t n, int timeout_ms, struct hostprobe *out);
/* The state a libvirt error (its code and message) means. */
enum hostprobe_state hostprobe_classify(int code, const char *message);
/* The state's words for a host row ("host key changed"). */
const char *hostprobe_state_name(enum hostprobe_state s);
/* Free what n results hold. */
void hostprobe_free(struct hostprobe *out, size_t n);

#endif
