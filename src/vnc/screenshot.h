/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * screenshot — a VM's screen as an image file (virDomainScreenshot), over
 * any connection, remote ones included.
 *
 * Blocking: for the headless command and for host workers, never the UI
 * thread.
 */
#ifndef VMDECK_VNC_SCREENSHOT_H
#define VMDECK_VNC_SCREENSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

/* The image of dom's first screen: its bytes (caller frees) and count,
 * and the type the hypervisor gave (caller frees; QEMU's is
 * "image/x-portable-pixmap"). NULL with *err (naming the VM and libvirt's
 * reason) on failure. */
uint8_t *screenshot_grab(virDomainPtr dom, size_t *len, char **mime,
    char **err);
/* Grab dom's screen into path: as PNG when path ends in ".png" (a PPM
 * converted), else as the hypervisor gives it. Written to a temporary
 * file beside path and renamed, so path is whole or untouched. Returns
 * 0, or -1 with *err. *mime gets the type written (caller frees). */
int screenshot_save(virDomainPtr dom, const char *path, char **mime,
    char **err);

/* A small picture of a VM's screen for the detail view: grabbed and
 * decoded on its host's worker; the UI polls for it and never waits.
 * Call order (UI thread): screenshot_thumb_start, screenshot_thumb_result
 * until true, screenshot_thumb_free (at any time). */
struct host;
struct evq;
struct screenshot_thumb;

struct screenshot_thumb *screenshot_thumb_start(struct host *h, struct evq *q,
    const char *uuid);
/* Whether it is done; then *px (w x h pixels 0x00RRGGBB; caller frees),
 * or *px NULL and *err (caller frees). */
bool screenshot_thumb_result(struct screenshot_thumb *t, uint32_t **px,
    int *w, int *h, char **err);
void screenshot_thumb_free(struct screenshot_thumb *t);

#endif
