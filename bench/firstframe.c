/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * firstframe VMDECK URI TEXT RUNS — time from exec of "VMDECK -c URI" in a
 * pseudo-terminal to the first screen showing TEXT, and the peak RSS of
 * the process at that moment. Prints the median and the worst of RUNS.
 * A benchmark: it prints figures and never judges them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/util/timeutil.h"
#include "sample.h"
#include "../tests/tui/harness.h"

int
main(int argc, char **argv)
{
	int runs;
	int64_t *ms;
	long rss = 0;

	if (argc != 5 || (runs = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: firstframe VMDECK URI TEXT RUNS\n");
		return 2;
	}
	ms = calloc((size_t)runs, sizeof *ms);
	for (int i = 0; i < runs; i++) {
		const char *args[] = { argv[1], "-c", argv[2], NULL };
		int64_t t0 = time_mono_ms();
		struct tui *t = tui_spawn(args, NULL, 40, 120);

		if (!tui_wait_text(t, argv[3], 600000)) {
			tui_dump(t);
			fprintf(stderr, "firstframe: '%s' never appeared\n",
			    argv[3]);
			tui_free(t);
			return 1;
		}
		ms[i] = time_mono_ms() - t0;
		long r = sample_status_kib(tui_pid(t), "VmHWM");
		if (r > rss)
			rss = r;
		tui_send(t, "q");
		tui_wait_exit(t, 60000);
		tui_free(t);
	}
	sample_sort(ms, runs);
	printf("first_frame_ms_median=%lld first_frame_ms_max=%lld "
	    "peak_rss_kib=%ld runs=%d\n", (long long)ms[runs / 2],
	    (long long)ms[runs - 1], rss, runs);
	free(ms);
	return 0;
}
