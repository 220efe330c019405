/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "volcopy.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>

#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "imgfmt.h"
#include "../core/virterr.h"
#include "vmspec.h"

/* One copy, run in a thread of its own so that the caller can watch the
 * new volume grow. */
struct copy {
	virStoragePoolPtr pool;
	virStorageVolPtr src;
	char *xml;
	virStorageVolPtr made;		/* result */
	char *err;			/* libvirt's reason on failure */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
};

static void *
copy_main(void *arg)
{
	struct copy *c = arg;
	virStorageVolPtr v = virStorageVolCreateXMLFrom(c->pool, c->xml, c->src,
	    0);
	char *err = v == NULL ? virterr_take() : NULL;

	pthread_mutex_lock(&c->lock);
	c->made = v;
	c->err = err;
	c->done = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

/* Copy src into pool as name; progress while it runs. */
virStorageVolPtr
volcopy(virStoragePoolPtr pool, virStorageVolPtr src, const char *name,
    uint64_t base, uint64_t total, volcopy_progress progress, void *ctx,
    char **why)
{
	struct copy c = { .pool = pool, .src = src };
	struct vmspec_disk d = { .source = VMSPEC_SOURCE_EMPTY };
	virStorageVolInfo info;
	pthread_t t;
	/* the copy keeps the source's format, as libvirt reports it */
	char *fmt = imgfmt_of_volume(src);

	d.format = fmt;
	d.size = virStorageVolGetInfo(src, &info) == 0 ? info.capacity : 0;
	c.xml = vmspec_volume_xml(name, &d);
	free(fmt);
	pthread_mutex_init(&c.lock, NULL);
	time_cond_init(&c.cond);
	if (pthread_create(&t, NULL, copy_main, &c) != 0)
		fatal("cannot start a thread to copy a volume");
	pthread_mutex_lock(&c.lock);
	while (!c.done) {
		struct timespec until;

		time_abs_after(&until, 500);
		pthread_cond_timedwait(&c.cond, &c.lock, &until);
		if (c.done || progress == NULL)
			continue;
		pthread_mutex_unlock(&c.lock);
		virStorageVolPtr v = virStorageVolLookupByName(pool, name);
		if (v != NULL && virStorageVolGetInfo(v, &info) == 0)
			progress(ctx, base + info.allocation, total);
		if (v != NULL)
			virStorageVolFree(v);
		virResetLastError();
		pthread_mutex_lock(&c.lock);
	}
	pthread_mutex_unlock(&c.lock);
	pthread_join(t, NULL);
	pthread_cond_destroy(&c.cond);
	pthread_mutex_destroy(&c.lock);
	free(c.xml);
	*why = c.err;
	return c.made;
}

