/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * storui VMDECK URI POOL FILE KEYS — how fast the storage view answers
 * keys while its host's worker uploads FILE into the pool's first volume:
 * P opens the host's storage, Tab the volumes, u and the file's name start
 * the upload, and KEYS times over ? (the help) and Esc are timed from the
 * key to the screen's change, until the upload is done (the status line
 * says "Uploaded"). Prints the
 * median and the worst, and the upload's wall time. Never judges them.
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
	int64_t *ms, t0, done = -1;

	if (argc != 6 || (keys = atoi(argv[5])) < 1) {
		fprintf(stderr, "usage: storui VMDECK URI POOL FILE KEYS\n");
		return 2;
	}
	ms = calloc((size_t)keys * 2, sizeof *ms);
	t = tui_spawn(args, NULL, 40, 140);
	tui_wait_text(t, "Press ? for help.", 30000);
	tui_open_pool(t, argv[3]);
	tui_send(t, "u");
	tui_wait_text(t, "Upload into volume", 5000);
	tui_send(t, argv[4]);
	t0 = time_mono_ms();
	tui_send(t, "\r");
	/* under way until the status line says it is done (the help
	 * covers the progress line while it shows) */
	tui_wait_text(t, "X cancels", 5000);
	n = tui_time_help_keys(t, "Uploaded '", "did not finish", 2 * keys, ms);
	if (tui_wait_text(t, "Uploaded '", 120000))
		done = time_mono_ms() - t0;
	sample_sort(ms, n);
	printf("keys_while_uploading=%d key_ms_median=%lld key_ms_max=%lld "
	    "upload_ms=%lld\n", n, n ? (long long)ms[n / 2] : -1LL,
	    n ? (long long)ms[n - 1] : -1LL, (long long)done);
	tui_send(t, "\033");
	tui_wait_gone(t, "Keys and settings", 5000);
	tui_send(t, "q");
	tui_wait_gone(t, "Storage pools of", 5000);
	tui_send(t, "q");
	tui_wait_exit(t, 30000);
	tui_free(t);
	free(ms);
	return 0;
}
