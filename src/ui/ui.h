/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * ui — the full-screen program put together: the composition root.
 *
 * ui_run loads the themes and the key bindings (defaults, then the
 * user's), registers the command tables, tells the app which view opens
 * for a worker's question, pushes the main view and runs the loop. It is
 * the one file that knows every view; the app knows none by name.
 */
#ifndef VMDECK_UI_UI_H
#define VMDECK_UI_UI_H

#include <stddef.h>

#include "../config/config.h"
#include "../config/hostsfile.h"
#include "../util/diag.h"

/* Run the full-screen program on uris (shown as labels[i] where labels and
 * it are not NULL; defs[i], where not NULL, the hosts file's entry, for
 * vmdeck's own SSH checks) with the settings in cfg (loaded from
 * config_path; its problems in d go to the message log). Returns the exit
 * status. */
int ui_run(const char *const *uris, const char *const *labels,
    const struct hostdef *const *defs, size_t n, struct config *cfg,
    const char *config_path, const struct diags *d);

#endif
