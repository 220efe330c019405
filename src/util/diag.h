/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * diag — messages a parser collects about a file: "file:line: what".
 *
 * Parsers append and go on with defaults; the caller shows them (the
 * message log in the full-screen view, stderr in subcommands).
 */
#ifndef VMDECK_UTIL_DIAG_H
#define VMDECK_UTIL_DIAG_H

#include <stddef.h>

struct diags {
	char **msgs;		/* owned strings */
	size_t n;
};

/* Append "file:line: message" (line 0: "file: message"). */
void diag_add(struct diags *d, const char *file, int line, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));
/* Append copies of every message of src to dst. */
void diag_append_all(struct diags *dst, const struct diags *src);
/* Free every message; the struct may be reused. Accepts a zeroed one. */
void diag_clear(struct diags *d);

#endif
