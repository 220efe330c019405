/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * sample — what the bench programs report of repeated runs.
 */
#ifndef VMDECK_BENCH_SAMPLE_H
#define VMDECK_BENCH_SAMPLE_H

#include <stdint.h>
#include <sys/types.h>

/* Sort the n values of v in place (ascending); v[n / 2] is then the
 * median and v[n - 1] the worst. */
void sample_sort(int64_t *v, int n);

/* A "KEY: N kB" figure of /proc/PID/status (VmHWM, VmRSS), or -1. */
long sample_status_kib(pid_t pid, const char *key);

/* utime + stime of pid in clock ticks, or -1. */
long sample_cpu_ticks(pid_t pid);

#endif
