/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "hostprobe.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../config/hosturi.h"
#include "../remote/sshsess.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "host.h"

/* One probe, shared by the caller and its thread; the last to let go
 * frees it. */
struct hostprobe_job {
	atomic_int refs;
	char *uri;
	bool has_ssh;
	struct sshsess_target ssh;	/* strings owned */
	struct hostprobe result;
	pthread_mutex_t *lock;		/* the run's */
	pthread_cond_t *cond;
	bool done;
};

static const struct {
	const char *text;		/* in libvirt's or ssh's message */
	enum hostprobe_state state;
} hostprobe_words[] = {
	/* first: a changed key also says "verification failed" */
	{ "IDENTIFICATION HAS CHANGED", HOSTPROBE_KEY_CHANGED },
	{ "host key for server changed", HOSTPROBE_KEY_CHANGED },
	{ "key for this server has changed", HOSTPROBE_KEY_CHANGED },
	{ "differs from stored identity", HOSTPROBE_KEY_CHANGED },	/* libssh */
	/* vmdeck's own SSH checks (remote/sshsess) */
	{ "is marked @revoked", HOSTPROBE_KEY_REVOKED },
	{ "has CHANGED", HOSTPROBE_KEY_CHANGED },
	{ "is not known (", HOSTPROBE_KEY_UNKNOWN },
	{ "SSH login to", HOSTPROBE_AUTH_FAILED },
	{ "no SSH server answered", HOSTPROBE_UNREACHABLE },
	{ "no answer after", HOSTPROBE_NO_ANSWER },
	{ "no suitable callback for host key", HOSTPROBE_KEY_UNKNOWN },
	{ "host key is known for", HOSTPROBE_KEY_UNKNOWN },
	{ "not found in known_hosts", HOSTPROBE_KEY_UNKNOWN },
	{ "host key is not known", HOSTPROBE_KEY_UNKNOWN },
	{ "unknown host key", HOSTPROBE_KEY_UNKNOWN },
	{ "Host key verification failed", HOSTPROBE_KEY_UNKNOWN },
	{ "Permission denied", HOSTPROBE_AUTH_FAILED },
	{ "uthentication failed", HOSTPROBE_AUTH_FAILED },
	{ "no authentication methods", HOSTPROBE_AUTH_FAILED },
	{ "Connection refused", HOSTPROBE_UNREACHABLE },
	{ "No route to host", HOSTPROBE_UNREACHABLE },
	{ "Network is unreachable", HOSTPROBE_UNREACHABLE },
	{ "Name or service not known", HOSTPROBE_UNREACHABLE },
	{ "Could not resolve hostname", HOSTPROBE_UNREACHABLE },
	{ "Temporary failure in name resolution", HOSTPROBE_UNREACHABLE },
	{ "timed out", HOSTPROBE_UNREACHABLE },
	{ "libvirt-sock", HOSTPROBE_NO_LIBVIRT },
	{ "virtqemud-sock", HOSTPROBE_NO_LIBVIRT },
	{ "command not found", HOSTPROBE_NO_LIBVIRT },
};

enum hostprobe_state
hostprobe_classify(int code, const char *message)
{
	if (message != NULL)
		for (size_t i = 0; i < sizeof hostprobe_words /
		    sizeof hostprobe_words[0]; i++)
			if (strcasestr(message, hostprobe_words[i].text) != NULL)
				return hostprobe_words[i].state;
	if (code == VIR_ERR_AUTH_FAILED || code == VIR_ERR_AUTH_CANCELLED)
		return HOSTPROBE_AUTH_FAILED;
	return HOSTPROBE_ERROR;
}

const char *
hostprobe_state_name(enum hostprobe_state s)
{
	switch (s) {
	case HOSTPROBE_CONNECTED: return "connected";
	case HOSTPROBE_UNREACHABLE: return "unreachable";
	case HOSTPROBE_NO_ANSWER: return "no answer";
	case HOSTPROBE_AUTH_FAILED: return "auth failed";
	case HOSTPROBE_KEY_UNKNOWN: return "host key unknown";
	case HOSTPROBE_KEY_CHANGED: return "host key changed";
	case HOSTPROBE_KEY_REVOKED: return "host key revoked";
	case HOSTPROBE_NO_LIBVIRT: return "no libvirt";
	case HOSTPROBE_ERROR: return "error";
	}
	return "error";
}

static void
hostprobe_job_unref(struct hostprobe_job *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	hostprobe_free(&j->result, 1);
	free(j->uri);
	hosturi_target_clear(&j->ssh);
	free(j);
}

static void *
hostprobe_thread(void *arg)
{
	struct hostprobe_job *j = arg;
	struct hostprobe r = { 0 };
	int64_t t0 = time_mono_ms();
	char *err = NULL;
	virConnectPtr conn = NULL;

	if (j->has_ssh) {
		struct sshsess *s = NULL;

		if (sshsess_open(&j->ssh, NULL, NULL, &s, &err) == SSHSESS_OK) {
			r.fingerprint = xstrdup(sshsess_fingerprint(s));
			sshsess_close(s);
		}
	}
	if (err == NULL)
		conn = host_open_uri(j->uri, &err);
	if (conn == NULL) {
		r.state = hostprobe_classify(0, err);
		r.reason = err;
	} else {
		virNodeInfo ni;
		const char *type = virConnectGetType(conn);

		r.state = HOSTPROBE_CONNECTED;
		virConnectGetLibVersion(conn, &r.lib_version);
		virConnectGetVersion(conn, &r.hv_version);
		r.hv_type = type ? xstrdup(type) : NULL;
		if (virNodeGetInfo(conn, &ni) == 0) {
			r.cpus = ni.cpus;
			r.mem_kib = ni.memory;
		}
		virResetLastError();
		virConnectClose(conn);
	}
	r.ms = time_mono_ms() - t0;
	pthread_mutex_lock(j->lock);
	j->result = r;
	j->done = true;
	pthread_cond_broadcast(j->cond);
	pthread_mutex_unlock(j->lock);
	hostprobe_job_unref(j);
	return NULL;
}

/* static: a thread left behind may still signal them */
static pthread_mutex_t probe_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t probe_cond;	/* monotonic, made once */
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

static void
probe_cond_init(void)
{
	time_cond_init(&probe_cond);
}

void
hostprobe_run(const char *const *uris, const struct hostdef *const *defs,
    size_t n, int timeout_ms, struct hostprobe *out)
{
	struct hostprobe_job **jobs = xcalloc(n ? n : 1, sizeof *jobs);
	pthread_t *threads = xcalloc(n ? n : 1, sizeof *threads);
	bool *done = xcalloc(n ? n : 1, sizeof *done);
	struct timespec until;

	pthread_once(&probe_once, probe_cond_init);

	for (size_t i = 0; i < n; i++) {
		jobs[i] = xcalloc(1, sizeof **jobs);
		atomic_init(&jobs[i]->refs, 2);
		jobs[i]->uri = xstrdup(uris[i]);
		jobs[i]->has_ssh = hosturi_ssh_target(defs ? defs[i] : NULL,
		    uris[i], (timeout_ms - 1000) / 2000, &jobs[i]->ssh);
		jobs[i]->lock = &probe_lock;
		jobs[i]->cond = &probe_cond;
		if (pthread_create(&threads[i], NULL, hostprobe_thread,
		    jobs[i]) != 0)
			fatal("cannot start a thread for %s", uris[i]);
	}
	time_abs_after(&until, timeout_ms);
	pthread_mutex_lock(&probe_lock);
	for (size_t i = 0; i < n; i++)
		while (!jobs[i]->done &&
		    pthread_cond_timedwait(&probe_cond, &probe_lock, &until) == 0)
			;
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		done[i] = jobs[i]->done;
		if (done[i]) {
			out[i] = jobs[i]->result;
			memset(&jobs[i]->result, 0, sizeof jobs[i]->result);
		} else {
			out[i].state = HOSTPROBE_NO_ANSWER;
			out[i].reason = xasprintf("no answer after %d s",
			    timeout_ms / 1000);
			out[i].ms = timeout_ms;
		}
	}
	pthread_mutex_unlock(&probe_lock);
	/* A finished thread is only letting go of its job and its libraries'
	 * per-thread state (OpenSSL's, libssh's): joined, so that state is
	 * gone when this returns. One past its deadline is left to end on
	 * its own. */
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			pthread_join(threads[i], NULL);
		else
			pthread_detach(threads[i]);
		hostprobe_job_unref(jobs[i]);
	}
	free(done);
	free(threads);
	free(jobs);
}

void
hostprobe_free(struct hostprobe *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(out[i].reason);
		free(out[i].hv_type);
		free(out[i].fingerprint);
		out[i].reason = NULL;
		out[i].hv_type = NULL;
		out[i].fingerprint = NULL;
	}
}
