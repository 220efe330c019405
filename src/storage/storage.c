/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "storage.h"
#include "storage_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libvirt/virterror.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "../core/virterr.h"
#include "../core/xmlutil.h"
#include "../create/imgfmt.h"
#include "../create/vmspec.h"
#include "../util/fmt.h"
#include "../util/paths.h"
#include "../util/xalloc.h"

#define CHUNK (256 * 1024)		/* a stream's read and write size */
#define TICK_BYTES (1024 * 1024)	/* progress about every MiB */

/* --- small helpers ------------------------------------------------------- */

static char *
fail(const char *what, const char *name)
{
	char *why = virterr_take(), *m;

	m = xasprintf("%s '%s': %s", what, name, why);
	free(why);
	return m;
}

static char *
size_text(uint64_t bytes)
{
	char b[24];

	return xstrdup(fmt_kib(b, sizeof b, bytes / 1024));
}

/* The root element's attribute name in xml, or NULL. */
static char *
root_attr(const char *xml, const char *name)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	char *v = doc ? xmlutil_prop(xmlDocGetRootElement(doc), name) : NULL;

	if (doc != NULL)
		xmlFreeDoc(doc);
	return v;
}

static virStoragePoolPtr
pool_find(virConnectPtr conn, const char *name, char **msg)
{
	virStoragePoolPtr p = virStoragePoolLookupByName(conn, name);

	if (p == NULL) {
		virResetLastError();
		*msg = xasprintf("No storage pool called '%s' on this host (vmdeck "
		    "pool list shows them).", name);
	}
	return p;
}

static virStorageVolPtr
vol_find(virConnectPtr conn, const char *pool, const char *name,
    virStoragePoolPtr *pp, char **msg)
{
	virStoragePoolPtr p = pool_find(conn, pool, msg);
	virStorageVolPtr v;

	*pp = p;
	if (p == NULL)
		return NULL;
	v = virStorageVolLookupByName(p, name);
	if (v == NULL) {
		virResetLastError();
		*msg = xasprintf("Pool '%s' has no volume called '%s'%s.", pool,
		    name, virStoragePoolIsActive(p) == 1 ? "" :
		    " (it is not running: vmdeck pool start)");
	}
	return v;
}

/* --- pools --------------------------------------------------------------- */

void
pool_list_clear(struct pool_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->p[i].name);
		free(l->p[i].type);
		free(l->p[i].path);
	}
	free(l->p);
	memset(l, 0, sizeof *l);
}

static int
pool_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pool_info *)a)->name,
	    ((const struct pool_info *)b)->name);
}

int
storage_pools(virConnectPtr conn, struct pool_list *l, char **err)
{
	virStoragePoolPtr *pools = NULL;
	int n = virConnectListAllStoragePools(conn, &pools, 0);

	memset(l, 0, sizeof *l);
	if (n < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not list the storage pools: %s", why);
		free(why);
		return -1;
	}
	l->p = xcalloc(n ? (size_t)n : 1, sizeof *l->p);
	for (int i = 0; i < n; i++) {
		struct pool_info *p = &l->p[l->n++];
		virStoragePoolInfo info;
		char *xml = virStoragePoolGetXMLDesc(pools[i], 0);
		int as = 0, nv;

		p->name = xstrdup(virStoragePoolGetName(pools[i]));
		p->type = root_attr(xml, "type");
		p->path = xmlutil_leaf(xml, "target", "path", NULL);
		free(xml);
		if (virStoragePoolGetInfo(pools[i], &info) == 0) {
			p->active = info.state == VIR_STORAGE_POOL_RUNNING ||
			    info.state == VIR_STORAGE_POOL_DEGRADED;
			p->capacity = info.capacity;
			p->allocation = info.allocation;
			p->available = info.available;
		}
		if (virStoragePoolGetAutostart(pools[i], &as) == 0)
			p->autostart = as != 0;
		p->persistent = virStoragePoolIsPersistent(pools[i]) == 1;
		nv = p->active ? virStoragePoolNumOfVolumes(pools[i]) : 0;
		p->nvolumes = nv > 0 ? (size_t)nv : 0;
		virResetLastError();
		virStoragePoolFree(pools[i]);
	}
	free(pools);
	qsort(l->p, l->n, sizeof *l->p, pool_cmp);
	return 0;
}

/* text is open_memstream's: set only by the fclose */
static char *
json_close(FILE *f, char *const *text)
{
	if (fclose(f) != 0)
		fatal("out of memory");
	return *text;
}

char *
storage_pools_json(const struct pool_list *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		fatal("out of memory");
	fputc('[', f);
	for (size_t i = 0; i < l->n; i++) {
		const struct pool_info *p = &l->p[i];

		fprintf(f, "%s{\"name\":", i ? "," : "");
		fmt_json_str(f, p->name);
		fputs(",\"type\":", f);
		fmt_json_str(f, p->type);
		fprintf(f, ",\"active\":%s,\"autostart\":%s,\"persistent\":%s,"
		    "\"capacity\":%llu,\"allocation\":%llu,\"available\":%llu,"
		    "\"path\":", p->active ? "true" : "false",
		    p->autostart ? "true" : "false",
		    p->persistent ? "true" : "false",
		    (unsigned long long)p->capacity,
		    (unsigned long long)p->allocation,
		    (unsigned long long)p->available);
		fmt_json_str(f, p->path);
		fprintf(f, ",\"volumes\":%zu}", p->nvolumes);
	}
	fputs("]\n", f);
	return json_close(f, &text);
}

/* --- who uses what ------------------------------------------------------- */

struct user { char *path, *who; };
struct users { struct user *u; size_t n; };

static void
users_add_xml(struct users *us, const char *xml, const char *who)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
	xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression(BAD_CAST
	    "//disk//source", ctx) : NULL;

	/* a file, a block device, or a pool's volume ("pool/volume") */
	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		xmlNodePtr n = o->nodesetval->nodeTab[i];
		char *v = xmlutil_prop(n, "file"), *pool, *vol;

		if (v == NULL)
			v = xmlutil_prop(n, "dev");
		if (v == NULL && (pool = xmlutil_prop(n, "pool")) != NULL) {
			if ((vol = xmlutil_prop(n, "volume")) != NULL)
				v = xasprintf("%s/%s", pool, vol);
			free(vol);
			free(pool);
		}
		if (v != NULL) {
			us->u = xreallocarray(us->u, us->n + 1, sizeof *us->u);
			us->u[us->n].path = v;
			us->u[us->n++].who = xstrdup(who);
		}
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	if (doc != NULL)
		xmlFreeDoc(doc);
}

/* Every disk file (and backing file) of every domain, live and inactive,
 * and of every snapshot, with who uses it. */
static void
users_read(virConnectPtr conn, struct users *us)
{
	virDomainPtr *doms = NULL;
	int n = virConnectListAllDomains(conn, &doms, 0);

	memset(us, 0, sizeof *us);
	if (n < 0)
		virResetLastError();
	for (int i = 0; i < n; i++) {
		const char *name = virDomainGetName(doms[i]);
		virDomainSnapshotPtr *snaps = NULL;
		char *xml = virDomainGetXMLDesc(doms[i], VIR_DOMAIN_XML_INACTIVE);
		int ns;

		users_add_xml(us, xml, name);
		free(xml);
		if (virDomainIsActive(doms[i]) == 1) {
			xml = virDomainGetXMLDesc(doms[i], 0);
			users_add_xml(us, xml, name);
			free(xml);
		}
		ns = virDomainListAllSnapshots(doms[i], &snaps, 0);
		for (int k = 0; k < ns; k++) {
			char *who = xasprintf("snapshot '%s' of %s",
			    virDomainSnapshotGetName(snaps[k]), name);

			xml = virDomainSnapshotGetXMLDesc(snaps[k], 0);
			users_add_xml(us, xml, who);
			free(xml);
			free(who);
			virDomainSnapshotFree(snaps[k]);
		}
		free(snaps);
		virResetLastError();
		virDomainFree(doms[i]);
	}
	free(doms);
}

static void
users_clear(struct users *us)
{
	for (size_t i = 0; i < us->n; i++) {
		free(us->u[i].path);
		free(us->u[i].who);
	}
	free(us->u);
}

/* "web1, snapshot 's1' of db" for path (or name, for pool/volume
 * sources), each once; NULL when none. */
static char *
users_of(const struct users *us, const char *path, const char *name)
{
	char *out = NULL;

	for (size_t i = 0; i < us->n; i++) {
		const char *p = us->u[i].path;
		bool dup = false;

		if (strcmp(p, path) != 0 && (name == NULL || strcmp(p, name) != 0))
			continue;
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(us->u[k].who, us->u[i].who) == 0 &&
			    (strcmp(us->u[k].path, path) == 0 ||
			    (name && strcmp(us->u[k].path, name) == 0));
		if (dup)
			continue;
		char *more = xasprintf("%s%s%s", out ? out : "", out ? ", " : "",
		    us->u[i].who);
		free(out);
		out = more;
	}
	return out;
}

/* --- unfinished transfers ------------------------------------------------ */

char *
storage_incomplete_path(void)
{
	return paths_xdg("XDG_STATE_HOME", ".local/state", "incomplete");
}

/* The records, read once for a listing. */
struct incomplete {
	char *text;			/* the file, NUL-terminated, or NULL */
};

static void
incomplete_read(struct incomplete *inc)
{
	char *file = storage_incomplete_path();
	FILE *f = fopen(file, "r");
	size_t len = 0, cap = 0;

	inc->text = NULL;
	free(file);
	if (f == NULL)
		return;
	for (;;) {
		if (len + 4096 + 1 > cap)
			inc->text = xrealloc(inc->text, cap = 2 * cap + 8192);
		size_t got = fread(inc->text + len, 1, cap - len - 1, f);

		len += got;
		if (got == 0)
			break;
	}
	inc->text[len] = '\0';
	fclose(f);
}

/* Where the why of record line l (len bytes, no newline: "URI TAB PATH
 * TAB WHY") starts when the line is (uri, path)'s, else NULL. */
static const char *
incomplete_line_why(const char *l, size_t len, const char *uri,
    const char *path)
{
	size_t ul = strlen(uri), pl = strlen(path);

	if (len < ul + pl + 2 || strncmp(l, uri, ul) != 0 || l[ul] != '\t' ||
	    strncmp(l + ul + 1, path, pl) != 0 || l[ul + 1 + pl] != '\t')
		return NULL;
	return l + ul + pl + 2;
}

/* The record's why for (uri, path), the last one, or NULL. */
static char *
incomplete_find(const struct incomplete *inc, const char *uri,
    const char *path)
{
	const char *why = NULL, *end = NULL;

	for (const char *l = inc->text; l != NULL && *l != '\0'; ) {
		const char *nl = strchr(l, '\n'), *e = nl ? nl : l + strlen(l);
		const char *w = incomplete_line_why(l, (size_t)(e - l), uri,
		    path);

		if (w != NULL && w < e) {	/* an empty why is none */
			why = w;
			end = e;
		}
		l = nl ? nl + 1 : e;
	}
	return why ? xasprintf("%.*s", (int)(end - why), why) : NULL;
}

/* Set (why != NULL) or clear the record for (uri, path): the file is
 * rewritten beside itself and renamed. */
static void
incomplete_set(const char *uri, const char *path, const char *why)
{
	char *file = storage_incomplete_path(), *tmp = xasprintf("%s.new", file);
	char *line = NULL;
	size_t cap = 0;
	FILE *in = fopen(file, "r"), *out;

	if (paths_mkdir_parents(file) < 0 || (out = fopen(tmp, "w")) == NULL) {
		if (in != NULL)
			fclose(in);
		free(file);
		free(tmp);
		return;
	}
	while (in != NULL && getline(&line, &cap, in) > 0) {
		if (incomplete_line_why(line, strcspn(line, "\n"), uri,
		    path) != NULL)
			continue;
		fputs(line, out);
	}
	if (why != NULL)
		fprintf(out, "%s\t%s\t%s\n", uri, path, why);
	free(line);
	if (in != NULL)
		fclose(in);
	if (fclose(out) == 0)
		rename(tmp, file);
	else
		unlink(tmp);
	free(file);
	free(tmp);
}

char *
storage_incomplete_in(const char *text, const char *uri, const char *path)
{
	struct incomplete inc = { xstrdup(text) };
	char *why = incomplete_find(&inc, uri, path);

	free(inc.text);
	return why;
}

/* --- volumes ------------------------------------------------------------- */

/* A number of bytes from a <capacity unit='…'> element (libvirt writes
 * bytes; other units in case). */
static uint64_t
xml_bytes(xmlNodePtr n)
{
	char *unit = xmlutil_prop(n, "unit");
	xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
	unsigned long long v = t ? strtoull((const char *)t, NULL, 10) : 0;
	uint64_t mult = 1;

	if (unit != NULL && strcmp(unit, "bytes") != 0 && strcmp(unit, "B") != 0) {
		char buf[64];
		uint64_t one = 0;

		snprintf(buf, sizeof buf, "1%s", unit);
		if (vmspec_parse_size(buf, &one) && one > 0)
			mult = one;
	}
	free(unit);
	xmlFree(t);
	return (uint64_t)v * mult;
}

void
storage_vol_from_xml(struct vol_info *v, const char *xml)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, t, b;
	xmlChar *c;

	if (root == NULL)
		return;
	t = xmlutil_child(root, "target");
	if ((c = xmlNodeGetContent(xmlutil_child(t, "path"))) != NULL && *c)
		v->path = xstrdup((const char *)c);
	xmlFree(c);
	v->format = xmlutil_prop(xmlutil_child(t, "format"), "type");
	v->capacity = xml_bytes(xmlutil_child(root, "capacity"));
	v->allocation = xml_bytes(xmlutil_child(root, "allocation"));
	b = xmlutil_child(root, "backingStore");
	if ((c = b ? xmlNodeGetContent(xmlutil_child(b, "path")) : NULL) &&
	    *c)
		v->backing = xstrdup((const char *)c);
	xmlFree(c);
	xmlFreeDoc(doc);
}

void
vol_list_clear(struct vol_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
		free(l->v[i].format);
		free(l->v[i].backing);
		free(l->v[i].used_by);
		free(l->v[i].incomplete);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int
vol_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vol_info *)a)->name,
	    ((const struct vol_info *)b)->name);
}

/* The volumes' XML, fetched by up to XML_THREADS threads at once: one
 * connection carries concurrent calls, and libvirtd answers them on its
 * worker threads, so a pool of 1,000 volumes lists in a fraction of the
 * time one call after another takes over a network. On the host itself
 * the calls cost CPU, not waiting: two threads there (measured on 2
 * cores, 1,000 volumes: 1 thread 1.3x virsh's vol-list, 2 1.05x, 4
 * 1.1x, 8 1.4x). */
#define XML_THREADS 4

struct xml_fetch {
	virStorageVolPtr *vols;
	char **xml;
	int n, k, step;
};

static void *
xml_fetch_run(void *arg)
{
	struct xml_fetch *f = arg;

	for (int i = f->k; i < f->n; i += f->step) {
		f->xml[i] = virStorageVolGetXMLDesc(f->vols[i], 0);
		if (f->xml[i] == NULL)
			virResetLastError();
	}
	return NULL;
}

static char **
xml_fetch_all(virStorageVolPtr *vols, int n, bool local)
{
	char **xml = xcalloc(n ? (size_t)n : 1, sizeof *xml);
	struct xml_fetch f[XML_THREADS];
	pthread_t th[XML_THREADS];
	bool started[XML_THREADS] = { false };
	int nt = n < 64 ? 1 : local ? 2 : XML_THREADS;

	for (int k = 0; k < nt; k++) {
		f[k] = (struct xml_fetch){ vols, xml, n, k, nt };
		if (k > 0)
			started[k] = pthread_create(&th[k], NULL, xml_fetch_run,
			    &f[k]) == 0;
	}
	xml_fetch_run(&f[0]);
	for (int k = 1; k < nt; k++) {
		if (started[k])
			pthread_join(th[k], NULL);
		else
			xml_fetch_run(&f[k]);	/* no thread: here, then */
	}
	return xml;
}

int
storage_volumes(virConnectPtr conn, const char *pool, struct vol_list *l,
    char **err)
{
	char **xmls;
	virStoragePoolPtr p;
	virStorageVolPtr *vols = NULL;
	struct users us;
	struct incomplete inc;
	char *uri;
	int n;

	memset(l, 0, sizeof *l);
	if ((p = pool_find(conn, pool, err)) == NULL)
		return -1;
	n = virStoragePoolListAllVolumes(p, &vols, 0);
	if (n < 0) {
		*err = fail("Could not list the volumes of pool", pool);
		if (virStoragePoolIsActive(p) == 0) {
			free(*err);
			*err = xasprintf("Pool '%s' is not running, so its volumes "
			    "cannot be listed (vmdeck pool start %s).", pool, pool);
		}
		virResetLastError();
		virStoragePoolFree(p);
		return -1;
	}
	users_read(conn, &us);
	uri = virConnectGetURI(conn);
	virResetLastError();
	incomplete_read(&inc);
	xmls = xml_fetch_all(vols, n, imgfmt_conn_is_local(conn));
	l->v = xcalloc(n ? (size_t)n : 1, sizeof *l->v);
	for (int i = 0; i < n; i++) {
		struct vol_info *v = &l->v[l->n++];
		/* one call a volume: its XML has the rest */
		char *xml = xmls[i];
		char *src = xasprintf("%s/%s", pool, virStorageVolGetName(vols[i]));

		v->name = xstrdup(virStorageVolGetName(vols[i]));
		storage_vol_from_xml(v, xml);
		free(xml);
		if (v->path == NULL) {
			char *path = virStorageVolGetPath(vols[i]);

			v->path = path ? path : xstrdup("");
		}
		v->used_by = users_of(&us, v->path, src);
		v->incomplete = uri ? incomplete_find(&inc, uri, v->path) : NULL;
		free(src);
		virResetLastError();
		virStorageVolFree(vols[i]);
	}
	free(vols);
	free(xmls);
	free(uri);
	users_clear(&us);
	free(inc.text);
	virStoragePoolFree(p);
	qsort(l->v, l->n, sizeof *l->v, vol_cmp);
	return 0;
}

char *
storage_volumes_json(const struct vol_list *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		fatal("out of memory");
	fputc('[', f);
	for (size_t i = 0; i < l->n; i++) {
		const struct vol_info *v = &l->v[i];

		fprintf(f, "%s{\"name\":", i ? "," : "");
		fmt_json_str(f, v->name);
		fputs(",\"path\":", f);
		fmt_json_str(f, v->path);
		fputs(",\"format\":", f);
		fmt_json_str(f, v->format);
		fprintf(f, ",\"capacity\":%llu,\"allocation\":%llu,\"backing\":",
		    (unsigned long long)v->capacity,
		    (unsigned long long)v->allocation);
		fmt_json_str(f, v->backing);
		fputs(",\"used_by\":", f);
		fmt_json_str(f, v->used_by);
		fputs(",\"incomplete\":", f);
		fmt_json_str(f, v->incomplete);
		fputc('}', f);
	}
	fputs("]\n", f);
	return json_close(f, &text);
}

/* --- pool actions -------------------------------------------------------- */

/* A VM (or snapshot) that uses a volume of p: "vda.qcow2 (used by web1)",
 * or NULL. */
static char *
pool_in_use(virConnectPtr conn, virStoragePoolPtr p)
{
	virStorageVolPtr *vols = NULL;
	int n = virStoragePoolIsActive(p) == 1 ?
	    virStoragePoolListAllVolumes(p, &vols, 0) : 0;
	struct users us;
	char *found = NULL;

	if (n <= 0) {
		free(vols);		/* libvirt hands an empty list too */
		virResetLastError();
		return NULL;
	}
	users_read(conn, &us);
	for (int i = 0; i < n; i++) {
		char *path = virStorageVolGetPath(vols[i]);
		char *src = xasprintf("%s/%s", virStoragePoolGetName(p),
		    virStorageVolGetName(vols[i]));
		char *who = found == NULL && path ? users_of(&us, path, src) :
		    NULL;

		free(src);

		if (who != NULL)
			found = xasprintf("its volume '%s' is used by %s",
			    virStorageVolGetName(vols[i]), who);
		free(who);
		free(path);
		virStorageVolFree(vols[i]);
	}
	free(vols);
	users_clear(&us);
	virResetLastError();
	return found;
}

int
storage_pool_act(virConnectPtr conn, const char *pool, enum pool_action a,
    char **msg)
{
	virStoragePoolPtr p = pool_find(conn, pool, msg);
	int rc = 0;

	if (p == NULL)
		return -1;
	switch (a) {
	case POOL_START:
		if (virStoragePoolIsActive(p) == 1)
			*msg = xasprintf("Pool '%s' is running already.", pool);
		else if (virStoragePoolCreate(p, 0) < 0)
			rc = -1, *msg = fail("Could not start pool", pool);
		else
			*msg = xasprintf("Started pool '%s'.", pool);
		break;
	case POOL_STOP: {
		char *use = pool_in_use(conn, p);

		if (use != NULL) {
			rc = -1;
			*msg = xasprintf("Pool '%s' is not stopped: %s.", pool, use);
			free(use);
		} else if (virStoragePoolIsActive(p) != 1)
			*msg = xasprintf("Pool '%s' is not running.", pool);
		else if (virStoragePoolDestroy(p) < 0)
			rc = -1, *msg = fail("Could not stop pool", pool);
		else
			*msg = xasprintf("Stopped pool '%s'; its files stay.", pool);
		break;
	}
	case POOL_AUTOSTART:
	case POOL_NO_AUTOSTART:
		if (virStoragePoolSetAutostart(p, a == POOL_AUTOSTART) < 0)
			rc = -1, *msg = fail("Could not set autostart of pool", pool);
		else
			*msg = xasprintf("Pool '%s' %s with the host.", pool,
			    a == POOL_AUTOSTART ? "starts" : "no longer starts");
		break;
	case POOL_REFRESH:
		if (virStoragePoolRefresh(p, 0) < 0)
			rc = -1, *msg = fail("Could not refresh pool", pool);
		else
			*msg = xasprintf("Read pool '%s' again.", pool);
		break;
	case POOL_DELETE: {
		char *use = pool_in_use(conn, p);
		char *path = NULL, *xml = virStoragePoolGetXMLDesc(p, 0);

		path = xmlutil_leaf(xml, "target", "path", NULL);
		free(xml);
		if (use != NULL) {
			rc = -1;
			*msg = xasprintf("Pool '%s' is not deleted: %s.", pool, use);
		} else if (virStoragePoolIsActive(p) == 1 &&
		    virStoragePoolDestroy(p) < 0)
			rc = -1, *msg = fail("Could not stop pool", pool);
		else if (virStoragePoolIsPersistent(p) == 1 &&
		    virStoragePoolUndefine(p) < 0)
			rc = -1, *msg = fail("Could not remove pool", pool);
		else
			*msg = xasprintf("Removed pool '%s'; its files stay%s%s.",
			    pool, path ? " in " : "", path ? path : "");
		free(use);
		free(path);
		break;
	}
	}
	virResetLastError();
	virStoragePoolFree(p);
	return rc;
}

int
storage_pool_define_dir(virConnectPtr conn, const char *name,
    const char *path, char **msg)
{
	virStoragePoolPtr p = virStoragePoolLookupByName(conn, name);
	struct stat st;
	xmlDocPtr doc;
	xmlNodePtr root, t;
	char *xml;
	const char *why;

	virResetLastError();
	if (p != NULL) {
		virStoragePoolFree(p);
		*msg = xasprintf("The host has a pool called '%s' already.", name);
		return -1;
	}
	if (!storage_vol_name_ok(name, &why)) {
		*msg = xasprintf("'%s' cannot name a pool: %s.", name, why);
		return -1;
	}
	if (path[0] != '/') {
		*msg = xasprintf("The pool's directory must be an absolute path, "
		    "not '%s'.", path);
		return -1;
	}
	if (imgfmt_conn_is_local(conn) && imgfmt_conn_is_qemu(conn)) {
		if (stat(path, &st) < 0) {
			*msg = xasprintf("Cannot use '%s' for pool '%s': %s (make "
			    "the directory first).", path, name, strerror(errno));
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			*msg = xasprintf("Cannot use '%s' for pool '%s': it is not "
			    "a directory.", path, name);
			return -1;
		}
		if (access(path, W_OK) < 0) {
			*msg = xasprintf("Cannot use '%s' for pool '%s': it is not "
			    "writable (%s).", path, name, strerror(errno));
			return -1;
		}
	}
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "pool");
	xmlDocSetRootElement(doc, root);
	xmlutil_set(root, "type", "dir");
	xmlutil_add(root, "name", name);
	t = xmlutil_add(root, "target", NULL);
	xmlutil_add(t, "path", path);
	xml = xmlutil_dump(doc);
	p = virStoragePoolDefineXML(conn, xml, 0);
	free(xml);
	if (p == NULL) {
		*msg = fail("Could not define pool", name);
		return -1;
	}
	if (virStoragePoolCreate(p, 0) < 0) {
		char *why2 = virterr_take();

		if (virStoragePoolUndefine(p) < 0)
			virResetLastError();
		*msg = xasprintf("Pool '%s' did not start, so it was removed "
		    "again: %s", name, why2);
		free(why2);
		virStoragePoolFree(p);
		return -1;
	}
	if (virStoragePoolSetAutostart(p, 1) < 0)
		virResetLastError();
	*msg = xasprintf("Defined pool '%s' at %s, started, and set to start "
	    "with the host.", name, path);
	virStoragePoolFree(p);
	return 0;
}

/* --- volume actions ------------------------------------------------------ */

bool
storage_vol_name_ok(const char *name, const char **why)
{
	if (name == NULL || *name == '\0')
		return *why = "it is empty", false;
	if (strchr(name, '/') != NULL)
		return *why = "it has a '/' (a name, not a path)", false;
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return *why = "it names a directory", false;
	for (const unsigned char *c = (const unsigned char *)name; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return *why = "it has a control character", false;
	if (strlen(name) > 200)
		return *why = "it is longer than 200 bytes", false;
	return true;
}

int
storage_vol_create(virConnectPtr conn, const char *pool, const char *name,
    uint64_t bytes, const char *format, char **msg)
{
	virStoragePoolPtr p;
	virStorageVolPtr v;
	xmlDocPtr doc;
	xmlNodePtr root, n;
	char *xml, num[32], *sz;
	const char *why;

	if (format == NULL)
		format = "qcow2";
	if (strcmp(format, "qcow2") != 0 && strcmp(format, "raw") != 0) {
		*msg = xasprintf("A new volume is qcow2 or raw, not '%s'.", format);
		return -1;
	}
	if (!storage_vol_name_ok(name, &why)) {
		*msg = xasprintf("'%s' cannot name a volume: %s.", name, why);
		return -1;
	}
	if (bytes == 0) {
		*msg = xstrdup("A volume needs a size above 0 (10G, 512M …).");
		return -1;
	}
	if ((p = pool_find(conn, pool, msg)) == NULL)
		return -1;
	v = virStorageVolLookupByName(p, name);
	virResetLastError();
	if (v != NULL) {
		virStorageVolFree(v);
		virStoragePoolFree(p);
		*msg = xasprintf("Pool '%s' has a volume called '%s' already.",
		    pool, name);
		return -1;
	}
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "volume");
	xmlDocSetRootElement(doc, root);
	xmlutil_add(root, "name", name);
	snprintf(num, sizeof num, "%llu", (unsigned long long)bytes);
	n = xmlutil_add(root, "capacity", num);
	xmlutil_set(n, "unit", "bytes");
	/* qcow2 grows as written; raw is sparse where the file system is */
	n = xmlutil_add(root, "allocation", "0");
	xmlutil_set(n, "unit", "bytes");
	n = xmlutil_add(root, "target", NULL);
	xmlutil_set(xmlutil_add(n, "format", NULL), "type", format);
	xml = xmlutil_dump(doc);
	v = virStorageVolCreateXML(p, xml, 0);
	free(xml);
	sz = size_text(bytes);
	if (v == NULL) {
		*msg = fail("Could not create volume", name);
		free(sz);
		virStoragePoolFree(p);
		return -1;
	}
	*msg = xasprintf("Created %s volume '%s' of %s in pool '%s'.", format,
	    name, sz, pool);
	free(sz);
	virStorageVolFree(v);
	virStoragePoolFree(p);
	return 0;
}

int
storage_vol_resize(virConnectPtr conn, const char *pool, const char *vol,
    uint64_t bytes, bool shrink, char **msg)
{
	virStoragePoolPtr p;
	virStorageVolPtr v = vol_find(conn, pool, vol, &p, msg);
	virStorageVolInfo info;
	char *xml, *fmt = NULL, *from = NULL, *to = size_text(bytes);
	int rc = -1;

	if (v == NULL)
		goto out;
	if (virStorageVolGetInfo(v, &info) < 0) {
		*msg = fail("Could not read volume", vol);
		goto out;
	}
	xml = virStorageVolGetXMLDesc(v, 0);
	fmt = xmlutil_leaf(xml, "target", "format", "type");
	free(xml);
	from = size_text(info.capacity);
	if (bytes == info.capacity) {
		*msg = xasprintf("Volume '%s' is %s already.", vol, to);
		rc = 0;
		goto out;
	}
	if (bytes < info.capacity && (fmt == NULL || strcmp(fmt, "raw") != 0)) {
		*msg = xasprintf("Volume '%s' is not shrunk: it is %s, and "
		    "shrinking cuts through what its guest's file systems hold; "
		    "only a raw volume can be shrunk (with --shrink).", vol,
		    fmt ? fmt : "of a format libvirt does not name");
		goto out;
	}
	if (bytes < info.capacity && !shrink) {
		*msg = xasprintf("Volume '%s' is %s; shrinking it to %s loses "
		    "everything past %s: say --shrink to do it.", vol, from, to,
		    to);
		goto out;
	}
	if (virStorageVolResize(v, bytes, bytes < info.capacity ?
	    VIR_STORAGE_VOL_RESIZE_SHRINK : 0) < 0) {
		*msg = fail("Could not resize volume", vol);
		goto out;
	}
	*msg = xasprintf("Volume '%s' is now %s (it was %s)%s.", vol, to, from,
	    bytes > info.capacity ? "; a guest using it sees the new room "
	    "after growing its partition and file system" : "");
	rc = 0;
out:
	free(fmt);
	free(from);
	free(to);
	virResetLastError();
	if (v != NULL)
		virStorageVolFree(v);
	if (p != NULL)
		virStoragePoolFree(p);
	return rc;
}

int
storage_vol_delete(virConnectPtr conn, const char *pool, const char *vol,
    char **msg)
{
	virStoragePoolPtr p;
	virStorageVolPtr v = vol_find(conn, pool, vol, &p, msg);
	struct users us;
	char *path, *who, *src;
	int rc = -1;

	if (v == NULL)
		goto out;
	path = virStorageVolGetPath(v);
	src = xasprintf("%s/%s", pool, vol);
	users_read(conn, &us);
	who = path ? users_of(&us, path, src) : NULL;
	free(src);
	users_clear(&us);
	if (who != NULL)
		*msg = xasprintf("Volume '%s' is not deleted: %s uses it.", vol,
		    who);
	else if (virStorageVolDelete(v, 0) < 0)
		*msg = fail("Could not delete volume", vol);
	else {
		*msg = xasprintf("Deleted volume '%s' (%s).", vol,
		    path ? path : "?");
		rc = 0;
	}
	free(who);
	free(path);
out:
	virResetLastError();
	if (v != NULL)
		virStorageVolFree(v);
	if (p != NULL)
		virStoragePoolFree(p);
	return rc;
}

int
storage_vol_clone(virConnectPtr conn, const char *pool, const char *vol,
    const char *name, char **msg)
{
	virStoragePoolPtr p;
	virStorageVolPtr v = vol_find(conn, pool, vol, &p, msg), nv = NULL;
	xmlDocPtr doc = NULL;
	char *xml = NULL;
	const char *why;
	int rc = -1;

	if (v == NULL)
		goto out;
	if (!storage_vol_name_ok(name, &why)) {
		*msg = xasprintf("'%s' cannot name a volume: %s.", name, why);
		goto out;
	}
	nv = virStorageVolLookupByName(p, name);
	virResetLastError();
	if (nv != NULL) {
		*msg = xasprintf("Pool '%s' has a volume called '%s' already.",
		    pool, name);
		goto out;
	}
	xml = virStorageVolGetXMLDesc(v, 0);
	doc = xml ? xmlutil_parse(xml) : NULL;
	free(xml);
	xml = NULL;
	if (doc == NULL) {
		*msg = fail("Could not read volume", vol);
		goto out;
	}
	/* the copy: the same XML under the new name, without its key and
	 * path (libvirt gives the new volume its own) */
	xmlNodePtr root = xmlDocGetRootElement(doc), n, next;

	for (n = root->children; n != NULL; n = next) {
		next = n->next;
		if (n->type == XML_ELEMENT_NODE &&
		    (xmlStrcmp(n->name, BAD_CAST "name") == 0 ||
		    xmlStrcmp(n->name, BAD_CAST "key") == 0)) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
	}
	if ((n = xmlutil_child(root, "target")) != NULL &&
	    (n = xmlutil_child(n, "path")) != NULL) {
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
	xmlutil_add(root, "name", name);
	xml = xmlutil_dump(doc);
	doc = NULL;
	nv = virStorageVolCreateXMLFrom(p, xml, v, 0);
	if (nv == NULL) {
		*msg = fail("Could not copy volume", vol);
		goto out;
	}
	*msg = xasprintf("Copied volume '%s' to '%s' in pool '%s'.", vol, name,
	    pool);
	rc = 0;
out:
	free(xml);
	if (doc != NULL)
		xmlFreeDoc(doc);
	virResetLastError();
	if (nv != NULL)
		virStorageVolFree(nv);
	if (v != NULL)
		virStorageVolFree(v);
	if (p != NULL)
		virStoragePoolFree(p);
	return rc;
}

/* --- transfers ----------------------------------------------------------- */

struct xfer {
	int fd;
	uint64_t done, total, told;
	storage_tick_fn *tick;
	void *ctx;
	bool cancelled;
	int err;			/* errno of a local read or write */
	uint64_t flushed;		/* a download: written back up to here */
};

/* A download's file is fsync'ed before it takes the file's name; its
 * write-back is started every WRITEBACK_BYTES as it arrives, so that the
 * fsync at the end finds little left (it cost ~200 ms of a 256 MiB
 * download, 25 % of the time, when it wrote everything at once). */
#define WRITEBACK_BYTES (16u << 20)

static void
xfer_writeback(struct xfer *x)
{
	if (x->done - x->flushed < WRITEBACK_BYTES)
		return;
	/* only a hint to the kernel: a failure shows in the final fsync */
	(void)sync_file_range(x->fd, (off_t)x->flushed,
	    (off_t)(x->done - x->flushed), SYNC_FILE_RANGE_WRITE);
	x->flushed = x->done;
}

static bool
xfer_tell(struct xfer *x, bool force)
{
	if (x->tick == NULL || (!force && x->done - x->told < TICK_BYTES))
		return true;
	x->told = x->done;
	if (!x->tick(x->done, x->total, x->ctx)) {
		x->cancelled = true;
		return false;
	}
	return true;
}

static int
up_source(virStreamPtr st, char *data, size_t n, void *opaque)
{
	struct xfer *x = opaque;
	ssize_t got;

	(void)st;
	if (!xfer_tell(x, false))
		return -1;
	do
		got = read(x->fd, data, n);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		x->err = errno;
		return -1;
	}
	x->done += (uint64_t)got;
	return (int)got;
}

/* Where the file is: in data or in a hole, and for how long. */
static int
up_hole(virStreamPtr st, int *in_data, long long *length, void *opaque)
{
	struct xfer *x = opaque;
	off_t cur = lseek(x->fd, 0, SEEK_CUR), data, hole;

	(void)st;
	if (cur < 0)
		return x->err = errno, -1;
	data = lseek(x->fd, cur, SEEK_DATA);
	if (data < 0 && errno == ENXIO) {
		/* a hole to the end of the file (or the end itself) */
		off_t end = lseek(x->fd, 0, SEEK_END);

		*in_data = 0;
		*length = end > cur ? end - cur : 0;
	} else if (data < 0) {
		/* no SEEK_DATA here: all of it data */
		*in_data = 1;
		*length = (long long)(x->total > (uint64_t)cur ?
		    x->total - (uint64_t)cur : 0);
	} else if (data > cur) {
		*in_data = 0;
		*length = data - cur;
	} else {
		hole = lseek(x->fd, cur, SEEK_HOLE);
		*in_data = 1;
		*length = hole > cur ? hole - cur : 0;
	}
	if (lseek(x->fd, cur, SEEK_SET) < 0)
		return x->err = errno, -1;
	return 0;
}

static int
up_skip(virStreamPtr st, long long length, void *opaque)
{
	struct xfer *x = opaque;

	(void)st;
	if (lseek(x->fd, (off_t)length, SEEK_CUR) < 0)
		return x->err = errno, -1;
	x->done += (uint64_t)length;
	return xfer_tell(x, false) ? 0 : -1;
}

static char *
host_uri(virConnectPtr conn)
{
	char *uri = virConnectGetURI(conn);

	virResetLastError();
	return uri ? uri : xstrdup("?");
}

int
storage_vol_upload(virConnectPtr conn, const char *pool, const char *vol,
    const char *file, storage_tick_fn *tick, void *ctx, char **msg)
{
	virStoragePoolPtr p;
	virStorageVolPtr v = vol_find(conn, pool, vol, &p, msg);
	virStreamPtr st = NULL;
	virStorageVolInfo info;
	struct xfer x = { .fd = -1, .tick = tick, .ctx = ctx };
	struct stat sb;
	char *path = NULL, *uri = host_uri(conn), *sz = NULL, *cap = NULL;
	bool sparse = true;
	int rc = -1, sent;

	if (v == NULL)
		goto out;
	path = virStorageVolGetPath(v);
	if ((x.fd = open(file, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(x.fd, &sb) < 0) {
		*msg = xasprintf("Cannot read '%s': %s.", file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		*msg = xasprintf("'%s' is not a regular file.", file);
		goto out;
	}
	x.total = (uint64_t)sb.st_size;
	/* a sparse stream only for a file with holes: a whole file goes
	 * faster as a plain one (no hole checks on either side) */
	{
		off_t hole = lseek(x.fd, 0, SEEK_HOLE);

		sparse = hole >= 0 && hole < sb.st_size;
		if (lseek(x.fd, 0, SEEK_SET) < 0) {
			*msg = xasprintf("Cannot read '%s': %s.", file,
			    strerror(errno));
			goto out;
		}
	}
	if (virStorageVolGetInfo(v, &info) < 0) {
		*msg = fail("Could not read volume", vol);
		goto out;
	}
	sz = size_text(x.total);
	cap = size_text(info.capacity);
	if (x.total > info.capacity) {
		*msg = xasprintf("'%s' (%s) is larger than volume '%s' (%s): "
		    "nothing was sent; grow the volume first (vmdeck vol "
		    "resize).", file, sz, vol, cap);
		goto out;
	}
	for (;;) {
		st = virStreamNew(conn, 0);
		if (st == NULL) {
			*msg = fail("Could not open a stream to volume", vol);
			goto out;
		}
		if (virStorageVolUpload(v, st, 0, x.total, sparse ?
		    VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM : 0) == 0)
			break;
		virStreamFree(st);
		st = NULL;
		if (!sparse) {
			*msg = fail("Could not upload into volume", vol);
			goto out;
		}
		/* a host that takes no sparse streams: every byte, then */
		virResetLastError();
		sparse = false;
	}
	incomplete_set(uri, path ? path : vol, "an upload under way or cut "
	    "off");
	xfer_tell(&x, true);
	sent = sparse ? virStreamSparseSendAll(st, up_source, up_hole, up_skip,
	    &x) : virStreamSendAll(st, up_source, &x);
	if (sent < 0 || virStreamFinish(st) < 0) {
		char *why = x.cancelled ? xstrdup("cancelled") : x.err ?
		    xasprintf("reading '%s': %s", file, strerror(x.err)) :
		    virterr_take();
		char *done = size_text(x.done), *note;

		virResetLastError();
		if (virStreamAbort(st) < 0)
			virResetLastError();
		note = xasprintf("upload stopped at %s of %s: %s", done, sz, why);
		incomplete_set(uri, path ? path : vol, note);
		*msg = xasprintf("Upload of '%s' into volume '%s' did not finish "
		    "(%s of %s sent: %s); the volume is marked incomplete until "
		    "an upload into it finishes.", file, vol, done, sz, why);
		free(note);
		free(done);
		free(why);
		goto out;
	}
	x.done = x.total;
	xfer_tell(&x, true);
	incomplete_set(uri, path ? path : vol, NULL);
	*msg = xasprintf("Uploaded '%s' (%s) into volume '%s' of pool '%s'%s.",
	    file, sz, vol, pool, sparse ? ", holes not sent" : "");
	rc = 0;
out:
	if (x.fd >= 0)
		close(x.fd);
	if (st != NULL)
		virStreamFree(st);
	free(sz);
	free(cap);
	free(path);
	free(uri);
	virResetLastError();
	if (v != NULL)
		virStorageVolFree(v);
	if (p != NULL)
		virStoragePoolFree(p);
	return rc;
}

static int
down_sink(virStreamPtr st, const char *data, size_t n, void *opaque)
{
	struct xfer *x = opaque;
	size_t off = 0;

	(void)st;
	while (off < n) {
		ssize_t w = write(x->fd, data + off, n - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return x->err = errno, -1;
		off += (size_t)w;
	}
	x->done += n;
	xfer_writeback(x);
	return xfer_tell(x, false) ? (int)n : -1;
}

static int
down_hole(virStreamPtr st, long long length, void *opaque)
{
	struct xfer *x = opaque;
	off_t at = lseek(x->fd, (off_t)length, SEEK_CUR);

	(void)st;
	if (at < 0 || ftruncate(x->fd, at) < 0)
		return x->err = errno, -1;
	x->done += (uint64_t)length;
	return xfer_tell(x, false) ? 0 : -1;
}

int
storage_vol_download(virConnectPtr conn, const char *pool, const char *vol,
    const char *file, storage_tick_fn *tick, void *ctx, char **msg)
{
	virStoragePoolPtr p;
	virStorageVolPtr v = vol_find(conn, pool, vol, &p, msg);
	virStreamPtr st = NULL;
	virStorageVolInfo info;
	struct xfer x = { .fd = -1, .tick = tick, .ctx = ctx };
	char *tmp = xasprintf("%s.part", file), *sz = NULL;
	bool sparse = true;
	int rc = -1, got;

	if (v == NULL)
		goto out;
	/* the bytes of its file: a qcow2's file size, a raw's capacity */
	if (virStorageVolGetInfoFlags(v, &info,
	    VIR_STORAGE_VOL_GET_PHYSICAL) < 0) {
		virResetLastError();
		if (virStorageVolGetInfo(v, &info) < 0) {
			*msg = fail("Could not read volume", vol);
			goto out;
		}
	}
	x.total = info.allocation > 0 ? info.allocation : info.capacity;
	if ((x.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) < 0) {
		*msg = xasprintf("Cannot write '%s': %s.", tmp, strerror(errno));
		goto out;
	}
	for (;;) {
		st = virStreamNew(conn, 0);
		if (st == NULL) {
			*msg = fail("Could not open a stream from volume", vol);
			goto out;
		}
		if (virStorageVolDownload(v, st, 0, 0, sparse ?
		    VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM : 0) == 0)
			break;
		virStreamFree(st);
		st = NULL;
		if (!sparse) {
			*msg = fail("Could not download volume", vol);
			goto out;
		}
		virResetLastError();
		sparse = false;
	}
	xfer_tell(&x, true);
	got = sparse ? virStreamSparseRecvAll(st, down_sink, down_hole, &x) :
	    virStreamRecvAll(st, down_sink, &x);
	if (got < 0 || virStreamFinish(st) < 0 || fsync(x.fd) < 0 ||
	    close(x.fd) < 0) {
		char *why = x.cancelled ? xstrdup("cancelled") : x.err ?
		    xasprintf("writing '%s': %s", tmp, strerror(x.err)) :
		    virterr_take();
		char *done = size_text(x.done);

		virResetLastError();
		if (virStreamAbort(st) < 0)
			virResetLastError();
		*msg = xasprintf("Download of volume '%s' did not finish (%s "
		    "received: %s); '%s' is left as it was, nothing half "
		    "written in its place.", vol, done, why, file);
		free(done);
		free(why);
		unlink(tmp);
		goto out;
	}
	x.fd = -1;
	if (rename(tmp, file) < 0) {
		*msg = xasprintf("Cannot put the download in place as '%s': %s.",
		    file, strerror(errno));
		unlink(tmp);
		goto out;
	}
	x.total = x.done;
	xfer_tell(&x, true);
	sz = size_text(x.done);
	*msg = xasprintf("Downloaded volume '%s' of pool '%s' (%s) into "
	    "'%s'%s.", vol, pool, sz, file, sparse ? ", holes kept" : "");
	rc = 0;
out:
	if (x.fd >= 0) {
		close(x.fd);
		unlink(tmp);
	}
	if (st != NULL)
		virStreamFree(st);
	free(tmp);
	free(sz);
	virResetLastError();
	if (v != NULL)
		virStorageVolFree(v);
	if (p != NULL)
		virStoragePoolFree(p);
	return rc;
}
