/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * template — standard VMs as INI files: [template] (name, description and
 * the VM's settings), [disk], [disk2] …, [nic], [nic2] …, [cloud-init].
 * See vmdeck-templates(5).
 *
 * Shipped templates are compiled in from the templates directory; the
 * user's $XDG_CONFIG_HOME/vmdeck/templates/NAME.ini override them by name.
 * Problems are "file:line: what" in diags; a template with errors is kept
 * out of the set. Pure: no libvirt.
 */
#ifndef VMDECK_CREATE_TEMPLATE_H
#define VMDECK_CREATE_TEMPLATE_H

#include <stddef.h>

#include "../util/diag.h"
#include "vmspec.h"

struct template {
	char *name;		/* owned */
	char *description;	/* owned, may be NULL */
	char *file;		/* where it came from; owned */
	struct vmspec spec;	/* the VM it makes (no VM name yet) */
};

struct template_set {
	struct template *t;	/* owned array */
	size_t n;
};

/* Parse a template from INI text; name is its default name (the file's
 * stem). Returns 0, or -1 when it had errors (t is then freed). */
int template_parse(struct template *t, const char *name, const char *file,
    const char *buf, size_t len, struct diags *d);
void template_free(struct template *t);

/* Load the shipped templates, then every *.ini in dirs (NULL-ended), later
 * ones replacing earlier ones of the same name. */
void template_set_load(struct template_set *set, const char *const *dirs,
    struct diags *d);
/* The template called name, or NULL. */
const struct template *template_set_find(const struct template_set *set,
    const char *name);
void template_set_free(struct template_set *set);

#endif
