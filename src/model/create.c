#include "create.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "seed.h"
#include "tiny.h"
#include "virterr.h"

const char *
create_domain_type(virConnectPtr conn, const struct vmspec *s)
{
	char *caps;

	if (s->accel == VMSPEC_ACCEL_TCG)
		return "qemu";
	if (s->accel == VMSPEC_ACCEL_KVM)
		return "kvm";
	caps = virConnectGetDomainCapabilities(conn, NULL, s->arch, s->machine,
	    "kvm", 0);
	if (caps == NULL) {
		virResetLastError();
		return "qemu";
	}
	free(caps);
	return "kvm";
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
	char *uri;
	bool local;

	if (vol != NULL) {
		virStorageVolFree(vol);
		return true;
	}
	virResetLastError();
	uri = virConnectGetURI(conn);
	local = uri == NULL || strstr(uri, ":///") != NULL;
	free(uri);
	return !local || access(path, R_OK) == 0;
}

static int
create_volumes(virConnectPtr conn, struct vmspec *spec, struct made *m,
    volcopy_progress progress, void *ctx, char **err)
{
	for (size_t i = 0; i < spec->ndisks; i++) {
		const struct vmspec_disk *d = &spec->disks[i];

		if (d->source != VMSPEC_SOURCE_EMPTY &&
		    !image_exists(conn, d->image)) {
			*err = xasprintf("VM '%s': disk %zu's image '%s' is not on "
			    "the host (no such file or volume).", spec->name,
			    i + 1, d->image);
			return -1;
		}
	}
	if (spec->kernel != NULL && !image_exists(conn, spec->kernel)) {
		*err = xasprintf("VM '%s': kernel '%s' is not on the host.",
		    spec->name, spec->kernel);
		return -1;
	}
	if (spec->initrd != NULL && !image_exists(conn, spec->initrd)) {
		*err = xasprintf("VM '%s': initrd '%s' is not on the host.",
		    spec->name, spec->initrd);
		return -1;
	}
	for (size_t i = 0; i < spec->ndisks; i++) {
		struct vmspec_disk *d = &spec->disks[i];
		const char *poolname = d->pool ? d->pool : "default";
		virStoragePoolPtr pool;
		virStorageVolPtr vol, src = NULL;
		char *name, *xml;

		if (d->source == VMSPEC_SOURCE_CDROM ||
		    d->source == VMSPEC_SOURCE_PATH)
			continue;
		pool = virStoragePoolLookupByName(conn, poolname);
		if (pool == NULL) {
			char *why = virterr_take();

			*err = xasprintf("Could not find storage pool '%s' for "
			    "VM '%s': %s", poolname, spec->name, why);
			free(why);
			return -1;
		}
		name = xasprintf("%s-disk%zu.%s", spec->name, i + 1,
		    d->format && strcmp(d->format, "raw") == 0 ? "img" :
		    "qcow2");
		/* a pool too full is said plainly, before libvirt tries */
		virStoragePoolInfo pinfo;
		if (d->source != VMSPEC_SOURCE_BACKING &&
		    virStoragePoolGetInfo(pool, &pinfo) == 0 &&
		    pinfo.available < d->size) {
			char need[32], have[32];

			*err = xasprintf("Storage pool '%s' has %s free; disk %zu "
			    "of VM '%s' needs %s.", poolname,
			    fmt_kib(have, sizeof have, pinfo.available / 1024),
			    i + 1, spec->name,
			    fmt_kib(need, sizeof need, d->size / 1024));
			virStoragePoolFree(pool);
			free(name);
			return -1;
		}
		virResetLastError();
		vol = virStorageVolLookupByName(pool, name);
		if (vol != NULL) {
			virStorageVolFree(vol);
			virStoragePoolFree(pool);
			*err = xasprintf("Storage pool '%s' already has a volume "
			    "'%s'; vmdeck will not overwrite it.", poolname,
			    name);
			free(name);
			return -1;
		}
		virResetLastError();
		if (d->source == VMSPEC_SOURCE_COPY) {
			src = virStorageVolLookupByPath(conn, d->image);
			if (src == NULL) {
				char *why = virterr_take();

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
		}
		char *why = NULL;

		if (src != NULL) {
			vol = volcopy(pool, src, name, 0, d->size, progress, ctx,
			    &why);
			virStorageVolFree(src);
		} else {
			xml = vmspec_volume_xml(name, d);
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
		if (d->path == NULL) {
			virResetLastError();
			d->path = NULL;
		}
	}
	return 0;
}

/* The cloud-init seed: built here, uploaded into the first disk's pool,
 * attached as a CD-ROM. */
static int
create_seed(virConnectPtr conn, struct vmspec *spec, struct made *m,
    char **err)
{
	const char *tmp = getenv("TMPDIR");
	const char *pool = spec->ndisks && spec->disks[0].pool ?
	    spec->disks[0].pool : "default";
	char *iso, *name;
	virStorageVolPtr vol;
	struct vmspec_disk *d;

	if (spec->ndisks >= VMSPEC_MAX_DISKS) {
		*err = xasprintf("VM '%s' has no room for a cloud-init seed disk.",
		    spec->name);
		return -1;
	}
	iso = seed_build(spec, tmp && *tmp ? tmp : "/tmp", err);
	if (iso == NULL)
		return -1;
	name = xasprintf("%s-seed.iso", spec->name);
	vol = seed_upload(conn, pool, name, iso, err);
	unlink(iso);
	free(iso);
	free(name);
	if (vol == NULL)
		return -1;
	m->vols[m->n++] = vol;
	d = &spec->disks[spec->ndisks++];
	memset(d, 0, sizeof *d);
	d->source = VMSPEC_SOURCE_CDROM;
	d->path = virStorageVolGetPath(vol);
	d->image = xstrdup(d->path);
	return 0;
}

int
create_vm(virConnectPtr conn, struct vmspec *spec, bool start,
    volcopy_progress progress, void *ctx, char **err)
{
	struct made made = { .n = 0 };
	virDomainPtr dom;
	char *xml;

	if (vmspec_validate(spec, err) < 0)
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
	if (tiny_prepare(conn, spec, err) < 0)
		return -1;
	if (create_volumes(conn, spec, &made, progress, ctx, err) < 0) {
		made_undo(&made);
		return -1;
	}
	if (spec->cloud_init && create_seed(conn, spec, &made, err) < 0) {
		made_undo(&made);
		return -1;
	}
	xml = vmspec_to_xml(spec, create_domain_type(conn, spec));
	dom = virDomainDefineXMLFlags(conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
	if (dom == NULL) {
		virErrorPtr e = virGetLastError();

		if (e != NULL && (e->code == VIR_ERR_NO_SUPPORT ||
		    e->code == VIR_ERR_INVALID_ARG)) {
			virResetLastError();
			dom = virDomainDefineXML(conn, xml);
		}
	}
	free(xml);
	if (dom == NULL) {
		char *why = virterr_take();

		*err = xasprintf("Could not define VM '%s': %s%s", spec->name, why,
		    made.n ? " (the volumes made for it were removed)" : "");
		free(why);
		made_undo(&made);
		return -1;
	}
	made_keep(&made);
	if (spec->autostart && virDomainSetAutostart(dom, 1) < 0)
		virResetLastError();
	if (start && virDomainCreate(dom) < 0) {
		char *why = virterr_take();

		*err = xasprintf("Created VM '%s', but could not start it: %s",
		    spec->name, why);
		free(why);
		virDomainFree(dom);
		return -1;
	}
	virDomainFree(dom);
	return 0;
}
