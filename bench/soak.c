/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * soak VMDECK URI TEXT SECONDS — run "VMDECK -c URI -d 1" in a
 * pseudo-terminal, wait for TEXT on screen (the first frame), then let it
 * sample and draw for SECONDS, and print the process's CPU time over that
 * span (per tick and as % of one core) and its peak RSS. A benchmark: it
 * prints figures and never judges them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/stats/history.h"
#include "../src/stats/vmstats.h"
#include "../src/util/timeutil.h"
#include "../tests/tui/harness.h"
#include "sample.h"

int
main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: soak VMDECK URI TEXT SECONDS\n");
		return 2;
	}
	const char *args[] = { argv[1], "-c", argv[2], "-d", "1", NULL };
	int secs = atoi(argv[4]);
	struct tui *t = tui_spawn(args, NULL, 40, 140);
	long hz = sysconf(_SC_CLK_TCK);

	if (!tui_wait_text(t, argv[3], 600000)) {
		tui_dump(t);
		fprintf(stderr, "soak: '%s' never appeared\n", argv[3]);
		return 1;
	}
	pid_t pid = tui_pid(t);
	long rss0 = sample_status_kib(pid, "VmRSS");
	long c0 = sample_cpu_ticks(pid);
	int64_t t0 = time_mono_ms(), end = t0 + secs * 1000;

	/* keep reading the screen (as a terminal does) until the end */
	while (time_mono_ms() < end)
		tui_pump(t, (int)(end - time_mono_ms()));
	long c1 = sample_cpu_ticks(pid);
	double wall = (double)(time_mono_ms() - t0) / 1000;
	long hwm = sample_status_kib(pid, "VmHWM"), rss1 = sample_status_kib(pid, "VmRSS");
	double cpu_s = (double)(c1 - c0) / (double)hz;

	printf("cpu_s=%.2f wall_s=%.1f cpu_ms_per_tick=%.1f pct_core=%.2f "
	    "rss_first_frame_kib=%ld rss_end_kib=%ld peak_rss_kib=%ld "
	    "history_bytes_per_vm=%zu\n", cpu_s, wall, cpu_s * 1000 / wall,
	    cpu_s / wall * 100, rss0, rss1, hwm,
	    sizeof(struct vmstat) + history_bytes(120));
	tui_send(t, "q");
	tui_wait_exit(t, 60000);
	tui_free(t);
	return 0;
}
