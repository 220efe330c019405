/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * commands — the full-screen program's commands as tables: the app's own
 * (moving, filtering, forms, consoles, settings) and one command per row
 * of core/domain's action table (start, shutdown, force-off, …) and per
 * toggle (pause, autostart), so a new VM action needs no line here.
 *
 * commands_register() hands the tables to keymap, which binds keys to
 * them; a view dispatches a command with its target (cmd_target).
 */
#ifndef VMDECK_UI_COMMANDS_H
#define VMDECK_UI_COMMANDS_H

#include "keymap.h"

/* Register the command tables with keymap (once; again is harmless). */
void commands_register(void);

#endif
