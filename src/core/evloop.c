#include "evloop.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../util/xalloc.h"
#include "virterr.h"

static pthread_t loop_thread;
static bool registered;
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

int
evloop_start(char **err)
{
	if (running)
		return 0;
	if (!registered) {
		if (virEventRegisterDefaultImpl() < 0) {
			char *why = virterr_take();

			*err = xasprintf("Could not start libvirt's event loop: %s",
			    why);
			free(why);
			return -1;
		}
		registered = true;
	}
	atomic_store(&quit, false);
	if (pthread_create(&loop_thread, NULL, evloop_main, NULL) != 0) {
		*err = xstrdup("Could not start the event loop thread.");
		return -1;
	}
	running = true;
	return 0;
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
	if (!running)
		return;
	atomic_store(&quit, true);
	if (virEventAddTimeout(0, evloop_wake, NULL, NULL) < 0)
		virResetLastError();
	pthread_join(loop_thread, NULL);
	running = false;
}
