#include "vmedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libvirt/virterror.h>

#include "../util/xalloc.h"
#include "domain.h"
#include "vmspec.h"
#include "virterr.h"

void
vmedit_free(struct vmedit *e)
{
	free(e->description);
	free(e->nic_network);
	free(e->nic_model);
	memset(e, 0, sizeof *e);
}

static xmlNodePtr
kid(xmlNodePtr n, const char *name, bool make)
{
	for (xmlNodePtr c = n ? n->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(c->name, BAD_CAST name) == 0)
			return c;
	return make && n ? xmlNewChild(n, NULL, BAD_CAST name, NULL) : NULL;
}

static void
set_number(xmlNodePtr n, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
	xmlNodeSetContent(n, BAD_CAST buf);
}

char *
vmedit_xml(const char *xml, const struct vmedit *e, char **err)
{
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	xmlNodePtr root, n;
	xmlChar *out = NULL;
	int len = 0;
	char buf[32], *res;

	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		*err = xstrdup("The VM's XML could not be read.");
		xmlFreeDoc(doc);
		return NULL;
	}
	if (e->max_vcpus || e->vcpus) {
		n = kid(root, "vcpu", true);
		xmlChar *cur = xmlNodeGetContent(n);
		unsigned max = e->max_vcpus ? e->max_vcpus :
		    (unsigned)atoi((const char *)cur);
		unsigned now = e->vcpus ? e->vcpus : max;

		xmlFree(cur);
		if (now > max)
			max = now;
		set_number(n, max);
		snprintf(buf, sizeof buf, "%u", now);
		if (now < max)
			xmlSetProp(n, BAD_CAST "current", BAD_CAST buf);
		else
			xmlUnsetProp(n, BAD_CAST "current");
	}
	if (e->max_memory_kib || e->memory_kib) {
		xmlNodePtr mem = kid(root, "memory", true);
		xmlNodePtr cur = kid(root, "currentMemory", true);
		xmlChar *unit = xmlGetProp(mem, BAD_CAST "unit");
		uint64_t max = e->max_memory_kib;

		/* normalise both to KiB before changing either */
		if (max == 0) {
			xmlChar *t = xmlNodeGetContent(mem);
			uint64_t v = strtoull((const char *)t, NULL, 10);

			if (unit == NULL || xmlStrcasecmp(unit, BAD_CAST "KiB") == 0)
				max = v;
			else if (xmlStrcasecmp(unit, BAD_CAST "MiB") == 0)
				max = v * 1024;
			else if (xmlStrcasecmp(unit, BAD_CAST "GiB") == 0)
				max = v * 1024 * 1024;
			else
				max = v / 1024;	/* bytes */
			xmlFree(t);
		}
		xmlFree(unit);
		if (e->memory_kib > max)
			max = e->memory_kib;
		set_number(mem, max);
		xmlSetProp(mem, BAD_CAST "unit", BAD_CAST "KiB");
		set_number(cur, e->memory_kib ? e->memory_kib : max);
		xmlSetProp(cur, BAD_CAST "unit", BAD_CAST "KiB");
	}
	if (e->description != NULL) {
		n = kid(root, "description", false);
		if (*e->description == '\0') {
			if (n != NULL) {
				xmlUnlinkNode(n);
				xmlFreeNode(n);
			}
		} else {
			if (n == NULL) {
				/* keep the usual order: after name and uuid */
				n = xmlNewNode(NULL, BAD_CAST "description");
				xmlNodePtr after = kid(root, "uuid", false);
				if (after == NULL)
					after = kid(root, "name", false);
				if (after != NULL)
					xmlAddNextSibling(after, n);
				else
					xmlAddChild(root, n);
			}
			xmlNodeSetContent(n, NULL);
			xmlNodeAddContent(n, BAD_CAST e->description);
		}
	}
	if (e->nic_network != NULL || e->nic_model != NULL) {
		xmlNodePtr iface = kid(kid(root, "devices", false), "interface",
		    false);

		if (iface != NULL && e->nic_network != NULL) {
			xmlSetProp(iface, BAD_CAST "type", BAD_CAST "network");
			n = kid(iface, "source", true);
			xmlUnsetProp(n, BAD_CAST "bridge");
			xmlSetProp(n, BAD_CAST "network", BAD_CAST e->nic_network);
		}
		if (iface != NULL && e->nic_model != NULL) {
			n = kid(iface, "model", true);
			xmlSetProp(n, BAD_CAST "type", BAD_CAST e->nic_model);
		}
	}
	xmlDocDumpFormatMemory(doc, &out, &len, 1);
	xmlFreeDoc(doc);
	res = xstrdup((const char *)out);
	xmlFree(out);
	return res;
}

/* Append a clause to a growing sentence. */
static void
say(char **s, const char *what)
{
	char *n = xasprintf("%s%s%s", *s ? *s : "", *s ? "; " : "", what);

	free(*s);
	*s = n;
}

int
vmedit_apply(virConnectPtr conn, const char *uuid, const struct vmedit *e,
    char **done, char **err)
{
	char *why = NULL, *xml, *newxml, *later = NULL, *now = NULL;
	virDomainPtr dom = domain_lookup(conn, uuid, err), def;
	const char *name;
	bool active;
	int rc = -1;

	if (dom == NULL)
		return -1;
	name = virDomainGetName(dom);
	active = virDomainIsActive(dom) == 1;
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE |
	    VIR_DOMAIN_XML_SECURE);
	if (xml == NULL) {
		why = virterr_take();
		*err = xasprintf("Could not read VM '%s': %s", name, why);
		goto out;
	}
	/* the disk first: the one step that touches storage */
	if (e->disk_size > 0) {
		struct vmspec s;

		if (vmspec_from_xml(&s, xml, err) < 0)
			goto out;
		virStorageVolPtr v = s.ndisks ? virStorageVolLookupByPath(conn,
		    s.disks[0].path ? s.disks[0].path : "") : NULL;
		virStorageVolInfo info;

		if (v == NULL || virStorageVolGetInfo(v, &info) < 0) {
			why = virterr_take();
			*err = xasprintf("Could not resize VM '%s''s first disk: it "
			    "is no storage pool's volume (%s).", name, why);
			if (v)
				virStorageVolFree(v);
			vmspec_free(&s);
			goto out;
		}
		if (e->disk_size < info.capacity) {
			*err = xasprintf("VM '%s''s first disk can only grow; it "
			    "is larger than asked.", name);
			virStorageVolFree(v);
			vmspec_free(&s);
			goto out;
		}
		if (e->disk_size > info.capacity &&
		    virStorageVolResize(v, e->disk_size, 0) < 0) {
			why = virterr_take();
			*err = xasprintf("Could not resize VM '%s''s first disk: "
			    "%s", name, why);
			virStorageVolFree(v);
			vmspec_free(&s);
			goto out;
		}
		if (e->disk_size > info.capacity)
			say(active ? &later : &now, active ? "the guest sees the "
			    "larger disk after a restart (or a rescan)" :
			    "the disk is larger");
		virStorageVolFree(v);
		vmspec_free(&s);
	}
	newxml = vmedit_xml(xml, e, err);
	if (newxml == NULL)
		goto out;
	def = virDomainDefineXML(conn, newxml);
	free(newxml);
	if (def == NULL) {
		why = virterr_take();
		*err = xasprintf("Could not save the settings of VM '%s': %s",
		    name, why);
		goto out;
	}
	virDomainFree(def);
	say(&now, "saved to its definition");
	if (e->autostart >= 0 && virDomainSetAutostart(dom, e->autostart) < 0) {
		why = virterr_take();
		*err = xasprintf("Saved VM '%s', but could not set autostart: %s",
		    name, why);
		goto out;
	}
	if (active && e->vcpus) {
		if (virDomainSetVcpusFlags(dom, e->vcpus, VIR_DOMAIN_AFFECT_LIVE)
		    == 0)
			say(&now, "vCPUs changed live");
		else {
			virResetLastError();
			say(&later, "vCPUs");
		}
	}
	if (active && e->memory_kib) {
		if (virDomainSetMemoryFlags(dom, e->memory_kib,
		    VIR_DOMAIN_AFFECT_LIVE) == 0)
			say(&now, "memory changed live");
		else {
			virResetLastError();
			say(&later, "memory");
		}
	}
	if (active && (e->max_vcpus || e->max_memory_kib || e->nic_network ||
	    e->nic_model))
		say(&later, "maximums and network settings");
	*done = xasprintf("VM '%s': %s%s%s.", name, now ? now : "no changes",
	    later ? "; at its next start: " : "", later ? later : "");
	rc = 0;
out:
	free(why);
	free(xml);
	free(now);
	free(later);
	virDomainFree(dom);
	return rc;
}
