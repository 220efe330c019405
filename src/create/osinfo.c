/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "osinfo.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

/* libosinfo's API, as far as vmdeck uses it: every object is a GObject
 * pointer here (no headers needed to build; the library is found at run
 * time). */
typedef void *obj;
static struct {
	obj (*loader_new)(void);
	void (*process_default_path)(obj loader, void **gerror);
	obj (*get_db)(obj loader);
	obj (*get_os_list)(obj db);
	int (*list_length)(obj list);
	obj (*list_nth)(obj list, int i);
	const char *(*short_id)(obj product);
	const char *(*name)(obj product);
	const char *(*entity_id)(obj entity);
	const char *(*family)(obj os);
	obj (*min_resources)(obj os);
	obj (*rec_resources)(obj os);
	const char *(*res_arch)(obj res);
	long long (*res_ram)(obj res);
	int (*res_cpus)(obj res);
	long long (*res_storage)(obj res);
	obj (*all_devices)(obj os, obj filter);
	const char *(*dev_name)(obj dev);
	const char *(*dev_class)(obj dev);
	obj (*firmwares)(obj os, obj filter);	/* 1.10; may be NULL */
	const char *(*fw_type)(obj fw);
	int (*fw_supported)(obj fw);
	void (*unref)(obj o);
} oi;

static pthread_mutex_t osinfo_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *osinfo_soname = "libosinfo-1.0.so.0";
static obj osinfo_loader;	/* loaded once, kept (with its db) */
static obj osinfo_db;
static char *osinfo_failed;	/* why it could not be, once tried */

void
osinfo_set_library(const char *soname)
{
	osinfo_soname = soname;
}

/* Load the library and the database; under osinfo_lock. */
static int
osinfo_load(char **err)
{
	void *h;

	if (osinfo_db != NULL)
		return 0;
	if (osinfo_failed != NULL) {
		*err = xstrdup(osinfo_failed);
		return -1;
	}
	h = dlopen(osinfo_soname, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		osinfo_failed = xasprintf("libosinfo is not installed (%s); "
		    "apt-get install libosinfo-1.0-0 osinfo-db", dlerror());
		*err = xstrdup(osinfo_failed);
		return -1;
	}
#define SYM(field, name) (*(void **)&oi.field = dlsym(h, name))
	if (!SYM(loader_new, "osinfo_loader_new") ||
	    !SYM(process_default_path, "osinfo_loader_process_default_path") ||
	    !SYM(get_db, "osinfo_loader_get_db") ||
	    !SYM(get_os_list, "osinfo_db_get_os_list") ||
	    !SYM(list_length, "osinfo_list_get_length") ||
	    !SYM(list_nth, "osinfo_list_get_nth") ||
	    !SYM(short_id, "osinfo_product_get_short_id") ||
	    !SYM(name, "osinfo_product_get_name") ||
	    !SYM(entity_id, "osinfo_entity_get_id") ||
	    !SYM(family, "osinfo_os_get_family") ||
	    !SYM(min_resources, "osinfo_os_get_minimum_resources") ||
	    !SYM(rec_resources, "osinfo_os_get_recommended_resources") ||
	    !SYM(res_arch, "osinfo_resources_get_architecture") ||
	    !SYM(res_ram, "osinfo_resources_get_ram") ||
	    !SYM(res_cpus, "osinfo_resources_get_n_cpus") ||
	    !SYM(res_storage, "osinfo_resources_get_storage") ||
	    !SYM(all_devices, "osinfo_os_get_all_devices") ||
	    !SYM(dev_name, "osinfo_device_get_name") ||
	    !SYM(dev_class, "osinfo_device_get_class") ||
	    !SYM(unref, "g_object_unref")) {
		osinfo_failed = xasprintf("%s lacks a function vmdeck uses "
		    "(%s)", osinfo_soname, dlerror());
		*err = xstrdup(osinfo_failed);
		return -1;
	}
	/* firmware lists came with libosinfo 1.10 */
	if (SYM(firmwares, "osinfo_os_get_complete_firmware_list") &&
	    (!SYM(fw_type, "osinfo_firmware_get_firmware_type") ||
	    !SYM(fw_supported, "osinfo_firmware_is_supported")))
		oi.firmwares = NULL;
#undef SYM
	osinfo_loader = oi.loader_new();
	oi.process_default_path(osinfo_loader, NULL);
	osinfo_db = oi.get_db(osinfo_loader);	/* the loader holds it */
	return 0;
}

/* Of a resources list, the x86_64 (else "all") entry's figures. */
static void
osinfo_resources(obj list, uint64_t *ram, unsigned *cpus, uint64_t *disk)
{
	int n = oi.list_length(list);

	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++) {
			obj r = oi.list_nth(list, i);
			const char *a = oi.res_arch(r);
			long long v;

			if (a == NULL || strcmp(a, pass ? "all" : "x86_64") != 0)
				continue;
			if (*ram == 0 && (v = oi.res_ram(r)) > 0)
				*ram = (uint64_t)v;
			if (*cpus == 0 && oi.res_cpus(r) > 0)
				*cpus = (unsigned)oi.res_cpus(r);
			if (*disk == 0 && (v = oi.res_storage(r)) > 0)
				*disk = (uint64_t)v;
		}
	oi.unref(list);
}

static void
osinfo_fill(obj os, const char *short_id, struct osinfo_os *out)
{
	const char *f = oi.family(os);
	obj l;
	bool efi = false, no_bios = false;

	out->short_id = xstrdup(short_id);
	out->id = xstrdup(oi.entity_id(os));
	out->name = xstrdup(oi.name(os) ? oi.name(os) : short_id);
	out->family = f ? xstrdup(f) : NULL;
	osinfo_resources(oi.min_resources(os), &out->min_ram, &out->min_cpus,
	    &out->min_disk);
	osinfo_resources(oi.rec_resources(os), &out->rec_ram, &out->rec_cpus,
	    &out->rec_disk);
	l = oi.all_devices(os, NULL);
	for (int i = 0; i < oi.list_length(l); i++) {
		obj d = oi.list_nth(l, i);
		const char *name = oi.dev_name(d), *cls = oi.dev_class(d);

		if (name == NULL || cls == NULL || strstr(name, "virtio") == NULL)
			continue;
		if (strcmp(cls, "block") == 0 && strstr(name, "scsi") == NULL)
			out->virtio_disk = true;
		if (strcmp(cls, "net") == 0)
			out->virtio_net = true;
	}
	oi.unref(l);
	if (oi.firmwares != NULL) {
		l = oi.firmwares(os, NULL);
		for (int i = 0; i < oi.list_length(l); i++) {
			obj fw = oi.list_nth(l, i);
			const char *t = oi.fw_type(fw);

			if (t != NULL && strcmp(t, "efi") == 0)
				efi |= oi.fw_supported(fw) != 0;
			if (t != NULL && strcmp(t, "bios") == 0)
				no_bios |= oi.fw_supported(fw) == 0;
		}
		oi.unref(l);
		/* BIOS is supported unless listed as not (Windows 11) */
		out->efi_only = efi && no_bios;
	}
}

int
osinfo_find(const char *short_id, struct osinfo_os *out, char **err)
{
	obj list;
	int found = 0;

	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&osinfo_lock);
	if (osinfo_load(err) < 0) {
		pthread_mutex_unlock(&osinfo_lock);
		return -1;
	}
	list = oi.get_os_list(osinfo_db);
	for (int i = 0; i < oi.list_length(list) && !found; i++) {
		obj os = oi.list_nth(list, i);
		const char *s = oi.short_id(os);

		if (s != NULL && strcmp(s, short_id) == 0) {
			osinfo_fill(os, short_id, out);
			found = 1;
		}
	}
	oi.unref(list);
	pthread_mutex_unlock(&osinfo_lock);
	return found;
}

void
osinfo_os_clear(struct osinfo_os *os)
{
	free(os->short_id);
	free(os->id);
	free(os->name);
	free(os->family);
	memset(os, 0, sizeof *os);
}
