/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vmdelete — deleting a VM with its storage, never a file that another
 * VM or a snapshot still uses.
 *
 * The files to delete are the VM's disks (not its CD-ROMs: installer ISOs
 * are shared) plus the cloud-init seed vmdeck made for it (NAME-seed.iso).
 * Before each volume goes, every other domain's definition and every
 * snapshot's (this VM's too) is searched for the path; a file in use is
 * kept and named.
 *
 * Blocking: host workers and headless commands only.
 */
#ifndef VMDECK_VM_VMDELETE_H
#define VMDECK_VM_VMDELETE_H

#include <stddef.h>

#include <libvirt/libvirt.h>

/* The files a delete-with-storage of the VM called name (its domain XML)
 * removes: *paths (caller frees each and the array). Returns how many, or
 * -1 with *err when xml cannot be read. */
long vmdelete_paths(const char *name, const char *xml, char ***paths,
    char **err);
/* The name of a domain other than except_uuid, or of a snapshot (of any
 * domain, except_uuid's included: "VM/snapshot"), whose disks use path;
 * NULL when none does. Caller frees. */
char *vmdelete_path_user(virConnectPtr conn, const char *path,
    const char *except_uuid);
/* Undefine the shut-off domain dom (called name) and delete the volumes at
 * paths that nothing else uses. Returns 0 with *msg saying what was
 * deleted and what was kept and why, or -1 with *msg the reason nothing
 * was done (caller frees). */
int vmdelete_run(virConnectPtr conn, virDomainPtr dom, const char *name,
    char *const *paths, size_t n, char **msg);
/* Both steps for dom (called name) as it is defined now: its persistent
 * XML read, the files found (vmdelete_paths), then vmdelete_run. The same
 * return and *msg. */
int vmdelete_all(virDomainPtr dom, const char *name, char **msg);

#endif
