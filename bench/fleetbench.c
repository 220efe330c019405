/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * fleetbench VMDECK XDG_CONFIG_HOME VMS SECONDS — the full-screen view on
 * a hosts file of many hosts (bench/fleet makes them): time from exec to
 * the first frame, and to the all-hosts list (A) holding VMS VMs (every
 * reachable host listed); then, with sampling every second, its CPU over
 * SECONDS, its RSS, its threads, and the time of 20 keys (? and Esc) to
 * the screen. Prints key=value figures; never judges them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/util/timeutil.h"
#include "../tests/tui/harness.h"
#include "sample.h"

int
main(int argc, char **argv)
{
	int want, secs;
	char env0[512], title[64];
	int64_t keys[24];

	if (argc != 5 || (want = atoi(argv[3])) < 1 ||
	    (secs = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: fleetbench VMDECK XDG VMS SECONDS\n");
		return 2;
	}
	snprintf(env0, sizeof env0, "XDG_CONFIG_HOME=%s", argv[2]);
	const char *args[] = { argv[1], "-d", "1", NULL };
	const char *env[] = { env0, "LIBVIRT_DEFAULT_URI=test:///default",
	    NULL };
	int64_t t0 = time_mono_ms(), first, all;
	struct tui *t = tui_spawn(args, env, 50, 200);

	if (!tui_wait_text(t, "Hosts", 60000)) {
		fprintf(stderr, "fleetbench: no first frame\n");
		return 1;
	}
	first = time_mono_ms() - t0;
	tui_send(t, "A");
	snprintf(title, sizeof title, "VMs %d/%d of all", want, want);
	if (!tui_wait_text(t, title, 300000)) {
		tui_dump(t);
		fprintf(stderr, "fleetbench: never '%s'\n", title);
		return 1;
	}
	all = time_mono_ms() - t0;
	/* settled: a few ticks, then the steady figures */
	tui_pump(t, 3000);
	long c0 = sample_cpu_ticks(tui_pid(t));
	int64_t w0 = time_mono_ms();

	while (time_mono_ms() - w0 < (int64_t)secs * 1000)
		tui_pump(t, 200);
	long c1 = sample_cpu_ticks(tui_pid(t));
	double wall = (double)(time_mono_ms() - w0) / 1000.0;
	double cpu = 100.0 * (double)(c1 - c0) / (double)sysconf(_SC_CLK_TCK) /
	    wall;
	long rss = sample_status_kib(tui_pid(t), "VmRSS");
	long threads = sample_status_kib(tui_pid(t), "Threads");
	int n = tui_time_help_keys(t, "no-such-text-ever", NULL, 20, keys);

	sample_sort(keys, n);
	printf("first_frame_ms=%lld all_listed_ms=%lld cpu_pct=%.1f "
	    "rss_kib=%ld threads=%ld key_ms_median=%lld key_ms_max=%lld\n",
	    (long long)first, (long long)all, cpu, rss, threads,
	    n ? (long long)keys[n / 2] : -1LL,
	    n ? (long long)keys[n - 1] : -1LL);
	tui_send(t, "q");
	tui_wait_exit(t, 30000);
	tui_free(t);
	return 0;
}
