/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * create — making a VM from a spec on a host: its volumes, its definition,
 * optionally its start; and undoing every step already taken when a later
 * one fails, so no half-made VM is left behind.
 *
 * create_plan decides everything without making anything: the boot files,
 * each image's real format (imgfmt), the volume and seed paths, the
 * accelerator, the checks that would fail later (a missing pool, network,
 * UEFI firmware, TPM emulator, ISO, a read-only pool directory). Its XML
 * is the XML create_vm defines (--print-xml and F3 show it).
 *
 * Blocking: runs on a host's worker or in `vmdeck create`.
 */
#ifndef VMDECK_CREATE_CREATE_H
#define VMDECK_CREATE_CREATE_H

#include <stdbool.h>

#include <libvirt/libvirt.h>

#include "tiny.h"
#include "vmspec.h"
#include "volcopy.h"

struct create_opts {
	bool start;			/* start it once defined */
	bool keep_on_failure;		/* a failed start keeps the VM */
	enum vmspec_accel host_accel;	/* the host's setting (hosts file),
					 * used where the spec says auto */
	volcopy_progress progress;	/* image copies; may be NULL */
	tiny_say say;			/* phases (kernel fetch); may be NULL */
	/* a failed start, when keep_on_failure is false: return true to keep
	 * the VM anyway (the TUI asks the user); NULL: remove it */
	bool (*ask_keep)(void *ctx, const char *question);
	void *ctx;
};

struct create_result {
	char *xml;		/* the domain XML defined, or to be */
	char *accel;		/* "kvm" or "qemu" (TCG) */
	char *accel_note;	/* which accelerator and why, a sentence */
	char *warning;		/* e.g. no SSH key for cloud-init; or NULL */
	char *note;		/* what else was done (network started, TCG
				 * retry); or NULL */
};

/* Free what r holds and zero it. */
void create_result_clear(struct create_result *r);

/* Decide everything for spec on conn and fill r (xml, accel, notes)
 * without making anything. spec gets the planned paths. Returns 0, or -1
 * with *err set to the reason and the fix (caller frees). */
int create_plan(virConnectPtr conn, struct vmspec *spec,
    const struct create_opts *o, struct create_result *r, char **err);

/* Check the domain capabilities XML caps offer what spec needs (UEFI
 * firmware, a TPM emulator). Returns 0, or -1 with *err naming the
 * missing piece and the package that brings it. */
int create_check_caps(const char *caps, const struct vmspec *spec,
    char **err);

/* Create spec on conn: plan it, make the volumes and the cloud-init seed,
 * define the domain (validated), set autostart, and start it when
 * o->start. On an `auto` host a start that fails for a KVM reason is
 * tried once more under TCG. Returns 0, or -1 with *err set to a sentence
 * naming what failed and libvirt's reason (caller frees); on failure
 * everything made so far is removed again — a failed start too, unless
 * o->keep_on_failure or o->ask_keep says keep. r (may be NULL) gets the
 * XML defined and the notes. */
int create_vm(virConnectPtr conn, struct vmspec *spec,
    const struct create_opts *o, struct create_result *r, char **err);

#endif
