/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * tiny — the boot files of the tiny-linux template, found and made on the
 * spot: `kernel = auto` is the host's kernel (VMDECK_TINY_KERNEL, else the
 * running kernel's /boot/vmlinuz-*, else the newest one there, else one
 * fetched before: Debian's cloud kernel, which tiny_fetch_kernel gets once
 * with apt-get download into the user's cache dir — nothing beyond
 * Debian's archive), and `initrd = busybox` an initramfs vmdeck writes
 * itself around the host's static busybox and the kernel's power-button
 * drivers, with a shell on the serial console and ACPI shutdown handled.
 * Local hosts only: the files must be where the hypervisor runs.
 *
 * Blocking (apt, file copies): host workers and headless commands only.
 */
#ifndef VMDECK_CREATE_TINY_H
#define VMDECK_CREATE_TINY_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#include "vmspec.h"

/* The banner the tiny guest prints on its console when it is up, and
 * when its power button is pressed. */
#define TINY_BANNER "vmdeck tiny-linux: ready"
#define TINY_BANNER_OFF "vmdeck tiny-linux: power button, powering off"
#define TINY_FETCH_TIMEOUT_MS (10 * 60 * 1000)

/* A progress line for the user (a worker's EVENT_PROGRESS). */
typedef void (*tiny_say)(void *ctx, const char *text);

/* Replace kernel "auto" and initrd "busybox" in s by real paths. With
 * make false, only say where they will be (nothing fetched or written:
 * --print-xml); with make true, fetch the kernel where none is found
 * (say(ctx, …) tells the progress; say may be NULL) and write the
 * initramfs. Returns 0 (also when there is nothing to do), or -1 with *err
 * set to the reason and the fix. */
int tiny_prepare(virConnectPtr conn, struct vmspec *s, bool make,
    tiny_say say, void *ctx, char **err);

/* The host kernel tiny-linux would boot (see above), or NULL. Caller
 * frees. */
char *tiny_find_kernel(void);
/* Fetch Debian's cloud kernel into tiny_cache_dir() with apt-get download
 * and unpack its vmlinuz and power-button modules. Returns the vmlinuz
 * path (caller frees), or NULL with *err set to the reason and the fix. */
char *tiny_fetch_kernel(tiny_say say, void *ctx, char **err);
/* $XDG_CACHE_HOME/vmdeck/kernel (else ~/.cache/…). Caller frees. */
char *tiny_cache_dir(void);

/* Write a newc cpio initramfs holding busybox (read from busybox_path),
 * the init script and, where modules_dir (may be NULL) has them, evdev.ko
 * and button.ko, to out_path. Returns 0, or -1 with *err set. */
int tiny_write_initrd(const char *busybox_path, const char *modules_dir,
    const char *out_path, char **err);

#endif
