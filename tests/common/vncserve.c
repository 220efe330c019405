/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vncserve.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/util/xalloc.h"
#include "testutil.h"

static void *
vncserve_run(void *arg)
{
	struct vncserve *v = arg;

	while (!v->stop)
		rfbProcessEvents(v->s, 5000);
	return NULL;
}

int
vncserve_start(struct vncserve *v, int w, int h, int base)
{
	memset(v, 0, sizeof *v);
	rfbLogEnable(0);
	v->w = w;
	v->h = h;
	v->s = rfbGetScreen(NULL, NULL, w, h, 8, 3, 4);
	v->s->frameBuffer = xcalloc((size_t)w * (size_t)h, 4);
	v->s->cursor = NULL;
	v->s->listenInterface = htonl(INADDR_LOOPBACK);
	v->s->ipv6port = 0;
	for (int p = base; p < base + 1050 && v->port == 0; p += 7) {
		v->s->port = p;
		v->s->autoPort = FALSE;
		rfbInitServer(v->s);
		if (v->s->listenSock >= 0)
			v->port = p;
	}
	if (v->port == 0) {
		free(v->s->frameBuffer);
		rfbScreenCleanup(v->s);
		v->s = NULL;
		return -1;
	}
	pthread_create(&v->th, NULL, vncserve_run, v);
	return 0;
}

void
vncserve_put(struct vncserve *v, int x, int y, uint32_t rgb)
{
	unsigned char *p = (unsigned char *)v->s->frameBuffer +
	    ((size_t)y * (size_t)v->w + (size_t)x) * 4;

	p[0] = (unsigned char)(rgb >> 16);
	p[1] = (unsigned char)(rgb >> 8);
	p[2] = (unsigned char)rgb;
	p[3] = 0;
}

char *
vncserve_node_uri(const struct vncserve *v, const char *dir,
    const char *name)
{
	char *xml = xasprintf("<node><domain type='test'><name>%s</name>"
	    "<memory>65536</memory><os><type>hvm</type></os><devices>"
	    "<graphics type='vnc' port='%d' listen='127.0.0.1'/></devices>"
	    "</domain></node>\n", name, v->port);
	char *node = testutil_write(dir, "node.xml", xml, strlen(xml));
	char *uri = xasprintf("test://%s", node);

	free(xml);
	free(node);
	return uri;
}

void
vncserve_stop(struct vncserve *v)
{
	if (v->s == NULL)
		return;
	v->stop = true;
	pthread_join(v->th, NULL);
	rfbShutdownServer(v->s, TRUE);
	free(v->s->frameBuffer);
	rfbScreenCleanup(v->s);
	v->s = NULL;
}
