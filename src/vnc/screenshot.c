/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "screenshot.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "../util/fdio.h"
#include "../util/image.h"
#include "../util/xalloc.h"
#include "../core/evq.h"
#include "../host/host.h"
#include "../core/virterr.h"

/* libvirt's message for what failed on dom, as a sentence. */
static char *
screenshot_error(virDomainPtr dom, const char *what)
{
	char *why = virterr_take();
	char *msg = xasprintf("Could not %s of %s: %s", what,
	    virDomainGetName(dom), why);

	free(why);
	return msg;
}

uint8_t *
screenshot_grab(virDomainPtr dom, size_t *len, char **mime, char **err)
{
	virStreamPtr st = virStreamNew(virDomainGetConnect(dom), 0);
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	char *type;

	if (st == NULL) {
		*err = screenshot_error(dom, "open a stream for the screen");
		return NULL;
	}
	type = virDomainScreenshot(dom, st, 0, 0);
	if (type == NULL) {
		*err = screenshot_error(dom, "take the screen");
		virStreamFree(st);
		return NULL;
	}
	for (;;) {
		int got;

		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 262144;
			buf = xrealloc(buf, cap);
		}
		got = virStreamRecv(st, (char *)buf + n, cap - n);
		if (got < 0) {
			*err = screenshot_error(dom, "read the screen");
			virStreamAbort(st);
			virStreamFree(st);
			free(buf);
			free(type);
			return NULL;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (virStreamFinish(st) < 0) {
		*err = screenshot_error(dom, "finish reading the screen");
		virStreamFree(st);
		free(buf);
		free(type);
		return NULL;
	}
	virStreamFree(st);
	*len = n;
	*mime = type;
	return buf;
}

/* Whether path ends in suffix, case folded. */
static int
screenshot_ends(const char *path, const char *suffix)
{
	size_t a = strlen(path), b = strlen(suffix);

	return a >= b && strcasecmp(path + a - b, suffix) == 0;
}

/* Write n bytes to tmp, then rename it to path. Returns 0, or -1 with
 * *err (tmp removed). */
static int
screenshot_write(const char *tmp, const char *path, const uint8_t *p,
    size_t n, char **err)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int e = 0;

	if (fd < 0) {
		*err = xasprintf("Could not write %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fdio_write_all(fd, p, n) < 0)
		e = errno;
	if (e == 0 && fsync(fd) < 0)
		e = errno;
	if (close(fd) < 0 && e == 0)
		e = errno;
	if (e == 0 && rename(tmp, path) < 0)
		e = errno;
	if (e != 0) {
		unlink(tmp);
		*err = xasprintf("Could not write %s: %s", path, strerror(e));
		return -1;
	}
	return 0;
}

int
screenshot_save(virDomainPtr dom, const char *path, char **mime, char **err)
{
	size_t len, outlen;
	char *type = NULL, *tmp;
	uint8_t *img = screenshot_grab(dom, &len, &type, err), *out;

	if (img == NULL)
		return -1;
	out = img;
	outlen = len;
	if (screenshot_ends(path, ".png") && strcmp(type, "image/png") != 0) {
		char *why = NULL;

		if (strcmp(type, "image/x-portable-pixmap") != 0 ||
		    (out = image_png_from_ppm(img, len, &outlen, &why)) == NULL) {
			*err = xasprintf("The screen of %s came as %s, which "
			    "vmdeck cannot turn into PNG%s%s; save it under "
			    "another name to keep it as it is.",
			    virDomainGetName(dom), type, why ? ": " : "",
			    why ? why : "");
			free(why);
			free(img);
			free(type);
			return -1;
		}
		free(type);
		type = xstrdup("image/png");
	}
	tmp = xasprintf("%s.vmdeck-tmp", path);
	if (screenshot_write(tmp, path, out, outlen, err) < 0) {
		free(tmp);
		if (out != img)
			free(out);
		free(img);
		free(type);
		return -1;
	}
	free(tmp);
	if (out != img)
		free(out);
	free(img);
	*mime = type;
	return 0;
}

/* --- the detail view's picture ------------------------------------------- */

struct screenshot_thumb {
	atomic_int refs;		/* the UI's and the job's */
	pthread_mutex_t lock;
	bool done;
	uint32_t *px;
	int w, h;
	char *err;
	char *uuid;
	struct evq *q;
};

static void
screenshot_thumb_unref(struct screenshot_thumb *t)
{
	if (atomic_fetch_sub(&t->refs, 1) != 1)
		return;
	free(t->px);
	free(t->err);
	free(t->uuid);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* The pixels of an image the hypervisor sent. */
static uint32_t *
screenshot_pixels(const uint8_t *img, size_t len, const char *mime, int *w,
    int *h, char **err)
{
	const uint8_t *rgb;
	uint32_t *px;

	if (strcmp(mime, "image/png") == 0)
		return image_png_decode(img, len, w, h, err);
	if (strcmp(mime, "image/x-portable-pixmap") != 0) {
		*err = xasprintf("the screen came as %s", mime);
		return NULL;
	}
	if (image_ppm_pixels(img, len, w, h, &rgb, err) < 0)
		return NULL;
	px = xcalloc((size_t)*w * (size_t)*h, sizeof *px);
	for (size_t i = 0; i < (size_t)*w * (size_t)*h; i++)
		px[i] = (uint32_t)rgb[3 * i] << 16 | (uint32_t)rgb[3 * i + 1] << 8 |
		    rgb[3 * i + 2];
	return px;
}

static void
screenshot_thumb_job(virConnectPtr conn, const char *why, void *ctx)
{
	struct screenshot_thumb *t = ctx;
	virDomainPtr dom = conn ? virDomainLookupByUUIDString(conn, t->uuid) :
	    NULL;
	uint32_t *px = NULL;
	char *err = NULL, *mime = NULL;
	uint8_t *img = NULL;
	size_t len = 0;
	int w = 0, h = 0;

	if (conn == NULL)
		err = xstrdup(why ? why : "the host is not connected");
	else if (dom == NULL)
		err = virterr_take();
	else if ((img = screenshot_grab(dom, &len, &mime, &err)) != NULL)
		px = screenshot_pixels(img, len, mime, &w, &h, &err);
	pthread_mutex_lock(&t->lock);
	t->done = true;
	t->px = px;
	t->w = w;
	t->h = h;
	t->err = err;
	pthread_mutex_unlock(&t->lock);
	evq_wake(t->q);
	free(img);
	free(mime);
	if (dom != NULL)
		virDomainFree(dom);
	screenshot_thumb_unref(t);
}

struct screenshot_thumb *
screenshot_thumb_start(struct host *h, struct evq *q, const char *uuid)
{
	struct screenshot_thumb *t = xcalloc(1, sizeof *t);

	atomic_init(&t->refs, 2);
	pthread_mutex_init(&t->lock, NULL);
	t->uuid = xstrdup(uuid);
	t->q = q;
	host_submit_call(h, screenshot_thumb_job, t);
	return t;
}

bool
screenshot_thumb_result(struct screenshot_thumb *t, uint32_t **px, int *w,
    int *h, char **err)
{
	bool done;

	pthread_mutex_lock(&t->lock);
	done = t->done;
	if (done) {
		*px = t->px;
		*w = t->w;
		*h = t->h;
		*err = t->err;
		t->px = NULL;
		t->err = NULL;
	}
	pthread_mutex_unlock(&t->lock);
	return done;
}

void
screenshot_thumb_free(struct screenshot_thumb *t)
{
	if (t != NULL)
		screenshot_thumb_unref(t);
}
