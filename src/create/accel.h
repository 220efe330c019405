/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * accel — which accelerator a host's new VMs get: KVM where it really
 * runs a guest, else TCG (QEMU's software emulation).
 *
 * Domain capabilities offer "kvm" on many machines where a KVM guest still
 * cannot run (/dev/kvm closed to QEMU's user, nested virtualization failing
 * with MSR errors), so `auto` checks: it starts a tiny transient KVM
 * domain with no disks for a moment and sees whether it keeps running. The
 * answer is cached per host URI and QEMU version in
 * $XDG_CACHE_HOME/vmdeck/accel (a line per host: URI, version, kvm|tcg,
 * reason), so the check runs once per host and QEMU upgrade.
 *
 * Blocking (libvirt calls, up to ~3 s for a check): host workers and
 * headless commands only.
 */
#ifndef VMDECK_CREATE_ACCEL_H
#define VMDECK_CREATE_ACCEL_H

#include <stdbool.h>

#include <libvirt/libvirt.h>

#include "vmspec.h"

/* The domain type for new VMs on conn under setting (auto, kvm, tcg):
 * "kvm" or "qemu". *reason (caller frees; may be NULL) gets a sentence for
 * the user, e.g. "TCG (software emulation, slow): KVM failed to start a
 * guest on this host: …". arch and machine may be NULL. */
const char *accel_decide(virConnectPtr conn, enum vmspec_accel setting,
    const char *arch, const char *machine, char **reason);
/* Whether a failed start's message is KVM's fault (the module, /dev/kvm,
 * an MSR or CPUID the host refuses). */
bool accel_kvm_failure(const char *message);
/* Record that KVM failed on conn with why: later `auto` decisions for
 * this host and QEMU version are TCG. */
void accel_remember(virConnectPtr conn, bool kvm_works, const char *why);
/* The cache file's path (caller frees). */
char *accel_cache_path(void);

#endif
