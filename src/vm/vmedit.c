/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vmedit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

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
	free(e->disk_bus);
	free(e->attach_target);
	free(e->add_nic_mac);
	free(e->cdrom);
	free(e->cdrom_target);
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

/* A device of devs: the disk with target dev key (kind 'd'), the
 * interface with MAC key ('i', any case), the first CD-ROM drive ('c',
 * key unused), the first SCSI controller ('s'); NULL when none. */
static xmlNodePtr
find_device(xmlNodePtr devs, char kind, const char *key)
{
	static const char *const element[] = { "disk", "interface", "disk",
	    "controller" };
	const char *kinds = "dics", *k = strchr(kinds, kind);

	if (devs == NULL || k == NULL)
		return NULL;
	for (xmlNodePtr c = devs->children; c != NULL; c = c->next) {
		char *v = NULL;
		bool hit;

		if (c->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(c->name, BAD_CAST element[k - kinds]) != 0)
			continue;
		switch (kind) {
		case 'd':
			v = xmlutil_prop(kid(c, "target", false), "dev");
			hit = v != NULL && strcmp(v, key) == 0;
			break;
		case 'i':
			v = xmlutil_prop(kid(c, "mac", false), "address");
			hit = v != NULL && strcasecmp(v, key) == 0;
			break;
		case 'c':
			v = xmlutil_prop(c, "device");
			hit = v != NULL && strcmp(v, "cdrom") == 0;
			break;
		default:
			v = xmlutil_prop(c, "type");
			hit = v != NULL && strcmp(v, "scsi") == 0;
			break;
		}
		free(v);
		if (hit)
			return c;
	}
	return NULL;
}

/* The first of prefix + a..z (vdb, sdc) that no disk of devs1 or devs2
 * (either may be NULL) uses and that is not also (may be NULL). Caller
 * frees; NULL when all 26 are taken. */
static char *
next_target(xmlNodePtr devs1, xmlNodePtr devs2, const char *prefix,
    const char *also)
{
	for (char c = 'a'; c <= 'z'; c++) {
		char *t = xasprintf("%s%c", prefix, c);

		if (find_device(devs1, 'd', t) == NULL &&
		    find_device(devs2, 'd', t) == NULL &&
		    (also == NULL || strcmp(also, t) != 0))
			return t;
		free(t);
	}
	return NULL;
}

/* A virtio-scsi controller in devs unless it has a SCSI controller (the
 * one libvirt would add itself is an LSI, which many guests lack). */
static void
ensure_scsi(xmlNodePtr devs)
{
	xmlNodePtr c;

	if (find_device(devs, 's', NULL) != NULL)
		return;
	c = xmlNewChild(devs, NULL, BAD_CAST "controller", NULL);
	xmlSetProp(c, BAD_CAST "type", BAD_CAST "scsi");
	xmlSetProp(c, BAD_CAST "index", BAD_CAST "0");
	xmlSetProp(c, BAD_CAST "model", BAD_CAST "virtio-scsi");
}

/* Put file in CD-ROM drive cd ("": empty it). */
static void
cdrom_set_media(xmlNodePtr cd, const char *file)
{
	xmlNodePtr old, src, driver = kid(cd, "driver", false);

	while ((old = kid(cd, "source", false)) != NULL ||
	    (old = kid(cd, "backingStore", false)) != NULL) {
		xmlUnlinkNode(old);
		xmlFreeNode(old);
	}
	xmlSetProp(cd, BAD_CAST "type", BAD_CAST "file");
	if (*file == '\0')
		return;
	src = xmlNewNode(NULL, BAD_CAST "source");
	xmlSetProp(src, BAD_CAST "file", BAD_CAST file);
	if (driver != NULL)
		xmlAddNextSibling(driver, src);
	else if (cd->children != NULL)
		xmlAddPrevSibling(cd->children, src);
	else
		xmlAddChild(cd, src);
}

/* A new disk element in devs: a file on bus at target; a CD-ROM drive
 * (read-only, media file or empty) when cdrom. */
static void
add_disk(xmlNodePtr devs, const char *file, const char *format,
    const char *bus, const char *target, bool cdrom)
{
	xmlNodePtr disk = xmlNewChild(devs, NULL, BAD_CAST "disk", NULL), n;

	xmlSetProp(disk, BAD_CAST "type", BAD_CAST "file");
	xmlSetProp(disk, BAD_CAST "device", BAD_CAST (cdrom ? "cdrom" :
	    "disk"));
	n = xmlNewChild(disk, NULL, BAD_CAST "driver", NULL);
	xmlSetProp(n, BAD_CAST "name", BAD_CAST "qemu");
	xmlSetProp(n, BAD_CAST "type", BAD_CAST (format ? format : "raw"));
	if (file != NULL && *file != '\0') {
		n = xmlNewChild(disk, NULL, BAD_CAST "source", NULL);
		xmlSetProp(n, BAD_CAST "file", BAD_CAST file);
	}
	n = xmlNewChild(disk, NULL, BAD_CAST "target", NULL);
	xmlSetProp(n, BAD_CAST "dev", BAD_CAST target);
	xmlSetProp(n, BAD_CAST "bus", BAD_CAST bus);
	if (cdrom)
		xmlNewChild(disk, NULL, BAD_CAST "readonly", NULL);
	if (strcmp(bus, "scsi") == 0)
		ensure_scsi(devs);
}

/* Unlink and free n. */
static void
drop(xmlNodePtr n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
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
		if ((n = find_device(devs, 'd', e->detach)) == NULL) {
			*err = xasprintf("The VM has no disk '%s'.", e->detach);
			xmlFreeDoc(doc);
			return NULL;
		}
		drop(n);
	}
	if (e->remove_nic != NULL) {
		if ((n = find_device(devs, 'i', e->remove_nic)) == NULL) {
			*err = xasprintf("The VM has no interface with MAC %s.",
			    e->remove_nic);
			xmlFreeDoc(doc);
			return NULL;
		}
		drop(n);
	}
	if (e->attach != NULL) {
		const char *bus = e->disk_bus ? e->disk_bus : "virtio";
		char *target = e->attach_target ? xstrdup(e->attach_target) :
		    next_target(devs, NULL, strcmp(bus, "scsi") == 0 ? "sd" :
		    "vd", NULL);

		if (strcmp(bus, "virtio") != 0 && strcmp(bus, "scsi") != 0) {
			*err = xasprintf("Disk bus '%s' is not virtio or scsi.",
			    bus);
			free(target);
			xmlFreeDoc(doc);
			return NULL;
		}
		if (target == NULL) {
			*err = xstrdup("The VM has no free disk target left.");
			xmlFreeDoc(doc);
			return NULL;
		}
		add_disk(devs, e->attach, e->attach_format, bus, target, false);
		free(target);
	}
	if (e->add_nic != NULL) {
		xmlNodePtr nic = xmlNewChild(devs, NULL, BAD_CAST "interface",
		    NULL);
		xmlSetProp(nic, BAD_CAST "type", BAD_CAST "network");
		if (e->add_nic_mac != NULL) {
			n = xmlNewChild(nic, NULL, BAD_CAST "mac", NULL);
			xmlSetProp(n, BAD_CAST "address", BAD_CAST e->add_nic_mac);
		}
		n = xmlNewChild(nic, NULL, BAD_CAST "source", NULL);
		xmlSetProp(n, BAD_CAST "network", BAD_CAST e->add_nic);
		n = xmlNewChild(nic, NULL, BAD_CAST "model", NULL);
		xmlSetProp(n, BAD_CAST "type", BAD_CAST "virtio");
	}
	if (e->cdrom != NULL) {
		if ((n = find_device(devs, 'c', NULL)) != NULL)
			cdrom_set_media(n, e->cdrom);
		else if (*e->cdrom == '\0') {
			*err = xstrdup("The VM has no CD-ROM drive to eject.");
			xmlFreeDoc(doc);
			return NULL;
		} else {
			char *target = e->cdrom_target ?
			    xstrdup(e->cdrom_target) : next_target(devs, NULL,
			    "sd", NULL);

			if (target == NULL) {
				*err = xstrdup("The VM has no free disk target "
				    "left.");
				xmlFreeDoc(doc);
				return NULL;
			}
			add_disk(devs, e->cdrom, "raw", "scsi", target, true);
			free(target);
		}
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

/* n as XML text (caller frees). */
static char *
node_xml(xmlDocPtr doc, xmlNodePtr n)
{
	xmlBufferPtr b = xmlBufferCreate();
	char *x;

	xmlNodeDump(b, doc, n, 0, 0);
	x = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return x;
}

/* A MAC address in QEMU's range (52:54:00:…), random. Caller frees. */
static char *
random_mac(void)
{
	unsigned char r[3];

	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
		int64_t t = (int64_t)time(NULL) ^ (int64_t)getpid() << 8;

		r[0] = (unsigned char)t;
		r[1] = (unsigned char)(t >> 8);
		r[2] = (unsigned char)(t >> 16);
	}
	return xasprintf("52:54:00:%02x:%02x:%02x", r[0], r[1], r[2]);
}

/* The devices element of XML text (parsed into *doc, caller frees it),
 * or NULL. */
static xmlNodePtr
devices_of(const char *xml, xmlDocPtr *doc)
{
	*doc = xml ? xmlutil_parse(xml) : NULL;
	return *doc ? kid(xmlDocGetRootElement(*doc), "devices", false) : NULL;
}

/* Add the SCSI controller ctl of doc to running VM dom unless its live
 * devices ld have one (a failure is left to the disk's attach to say). */
static void
live_scsi(virDomainPtr dom, xmlNodePtr ld, xmlDocPtr doc, xmlNodePtr ctl)
{
	char *x;

	if (ctl == NULL || find_device(ld, 's', NULL) != NULL)
		return;
	x = node_xml(doc, ctl);
	if (virDomainAttachDeviceFlags(dom, x, VIR_DOMAIN_AFFECT_LIVE) < 0)
		virResetLastError();
	free(x);
}

/* Whether running VM dom still has the device of kind ('d', 'i') key. */
static bool
live_has(virDomainPtr dom, char kind, const char *key)
{
	char *x = virDomainGetXMLDesc(dom, 0);
	xmlDocPtr doc;
	bool has = find_device(devices_of(x, &doc), kind, key) != NULL;

	if (x == NULL)
		virResetLastError();
	xmlFreeDoc(doc);
	free(x);
	return has;
}

/* Make one device change on the running VM too: op 'a' attaches, 'd'
 * detaches the device n of doc (of kind, key: checked gone afterwards).
 * Says in *s what became of it: "what live and saved", "what saved,
 * applies at its next start (not live: libvirt's reason)", or that the
 * guest has not let go yet. */
static void
live_change(virDomainPtr dom, char op, xmlDocPtr doc, xmlNodePtr n,
    char kind, const char *key, const char *what, char **s)
{
	char *x = n ? node_xml(doc, n) : NULL, *why = NULL, *clause;
	int rc = -1;

	if (x == NULL)
		why = xstrdup("the running VM has no such device");
	else if (op == 'a')
		rc = virDomainAttachDeviceFlags(dom, x, VIR_DOMAIN_AFFECT_LIVE);
	else
		rc = virDomainDetachDeviceFlags(dom, x, VIR_DOMAIN_AFFECT_LIVE);
	if (rc < 0 && why == NULL)
		why = virterr_take();
	if (rc == 0 && op == 'd' && live_has(dom, kind, key))
		clause = xasprintf("%s saved; the running guest was asked to "
		    "let go of it and has not yet (it goes when the guest "
		    "agrees, or at its next start)", what);
	else if (rc == 0)
		clause = xasprintf("%s live and saved", what);
	else
		clause = xasprintf("%s saved, applies at its next start (not "
		    "live: %s)", what, why);
	say(s, clause);
	free(clause);
	free(why);
	free(x);
}

/* Put file ("": none) in the running VM's CD-ROM drive cd of doc (its
 * live XML), saying in *s what became of it under what. libvirt 9.0
 * opens the tray only of drives the VM started with ("Tray … is not
 * open" for one added while it runs): such a drive is unplugged and
 * plugged in again holding the new media. */
static void
live_media(virDomainPtr dom, xmlDocPtr doc, xmlNodePtr cd, const char *file,
    const char *what, char **s)
{
	char *old = node_xml(doc, cd), *x, *why = NULL, *why2 = NULL, *clause;
	bool out = false;

	cdrom_set_media(cd, file);
	x = node_xml(doc, cd);
	if (virDomainUpdateDeviceFlags(dom, x, VIR_DOMAIN_AFFECT_LIVE) == 0)
		clause = xasprintf("%s live and saved", what);
	else if (strstr((why = virterr_take()), "is not open") != NULL &&
	    (out = virDomainDetachDeviceFlags(dom, old,
	    VIR_DOMAIN_AFFECT_LIVE) == 0) && *file == '\0')
		/* nor does it plug in an empty drive */
		clause = xasprintf("%s the drive unplugged from the running VM "
		    "(libvirt opens the tray only of drives the VM started "
		    "with, and plugs in no empty one), and saved: it is back, "
		    "empty, at its next start", what);
	else if (out &&
	    virDomainAttachDeviceFlags(dom, x, VIR_DOMAIN_AFFECT_LIVE) == 0)
		clause = xasprintf("%s live (the drive plugged in again: libvirt "
		    "opens the tray only of drives the VM started with) and "
		    "saved", what);
	else {
		if (out)
			why2 = virterr_take();
		else
			virResetLastError();
		clause = out ? xasprintf("%s saved; the running VM's drive was "
		    "unplugged to change it and could not be plugged in again "
		    "(%s): it is back at the VM's next start", what, why2) :
		    xasprintf("%s saved, applies at its next start (not live: "
		    "%s)", what, why);
	}
	say(s, clause);
	free(clause);
	free(why);
	free(why2);
	free(old);
	free(x);
}

/* The device changes of e on running VM dom: newxml is the definition
 * just saved, live the running VM's XML before the change. A detached
 * device the guest has not let go of yet is said so. */
static void
live_devices(virDomainPtr dom, const struct vmedit *e, const char *newxml,
    const char *live, char **s)
{
	xmlDocPtr ndoc, ldoc;
	xmlNodePtr nd = devices_of(newxml, &ndoc), ld = devices_of(live, &ldoc);
	char *what;

	if (e->detach != NULL) {
		what = xasprintf("disk %s removed:", e->detach);
		live_change(dom, 'd', ldoc, find_device(ld, 'd', e->detach),
		    'd', e->detach, what, s);
		free(what);
	}
	if (e->remove_nic != NULL) {
		what = xasprintf("interface %s removed:", e->remove_nic);
		live_change(dom, 'd', ldoc, find_device(ld, 'i', e->remove_nic),
		    'i', e->remove_nic, what, s);
		free(what);
	}
	if (e->attach != NULL && e->attach_target != NULL) {
		/* a SCSI disk needs its controller in the running VM first */
		if (e->disk_bus != NULL && strcmp(e->disk_bus, "scsi") == 0)
			live_scsi(dom, ld, ndoc, find_device(nd, 's', NULL));
		what = xasprintf("disk %s (%s) added:", e->attach_target,
		    e->attach);
		live_change(dom, 'a', ndoc, find_device(nd, 'd',
		    e->attach_target), 'd', e->attach_target, what, s);
		free(what);
	}
	if (e->add_nic != NULL && e->add_nic_mac != NULL) {
		what = xasprintf("interface %s on %s added:", e->add_nic_mac,
		    e->add_nic);
		live_change(dom, 'a', ndoc, find_device(nd, 'i', e->add_nic_mac),
		    'i', e->add_nic_mac, what, s);
		free(what);
	}
	if (e->cdrom != NULL) {
		xmlNodePtr cd = find_device(ld, 'c', NULL);
		char *t = xmlutil_prop(kid(cd ? cd : find_device(nd, 'c', NULL),
		    "target", false), "dev");

		what = *e->cdrom ? xasprintf("CD-ROM %s now holds %s:", t ? t :
		    "drive", e->cdrom) : xasprintf("CD-ROM %s ejected:", t ? t :
		    "drive");
		if (cd != NULL)
			live_media(dom, ldoc, cd, e->cdrom, what, s);
		else {
			/* a new drive: hot-plugged on the SCSI bus */
			live_scsi(dom, ld, ndoc, find_device(nd, 's', NULL));
			live_change(dom, 'a', ndoc, find_device(nd, 'c', NULL),
			    'c', NULL, what, s);
		}
		free(t);
		free(what);
	}
	xmlFreeDoc(ndoc);
	xmlFreeDoc(ldoc);
}

int
vmedit_apply(virConnectPtr conn, const char *uuid, const struct vmedit *e,
    char **done, char **err)
{
	char *why = NULL, *xml, *newxml = NULL, *later = NULL, *now = NULL;
	char *live = NULL, *tgt = NULL, *cdtgt = NULL, *mac = NULL;
	struct vmedit e2 = *e;		/* e with what is chosen here */
	virStorageVolPtr added = NULL;	/* a new disk's volume */
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
	/* a running VM's devices now: new targets must be free in both */
	if (active && (live = virDomainGetXMLDesc(dom, 0)) == NULL)
		virResetLastError();
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
	/* the new disk's target and interface's MAC chosen here, so the
	 * definition and the running VM get the same device */
	{
		xmlDocPtr pd, ld;
		xmlNodePtr pdev = devices_of(xml, &pd);
		xmlNodePtr ldev = devices_of(live, &ld);
		bool scsi = e2.disk_bus && strcmp(e2.disk_bus, "scsi") == 0;

		if (e2.attach != NULL && e2.attach_target == NULL)
			e2.attach_target = tgt = next_target(pdev, ldev,
			    scsi ? "sd" : "vd", NULL);
		if (e2.cdrom != NULL && *e2.cdrom != '\0' &&
		    e2.cdrom_target == NULL &&
		    find_device(pdev, 'c', NULL) == NULL)
			e2.cdrom_target = cdtgt = next_target(pdev, ldev, "sd",
			    e2.attach_target);
		if (e2.add_nic != NULL && e2.add_nic_mac == NULL)
			e2.add_nic_mac = mac = random_mac();
		xmlFreeDoc(pd);
		xmlFreeDoc(ld);
	}
	newxml = vmedit_xml(xml, &e2, err);
	free(fmt);
	e2.attach_format = NULL;
	if (newxml != NULL) {
		def = virDomainDefineXML(conn, newxml);
		if (def == NULL) {
			why = virterr_take();
			*err = xasprintf("Could not save the settings of VM '%s': "
			    "%s", name, why);
		}
	} else
		def = NULL;
	if (added != NULL && def == NULL && virStorageVolDelete(added, 0) < 0)
		virResetLastError();
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
	if (active && e->boot)
		say(&later, "boot order");
	if (active && (e2.attach || e->detach || e->add_nic || e->remove_nic ||
	    e->cdrom))
		live_devices(dom, &e2, newxml, live, &now);
	else if (e2.attach && e2.attach_target) {
		char *c = xasprintf("disk %s (%s) added", e2.attach_target,
		    e2.attach);

		say(&now, c);
		free(c);
	}
	*done = xasprintf("VM '%s': %s%s%s.", name, now ? now : "no changes",
	    later ? "; at its next start: " : "", later ? later : "");
	rc = 0;
out:
	if (added != NULL) {
		virStorageVolFree(added);
		free(e2.attach);
	}
	free(why);
	free(xml);
	free(live);
	free(newxml);
	free(tgt);
	free(cdtgt);
	free(mac);
	free(now);
	free(later);
	virDomainFree(dom);
	return rc;
}
