/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * imgfmt — what a disk image file really is, as libvirt or qemu-img says,
 * never guessed from its name (Ubuntu's cloud ".img" files are qcow2).
 *
 * Order: the file is a volume of one of the host's storage pools → the
 * volume's target format from libvirt; else, on a local connection,
 * `qemu-img info -U --output=json` (bounded by a deadline); else the
 * format cannot be known and the caller is told why.
 *
 * Blocking: host workers and headless commands only.
 */
#ifndef VMDECK_CREATE_IMGFMT_H
#define VMDECK_CREATE_IMGFMT_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#define IMGFMT_TIMEOUT_MS 20000	/* qemu-img info on a slow disk */

/* The format of the image at path on conn's host ("qcow2", "raw", "vmdk"
 * …), or NULL with *err set to a sentence (caller frees either). */
char *imgfmt_detect(virConnectPtr conn, const char *path, char **err);
/* The format libvirt reports for vol (its target format), or NULL.
 * Caller frees. */
char *imgfmt_of_volume(virStorageVolPtr vol);
/* The top-level "format" of qemu-img info's JSON text, or NULL. Caller
 * frees. Exposed for tests. */
char *imgfmt_from_qemu_json(const char *json);
/* Each internal snapshot's saved memory in qemu-img info's JSON text (the
 * top-level "snapshots" array: "name", "vm-state-size" in bytes): fn is
 * called once per snapshot. Returns how many. Exposed for tests. */
size_t imgfmt_snapshot_states(const char *json,
    void (*fn)(const char *name, unsigned long long bytes, void *ctx),
    void *ctx);
/* The same for the local image file at path, read by qemu-img (bounded by
 * IMGFMT_TIMEOUT_MS). Returns how many, or -1 when qemu-img could not. */
long imgfmt_snapshot_states_of(const char *path,
    void (*fn)(const char *name, unsigned long long bytes, void *ctx),
    void *ctx);
/* Whether the local file at path is an ISO 9660 image (its "CD001"
 * signature); false with *err set when it is not or cannot be read. */
bool imgfmt_is_iso(const char *path, char **err);
/* Whether a raw local image at path looks like a disk (a partition table's
 * boot signature); false with *err set otherwise. */
bool imgfmt_raw_is_disk(const char *path, char **err);
/* Whether conn is a connection to this machine (vmdeck sees its files). */
bool imgfmt_conn_is_local(virConnectPtr conn);
/* Whether conn's driver is QEMU's (its pools are real directories; the
 * test driver's are make-believe). */
bool imgfmt_conn_is_qemu(virConnectPtr conn);

#endif
