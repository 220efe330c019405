/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * snapui VMDECK URI NAME KEYS — how fast the full-screen view answers
 * keys while its host's worker takes a snapshot with memory: S opens the
 * VM's snapshots, n and three Enters/1 start one, and KEYS times over ?
 * (the help) and Esc are timed from the key to the screen's change,
 * until the snapshot is made. Prints the median and the worst, and the
 * snapshot's wall time as vmdeck shows it. Never judges the figures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/util/timeutil.h"
#include "../tests/tui/harness.h"
#include "sample.h"

int
main(int argc, char **argv)
{
	const char *args[] = { argv[1], "-c", argv[2], NULL };
	struct tui *t;
	int keys, n = 0;
	int64_t *ms, t0, made = -1;

	if (argc != 5 || (keys = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: snapui VMDECK URI NAME KEYS\n");
		return 2;
	}
	ms = calloc((size_t)keys * 2, sizeof *ms);
	t = tui_spawn(args, NULL, 40, 120);
	if (!tui_wait_row_has(t, argv[3], "running", 30000)) {
		fprintf(stderr, "snapui: %s is not listed running\n", argv[3]);
		return 1;
	}
	tui_send(t, "/");
	tui_send(t, argv[3]);
	tui_send(t, "\rS");
	tui_wait_text(t, "Snapshots of VM", 10000);
	tui_send(t, "n");
	tui_wait_text(t, "Snapshot VM", 5000);
	tui_send(t, "\r");
	tui_wait_text(t, "A description", 5000);
	tui_send(t, "\r");
	tui_wait_text(t, "With its memory", 5000);
	t0 = time_mono_ms();
	if (getenv("SNAPUI_DEBUG"))
		tui_dump(t);
	tui_send(t, "1");
	n = tui_time_help_keys(t, "Made snapshot", NULL, 2 * keys, ms);
	if (tui_wait_text(t, "Made snapshot", 600000))
		made = time_mono_ms() - t0;
	sample_sort(ms, n);
	printf("keys_while_snapshotting=%d key_ms_median=%lld key_ms_max=%lld "
	    "snapshot_ms=%lld\n", n, n ? (long long)ms[n / 2] : -1LL,
	    n ? (long long)ms[n - 1] : -1LL, (long long)made);
	/* out of the help (if it is open), the snapshots, vmdeck */
	tui_send(t, "\033");
	tui_wait_gone(t, "Keys and settings", 5000);
	tui_send(t, "q");
	tui_wait_gone(t, "Snapshots of VM", 5000);
	tui_send(t, "q");
	tui_wait_exit(t, 30000);
	tui_free(t);
	free(ms);
	return 0;
}
