/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * migrate — moving a VM to another host with libvirt's migration: the
 * checks before it starts (each named when it fails), the options as
 * libvirt's flags and parameters, the run, and its progress as figures
 * and a bar that never goes back without saying why.
 *
 * migrate_check and migrate_run block on libvirt (a worker's or a
 * subcommand's thread). migrate_watch_* read and steer a migration that
 * runs on another thread (job stats, abort, post-copy, max downtime),
 * from a third. migrate_progress_* is arithmetic only.
 */
#ifndef VMDECK_VM_MIGRATE_H
#define VMDECK_VM_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

/* What the user chose. */
struct migrate_opts {
	bool live;		/* a running VM keeps running (default for one) */
	bool offline;		/* move a shut-off VM's definition only */
	bool p2p;		/* the source's libvirtd talks to the
				 * destination's itself */
	bool tunnelled;		/* the data through libvirtd's own connection
				 * (with p2p) */
	bool copy_storage;	/* copy the disks (NON_SHARED_DISK) */
	bool copy_inc;		/* copy only the top of each backing chain
				 * (NON_SHARED_INC) */
	char **disks;		/* copy these targets only ("vda"); NULL: all;
				 * owned */
	size_t ndisks;
	bool persistent;	/* define it on the destination */
	bool undefine_source;	/* and remove the source's definition */
	bool auto_converge;	/* slow the guest's vCPUs until it converges */
	bool compressed;	/* compress memory pages */
	bool postcopy;		/* allow switching to post-copy while it runs */
	unsigned long bandwidth;	/* MiB/s; 0: no limit */
	char *migrate_uri;	/* where QEMU sends the data (tcp://HOST);
				 * NULL: from the destination's URI; owned */
};

void migrate_opts_clear(struct migrate_opts *o);
/* libvirt's flags for o. */
unsigned long migrate_flags(const struct migrate_opts *o);

/* One check before a migration. */
struct migrate_check {
	char *what;		/* "name free on kvm2" */
	bool ok;
	bool checked;		/* false: could not be checked (why says) */
	char *why;		/* when not ok or not checked */
};

struct migrate_checks {
	struct migrate_check *c;
	size_t n;
};

/* Check that dom (on src) can go to dst as o asks: the destination is
 * another host, the VM's name is free there, its CPU fits the
 * destination's, every network it uses exists and runs there, every disk
 * is on shared storage (a volume at the same path there) or is to be
 * copied into a pool of the same name there. dst_label names the
 * destination in sentences. Returns how many checks failed (a check that
 * could not be made does not count). */
int migrate_check(virConnectPtr src, virDomainPtr dom, virConnectPtr dst,
    const char *dst_label, const struct migrate_opts *o,
    struct migrate_checks *out);
void migrate_checks_clear(struct migrate_checks *c);
/* The failed checks as one sentence, "…; …" (caller frees), or NULL. */
char *migrate_checks_failed(const struct migrate_checks *c);

/* Migrate dom to dst (reached at dst_uri for peer-to-peer) as o asks.
 * Returns 0 with *msg saying where it runs now, or -1 with *msg the
 * reason and where the VM is (caller frees). */
int migrate_run(virDomainPtr dom, const char *name, virConnectPtr dst,
    const char *dst_uri, const char *dst_label, const struct migrate_opts *o,
    char **msg);

/* libvirt's job figures of a migration. */
struct migrate_stats {
	bool active;			/* a job runs */
	int64_t elapsed_ms;
	uint64_t data_total, data_processed, data_remaining;	/* bytes */
	uint64_t mem_total, mem_processed, mem_remaining;
	uint64_t disk_total, disk_processed, disk_remaining;
	uint64_t mem_bps;		/* bytes/s, memory */
	uint64_t disk_bps;
	uint64_t dirty_rate;		/* pages/s */
	uint64_t page_size;		/* bytes */
	uint64_t iteration;		/* memory pass, from 1 */
	int64_t downtime_ms;		/* expected, or -1 */
	bool postcopy;			/* switched to post-copy */
};

/* Read dom's job figures (VIR_DOMAIN_JOB_*). Returns 0 or -1 (*err). */
int migrate_stats_read(virDomainPtr dom, struct migrate_stats *s,
    char **err);

/* What the screen shows: a bar that moves back only with a reason. */
struct migrate_progress {
	double percent;			/* shown, 0-100 */
	uint64_t iteration;		/* last seen memory pass */
	uint64_t total;			/* last seen data total */
	char note[160];			/* why the bar went back, or "" */
	uint64_t eta_s;			/* seconds, 0: unknown */
	bool has_eta;
};

/* Take s into p: the percentage of the data sent, going back only when a
 * new memory pass began (the guest wrote again what was sent: said in
 * note with the pass and what is left) or the total grew (said too). */
void migrate_progress_update(struct migrate_progress *p,
    const struct migrate_stats *s);
/* The figures as one line: "1.2 GiB of 2.0 GiB · 600 MiB left · pass 3 ·
 * dirty 1200 pages/s · 95 MiB/s · downtime 30 ms · about 7 s left". */
char *migrate_progress_line(const struct migrate_progress *p,
    const struct migrate_stats *s);

#endif
