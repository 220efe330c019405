/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * volcopy — copying a storage volume into a pool, in a thread of its own
 * while the caller watches the new volume grow and reports progress.
 * Shared by clone and by create's "copy of an image" disks.
 */
#ifndef VMDECK_CREATE_VOLCOPY_H
#define VMDECK_CREATE_VOLCOPY_H

#include <stdint.h>

#include <libvirt/libvirt.h>

/* Bytes copied so far and in all, about twice a second. */
typedef void (*volcopy_progress)(void *ctx, uint64_t done, uint64_t total);

/* Copy src into pool as name (same capacity, raw when src is raw, else
 * qcow2); progress(ctx, base + copied, total) while it runs (progress may
 * be NULL). Returns the new volume (caller frees), or NULL with *why set
 * to libvirt's reason (caller frees). */
virStorageVolPtr volcopy(virStoragePoolPtr pool, virStorageVolPtr src,
    const char *name, uint64_t base, uint64_t total,
    volcopy_progress progress, void *ctx, char **why);

#endif
