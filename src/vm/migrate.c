/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xpath.h>

#include "../core/virterr.h"
#include "../core/xmlutil.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"

void
migrate_opts_clear(struct migrate_opts *o)
{
	for (size_t i = 0; i < o->ndisks; i++)
		free(o->disks[i]);
	free(o->disks);
	free(o->migrate_uri);
	memset(o, 0, sizeof *o);
}

unsigned long
migrate_flags(const struct migrate_opts *o)
{
	unsigned long f = VIR_MIGRATE_ABORT_ON_ERROR;

	if (o->offline)
		f |= VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST;
	else if (o->live)
		f |= VIR_MIGRATE_LIVE;
	if (o->p2p)
		f |= VIR_MIGRATE_PEER2PEER;
	if (o->p2p && o->tunnelled)
		f |= VIR_MIGRATE_TUNNELLED;
	if (o->copy_storage && !o->offline)
		f |= o->copy_inc ? VIR_MIGRATE_NON_SHARED_INC :
		    VIR_MIGRATE_NON_SHARED_DISK;
	if (o->persistent)
		f |= VIR_MIGRATE_PERSIST_DEST;
	if (o->undefine_source)
		f |= VIR_MIGRATE_UNDEFINE_SOURCE;
	if (o->auto_converge && !o->offline)
		f |= VIR_MIGRATE_AUTO_CONVERGE;
	if (o->compressed && !o->offline)
		f |= VIR_MIGRATE_COMPRESSED;
	if (o->postcopy && !o->offline)
		f |= VIR_MIGRATE_POSTCOPY;
	return f;
}

/* --- checks ------------------------------------------------------------- */

static void
check_add(struct migrate_checks *c, bool ok, bool checked, char *what,
    char *why)
{
	c->c = xreallocarray(c->c, c->n + 1, sizeof *c->c);
	c->c[c->n++] = (struct migrate_check){ what, ok, checked, why };
}

void
migrate_checks_clear(struct migrate_checks *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->c[i].what);
		free(c->c[i].why);
	}
	free(c->c);
	c->c = NULL;
	c->n = 0;
}

char *
migrate_checks_failed(const struct migrate_checks *c)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f;
	bool any = false;

	for (size_t i = 0; i < c->n; i++)
		any |= !c->c[i].ok && c->c[i].checked;
	if (!any)
		return NULL;
	f = open_memstream(&s, &len);
	if (f == NULL)
		fatal("out of memory");
	any = false;
	for (size_t i = 0; i < c->n; i++)
		if (!c->c[i].ok && c->c[i].checked) {
			fprintf(f, "%s%s", any ? "; " : "", c->c[i].why);
			any = true;
		}
	fclose(f);
	return s;
}

/* Every value of xpath in doc (attributes or text), as a new array of
 * *n strings. */
static char **
xpath_all(xmlDocPtr doc, const char *xpath, size_t *n)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression(BAD_CAST xpath,
	    ctx) : NULL;
	char **out = NULL;

	*n = 0;
	if (o != NULL && o->nodesetval != NULL) {
		out = xcalloc((size_t)o->nodesetval->nodeNr + 1, sizeof *out);
		for (int i = 0; i < o->nodesetval->nodeNr; i++) {
			xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[i]);

			if (v != NULL && *v != '\0')
				out[(*n)++] = xstrdup((const char *)v);
			xmlFree(v);
		}
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return out;
}

static void
strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The VM's file disks: their paths and targets (the same order), new
 * arrays of *n each (strv_free both). */
static void
file_disks(xmlDocPtr doc, char ***paths, char ***targets, size_t *n)
{
	size_t np = 0, nt = 0;

	*paths = doc ? xpath_all(doc, "/domain/devices/disk"
	    "[@device='disk']/source/@file", &np) : NULL;
	*targets = doc ? xpath_all(doc, "/domain/devices/disk"
	    "[@device='disk'][source/@file]/target/@dev", &nt) : NULL;
	*n = np < nt ? np : nt;
	/* a disk without a target (not valid XML for libvirt) pairs with
	 * nothing: what has no pair goes */
	for (size_t i = *n; i < np; i++)
		free((*paths)[i]);
	for (size_t i = *n; i < nt; i++)
		free((*targets)[i]);
}

/* Whether the disk at target is one o copies (all, or those named). */
static bool
disk_chosen(const struct migrate_opts *o, const char *target)
{
	bool chosen = o->ndisks == 0;

	for (size_t k = 0; k < o->ndisks; k++)
		chosen |= strcmp(o->disks[k], target) == 0;
	return chosen;
}

/* The host's UUID from its capabilities, or NULL. */
static char *
host_uuid(virConnectPtr conn)
{
	char *caps = virConnectGetCapabilities(conn), *u;

	if (caps == NULL) {
		virResetLastError();
		return NULL;
	}
	u = xmlutil_leaf(caps, "host", "uuid", NULL);
	free(caps);
	return u;
}

/* The CPU check: the domain's own <cpu> (a custom model) against the
 * destination's hypervisor, else the source host's CPU against the
 * destination's (host-model, host-passthrough, or no <cpu> on KVM). */
static void
check_cpu(virConnectPtr src, virConnectPtr dst, xmlDocPtr doc,
    const char *xml, const char *dst_label, struct migrate_checks *out)
{
	char *what = xasprintf("CPU fits %s", dst_label);
	char *mode = NULL, *type = xmlutil_prop(xmlDocGetRootElement(doc),
	    "type");
	xmlNodePtr cpu = xmlutil_child(xmlDocGetRootElement(doc), "cpu");
	int r;

	(void)xml;
	if (cpu != NULL)
		mode = xmlutil_prop(cpu, "mode");
	if (type != NULL && strcmp(type, "qemu") == 0 && (cpu == NULL ||
	    (mode != NULL && strcmp(mode, "custom") != 0 &&
	    strcmp(mode, "host-model") != 0))) {
		/* TCG emulates its CPU: the host's does not matter */
		check_add(out, true, true, what, NULL);
		free(type);
		free(mode);
		return;
	}
	if (cpu != NULL && (mode == NULL || strcmp(mode, "custom") == 0) &&
	    xmlutil_child(cpu, "model") != NULL) {
		xmlBufferPtr b = xmlBufferCreate();

		xmlNodeDump(b, doc, cpu, 0, 0);
		r = virConnectCompareHypervisorCPU(dst, NULL, NULL, NULL, type,
		    (const char *)xmlBufferContent(b), 0);
		xmlBufferFree(b);
	} else {
		char *caps = virConnectGetCapabilities(src);
		char *hcpu = NULL;
		xmlDocPtr cd = caps ? xmlutil_parse(caps) : NULL;
		xmlNodePtr host = cd ? xmlutil_child(xmlDocGetRootElement(cd),
		    "host") : NULL;
		xmlNodePtr hc = xmlutil_child(host, "cpu");

		if (hc != NULL) {
			xmlBufferPtr b = xmlBufferCreate();

			xmlNodeDump(b, cd, hc, 0, 0);
			hcpu = xstrdup((const char *)xmlBufferContent(b));
			xmlBufferFree(b);
		}
		r = hcpu ? virConnectCompareCPU(dst, hcpu, 0) : -1;
		if (hcpu == NULL && caps != NULL)
			virResetLastError();
		free(hcpu);
		xmlFreeDoc(cd);
		free(caps);
	}
	if (r == VIR_CPU_COMPARE_INCOMPATIBLE)
		check_add(out, false, true, what, xasprintf("its CPU does not "
		    "fit %s (virConnectCompareCPU says incompatible: a model "
		    "or feature the destination lacks)", dst_label));
	else if (r < 0) {
		char *why = virterr_take();

		check_add(out, true, false, what, xasprintf("the CPU could not "
		    "be compared on %s: %s", dst_label, why));
		free(why);
	} else
		check_add(out, true, true, what, NULL);
	free(type);
	free(mode);
}

int
migrate_check(virConnectPtr src, virDomainPtr dom, virConnectPtr dst,
    const char *dst_label, const struct migrate_opts *o,
    struct migrate_checks *out)
{
	const char *name = virDomainGetName(dom);
	char *xml = virDomainGetXMLDesc(dom, 0), *su, *du;
	xmlDocPtr doc;
	virDomainPtr there;
	int failed = 0;
	char uuid[VIR_UUID_STRING_BUFLEN] = "";

	memset(out, 0, sizeof *out);
	if (xml == NULL) {
		char *why = virterr_take();

		check_add(out, false, true, xstrdup("the VM's definition read"),
		    xasprintf("VM '%s''s definition could not be read: %s",
		    name, why));
		free(why);
		return 1;
	}
	doc = xmlutil_parse(xml);
	/* another host */
	su = host_uuid(src);
	du = host_uuid(dst);
	if (su != NULL && du != NULL && strcmp(su, du) == 0)
		check_add(out, false, true, xasprintf("%s is another host",
		    dst_label), xasprintf("%s is the VM's own host (the same "
		    "host UUID %s)", dst_label, su));
	else
		check_add(out, true, su && du, xasprintf("%s is another host",
		    dst_label), su && du ? NULL : xstrdup("a host's UUID could "
		    "not be read"));
	free(su);
	free(du);
	/* the name, and the UUID, free there */
	there = virDomainLookupByName(dst, name);
	if (there == NULL && virDomainGetUUIDString(dom, uuid) == 0)
		there = virDomainLookupByUUIDString(dst, uuid);
	virResetLastError();
	if (there != NULL) {
		check_add(out, false, true, xasprintf("name free on %s",
		    dst_label), xasprintf("a VM called '%s' (or with its UUID) "
		    "is already on %s", virDomainGetName(there), dst_label));
		virDomainFree(there);
	} else
		check_add(out, true, true, xasprintf("name free on %s",
		    dst_label), NULL);
	if (doc != NULL && !o->offline)
		check_cpu(src, dst, doc, xml, dst_label, out);
	/* networks */
	size_t nn = 0;
	char **nets = doc ? xpath_all(doc, "/domain/devices/interface"
	    "[@type='network']/source/@network", &nn) : NULL;

	for (size_t i = 0; i < nn; i++) {
		virNetworkPtr net = virNetworkLookupByName(dst, nets[i]);
		char *what = xasprintf("network '%s' on %s", nets[i], dst_label);

		if (net == NULL) {
			virResetLastError();
			check_add(out, false, true, what, xasprintf("%s has no "
			    "network called '%s' (the VM's interface is on it)",
			    dst_label, nets[i]));
		} else if (virNetworkIsActive(net) != 1 && !o->offline) {
			check_add(out, false, true, what, xasprintf("network '%s' "
			    "is not running on %s", nets[i], dst_label));
		} else
			check_add(out, true, true, what, NULL);
		if (net != NULL)
			virNetworkFree(net);
	}
	strv_free(nets, nn);
	/* disks: shared (the same path is a volume there) or copied into a
	 * pool of the same name */
	size_t nd;
	char **paths, **targets;

	file_disks(doc, &paths, &targets, &nd);
	for (size_t i = 0; i < nd && !o->offline; i++) {
		const char *tgt = targets[i];
		bool chosen = disk_chosen(o, tgt);
		virStorageVolPtr vol;
		char *what = xasprintf("disk %s on %s", tgt, dst_label);

		vol = virStorageVolLookupByPath(dst, paths[i]);
		virResetLastError();
		if (o->copy_storage && chosen) {
			/* libvirt makes the copy's volume in the pool of the
			 * same name there */
			virStorageVolPtr sv = virStorageVolLookupByPath(src,
			    paths[i]);
			virStoragePoolPtr sp = sv ? virStoragePoolLookupByVolume(sv)
			    : NULL;
			const char *pool = sp ? virStoragePoolGetName(sp) : NULL;
			virStoragePoolPtr dp = pool ? virStoragePoolLookupByName(dst,
			    pool) : NULL;

			virResetLastError();
			if (pool == NULL)
				check_add(out, false, true, what, xasprintf("disk %s "
				    "(%s) is no storage pool's volume, so libvirt "
				    "cannot make its copy on %s", tgt, paths[i],
				    dst_label));
			else if (dp == NULL)
				check_add(out, false, true, what, xasprintf("%s has "
				    "no storage pool called '%s' for disk %s's copy",
				    dst_label, pool, tgt));
			else if (vol != NULL)
				check_add(out, false, true, what, xasprintf("%s "
				    "already has a file at %s (disk %s): copying "
				    "would write over it", dst_label, paths[i], tgt));
			else
				check_add(out, true, true, what, NULL);
			if (dp != NULL)
				virStoragePoolFree(dp);
			if (sp != NULL)
				virStoragePoolFree(sp);
			if (sv != NULL)
				virStorageVolFree(sv);
		} else if (vol == NULL)
			check_add(out, false, true, what, xasprintf("disk %s (%s) "
			    "is not on %s's storage: copy the storage, or put it "
			    "on storage both hosts share", tgt, paths[i],
			    dst_label));
		else
			check_add(out, true, true, what, NULL);
		if (vol != NULL)
			virStorageVolFree(vol);
	}
	strv_free(paths, nd);
	strv_free(targets, nd);
	xmlFreeDoc(doc);
	free(xml);
	for (size_t i = 0; i < out->n; i++)
		failed += !out->c[i].ok && out->c[i].checked;
	return failed;
}

/* --- the run -------------------------------------------------------------- */

/* tcp://HOST from a libvirt URI's host part, or NULL (a local URI). */
static char *
migrate_uri_for(const char *dst_uri)
{
	xmlURIPtr u = xmlParseURI(dst_uri);
	char *out = NULL;

	if (u != NULL && u->server != NULL && *u->server != '\0')
		out = strchr(u->server, ':') ? xasprintf("tcp://[%s]",
		    u->server) : xasprintf("tcp://%s", u->server);
	xmlFreeURI(u);
	return out;
}

/* The disks a copy-storage migration of dom would make on dst: paths of
 * its file disks (those chosen) that dst has no volume at now. */
static char **
copies_to_make(virDomainPtr dom, virConnectPtr dst,
    const struct migrate_opts *o, size_t *n)
{
	char *xml = virDomainGetXMLDesc(dom, 0);
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	size_t np;
	char **paths, **targets, **out;

	file_disks(doc, &paths, &targets, &np);
	out = xcalloc(np + 1, sizeof *out);

	*n = 0;
	if (xml == NULL)
		virResetLastError();
	for (size_t i = 0; i < np; i++) {
		virStorageVolPtr v;

		if (!disk_chosen(o, targets[i]))
			continue;
		v = virStorageVolLookupByPath(dst, paths[i]);
		if (v != NULL)
			virStorageVolFree(v);
		else {
			virResetLastError();
			out[(*n)++] = xstrdup(paths[i]);
		}
	}
	strv_free(paths, np);
	strv_free(targets, np);
	xmlFreeDoc(doc);
	free(xml);
	return out;
}

/* After a failed copy: remove what the migration made on dst at paths
 * (nothing was there before it began). Returns how many went; *left
 * counts those dst could not be asked about (its connection gone). */
static size_t
copies_remove(virConnectPtr dst, char **paths, size_t n, size_t *left)
{
	size_t gone = 0;

	*left = 0;
	for (size_t i = 0; i < n; i++) {
		virStorageVolPtr v = virConnectIsAlive(dst) == 1 ?
		    virStorageVolLookupByPath(dst, paths[i]) : NULL;

		if (v == NULL) {
			if (virGetLastErrorCode() != VIR_ERR_NO_STORAGE_VOL)
				(*left)++;
			virResetLastError();
			continue;
		}
		if (virStorageVolDelete(v, 0) == 0)
			gone++;
		else
			virResetLastError();
		virStorageVolFree(v);
	}
	return gone;
}

int
migrate_run(virDomainPtr dom, const char *name, virConnectPtr dst,
    const char *dst_uri, const char *dst_label, const struct migrate_opts *o,
    char **msg)
{
	virTypedParameterPtr params = NULL;
	int np = 0, maxp = 0, rc = -1, state = 0, reason = 0, was = 0;
	unsigned long flags = migrate_flags(o);
	char *uri = o->migrate_uri ? xstrdup(o->migrate_uri) :
	    o->tunnelled || o->offline ? NULL : migrate_uri_for(dst_uri);

	size_t ncopies = 0;
	char **copies = o->copy_storage && !o->offline ?
	    copies_to_make(dom, dst, o, &ncopies) : NULL;

	if (virDomainGetState(dom, &was, &reason, 0) < 0)
		virResetLastError();
	if (o->bandwidth > 0)
		virTypedParamsAddULLong(&params, &np, &maxp,
		    VIR_MIGRATE_PARAM_BANDWIDTH, o->bandwidth);
	if (uri != NULL) {
		virTypedParamsAddString(&params, &np, &maxp,
		    VIR_MIGRATE_PARAM_URI, uri);
		if (o->copy_storage)
			virTypedParamsAddString(&params, &np, &maxp,
			    VIR_MIGRATE_PARAM_DISKS_URI, uri);
	}
	for (size_t i = 0; o->copy_storage && i < o->ndisks; i++)
		virTypedParamsAddString(&params, &np, &maxp,
		    VIR_MIGRATE_PARAM_MIGRATE_DISKS, o->disks[i]);
	if (o->p2p) {
		rc = virDomainMigrateToURI3(dom, dst_uri, params, (unsigned)np,
		    (unsigned)flags);
	} else {
		virDomainPtr nd = virDomainMigrate3(dom, dst, params,
		    (unsigned)np, (unsigned)flags);

		rc = nd ? 0 : -1;
		if (nd != NULL)
			virDomainFree(nd);
	}
	virTypedParamsFree(params, np);
	if (rc == 0) {
		*msg = xasprintf("Migrated VM '%s' to %s%s.", name, dst_label,
		    o->offline ? " (its definition)" : o->undefine_source ?
		    "; its definition left the source" : "");
		free(uri);
		strv_free(copies, ncopies);
		return 0;
	}
	char *why = virterr_take();
	/* the partial copies of its disks go: nothing was there before */
	size_t left, removed = copies_remove(dst, copies, ncopies, &left);
	char *first = left ? xstrdup(copies[0]) : NULL;

	strv_free(copies, ncopies);
	/* where it is now: a VM left paused on the source runs again */
	const char *where = "";
	if (virDomainGetState(dom, &state, &reason, 0) < 0) {
		virResetLastError();
		where = " Where the VM is now could not be read on the source.";
	} else if (state == VIR_DOMAIN_PAUSED && was == VIR_DOMAIN_RUNNING) {
		if (virDomainResume(dom) == 0)
			where = " It runs on the source again (resumed: the "
			    "migration had paused it).";
		else {
			virResetLastError();
			where = " It is PAUSED on the source and could not be "
			    "resumed.";
		}
	} else if (state == VIR_DOMAIN_RUNNING)
		where = " It is still running on the source.";
	else if (state == VIR_DOMAIN_SHUTOFF)
		where = " It is shut off on the source.";
	char *stays = left ? xasprintf(" %s did not answer, so %zu partial "
	    "disk cop%s there (%s%s) may remain, as may a paused incoming "
	    "copy of the VM: remove them once it answers.", dst_label, left,
	    left == 1 ? "y" : "ies", first, left > 1 ? ", …" : "") :
	    xstrdup("");

	*msg = xasprintf("Could not migrate VM '%s' to %s: %s.%s%s%s", name,
	    dst_label, why, where, removed ? " The partial copies of its "
	    "disks on the destination were removed." : "", stays);
	free(stays);
	free(first);
	free(why);
	free(uri);
	return -1;
}

/* --- progress ------------------------------------------------------------ */

int
migrate_stats_read(virDomainPtr dom, struct migrate_stats *s, char **err)
{
	virTypedParameterPtr p = NULL;
	int n = 0, type = 0;
	unsigned long long v;

	memset(s, 0, sizeof *s);
	s->downtime_ms = -1;
	if (virDomainGetJobStats(dom, &type, &p, &n, 0) < 0) {
		*err = virterr_take();
		return -1;
	}
	s->active = type == VIR_DOMAIN_JOB_BOUNDED ||
	    type == VIR_DOMAIN_JOB_UNBOUNDED;
#define GET(key, field) \
	if (virTypedParamsGetULLong(p, n, key, &v) == 1) s->field = v
	GET(VIR_DOMAIN_JOB_TIME_ELAPSED, elapsed_ms);
	GET(VIR_DOMAIN_JOB_DATA_TOTAL, data_total);
	GET(VIR_DOMAIN_JOB_DATA_PROCESSED, data_processed);
	GET(VIR_DOMAIN_JOB_DATA_REMAINING, data_remaining);
	GET(VIR_DOMAIN_JOB_MEMORY_TOTAL, mem_total);
	GET(VIR_DOMAIN_JOB_MEMORY_PROCESSED, mem_processed);
	GET(VIR_DOMAIN_JOB_MEMORY_REMAINING, mem_remaining);
	GET(VIR_DOMAIN_JOB_MEMORY_BPS, mem_bps);
	GET(VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE, dirty_rate);
	GET(VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE, page_size);
	GET(VIR_DOMAIN_JOB_MEMORY_ITERATION, iteration);
	GET(VIR_DOMAIN_JOB_DISK_TOTAL, disk_total);
	GET(VIR_DOMAIN_JOB_DISK_PROCESSED, disk_processed);
	GET(VIR_DOMAIN_JOB_DISK_REMAINING, disk_remaining);
	GET(VIR_DOMAIN_JOB_DISK_BPS, disk_bps);
	GET(VIR_DOMAIN_JOB_DOWNTIME, downtime_ms);
#undef GET
	virTypedParamsFree(p, n);
	return 0;
}

void
migrate_progress_update(struct migrate_progress *p,
    const struct migrate_stats *s)
{
	double raw = 0;
	char left[32], total[32];
	uint64_t bps = s->mem_bps + s->disk_bps;

	if (s->data_total > 0)
		raw = 100.0 * (double)(s->data_total - (s->data_remaining >
		    s->data_total ? s->data_total : s->data_remaining)) /
		    (double)s->data_total;
	fmt_kib(left, sizeof left, s->data_remaining / 1024);
	fmt_kib(total, sizeof total, s->data_total / 1024);
	if (raw >= p->percent)
		p->percent = raw;
	else if (s->iteration > p->iteration && p->iteration > 0) {
		snprintf(p->note, sizeof p->note, "back to %.0f%%: pass %llu "
		    "began, the guest wrote again what was sent (%s left)", raw,
		    (unsigned long long)s->iteration, left);
		p->percent = raw;
	} else if (s->data_total > p->total && p->total > 0) {
		snprintf(p->note, sizeof p->note, "back to %.0f%%: more to send, "
		    "%s in all now", raw, total);
		p->percent = raw;
	}
	/* otherwise the bar stays where it was, never back in silence */
	p->iteration = s->iteration;
	p->total = s->data_total;
	p->has_eta = bps > 0 && s->data_remaining > 0;
	p->eta_s = p->has_eta ? (s->data_remaining + bps - 1) / bps : 0;
}

char *
migrate_progress_line(const struct migrate_progress *p,
    const struct migrate_stats *s)
{
	char done[32], total[32], left[32], speed[32], *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		fatal("out of memory");
	fmt_kib(done, sizeof done, (s->data_total - (s->data_remaining >
	    s->data_total ? s->data_total : s->data_remaining)) / 1024);
	fmt_kib(total, sizeof total, s->data_total / 1024);
	fmt_kib(left, sizeof left, s->data_remaining / 1024);
	fmt_kib(speed, sizeof speed, (s->mem_bps + s->disk_bps) / 1024);
	fprintf(f, "%.0f%% · %s of %s · %s left", p->percent, done, total,
	    left);
	if (s->disk_total > 0) {
		char dd[32], dt[32];

		fprintf(f, " (disks %s of %s)", fmt_kib(dd, sizeof dd,
		    s->disk_processed / 1024), fmt_kib(dt, sizeof dt,
		    s->disk_total / 1024));
	}
	if (s->iteration > 0)
		fprintf(f, " · pass %llu", (unsigned long long)s->iteration);
	if (s->dirty_rate > 0)
		fprintf(f, " · dirty %llu pages/s",
		    (unsigned long long)s->dirty_rate);
	fprintf(f, " · %s/s", speed);
	if (s->downtime_ms >= 0)
		fprintf(f, " · downtime %lld ms", (long long)s->downtime_ms);
	if (p->has_eta)
		fprintf(f, " · about %llu s left", (unsigned long long)p->eta_s);
	fclose(f);
	return out;
}
