/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vmdelete.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libvirt/virterror.h>

#include "../util/xalloc.h"
#include "../core/domain.h"
#include "../core/virterr.h"
#include "../create/vmspec.h"
#include "../core/xmlutil.h"

long
vmdelete_paths(const char *name, const char *xml, char ***paths, char **err)
{
	struct vmspec s;
	char *seed = xasprintf("/%s-seed.iso", name);
	size_t seedlen = strlen(seed);
	long n = 0;

	*paths = NULL;
	if (vmspec_from_xml(&s, xml, err) < 0) {
		free(seed);
		return -1;
	}
	for (size_t i = 0; i < s.ndisks; i++) {
		const char *p = s.disks[i].path;
		size_t l = p ? strlen(p) : 0;

		if (p == NULL)
			continue;
		/* a CD-ROM only when it is the seed vmdeck made for this VM */
		if (s.disks[i].source == VMSPEC_SOURCE_CDROM &&
		    (l < seedlen || strcmp(p + l - seedlen, seed) != 0))
			continue;
		*paths = xreallocarray(*paths, (size_t)n + 1, sizeof **paths);
		(*paths)[n++] = xstrdup(p);
	}
	vmspec_free(&s);
	free(seed);
	return n;
}

/* Whether the domain or snapshot XML text uses path as a disk's file (or
 * as a backing file). */
static bool
xml_uses(const char *xml, const char *path)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
	xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression(BAD_CAST
	    "//disk//source/@file", ctx) : NULL;
	bool used = false;

	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr &&
	    !used; i++) {
		xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[i]);

		used = v != NULL && strcmp((const char *)v, path) == 0;
		xmlFree(v);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	if (doc != NULL)
		xmlFreeDoc(doc);
	return used;
}

char *
vmdelete_path_user(virConnectPtr conn, const char *path,
    const char *except_uuid)
{
	virDomainPtr *doms = NULL;
	int n = virConnectListAllDomains(conn, &doms, 0);
	char *who = NULL;

	if (n < 0)
		virResetLastError();
	for (int i = 0; i < n; i++) {
		char uuid[VIR_UUID_STRING_BUFLEN] = "";
		virDomainSnapshotPtr *snaps = NULL;
		int ns;

		if (who == NULL && virDomainGetUUIDString(doms[i], uuid) == 0 &&
		    (except_uuid == NULL || strcmp(uuid, except_uuid) != 0)) {
			char *xml = virDomainGetXMLDesc(doms[i],
			    VIR_DOMAIN_XML_INACTIVE);

			if (xml_uses(xml, path))
				who = xstrdup(virDomainGetName(doms[i]));
			free(xml);
		}
		ns = who ? 0 : virDomainListAllSnapshots(doms[i], &snaps, 0);
		if (ns < 0)
			virResetLastError();
		for (int k = 0; k < ns; k++) {
			char *xml = who ? NULL :
			    virDomainSnapshotGetXMLDesc(snaps[k], 0);

			if (xml_uses(xml, path))
				who = xasprintf("%s/%s (a snapshot)",
				    virDomainGetName(doms[i]),
				    virDomainSnapshotGetName(snaps[k]));
			free(xml);
			virDomainSnapshotFree(snaps[k]);
		}
		free(snaps);
		virDomainFree(doms[i]);
	}
	free(doms);
	virResetLastError();
	return who;
}

int
vmdelete_run(virConnectPtr conn, virDomainPtr dom, const char *name,
    char *const *paths, size_t n, char **msg)
{
	char uuid[VIR_UUID_STRING_BUFLEN] = "", *err = NULL, *kept = NULL;
	char **users = xcalloc(n ? n : 1, sizeof *users);
	size_t deleted = 0;

	if (virDomainIsActive(dom) == 1) {
		*msg = xasprintf("VM '%s' is running; force it off before "
		    "deleting its storage.", name);
		free(users);
		return -1;
	}
	if (virDomainGetUUIDString(dom, uuid) < 0)
		virResetLastError();
	/* who else uses each file, asked while this VM's snapshots exist */
	for (size_t i = 0; i < n; i++)
		users[i] = vmdelete_path_user(conn, paths[i], uuid);
	if (domain_action_run(dom, DOMAIN_ACTION_UNDEFINE, name, &err) < 0) {
		*msg = err;
		for (size_t i = 0; i < n; i++)
			free(users[i]);
		free(users);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		virStorageVolPtr vol = users[i] ? NULL :
		    virStorageVolLookupByPath(conn, paths[i]);
		char *why = NULL, *k;

		if (users[i] == NULL && vol != NULL &&
		    virStorageVolDelete(vol, 0) == 0) {
			deleted++;
			virStorageVolFree(vol);
			continue;
		}
		if (users[i] != NULL)
			why = xasprintf("used by %s", users[i]);
		else {
			char *e = virterr_take();

			why = xasprintf(vol ? "%s" : "no pool's volume: %s", e);
			free(e);
		}
		k = xasprintf("%s%s%s (%s)", kept ? kept : "", kept ? ", " : "",
		    paths[i], why);
		free(kept);
		kept = k;
		free(why);
		if (vol != NULL)
			virStorageVolFree(vol);
	}
	*msg = xasprintf("Deleted VM '%s' and %zu volume%s%s%s.", name, deleted,
	    deleted == 1 ? "" : "s", kept ? "; kept " : "", kept ? kept : "");
	for (size_t i = 0; i < n; i++)
		free(users[i]);
	free(users);
	free(kept);
	return 0;
}

int
vmdelete_all(virDomainPtr dom, const char *name, char **msg)
{
	char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE), **paths;
	long n;
	int rc;

	if (xml == NULL) {
		char *why = virterr_take();

		*msg = xasprintf("Could not read VM '%s': %s", name, why);
		free(why);
		return -1;
	}
	n = vmdelete_paths(name, xml, &paths, msg);
	free(xml);
	if (n < 0)
		return -1;
	rc = vmdelete_run(virDomainGetConnect(dom), dom, name, paths, (size_t)n,
	    msg);
	for (long i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}
