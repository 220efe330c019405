/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * clone — a copy of a shut-off VM under a new name: new UUID, new MAC
 * addresses, every disk that is a pool volume copied into the same pool.
 * Blocking; runs on a host's worker or in `vmdeck clone`. What it made is
 * removed again if a later step fails.
 */
#ifndef VMDECK_VM_CLONE_H
#define VMDECK_VM_CLONE_H

#include <stdint.h>

#include <libvirt/libvirt.h>

#include "../create/volcopy.h"

/* Called about twice a second while disks are copied: bytes written so
 * far and in all (both over every disk). */
typedef volcopy_progress clone_progress;

/* Clone the VM with uuid_or_name as new_name. Returns 0, or -1 with *err
 * set to a sentence with libvirt's reason (caller frees). */
int clone_vm(virConnectPtr conn, const char *uuid_or_name,
    const char *new_name, clone_progress progress, void *ctx, char **err);

/* The XML for the clone: name set, UUID and MACs removed (libvirt makes
 * new ones), disk i's source file replaced by paths[i] where not NULL.
 * Returns a new string (caller frees), or NULL with *err set. Pure. */
char *clone_xml(const char *xml, const char *new_name, char *const *paths,
    size_t npaths, char **err);

#endif
