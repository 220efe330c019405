/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * host — one libvirt connection and the worker thread that owns it.
 *
 * Every blocking libvirt call for a host happens on its worker, one job at
 * a time, in order. Results and state changes go to the event queue as
 * events; the UI thread never waits for a worker. The worker connects on
 * start, lists the domains, follows lifecycle events (libvirt's event loop
 * must run: evloop_start), and reconnects with backoff (1 s doubling to
 * 30 s) after a failure or a lost connection.
 *
 * Call order (UI thread): host_new, host_start, host_submit_* any number of
 * times, host_stop, host_join, host_unref. A host is reference-counted
 * because libvirt's callbacks and the worker hold it too.
 */
#ifndef VMDECK_HOST_HOST_H
#define VMDECK_HOST_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/domain.h"
#include "../core/evq.h"
#include "../config/hostsfile.h"
#include "../stats/sampler.h"
#include "../vm/vmedit.h"
#include "../create/vmspec.h"

#define HOST_RELIST_TICKS 10
/* A host nothing on the screen shows is sampled this often, not every
 * tick (hundreds of hosts at 1 s cost a core in libvirt's RPC alone). */
#define HOST_HIDDEN_SAMPLE_MS 30000
#define HOST_TIMEOUT_DEFAULT_S 10	/* connect, log in, first answer */
#define HOST_PROMPT_TIMEOUT_MS (10 * 60 * 1000)	/* a question unanswered */
#define HOST_SHUTDOWN_WATCH_MS 60000	/* a shutdown ignored this long is told */
#define HOST_MAX_WATCHES 16

struct host;

/* A host for uri (copied) whose events carry index and go to q. */
struct host *host_new(int index, const char *uri, struct evq *q);
/* Sample live figures every ms milliseconds while connected, and re-read
 * the list every HOST_RELIST_TICKS samples (set before host_start).
 * Lifecycle events arrive at once regardless; the re-read catches what
 * raises no event (autostart set by another client) and posts a list
 * only when it changed. 0: neither. */
void host_set_interval(struct host *h, int64_t ms);
/* Before each connection, open vmdeck's own SSH session to def's ssh
 * destination, or to the host of an SSH URI (-c qemu+ssh://…) when def
 * is NULL or has no ssh (sshsess: reachability, the host key, login),
 * asking the user through EVENT_PROMPT. Does nothing for other URIs.
 * Set before host_start. */
void host_set_ssh(struct host *h, const struct hostdef *def);
/* How long a connection may take to connect, log in and answer before it
 * is given up as "no answer after N s" (the time a question waits for
 * the user not counted): every connection's default (the config's
 * connect_timeout, --timeout), and one host's own (0: the default). Set
 * the default before any connection, a host's before host_start. */
void host_set_default_timeout(int ms);
int host_default_timeout(void);
void host_set_timeout(struct host *h, int ms);
/* The hosts file's accelerator for the VMs vmdeck creates here (auto:
 * KVM where it really runs a guest, else TCG; see accel). Set before
 * host_start. */
void host_set_accel(struct host *h, enum hostdef_accel accel);
/* On the first connection, offer virt-manager's defaults (a `default`
 * pool and NAT network) where a QEMU host lacks them: once per host,
 * remembered (hostsetup). Interactive hosts only; set before host_start. */
void host_set_offer_setup(struct host *h, bool on);
/* Turn sampling on or off (on by default). Thread-safe. */
void host_set_sampling(struct host *h, bool on);
/* Whether the screen shows the host or its VMs (yes by default): a host
 * not shown is sampled every HOST_HIDDEN_SAMPLE_MS; shown again, it is
 * sampled at once. Thread-safe. */
void host_set_shown(struct host *h, bool on);
/* If the worker has sampled since the last call, swap its newest batch
 * with *b (the worker reuses b's old arrays) and return true. UI thread. */
bool host_take_stats(struct host *h, struct stats_batch *b);
/* Start the worker: it connects and lists at once. */
void host_start(struct host *h);
/* The URI it was made with. */
const char *host_uri(const struct host *h);

/* Requests that answer (create, get_xml, define) take a reply id: every
 * event their job posts carries it (event.reply), so the UI hands the
 * answer to whoever asked. 0: nobody waits. */

/* Queue a full list refresh. */
void host_submit_refresh(struct host *h);
/* Queue an action on the domain with uuid; name is for messages. */
void host_submit_action(struct host *h, const char *uuid, const char *name,
    enum domain_action action);
/* Queue a read of what the host offers new VMs (EVENT_FACTS). */
void host_submit_facts(struct host *h);
/* Queue creating spec (taken; freed by the worker), started when start;
 * the result comes as EVENT_CREATED. */
void host_submit_create(struct host *h, struct vmspec *spec, bool start,
    unsigned reply);
/* Queue planning spec (taken): the XML create would define, the
 * accelerator and the warnings, or why it would fail, as EVENT_PLAN. */
void host_submit_plan(struct host *h, struct vmspec *spec);
/* Queue reading a domain's persistent XML for editing: EVENT_XML with
 * xml, or with error and text (why it could not be read). */
void host_submit_get_xml(struct host *h, const char *uuid, const char *name,
    unsigned reply);
/* Queue defining edited XML (copied), validated; the result comes as
 * EVENT_DEFINED carrying the XML back, so a refused edit is never lost. */
void host_submit_define(struct host *h, const char *uuid, const char *name,
    const char *xml, unsigned reply);
/* Queue deleting a shut-off VM's definition and the volumes at paths
 * (copied; n of them). Files that are no pool's volume are left, and the
 * message says so. */
void host_submit_delete_storage(struct host *h, const char *uuid,
    const char *name, char *const *paths, size_t n);
/* Queue cloning the VM (uuid, name) as new_name; progress comes as
 * EVENT_PROGRESS, the end as a message. */
void host_submit_clone(struct host *h, const char *uuid, const char *name,
    const char *new_name);
/* Queue applying e (taken; freed by the worker) to the VM uuid; the
 * result comes as a message saying what waits for a restart. */
void host_submit_edit(struct host *h, const char *uuid, const char *name,
    struct vmedit *e);
/* A function run on a host's worker with its connection; conn is NULL
 * (and why says so) when the host is not connected or is closing. It owns
 * ctx from then on. */
typedef void host_call_fn(virConnectPtr conn, const char *why, void *ctx);
/* Queue fn(conn, NULL, ctx) on the worker, in order with the other jobs. */
void host_submit_call(struct host *h, host_call_fn *fn, void *ctx);
/* From a host_call_fn on h's worker only: a connection from the host's
 * end of vmdeck's own SSH session to host:port (or the UNIX socket path)
 * as a local socket (see sshsess_forward). -1 with *err when the host has
 * no such session (not an ssh host of the hosts file) or it refuses. */
int host_ssh_forward(struct host *h, const char *to, int port,
    const char *path, char **err);
/* Retry the connection now instead of waiting out the backoff. */
void host_submit_reconnect(struct host *h);

/* Ask the worker to close the connection and end. Does not wait. */
void host_stop(struct host *h);
/* Wait for the worker until the monotonic deadline (ms). Returns true when
 * it ended; false leaves it running (a hung host) and detached. */
bool host_join(struct host *h, int64_t deadline_ms);
/* The wait after a failed attempt that waited ms: doubling from 1 s to
 * at most 30 s. */
int64_t host_backoff_next(int64_t ms);
/* Take a reference (for a stream or a callback that outlives a caller).
 * Returns h. */
struct host *host_ref(struct host *h);
/* Drop a reference; the last one frees. Accepts NULL. */
void host_unref(struct host *h);

/* The default URI when the user gave none: the one libvirt's own clients
 * take (host_libvirt_default_uri), else qemu:///system when its socket
 * accepts a connection, else qemu:///session. Caller frees. */
char *host_default_uri(void);
/* The URI a virsh with no -c would take without probing, or NULL:
 * LIBVIRT_DEFAULT_URI, else uri_default from libvirt.conf
 * (/etc/libvirt/libvirt.conf for root, else
 * $XDG_CONFIG_HOME/libvirt/libvirt.conf). Caller frees. */
char *host_libvirt_default_uri(void);
/* uri_default = "..." of the libvirt.conf at path, or NULL (no file, no
 * such line). Caller frees. */
char *host_conf_uri_default(const char *path);
/* vmdeck -r: open every connection from now on read-only
 * (VIR_CONNECT_RO); host_readonly() says whether it is so. */
void host_set_readonly(bool on);
bool host_readonly(void);

/* Open uri and find the VM name (or UUID) on it, for the subcommands.
 * Returns 0 with *conn and *dom set (caller frees both), or -1 with *err
 * set to the sentence to print (caller frees). */
int host_open_domain(const char *uri, const char *name, virConnectPtr *conn,
    virDomainPtr *dom, char **err);

/* Open uri without prompting for anything. Returns NULL with *err set to a
 * sentence naming the URI and libvirt's reason (caller frees). */
virConnectPtr host_open_uri(const char *uri, char **err);

#endif
