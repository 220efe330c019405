/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * serial — a VM's serial console as a libvirt stream: opened with
 * virDomainOpenConsole into a non-blocking virStream whose events run on
 * libvirt's event loop. Bytes from the guest go to ops->data; bytes for
 * the guest are queued and sent when the stream can take them; the end of
 * the stream (guest off, console taken by another client, connection
 * dropped) goes to ops->closed with the reason, once.
 *
 * serial_write and serial_detach, and every callback, happen on the thread
 * that runs libvirt's event loop; serial_open may run elsewhere.
 */
#ifndef VMDECK_CONSOLE_SERIAL_H
#define VMDECK_CONSOLE_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

struct serial_ops {
	void (*data)(void *ctx, const char *buf, size_t n);
	void (*closed)(void *ctx, const char *why);
};

struct serial;

/* Open the console dev (NULL: the first) of the running dom; force takes
 * it from another client. Blocks (an RPC): call it where blocking is
 * allowed; the callbacks then run on libvirt's event loop. Returns NULL
 * with *err set (caller frees): a stopped VM, no serial device, a console
 * busy elsewhere (then *busy is set, where busy is not NULL). */
struct serial *serial_open(virConnectPtr conn, virDomainPtr dom,
    const char *dev, bool force, const struct serial_ops *ops, void *ctx,
    bool *busy, char **err);
/* Queue n bytes for the guest. */
void serial_write(struct serial *s, const char *buf, size_t n);
/* Close the stream (no closed callback) and free. Accepts NULL. */
void serial_close(struct serial *s);
/* Stop the callbacks and free s without the blocking end of the stream:
 * returns the stream, which the caller aborts and frees where blocking is
 * allowed. On the event loop's thread. */
virStreamPtr serial_detach(struct serial *s);

#endif
