/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * top — the live figures without a screen: `vmdeck top`, one line per VM
 * per tick, as a table or JSON Lines, for scripts and as a test oracle.
 * The same sampler and figures as the full-screen view.
 */
#ifndef VMDECK_CMD_TOP_H
#define VMDECK_CMD_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Sample uris every interval seconds and print to out; with once, print
 * the second sample (rates need two) and return. Problems go to err.
 * Returns the exit status: 0, or 1 when no host could be reached. */
int top_run(char *const *uris, size_t n, double interval, bool once,
    bool json, FILE *out, FILE *err);

#endif
