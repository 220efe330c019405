/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncserve — a VNC server inside a test or bench process (libvncserver):
 * a w x h desktop on a free loopback port, served by a thread of its own,
 * and the libvirt test driver's node file for a running VM whose display
 * it is. Call order: vncserve_start, draw into fb (vncserve_put) and
 * rfbMarkRectAsModified, vncserve_stop.
 */
#ifndef VMDECK_TESTS_VNCSERVE_H
#define VMDECK_TESTS_VNCSERVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rfb/rfb.h>

struct vncserve {
	rfbScreenInfoPtr s;	/* its frameBuffer: 32-bit, red lowest */
	int w, h, port;
	pthread_t th;
	volatile bool stop;
};

/* Start a server of w x h (black, no pointer drawn into the frame, as
 * QEMU's) on the first free loopback port from base up. Returns -1 when
 * none of 150 was free. */
int vncserve_start(struct vncserve *v, int w, int h, int base);
/* Set pixel (x, y) to 0xRRGGBB. */
void vncserve_put(struct vncserve *v, int x, int y, uint32_t rgb);
/* Write dir/node.xml: one running test-driver VM called name whose VNC
 * display is v's. Returns its URI, test://PATH (caller frees). */
char *vncserve_node_uri(const struct vncserve *v, const char *dir,
    const char *name);
/* Stop serving and free the server and its frame. */
void vncserve_stop(struct vncserve *v);

#endif
