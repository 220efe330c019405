/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * inifile — reading INI text (config, themes, and later templates and
 * hosts) with libinih, with the line number of every key, and refusing what
 * is not an INI file: too large, binary, lines too long.
 *
 * Problems go to diags as "file:line: what"; the handler sees only
 * well-formed NAME = VALUE lines.
 */
#ifndef VMDECK_CONFIG_INIFILE_H
#define VMDECK_CONFIG_INIFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

#define INIFILE_MAX_BYTES (1 << 20)	/* larger files are refused */

/* Called for each NAME = VALUE. Returns false to report "unknown" in the
 * caller's own words (the handler adds its own diag). */
typedef void (*inifile_handler)(void *user, const char *section,
    const char *name, const char *value, const char *file, int line);

/* Parse len bytes of buf, named file in messages. Returns 0, or -1 when
 * the text was refused whole (too large, binary): then the caller keeps
 * its defaults. */
int inifile_parse(const char *file, const char *buf, size_t len,
    inifile_handler handler, void *user, struct diags *d);

/* Read a whole file into a new NUL-terminated buffer (caller frees).
 * Returns NULL with a diag when it cannot be read, or is too large; a
 * missing file gives NULL and *missing = true, and no diag. */
char *inifile_slurp(const char *path, size_t *len, bool *missing,
    struct diags *d);

/* For every NAME.ini in dir, in name order: read it and call
 * fn(user, stem, path, text, len, d). A missing directory is no error;
 * files that cannot be read are reported to d and skipped. */
void inifile_each(const char *dir,
    void (*fn)(void *user, const char *stem, const char *path,
    const char *text, size_t len, struct diags *d),
    void *user, struct diags *d);

#endif
