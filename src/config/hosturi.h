/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * hosturi — the libvirt URI for a host of the hosts file.
 *
 * A host with "uri" uses it as it is. A host with "ssh" becomes
 *   qemu+ssh://[user@]DEST[:port]/system?no_tty=1[&keyfile=…]
 * for the user's own ssh, which reads ~/.ssh/config itself (so an alias
 * stays an alias), and no_tty=1 makes it run in batch mode: no password
 * prompt can appear behind the screen; or
 *   qemu+libssh://[user@]HOST[:port]/system?known_hosts=…[&keyfile=…]
 * for libvirt's libssh transport, with the alias resolved here as the
 * key check resolves it (remote/sshresolve: `ssh -G`, or libssh's parser
 * where there is no ssh binary): HostName, User, Port, IdentityFile,
 * UserKnownHostsFile, the hosts file's own values first.
 */
#ifndef VMDECK_CONFIG_HOSTURI_H
#define VMDECK_CONFIG_HOSTURI_H

#include "hostsfile.h"
#include "../remote/sshsess.h"

/* What the ssh configuration says of an alias, for the URI (strings not
 * owned). */
struct hosturi_ssh {
	const char *hostname;	/* NULL: the alias itself */
	const char *user;
	int port;		/* 0: not set */
	const char *identity;	/* the first IdentityFile there is */
	const char *known_hosts;/* the first UserKnownHostsFile */
};

/* The URI of h; cfg is what the ssh configuration says of h->ssh (may be
 * NULL); home is for the default known_hosts. Caller frees. */
char *hosturi_build(const struct hostdef *h, const struct hosturi_ssh *cfg,
    const char *home);
/* The URI of h with ~/.ssh/config (under $HOME) read for its alias.
 * Caller frees. */
char *hosturi_for(const struct hostdef *h);
/* A libvirt URI that reaches its host over SSH (qemu+ssh://,
 * qemu+libssh://, any driver's +ssh/+libssh) as the SSH part of a hosts
 * file entry: out->ssh (the URI's host), user, port, keyfile and
 * known_hosts (from the query), transport, all owned by out. False for
 * any other URI (out untouched). */
bool hosturi_ssh_def(const char *uri, struct hostdef *out);
/* What vmdeck's own SSH session checks before libvirt connects: the
 * hosts file entry's ssh values, or else those of an SSH URI (so -c
 * qemu+ssh://… is checked as a hosts file entry is). Fills t (strings
 * owned; hosturi_target_clear frees them) and returns true, or false
 * when neither reaches its host over SSH. */
bool hosturi_ssh_target(const struct hostdef *def, const char *uri,
    int timeout_s, struct sshsess_target *t);
void hosturi_target_clear(struct sshsess_target *t);
/* s with what a URI cannot hold as it is %-escaped by libxml2's
 * xmlURIEscapeStr (keep: the characters also left as they are). Caller
 * frees. */
char *hosturi_escape(const char *s, const char *keep);
/* Whether the libvirt URI reaches the hypervisor on this machine, so
 * vmdeck sees the host's files: parsed as libvirt parses it
 * (xmlParseURI), no server part, and not vmdeck's own tunnel to another
 * host. NULL (libvirt's default) is local; an unparsable URI is not. */
bool hosturi_is_local(const char *uri);

#endif
