/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * domxml — ask a host's worker for one domain's XML and pick it up later,
 * so a view can show what only the XML says (the accelerator a VM runs
 * under) without a libvirt call on the UI thread.
 *
 * Call order (UI thread): domxml_start, domxml_result until true (the
 * event queue is woken when it is there), domxml_free (at any time).
 */
#ifndef VMDECK_HOST_DOMXML_H
#define VMDECK_HOST_DOMXML_H

#include <stdbool.h>

#include "../core/evq.h"
#include "host.h"

struct domxml;

/* Ask h for the live XML of the domain with uuid; q is woken when the
 * answer is there. */
struct domxml *domxml_start(struct host *h, struct evq *q, const char *uuid);
/* Whether the answer is there; then *xml (or *err) is set, caller frees. */
bool domxml_result(struct domxml *r, char **xml, char **err);
void domxml_free(struct domxml *r);
/* The accelerator the domain XML says, for the user: "KVM", "TCG
 * (software emulation, slow)", or the type as written. Caller frees;
 * NULL when xml has no type. */
char *domxml_accel(const char *xml);

#endif
