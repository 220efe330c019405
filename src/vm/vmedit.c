#include "vmedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libvirt/virterror.h>

#include "../util/xalloc.h"
#include "../core/xmlutil.h"
#include "../core/domain.h"
#include "../create/vmspec.h"
#include "../create/imgfmt.h"
#include "../core/virterr.h"

void
vmedit_free(struct vmedit *e)
{
	free(e->description);
	free(e->nic_network);
	free(e->nic_model);
	free(e->attach);
	free(e->detach);
	free(e->add_nic);
	free(e->remove_nic);
	free(e->boot);
	memset(e, 0, sizeof *e);
}

static xmlNodePtr
kid(xmlNodePtr n, const char *name, bool make)
{
	xmlNodePtr c = xmlutil_child(n, name);

	if (c == NULL && make && n != NULL)
		c = xmlNewChild(n, NULL, BAD_CAST name, NULL);
	return c;
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
	xmlDocPtr doc = xmlutil_parse(xml);
	xmlNodePtr root, n;
	char buf[32];

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
	xmlNodePtr devs = kid(root, "devices", true);
	if (e->detach != NULL) {
		bool found = false;

		for (xmlNodePtr c = devs->children; c != NULL; c = c->next) {
			xmlNodePtr t;
			xmlChar *dev;

			if (c->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(c->name, BAD_CAST "disk") != 0 ||
			    (t = kid(c, "target", false)) == NULL)
				continue;
			dev = xmlGetProp(t, BAD_CAST "dev");
			found = dev && xmlStrcmp(dev, BAD_CAST e->detach) == 0;
			xmlFree(dev);
			if (found) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
				break;
			}
		}
		if (!found) {
			*err = xasprintf("The VM has no disk '%s'.", e->detach);
			xmlFreeDoc(doc);
			return NULL;
		}
	}
	if (e->remove_nic != NULL) {
		bool found = false;

		for (xmlNodePtr c = devs->children; c != NULL; c = c->next) {
			xmlNodePtr m;
			xmlChar *mac;

			if (c->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(c->name, BAD_CAST "interface") != 0 ||
			    (m = kid(c, "mac", false)) == NULL)
				continue;
			mac = xmlGetProp(m, BAD_CAST "address");
			found = mac && xmlStrcasecmp(mac, BAD_CAST e->remove_nic) == 0;
			xmlFree(mac);
			if (found) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
				break;
			}
		}
		if (!found) {
			*err = xasprintf("The VM has no interface with MAC %s.",
			    e->remove_nic);
			xmlFreeDoc(doc);
			return NULL;
		}
	}
	if (e->attach != NULL) {
		/* the next free vdX */
		char target[8] = "vda";

		for (char c = 'a'; c <= 'z'; c++) {
			bool used = false;

			target[2] = c;
			for (xmlNodePtr d = devs->children; d; d = d->next) {
				xmlNodePtr t = d->type == XML_ELEMENT_NODE &&
				    xmlStrcmp(d->name, BAD_CAST "disk") == 0 ?
				    kid(d, "target", false) : NULL;
				xmlChar *dev = t ? xmlGetProp(t, BAD_CAST "dev") : NULL;

				used |= dev && xmlStrcmp(dev, BAD_CAST target) == 0;
				xmlFree(dev);
			}
			if (!used)
				break;
		}
		xmlNodePtr disk = xmlNewChild(devs, NULL, BAD_CAST "disk", NULL);
		xmlSetProp(disk, BAD_CAST "type", BAD_CAST "file");
		xmlSetProp(disk, BAD_CAST "device", BAD_CAST "disk");
		n = xmlNewChild(disk, NULL, BAD_CAST "driver", NULL);
		xmlSetProp(n, BAD_CAST "name", BAD_CAST "qemu");
		xmlSetProp(n, BAD_CAST "type", BAD_CAST
		    (e->attach_format ? e->attach_format : "raw"));
		n = xmlNewChild(disk, NULL, BAD_CAST "source", NULL);
		xmlSetProp(n, BAD_CAST "file", BAD_CAST e->attach);
		n = xmlNewChild(disk, NULL, BAD_CAST "target", NULL);
		xmlSetProp(n, BAD_CAST "dev", BAD_CAST target);
		xmlSetProp(n, BAD_CAST "bus", BAD_CAST "virtio");
	}
	if (e->add_nic != NULL) {
		xmlNodePtr nic = xmlNewChild(devs, NULL, BAD_CAST "interface",
		    NULL);
		xmlSetProp(nic, BAD_CAST "type", BAD_CAST "network");
		n = xmlNewChild(nic, NULL, BAD_CAST "source", NULL);
		xmlSetProp(n, BAD_CAST "network", BAD_CAST e->add_nic);
		n = xmlNewChild(nic, NULL, BAD_CAST "model", NULL);
		xmlSetProp(n, BAD_CAST "type", BAD_CAST "virtio");
	}
	if (e->boot != NULL) {
		xmlNodePtr os = kid(root, "os", true), c, next;
		char *list = xstrdup(e->boot), *save = NULL;

		for (c = os->children; c != NULL; c = next) {
			next = c->next;
			if (c->type == XML_ELEMENT_NODE &&
			    xmlStrcmp(c->name, BAD_CAST "boot") == 0) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			}
		}
		for (char *w = strtok_r(list, " ,", &save); w != NULL;
		    w = strtok_r(NULL, " ,", &save)) {
			if (strcmp(w, "hd") != 0 && strcmp(w, "cdrom") != 0 &&
			    strcmp(w, "network") != 0 && strcmp(w, "fd") != 0) {
				*err = xasprintf("Boot device '%s' is not one of hd, "
				    "cdrom, network, fd.", w);
				free(list);
				xmlFreeDoc(doc);
				return NULL;
			}
			n = xmlNewChild(os, NULL, BAD_CAST "boot", NULL);
			xmlSetProp(n, BAD_CAST "dev", BAD_CAST w);
		}
		free(list);
	}
	return xmlutil_dump(doc);
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
	/* a new disk: a volume in the first disk's pool (else "default"),
	 * then attached like any path */
	struct vmedit e2 = *e;
	virStorageVolPtr added = NULL;
	if (e->add_disk > 0) {
		struct vmspec s;
		struct vmspec_disk nd = { .source = VMSPEC_SOURCE_EMPTY,
		    .size = e->add_disk };
		virStoragePoolPtr pool = NULL;
		char *vname, *vxml;

		if (vmspec_from_xml(&s, xml, err) < 0)
			goto out;
		for (size_t i = 0; i < s.ndisks && pool == NULL; i++) {
			virStorageVolPtr v = s.disks[i].path ?
			    virStorageVolLookupByPath(conn, s.disks[i].path) : NULL;

			if (v != NULL) {
				pool = virStoragePoolLookupByVolume(v);
				virStorageVolFree(v);
			}
		}
		virResetLastError();
		if (pool == NULL)
			pool = virStoragePoolLookupByName(conn, "default");
		if (pool == NULL) {	/* else the host's first active pool */
			virStoragePoolPtr *all = NULL;
			int n = virConnectListAllStoragePools(conn, &all,
			    VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);

			virResetLastError();
			for (int i = 0; i < n; i++) {
				if (pool == NULL)
					pool = all[i];
				else
					virStoragePoolFree(all[i]);
			}
			free(all);
		}
		vname = xasprintf("%s-disk%zu.qcow2", name, s.ndisks + 1);
		vxml = vmspec_volume_xml(vname, &nd);
		added = pool ? virStorageVolCreateXML(pool, vxml, 0) : NULL;
		free(vxml);
		free(vname);
		if (pool != NULL)
			virStoragePoolFree(pool);
		vmspec_free(&s);
		if (added == NULL) {
			why = virterr_take();
			*err = xasprintf("Could not make a new disk for VM '%s': %s",
			    name, why);
			goto out;
		}
		e2.attach = virStorageVolGetPath(added);
		e2.attach_format = "qcow2";
	}
	/* a file attached as it is: its format as libvirt or qemu-img reads
	 * it, never from its name */
	char *fmt = NULL;
	if (e2.attach != NULL && e2.attach_format == NULL) {
		fmt = imgfmt_detect(conn, e2.attach, &why);
		if (fmt == NULL) {
			*err = xasprintf("Could not attach '%s' to VM '%s': %s",
			    e2.attach, name, why);
			goto out;
		}
		e2.attach_format = fmt;
	}
	newxml = vmedit_xml(xml, &e2, err);
	free(fmt);
	if (newxml != NULL) {
		def = virDomainDefineXML(conn, newxml);
		free(newxml);
		if (def == NULL) {
			why = virterr_take();
			*err = xasprintf("Could not save the settings of VM '%s': "
			    "%s", name, why);
		}
	} else
		def = NULL;
	if (added != NULL) {
		if (def == NULL && virStorageVolDelete(added, 0) < 0)
			virResetLastError();
		virStorageVolFree(added);
		free(e2.attach);
	}
	if (def == NULL)
		goto out;
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
	if (active && (e->add_disk || e->attach || e->detach || e->add_nic ||
	    e->remove_nic || e->boot))
		say(&later, "devices and boot order");
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
