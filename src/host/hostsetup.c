/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "hostsetup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libvirt/virterror.h>

#include "../util/paths.h"
#include "../util/xalloc.h"
#include "../create/imgfmt.h"
#include "../core/virterr.h"
#include "../core/xmlutil.h"

unsigned
hostsetup_missing(virConnectPtr conn)
{
	virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default");
	virNetworkPtr net = virNetworkLookupByName(conn, "default");
	unsigned missing = 0;

	if (pool == NULL)
		missing |= HOSTSETUP_POOL;
	else if (virStoragePoolIsActive(pool) != 1)
		missing |= HOSTSETUP_POOL_OFF;
	if (net == NULL)
		missing |= HOSTSETUP_NETWORK;
	else if (virNetworkIsActive(net) != 1)
		missing |= HOSTSETUP_NETWORK_OFF;
	if (pool != NULL)
		virStoragePoolFree(pool);
	if (net != NULL)
		virNetworkFree(net);
	virResetLastError();
	return missing;
}

bool
hostsetup_applies(virConnectPtr conn)
{
	return imgfmt_conn_is_qemu(conn);
}

char *
hostsetup_question(unsigned m)
{
	char *pool = m & HOSTSETUP_POOL ? xstrdup("\n  make pool 'default': "
	    "the directory " HOSTSETUP_POOL_PATH) : m & HOSTSETUP_POOL_OFF ?
	    xstrdup("\n  start pool 'default' (defined, not running)") :
	    xstrdup("");
	char *net = m & HOSTSETUP_NETWORK ? xstrdup("\n  make network "
	    "'default': NAT on virbr0, 192.168.122.0/24 with DHCP") :
	    m & HOSTSETUP_NETWORK_OFF ? xstrdup("\n  start network 'default' "
	    "(defined, not running)") : xstrdup("");
	char *q = xasprintf("New VMs here need a storage pool and a network "
	    "called 'default', as virt-manager sets up for a new host. Do "
	    "this, each started and autostarted?%s%s\n(Asked once per host; "
	    "vmdeck host-setup does it later.)", pool, net);

	free(pool);
	free(net);
	return q;
}


/* A new document with root element name. */
static xmlDocPtr
doc_new(const char *name, xmlNodePtr *root)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");

	*root = xmlNewNode(NULL, BAD_CAST name);
	xmlDocSetRootElement(doc, *root);
	return doc;
}

static char *
pool_xml(void)
{
	xmlNodePtr p, t;
	xmlDocPtr doc = doc_new("pool", &p);

	xmlutil_set(p, "type", "dir");
	xmlutil_add(p, "name", "default");
	t = xmlutil_add(p, "target", NULL);
	xmlutil_add(t, "path", HOSTSETUP_POOL_PATH);
	return xmlutil_dump(doc);
}

static char *
network_xml(void)
{
	xmlNodePtr n, b, ip, dhcp, r;
	xmlDocPtr doc = doc_new("network", &n);

	xmlutil_add(n, "name", "default");
	xmlutil_set(xmlutil_add(n, "forward", NULL), "mode", "nat");
	b = xmlutil_add(n, "bridge", NULL);
	xmlutil_set(b, "name", "virbr0");
	xmlutil_set(b, "stp", "on");
	xmlutil_set(b, "delay", "0");
	ip = xmlutil_add(n, "ip", NULL);
	xmlutil_set(ip, "address", "192.168.122.1");
	xmlutil_set(ip, "netmask", "255.255.255.0");
	dhcp = xmlutil_add(ip, "dhcp", NULL);
	r = xmlutil_add(dhcp, "range", NULL);
	xmlutil_set(r, "start", "192.168.122.2");
	xmlutil_set(r, "end", "192.168.122.254");
	return xmlutil_dump(doc);
}

/* Append "what: why" to *fail. */
static void
failed(char **fail, const char *what)
{
	char *why = virterr_take();
	char *f = xasprintf("%s%s%s: %s", *fail ? *fail : "", *fail ? "; " : "",
	    what, why);

	free(why);
	free(*fail);
	*fail = f;
}

static void
make_pool(virConnectPtr conn, char **done, char **fail)
{
	virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default");
	char *xml;

	virResetLastError();
	if (pool == NULL) {
		xml = pool_xml();
		pool = virStoragePoolDefineXML(conn, xml, 0);
		free(xml);
		if (pool == NULL) {
			failed(fail, "could not define pool 'default'");
			return;
		}
		if (virStoragePoolBuild(pool, 0) < 0)
			virResetLastError();	/* the directory may be there */
	}
	if (virStoragePoolIsActive(pool) != 1 && virStoragePoolCreate(pool, 0) < 0)
		failed(fail, "could not start pool 'default'");
	else if (virStoragePoolSetAutostart(pool, 1) < 0)
		failed(fail, "could not autostart pool 'default'");
	else
		*done = xasprintf("%s%spool 'default' (%s)", *done ? *done : "",
		    *done ? " and " : "", HOSTSETUP_POOL_PATH);
	virStoragePoolFree(pool);
}

static void
make_network(virConnectPtr conn, char **done, char **fail)
{
	virNetworkPtr net = virNetworkLookupByName(conn, "default");
	char *xml, *d;

	virResetLastError();
	if (net == NULL) {
		xml = network_xml();
		net = virNetworkDefineXML(conn, xml);
		free(xml);
		if (net == NULL) {
			failed(fail, "could not define network 'default'");
			return;
		}
	}
	if (virNetworkIsActive(net) != 1 && virNetworkCreate(net) < 0)
		failed(fail, "could not start network 'default'");
	else if (virNetworkSetAutostart(net, 1) < 0)
		failed(fail, "could not autostart network 'default'");
	else {
		d = xasprintf("%s%snetwork 'default' (NAT, 192.168.122.0/24)",
		    *done ? *done : "", *done ? " and " : "");
		free(*done);
		*done = d;
	}
	virNetworkFree(net);
}

int
hostsetup_make(virConnectPtr conn, unsigned what, char **msg)
{
	char *done = NULL, *fail = NULL;

	if (what & (HOSTSETUP_POOL | HOSTSETUP_POOL_OFF))
		make_pool(conn, &done, &fail);
	if (what & (HOSTSETUP_NETWORK | HOSTSETUP_NETWORK_OFF))
		make_network(conn, &done, &fail);
	if (fail != NULL) {
		*msg = xasprintf("Host setup: %s%s%s.", fail, done ? "; made " : "",
		    done ? done : "");
		free(fail);
		free(done);
		return -1;
	}
	*msg = xasprintf("Host setup: %s%s.", done ? done : "nothing to do",
	    done ? " running and autostarted" : "");
	free(done);
	return 0;
}

static char *
asked_path(void)
{
	return paths_xdg("XDG_STATE_HOME", ".local/state", "host-setup");
}

bool
hostsetup_asked(const char *uri)
{
	char *path = asked_path(), line[4096];
	FILE *f = fopen(path, "r");
	bool asked = false;

	free(path);
	while (f != NULL && !asked && fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		asked = strcmp(line, uri) == 0;
	}
	if (f != NULL)
		fclose(f);
	return asked;
}

void
hostsetup_remember(const char *uri)
{
	char *path = asked_path();
	FILE *f;

	if (paths_mkdir_parents(path) == 0 && (f = fopen(path, "a")) != NULL) {
		fprintf(f, "%s\n", uri);
		fclose(f);
	}
	free(path);
}
