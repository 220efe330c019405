/*
 * create — making a VM from a spec on a host: its volumes, its definition,
 * optionally its start; and undoing every step already taken when a later
 * one fails, so no half-made VM is left behind.
 *
 * Blocking: runs on a host's worker or in `vmdeck create`.
 */
#ifndef VMDECK_MODEL_CREATE_H
#define VMDECK_MODEL_CREATE_H

#include <stdbool.h>

#include <libvirt/libvirt.h>

#include "vmspec.h"
#include "volcopy.h"

/* "kvm" where the host's domain capabilities offer it and accel allows,
 * else "qemu" (TCG). */
const char *create_domain_type(virConnectPtr conn, const struct vmspec *s);

/* Create spec on conn: check the name is free, make the volumes (their
 * paths go into spec), define the domain (validated), set autostart, and
 * start it when start is true. Copies of images report progress(ctx,
 * done, total) as they go (progress may be NULL). Returns 0, or -1 with *err set to a
 * sentence naming what failed and libvirt's reason (caller frees); on
 * failure everything made so far is removed again. A start that fails
 * leaves the VM defined (it is whole) and says so in *err. */
int create_vm(virConnectPtr conn, struct vmspec *spec, bool start,
    volcopy_progress progress, void *ctx, char **err);

#endif
