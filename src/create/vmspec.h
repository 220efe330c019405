/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vmspec — a VM as the user describes it: from a template plus overrides,
 * or read back from a domain's XML for editing.
 *
 * vmspec_to_xml writes domain XML with libxml2, never by printf;
 * vmspec_from_xml reads the parts vmdeck edits back. Keys are set by name
 * with vmspec_set (the template parser and `--set KEY=VALUE` share it)
 * from one table of keys (section, key, type, field), so every key has
 * one parser and one message, and free and copy follow the table.
 */
#ifndef VMDECK_CREATE_VMSPEC_H
#define VMDECK_CREATE_VMSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMSPEC_MAX_DISKS 8
#define VMSPEC_MAX_NICS 8

enum vmspec_firmware { VMSPEC_BIOS, VMSPEC_UEFI };
enum vmspec_accel { VMSPEC_ACCEL_AUTO, VMSPEC_ACCEL_KVM, VMSPEC_ACCEL_TCG };
enum vmspec_graphics { VMSPEC_GRAPHICS_NONE, VMSPEC_GRAPHICS_VNC };

enum vmspec_source {
	VMSPEC_SOURCE_EMPTY,	/* a new blank volume of size */
	VMSPEC_SOURCE_BACKING,	/* a qcow2 overlay on image */
	VMSPEC_SOURCE_COPY,	/* a copy of image */
	VMSPEC_SOURCE_CDROM,	/* image attached read-only as a CD-ROM */
	VMSPEC_SOURCE_PATH,	/* an existing file, used as it is */
};

struct vmspec_disk {
	enum vmspec_source source;
	uint64_t size;		/* bytes; 0 for CD-ROMs and existing files */
	char *image;		/* backing, copy, cdrom, path: a file */
	char *pool;		/* storage pool for new volumes */
	char *format;		/* qcow2, raw: the new volume's */
	char *image_format;	/* image's format as libvirt or qemu-img
				 * reports it (create_plan sets it) */
	char *bus;		/* virtio, sata, scsi, ide */
	char *target;		/* vda, sdb …; NULL: chosen in order */
	char *path;		/* the volume's path once made (or read back) */
};

struct vmspec_nic {
	char *network;		/* libvirt network; or */
	char *bridge;		/* a host bridge */
	char *model;		/* virtio, e1000e, … */
	char *mac;		/* NULL: libvirt picks one */
};

struct vmspec {
	char *name;
	char *description;
	char *os;		/* linux, windows, bsd, other */
	char *variant;		/* debian12, win11, … (information) */
	char *arch;		/* x86_64 */
	char *machine;		/* pc, q35 */
	enum vmspec_firmware firmware;
	enum vmspec_accel accel;
	unsigned vcpus;
	unsigned max_vcpus;	/* 0: same as vcpus */
	uint64_t memory_kib;
	uint64_t max_memory_kib;	/* 0: same as memory */
	enum vmspec_graphics graphics;
	bool serial;		/* a serial console */
	bool tpm;
	bool autostart;
	char *kernel, *initrd, *cmdline;	/* direct kernel boot */
	char *user_data, *meta_data;		/* cloud-init files */
	bool cloud_init;	/* a [cloud-init] section: attach a seed */
	char *uuid;		/* read back; NULL when new */
	struct vmspec_disk disks[VMSPEC_MAX_DISKS];
	size_t ndisks;
	struct vmspec_nic nics[VMSPEC_MAX_NICS];
	size_t nnics;
	bool from_osinfo;	/* osinfo = recommended: what the user leaves
				 * unset comes from osinfo-db */
	char *osinfo_id;	/* the OS's osinfo id, for the domain's
				 * libosinfo metadata (create_plan sets it) */
	unsigned given;		/* VMSPEC_GIVEN_*: set since the template
				 * was read (--set, the form) */
};

/* What the user gave (vmspec.given), so osinfo-db's values do not
 * replace it. */
enum {
	VMSPEC_GIVEN_VCPUS = 1 << 0,
	VMSPEC_GIVEN_MEMORY = 1 << 1,
	VMSPEC_GIVEN_FIRMWARE = 1 << 2,
	VMSPEC_GIVEN_MACHINE = 1 << 3,
	VMSPEC_GIVEN_DISK_SIZE = 1 << 4,
	VMSPEC_GIVEN_DISK_BUS = 1 << 5,
	VMSPEC_GIVEN_NIC_MODEL = 1 << 6,
};

/* The namespace of libvirt domain metadata naming the OS for libosinfo. */
#define VMSPEC_LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

/* A spec with vmdeck's defaults (1 vCPU, 1 GiB, BIOS, pc, serial). */
void vmspec_init(struct vmspec *s);
void vmspec_free(struct vmspec *s);
/* Deep copy. */
void vmspec_copy(struct vmspec *dst, const struct vmspec *src);

/* Set one key: section is "template", "disk", "disk2" … "nic", "nic2" …,
 * "cloud-init"; as written in templates. Returns 0, or -1 with *why set
 * to a static reason. */
int vmspec_set(struct vmspec *s, const char *section, const char *key,
    const char *value, const char **why);
/* Key i of the key table and its section ("template", "disk", "nic",
 * "cloud-init"), for the man page test; NULL past the last. */
const char *vmspec_key(size_t i, const char **section);
/* What an unknown key in section is told (it lists the section's keys),
 * or NULL for an unknown section. */
const char *vmspec_unknown_key_text(const char *section);
/* "--set KEY=VALUE": KEY is "vcpus", "memory", "disk.size", "disk2.pool",
 * "nic.network", "cloud-init.user-data" … Returns 0 or -1 with *why. */
int vmspec_set_arg(struct vmspec *s, const char *arg, const char **why);

/* Check what a spec needs before anything is made: a valid name, at least
 * one vCPU, memory, sizes for new disks, images that are named. Returns 0,
 * or -1 with *err set (caller frees). */
int vmspec_validate(const struct vmspec *s, char **err);
/* Whether name is a valid VM name (letters, digits, . _ - +, not
 * starting with . or -, at most 64 bytes). */
bool vmspec_name_ok(const char *name);

/* Domain XML for s with domain type ("kvm" or "qemu"). Caller frees. */
char *vmspec_to_xml(const struct vmspec *s, const char *type);
/* <volume> XML for a new disk volume called name: blank, or a qcow2
 * overlay on d->image for VMSPEC_SOURCE_BACKING. Caller frees. */
char *vmspec_volume_xml(const char *name, const struct vmspec_disk *d);
/* Read a domain's XML back into s (initialised here). Returns 0, or -1
 * with *err set (caller frees). */
int vmspec_from_xml(struct vmspec *s, const char *xml, char **err);

/* "8G", "512M", "20GiB", "1T", "4096" (bytes) → bytes; false if not a
 * size. */
bool vmspec_parse_size(const char *text, uint64_t *bytes);

#endif
