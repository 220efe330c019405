/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "clone.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libvirt/virterror.h>

#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "../core/xmlutil.h"
#include "../core/domain.h"
#include "../core/virterr.h"
#include "../create/vmspec.h"
#include "../create/volcopy.h"

#define CLONE_MAX_DISKS 16

char *
clone_xml(const char *xml, const char *new_name, char *const *paths,
    size_t npaths, char **err)
{
	xmlDocPtr doc = xmlutil_parse(xml);
	xmlNodePtr root, n, devs;
	size_t disk = 0;

	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		*err = xstrdup("The VM's XML could not be read.");
		xmlFreeDoc(doc);
		return NULL;
	}
	if ((n = xmlutil_child(root, "name")) != NULL)
		xmlNodeSetContent(n, BAD_CAST new_name);
	if ((n = xmlutil_child(root, "uuid")) != NULL) {
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
	devs = xmlutil_child(root, "devices");
	for (xmlNodePtr c = devs ? devs->children : NULL; c != NULL;
	    c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(c->name, BAD_CAST "interface") == 0 &&
		    (n = xmlutil_child(c, "mac")) != NULL) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
		if (xmlStrcmp(c->name, BAD_CAST "disk") == 0) {
			if (disk < npaths && paths[disk] != NULL &&
			    (n = xmlutil_child(c, "source")) != NULL)
				xmlSetProp(n, BAD_CAST "file", BAD_CAST paths[disk]);
			disk++;
		}
	}
	return xmlutil_dump(doc);
}

int
clone_vm(virConnectPtr conn, const char *uuid_or_name, const char *new_name,
    clone_progress progress, void *ctx, char **err)
{
	virDomainPtr src = NULL, dom = NULL;
	virStorageVolPtr made[CLONE_MAX_DISKS] = { NULL };
	char *paths[CLONE_MAX_DISKS] = { NULL };
	size_t nmade = 0, ndisks = 0;
	struct vmspec spec;
	char *xml = NULL, *newxml = NULL, *why = NULL;
	uint64_t total = 0, done = 0;
	int rc = -1;

	if (!vmspec_name_ok(new_name)) {
		*err = xasprintf("'%s' is not a valid VM name.", new_name);
		return -1;
	}
	if ((dom = virDomainLookupByName(conn, new_name)) != NULL) {
		virDomainFree(dom);
		*err = xasprintf("A VM named '%s' already exists on this host.",
		    new_name);
		return -1;
	}
	virResetLastError();
	src = domain_lookup(conn, uuid_or_name, err);
	if (src == NULL)
		return -1;
	if (virDomainIsActive(src) == 1) {
		*err = xasprintf("VM '%s' is running; shut it down before cloning "
		    "it, so its disks are copied whole.", virDomainGetName(src));
		goto out;
	}
	xml = virDomainGetXMLDesc(src, VIR_DOMAIN_XML_INACTIVE |
	    VIR_DOMAIN_XML_SECURE);
	if (xml == NULL || vmspec_from_xml(&spec, xml, err) < 0) {
		if (xml == NULL) {
			why = virterr_take();
			*err = xasprintf("Could not read VM '%s': %s",
			    virDomainGetName(src), why);
		}
		goto out;
	}
	ndisks = spec.ndisks < CLONE_MAX_DISKS ? spec.ndisks : CLONE_MAX_DISKS;
	/* first the sizes, for a progress over all disks */
	for (size_t i = 0; i < ndisks; i++) {
		virStorageVolPtr v;
		virStorageVolInfo info;

		if (spec.disks[i].source == VMSPEC_SOURCE_CDROM ||
		    spec.disks[i].path == NULL)
			continue;
		v = virStorageVolLookupByPath(conn, spec.disks[i].path);
		if (v != NULL && virStorageVolGetInfo(v, &info) == 0)
			total += info.allocation;
		if (v != NULL)
			virStorageVolFree(v);
		virResetLastError();
	}
	for (size_t i = 0; i < ndisks; i++) {
		virStorageVolPtr v;
		virStoragePoolPtr pool;
		virStorageVolInfo info;
		char *name;

		if (spec.disks[i].source == VMSPEC_SOURCE_CDROM ||
		    spec.disks[i].path == NULL)
			continue;
		v = virStorageVolLookupByPath(conn, spec.disks[i].path);
		if (v == NULL) {
			/* not a pool volume: shared as it is, as virt-clone
			 * would refuse; say so */
			why = virterr_take();
			*err = xasprintf("Disk '%s' of VM '%s' is not a volume of "
			    "any storage pool, so vmdeck cannot copy it (%s).",
			    spec.disks[i].path, virDomainGetName(src), why);
			goto undo;
		}
		pool = virStoragePoolLookupByVolume(v);
		name = xasprintf("%s-disk%zu.%s", new_name, i + 1,
		    spec.disks[i].format && strcmp(spec.disks[i].format,
		    "raw") == 0 ? "img" : "qcow2");
		free(why);
		why = NULL;
		made[nmade] = pool ? volcopy(pool, v, name, done, total,
		    progress, ctx, &why) : NULL;
		if (made[nmade] == NULL) {
			*err = xasprintf("Could not copy disk '%s' for the clone "
			    "'%s': %s", spec.disks[i].path, new_name,
			    why ? why : "no storage pool holds it");
			free(name);
			if (pool)
				virStoragePoolFree(pool);
			virStorageVolFree(v);
			goto undo;
		}
		if (virStorageVolGetInfo(v, &info) == 0)
			done += info.allocation;
		paths[i] = virStorageVolGetPath(made[nmade]);
		nmade++;
		free(name);
		virStoragePoolFree(pool);
		virStorageVolFree(v);
	}
	newxml = clone_xml(xml, new_name, paths, ndisks, err);
	if (newxml == NULL)
		goto undo;
	dom = virDomainDefineXML(conn, newxml);
	if (dom == NULL) {
		free(why);
		why = virterr_take();
		*err = xasprintf("Could not define the clone '%s': %s", new_name,
		    why);
		goto undo;
	}
	virDomainFree(dom);
	if (progress != NULL)
		progress(ctx, total, total);
	rc = 0;
	goto done_ok;
undo:
	for (size_t i = 0; i < nmade; i++)
		if (virStorageVolDelete(made[i], 0) < 0)
			virResetLastError();
done_ok:
	for (size_t i = 0; i < nmade; i++)
		virStorageVolFree(made[i]);
	for (size_t i = 0; i < ndisks; i++)
		free(paths[i]);
	vmspec_free(&spec);
out:
	free(why);
	free(xml);
	free(newxml);
	virDomainFree(src);
	return rc;
}
