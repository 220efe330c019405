/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * chan — one serial console between the UI thread and a host: the UI
 * asks for it, the host's worker opens it (a blocking RPC), libvirt's
 * event loop moves its bytes, and the UI takes what arrived. The UI
 * thread never calls libvirt here.
 *
 * Guest output lands in a mailbox under a lock and wakes the event queue;
 * the UI swaps it out with chan_read. Bytes for the guest go through a
 * pipe that the event loop watches, so writing never blocks the UI.
 * Closing the pipe's end (chan_close) tears the stream down on the event
 * loop; the stream's blocking abort runs on the host's worker.
 *
 * Call order (UI thread): chan_new, chan_open (again after CHAN_BUSY or
 * CHAN_CHOOSE), chan_state / chan_read / chan_write as often as wanted,
 * chan_close once. A chan is reference-counted: the worker and the event
 * loop hold it while they use it.
 */
#ifndef VMDECK_CONSOLE_CHAN_H
#define VMDECK_CONSOLE_CHAN_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/evq.h"
#include "../host/host.h"
#include "devices.h"

enum chan_state {
	CHAN_OPENING,	/* the worker is opening it */
	CHAN_CHOOSE,	/* the VM has several consoles: pick one, open again */
	CHAN_BUSY,	/* another client holds it: open again with force */
	CHAN_OPEN,	/* bytes flow */
	CHAN_ENDED,	/* closed or never opened; the reason says why */
};

struct chan;

/* A console for the VM uuid (name for messages) on host h (referenced),
 * whose news wake q. Not opened yet. */
struct chan *chan_new(struct host *h, struct evq *q, const char *uuid,
    const char *name);
/* Ask the worker to open the console dev (NULL: the VM's only one, or
 * CHAN_CHOOSE when it has several), taking it from another client when
 * force. */
void chan_open(struct chan *c, const char *dev, bool force);
/* The state now; *why gets the reason for CHAN_BUSY and CHAN_ENDED
 * (copied; caller frees), where why is not NULL. */
enum chan_state chan_state(struct chan *c, char **why);
/* The consoles to choose from in CHAN_CHOOSE (copied into *out; caller
 * frees with console_devices_free). Returns how many. */
size_t chan_devices(struct chan *c, struct console_device **out);
/* Take the guest's output that arrived: swaps the mailbox with *buf
 * (*cap bytes allocated; the chan keeps the old one). Returns its
 * length. */
size_t chan_read(struct chan *c, char **buf, size_t *cap);
/* Queue n bytes for the guest. Never blocks: what the pipe cannot take
 * now waits for the next call (n may be 0 to flush). */
void chan_write(struct chan *c, const char *buf, size_t n);
/* Close the console (now, or once the worker reaches it) and drop the
 * UI's reference. Accepts NULL. */
void chan_close(struct chan *c);

#endif
