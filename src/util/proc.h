/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * proc — run a helper program (qemu-img, xorriso, apt-get) with a
 * deadline, its standard output captured, its standard error kept for the
 * message; never waiting for ever.
 *
 * Blocking: worker threads and headless commands only.
 */
#ifndef VMDECK_UTIL_PROC_H
#define VMDECK_UTIL_PROC_H

#include <stddef.h>

/* Run argv (argv[0] found on PATH) in directory dir (NULL: the current
 * one), stdin from /dev/null. Waits at most timeout_ms, then kills it.
 * *out (may be NULL) gets its standard output, *errtext (may be NULL) its
 * standard error, each NUL-terminated and cut at 1 MiB (caller frees).
 * Returns its exit status (0..255), 127 when it could not be started, -1
 * when it timed out or died of a signal. */
int proc_run(const char *const argv[], const char *dir, int timeout_ms,
    char **out, char **errtext);
/* proc_run that calls tick(ctx) about every 250 ms while it waits (for a
 * progress line). */
int proc_run_ticking(const char *const argv[], const char *dir,
    int timeout_ms, void (*tick)(void *ctx), void *ctx, char **out,
    char **errtext);

/* End (SIGTERM) this process's children whose program is called prog
 * (the last part of argv[0]) and that have arg among their arguments:
 * what a library started and left hanging. Returns how many. */
int proc_end_children(const char *prog, const char *arg);

#endif
