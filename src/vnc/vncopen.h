/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncopen — reaching a VM's VNC display without an open port: the host's
 * worker reads the VM's graphics from its XML (with VIR_DOMAIN_XML_SECURE
 * for the password) and opens a connected socket to it.
 *
 * On a local connection libvirt hands over a socket already connected to
 * the display (virDomainOpenGraphicsFD, authentication skipped); where it
 * cannot, the display's loopback port is dialled. The UI thread starts
 * the request and polls for its result; it never waits.
 *
 * Call order (UI thread): vncopen_start, vncopen_result until it returns
 * true, vncopen_free (at any time; a late result is then closed).
 */
#ifndef VMDECK_VNC_VNCOPEN_H
#define VMDECK_VNC_VNCOPEN_H

#include <stdbool.h>

#include "../core/evq.h"
#include "../host/host.h"

/* What a domain's XML says of its VNC display. */
struct vncopen_graphics {
	int port;		/* -1 when not listening on TCP */
	char *listen;		/* address, or NULL */
	char *socket;		/* a UNIX socket path, or NULL */
	char *password;		/* or NULL */
};

struct vncopen;

/* Read the first <graphics type='vnc'> of a domain's XML into g (strings
 * owned; free with vncopen_graphics_clear). Returns 0, or -1 with *err
 * saying what the VM has instead. name is the VM's, for the message. */
int vncopen_graphics(const char *xml, const char *name,
    struct vncopen_graphics *g, char **err);
void vncopen_graphics_clear(struct vncopen_graphics *g);

/* Ask h's worker for the display of VM uuid (name for messages); wakes q
 * when done. */
struct vncopen *vncopen_start(struct host *h, struct evq *q, const char *uuid,
    const char *name);
/* Whether it is done; then *fd (connected, caller closes) and *password
 * (may be NULL; caller frees), or *fd = -1 and *err (caller frees). */
bool vncopen_result(struct vncopen *o, int *fd, char **password, char **err);
/* Drop the UI's part. Accepts NULL. */
void vncopen_free(struct vncopen *o);

#endif
