/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "evloop.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../util/xalloc.h"
#include "virterr.h"

static pthread_mutex_t loop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t loop_thread;
static bool registered;
static bool external;		/* the caller runs the loop itself */
static bool running;
static atomic_bool quit;

static void *
evloop_main(void *arg)
{
	(void)arg;
	while (!atomic_load(&quit))
		if (virEventRunDefaultImpl() < 0)
			virResetLastError();
	return NULL;
}

static int
evloop_register_locked(char **err)
{
	if (registered)
		return 0;
	if (virEventRegisterDefaultImpl() < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not start libvirt's event loop: %s", why);
		free(why);
		return -1;
	}
	registered = true;
	return 0;
}

int
evloop_register(char **err)
{
	int rc;

	pthread_mutex_lock(&loop_lock);
	rc = evloop_register_locked(err);
	if (rc == 0)
		external = true;
	pthread_mutex_unlock(&loop_lock);
	return rc;
}

int
evloop_start(char **err)
{
	int rc = 0;

	pthread_mutex_lock(&loop_lock);
	if (running || external)
		goto out;
	if ((rc = evloop_register_locked(err)) < 0)
		goto out;
	atomic_store(&quit, false);
	if (pthread_create(&loop_thread, NULL, evloop_main, NULL) != 0) {
		*err = xstrdup("Could not start the event loop thread.");
		rc = -1;
		goto out;
	}
	running = true;
out:
	pthread_mutex_unlock(&loop_lock);
	return rc;
}

/* A one-shot timer whose only job is to make the loop turn once more. */
static void
evloop_wake(int timer, void *opaque)
{
	(void)opaque;
	virEventRemoveTimeout(timer);
}

void
evloop_stop(void)
{
	pthread_mutex_lock(&loop_lock);
	if (running) {
		atomic_store(&quit, true);
		if (virEventAddTimeout(0, evloop_wake, NULL, NULL) < 0)
			virResetLastError();
		pthread_join(loop_thread, NULL);
		running = false;
	}
	pthread_mutex_unlock(&loop_lock);
}
