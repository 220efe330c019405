/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * runstat RUNS COMMAND [ARG...] — run COMMAND RUNS times (output thrown
 * away) and print the median and worst wall time and the largest peak RSS
 * (from wait4). A benchmark helper: it prints figures, never a verdict.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/util/timeutil.h"
#include "sample.h"

int
main(int argc, char **argv)
{
	int runs, failures = 0;
	int64_t *ms;
	long rss = 0;

	if (argc < 3 || (runs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: runstat RUNS COMMAND [ARG...]\n");
		return 2;
	}
	ms = calloc((size_t)runs, sizeof *ms);
	for (int i = 0; i < runs; i++) {
		struct rusage ru;
		int status;
		int64_t t0 = time_mono_ms();
		pid_t pid = fork();

		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			dup2(null, 1);
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		wait4(pid, &status, 0, &ru);
		ms[i] = time_mono_ms() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failures++;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
	}
	sample_sort(ms, runs);
	printf("wall_ms_median=%lld wall_ms_max=%lld peak_rss_kib=%ld runs=%d "
	    "failures=%d\n", (long long)ms[runs / 2], (long long)ms[runs - 1],
	    rss, runs, failures);
	free(ms);
	return failures != 0;
}
