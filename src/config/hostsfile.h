/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * hostsfile — the user's list of hosts: $XDG_CONFIG_HOME/vmdeck/hosts, an
 * INI file with one section per host:
 *
 *     [kvm1]                 ; the host's name in vmdeck
 *     ssh = kvm1             ; an ssh destination or ~/.ssh/config alias
 *     user = root            ; optional, with port, keyfile, known_hosts
 *     transport = vmdeck     ; the default: libvirt's connection carried
 *                            ; by vmdeck's own SSH session (one login);
 *                            ; or ssh (libvirt's, running the user's
 *                            ; ssh), or libssh (libvirt's libssh)
 *     accelerator = auto     ; auto, kvm or tcg for VMs created there
 *     autoconnect = yes
 *
 *     [lab]
 *     uri = test:///default  ; or any libvirt URI, used as it is
 *
 * Reading reports every problem as file:line and keeps the hosts it could
 * read. Adding and removing a host rewrite the file text, keeping every
 * other line and comment as it was, and write it atomically.
 */
#ifndef VMDECK_CONFIG_HOSTSFILE_H
#define VMDECK_CONFIG_HOSTSFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

/* vmdeck first: the default (one login per host carries everything) */
enum hostdef_transport { HOSTDEF_VMDECK, HOSTDEF_SSH, HOSTDEF_LIBSSH };
enum hostdef_accel { HOSTDEF_ACCEL_AUTO, HOSTDEF_ACCEL_KVM, HOSTDEF_ACCEL_TCG };

struct hostdef {
	char *name;			/* the section's name */
	char *uri;			/* a libvirt URI as given, or NULL */
	char *ssh;			/* destination or alias, or NULL */
	char *user;			/* NULL: ssh's own choice */
	int port;			/* 0: ssh's own choice */
	char *keyfile;			/* NULL: the agent and ~/.ssh */
	char *known_hosts;		/* NULL: ~/.ssh/known_hosts */
	enum hostdef_transport transport;
	enum hostdef_accel accel;
	int connect_timeout;		/* seconds; 0: the config's */
	bool autoconnect;		/* default yes */
	int line;			/* its section's first key */
};

struct hostlist {
	struct hostdef *hosts;		/* owned */
	size_t n;
};

/* The hosts file's path (caller frees). */
char *hostsfile_path(void);
/* Parse text (named file in messages) into list, appending. Problems go
 * to d as file:line; a host without uri or ssh, or with both, is left
 * out; a name given twice keeps the first. */
void hostsfile_parse(const char *file, const char *text, size_t len,
    struct hostlist *list, struct diags *d);
/* Read path into list; a missing file is an empty list, no problem. */
void hostsfile_load(const char *path, struct hostlist *list,
    struct diags *d);
/* The host called name, or NULL. */
const struct hostdef *hostsfile_find(const struct hostlist *list,
    const char *name);
/* Free every host and empty the list. */
void hostsfile_clear(struct hostlist *list);
/* Whether name can name a host: letters, digits, '-', '_', '.', at most
 * 64 characters. */
bool hostsfile_name_ok(const char *name);

/* old (may be NULL) with a section for h appended. Caller frees. */
char *hostsfile_text_add(const char *old, const struct hostdef *h);
/* old without the section called name (and the blank lines before it).
 * Returns NULL when there is no such section. Caller frees. */
char *hostsfile_text_remove(const char *old, const char *name);
/* Write text to path atomically (a temporary file, then rename),
 * making the directory. Returns 0, or -1 with *err (caller frees). */
int hostsfile_write(const char *path, const char *text, char **err);

#endif
