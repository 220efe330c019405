/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * virterr — keeping libvirt's errors off the screen and in our messages.
 *
 * Call virterr_install() before the first libvirt call of the process: it
 * replaces libvirt's default handler (which prints to stderr, over the
 * screen) with a silent one. libvirt's last error is per thread and the next
 * call overwrites it, so take it at once with virterr_take().
 */
#ifndef VMDECK_CORE_VIRTERR_H
#define VMDECK_CORE_VIRTERR_H

#include <stdbool.h>

/* Silence libvirt's default error printing. Idempotent. */
void virterr_install(void);
/* Copy this thread's last libvirt error message and reset it. Never NULL
 * ("unknown error" when libvirt set none). Caller frees. */
char *virterr_take(void);
/* Whether this thread's last libvirt error says the object was not found. */
bool virterr_is_no_domain(void);

#endif
