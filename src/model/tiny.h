/*
 * tiny — the boot files of the tiny-linux template, found and made on the
 * spot: `kernel = auto` is the host's kernel (VMDECK_TINY_KERNEL, else the
 * running kernel's /boot/vmlinuz-*, else the newest one there), and
 * `initrd = busybox` an initramfs vmdeck writes itself around the host's
 * static busybox, with a shell on the serial console. Local hosts only:
 * the files must be where the hypervisor runs.
 */
#ifndef VMDECK_MODEL_TINY_H
#define VMDECK_MODEL_TINY_H

#include <stddef.h>

#include <libvirt/libvirt.h>

#include "vmspec.h"

/* The banner the tiny guest prints on its console when it is up. */
#define TINY_BANNER "vmdeck tiny-linux: ready"

/* Replace kernel "auto" and initrd "busybox" in s by real paths. Returns
 * 0 (also when there is nothing to do), or -1 with *err set. */
int tiny_prepare(virConnectPtr conn, struct vmspec *s, char **err);

/* Write a newc cpio initramfs holding busybox (read from busybox_path)
 * and the init script to out_path. Returns 0, or -1 with *err set. */
int tiny_write_initrd(const char *busybox_path, const char *out_path,
    char **err);

#endif
