/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "domxml.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../util/xalloc.h"
#include "../core/virterr.h"
#include "../core/xmlutil.h"

struct domxml {
	atomic_int refs;		/* the UI's and the job's */
	pthread_mutex_t lock;		/* guards done, xml, err */
	bool done;
	char *xml;
	char *err;
	char *uuid;
	struct evq *q;
};

static void
domxml_unref(struct domxml *r)
{
	if (atomic_fetch_sub(&r->refs, 1) != 1)
		return;
	free(r->xml);
	free(r->err);
	free(r->uuid);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static void
domxml_job(virConnectPtr conn, const char *why, void *ctx)
{
	struct domxml *r = ctx;
	virDomainPtr dom = conn ? virDomainLookupByUUIDString(conn, r->uuid) :
	    NULL;
	char *xml = NULL, *err = NULL;

	if (conn == NULL)
		err = xstrdup(why ? why : "the host is not connected");
	else if (dom == NULL || (xml = virDomainGetXMLDesc(dom, 0)) == NULL)
		err = virterr_take();
	if (dom != NULL)
		virDomainFree(dom);
	pthread_mutex_lock(&r->lock);
	r->done = true;
	r->xml = xml;
	r->err = err;
	pthread_mutex_unlock(&r->lock);
	evq_wake(r->q);
	domxml_unref(r);
}

struct domxml *
domxml_start(struct host *h, struct evq *q, const char *uuid)
{
	struct domxml *r = xcalloc(1, sizeof *r);

	atomic_init(&r->refs, 2);
	pthread_mutex_init(&r->lock, NULL);
	r->uuid = xstrdup(uuid);
	r->q = q;
	host_submit_call(h, domxml_job, r);
	return r;
}

bool
domxml_result(struct domxml *r, char **xml, char **err)
{
	bool done;

	pthread_mutex_lock(&r->lock);
	done = r->done;
	if (done) {
		*xml = r->xml;
		*err = r->err;
		r->xml = NULL;
		r->err = NULL;
	}
	pthread_mutex_unlock(&r->lock);
	return done;
}

void
domxml_free(struct domxml *r)
{
	if (r != NULL)
		domxml_unref(r);
}

char *
domxml_accel(const char *xml)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	xmlChar *type = root ? xmlGetProp(root, BAD_CAST "type") : NULL;
	char *r = NULL;

	if (type != NULL)
		r = strcmp((const char *)type, "kvm") == 0 ? xstrdup("KVM") :
		    strcmp((const char *)type, "qemu") == 0 ?
		    xstrdup("TCG (software emulation, slow)") :
		    xstrdup((const char *)type);
	xmlFree(type);
	if (doc != NULL)
		xmlFreeDoc(doc);
	return r;
}
