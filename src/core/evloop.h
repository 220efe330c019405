/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * evloop — libvirt's default event loop, run in a thread of its own.
 *
 * libvirt delivers domain lifecycle events, keepalive and close callbacks
 * only while an event loop runs. evloop_start() must come before the first
 * connection is opened; evloop_stop() after the last one is closed. The
 * headless subcommands get one from host_open_uri, for keepalive: a host
 * that stops answering ends their call instead of holding it for ever.
 */
#ifndef VMDECK_CORE_EVLOOP_H
#define VMDECK_CORE_EVLOOP_H

/* Register libvirt's default event implementation and start the thread.
 * Returns 0, or -1 with *err set (caller frees). Idempotent. */
int evloop_start(char **err);
/* Register libvirt's default event implementation for a caller that runs
 * the loop itself (virEventRunDefaultImpl on its own thread); evloop_start
 * then starts no thread. Returns 0, or -1 with *err set. */
int evloop_register(char **err);
/* Stop the thread and wait for it. Safe to call when not started. */
void evloop_stop(void);

#endif
