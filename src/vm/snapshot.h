/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * snapshot — a VM's snapshots: read as a tree, the kind a new one takes
 * (internal or external, from what the host's libvirt can do and what the
 * VM already has: never both on one VM), create, revert, delete with the
 * files it would remove or merge, and the checks that keep every file a
 * VM or a snapshot still uses.
 *
 * The decisions (snapshot_decide, snapshot_revert_refusal,
 * snapshot_delete_refusal) are pure and tested alone; the rest makes
 * libvirt calls that block: a host's worker or a subcommand runs them.
 */
#ifndef VMDECK_VM_SNAPSHOT_H
#define VMDECK_VM_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

/* Versions as libvirt writes them: major * 1000000 + minor * 1000. */
#define SNAPSHOT_REVERT_EXTERNAL_SINCE 9009000UL	/* libvirt 9.9 */
#define SNAPSHOT_UEFI_INTERNAL_SINCE 10010000UL		/* libvirt 10.10 */

enum snap_kind { SNAP_NONE, SNAP_INTERNAL, SNAP_EXTERNAL, SNAP_MIXED };

/* One disk of a snapshot. */
struct snap_disk {
	char *target;			/* vda */
	enum snap_kind kind;		/* SNAP_NONE: not in the snapshot */
	char *file;			/* external: the overlay it began */
	uint64_t size;			/* its bytes on disk, where libvirt
					 * knows the file as a volume; or 0 */
};

struct snapshot {
	char *name;
	char *parent;			/* NULL for a root */
	char *description;		/* NULL when none */
	int64_t created;		/* creationTime, Unix seconds */
	char *state;			/* "running", "shutoff", "paused",
					 * "disk-snapshot" */
	enum snap_kind memory;		/* the RAM: in the image, a file, none */
	char *memory_file;		/* external memory */
	uint64_t vmstate;		/* internal memory: its bytes in the
					 * image, as qemu-img reads it (a host
					 * on this machine); or 0 */
	bool current;
	struct snap_disk *disks;
	size_t ndisks;
	int depth;			/* in the tree: 0 for roots */
};

struct snap_list {
	struct snapshot *s;		/* in tree order: a parent before its
					 * children, siblings by time */
	size_t n;
};

/* Read one snapshot's XML into s (zeroed first). Returns 0, or -1 with
 * *err (caller frees). */
int snapshot_parse(const char *xml, struct snapshot *s, char **err);
void snapshot_clear(struct snapshot *s);
/* Put l in tree order and set each depth (a parent not in l: a root). */
void snapshot_tree_order(struct snap_list *l);
/* Every snapshot of dom, in tree order. Returns 0, or -1 with *err. */
int snapshot_list(virDomainPtr dom, struct snap_list *l, char **err);
void snap_list_clear(struct snap_list *l);
/* The kind of s as a whole: internal, external, or mixed. */
enum snap_kind snapshot_kind(const struct snapshot *s);
/* "internal", "external", … for people and JSON. */
const char *snapshot_kind_name(enum snap_kind k);
/* The list as JSON (an array of objects, in tree order). Caller frees. */
char *snapshot_list_json(const struct snap_list *l);

/* What the decision needs to know about a VM and its host. */
struct snap_facts {
	unsigned long libvirt;		/* the host's libvirt version */
	bool running;			/* active (running or paused) */
	bool uefi;			/* pflash firmware */
	char not_qcow2[32];		/* a disk that is not qcow2, or "" */
	char shareable[32];		/* a shareable disk, or "" */
	int ndisks;			/* disks a snapshot would take */
	enum snap_kind existing;	/* the VM's snapshots so far */
};

/* What the user asks for. */
struct snap_request {
	const char *name;		/* NULL: a timestamp */
	const char *description;	/* NULL: none */
	bool disk_only;			/* no memory, even when running */
	bool quiesce;			/* freeze the guest's file systems */
};

/* The decision. */
struct snap_plan {
	enum snap_kind kind;		/* SNAP_INTERNAL or SNAP_EXTERNAL */
	bool memory;			/* the RAM too */
	char *why;			/* which kind, and why; owned */
};

/* Decide the kind for rq on a VM of facts f. Returns 0 with *p (its why
 * freed by snapshot_plan_clear), or -1 with *err: why neither works. */
int snapshot_decide(const struct snap_facts *f, const struct snap_request *rq,
    struct snap_plan *p, char **err);
void snapshot_plan_clear(struct snap_plan *p);
/* The facts of dom (its XML, its snapshots, the host's libvirt).
 * Returns 0 or -1 with *err. */
int snapshot_facts(virDomainPtr dom, struct snap_facts *f, char **err);

/* Whether name may name a snapshot: not empty, at most 100 bytes, no
 * '/', no control characters, not starting with '.' or '-'. *why when
 * not (static). */
bool snapshot_name_ok(const char *name, const char **why);
/* A name for now: "snap-20261204-101500". Caller frees. */
char *snapshot_default_name(int64_t unix_seconds);
/* The snapshot XML for rq and plan on the VM called vm with domain XML
 * domxml (its disks; external overlays beside each disk's image).
 * Returns the XML (caller frees), or NULL with *err. */
char *snapshot_xml(const char *vm, const char *domxml,
    const struct snap_request *rq, const struct snap_plan *plan, char **err);

/* Create a snapshot of dom as rq asks, the kind decided here. On success
 * *msg says what was made, its kind and why (and when quiescing was not
 * possible); on failure *msg is the reason. Returns 0 or -1. */
int snapshot_create(virDomainPtr dom, const struct snap_request *rq,
    char **msg);

/* Why s cannot be reverted on a host with libvirt version, or NULL
 * (caller frees). */
char *snapshot_revert_refusal(unsigned long libvirt, const char *vm,
    const struct snapshot *s);
/* What reverting to s loses, for the question: the VM's state since. */
char *snapshot_revert_loss(const char *vm, const struct snapshot *s,
    bool vm_active);
/* Revert dom to snapshot name (paused: do not run it after). *msg says
 * what happened or why not. Returns 0 or -1. */
int snapshot_revert(virDomainPtr dom, const char *name, bool paused,
    char **msg);

/* What a delete does to files. */
struct snap_files {
	char **removed;			/* overlays merged and removed */
	size_t nremoved;
	char **into;			/* into[i]: what removed[i] merges into */
	char *refusal;			/* why not: a file still used; or NULL */
};

enum {
	SNAPSHOT_DELETE_CHILDREN = 1 << 0,	/* its children too */
	SNAPSHOT_DELETE_METADATA = 1 << 1,	/* libvirt's record only */
};

/* Why deleting s (of l, with flags) would remove a file that is still
 * needed: one of the VM's current disk chains has it below its top
 * (current: each disk's chain, top first, chains ended by NULL), or
 * another snapshot uses it not through s. NULL when it is safe (caller
 * frees). */
char *snapshot_delete_refusal(const struct snap_list *l,
    const struct snapshot *s, unsigned flags, char *const *current,
    size_t ncurrent);
/* The files deleting snapshot name of dom (with flags) removes, and any
 * refusal. Returns 0 with *f (snap_files_clear), or -1 with *err. */
int snapshot_delete_plan(virDomainPtr dom, const char *name, unsigned flags,
    struct snap_files *f, char **err);
void snap_files_clear(struct snap_files *f);
/* Delete snapshot name of dom (after its plan's checks, again). *msg says
 * what went, or why not. Returns 0 or -1. */
int snapshot_delete(virDomainPtr dom, const char *name, unsigned flags,
    char **msg);

#endif
