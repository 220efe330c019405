/*
 * evloop — libvirt's default event loop, run in a thread of its own.
 *
 * libvirt delivers domain lifecycle events, keepalive and close callbacks
 * only while an event loop runs. evloop_start() must come before the first
 * connection is opened; evloop_stop() after the last one is closed.
 */
#ifndef VMDECK_CORE_EVLOOP_H
#define VMDECK_CORE_EVLOOP_H

/* Register libvirt's default event implementation and start the thread.
 * Returns 0, or -1 with *err set (caller frees). Idempotent. */
int evloop_start(char **err);
/* Stop the thread and wait for it. Safe to call when not started. */
void evloop_stop(void);

#endif
