/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/statvfs.h>

#include <libvirt/virterror.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "../core/virterr.h"
#include "../create/imgfmt.h"
#include "../core/xmlutil.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"

/* --- reading ----------------------------------------------------------- */

static char *
node_text(xmlNodePtr n)
{
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	char *s = t && *t ? xstrdup((const char *)t) : NULL;

	xmlFree(t);
	return s;
}

/* An attribute of ours; an empty one counts as none. */
static char *
attr(xmlNodePtr n, const char *name)
{
	char *s = xmlutil_prop(n, name);

	if (s != NULL && *s == '\0') {
		free(s);
		s = NULL;
	}
	return s;
}

static enum snap_kind
kind_of(const char *word)
{
	if (word == NULL || strcmp(word, "no") == 0)
		return SNAP_NONE;
	if (strcmp(word, "internal") == 0)
		return SNAP_INTERNAL;
	if (strcmp(word, "external") == 0)
		return SNAP_EXTERNAL;
	return SNAP_NONE;
}

void
snapshot_clear(struct snapshot *s)
{
	free(s->name);
	free(s->parent);
	free(s->description);
	free(s->state);
	free(s->memory_file);
	for (size_t i = 0; i < s->ndisks; i++) {
		free(s->disks[i].target);
		free(s->disks[i].file);
	}
	free(s->disks);
	memset(s, 0, sizeof *s);
}

int
snapshot_parse(const char *xml, struct snapshot *s, char **err)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, n;

	memset(s, 0, sizeof *s);
	if (root == NULL || strcmp((const char *)root->name,
	    "domainsnapshot") != 0) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		*err = xstrdup("libvirt gave a snapshot description vmdeck "
		    "could not read");
		return -1;
	}
	s->name = node_text(xmlutil_child(root, "name"));
	s->description = node_text(xmlutil_child(root, "description"));
	s->state = node_text(xmlutil_child(root, "state"));
	s->parent = node_text(xmlutil_child(xmlutil_child(root, "parent"),
	    "name"));
	char *t = node_text(xmlutil_child(root, "creationTime"));
	s->created = t ? strtoll(t, NULL, 10) : 0;
	free(t);
	n = xmlutil_child(root, "memory");
	char *m = attr(n, "snapshot");
	s->memory = kind_of(m);
	free(m);
	s->memory_file = attr(n, "file");
	for (n = xmlutil_child(root, "disks"), n = n ? n->children : NULL;
	    n != NULL; n = n->next) {
		struct snap_disk *d;
		char *k;

		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "disk") != 0)
			continue;
		s->disks = xreallocarray(s->disks, s->ndisks + 1,
		    sizeof *s->disks);
		d = &s->disks[s->ndisks++];
		memset(d, 0, sizeof *d);
		d->target = attr(n, "name");
		k = attr(n, "snapshot");
		d->kind = kind_of(k);
		free(k);
		d->file = attr(xmlutil_child(n, "source"), "file");
	}
	xmlFreeDoc(doc);
	if (s->name == NULL) {
		snapshot_clear(s);
		*err = xstrdup("a snapshot without a name");
		return -1;
	}
	return 0;
}

enum snap_kind
snapshot_kind(const struct snapshot *s)
{
	bool internal = s->memory == SNAP_INTERNAL;
	bool external = s->memory == SNAP_EXTERNAL;

	for (size_t i = 0; i < s->ndisks; i++) {
		internal |= s->disks[i].kind == SNAP_INTERNAL;
		external |= s->disks[i].kind == SNAP_EXTERNAL;
	}
	if (internal && external)
		return SNAP_MIXED;
	return external ? SNAP_EXTERNAL : SNAP_INTERNAL;
}

const char *
snapshot_kind_name(enum snap_kind k)
{
	switch (k) {
	case SNAP_INTERNAL: return "internal";
	case SNAP_EXTERNAL: return "external";
	case SNAP_MIXED: return "mixed";
	default: return "none";
	}
}

void
snap_list_clear(struct snap_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		snapshot_clear(&l->s[i]);
	free(l->s);
	l->s = NULL;
	l->n = 0;
}

static long
find_name(const struct snap_list *l, const char *name)
{
	for (size_t i = 0; name != NULL && i < l->n; i++)
		if (strcmp(l->s[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* The children of parent (-1: the roots), oldest first, appended to out
 * with their descendants. */
static void
tree_emit(const struct snap_list *l, long parent, int depth, size_t *out,
    size_t *n, bool *done)
{
	for (;;) {
		long best = -1;

		for (size_t i = 0; i < l->n; i++) {
			long p = find_name(l, l->s[i].parent);

			if (done[i] || p != parent)
				continue;
			if (best < 0 || l->s[i].created < l->s[best].created ||
			    (l->s[i].created == l->s[best].created &&
			    strcmp(l->s[i].name, l->s[best].name) < 0))
				best = (long)i;
		}
		if (best < 0)
			return;
		done[best] = true;
		l->s[best].depth = depth;
		out[(*n)++] = (size_t)best;
		tree_emit(l, best, depth + 1, out, n, done);
	}
}

void
snapshot_tree_order(struct snap_list *l)
{
	size_t *order = xcalloc(l->n ? l->n : 1, sizeof *order), n = 0;
	bool *done = xcalloc(l->n ? l->n : 1, sizeof *done);
	struct snapshot *s = xcalloc(l->n ? l->n : 1, sizeof *s);

	tree_emit(l, -1, 0, order, &n, done);
	/* a loop of parents (nothing libvirt makes): the rest as roots */
	for (size_t i = 0; i < l->n; i++)
		if (!done[i]) {
			done[i] = true;
			l->s[i].depth = 0;
			order[n++] = i;
		}
	for (size_t i = 0; i < n; i++)
		s[i] = l->s[order[i]];
	free(l->s);
	l->s = s;
	free(order);
	free(done);
}

static void snapshot_read_vmstate(virDomainPtr dom, struct snap_list *l);

int
snapshot_list(virDomainPtr dom, struct snap_list *l, char **err)
{
	virDomainSnapshotPtr *snaps = NULL;
	int n = virDomainListAllSnapshots(dom, &snaps, 0);

	memset(l, 0, sizeof *l);
	if (n < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not list the snapshots of VM '%s': %s",
		    virDomainGetName(dom), why);
		free(why);
		return -1;
	}
	l->s = xcalloc(n ? (size_t)n : 1, sizeof *l->s);
	for (int i = 0; i < n; i++) {
		char *xml = virDomainSnapshotGetXMLDesc(snaps[i], 0), *e = NULL;

		if (xml != NULL && snapshot_parse(xml, &l->s[l->n], &e) == 0) {
			struct snapshot *s = &l->s[l->n++];

			s->current = virDomainSnapshotIsCurrent(snaps[i], 0) == 1;
			/* an overlay's size on disk, where a pool has it */
			for (size_t k = 0; k < s->ndisks; k++) {
				virStorageVolPtr v = s->disks[k].file ?
				    virStorageVolLookupByPath(
				    virDomainGetConnect(dom), s->disks[k].file) :
				    NULL;
				virStorageVolInfo info;

				if (v != NULL && virStorageVolGetInfo(v, &info) == 0)
					s->disks[k].size = info.allocation;
				if (v != NULL)
					virStorageVolFree(v);
				virResetLastError();
			}
		} else
			virResetLastError();
		free(e);
		free(xml);
		virDomainSnapshotFree(snaps[i]);
	}
	free(snaps);
	snapshot_read_vmstate(dom, l);
	snapshot_tree_order(l);
	return 0;
}

/* s as a JSON string literal (quotes included), or null. */
char *
snapshot_list_json(const struct snap_list *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		fatal("out of memory");
	fputc('[', f);
	for (size_t i = 0; i < l->n; i++) {
		const struct snapshot *s = &l->s[i];

		fprintf(f, "%s{\"name\":", i ? "," : "");
		fmt_json_str(f, s->name);
		fputs(",\"parent\":", f);
		fmt_json_str(f, s->parent);
		fprintf(f, ",\"current\":%s,\"created\":%lld,\"state\":",
		    s->current ? "true" : "false", (long long)s->created);
		fmt_json_str(f, s->state);
		fputs(",\"kind\":", f);
		fmt_json_str(f, snapshot_kind_name(snapshot_kind(s)));
		fputs(",\"memory\":", f);
		fmt_json_str(f, snapshot_kind_name(s->memory));
		if (s->vmstate > 0)
			fprintf(f, ",\"memory_size\":%llu",
			    (unsigned long long)s->vmstate);
		else
			fputs(",\"memory_size\":null", f);
		fputs(",\"description\":", f);
		fmt_json_str(f, s->description);
		fprintf(f, ",\"depth\":%d,\"disks\":[", s->depth);
		for (size_t k = 0; k < s->ndisks; k++) {
			fprintf(f, "%s{\"target\":", k ? "," : "");
			fmt_json_str(f, s->disks[k].target);
			fputs(",\"kind\":", f);
			fmt_json_str(f, snapshot_kind_name(s->disks[k].kind));
			fputs(",\"file\":", f);
			fmt_json_str(f, s->disks[k].file);
			if (s->disks[k].size > 0)
				fprintf(f, ",\"size\":%llu",
				    (unsigned long long)s->disks[k].size);
			else
				fputs(",\"size\":null", f);
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs("]\n", f);
	if (fclose(f) != 0)
		fatal("out of memory");
	return text;
}

/* --- deciding the kind --------------------------------------------------- */

static char *
version_text(unsigned long v)
{
	return xasprintf("%lu.%lu.%lu", v / 1000000, v / 1000 % 1000, v % 1000);
}

void
snapshot_plan_clear(struct snap_plan *p)
{
	free(p->why);
	memset(p, 0, sizeof *p);
}

int
snapshot_decide(const struct snap_facts *f, const struct snap_request *rq,
    struct snap_plan *p, char **err)
{
	char *ver = version_text(f->libvirt);
	const char *internal_no;
	char *uefi_why = NULL;		/* why not internal, or NULL */
	bool live_disk_only = f->running && rq->disk_only;
	int rc = -1;

	memset(p, 0, sizeof *p);
	if (f->ndisks == 0) {
		*err = xstrdup("it has no disk to snapshot");
		goto out;
	}
	if (f->shareable[0] != '\0') {
		*err = xasprintf("disk %s is shareable: another VM may write it, "
		    "so no snapshot of it is consistent", f->shareable);
		goto out;
	}
	if (f->existing == SNAP_MIXED) {
		*err = xstrdup("it has internal and external snapshots already "
		    "(made by another tool); vmdeck does not add to a mix, which "
		    "libvirt cannot revert or delete safely");
		goto out;
	}
	if (rq->quiesce && !live_disk_only) {
		*err = xstrdup("quiescing goes with a disk-only snapshot of a "
		    "running VM (the guest agent freezes its file systems for "
		    "it)");
		goto out;
	}
	/* what stops an internal one, said two ways */
	if (f->not_qcow2[0] != '\0')
		uefi_why = xasprintf("disk %s is not qcow2, which holds no "
		    "internal snapshot", f->not_qcow2);
	else if (f->uefi && f->libvirt < SNAPSHOT_UEFI_INTERNAL_SINCE)
		uefi_why = xasprintf("it boots UEFI, whose variables an internal "
		    "snapshot holds only from libvirt 10.10 (this host has %s)",
		    ver);
	else if (live_disk_only)
		uefi_why = xstrdup("a disk-only snapshot of a running VM is "
		    "external");
	internal_no = uefi_why;

	if (f->existing == SNAP_INTERNAL || (f->existing == SNAP_NONE &&
	    internal_no == NULL)) {
		if (internal_no != NULL) {
			/* its snapshots are internal: another kind would mix */
			*err = xasprintf("its snapshots are internal, and %s; "
			    "vmdeck never mixes internal and external snapshots "
			    "on one VM%s", internal_no, live_disk_only ?
			    " (include the memory, or shut it down first)" : "");
			goto out;
		}
		p->kind = SNAP_INTERNAL;
		p->memory = f->running;
		p->why = f->existing == SNAP_INTERNAL ?
		    xstrdup("internal, as its other snapshots") :
		    xasprintf("internal: every disk is qcow2, and libvirt %s "
		    "reverts internal snapshots", ver);
		rc = 0;
		goto out;
	}
	/* external: what the VM has already, or what is left */
	p->kind = SNAP_EXTERNAL;
	p->memory = f->running && !rq->disk_only;
	{
		char *revert = f->libvirt < SNAPSHOT_REVERT_EXTERNAL_SINCE ?
		    xasprintf("; libvirt %s here can delete it but not revert to "
		    "it (9.9 can)", ver) : xstrdup("");

		p->why = xasprintf("external (%s): a new overlay file beside each "
		    "disk's image%s", f->existing == SNAP_EXTERNAL ?
		    "as its other snapshots" : internal_no, revert);
		free(revert);
	}
	rc = 0;
out:
	free(uefi_why);
	free(ver);
	return rc;
}

/* The disks a snapshot takes: device "disk" (not a CD-ROM or a floppy),
 * not read-only. */
static bool
disk_takes_part(xmlNodePtr disk)
{
	char *dev = attr(disk, "device");
	bool yes = (dev == NULL || strcmp(dev, "disk") == 0) &&
	    xmlutil_child(disk, "readonly") == NULL;

	free(dev);
	return yes;
}

/* The <disk> elements of a domain's XML. */
static xmlXPathObjectPtr
domain_disks(xmlDocPtr doc, xmlXPathContextPtr *ctx)
{
	*ctx = xmlXPathNewContext(doc);
	return *ctx ? xmlXPathEvalExpression(BAD_CAST
	    "/domain/devices/disk", *ctx) : NULL;
}

static void
vmstate_found(const char *name, unsigned long long bytes, void *ctx)
{
	struct snap_list *l = ctx;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->s[i].name, name) == 0 &&
		    l->s[i].memory == SNAP_INTERNAL && bytes > l->s[i].vmstate)
			l->s[i].vmstate = bytes;
}

/* Internal snapshots' memory lives in one of the VM's qcow2 images; no
 * libvirt call reports its size, qemu-img does, for files on this
 * machine. Each disk image with internal snapshots is read once. */
static void
snapshot_read_vmstate(virDomainPtr dom, struct snap_list *l)
{
	virConnectPtr conn = virDomainGetConnect(dom);
	bool any = false;
	char *xml;
	xmlDocPtr doc;
	xmlXPathContextPtr ctx = NULL;
	xmlXPathObjectPtr o;

	for (size_t i = 0; i < l->n; i++)
		any = any || l->s[i].memory == SNAP_INTERNAL;
	if (!any || !imgfmt_conn_is_local(conn) || !imgfmt_conn_is_qemu(conn))
		return;
	xml = virDomainGetXMLDesc(dom, 0);
	doc = xml ? xmlutil_parse(xml) : NULL;
	free(xml);
	virResetLastError();
	o = doc ? domain_disks(doc, &ctx) : NULL;
	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		xmlNodePtr d = o->nodesetval->nodeTab[i];
		char *file = attr(xmlutil_child(d, "source"), "file");
		char *fmt = attr(xmlutil_child(d, "driver"), "type");

		if (file != NULL && fmt != NULL && strcmp(fmt, "qcow2") == 0 &&
		    disk_takes_part(d))
			imgfmt_snapshot_states_of(file, vmstate_found, l);
		free(file);
		free(fmt);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
}

int
snapshot_facts(virDomainPtr dom, struct snap_facts *f, char **err)
{
	virConnectPtr conn = virDomainGetConnect(dom);
	char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlXPathContextPtr ctx = NULL;
	xmlXPathObjectPtr o;
	struct snap_list l;
	char *e = NULL;

	memset(f, 0, sizeof *f);
	free(xml);
	if (doc == NULL || conn == NULL ||
	    virConnectGetLibVersion(conn, &f->libvirt) < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not read VM '%s': %s",
		    virDomainGetName(dom), why);
		free(why);
		if (doc != NULL)
			xmlFreeDoc(doc);
		return -1;
	}
	f->running = virDomainIsActive(dom) == 1;
	xmlNodePtr os = xmlutil_child(xmlDocGetRootElement(doc), "os");
	char *fw = attr(os, "firmware");
	char *loader = attr(xmlutil_child(os, "loader"), "type");
	f->uefi = (fw != NULL && strcmp(fw, "efi") == 0) ||
	    (loader != NULL && strcmp(loader, "pflash") == 0);
	free(fw);
	free(loader);
	o = domain_disks(doc, &ctx);
	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		xmlNodePtr d = o->nodesetval->nodeTab[i];
		char *target = attr(xmlutil_child(d, "target"), "dev");
		char *fmt = attr(xmlutil_child(d, "driver"), "type");

		if (disk_takes_part(d)) {
			f->ndisks++;
			if ((fmt == NULL || strcmp(fmt, "qcow2") != 0) &&
			    f->not_qcow2[0] == '\0')
				snprintf(f->not_qcow2, sizeof f->not_qcow2, "%s",
				    target ? target : "?");
			if (xmlutil_child(d, "shareable") != NULL &&
			    f->shareable[0] == '\0')
				snprintf(f->shareable, sizeof f->shareable, "%s",
				    target ? target : "?");
		}
		free(target);
		free(fmt);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	if (snapshot_list(dom, &l, &e) < 0) {
		*err = e;
		return -1;
	}
	f->existing = SNAP_NONE;
	for (size_t i = 0; i < l.n; i++) {
		enum snap_kind k = snapshot_kind(&l.s[i]);

		f->existing = f->existing == SNAP_NONE || f->existing == k ? k :
		    SNAP_MIXED;
	}
	snap_list_clear(&l);
	return 0;
}

bool
snapshot_name_ok(const char *name, const char **why)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0) {
		*why = "a snapshot needs a name";
		return false;
	}
	if (n > 100) {
		*why = "a snapshot's name is at most 100 bytes";
		return false;
	}
	if (name[0] == '.' || name[0] == '-') {
		*why = "a snapshot's name does not start with . or -";
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '/') {
			*why = "a snapshot's name has no '/' (libvirt keeps it as a "
			    "file name)";
			return false;
		}
		if (c < 0x20 || c == 0x7f) {
			*why = "a snapshot's name has no control characters";
			return false;
		}
	}
	if (!fmt_is_clean(name, false)) {
		*why = "a snapshot's name is plain text (no invalid UTF-8, no "
		    "invisible or direction-changing characters)";
		return false;
	}
	return true;
}

char *
snapshot_default_name(int64_t unix_seconds)
{
	time_t t = (time_t)unix_seconds;
	struct tm tm;
	char buf[32];

	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "snap-%Y%m%d-%H%M%S", &tm);
	return xstrdup(buf);
}

/* name as a file name's part: letters, digits, '.', '_', '-', '+'; the
 * rest '_'. */
static char *
file_part(const char *name)
{
	char *s = xstrdup(name);

	for (char *p = s; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("._-+", *p) != NULL))
			*p = '_';
	return s;
}

/* The directory of path ("." when it has none). Caller frees. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
}

char *
snapshot_xml(const char *vm, const char *domxml,
    const struct snap_request *rq, const struct snap_plan *plan, char **err)
{
	xmlDocPtr dom = domxml ? xmlutil_parse(domxml) : NULL;
	xmlDocPtr doc;
	xmlNodePtr root, disks, mem;
	xmlXPathContextPtr ctx = NULL;
	xmlXPathObjectPtr o;
	char *vmpart = file_part(vm), *snappart = file_part(rq->name);
	char *memdir = NULL;
	bool external = plan->kind == SNAP_EXTERNAL;

	if (dom == NULL) {
		*err = xstrdup("could not read the VM's XML");
		free(vmpart);
		free(snappart);
		return NULL;
	}
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "domainsnapshot");
	xmlDocSetRootElement(doc, root);
	xmlutil_add(root, "name", rq->name);
	if (rq->description != NULL && *rq->description != '\0')
		xmlutil_add(root, "description", rq->description);
	mem = xmlutil_add(root, "memory", NULL);
	disks = xmlutil_add(root, "disks", NULL);
	o = domain_disks(dom, &ctx);
	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		xmlNodePtr d = o->nodesetval->nodeTab[i], n;
		char *target = attr(xmlutil_child(d, "target"), "dev");
		char *file = attr(xmlutil_child(d, "source"), "file");

		if (target == NULL) {
			free(file);
			continue;
		}
		n = xmlutil_add(disks, "disk", NULL);
		xmlutil_set(n, "name", target);
		if (!disk_takes_part(d))
			xmlutil_set(n, "snapshot", "no");
		else if (!external)
			xmlutil_set(n, "snapshot", "internal");
		else if (file == NULL) {
			*err = xasprintf("disk %s is not a file; an external "
			    "snapshot needs each disk's image as a file", target);
			free(target);
			free(file);
			xmlFreeDoc(doc);
			doc = NULL;
			break;
		} else {
			char *dir = dir_of(file);
			char *overlay = xasprintf("%s/%s-%s.%s.qcow2", dir, vmpart,
			    target, snappart);
			xmlNodePtr src;

			xmlutil_set(n, "snapshot", "external");
			xmlutil_set(n, "type", "file");
			xmlutil_set(xmlutil_add(n, "driver", NULL), "type",
			    "qcow2");
			src = xmlutil_add(n, "source", NULL);
			xmlutil_set(src, "file", overlay);
			if (memdir == NULL)
				memdir = dir;
			else
				free(dir);
			free(overlay);
		}
		free(target);
		free(file);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(dom);
	if (doc == NULL) {
		free(memdir);
		free(vmpart);
		free(snappart);
		return NULL;
	}
	if (!plan->memory)
		xmlutil_set(mem, "snapshot", "no");
	else if (!external)
		xmlutil_set(mem, "snapshot", "internal");
	else {
		char *f = xasprintf("%s/%s.%s.mem", memdir ? memdir : ".", vmpart,
		    snappart);

		xmlutil_set(mem, "snapshot", "external");
		xmlutil_set(mem, "file", f);
		free(f);
	}
	free(memdir);
	free(vmpart);
	free(snappart);
	return xmlutil_dump(doc);
}

/* After a failed call: what to add when the connection died under it
 * (keepalive, a dropped SSH link): the host may still finish the work. */
static const char *
lost_note(virDomainPtr dom)
{
	return virConnectIsAlive(virDomainGetConnect(dom)) == 1 ? "" :
	    "; the connection to the host was lost while it ran, and the host "
	    "may still finish it: list the snapshots again once the host "
	    "answers to see where the VM stands";
}

/* After a failed create: when the file system (or pool) holding the VM's
 * first disk has less room than the memory the snapshot saves, say so —
 * QEMU's own words for a full disk are an I/O error number. "" when it has
 * room or cannot be known; else a static-free string the caller frees. */
static char *
space_note(virDomainPtr dom, const struct snap_plan *plan)
{
	virConnectPtr conn = virDomainGetConnect(dom);
	char *xml, *file = NULL, *where = NULL;
	xmlDocPtr doc;
	xmlXPathContextPtr ctx = NULL;
	xmlXPathObjectPtr o;
	virDomainInfo info;
	unsigned long long avail = 0, need;
	bool known = false;
	char *note;

	if (!plan->memory || virDomainGetInfo(dom, &info) < 0) {
		virResetLastError();
		return xstrdup("");
	}
	need = (unsigned long long)info.memory * 1024;
	xml = virDomainGetXMLDesc(dom, 0);
	doc = xml ? xmlutil_parse(xml) : NULL;
	free(xml);
	o = doc ? domain_disks(doc, &ctx) : NULL;
	for (int i = 0; file == NULL && o && o->nodesetval &&
	    i < o->nodesetval->nodeNr; i++)
		if (disk_takes_part(o->nodesetval->nodeTab[i]))
			file = attr(xmlutil_child(o->nodesetval->nodeTab[i],
			    "source"), "file");
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	virStorageVolPtr v = file ? virStorageVolLookupByPath(conn, file) : NULL;
	virStoragePoolPtr p = v ? virStoragePoolLookupByVolume(v) : NULL;
	virStoragePoolInfo pi;

	if (p != NULL && virStoragePoolRefresh(p, 0) == 0 &&
	    virStoragePoolGetInfo(p, &pi) == 0) {
		avail = pi.available;
		known = true;
		where = xasprintf("pool '%s'", virStoragePoolGetName(p));
	} else if (file != NULL && imgfmt_conn_is_local(conn)) {
		char *dir = xstrdup(file), *slash = strrchr(dir, '/');
		struct statvfs st;

		if (slash != NULL)
			*(slash == dir ? slash + 1 : slash) = '\0';
		if (statvfs(dir, &st) == 0) {
			avail = (unsigned long long)st.f_bavail * st.f_frsize;
			known = true;
			where = xasprintf("file system of %s", dir);
		}
		free(dir);
	}
	virResetLastError();
	if (p != NULL)
		virStoragePoolFree(p);
	if (v != NULL)
		virStorageVolFree(v);
	free(file);
	if (!known || avail >= need) {
		free(where);
		return xstrdup("");
	}
	char a[24], m[24];

	fmt_kib(a, sizeof a, avail / 1024);
	fmt_kib(m, sizeof m, need / 1024);
	note = xasprintf("; the %s has %s free, less than the %s of memory "
	    "the snapshot saves: free some space, or make a disk-only one",
	    where, a, m);
	free(where);
	return note;
}

/* Whether the last libvirt error says the guest agent did not answer. */
static bool
agent_failed(void)
{
	virErrorPtr e = virGetLastError();

	return e != NULL && (e->code == VIR_ERR_AGENT_UNRESPONSIVE ||
	    e->code == VIR_ERR_AGENT_UNSYNCED || (e->message != NULL &&
	    strstr(e->message, "agent") != NULL));
}

int
snapshot_create(virDomainPtr dom, const struct snap_request *rq, char **msg)
{
	const char *vm = virDomainGetName(dom), *why = NULL;
	struct snap_request r = *rq;
	struct snap_facts f;
	struct snap_plan plan;
	char *name = NULL, *xml, *domxml, *err = NULL, *note = NULL;
	virDomainSnapshotPtr snap;
	unsigned flags;

	if (r.name == NULL || *r.name == '\0')
		r.name = name = snapshot_default_name((int64_t)time(NULL));
	if (!snapshot_name_ok(r.name, &why)) {
		*msg = xasprintf("Could not snapshot VM '%s': %s.", vm, why);
		free(name);
		return -1;
	}
	snap = virDomainSnapshotLookupByName(dom, r.name, 0);
	if (snap != NULL) {
		virDomainSnapshotFree(snap);
		*msg = xasprintf("VM '%s' has a snapshot called '%s' already.", vm,
		    r.name);
		free(name);
		return -1;
	}
	virResetLastError();
	if (snapshot_facts(dom, &f, &err) < 0) {
		*msg = err;
		free(name);
		return -1;
	}
	if (snapshot_decide(&f, &r, &plan, &err) < 0) {
		*msg = xasprintf("No snapshot of VM '%s': %s.", vm, err);
		free(err);
		free(name);
		return -1;
	}
	domxml = virDomainGetXMLDesc(dom, 0);
	xml = snapshot_xml(vm, domxml, &r, &plan, &err);
	free(domxml);
	if (xml == NULL) {
		*msg = xasprintf("Could not snapshot VM '%s': %s.", vm, err);
		free(err);
		snapshot_plan_clear(&plan);
		free(name);
		return -1;
	}
	flags = VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC;
	if (plan.kind == SNAP_EXTERNAL && !plan.memory)
		flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
	snap = virDomainSnapshotCreateXML(dom, xml, flags |
	    (r.quiesce ? VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE : 0));
	if (snap == NULL && r.quiesce && agent_failed()) {
		char *a = virterr_take();

		note = xasprintf(" Not quiesced: the guest agent did not answer "
		    "(%s).", a);
		free(a);
		snap = virDomainSnapshotCreateXML(dom, xml, flags);
	} else if (r.quiesce)
		note = xstrdup(" Quiesced through the guest agent.");
	free(xml);
	if (snap == NULL) {
		char *e = virterr_take();

		char *room = space_note(dom, &plan);

		*msg = xasprintf("Could not snapshot VM '%s': %s%s%s", vm, e,
		    room, lost_note(dom));
		free(room);
		free(e);
		free(note);
		snapshot_plan_clear(&plan);
		free(name);
		return -1;
	}
	virDomainSnapshotFree(snap);
	*msg = xasprintf("Made snapshot '%s' of VM '%s'%s: %s.%s", r.name, vm,
	    plan.memory ? " with its memory" : ", disks only", plan.why,
	    note ? note : "");
	free(note);
	snapshot_plan_clear(&plan);
	free(name);
	return 0;
}

/* --- reverting ----------------------------------------------------------- */

char *
snapshot_revert_refusal(unsigned long libvirt, const char *vm,
    const struct snapshot *s)
{
	enum snap_kind k = snapshot_kind(s);
	char *ver, *why;

	if (k == SNAP_INTERNAL || libvirt >= SNAPSHOT_REVERT_EXTERNAL_SINCE)
		return NULL;
	ver = version_text(libvirt);
	why = xasprintf("Snapshot '%s' of VM '%s' is %s, and libvirt %s on its "
	    "host cannot revert to an external snapshot (libvirt 9.9 can); "
	    "vmdeck does not change the VM's disks by hand. Its overlay "
	    "files stay as they are.", s->name, vm, snapshot_kind_name(k), ver);
	free(ver);
	return why;
}

char *
snapshot_revert_loss(const char *vm, const struct snapshot *s, bool vm_active)
{
	return xasprintf("VM '%s' goes back to '%s'%s: what it did since %s "
	    "(its disks' changes%s) is lost, unless you snapshot it first.",
	    vm, s->name, s->state && strcmp(s->state, "running") == 0 ?
	    ", running again" : s->state && strcmp(s->state, "paused") == 0 ?
	    ", paused" : ", shut off", s->current ?
	    "that snapshot was taken" : "then", vm_active ?
	    " and what runs in its memory" : "");
}

int
snapshot_revert(virDomainPtr dom, const char *name, bool paused, char **msg)
{
	const char *vm = virDomainGetName(dom);
	virDomainSnapshotPtr snap = virDomainSnapshotLookupByName(dom, name, 0);
	char *xml = snap ? virDomainSnapshotGetXMLDesc(snap, 0) : NULL, *e = NULL;
	unsigned long libvirt = 0;
	struct snapshot s;

	if (snap == NULL || xml == NULL || snapshot_parse(xml, &s, &e) < 0 ||
	    virConnectGetLibVersion(virDomainGetConnect(dom), &libvirt) < 0) {
		char *why = e ? e : virterr_take();

		*msg = xasprintf("Could not revert VM '%s' to '%s': %s", vm, name,
		    why);
		free(why);
		free(xml);
		if (snap != NULL)
			virDomainSnapshotFree(snap);
		return -1;
	}
	free(xml);
	if ((*msg = snapshot_revert_refusal(libvirt, vm, &s)) != NULL) {
		snapshot_clear(&s);
		virDomainSnapshotFree(snap);
		return -1;
	}
	if (virDomainRevertToSnapshot(snap, paused ?
	    VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED : 0) < 0) {
		char *why = virterr_take();

		*msg = xasprintf("Could not revert VM '%s' to '%s': %s%s", vm,
		    name, why, lost_note(dom));
		free(why);
		snapshot_clear(&s);
		virDomainSnapshotFree(snap);
		return -1;
	}
	*msg = xasprintf("Reverted VM '%s' to snapshot '%s'%s.", vm, name,
	    s.state && strcmp(s.state, "running") == 0 ? (paused ?
	    ", paused" : ", running") : "");
	snapshot_clear(&s);
	virDomainSnapshotFree(snap);
	return 0;
}

/* --- deleting ------------------------------------------------------------ */

void
snap_files_clear(struct snap_files *f)
{
	for (size_t i = 0; i < f->nremoved; i++) {
		free(f->removed[i]);
		free(f->into[i]);
	}
	free(f->removed);
	free(f->into);
	free(f->refusal);
	memset(f, 0, sizeof *f);
}

/* Whether snapshot a is s or below s in l. */
static bool
descends(const struct snap_list *l, const struct snapshot *a,
    const struct snapshot *s)
{
	for (int hops = 0; a != NULL && hops < 1000; hops++) {
		long p;

		if (strcmp(a->name, s->name) == 0)
			return true;
		p = find_name(l, a->parent);
		a = p >= 0 ? &l->s[p] : NULL;
	}
	return false;
}

/* The files deleting s (and its children with CHILDREN) removes: their
 * external overlays. */
static size_t
files_of(const struct snap_list *l, const struct snapshot *s, unsigned flags,
    char ***out)
{
	size_t n = 0;

	*out = NULL;
	if (flags & SNAPSHOT_DELETE_METADATA)
		return 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct snapshot *a = &l->s[i];

		if (a != s && !((flags & SNAPSHOT_DELETE_CHILDREN) &&
		    descends(l, a, s)))
			continue;
		for (size_t k = 0; k < a->ndisks; k++)
			if (a->disks[k].kind == SNAP_EXTERNAL &&
			    a->disks[k].file != NULL) {
				*out = xreallocarray(*out, n + 1, sizeof **out);
				(*out)[n++] = a->disks[k].file;
			}
		if (a->memory == SNAP_EXTERNAL && a->memory_file != NULL) {
			*out = xreallocarray(*out, n + 1, sizeof **out);
			(*out)[n++] = a->memory_file;
		}
	}
	return n;
}

char *
snapshot_delete_refusal(const struct snap_list *l, const struct snapshot *s,
    unsigned flags, char *const *current, size_t ncurrent)
{
	char **files;
	size_t n = files_of(l, s, flags, &files);
	char *why = NULL;

	for (size_t i = 0; i < n && why == NULL; i++) {
		/* below the top of one of the VM's disks: a backing file it
		 * reads (a chain's top is the first of it, after a NULL) */
		const char *top = NULL;

		for (size_t c = 0; c < ncurrent && why == NULL; c++) {
			if (current[c] == NULL) {
				top = NULL;
				continue;
			}
			if (top == NULL) {
				top = current[c];
				continue;
			}
			if (strcmp(current[c], files[i]) == 0)
				why = xasprintf("%s backs the VM's current disk "
				    "(%s); removing it would lose the disk",
				    files[i], top);
		}
		/* another snapshot, not one that goes with this one */
		for (size_t k = 0; k < l->n && why == NULL; k++) {
			const struct snapshot *a = &l->s[k];

			if (a == s || ((flags & SNAPSHOT_DELETE_CHILDREN) &&
			    descends(l, a, s)))
				continue;
			for (size_t d = 0; d < a->ndisks; d++)
				if (a->disks[d].file != NULL &&
				    strcmp(a->disks[d].file, files[i]) == 0)
					why = xasprintf("%s is snapshot '%s''s too",
					    files[i], a->name);
		}
	}
	/* libvirt 9.0 merges an external snapshot into its parent only
	 * along a straight chain: with children of its own it refuses */
	if (why == NULL && snapshot_kind(s) == SNAP_EXTERNAL &&
	    !(flags & (SNAPSHOT_DELETE_CHILDREN | SNAPSHOT_DELETE_METADATA)))
		for (size_t k = 0; k < l->n && why == NULL; k++)
			if (l->s[k].parent != NULL &&
			    strcmp(l->s[k].parent, s->name) == 0)
				why = xasprintf("external snapshot '%s' has a child "
				    "('%s'), whose overlay lies on its own; delete "
				    "it with its children, or its record only",
				    s->name, l->s[k].name);
	free(files);
	return why;
}

/* The files of the VM's current disks, each top first then its backing
 * chain as libvirt reports it (the live XML's backingStore; for a VM
 * that is off, each volume's own backing store, one hop at a time). */
static size_t
current_chain(virDomainPtr dom, char ***out)
{
	char *xml = virDomainGetXMLDesc(dom, 0);
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlXPathContextPtr ctx = NULL;
	xmlXPathObjectPtr o = doc ? domain_disks(doc, &ctx) : NULL;
	virConnectPtr conn = virDomainGetConnect(dom);
	size_t n = 0;

	*out = NULL;
	free(xml);
	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		xmlNodePtr d = o->nodesetval->nodeTab[i];
		char *file = attr(xmlutil_child(d, "source"), "file");

		for (int hops = 0; file != NULL && hops < 64; hops++) {
			char *next = NULL;

			*out = xreallocarray(*out, n + 1, sizeof **out);
			(*out)[n++] = file;
			d = xmlutil_child(d, "backingStore");
			if (d != NULL)
				next = attr(xmlutil_child(d, "source"),
				    "file");
			else {
				virStorageVolPtr v = virStorageVolLookupByPath(conn,
				    file);
				char *vx = v ? virStorageVolGetXMLDesc(v, 0) : NULL;

				next = vx ? xmlutil_leaf(vx, "backingStore", "path",
				    NULL) : NULL;
				free(vx);
				if (v != NULL)
					virStorageVolFree(v);
				virResetLastError();
			}
			file = next;
		}
		free(file);
		/* the end of this disk's chain */
		if (n > 0 && (*out)[n - 1] != NULL) {
			*out = xreallocarray(*out, n + 1, sizeof **out);
			(*out)[n++] = NULL;
		}
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	if (doc != NULL)
		xmlFreeDoc(doc);
	return n;
}

int
snapshot_delete_plan(virDomainPtr dom, const char *name, unsigned flags,
    struct snap_files *f, char **err)
{
	struct snap_list l;
	char **files, **chain;
	size_t n, nchain;
	long i;

	memset(f, 0, sizeof *f);
	if (snapshot_list(dom, &l, err) < 0)
		return -1;
	if ((i = find_name(&l, name)) < 0) {
		*err = xasprintf("VM '%s' has no snapshot called '%s'.",
		    virDomainGetName(dom), name);
		snap_list_clear(&l);
		return -1;
	}
	nchain = current_chain(dom, &chain);
	f->refusal = snapshot_delete_refusal(&l, &l.s[i], flags, chain, nchain);
	n = files_of(&l, &l.s[i], flags, &files);
	f->removed = xcalloc(n ? n : 1, sizeof *f->removed);
	f->into = xcalloc(n ? n : 1, sizeof *f->into);
	for (size_t k = 0; k < n; k++) {
		/* an overlay merges into the file below it */
		char *below = NULL;

		for (size_t c = 0; c + 1 < nchain; c++)
			if (chain[c] != NULL && strcmp(chain[c], files[k]) == 0)
				below = xstrdup(chain[c + 1]);
		f->removed[k] = xstrdup(files[k]);
		f->into[k] = below;
	}
	f->nremoved = n;
	free(files);
	for (size_t c = 0; c < nchain; c++)
		free(chain[c]);
	free(chain);
	snap_list_clear(&l);
	return 0;
}

int
snapshot_delete(virDomainPtr dom, const char *name, unsigned flags,
    char **msg)
{
	const char *vm = virDomainGetName(dom);
	struct snap_files f;
	virDomainSnapshotPtr snap;
	char *err = NULL;

	if (snapshot_delete_plan(dom, name, flags, &f, &err) < 0) {
		*msg = err;
		return -1;
	}
	if (f.refusal != NULL) {
		*msg = xasprintf("Did not delete snapshot '%s' of VM '%s': %s.",
		    name, vm, f.refusal);
		snap_files_clear(&f);
		return -1;
	}
	snap = virDomainSnapshotLookupByName(dom, name, 0);
	if (snap == NULL || virDomainSnapshotDelete(snap,
	    (flags & SNAPSHOT_DELETE_CHILDREN ?
	    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN : 0) |
	    (flags & SNAPSHOT_DELETE_METADATA ?
	    VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY : 0)) < 0) {
		char *why = virterr_take();

		*msg = xasprintf("Could not delete snapshot '%s' of VM '%s': %s%s",
		    name, vm, why, lost_note(dom));
		free(why);
		if (snap != NULL)
			virDomainSnapshotFree(snap);
		snap_files_clear(&f);
		return -1;
	}
	virDomainSnapshotFree(snap);
	*msg = xasprintf("Deleted snapshot '%s'%s of VM '%s'%s%s.", name,
	    flags & SNAPSHOT_DELETE_CHILDREN ? " and its children" : "", vm,
	    flags & SNAPSHOT_DELETE_METADATA ? " (its record only; every file "
	    "stays)" : "", f.nremoved > 0 ? "; its overlays merged and removed"
	    : "");
	snap_files_clear(&f);
	return 0;
}
