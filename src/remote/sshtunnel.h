/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * sshtunnel — libvirt's connection carried by vmdeck's own SSH session:
 * a UNIX socket in a private directory of this machine (mode 0700) whose
 * every connection goes, as a direct-streamlocal channel of the session
 * (sshsess_forward_fd), to libvirt's socket on the host. libvirt then
 * connects with qemu+unix:///system?socket=PATH, so the host sees one
 * SSH login for the lists, the figures, the consoles and VNC.
 *
 * One thread per tunnel accepts; the session's own thread moves the
 * bytes. Call order: sshtunnel_open, sshtunnel_path for the URI,
 * sshtunnel_close before the session is closed.
 */
#ifndef VMDECK_REMOTE_SSHTUNNEL_H
#define VMDECK_REMOTE_SSHTUNNEL_H

#include <stddef.h>

#include "sshsess.h"

/* libvirt's socket for qemu:///system on a host. */
#define SSHTUNNEL_LIBVIRT_SOCK "/var/run/libvirt/libvirt-sock"

struct sshtunnel;

/* Listen on a new private socket carried over s to remote_path. NULL
 * with *err (caller frees) when no socket could be made. */
struct sshtunnel *sshtunnel_open(struct sshsess *s, const char *remote_path,
    char **err);
/* Whether path is the local socket of a tunnel open in this process: a
 * qemu+unix URI with it as socket= reaches another host. */
bool sshtunnel_is_ours(const char *path);
/* The local socket's path (for the URI's socket= parameter). */
const char *sshtunnel_path(const struct sshtunnel *t);
/* Why the host refused the last connection's channel (sshd's
 * AllowStreamLocalForwarding, no such socket), or NULL; caller frees. */
char *sshtunnel_refused(struct sshtunnel *t);
/* How many connections it has carried. */
size_t sshtunnel_count(struct sshtunnel *t);
/* Stop accepting and remove the socket and its directory; connections
 * carried already end with the session. Accepts NULL. */
void sshtunnel_close(struct sshtunnel *t);

#endif
