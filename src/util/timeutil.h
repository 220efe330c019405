/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * timeutil — monotonic and wall clocks in milliseconds.
 */
#ifndef VMDECK_UTIL_TIMEUTIL_H
#define VMDECK_UTIL_TIMEUTIL_H

#include <stdint.h>
#include <pthread.h>
#include <time.h>

/* Milliseconds on the monotonic clock (for deadlines and intervals). */
int64_t time_mono_ms(void);
/* Seconds since the epoch, wall clock (for log stamps). */
time_t time_wall(void);
/* Make c a condition whose timed waits run on the monotonic clock (a
 * step of the wall clock neither ends them early nor stretches them). */
void time_cond_init(pthread_cond_t *c);
/* Fill ts with the monotonic time ms milliseconds from now, for
 * pthread_cond_timedwait on a condition made with time_cond_init. */
void time_abs_after(struct timespec *ts, int64_t ms);
/* Sleep ms milliseconds (worker threads only: a poll with a deadline). */
void time_sleep_ms(int64_t ms);

#endif
