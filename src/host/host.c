/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "host.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "../core/domain.h"
#include "../core/evloop.h"
#include "../util/fmt.h"
#include "../util/msglog.h"
#include "../util/proc.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "../config/hosturi.h"
#include "../remote/sshsess.h"
#include "../remote/sshtunnel.h"
#include "../vm/clone.h"
#include "../create/create.h"
#include "../core/prompt.h"
#include "../create/accel.h"
#include "hostsetup.h"
#include "../core/virterr.h"
#include "../vm/vmdelete.h"

/* vmdeck -r: every connection opened from then on is read-only */
static atomic_bool host_ro;

#define HOST_BACKOFF_MIN_MS 1000
#define HOST_BACKOFF_MAX_MS 30000
#define HOST_KEEPALIVE_INTERVAL 5	/* seconds */
/* Connections being made at once, all hosts together: each is an SSH key
 * exchange or two and a libvirt handshake, CPU-bound on a small machine;
 * hundreds at once starve one another past their deadlines and retry for
 * ever (measured by bench/fleet: 200 hosts on 2 cores never all listed).
 * A host waiting its turn shows "connecting"; its deadline starts with
 * its turn. */
#define HOST_CONNECTS_PER_CPU 16
#define HOST_CONNECTS_MIN 8
#define HOST_KEEPALIVE_COUNT 2	/* a dead link is seen within 5 * (2 + 1) s */

enum job_type {
	JOB_REFRESH,
	JOB_REFRESH_DOMAIN,
	JOB_ACTION,
	JOB_RECONNECT,
	JOB_FACTS,
	JOB_CREATE,
	JOB_GET_XML,
	JOB_DEFINE,
	JOB_DELETE_STORAGE,
	JOB_CLONE,
	JOB_EDIT,
	JOB_CALL,
};

struct job {
	enum job_type type;
	char uuid[DOMAIN_UUID_LEN];
	char *name;			/* owned; for messages */
	enum domain_action action;
	struct vmspec *spec;		/* JOB_CREATE: owned */
	char *xml;			/* JOB_DEFINE: owned */
	struct vmedit *edit;		/* JOB_EDIT: owned */
	char **paths;			/* JOB_DELETE_STORAGE: owned */
	size_t npaths;
	bool start;
	bool plan;			/* JOB_CREATE: only plan (EVENT_PLAN) */
	unsigned reply;			/* copied into every event it posts */
	host_call_fn *call;		/* JOB_CALL: run once, then NULL */
	void *ctx;			/* JOB_CALL: the call's; it owns it */
	struct job *next;
};

struct host {
	atomic_int refs;
	int index;
	char *uri;
	struct evq *out;

	pthread_t thread;
	bool started;
	pthread_mutex_t lock;		/* guards the fields below */
	pthread_cond_t cond;
	struct job *jobs;		/* FIFO */
	struct job *jobs_tail;
	bool stop;
	bool lost;			/* close callback fired */
	char *lost_reason;
	bool done;			/* worker has returned */

	int64_t interval_ms;		/* sampling period; 0: none */
	atomic_bool sampling;
	atomic_bool shown;		/* on the screen: every tick */
	bool sample_now;		/* under lock: shown again */
	int64_t ticked_ms;		/* worker only: the last tick acted on */
	struct stats_batch front;	/* newest batch, under lock */
	bool fresh;			/* front not taken yet */
	struct stats_batch back;	/* worker only: being filled */
	char *stats_error;		/* worker only: last failure told */

	/* worker thread only */
	virConnectPtr conn;
	struct domain_info *last;	/* the list last posted */
	size_t nlast;
	int lifecycle_cb;		/* -1 when not registered */
	bool close_cb;
	struct sshsess *sess;		/* vmdeck's own SSH session, or NULL */
	bool tunnel_wanted;		/* transport = vmdeck: libvirt's
					 * connection through sess */
	struct sshtunnel *tunnel;	/* while connected that way */
	/* shutdowns asked for, checked HOST_SHUTDOWN_WATCH_MS later */
	struct {
		char uuid[DOMAIN_UUID_LEN];
		char *name;
		int id;			/* the domain's id when asked */
		int64_t due;		/* monotonic ms */
	} watch[HOST_MAX_WATCHES];
	size_t nwatch;
	bool setup_offered;		/* the first-start question, once */
	bool offer_setup;		/* set before host_start: ask it */
	bool key_declined;		/* ask no more until the user's retry */
	bool batch_refused;		/* libvirt's ssh could not use the key
					 * vmdeck was given a passphrase for */

	/* set before host_start */
	enum vmspec_accel accel;	/* the hosts file's accelerator */
	/* the SSH checks before libvirt connects */
	bool has_ssh;
	struct sshsess_target ssh;	/* strings owned */
	int timeout_ms;			/* 0: host_default_timeout() */
};

int64_t
host_backoff_next(int64_t ms)
{
	if (ms < HOST_BACKOFF_MIN_MS)
		return HOST_BACKOFF_MIN_MS;
	return ms * 2 > HOST_BACKOFF_MAX_MS ? HOST_BACKOFF_MAX_MS : ms * 2;
}

struct host *
host_ref(struct host *h)
{
	atomic_fetch_add(&h->refs, 1);
	return h;
}

static void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	if (j->call != NULL)		/* never ran: it still frees its ctx */
		j->call(NULL, "vmdeck is closing the host", j->ctx);
	if (j->spec != NULL) {
		vmspec_free(j->spec);
		free(j->spec);
	}
	free(j->name);
	free(j->xml);
	if (j->edit != NULL) {
		vmedit_free(j->edit);
		free(j->edit);
	}
	for (size_t i = 0; i < j->npaths; i++)
		free(j->paths[i]);
	free(j->paths);
	free(j);
}

void
host_unref(struct host *h)
{
	if (h == NULL || atomic_fetch_sub(&h->refs, 1) != 1)
		return;
	while (h->jobs != NULL) {
		struct job *j = h->jobs;

		h->jobs = j->next;
		job_free(j);
	}
	free(h->lost_reason);
	free(h->uri);
	for (size_t i = 0; i < h->nwatch; i++)
		free(h->watch[i].name);
	hosturi_target_clear(&h->ssh);
	domain_info_array_free(h->last, h->nlast);
	stats_batch_free(&h->front);
	stats_batch_free(&h->back);
	free(h->stats_error);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

static void
host_unref_cb(void *opaque)
{
	host_unref(opaque);
}

struct host *
host_new(int index, const char *uri, struct evq *q)
{
	struct host *h = xcalloc(1, sizeof *h);

	atomic_init(&h->refs, 1);
	atomic_init(&h->sampling, true);
	atomic_init(&h->shown, true);
	h->index = index;
	h->uri = xstrdup(uri);
	h->out = q;
	h->lifecycle_cb = -1;
	pthread_mutex_init(&h->lock, NULL);
	time_cond_init(&h->cond);
	return h;
}

void
host_set_interval(struct host *h, int64_t ms)
{
	h->interval_ms = ms;
}

void
host_set_ssh(struct host *h, const struct hostdef *def)
{
	hosturi_target_clear(&h->ssh);
	h->has_ssh = hosturi_ssh_target(def, h->uri, 0, &h->ssh);
	/* only qemu:///system's socket is known on the far side */
	h->tunnel_wanted = h->has_ssh && def != NULL &&
	    def->transport == HOSTDEF_VMDECK && def->uri == NULL;
	if (def != NULL && def->connect_timeout > 0)
		host_set_timeout(h, def->connect_timeout * 1000);
}

void
host_set_timeout(struct host *h, int ms)
{
	h->timeout_ms = ms;
}

void
host_set_accel(struct host *h, enum hostdef_accel accel)
{
	h->accel = accel == HOSTDEF_ACCEL_KVM ? VMSPEC_ACCEL_KVM :
	    accel == HOSTDEF_ACCEL_TCG ? VMSPEC_ACCEL_TCG : VMSPEC_ACCEL_AUTO;
}

void
host_set_offer_setup(struct host *h, bool on)
{
	h->offer_setup = on;
}

void
host_set_sampling(struct host *h, bool on)
{
	atomic_store(&h->sampling, on);
	pthread_mutex_lock(&h->lock);
	pthread_cond_signal(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

void
host_set_shown(struct host *h, bool on)
{
	if (atomic_exchange(&h->shown, on) == on || !on)
		return;
	pthread_mutex_lock(&h->lock);
	h->sample_now = true;
	pthread_cond_signal(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

bool
host_take_stats(struct host *h, struct stats_batch *b)
{
	bool fresh;

	pthread_mutex_lock(&h->lock);
	fresh = h->fresh;
	if (fresh) {
		struct stats_batch t = *b;

		*b = h->front;
		h->front = t;
		h->fresh = false;
	}
	pthread_mutex_unlock(&h->lock);
	return fresh;
}


const char *
host_uri(const struct host *h)
{
	return h->uri;
}

static void
host_push_job(struct host *h, struct job *j)
{
	pthread_mutex_lock(&h->lock);
	j->next = NULL;
	if (h->jobs_tail != NULL)
		h->jobs_tail->next = j;
	else
		h->jobs = j;
	h->jobs_tail = j;
	pthread_cond_signal(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

static struct job *
job_new(enum job_type type)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->type = type;
	return j;
}

void
host_submit_refresh(struct host *h)
{
	host_push_job(h, job_new(JOB_REFRESH));
}

void
host_submit_action(struct host *h, const char *uuid, const char *name,
    enum domain_action action)
{
	struct job *j = job_new(JOB_ACTION);

	snprintf(j->uuid, sizeof j->uuid, "%s", uuid);
	j->name = xstrdup(name);
	j->action = action;
	host_push_job(h, j);
}

void
host_submit_facts(struct host *h)
{
	host_push_job(h, job_new(JOB_FACTS));
}

void
host_submit_create(struct host *h, struct vmspec *spec, bool start,
    unsigned reply)
{
	struct job *j = job_new(JOB_CREATE);

	j->reply = reply;
	j->spec = spec;
	j->start = start;
	host_push_job(h, j);
}

void
host_submit_plan(struct host *h, struct vmspec *spec)
{
	struct job *j = job_new(JOB_CREATE);

	j->spec = spec;
	j->plan = true;
	host_push_job(h, j);
}

void
host_submit_get_xml(struct host *h, const char *uuid, const char *name,
    unsigned reply)
{
	struct job *j = job_new(JOB_GET_XML);

	j->reply = reply;
	snprintf(j->uuid, sizeof j->uuid, "%s", uuid);
	j->name = xstrdup(name);
	host_push_job(h, j);
}

void
host_submit_define(struct host *h, const char *uuid, const char *name,
    const char *xml, unsigned reply)
{
	struct job *j = job_new(JOB_DEFINE);

	j->reply = reply;
	snprintf(j->uuid, sizeof j->uuid, "%s", uuid);
	j->name = xstrdup(name);
	j->xml = xstrdup(xml);
	host_push_job(h, j);
}

void
host_submit_delete_storage(struct host *h, const char *uuid,
    const char *name, char *const *paths, size_t n)
{
	struct job *j = job_new(JOB_DELETE_STORAGE);

	snprintf(j->uuid, sizeof j->uuid, "%s", uuid);
	j->name = xstrdup(name);
	j->paths = xcalloc(n ? n : 1, sizeof *j->paths);
	for (size_t i = 0; i < n; i++)
		j->paths[i] = xstrdup(paths[i]);
	j->npaths = n;
	host_push_job(h, j);
}

void
host_submit_clone(struct host *h, const char *uuid, const char *name,
    const char *new_name)
{
	struct job *j = job_new(JOB_CLONE);

	snprintf(j->uuid, sizeof j->uuid, "%s", uuid);
	j->name = xstrdup(name);
	j->xml = xstrdup(new_name);	/* the new name rides in xml */
	host_push_job(h, j);
}

void
host_submit_edit(struct host *h, const char *uuid, const char *name,
    struct vmedit *e)
{
	struct job *j = job_new(JOB_EDIT);

	snprintf(j->uuid, sizeof j->uuid, "%s", uuid);
	j->name = xstrdup(name);
	j->edit = e;
	host_push_job(h, j);
}

void
host_submit_call(struct host *h, host_call_fn *fn, void *ctx)
{
	struct job *j = job_new(JOB_CALL);

	j->call = fn;
	j->ctx = ctx;
	host_push_job(h, j);
}

int
host_ssh_forward(struct host *h, const char *to, int port, const char *path,
    char **err)
{
	if (h->sess == NULL) {
		*err = xasprintf("%s has no SSH session of vmdeck's: add it to "
		    "the hosts file with ssh = … (not only -c) to reach its "
		    "displays.", h->uri);
		return -1;
	}
	return sshsess_forward(h->sess, to, port, path, err);
}

void
host_submit_reconnect(struct host *h)
{
	host_push_job(h, job_new(JOB_RECONNECT));
}

/* --- posting events (worker thread) ------------------------------------ */

static void
host_post_state(struct host *h, enum host_state state, const char *reason)
{
	struct event *ev = event_new(EVENT_HOST_STATE, h->index);

	ev->state = state;
	ev->text = xstrdup(reason);
	evq_push(h->out, ev);
}

/* The host is down for reason; the next try comes in retry_ms. */
static void
host_post_down(struct host *h, const char *reason, int64_t retry_ms)
{
	struct event *ev = event_new(EVENT_HOST_STATE, h->index);

	ev->state = HOST_STATE_DISCONNECTED;
	ev->text = xstrdup(reason);
	ev->retry_ms = retry_ms;
	evq_push(h->out, ev);
}

/* A status line; also kept in the message log. */
static void
host_post_message(struct host *h, int error, const char *text)
{
	struct event *ev = event_new(EVENT_MESSAGE, h->index);

	msglog_add(error ? MSGLOG_ERROR : MSGLOG_INFO, "%s: %s", h->uri, text);
	ev->error = error;
	ev->text = xstrdup(text);
	evq_push(h->out, ev);
}

static void
host_post_removed(struct host *h, const char *uuid)
{
	struct event *ev = event_new(EVENT_DOMAIN_REMOVED, h->index);

	snprintf(ev->info.uuid, sizeof ev->info.uuid, "%s", uuid);
	evq_push(h->out, ev);
}

/* --- libvirt callbacks (event loop thread) ----------------------------- */

static int
host_lifecycle_cb(virConnectPtr conn, virDomainPtr dom, int event, int detail,
    void *opaque)
{
	struct host *h = opaque;
	struct job *j = job_new(JOB_REFRESH_DOMAIN);

	(void)conn;
	(void)event;
	(void)detail;
	/* no daemon call here: the worker fetches the new state */
	virDomainGetUUIDString(dom, j->uuid);
	host_push_job(h, j);
	return 0;
}

static void
host_close_cb(virConnectPtr conn, int reason, void *opaque)
{
	struct host *h = opaque;
	static const char *const why[] = {
		[VIR_CONNECT_CLOSE_REASON_ERROR] = "a connection error",
		[VIR_CONNECT_CLOSE_REASON_EOF] = "the other end closed it",
		[VIR_CONNECT_CLOSE_REASON_KEEPALIVE] =
		    "no keepalive answer (host not responding)",
		[VIR_CONNECT_CLOSE_REASON_CLIENT] = "vmdeck closed it",
	};

	(void)conn;
	pthread_mutex_lock(&h->lock);
	h->lost = true;
	free(h->lost_reason);
	h->lost_reason = xstrdup(reason >= 0 &&
	    (size_t)reason < sizeof why / sizeof why[0] && why[reason] ?
	    why[reason] : "an unknown reason");
	pthread_cond_signal(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

/* --- connection (worker thread) ---------------------------------------- */

static bool host_should_stop(struct host *h);

static bool
host_stop_cb(void *arg)
{
	return host_should_stop(arg);
}

static pthread_mutex_t connect_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t connect_cond;	/* monotonic: connect_once */
static pthread_once_t connect_once = PTHREAD_ONCE_INIT;

static void
connect_cond_init(void)
{
	time_cond_init(&connect_cond);
}
static int connects_busy;

static int
host_connects_max(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN) * HOST_CONNECTS_PER_CPU;

	return n < HOST_CONNECTS_MIN ? HOST_CONNECTS_MIN : (int)n;
}

/* Wait for a turn to connect (false: the host is stopping). */
static bool
host_connect_turn(struct host *h)
{
	bool ok = true;

	pthread_once(&connect_once, connect_cond_init);
	pthread_mutex_lock(&connect_lock);
	while (connects_busy >= host_connects_max()) {
		struct timespec at;

		pthread_mutex_unlock(&connect_lock);
		if (host_should_stop(h))
			return false;
		pthread_mutex_lock(&connect_lock);
		time_abs_after(&at, 200);
		pthread_cond_timedwait(&connect_cond, &connect_lock, &at);
	}
	connects_busy++;
	pthread_mutex_unlock(&connect_lock);
	return ok;
}

static void
host_connect_done(void)
{
	pthread_mutex_lock(&connect_lock);
	connects_busy--;
	pthread_cond_signal(&connect_cond);
	pthread_mutex_unlock(&connect_lock);
}

/* A question asked on an open connection ends when it closes too (the
 * keepalive saw the daemon stop answering): the worker then reports the
 * host down instead of waiting for the user. */
static bool
host_conn_stop_cb(void *arg)
{
	struct host *h = arg;
	bool stop;

	pthread_mutex_lock(&h->lock);
	stop = h->stop || h->lost;
	pthread_mutex_unlock(&h->lock);
	return stop;
}

/* Headless: refuse every credential request; nobody could answer. */
static int
host_auth_refuse(virConnectCredentialPtr cred, unsigned int ncred,
    void *opaque)
{
	(void)cred;
	(void)ncred;
	(void)opaque;
	return -1;
}

/* A worker's connection: libvirt's questions (qemu+libssh's host key and
 * passphrase, a user name) go to the user as dialogs. */
static int
host_auth_ask(virConnectCredentialPtr cred, unsigned int ncred, void *opaque)
{
	struct host *h = opaque;

	for (unsigned int i = 0; i < ncred; i++) {
		const char *q = cred[i].prompt ? cred[i].prompt : "libvirt asks:";
		char answer[512];
		enum prompt_kind kind;
		enum prompt_result r;

		switch (cred[i].type) {
		case VIR_CRED_ECHOPROMPT:
			/* libvirt's libssh asks about a new host key here and
			 * takes "y": the user types yes in full, as for
			 * vmdeck's own check */
			kind = strstr(q, "host key") ? PROMPT_CONFIRM :
			    PROMPT_TEXT;
			break;
		case VIR_CRED_AUTHNAME:
			kind = PROMPT_TEXT;
			break;
		case VIR_CRED_PASSPHRASE:
		case VIR_CRED_NOECHOPROMPT:
			kind = PROMPT_SECRET;
			break;
		default:
			return -1;
		}
		r = prompt_ask(h->out, h->index, kind, "libvirt asks", q, answer,
		    sizeof answer, HOST_PROMPT_TIMEOUT_MS, host_stop_cb, h);
		if (kind == PROMPT_CONFIRM)
			snprintf(answer, sizeof answer, "%s",
			    r == PROMPT_YES ? "y" : "n");
		else if (r != PROMPT_YES)
			return -1;
		cred[i].result = xstrdup(answer);
		cred[i].resultlen = (unsigned int)strlen(answer);
		explicit_bzero(answer, sizeof answer);
	}
	return 0;
}

/* --- opening a connection, with a deadline ------------------------------ */

/* libvirt's virConnectOpenAuth has no deadline of its own: against a host
 * that takes the TCP connection and never speaks, it waits for ever. It
 * runs on a thread of its own; the caller waits for it until the deadline
 * (not counting the time a question waits for the user), then gives up,
 * ends the ssh child libvirt started for it, and leaves the thread to
 * finish and clean up alone. */
static atomic_int host_timeout_default_ms = HOST_TIMEOUT_DEFAULT_S * 1000;

void
host_set_default_timeout(int ms)
{
	if (ms > 0)
		atomic_store(&host_timeout_default_ms, ms);
}

int
host_default_timeout(void)
{
	return atomic_load(&host_timeout_default_ms);
}

struct host_opening {
	atomic_int refs;		/* the opener's and the thread's */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	char *uri;
	int *types;
	size_t ntypes;
	virConnectAuthCallbackPtr cb;
	void *opaque;
	void (*release)(void *opaque);	/* drops opaque when done */
	/* under lock */
	bool done, abandoned;
	int asking;			/* questions with the user now */
	int64_t asked_ms;		/* when the last one was answered */
	virConnectPtr conn;
	char *why;
};

static void
host_opening_unref(struct host_opening *o)
{
	if (atomic_fetch_sub(&o->refs, 1) != 1)
		return;
	if (o->conn != NULL)
		virConnectClose(o->conn);	/* nobody took it */
	if (o->release != NULL)
		o->release(o->opaque);
	pthread_mutex_destroy(&o->lock);
	pthread_cond_destroy(&o->cond);
	free(o->uri);
	free(o->why);
	free(o);
}

/* libvirt's questions, through the caller's callback: the clock stops
 * while the user answers; once given up, nobody is asked. */
static int
host_opening_ask(virConnectCredentialPtr cred, unsigned int ncred,
    void *arg)
{
	struct host_opening *o = arg;
	int r;

	pthread_mutex_lock(&o->lock);
	if (o->abandoned) {
		pthread_mutex_unlock(&o->lock);
		return -1;
	}
	o->asking++;
	pthread_mutex_unlock(&o->lock);
	r = o->cb(cred, ncred, o->opaque);
	pthread_mutex_lock(&o->lock);
	o->asking--;
	o->asked_ms = time_mono_ms();
	pthread_cond_broadcast(&o->cond);
	pthread_mutex_unlock(&o->lock);
	return r;
}

static void *
host_opening_thread(void *arg)
{
	struct host_opening *o = arg;
	virConnectAuth auth = {
		.credtype = o->types,
		.ncredtype = (unsigned int)o->ntypes,
		.cb = host_opening_ask,
		.cbdata = o,
	};
	virConnectPtr conn;
	char *why = NULL;

	virterr_install();
	conn = virConnectOpenAuth(o->uri, &auth, atomic_load(&host_ro) ?
	    VIR_CONNECT_RO : 0);
	if (conn == NULL)
		why = virterr_take();
	pthread_mutex_lock(&o->lock);
	o->conn = conn;
	o->why = why;
	o->done = true;
	pthread_cond_broadcast(&o->cond);
	pthread_mutex_unlock(&o->lock);
	host_opening_unref(o);
	return NULL;
}

/* The ssh processes libvirt started for uri's host: ended, so that a
 * given-up connection leaves nothing behind (libvirt then reaps them). */
static void
host_end_ssh_children(const char *uri)
{
	struct hostdef d = { 0 };

	if (hosturi_ssh_def(uri, &d) && d.transport == HOSTDEF_SSH)
		proc_end_children("ssh", d.ssh);
	free(d.ssh);
	free(d.user);
	free(d.keyfile);
	free(d.known_hosts);
}

static virConnectPtr
host_connect(const char *uri, virConnectAuthCallbackPtr cb, void *opaque,
    void (*release)(void *), int *types, size_t ntypes, int timeout_ms,
    char **err)
{
	struct host_opening *o = xcalloc(1, sizeof *o);
	pthread_t t;
	virConnectPtr conn = NULL;
	int64_t deadline;
	bool late = false;

	atomic_init(&o->refs, 2);
	pthread_mutex_init(&o->lock, NULL);
	time_cond_init(&o->cond);
	o->uri = xstrdup(uri);
	o->types = types;
	o->ntypes = ntypes;
	o->cb = cb;
	o->opaque = opaque;
	o->release = release;
	if (timeout_ms <= 0)
		timeout_ms = host_default_timeout();
	if (pthread_create(&t, NULL, host_opening_thread, o) != 0)
		fatal("cannot start a thread to connect to %s", uri);
	pthread_detach(t);
	deadline = time_mono_ms() + timeout_ms;
	pthread_mutex_lock(&o->lock);
	while (!o->done) {
		struct timespec ts;

		if (o->asking > 0) {
			pthread_cond_wait(&o->cond, &o->lock);
			continue;
		}
		/* the clock starts again after the user's answer */
		if (o->asked_ms > 0 && o->asked_ms + timeout_ms > deadline)
			deadline = o->asked_ms + timeout_ms;
		if (time_mono_ms() >= deadline) {
			late = true;
			o->abandoned = true;
			break;
		}
		time_abs_after(&ts, deadline - time_mono_ms());
		pthread_cond_timedwait(&o->cond, &o->lock, &ts);
	}
	if (!late) {
		conn = o->conn;
		o->conn = NULL;
		if (conn == NULL)
			*err = xasprintf("Could not connect to %s: %s", uri,
			    o->why ? o->why : "(no reason given)");
	}
	pthread_mutex_unlock(&o->lock);
	if (late) {
		*err = xasprintf("Could not connect to %s: no answer after %d s",
		    uri, (timeout_ms + 999) / 1000);
		host_end_ssh_children(uri);
	}
	host_opening_unref(o);
	return conn;
}

virConnectPtr
host_open_uri(const char *uri, char **err)
{
	static int types[] = {
		VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT,
	};

	virConnectPtr conn;
	char *why = NULL;

	/* keepalive needs a running event loop, started before the open; a
	 * subcommand without one keeps its connection without keepalive */
	if (evloop_start(&why) < 0)
		free(why);
	conn = host_connect(uri, host_auth_refuse, NULL, NULL, types,
	    sizeof types / sizeof types[0], 0, err);
	if (conn != NULL && virConnectSetKeepAlive(conn,
	    HOST_KEEPALIVE_INTERVAL, HOST_KEEPALIVE_COUNT) < 0)
		virResetLastError();
	return conn;
}

int
host_open_domain(const char *uri, const char *name, virConnectPtr *conn,
    virDomainPtr *dom, char **err)
{
	char *why = NULL;

	*dom = NULL;
	*conn = host_open_uri(uri, err);
	if (*conn == NULL)
		return -1;
	*dom = domain_lookup(*conn, name, &why);
	if (*dom == NULL) {
		free(why);
		*err = xasprintf("no VM named '%s' on %s", name, uri);
		virConnectClose(*conn);
		*conn = NULL;
		return -1;
	}
	return 0;
}

static void
host_close(struct host *h)
{
	sshtunnel_close(h->tunnel);
	h->tunnel = NULL;
	sshsess_close(h->sess);
	h->sess = NULL;
	if (h->conn == NULL)
		return;
	if (h->lifecycle_cb >= 0 &&
	    virConnectDomainEventDeregisterAny(h->conn, h->lifecycle_cb) < 0)
		virResetLastError();
	h->lifecycle_cb = -1;
	if (h->close_cb) {
		if (virConnectUnregisterCloseCallback(h->conn, host_close_cb) < 0)
			virResetLastError();
		host_unref(h);
	}
	h->close_cb = false;
	virConnectClose(h->conn);
	h->conn = NULL;
}

static int
host_open(struct host *h, char **err)
{
	static int types[] = {
		VIR_CRED_AUTHNAME, VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT,
		VIR_CRED_ECHOPROMPT,
	};

	char *via = NULL;

	/* transport = vmdeck: libvirt's connection goes through vmdeck's
	 * own session (one login), to the host's libvirt socket */
	if (h->tunnel_wanted && h->sess != NULL) {
		sshtunnel_close(h->tunnel);
		h->tunnel = sshtunnel_open(h->sess, SSHTUNNEL_LIBVIRT_SOCK, err);
		if (h->tunnel == NULL)
			return -1;
		via = xasprintf("qemu+unix:///system?socket=%s",
		    sshtunnel_path(h->tunnel));
	}
	h->conn = host_connect(via ? via : h->uri, host_auth_ask, host_ref(h),
	    host_unref_cb, types, sizeof types / sizeof types[0],
	    h->timeout_ms, err);
	free(via);
	/* the host would not carry it (its sshd forbids forwarding to a
	 * socket, or libvirt's is elsewhere): libvirt's own ssh transport,
	 * said so, from now on */
	char *refused = h->conn == NULL && h->tunnel ?
	    sshtunnel_refused(h->tunnel) : NULL;

	if (refused != NULL) {
		msglog_add(MSGLOG_WARN, "%s: vmdeck's SSH session could not reach "
		    "libvirt's socket there (%s); connecting with libvirt's ssh "
		    "transport instead, a second SSH login", h->uri, refused);
		free(refused);
		free(*err);
		*err = NULL;
		sshtunnel_close(h->tunnel);
		h->tunnel = NULL;
		h->tunnel_wanted = false;
		h->conn = host_connect(h->uri, host_auth_ask, host_ref(h),
		    host_unref_cb, types, sizeof types / sizeof types[0],
		    h->timeout_ms, err);
	}
	if (h->conn == NULL)
		return -1;
	/* keepalive and close callbacks exist for remote drivers only; a
	 * local driver refusing them is not an error */
	if (virConnectSetKeepAlive(h->conn, HOST_KEEPALIVE_INTERVAL,
	    HOST_KEEPALIVE_COUNT) < 0)
		virResetLastError();
	/* Drivers without close callbacks return success and keep nothing,
	 * so never calling a free function: hold the reference ourselves
	 * and drop it after unregistering, when no call can start. */
	if (virConnectRegisterCloseCallback(h->conn, host_close_cb,
	    host_ref(h), NULL) == 0)
		h->close_cb = true;
	else {
		virResetLastError();
		host_unref(h);
	}
	h->lifecycle_cb = virConnectDomainEventRegisterAny(h->conn, NULL,
	    VIR_DOMAIN_EVENT_ID_LIFECYCLE,
	    VIR_DOMAIN_EVENT_CALLBACK(host_lifecycle_cb), host_ref(h),
	    host_unref_cb);
	if (h->lifecycle_cb < 0) {
		char *why = virterr_take();

		host_unref(h);
		msglog_add(MSGLOG_WARN, "%s: no lifecycle events, state changes "
		    "show only on refresh: %s", h->uri, why);
		free(why);
	}
	pthread_mutex_lock(&h->lock);
	h->lost = false;
	pthread_mutex_unlock(&h->lock);
	return 0;
}

/* After a failed call: if the connection is dead, treat it as lost. */
static void
host_check_alive(struct host *h)
{
	if (h->conn != NULL && virConnectIsAlive(h->conn) == 0) {
		pthread_mutex_lock(&h->lock);
		h->lost = true;
		if (h->lost_reason == NULL)
			h->lost_reason = xstrdup("the connection died");
		pthread_mutex_unlock(&h->lock);
	}
}

/* One tick of figures into the mailbox (worker thread). A failure is told
 * once, not every tick, until sampling works again. */
static void
host_sample(struct host *h)
{
	char *err = NULL;

	if (sampler_fetch(h->conn, &h->back, &err) < 0) {
		if (h->stats_error == NULL || strcmp(h->stats_error, err) != 0)
			host_post_message(h, 1, err);
		free(h->stats_error);
		h->stats_error = err;
		host_check_alive(h);
		return;
	}
	free(h->stats_error);
	h->stats_error = NULL;
	pthread_mutex_lock(&h->lock);
	struct stats_batch t = h->front;
	h->front = h->back;
	h->back = t;
	h->fresh = true;
	pthread_mutex_unlock(&h->lock);
	evq_wake(h->out);
}

/* --- jobs (worker thread) ---------------------------------------------- */

static bool
domain_info_equal(const struct domain_info *a, const struct domain_info *b)
{
	return strcmp(a->uuid, b->uuid) == 0 && strcmp(a->name, b->name) == 0 &&
	    a->id == b->id && a->state == b->state && a->vcpus == b->vcpus &&
	    a->mem_kib == b->mem_kib && a->maxmem_kib == b->maxmem_kib &&
	    a->autostart == b->autostart && a->persistent == b->persistent &&
	    a->saved == b->saved && a->snapshots == b->snapshots &&
	    strcmp(a->ip, b->ip) == 0;
}

/* Read the whole list; post it unless only_changes and it equals the one
 * posted last (same order from the same host: an element-wise compare). */
static void
host_refresh(struct host *h, bool only_changes)
{
	struct domain_info *list;
	size_t n;
	char *err = NULL;

	if (domain_list_fetch(h->conn, &list, &n, &err) < 0) {
		host_post_message(h, 1, err);
		free(err);
		host_check_alive(h);
		return;
	}
	if (only_changes && n == h->nlast) {
		size_t i = 0;

		while (i < n && domain_info_equal(&list[i], &h->last[i]))
			i++;
		if (i == n) {
			domain_info_array_free(list, n);
			return;
		}
	}
	/* keep a copy to compare the next read with */
	domain_info_array_free(h->last, h->nlast);
	h->last = xcalloc(n, sizeof *h->last);
	for (size_t i = 0; i < n; i++)
		domain_info_copy(&h->last[i], &list[i]);
	h->nlast = n;

	struct event *ev = event_new(EVENT_DOMAIN_LIST, h->index);
	ev->list = list;
	ev->nlist = n;
	evq_push(h->out, ev);
}

static void
host_refresh_domain(struct host *h, const char *uuid)
{
	virDomainPtr dom = virDomainLookupByUUIDString(h->conn, uuid);
	struct event *ev;
	char *err = NULL;

	if (dom == NULL) {
		if (virterr_is_no_domain())
			host_post_removed(h, uuid);
		virResetLastError();
		host_check_alive(h);
		return;
	}
	ev = event_new(EVENT_DOMAIN_UPDATE, h->index);
	if (domain_info_fetch(dom, &ev->info, &err) < 0) {
		/* gone between lookup and fetch (a transient VM stopping) */
		event_free(ev);
		free(err);
		ev = NULL;
		virDomainPtr again = virDomainLookupByUUIDString(h->conn, uuid);

		if (again == NULL) {
			virResetLastError();
			host_post_removed(h, uuid);
		} else
			virDomainFree(again);
	}
	virDomainFree(dom);
	if (ev != NULL)
		evq_push(h->out, ev);
}

static void
host_run_action(struct host *h, struct job *j)
{
	virDomainPtr dom = virDomainLookupByUUIDString(h->conn, j->uuid);
	char *err = NULL;

	if (dom == NULL) {
		char *why = virterr_take();
		char *msg = xasprintf("Could not %s VM '%s': it no longer exists "
		    "(%s).", domain_action_verb(j->action), j->name, why);

		host_post_message(h, 1, msg);
		free(msg);
		free(why);
		host_post_removed(h, j->uuid);
		return;
	}
	if (domain_action_run(dom, j->action, j->name, &err) < 0) {
		host_post_message(h, 1, err);
		free(err);
		host_check_alive(h);
	} else {
		char *msg = domain_action_done(j->action, j->name);

		host_post_message(h, 0, msg);
		free(msg);
		if (j->action == DOMAIN_ACTION_SHUTDOWN &&
		    h->nwatch < HOST_MAX_WATCHES) {
			snprintf(h->watch[h->nwatch].uuid, DOMAIN_UUID_LEN, "%s",
			    j->uuid);
			h->watch[h->nwatch].name = xstrdup(j->name);
			h->watch[h->nwatch].id = (int)virDomainGetID(dom);
			h->watch[h->nwatch].due = time_mono_ms() +
			    HOST_SHUTDOWN_WATCH_MS;
			h->nwatch++;
		}
	}
	virDomainFree(dom);
	/* events cover lifecycle changes; autostart and undefine of a
	 * running VM raise none, so read the domain back in every case */
	host_refresh_domain(h, j->uuid);
}

/* The shutdowns whose time is up: a VM still running as the same
 * instance ignored the request, and the user hears so. Returns the ms
 * until the next one is due (-1: none). */
static int64_t
host_check_watches(struct host *h)
{
	int64_t now = time_mono_ms(), next = -1;

	for (size_t i = 0; i < h->nwatch;) {
		virDomainPtr dom;

		if (h->watch[i].due > now) {
			if (next < 0 || h->watch[i].due - now < next)
				next = h->watch[i].due - now;
			i++;
			continue;
		}
		dom = h->conn ? virDomainLookupByUUIDString(h->conn,
		    h->watch[i].uuid) : NULL;
		if (dom != NULL && virDomainIsActive(dom) == 1 &&
		    (int)virDomainGetID(dom) == h->watch[i].id) {
			char *msg = xasprintf("VM '%s' is still running %d s after "
			    "it was asked to shut down: its guest ignores the ACPI "
			    "power button (no acpid, or busy). Force it off to stop "
			    "it now (may lose unsaved data).", h->watch[i].name,
			    HOST_SHUTDOWN_WATCH_MS / 1000);

			host_post_message(h, 1, msg);
			free(msg);
		}
		virResetLastError();
		if (dom != NULL)
			virDomainFree(dom);
		free(h->watch[i].name);
		h->watch[i] = h->watch[--h->nwatch];
	}
	return next;
}

/* What the host offers new VMs: active pools with free space, active
 * networks, CPUs and memory. */
static void
host_facts(struct host *h)
{
	struct event *ev = event_new(EVENT_FACTS, h->index);
	struct host_facts *f = &ev->facts;
	virStoragePoolPtr *pools = NULL;
	virNetworkPtr *nets = NULL;
	virNodeInfo ni;
	int n;

	n = virConnectListAllStoragePools(h->conn, &pools, 0);
	if (n < 0)
		virResetLastError();
	for (int i = 0; i < n; i++) {
		virStoragePoolInfo info;

		f->pools = xreallocarray(f->pools, f->npools + 1,
		    sizeof *f->pools);
		f->pools[f->npools].name = xstrdup(virStoragePoolGetName(pools[i]));
		f->pools[f->npools].active = virStoragePoolIsActive(pools[i]) == 1;
		f->pools[f->npools].available =
		    virStoragePoolGetInfo(pools[i], &info) == 0 ?
		    info.available : 0;
		virResetLastError();
		f->npools++;
		virStoragePoolFree(pools[i]);
	}
	free(pools);
	n = virConnectListAllNetworks(h->conn, &nets,
	    VIR_CONNECT_LIST_NETWORKS_ACTIVE);
	if (n < 0)
		virResetLastError();
	for (int i = 0; i < n; i++) {
		f->networks = xreallocarray(f->networks, f->nnetworks + 1,
		    sizeof *f->networks);
		f->networks[f->nnetworks++] = xstrdup(virNetworkGetName(nets[i]));
		virNetworkFree(nets[i]);
	}
	free(nets);
	if (virNodeGetInfo(h->conn, &ni) == 0) {
		f->cpus = ni.cpus;
		f->mem_kib = ni.memory;
	} else
		virResetLastError();
	/* the first time per host and QEMU: a check of ~2 s (accel) */
	accel_decide(h->conn, h->accel, NULL, NULL, &f->accel);
	evq_push(h->out, ev);
}

struct clone_ctx {
	struct host *h;
	const char *name;
	const char *verb;	/* "Cloning", "Creating" */
};

static void
host_clone_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct clone_ctx *c = ctx;
	struct event *ev = event_new(EVENT_PROGRESS, c->h->index);
	char a[32], b[32];

	ev->text = xasprintf("%s VM '%s': %s of %s copied (%.0f%%)…",
	    c->verb, c->name, fmt_kib(a, sizeof a, done / 1024),
	    fmt_kib(b, sizeof b, total / 1024),
	    total ? (double)done * 100 / (double)total : 100.0);
	evq_push(c->h->out, ev);
}

/* A phase of a create (the kernel fetch) as a progress line. */
static void
host_create_say(void *ctx, const char *text)
{
	struct clone_ctx *c = ctx;
	struct event *ev = event_new(EVENT_PROGRESS, c->h->index);

	ev->text = xstrdup(text);
	evq_push(c->h->out, ev);
}

/* A create's start failed: ask the user whether to keep the VM. */
static bool
host_create_ask_keep(void *ctx, const char *question)
{
	struct clone_ctx *c = ctx;

	return prompt_ask(c->h->out, c->h->index, PROMPT_YESNO,
	    "The new VM did not start", question, NULL, 0,
	    HOST_PROMPT_TIMEOUT_MS, host_conn_stop_cb, c->h) == PROMPT_YES;
}

static void
host_create(struct host *h, struct job *j)
{
	struct event *ev = event_new(j->plan ? EVENT_PLAN : EVENT_CREATED,
	    h->index);

	ev->reply = j->reply;
	struct clone_ctx c = { .h = h, .name = j->spec->name,
	    .verb = "Creating" };
	struct create_opts o = { .start = j->start, .host_accel = h->accel,
	    .progress = host_clone_progress, .say = host_create_say,
	    .ask_keep = host_create_ask_keep, .ctx = &c };
	struct create_result r = { 0 };
	char *err = NULL;
	int rc = j->plan ? create_plan(h->conn, j->spec, &o, &r, &err) :
	    create_vm(h->conn, j->spec, &o, &r, &err);

	if (rc < 0) {
		ev->error = 1;
		ev->text = err;
		if (!j->plan)
			msglog_add(MSGLOG_ERROR, "%s: %s", h->uri, err);
	} else if (j->plan) {
		ev->text = xasprintf("%s%s%s", r.accel_note, r.warning ?
		    " Warning: " : "", r.warning ? r.warning : "");
		ev->xml = r.xml;
		r.xml = NULL;
	} else {
		ev->text = xasprintf("Created VM '%s'%s. %s%s%s%s%s", j->spec->name,
		    j->start ? " and started it" : "", r.accel_note,
		    r.note ? " " : "", r.note ? r.note : "", r.warning ?
		    " Warning: " : "", r.warning ? r.warning : "");
		msglog_add(MSGLOG_INFO, "%s: %s", h->uri, ev->text);
	}
	create_result_clear(&r);
	/* the name travels back so the list can select the new VM */
	ev->info.name = xstrdup(j->spec->name);
	evq_push(h->out, ev);
	if (!j->plan)
		host_refresh(h, false);
}

static void
host_get_xml(struct host *h, struct job *j)
{
	virDomainPtr dom = virDomainLookupByUUIDString(h->conn, j->uuid);
	char *xml = NULL, *err = NULL;

	if (dom != NULL) {
		xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE |
		    VIR_DOMAIN_XML_SECURE);
		virDomainFree(dom);
	}
	if (xml == NULL) {
		char *why = virterr_take();

		err = xasprintf("Could not read the XML of VM '%s': %s", j->name,
		    why);
		free(why);
	}
	struct event *ev = event_new(EVENT_XML, h->index);

	ev->reply = j->reply;
	snprintf(ev->info.uuid, sizeof ev->info.uuid, "%s", j->uuid);
	ev->info.name = xstrdup(j->name);
	ev->xml = xml;
	if (xml == NULL) {
		msglog_add(MSGLOG_ERROR, "%s: %s", h->uri, err);
		ev->error = 1;
		ev->text = err;
	}
	evq_push(h->out, ev);
}

static void
host_define(struct host *h, struct job *j)
{
	struct event *ev = event_new(EVENT_DEFINED, h->index);
	virDomainPtr dom = domain_define(h->conn, j->xml);

	ev->reply = j->reply;
	snprintf(ev->info.uuid, sizeof ev->info.uuid, "%s", j->uuid);
	ev->info.name = xstrdup(j->name);
	if (dom == NULL) {
		char *why = virterr_take();

		ev->error = 1;
		ev->text = xasprintf("libvirt refused the edit of VM '%s': %s",
		    j->name, why);
		free(why);
		ev->xml = j->xml;	/* back to the user, untouched */
		j->xml = NULL;
	} else {
		ev->text = xasprintf("Saved the edit of VM '%s'; changes that "
		    "need it take effect at its next start.", j->name);
		virDomainFree(dom);
	}
	msglog_add(ev->error ? MSGLOG_ERROR : MSGLOG_INFO, "%s: %s", h->uri,
	    ev->text);
	evq_push(h->out, ev);
	host_refresh_domain(h, j->uuid);
}

static void
host_delete_storage(struct host *h, struct job *j)
{
	virDomainPtr dom = virDomainLookupByUUIDString(h->conn, j->uuid);
	char *msg = NULL;
	int rc;

	if (dom == NULL) {
		char *why = virterr_take();

		msg = xasprintf("Could not delete VM '%s': it no longer exists "
		    "(%s).", j->name, why);
		host_post_message(h, 1, msg);
		free(msg);
		free(why);
		host_post_removed(h, j->uuid);
		return;
	}
	rc = vmdelete_run(h->conn, dom, j->name, j->paths, j->npaths, &msg);
	virDomainFree(dom);
	host_post_message(h, rc < 0 || strstr(msg, "; kept ") != NULL, msg);
	free(msg);
	if (rc == 0)
		host_refresh_domain(h, j->uuid);
}

static void
host_clone(struct host *h, struct job *j)
{
	struct clone_ctx c = { .h = h, .name = j->name, .verb = "Cloning" };
	char *err = NULL;

	if (clone_vm(h->conn, j->uuid, j->xml, host_clone_progress, &c,
	    &err) < 0) {
		host_post_message(h, 1, err);
		free(err);
		return;
	}
	char *msg = xasprintf("Cloned VM '%s' as '%s'.", j->name, j->xml);
	host_post_message(h, 0, msg);
	free(msg);
	host_refresh(h, false);
}

static void
host_edit(struct host *h, struct job *j)
{
	char *done = NULL, *err = NULL;

	if (vmedit_apply(h->conn, j->uuid, j->edit, &done, &err) < 0) {
		host_post_message(h, 1, err);
		free(err);
	} else {
		host_post_message(h, 0, done);
		free(done);
	}
	host_refresh_domain(h, j->uuid);
}

/* Fail an action taken while disconnected, so none waits silently and
 * none runs minutes later by surprise. Frees j. */
static void
host_fail_job(struct host *h, struct job *j, const char *reason)
{
	if (j->type == JOB_DEFINE) {
		struct event *ev = event_new(EVENT_DEFINED, h->index);

		ev->reply = j->reply;
		ev->error = 1;
		ev->text = xasprintf("Could not save the edit of VM '%s': host %s "
		    "is not connected (%s).", j->name, h->uri, reason);
		snprintf(ev->info.uuid, sizeof ev->info.uuid, "%s", j->uuid);
		ev->info.name = xstrdup(j->name);
		ev->xml = j->xml;		/* nothing typed is lost */
		j->xml = NULL;
		evq_push(h->out, ev);
	} else if (j->type == JOB_CREATE) {
		struct event *ev = event_new(j->plan ? EVENT_PLAN : EVENT_CREATED,
		    h->index);

		ev->reply = j->reply;
		ev->error = 1;
		ev->text = xasprintf("Could not %s VM '%s': host %s is not "
		    "connected (%s).", j->plan ? "plan" : "create", j->spec->name,
		    h->uri, reason);
		evq_push(h->out, ev);
	} else if (j->type == JOB_ACTION) {
		char *msg = xasprintf("Could not %s VM '%s': host %s is not "
		    "connected (%s).", domain_action_verb(j->action), j->name,
		    h->uri, reason);

		host_post_message(h, 1, msg);
		free(msg);
	} else if (j->type == JOB_GET_XML) {
		struct event *ev = event_new(EVENT_XML, h->index);

		ev->reply = j->reply;
		ev->error = 1;
		ev->text = xasprintf("Could not read the XML of VM '%s': host %s "
		    "is not connected (%s).", j->name, h->uri, reason);
		snprintf(ev->info.uuid, sizeof ev->info.uuid, "%s", j->uuid);
		ev->info.name = xstrdup(j->name);
		evq_push(h->out, ev);
	} else if (j->type == JOB_CALL) {
		j->call(NULL, reason, j->ctx);
		j->call = NULL;
	}
	job_free(j);
}

/* Fail every queued job. */
static bool
host_fail_jobs(struct host *h, const char *reason)
{
	struct job *list;
	bool reconnect = false;

	pthread_mutex_lock(&h->lock);
	list = h->jobs;
	h->jobs = h->jobs_tail = NULL;
	pthread_mutex_unlock(&h->lock);
	while (list != NULL) {
		struct job *j = list;

		list = j->next;
		if (j->type == JOB_RECONNECT) {
			reconnect = true;
			job_free(j);
		} else
			host_fail_job(h, j, reason);
	}
	return reconnect;
}

/* Wait for a job, a stop or a lost connection; with timeout_ms >= 0, at
 * most that long. Returns the job (caller frees) or NULL. */
static struct job *
host_wait(struct host *h, int64_t timeout_ms)
{
	struct timespec until;
	struct job *j = NULL;

	if (timeout_ms >= 0)
		time_abs_after(&until, timeout_ms);
	pthread_mutex_lock(&h->lock);
	while (!h->stop && !h->lost && h->jobs == NULL && !h->sample_now) {
		if (timeout_ms < 0)
			pthread_cond_wait(&h->cond, &h->lock);
		else if (pthread_cond_timedwait(&h->cond, &h->lock, &until) ==
		    ETIMEDOUT)
			break;
	}
	/* a lost connection is handled before any job runs on it */
	if (!h->stop && !(h->conn != NULL && h->lost) && h->jobs != NULL) {
		j = h->jobs;
		h->jobs = j->next;
		if (h->jobs == NULL)
			h->jobs_tail = NULL;
	}
	pthread_mutex_unlock(&h->lock);
	return j;
}

static bool
host_should_stop(struct host *h)
{
	bool stop;

	pthread_mutex_lock(&h->lock);
	stop = h->stop;
	pthread_mutex_unlock(&h->lock);
	return stop;
}

/* While disconnected: wait out the backoff. A reconnect job ends the wait
 * early; actions are failed with a message. */
static void
host_backoff(struct host *h, int64_t ms, const char *reason)
{
	int64_t deadline = time_mono_ms() + ms;

	/* an r pressed while the last attempt ran: try again now */
	if (host_fail_jobs(h, reason)) {
		h->key_declined = false;	/* the user asks again */
		h->batch_refused = false;
		return;
	}
	while (!host_should_stop(h)) {
		int64_t left = deadline - time_mono_ms();
		struct job *j;

		if (left <= 0)
			return;
		j = host_wait(h, left);
		if (j == NULL)
			continue;
		if (j->type == JOB_RECONNECT) {
			h->key_declined = false;	/* the user asks again */
			h->batch_refused = false;
			job_free(j);
			return;
		}
		host_fail_job(h, j, reason);
	}
}

/* sshsess asks the user, through the UI (worker thread). */
static bool
host_ssh_ask(void *ctx, enum sshsess_ask kind, const char *title,
    const char *question, char *answer, size_t cap)
{
	struct host *h = ctx;

	return prompt_ask(h->out, h->index, kind == SSHSESS_ASK_SECRET ?
	    PROMPT_SECRET : kind == SSHSESS_ASK_CONFIRM ? PROMPT_CONFIRM :
	    PROMPT_YESNO, title, question, answer, cap,
	    HOST_PROMPT_TIMEOUT_MS, host_stop_cb, h) == PROMPT_YES;
}

/* libvirt's ssh transport runs the user's ssh in batch mode: it cannot
 * ask for the passphrase vmdeck's own login was given. Refused there
 * after that, the host says so and is not tried again (the same question
 * each retry, for ever) until the user presses r. */
static void
host_explain_batch(struct host *h, char **err)
{
	char *more;

	if (!h->has_ssh || !h->ssh.ssh_transport || *err == NULL ||
	    !(sshsess_asked_passphrase(h->sess) || h->batch_refused) ||
	    (strstr(*err, "Permission denied") == NULL &&
	    strstr(*err, "uthentication failed") == NULL &&
	    strstr(*err, "SSH login to") == NULL))
		return;
	h->batch_refused = true;
	more = xasprintf("%s vmdeck logged in with the key's passphrase, but "
	    "libvirt's ssh transport runs ssh in batch mode and cannot ask "
	    "for it: add the key to an agent (ssh-add), or set transport = "
	    "libssh for this host. Press r on the host to try again.", *err);
	free(*err);
	*err = more;
	h->key_declined = true;		/* ask nothing until r */
}

/* vmdeck's own SSH session first: is the host there, is its key the
 * known one, can we log in. A key the user declined is not asked about
 * again until the user retries (r). */
static int
host_preflight(struct host *h, char **err)
{
	enum sshsess_result r;

	sshtunnel_close(h->tunnel);
	h->tunnel = NULL;
	sshsess_close(h->sess);
	h->sess = NULL;
	h->ssh.timeout_s = ((h->timeout_ms > 0 ? h->timeout_ms :
	    host_default_timeout()) + 999) / 1000;
	r = sshsess_open(&h->ssh, h->key_declined ? NULL : host_ssh_ask, h,
	    &h->sess, err);
	if (r == SSHSESS_OK)
		return 0;
	if (r == SSHSESS_KEY_UNKNOWN) {
		char *more = xasprintf("%s Press r on the host to be asked "
		    "again.", *err);

		free(*err);
		*err = more;
		h->key_declined = true;
	}
	return -1;
}

/* The first connection of an interactive host that lacks virt-manager's
 * defaults: ask once (remembered), make them on yes. */
static void
host_offer_setup(struct host *h)
{
	unsigned missing;
	char *q, *msg = NULL;
	enum prompt_result r;

	if (!h->offer_setup || h->setup_offered)
		return;
	h->setup_offered = true;
	if (!hostsetup_applies(h->conn) || hostsetup_asked(h->uri) ||
	    (missing = hostsetup_missing(h->conn)) == 0)
		return;
	q = hostsetup_question(missing);
	r = prompt_ask(h->out, h->index, PROMPT_YESNO, "Set up this host",
	    q, NULL, 0, HOST_PROMPT_TIMEOUT_MS, host_conn_stop_cb, h);
	free(q);
	if (r == PROMPT_GONE)
		return;			/* nobody answered: ask next time */
	hostsetup_remember(h->uri);
	if (r != PROMPT_YES)
		return;
	host_post_message(h, hostsetup_make(h->conn, missing, &msg) < 0, msg);
	msglog_add(MSGLOG_INFO, "%s: %s", h->uri, msg);
	free(msg);
}

static void *
host_main(void *arg)
{
	struct host *h = arg;
	int64_t backoff = HOST_BACKOFF_MIN_MS;
	int64_t next_tick = 0;
	unsigned long ticks = 0;

	virterr_install();
	while (!host_should_stop(h)) {
		if (h->conn == NULL) {
			char *err = NULL;

			host_post_state(h, HOST_STATE_CONNECTING, NULL);
			if (!host_connect_turn(h))
				break;
			bool failed = (h->has_ssh && host_preflight(h, &err) < 0) ||
			    host_open(h, &err) < 0;

			host_connect_done();
			if (failed) {
				host_explain_batch(h, &err);
				msglog_add(MSGLOG_ERROR, "%s", err);
				host_post_down(h, err, backoff);
				host_backoff(h, backoff, err);
				free(err);
				backoff = host_backoff_next(backoff);
				continue;
			}
			backoff = HOST_BACKOFF_MIN_MS;
			host_post_state(h, HOST_STATE_CONNECTED, NULL);
			host_refresh(h, false);
			host_offer_setup(h);
			if (atomic_load(&h->sampling))
				host_sample(h);
			next_tick = time_mono_ms() + h->interval_ms;
		}

		/* wait for a job, or the next tick: figures every tick, the
		 * list every HOST_RELIST_TICKS */
		int64_t left = next_tick - time_mono_ms();
		if (h->interval_ms > 0 && left <= 0) {
			/* a host off screen ticks every HOST_HIDDEN_SAMPLE_MS:
			 * its figures, and its list's re-reading (its events
			 * come as they happen either way) */
			int64_t now = time_mono_ms();

			if (atomic_load(&h->shown) ||
			    now - h->ticked_ms >= HOST_HIDDEN_SAMPLE_MS) {
				h->ticked_ms = now;
				if (atomic_load(&h->sampling))
					host_sample(h);
				if (++ticks % HOST_RELIST_TICKS == 0)
					host_refresh(h, true);
			}
			next_tick += h->interval_ms;
			/* after a stall (a slow host), do not catch up */
			if (next_tick < time_mono_ms())
				next_tick = time_mono_ms() + h->interval_ms;
			continue;
		}
		int64_t watch_left = host_check_watches(h);

		if (watch_left >= 0 && (h->interval_ms <= 0 || watch_left < left))
			left = watch_left;
		struct job *j = host_wait(h, h->interval_ms > 0 ||
		    watch_left >= 0 ? left : -1);
		pthread_mutex_lock(&h->lock);
		bool lost = h->lost;
		char *reason = h->lost_reason;
		h->lost = false;
		h->lost_reason = NULL;
		pthread_mutex_unlock(&h->lock);
		if (lost && !host_should_stop(h)) {
			char *msg = xasprintf("Lost the connection to %s: %s.",
			    h->uri, reason ? reason : "unknown reason");

			msglog_add(MSGLOG_ERROR, "%s", msg);
			host_close(h);
			host_post_down(h, msg, backoff);
			host_backoff(h, backoff, msg);
			free(msg);
		}
		free(reason);
		/* shown again: its figures now, not at its next slow turn */
		pthread_mutex_lock(&h->lock);
		bool now = h->sample_now;
		h->sample_now = false;
		pthread_mutex_unlock(&h->lock);
		if (now && h->conn != NULL && atomic_load(&h->sampling))
			host_sample(h);
		if (j == NULL)
			continue;
		switch (j->type) {
		case JOB_REFRESH:
			host_refresh(h, false);
			break;
		case JOB_REFRESH_DOMAIN:
			host_refresh_domain(h, j->uuid);
			break;
		case JOB_ACTION:
			host_run_action(h, j);
			break;
		case JOB_RECONNECT:
			break;
		case JOB_FACTS:
			host_facts(h);
			break;
		case JOB_CREATE:
			host_create(h, j);
			break;
		case JOB_GET_XML:
			host_get_xml(h, j);
			break;
		case JOB_DEFINE:
			host_define(h, j);
			break;
		case JOB_DELETE_STORAGE:
			host_delete_storage(h, j);
			break;
		case JOB_CLONE:
			host_clone(h, j);
			break;
		case JOB_EDIT:
			host_edit(h, j);
			break;
		case JOB_CALL:
			j->call(h->conn, NULL, j->ctx);
			j->call = NULL;
			break;
		}
		job_free(j);
	}
	host_close(h);
	pthread_mutex_lock(&h->lock);
	h->done = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	host_unref(h);
	return NULL;
}

void
host_start(struct host *h)
{
	host_ref(h);
	if (pthread_create(&h->thread, NULL, host_main, h) != 0)
		fatal("cannot start the worker thread for %s", h->uri);
	h->started = true;
}

void
host_stop(struct host *h)
{
	pthread_mutex_lock(&h->lock);
	h->stop = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
}

bool
host_join(struct host *h, int64_t deadline_ms)
{
	struct timespec until;
	bool done;

	if (!h->started)
		return true;
	time_abs_after(&until, deadline_ms - time_mono_ms());
	pthread_mutex_lock(&h->lock);
	while (!h->done &&
	    pthread_cond_timedwait(&h->cond, &h->lock, &until) != ETIMEDOUT)
		;
	done = h->done;
	pthread_mutex_unlock(&h->lock);
	if (done)
		pthread_join(h->thread, NULL);
	else
		pthread_detach(h->thread);
	h->started = false;
	return done;
}

/* Whether a unix socket at path accepts a connection now. */
static bool
host_socket_live(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;
	bool ok;

	if (strlen(path) >= sizeof sa.sun_path)
		return false;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	ok = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

void
host_set_readonly(bool on)
{
	atomic_store(&host_ro, on);
}

bool
host_readonly(void)
{
	return atomic_load(&host_ro);
}

char *
host_conf_uri_default(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], *v = NULL;

	if (f == NULL)
		return NULL;
	/* libvirt's conf syntax, the one key: uri_default = "URI" (or
	 * '...'); the first one given wins, as in libvirt's reader (the
	 * lab compares with virsh uri) */
	while (v == NULL && fgets(line, sizeof line, f) != NULL) {
		char *p = line, *end;
		char q;

		p += strspn(p, " \t");
		if (strncmp(p, "uri_default", 11) != 0)
			continue;
		p += 11;
		p += strspn(p, " \t");
		if (*p++ != '=')
			continue;
		p += strspn(p, " \t");
		if (*p != '"' && *p != '\'')
			continue;
		q = *p++;
		if ((end = strchr(p, q)) == NULL)
			continue;
		*end = '\0';
		v = xstrdup(p);
	}
	fclose(f);
	return v;
}

char *
host_libvirt_default_uri(void)
{
	const char *env = getenv("LIBVIRT_DEFAULT_URI");
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char *path, *uri;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	/* where libvirt's client library reads libvirt.conf: the system's
	 * for root, the user's config directory otherwise */
	if (geteuid() == 0)
		path = xstrdup("/etc/libvirt/libvirt.conf");
	else if (xdg != NULL && *xdg != '\0')
		path = xasprintf("%s/libvirt/libvirt.conf", xdg);
	else
		path = xasprintf("%s/.config/libvirt/libvirt.conf",
		    home ? home : "");
	uri = host_conf_uri_default(path);
	free(path);
	if (uri != NULL && *uri == '\0') {
		free(uri);
		uri = NULL;
	}
	return uri;
}

char *
host_default_uri(void)
{
	static const char *const sockets[] = {
		"/run/libvirt/virtqemud-sock",
		"/run/libvirt/libvirt-sock",
		"/var/run/libvirt/virtqemud-sock",
		"/var/run/libvirt/libvirt-sock",
	};
	char *given = host_libvirt_default_uri();

	if (given != NULL)
		return given;
	for (size_t i = 0; i < sizeof sockets / sizeof sockets[0]; i++)
		if (host_socket_live(sockets[i]))
			return xstrdup("qemu:///system");
	return xstrdup("qemu:///session");
}
