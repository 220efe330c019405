/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vmedit — changing a VM's settings the way the edit form (e) asks:
 * vCPUs, memory, autostart, description, the first disk's size, the first
 * network interface's network and model, disks added (new volume or an
 * existing file), attached or detached, interfaces added or removed, and
 * the CD-ROM's media (inserted, changed, ejected) and the boot order.
 *
 * Every change goes to the persistent definition (its XML edited with
 * libxml2 and defined again). On a running VM, vCPUs and memory also
 * change live where they fit its maximums, and each device change is made
 * live too (attach, detach, media change) where libvirt and the guest
 * allow; the sentence says, per change, "live and saved" or "saved,
 * applies at its next start" with libvirt's reason.
 */
#ifndef VMDECK_VM_VMEDIT_H
#define VMDECK_VM_VMEDIT_H

#include <stdbool.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

struct vmedit {
	unsigned vcpus;			/* 0: unchanged */
	unsigned max_vcpus;		/* 0: unchanged */
	uint64_t memory_kib;		/* 0: unchanged */
	uint64_t max_memory_kib;	/* 0: unchanged */
	int autostart;			/* -1 unchanged, else 0/1 */
	char *description;		/* NULL: unchanged */
	uint64_t disk_size;		/* bytes; 0: unchanged (grow only) */
	char *nic_network;		/* NULL: unchanged */
	char *nic_model;		/* NULL: unchanged */
	uint64_t add_disk;		/* bytes: a new volume to add; 0 none */
	char *attach;			/* a file or volume path to add */
	char *disk_bus;			/* bus of the disk added or attached:
					 * "virtio" (NULL) or "scsi" (on a
					 * virtio-scsi controller, added when
					 * the VM has no SCSI controller) */
	char *attach_target;		/* its target (vdb, sdc); NULL: the
					 * next free one */
	const char *attach_format;	/* its format (vmedit_apply reads it
					 * with imgfmt; NULL: raw) */
	char *detach;			/* a disk's target (vdb) to remove */
	char *add_nic;			/* a network for a new interface */
	char *add_nic_mac;		/* its MAC; NULL: libvirt picks one */
	char *cdrom;			/* the CD-ROM's media: a file; "":
					 * eject; NULL: unchanged. A VM with
					 * no CD-ROM drive gets one on the
					 * SCSI bus (hot-pluggable, unlike
					 * SATA and IDE) */
	char *cdrom_target;		/* that new drive's target; NULL: the
					 * next free sdX */
	char *remove_nic;		/* a MAC address to remove */
	char *boot;			/* "hd,cdrom,network": boot order */
};

/* The persistent XML with e applied (pure). Caller frees; NULL with *err
 * when the XML cannot be read. */
char *vmedit_xml(const char *xml, const struct vmedit *e, char **err);

/* Apply e to the VM uuid on conn. Returns 0 with *done set to a sentence
 * of what changed and what waits for a restart, or -1 with *err (both
 * caller frees). */
int vmedit_apply(virConnectPtr conn, const char *uuid, const struct vmedit *e,
    char **done, char **err);

void vmedit_free(struct vmedit *e);

#endif
