/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * timeutil — monotonic and wall clocks in milliseconds.
 */
#ifndef VMDECK_UTIL_TIMEUTIL_H
#define VMDECK_UTIL_TIMEUTIL_H

#include <stdint.h>
#include <time.h>

/* Milliseconds on the monotonic clock (for deadlines and intervals). */
int64_t time_mono_ms(void);
/* Seconds since the epoch, wall clock (for log stamps). */
time_t time_wall(void);
/* Fill ts with the CLOCK_REALTIME time ms milliseconds from now
 * (for pthread_cond_timedwait). */
void time_abs_after(struct timespec *ts, int64_t ms);
/* Sleep ms milliseconds (worker threads only: a poll with a deadline). */
void time_sleep_ms(int64_t ms);

#endif
