/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * osinfo — what osinfo-db knows of an operating system, through libosinfo
 * loaded with dlopen only when a VM is being made: loading its database
 * costs ~0.6 s and ~58 MiB, which listing and the full-screen view never
 * pay, and vmdeck works without it (an optional dependency: the
 * templates' own values stand then).
 *
 * Blocking (the first call loads the database): worker threads and
 * headless commands only. Thread-safe.
 */
#ifndef VMDECK_CREATE_OSINFO_H
#define VMDECK_CREATE_OSINFO_H

#include <stdbool.h>
#include <stdint.h>

struct osinfo_os {
	char *short_id;		/* "win11": the name asked for */
	char *id;		/* "http://microsoft.com/win/11" */
	char *name;		/* "Microsoft Windows 11" */
	char *family;		/* "linux", "winnt", "freebsd", … or NULL */
	uint64_t min_ram, rec_ram;	/* bytes; 0: not said */
	unsigned min_cpus, rec_cpus;	/* 0: not said */
	uint64_t min_disk, rec_disk;	/* bytes; 0: not said */
	bool efi_only;		/* UEFI supported, BIOS not */
	bool virtio_disk;	/* a virtio block device is supported */
	bool virtio_net;	/* a virtio network device is supported */
};

/* Look short_id ("debian11") up. Returns 1 with out filled (free with
 * osinfo_os_clear), 0 when osinfo-db does not know it, -1 with *err
 * (caller frees) when libosinfo or its database cannot be loaded. */
int osinfo_find(const char *short_id, struct osinfo_os *out, char **err);
void osinfo_os_clear(struct osinfo_os *os);
/* Tests: the library to load instead of libosinfo-1.0.so.0 (before the
 * first call; a name that cannot be loaded stands for a machine without
 * libosinfo). */
void osinfo_set_library(const char *soname);

#endif
