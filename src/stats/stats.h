/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * stats — live figures of a VM from libvirt's bulk statistics.
 *
 * A sample (struct stats_raw) holds the counters one
 * virConnectGetAllDomainStats record gives for a domain, with the time it
 * was taken. Two samples make a point: CPU % of the VM's vCPUs, memory
 * used and assigned, disk and network byte rates. A figure that libvirt
 * did not give, or that cannot be known yet (first sample, a counter that
 * went backwards because the VM restarted), is NaN and shows as "–".
 * Pure: no libvirt calls, no allocation.
 */
#ifndef VMDECK_STATS_STATS_H
#define VMDECK_STATS_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum stats_metric {
	STATS_CPU,		/* % of the VM's vCPUs, 0-100 */
	STATS_MEM_USED,		/* KiB used (the guest's view, else host RSS) */
	STATS_MEM_ASSIGNED,	/* KiB assigned (balloon) */
	STATS_DISK_RD,		/* bytes/s read, all disks */
	STATS_DISK_WR,		/* bytes/s written */
	STATS_NET_RX,		/* bytes/s received, all interfaces */
	STATS_NET_TX,		/* bytes/s sent */
	STATS_METRIC_COUNT,
};

/* Which counters a sample has. */
enum {
	STATS_HAVE_CPU = 1 << 0,
	STATS_HAVE_VCPUS = 1 << 1,
	STATS_HAVE_BALLOON = 1 << 2,	/* balloon.current */
	STATS_HAVE_RSS = 1 << 3,
	STATS_HAVE_GUEST_MEM = 1 << 4,	/* balloon.available and .unused */
	STATS_HAVE_BLOCK = 1 << 5,	/* block.N.rd/wr.bytes */
	STATS_HAVE_NET = 1 << 6,	/* net.N.rx/tx.bytes */
	STATS_HAVE_STATE = 1 << 7,
};

struct stats_raw {
	int64_t when_ms;		/* monotonic time of the sample */
	unsigned have;			/* STATS_HAVE_* */
	int state;			/* virDomainState */
	uint64_t cpu_ns;		/* cpu.time */
	unsigned vcpus;			/* vcpu.current */
	uint64_t balloon_kib;		/* balloon.current */
	uint64_t rss_kib;		/* balloon.rss */
	uint64_t available_kib;		/* balloon.available */
	uint64_t unused_kib;		/* balloon.unused */
	uint64_t rd_bytes, wr_bytes;	/* sums over block.N */
	uint64_t rx_bytes, tx_bytes;	/* sums over net.N */
	unsigned seen_avail : 1;	/* half of STATS_HAVE_GUEST_MEM */
	unsigned seen_unused : 1;
};

/* Fold one typed parameter of a stats record into raw. Unknown fields are
 * ignored. Returns whether the field was used. */
bool stats_raw_add(struct stats_raw *raw, const char *field, uint64_t value);

/* The point between prev (NULL for the first sample) and cur. vcpus
 * stands in when cur has no vcpu.current (0: unknown). assigned_kib stands
 * in for memory assigned when cur has no balloon figure (0: unknown). */
void stats_point(const struct stats_raw *prev, const struct stats_raw *cur,
    unsigned vcpus, uint64_t assigned_kib, float out[STATS_METRIC_COUNT]);

/* The host's own counters (virNodeGetCPUStats, virNodeGetMemoryStats). */
struct stats_node {
	int64_t when_ms;
	bool have_cpu;
	uint64_t busy_ns, total_ns;	/* kernel+user, and all */
	bool have_mem;
	uint64_t mem_total_kib, mem_used_kib;	/* used: total-free-buffers-cached */
};

/* Host CPU % between two node samples; NaN when unknown. */
float stats_node_cpu(const struct stats_node *prev,
    const struct stats_node *cur);

/* a + b where either may be missing: NaN only when both are. (Read and
 * write, or receive and send, as one rate.) */
float stats_sum(float a, float b);

/* Short text for a figure: "12%", "1.5G", "3.2M" (per second for rates),
 * "–" for NaN (or "-" when ascii). Returns buf. */
char *stats_format(char *buf, size_t len, enum stats_metric m, float v,
    bool ascii);
/* Compact KiB: "512M", "1.5G", "8G". Returns buf. */
char *stats_format_kib(char *buf, size_t len, double kib);
/* Compact bytes per second: "0", "512K", "1.2M". Returns buf. */
char *stats_format_rate(char *buf, size_t len, double bps);

#endif
