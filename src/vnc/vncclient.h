/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncclient — one VNC session on a connected socket, run by libvncclient
 * in a thread of its own, so the UI never waits on the network.
 *
 * The thread reads the server's updates into libvncclient's framebuffer;
 * at the end of each update it copies the changed rectangle into a shared
 * copy under a short lock and wakes the UI, which draws from that copy
 * (vncclient_lock) and takes the damage (vncclient_take_damage). Keys and
 * pointer moves from the UI are queued and sent by the thread, which is
 * the only one to touch libvncclient. A size change (desktop-size) is a
 * new size and a whole-screen damage, not a new session.
 *
 * Call order (UI thread): vncclient_start, then any of the others, then
 * vncclient_stop once.
 */
#ifndef VMDECK_VNC_VNCCLIENT_H
#define VMDECK_VNC_VNCCLIENT_H

/* The largest desktop taken (8K and more: 32 Mi pixels, 128 MiB a copy);
 * a larger one ends the session, saying so. */
#define VNCCLIENT_MAX_PIXELS (32u * 1024 * 1024)

#include <stdbool.h>
#include <stdint.h>

#include "vnckeys.h"
#include "vncmap.h"

enum vncclient_state {
	VNCCLIENT_CONNECTING,	/* handshake under way */
	VNCCLIENT_OPEN,		/* updates flow */
	VNCCLIENT_ENDED,	/* over; the reason says why */
};

struct vncclient;

/* Start a session on fd (taken over; closed at the end), with password
 * for VNC authentication (may be NULL; copied). label names the display
 * in messages ("VM 'web1'"). wake(ctx) runs on the session's thread
 * whenever there is news. */
struct vncclient *vncclient_start(int fd, const char *password,
    const char *label, void (*wake)(void *), void *ctx);
/* The state; *why (where not NULL) gets the reason of VNCCLIENT_ENDED
 * (caller frees). */
enum vncclient_state vncclient_state(struct vncclient *c, char **why);
/* The damage since the last take, in framebuffer pixels, and whether
 * there was any; *resized tells of a size change (redraw all). */
bool vncclient_take_damage(struct vncclient *c, struct vncrect *damage,
    bool *resized);
/* The shared framebuffer (0x00RRGGBB pixels, stride in pixels), held
 * until vncclient_unlock; NULL (nothing to unlock) before the first
 * size is known. */
const uint32_t *vncclient_lock(struct vncclient *c, int *w, int *h,
    int *stride);
void vncclient_unlock(struct vncclient *c);
/* Queue a key event, or a pointer position with buttons (bit 0 left,
 * 1 middle, 2 right, 3 and 4 the wheel up and down). Never block. */
void vncclient_key(struct vncclient *c, struct vnckey_event ev);
void vncclient_pointer(struct vncclient *c, int x, int y, int buttons);
/* End the session and free it: the thread is told to stop and detached;
 * it frees what is left when it ends. Accepts NULL. */
void vncclient_stop(struct vncclient *c);

#endif
