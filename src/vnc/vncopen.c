/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vncopen.h"

#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/tree.h>

#include "../core/virterr.h"
#include "../core/xmlutil.h"
#include "../util/msglog.h"
#include "../util/xalloc.h"
#include "../config/hosturi.h"

struct vncopen {
	atomic_int refs;		/* the UI's and the job's */
	pthread_mutex_t lock;
	bool done;
	int fd;
	char *password;
	char *err;
	char *uuid, *name, *uri;
	struct host *h;			/* referenced */
	struct evq *q;
};

static void
vncopen_unref(struct vncopen *o)
{
	if (atomic_fetch_sub(&o->refs, 1) != 1)
		return;
	if (o->fd >= 0)
		close(o->fd);
	if (o->password != NULL)
		explicit_bzero(o->password, strlen(o->password));
	free(o->password);
	free(o->err);
	free(o->uuid);
	free(o->name);
	free(o->uri);
	host_unref(o->h);
	pthread_mutex_destroy(&o->lock);
	free(o);
}

static char *
vncopen_prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

int
vncopen_graphics(const char *xml, const char *name, struct vncopen_graphics *g,
    char **err)
{
	xmlDocPtr doc = xmlutil_parse(xml);
	xmlNodePtr dev = doc ? xmlutil_child(xmlDocGetRootElement(doc),
	    "devices") : NULL;
	bool other = false;

	memset(g, 0, sizeof *g);
	g->port = -1;
	for (xmlNodePtr n = dev ? dev->children : NULL; n; n = n->next) {
		char *type, *port;

		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "graphics") != 0)
			continue;
		type = vncopen_prop(n, "type");
		if (type == NULL || strcmp(type, "vnc") != 0) {
			other = true;
			free(type);
			continue;
		}
		free(type);
		port = vncopen_prop(n, "port");
		g->port = port ? atoi(port) : -1;
		free(port);
		g->listen = vncopen_prop(n, "listen");
		g->socket = vncopen_prop(n, "socket");
		g->password = vncopen_prop(n, "passwd");
		for (xmlNodePtr l = n->children; l; l = l->next) {
			char *lt;

			if (l->type != XML_ELEMENT_NODE ||
			    strcmp((const char *)l->name, "listen") != 0)
				continue;
			lt = vncopen_prop(l, "type");
			if (lt && strcmp(lt, "socket") == 0 && g->socket == NULL)
				g->socket = vncopen_prop(l, "socket");
			else if (lt && strcmp(lt, "address") == 0 &&
			    g->listen == NULL)
				g->listen = vncopen_prop(l, "address");
			free(lt);
		}
		xmlFreeDoc(doc);
		return 0;
	}
	if (doc == NULL)
		*err = xasprintf("The XML of VM '%s' could not be read.", name);
	else
		*err = xasprintf("VM '%s' has no VNC display%s; add one "
		    "(<graphics type='vnc'/>) to see its screen.", name, other ?
		    " (its graphics are of another type)" : "");
	xmlFreeDoc(doc);
	return -1;
}

void
vncopen_graphics_clear(struct vncopen_graphics *g)
{
	free(g->listen);
	if (g->password != NULL)
		explicit_bzero(g->password, strlen(g->password));
	free(g->password);
	free(g->socket);
	memset(g, 0, sizeof *g);
}

/* Dial the display's socket or TCP port on this machine. Returns a
 * connected fd, or -1 with *err. */
static int
vncopen_dial(const struct vncopen_graphics *g, const char *name, char **err)
{
	int fd;

	if (g->socket != NULL) {
		struct sockaddr_un a = { .sun_family = AF_UNIX };

		snprintf(a.sun_path, sizeof a.sun_path, "%s", g->socket);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
			return fd;
		*err = xasprintf("Could not reach the VNC display of VM '%s' at "
		    "%s: %s.", name, g->socket, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (g->port <= 0) {
		*err = xasprintf("The VNC display of VM '%s' has no port yet "
		    "(is the VM running?).", name);
		return -1;
	}
	{
		/* a display on every address is reachable on loopback */
		const char *addr = g->listen == NULL ||
		    strcmp(g->listen, "0.0.0.0") == 0 ||
		    strcmp(g->listen, "::") == 0 ? "127.0.0.1" : g->listen;
		struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
		char port[16];
		int rc;

		snprintf(port, sizeof port, "%d", g->port);
		rc = getaddrinfo(addr, port, &hints, &res);
		if (rc != 0) {
			*err = xasprintf("Could not resolve %s for the VNC display "
			    "of VM '%s': %s.", addr, name, gai_strerror(rc));
			return -1;
		}
		fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, 0);
		if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
			*err = xasprintf("Could not reach the VNC display of VM "
			    "'%s' at %s:%d: %s.", name, addr, g->port,
			    strerror(errno));
			if (fd >= 0)
				close(fd);
			fd = -1;
		}
		freeaddrinfo(res);
		return fd;
	}
}

static void
vncopen_job(virConnectPtr conn, const char *why, void *ctx)
{
	struct vncopen *o = ctx;
	virDomainPtr dom = NULL;
	char *xml = NULL, *err = NULL;
	struct vncopen_graphics g = { 0 };
	int fd = -1;

	if (conn == NULL) {
		err = xasprintf("The VNC display of VM '%s' cannot be opened: "
		    "%s.", o->name, why ? why : "the host is not connected");
		goto out;
	}
	dom = virDomainLookupByUUIDString(conn, o->uuid);
	if (dom == NULL) {
		char *r = virterr_take();

		err = xasprintf("VM '%s' is gone: %s", o->name, r);
		free(r);
		goto out;
	}
	/* the password needs the secure XML; without the right to it, the
	 * plain one still names the display */
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_SECURE);
	if (xml == NULL) {
		virResetLastError();
		xml = virDomainGetXMLDesc(dom, 0);
	}
	if (xml == NULL) {
		char *r = virterr_take();

		err = xasprintf("Could not read the XML of VM '%s': %s", o->name,
		    r);
		free(r);
		goto out;
	}
	if (vncopen_graphics(xml, o->name, &g, &err) < 0)
		goto out;
	if (!hosturi_is_local(o->uri)) {
		/* through vmdeck's own SSH session to the host: the display's
		 * socket or port as the host itself sees it */
		const char *to = g.listen == NULL ||
		    strcmp(g.listen, "0.0.0.0") == 0 ||
		    strcmp(g.listen, "::") == 0 ? "127.0.0.1" : g.listen;

		if (g.socket == NULL && g.port <= 0) {
			err = xasprintf("The VNC display of VM '%s' has no port "
			    "yet (is the VM running?).", o->name);
			goto out;
		}
		fd = host_ssh_forward(o->h, to, g.port, g.socket, &err);
		if (fd < 0) {
			char *more = xasprintf("The VNC display of VM '%s' could "
			    "not be reached: %s", o->name, err);

			free(err);
			err = more;
		}
		goto out;
	}
	/* libvirt's own socket to the display: no port, no password */
	fd = virDomainOpenGraphicsFD(dom, 0,
	    VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
	if (fd < 0) {
		char *r = virterr_take();

		msglog_add(MSGLOG_INFO, "VNC: libvirt gave no socket for VM "
		    "'%s' (%s); dialling its display", o->name, r);
		free(r);
		fd = vncopen_dial(&g, o->name, &err);
	}
out:
	pthread_mutex_lock(&o->lock);
	o->done = true;
	o->fd = fd;
	o->err = err;
	o->password = g.password;
	g.password = NULL;
	pthread_mutex_unlock(&o->lock);
	evq_wake(o->q);
	vncopen_graphics_clear(&g);
	free(xml);
	if (dom != NULL)
		virDomainFree(dom);
	vncopen_unref(o);
}

struct vncopen *
vncopen_start(struct host *h, struct evq *q, const char *uuid,
    const char *name)
{
	struct vncopen *o = xcalloc(1, sizeof *o);

	atomic_init(&o->refs, 2);
	pthread_mutex_init(&o->lock, NULL);
	o->fd = -1;
	o->uuid = xstrdup(uuid);
	o->name = xstrdup(name);
	o->uri = xstrdup(host_uri(h));
	o->h = host_ref(h);
	o->q = q;
	host_submit_call(h, vncopen_job, o);
	return o;
}

bool
vncopen_result(struct vncopen *o, int *fd, char **password, char **err)
{
	bool done;

	pthread_mutex_lock(&o->lock);
	done = o->done;
	if (done) {
		*fd = o->fd;
		*password = o->password;
		*err = o->err;
		o->fd = -1;
		o->password = NULL;
		o->err = NULL;
	}
	pthread_mutex_unlock(&o->lock);
	return done;
}

void
vncopen_free(struct vncopen *o)
{
	if (o != NULL)
		vncopen_unref(o);
}
