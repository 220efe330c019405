/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "create.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libvirt/virterror.h>

#include "../core/domain.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "accel.h"
#include "imgfmt.h"
#include "osinfo.h"
#include "seed.h"
#include "tiny.h"
#include "../core/virterr.h"
#include "../core/xmlutil.h"

void
create_result_clear(struct create_result *r)
{
	if (r == NULL)
		return;
	free(r->xml);
	free(r->accel);
	free(r->accel_note);
	free(r->warning);
	free(r->note);
	memset(r, 0, sizeof *r);
}

/* Append a sentence to *text. */
static void
say_more(char **text, const char *sentence)
{
	char *t = *text ? xasprintf("%s %s", *text, sentence) : xstrdup(sentence);

	free(*text);
	*text = t;
}

/* Volumes made so far, for undoing. */
struct made {
	virStorageVolPtr vols[VMSPEC_MAX_DISKS + 1];
	size_t n;
};

static void
made_undo(struct made *m)
{
	for (size_t i = 0; i < m->n; i++) {
		if (virStorageVolDelete(m->vols[i], 0) < 0)
			virResetLastError();
		virStorageVolFree(m->vols[i]);
	}
	m->n = 0;
}

static void
made_keep(struct made *m)
{
	for (size_t i = 0; i < m->n; i++)
		virStorageVolFree(m->vols[i]);
	m->n = 0;
}

/* Whether the host has the file at path: a volume of a pool, or (on a
 * local connection, where vmdeck sees the same files) a file. A remote
 * file outside pools cannot be checked from here and counts as there. */
static bool
image_exists(virConnectPtr conn, const char *path)
{
	virStorageVolPtr vol = virStorageVolLookupByPath(conn, path);

	if (vol != NULL) {
		virStorageVolFree(vol);
		return true;
	}
	virResetLastError();
	return !imgfmt_conn_is_local(conn) || access(path, R_OK) == 0;
}

/* The pool's target directory (caller frees), or NULL. */
static char *
pool_target(virStoragePoolPtr pool)
{
	char *xml = virStoragePoolGetXMLDesc(pool, 0);
	char *r = xmlutil_leaf(xml, "target", "path", NULL);

	free(xml);
	virResetLastError();
	return r;
}

/* The name vmdeck gives disk i's new volume. Caller frees. */
/* What a new qcow2 volume takes before the guest writes: its header and
 * tables, with room to spare (1 G: 196 KB). */
#define CREATE_THIN_START (1024 * 1024)

static char *
volume_name(const struct vmspec *spec, size_t i)
{
	const struct vmspec_disk *d = &spec->disks[i];

	return xasprintf("%s-disk%zu.%s", spec->name, i + 1,
	    d->format && strcmp(d->format, "raw") == 0 ? "img" : "qcow2");
}

/* The pool called name, active, or NULL with *err naming the fix. */
static virStoragePoolPtr
plan_pool(virConnectPtr conn, const char *name, const char *vm, char **err)
{
	virStoragePoolPtr pool = virStoragePoolLookupByName(conn, name);

	if (pool == NULL) {
		char *why = virterr_take();

		*err = xasprintf("Could not find storage pool '%s' for VM '%s': "
		    "%s. Fix: create it (vmdeck offers a 'default' pool at "
		    "/var/lib/libvirt/images on first start; or virsh "
		    "pool-define-as %s dir --target DIR), or choose another "
		    "pool.", name, vm, why, name);
		free(why);
		return NULL;
	}
	if (virStoragePoolIsActive(pool) != 1 &&
	    virStoragePoolCreate(pool, 0) < 0) {
		char *why = virterr_take();

		*err = xasprintf("Storage pool '%s' is not running and could not "
		    "be started for VM '%s': %s", name, vm, why);
		free(why);
		virStoragePoolFree(pool);
		return NULL;
	}
	return pool;
}

/* Where a new volume called vname goes in pool poolname: its path, after
 * checking that the pool is there, can hold the need bytes it takes at
 * once and (locally) is writable. A thin volume (qcow2) takes little at
 * first and grows up to grows bytes: past the pool's free space that is
 * an overcommit, said in *warning (appended), not refused. Caller frees;
 * NULL with *err. */
static char *
plan_volume(virConnectPtr conn, const struct vmspec *spec,
    const char *poolname, const char *vname, uint64_t need, uint64_t grows,
    char **warning, char **err)
{
	virStoragePoolPtr pool = plan_pool(conn, poolname, spec->name, err);
	virStoragePoolInfo pinfo;
	virStorageVolPtr vol;
	char *dir, *path;

	if (pool == NULL)
		return NULL;
	if (need > 0 && virStoragePoolGetInfo(pool, &pinfo) == 0 &&
	    pinfo.available < need) {
		char a[32], b[32];

		*err = xasprintf("Storage pool '%s' has %s free; VM '%s' needs "
		    "%s there.", poolname,
		    fmt_kib(a, sizeof a, pinfo.available / 1024), spec->name,
		    fmt_kib(b, sizeof b, need / 1024));
		virStoragePoolFree(pool);
		return NULL;
	}
	if (grows > need && virStoragePoolGetInfo(pool, &pinfo) == 0 &&
	    pinfo.available < grows) {
		char a[32], b[32], *w;

		w = xasprintf("Storage pool '%s' has %s free and VM '%s''s thin "
		    "disk %s can grow to %s: the pool is overcommitted, and the "
		    "guest's writes fail once it is full.", poolname,
		    fmt_kib(a, sizeof a, pinfo.available / 1024), spec->name,
		    vname, fmt_kib(b, sizeof b, grows / 1024));
		say_more(warning, w);
		free(w);
	}
	virResetLastError();
	vol = virStorageVolLookupByName(pool, vname);
	if (vol != NULL) {
		virStorageVolFree(vol);
		virStoragePoolFree(pool);
		*err = xasprintf("Storage pool '%s' already has a volume '%s'; "
		    "vmdeck will not overwrite it (if nothing uses it: virsh "
		    "vol-delete --pool %s %s).", poolname, vname, poolname,
		    vname);
		return NULL;
	}
	virResetLastError();
	dir = pool_target(pool);
	virStoragePoolFree(pool);
	if (dir == NULL) {
		*err = xasprintf("Storage pool '%s' has no target path to put "
		    "'%s' in.", poolname, vname);
		return NULL;
	}
	/* a local QEMU host's pool is a directory vmdeck sees (the test
	 * driver's pools are make-believe) */
	if (imgfmt_conn_is_local(conn) && imgfmt_conn_is_qemu(conn) &&
	    access(dir, W_OK) < 0) {
		*err = xasprintf("Storage pool '%s' cannot take a volume for VM "
		    "'%s': %s is not writable (%s). Fix: choose another pool, or "
		    "make the directory writable.", poolname, spec->name, dir,
		    strerror(errno));
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/%s", dir, vname);
	free(dir);
	return path;
}

/* The image of disk i: there, its real format read, a plausible image. */
static int
plan_image(virConnectPtr conn, struct vmspec *spec, size_t i, char **err)
{
	struct vmspec_disk *d = &spec->disks[i];
	bool local = imgfmt_conn_is_local(conn);
	char *why = NULL, *fmt;

	if (!image_exists(conn, d->image)) {
		*err = xasprintf("VM '%s': disk %zu's image '%s' is not on the "
		    "host (no such file or volume).", spec->name, i + 1,
		    d->image);
		return -1;
	}
	if (d->source == VMSPEC_SOURCE_CDROM) {
		if (local && access(d->image, R_OK) == 0 &&
		    !imgfmt_is_iso(d->image, &why)) {
			*err = xasprintf("VM '%s': disk %zu: %s", spec->name, i + 1,
			    why);
			free(why);
			return -1;
		}
		return 0;
	}
	fmt = imgfmt_detect(conn, d->image, &why);
	if (fmt == NULL) {
		*err = xasprintf("VM '%s': disk %zu: %s", spec->name, i + 1, why);
		free(why);
		return -1;
	}
	if (strcmp(fmt, "raw") == 0 && local && d->source != VMSPEC_SOURCE_PATH &&
	    access(d->image, R_OK) == 0 && !imgfmt_raw_is_disk(d->image, &why)) {
		*err = xasprintf("VM '%s': disk %zu: %s", spec->name, i + 1, why);
		free(why);
		free(fmt);
		return -1;
	}
	free(d->image_format);
	d->image_format = fmt;
	/* an existing file is used as it is; a copy keeps the format */
	if (d->source == VMSPEC_SOURCE_PATH || d->source == VMSPEC_SOURCE_COPY) {
		free(d->format);
		d->format = xstrdup(fmt);
	}
	return 0;
}

/* Whether the XPath expr finds a node in the XML text xml. */
static bool
caps_has(const char *xml, const char *expr)
{
	xmlDocPtr doc = xmlutil_parse(xml);
	xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
	xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression(BAD_CAST expr, ctx) :
	    NULL;
	bool found = o != NULL && o->type == XPATH_NODESET &&
	    o->nodesetval != NULL && o->nodesetval->nodeNr > 0;

	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	if (doc != NULL)
		xmlFreeDoc(doc);
	return found;
}

int
create_check_caps(const char *caps, const struct vmspec *spec, char **err)
{
	if (spec->firmware == VMSPEC_UEFI && (!caps_has(caps, "/domainCapabilities"
	    "/os/enum[@name='firmware']/value[text()='efi']") ||
	    !caps_has(caps, "/domainCapabilities/os/loader/value"))) {
		*err = xasprintf("VM '%s' needs UEFI firmware, and the host has "
		    "none for machine '%s'. Fix: install OVMF on the host "
		    "(apt-get install ovmf).", spec->name,
		    spec->machine ? spec->machine : "pc");
		return -1;
	}
	if (spec->tpm && !caps_has(caps, "/domainCapabilities/devices/tpm"
	    "/enum[@name='backendModel']/value[text()='emulator']")) {
		*err = xasprintf("VM '%s' needs a TPM 2.0, and the host has no TPM "
		    "emulator. Fix: install swtpm on the host (apt-get install "
		    "swtpm swtpm-tools).", spec->name);
		return -1;
	}
	return 0;
}

/* What the host's domain capabilities say: UEFI firmware and a TPM
 * emulator where the spec needs them. */
static int
plan_caps(virConnectPtr conn, const struct vmspec *spec, const char *type,
    char **err)
{
	char *caps;
	int rc;

	if (spec->firmware != VMSPEC_UEFI && !spec->tpm)
		return 0;
	caps = virConnectGetDomainCapabilities(conn, NULL, spec->arch,
	    spec->machine, type, 0);
	if (caps == NULL) {
		virErrorPtr e = virGetLastError();
		char *why;

		/* a driver that cannot say (test:///): libvirt's define judges */
		if (e != NULL && e->code == VIR_ERR_NO_SUPPORT) {
			virResetLastError();
			return 0;
		}
		why = virterr_take();

		*err = xasprintf("VM '%s': could not read what the host's QEMU "
		    "offers: %s", spec->name, why);
		free(why);
		return -1;
	}
	rc = create_check_caps(caps, spec, err);
	free(caps);
	return rc;
}

/* Each network the NICs name: defined; started (and said) when it is not
 * running and make is true. */
static int
plan_networks(virConnectPtr conn, const struct vmspec *spec, bool make,
    struct create_result *r, char **err)
{
	for (size_t i = 0; i < spec->nnics; i++) {
		const char *name = spec->nics[i].network ? spec->nics[i].network :
		    "default";
		virNetworkPtr net;

		if (spec->nics[i].bridge != NULL)
			continue;
		net = virNetworkLookupByName(conn, name);
		if (net == NULL) {
			char *why = virterr_take();

			*err = xasprintf("VM '%s' is to join network '%s': %s. Fix: "
			    "create it (vmdeck offers the 'default' NAT network on "
			    "first start; needs dnsmasq-base), or choose another "
			    "network.", spec->name, name, why);
			free(why);
			return -1;
		}
		if (virNetworkIsActive(net) != 1 && make) {
			if (virNetworkCreate(net) < 0) {
				char *why = virterr_take();

				*err = xasprintf("Network '%s' is not running and could "
				    "not be started for VM '%s': %s", name, spec->name,
				    why);
				free(why);
				virNetworkFree(net);
				return -1;
			} else {
				char *s = xasprintf("Started network '%s'.", name);

				say_more(&r->note, s);
				free(s);
			}
		}
		virResetLastError();
		virNetworkFree(net);
	}
	return 0;
}

/* The pool the seed goes in: the first disk's, else "default". */
static const char *
seed_pool(const struct vmspec *spec)
{
	for (size_t i = 0; i < spec->ndisks; i++)
		if (spec->disks[i].pool != NULL)
			return spec->disks[i].pool;
	return "default";
}

/* "2 GiB" of bytes (a static buffer per call site is not needed: the
 * caller's). */
static const char *
osinfo_size(char *buf, size_t len, uint64_t bytes)
{
	return fmt_kib(buf, len, bytes / 1024);
}

/* What osinfo-db knows of the spec's OS (its variant): the libosinfo
 * metadata; for an `osinfo = recommended` template the vCPUs, memory,
 * first new disk's size, firmware and buses the user left unset; and,
 * for any template, a warning for each figure below osinfo-db's minimum,
 * as virt-install gives. Without libosinfo, or for an OS it does not
 * know, the template's own values stand (said in r->note) unless the
 * template takes its sizes from osinfo-db, which is then an error. */
static int
plan_osinfo(struct vmspec *spec, struct create_result *r, char **err)
{
	struct osinfo_os os;
	char *why = NULL, *s, a[32], b[32];
	int k, d = -1;

	if (spec->variant == NULL || spec->variant[0] == '\0' ||
	    strcmp(spec->variant, "generic") == 0) {
		if (!spec->from_osinfo)
			return 0;
		*err = xasprintf("VM '%s': this template takes its sizes from "
		    "osinfo-db: name the OS with --set variant=ID (such as "
		    "debian11 or win10; osinfo-query os lists them).",
		    spec->name);
		return -1;
	}
	k = osinfo_find(spec->variant, &os, &why);
	if (k <= 0) {
		if (spec->from_osinfo) {
			*err = k < 0 ? xasprintf("VM '%s': %s; this template "
			    "takes its sizes from osinfo-db.", spec->name, why) :
			    xasprintf("VM '%s': osinfo-db knows no OS called "
			    "'%s' (osinfo-query os lists those it knows).",
			    spec->name, spec->variant);
			free(why);
			return -1;
		}
		s = k < 0 ? xasprintf("osinfo: %s; the template's own values "
		    "stand.", why) : xasprintf("osinfo-db does not know '%s': "
		    "the template's own values stand.", spec->variant);
		say_more(&r->note, s);
		free(s);
		free(why);
		return 0;
	}
	free(spec->osinfo_id);
	spec->osinfo_id = xstrdup(os.id);
	for (size_t i = 0; i < spec->ndisks && d < 0; i++)
		if (spec->disks[i].source == VMSPEC_SOURCE_EMPTY)
			d = (int)i;
	if (spec->from_osinfo) {
		unsigned g = spec->given;

		if (!(g & VMSPEC_GIVEN_VCPUS) && (os.rec_cpus || os.min_cpus))
			spec->vcpus = os.rec_cpus ? os.rec_cpus : os.min_cpus;
		if (!(g & VMSPEC_GIVEN_MEMORY) && (os.rec_ram || os.min_ram))
			spec->memory_kib = (os.rec_ram ? os.rec_ram :
			    os.min_ram) / 1024;
		if (d >= 0 && !(g & VMSPEC_GIVEN_DISK_SIZE) &&
		    (os.rec_disk || os.min_disk))
			spec->disks[d].size = os.rec_disk ? os.rec_disk :
			    os.min_disk;
		if (os.family != NULL) {
			/* the clock: Windows keeps local time */
			free(spec->os);
			spec->os = xstrdup(strcmp(os.family, "winnt") == 0 ?
			    "windows" : strcmp(os.family, "linux") == 0 ?
			    "linux" : strstr(os.family, "bsd") != NULL ? "bsd" :
			    "other");
		}
		if (!(g & VMSPEC_GIVEN_FIRMWARE) && os.efi_only)
			spec->firmware = VMSPEC_UEFI;
		if (!(g & VMSPEC_GIVEN_MACHINE) && os.efi_only) {
			free(spec->machine);
			spec->machine = xstrdup("q35");
		}
		for (size_t i = 0; i < spec->ndisks &&
		    !(g & VMSPEC_GIVEN_DISK_BUS); i++)
			if (spec->disks[i].source != VMSPEC_SOURCE_CDROM) {
				free(spec->disks[i].bus);
				spec->disks[i].bus = xstrdup(os.virtio_disk ?
				    "virtio" : "sata");
			}
		for (size_t i = 0; i < spec->nnics &&
		    !(g & VMSPEC_GIVEN_NIC_MODEL); i++) {
			free(spec->nics[i].model);
			spec->nics[i].model = xstrdup(os.virtio_net ? "virtio" :
			    "e1000e");
		}
		s = xasprintf("osinfo-db: %s (%s): %u vCPU%s, %s of memory%s%s, "
		    "%s, %s disks, %s network.", os.name, os.short_id,
		    spec->vcpus, spec->vcpus == 1 ? "" : "s",
		    fmt_kib(a, sizeof a, spec->memory_kib),
		    d >= 0 ? ", a disk of " : "", d >= 0 ? osinfo_size(b,
		    sizeof b, spec->disks[d].size) : "", spec->firmware ==
		    VMSPEC_UEFI ? "UEFI" : "BIOS", os.virtio_disk ?
		    "virtio" : "SATA", os.virtio_net ? "virtio" : "e1000e");
		say_more(&r->note, s);
		free(s);
	}
	/* below the minimum: said, not refused (virt-install warns too) */
	if (os.min_ram && spec->memory_kib * 1024 < os.min_ram) {
		s = xasprintf("VM '%s': %s of memory is less than the %s "
		    "osinfo-db gives as the least %s needs.", spec->name,
		    fmt_kib(a, sizeof a, spec->memory_kib), osinfo_size(b,
		    sizeof b, os.min_ram), os.name);
		say_more(&r->warning, s);
		free(s);
	}
	if (os.min_cpus && spec->vcpus < os.min_cpus) {
		s = xasprintf("VM '%s': %u vCPUs are fewer than the %u osinfo-db "
		    "gives as the least %s needs.", spec->name, spec->vcpus,
		    os.min_cpus, os.name);
		say_more(&r->warning, s);
		free(s);
	}
	if (d >= 0 && os.min_disk && spec->disks[d].size < os.min_disk) {
		s = xasprintf("VM '%s': a disk of %s is smaller than the %s "
		    "osinfo-db gives as the least %s needs.", spec->name,
		    osinfo_size(a, sizeof a, spec->disks[d].size),
		    osinfo_size(b, sizeof b, os.min_disk), os.name);
		say_more(&r->warning, s);
		free(s);
	}
	osinfo_os_clear(&os);
	return 0;
}
/* Plan: everything create_vm needs, made nowhere; make says whether tiny
 * may fetch and write, and networks may be started. *seed_at gets the
 * seed's disk index (or -1). */
static int
plan(virConnectPtr conn, struct vmspec *spec, const struct create_opts *o,
    bool make, struct create_result *r, long *seed_at,
    struct seed_keys *keys, char **err)
{
	enum vmspec_accel setting = spec->accel != VMSPEC_ACCEL_AUTO ?
	    spec->accel : o->host_accel;
	virDomainPtr dom;
	const char *type;

	*seed_at = -1;
	if (plan_osinfo(spec, r, err) < 0 || vmspec_validate(spec, err) < 0)
		return -1;
	/* refuse a taken name before anything is made */
	dom = virDomainLookupByName(conn, spec->name);
	if (dom != NULL) {
		virDomainFree(dom);
		*err = xasprintf("A VM named '%s' already exists on this host.",
		    spec->name);
		return -1;
	}
	virResetLastError();
	if (tiny_prepare(conn, spec, make, o->say, o->ctx, err) < 0)
		return -1;
	if (spec->kernel != NULL && make && !image_exists(conn, spec->kernel)) {
		*err = xasprintf("VM '%s': kernel '%s' is not on the host.",
		    spec->name, spec->kernel);
		return -1;
	}
	if (spec->initrd != NULL && make && !image_exists(conn, spec->initrd)) {
		*err = xasprintf("VM '%s': initrd '%s' is not on the host.",
		    spec->name, spec->initrd);
		return -1;
	}
	for (size_t i = 0; i < spec->ndisks; i++)
		if (spec->disks[i].source != VMSPEC_SOURCE_EMPTY &&
		    plan_image(conn, spec, i, err) < 0)
			return -1;
	for (size_t i = 0; i < spec->ndisks; i++) {
		struct vmspec_disk *d = &spec->disks[i];
		char *vname, *path;
		/* raw takes its size at once; qcow2 (and a backing file's
		 * overlay) a few hundred KB, growing as the guest writes */
		bool thin = d->source == VMSPEC_SOURCE_BACKING || d->format == NULL ||
		    strcmp(d->format, "raw") != 0;
		uint64_t need = thin ? CREATE_THIN_START : d->size;

		if (d->source == VMSPEC_SOURCE_CDROM ||
		    d->source == VMSPEC_SOURCE_PATH)
			continue;
		vname = volume_name(spec, i);
		path = plan_volume(conn, spec, d->pool ? d->pool : "default",
		    vname, need, d->size, &r->warning, err);
		free(vname);
		if (path == NULL)
			return -1;
		free(d->path);
		d->path = path;
	}
	if (spec->cloud_init) {
		struct vmspec_disk *d;
		char *vname = xasprintf("%s-seed.iso", spec->name), *path;

		if (spec->ndisks >= VMSPEC_MAX_DISKS) {
			*err = xasprintf("VM '%s' has no room for a cloud-init seed "
			    "disk.", spec->name);
			free(vname);
			return -1;
		}
		path = plan_volume(conn, spec, seed_pool(spec), vname, 0, 0,
		    &r->warning, err);
		free(vname);
		if (path == NULL)
			return -1;
		*seed_at = (long)spec->ndisks;
		d = &spec->disks[spec->ndisks++];
		memset(d, 0, sizeof *d);
		d->source = VMSPEC_SOURCE_CDROM;
		d->path = path;
		d->image = xstrdup(path);
		if (spec->user_data == NULL) {
			char *ssh = seed_ssh_dir();

			/* found once: the warning here, the seed's user-data later */
			seed_keys_clear(keys);
			seed_keys_find(keys, ssh, true);
			if (keys->n == 0) {
				char *w = xasprintf("No SSH public key in %s/*.pub or "
				    "the agent: cloud-init's user '%s' on VM '%s' will "
				    "have no way to log in (make one with ssh-keygen, or "
				    "give your own user-data).", ssh, seed_user(),
				    spec->name);

				say_more(&r->warning, w);
				free(w);
			}
			free(ssh);
		}
	}
	if (plan_networks(conn, spec, make, r, err) < 0)
		return -1;
	free(r->accel_note);
	type = accel_decide(conn, setting, spec->arch, spec->machine,
	    &r->accel_note);
	if (plan_caps(conn, spec, type, err) < 0)
		return -1;
	free(r->accel);
	r->accel = xstrdup(type);
	free(r->xml);
	r->xml = vmspec_to_xml(spec, type);
	return 0;
}

int
create_plan(virConnectPtr conn, struct vmspec *spec,
    const struct create_opts *o, struct create_result *r, char **err)
{
	struct seed_keys keys = { 0 };
	long seed_at;
	int rc = plan(conn, spec, o, false, r, &seed_at, &keys, err);

	seed_keys_clear(&keys);
	return rc;
}

/* Make the planned volumes. */
static int
create_volumes(virConnectPtr conn, struct vmspec *spec, long seed_at,
    struct made *m, const struct create_opts *o, char **err)
{
	for (size_t i = 0; i < spec->ndisks; i++) {
		struct vmspec_disk *d = &spec->disks[i];
		const char *poolname = d->pool ? d->pool : "default";
		virStoragePoolPtr pool;
		virStorageVolPtr vol, src = NULL;
		char *name, *why = NULL;

		if (d->source == VMSPEC_SOURCE_CDROM ||
		    d->source == VMSPEC_SOURCE_PATH || (long)i == seed_at)
			continue;
		pool = virStoragePoolLookupByName(conn, poolname);
		if (pool == NULL) {
			why = virterr_take();
			*err = xasprintf("Could not find storage pool '%s' for "
			    "VM '%s': %s", poolname, spec->name, why);
			free(why);
			return -1;
		}
		name = volume_name(spec, i);
		if (d->source == VMSPEC_SOURCE_COPY) {
			src = virStorageVolLookupByPath(conn, d->image);
			if (src == NULL) {
				why = virterr_take();
				*err = xasprintf("Could not copy '%s' for VM '%s': "
				    "it is not a volume of any storage pool on "
				    "this host (%s).", d->image, spec->name, why);
				free(why);
				virStoragePoolFree(pool);
				free(name);
				return -1;
			}
			if (d->size == 0) {
				virStorageVolInfo info;

				if (virStorageVolGetInfo(src, &info) == 0)
					d->size = info.capacity;
			}
			vol = volcopy(pool, src, name, 0, d->size, o->progress,
			    o->ctx, &why);
			virStorageVolFree(src);
		} else {
			char *xml = vmspec_volume_xml(name, d);

			vol = virStorageVolCreateXML(pool, xml, 0);
			free(xml);
			if (vol == NULL)
				why = virterr_take();
		}
		virStoragePoolFree(pool);
		if (vol == NULL) {
			*err = xasprintf("Could not create volume '%s' in pool "
			    "'%s' for VM '%s': %s", name, poolname, spec->name,
			    why);
			free(why);
			free(name);
			return -1;
		}
		free(name);
		m->vols[m->n++] = vol;
		free(d->path);
		d->path = virStorageVolGetPath(vol);
		if (d->path == NULL)
			virResetLastError();
	}
	return 0;
}

/* The cloud-init seed, with the keys the plan found: built here, uploaded
 * into its pool, at disk seed_at (planned as a CD-ROM). */
static int
create_seed(virConnectPtr conn, struct vmspec *spec, long seed_at,
    const struct seed_keys *keys, struct made *m, char **err)
{
	const char *tmp = getenv("TMPDIR");
	struct vmspec_disk *d = &spec->disks[seed_at];
	char *iso, *name;
	virStorageVolPtr vol;

	iso = seed_build(spec, keys, tmp && *tmp ? tmp : "/tmp", err);
	if (iso == NULL)
		return -1;
	name = xasprintf("%s-seed.iso", spec->name);
	vol = seed_upload(conn, seed_pool(spec), name, iso, err);
	unlink(iso);
	free(iso);
	free(name);
	if (vol == NULL)
		return -1;
	m->vols[m->n++] = vol;
	free(d->path);
	free(d->image);
	d->path = virStorageVolGetPath(vol);
	d->image = xstrdup(d->path);
	return 0;
}

/* Remove the VM just defined (its firmware variables and TPM state too). */
static void
undefine(virDomainPtr dom)
{
	if (virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_NVRAM |
	    VIR_DOMAIN_UNDEFINE_TPM) < 0) {
		virResetLastError();
		if (virDomainUndefine(dom) < 0)
			virResetLastError();
	}
}

/* Start dom; on an auto host a KVM failure is remembered and the VM
 * defined again under TCG and started once more. Returns 0, or -1 with
 * *why (caller frees). */
static int
start(virConnectPtr conn, virDomainPtr *dom, struct vmspec *spec,
    enum vmspec_accel setting, struct create_result *r, char **why)
{
	virDomainPtr again;
	char *xml, *uuid;

	if (virDomainCreate(*dom) == 0)
		return 0;
	*why = virterr_take();
	if (setting != VMSPEC_ACCEL_AUTO || strcmp(r->accel, "kvm") != 0 ||
	    !accel_kvm_failure(*why))
		return -1;
	accel_remember(conn, false, *why);
	uuid = xcalloc(1, VIR_UUID_STRING_BUFLEN);
	if (virDomainGetUUIDString(*dom, uuid) == 0) {
		free(spec->uuid);
		spec->uuid = uuid;
	} else
		free(uuid);
	xml = vmspec_to_xml(spec, "qemu");
	again = domain_define(conn, xml);
	if (again == NULL) {
		free(xml);
		return -1;
	}
	virDomainFree(*dom);
	*dom = again;
	if (virDomainCreate(*dom) < 0) {
		free(*why);
		*why = virterr_take();
		free(xml);
		return -1;
	}
	{
		char *s = xasprintf("KVM failed to start it (%s); it runs under "
		    "TCG (software emulation, slow) instead, and this host's new "
		    "VMs will too.", *why);

		say_more(&r->note, s);
		free(s);
	}
	free(r->xml);
	r->xml = xml;
	free(r->accel);
	r->accel = xstrdup("qemu");
	free(*why);
	*why = NULL;
	return 0;
}

int
create_vm(virConnectPtr conn, struct vmspec *spec,
    const struct create_opts *o, struct create_result *res, char **err)
{
	struct create_result mine = { 0 };
	struct create_result *r = res ? res : &mine;
	struct made made = { .n = 0 };
	enum vmspec_accel setting = spec->accel != VMSPEC_ACCEL_AUTO ?
	    spec->accel : o->host_accel;
	virDomainPtr dom;
	struct seed_keys keys = { 0 };
	long seed_at;
	char *why = NULL;

	if (plan(conn, spec, o, true, r, &seed_at, &keys, err) < 0)
		goto fail;
	if (create_volumes(conn, spec, seed_at, &made, o, err) < 0)
		goto fail_undo;
	if (seed_at >= 0 && create_seed(conn, spec, seed_at, &keys,
	    &made, err) < 0)
		goto fail_undo;
	/* the paths libvirt gave are the ones planned; the XML says them */
	free(r->xml);
	r->xml = vmspec_to_xml(spec, r->accel);
	dom = domain_define(conn, r->xml);
	if (dom == NULL) {
		why = virterr_take();
		*err = xasprintf("Could not define VM '%s': %s%s", spec->name, why,
		    made.n ? " (the volumes made for it were removed)" : "");
		free(why);
		goto fail_undo;
	}
	if (spec->autostart && virDomainSetAutostart(dom, 1) < 0)
		virResetLastError();
	if (o->start && start(conn, &dom, spec, setting, r, &why) < 0) {
		char *q = xasprintf("VM '%s' was created but did not start: %s "
		    "Keep it defined (y), or remove it and its new volumes (n)?",
		    spec->name, why);
		bool keep = o->keep_on_failure ||
		    (o->ask_keep != NULL && o->ask_keep(o->ctx, q));

		free(q);
		if (keep) {
			*err = xasprintf("Created VM '%s', but could not start it "
			    "(kept, as asked): %s", spec->name, why);
			made_keep(&made);
		} else {
			undefine(dom);
			made_undo(&made);
			*err = xasprintf("Could not start VM '%s', so it was removed "
			    "again with its new volumes: %s", spec->name, why);
		}
		free(why);
		virDomainFree(dom);
		create_result_clear(&mine);
		seed_keys_clear(&keys);
		return -1;
	}
	made_keep(&made);
	virDomainFree(dom);
	create_result_clear(&mine);
	seed_keys_clear(&keys);
	return 0;
fail_undo:
	made_undo(&made);
fail:
	create_result_clear(&mine);
	seed_keys_clear(&keys);
	return -1;
}
