/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * keymap — the commands' shape, the key tables that bind keys to them,
 * and key names both ways.
 *
 * A command is a row: its name (what `:` and a config's [keys] section
 * call it), the scopes it works in, its function, a help line and a hint
 * word. The tables of rows are registered at start (ui.c); the default
 * bindings are "KEY = COMMAND" lines in a config's syntax, parsed at
 * start, and the user's [keys] lines go on top. Hints and messages name
 * a command's key through keymap_key_for, so a rebound key shows its new
 * name everywhere.
 */
#ifndef VMDECK_UI_KEYMAP_H
#define VMDECK_UI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "../config/config.h"
#include "../util/diag.h"

struct app;
struct view;

/* Where a command works, like tmux's key tables. */
enum {
	CMD_LIST = 1 << 0,	/* the VM list */
	CMD_HOSTS = 1 << 1,	/* the hosts pane has the focus */
	CMD_VM = 1 << 2,	/* the VM view */
	CMD_CONSOLE = 1 << 3,	/* a serial console has the keyboard */
	CMD_VNC = 1 << 4,	/* the VNC screen (it always has it) */
};

/* The key tables: which bindings a scope looks at. The hosts pane looks
 * at its own table first, then the list's; the VM view at the list's; a
 * console with the keyboard and the VNC screen at their own only (every
 * other key is the guest's). */
enum keymap_table {
	KEYMAP_LIST, KEYMAP_HOSTS, KEYMAP_CONSOLE, KEYMAP_VNC, KEYMAP_TABLES
};

/* What a command acts on, filled by the view that dispatches it. */
struct cmd_target {
	struct view *view;	/* the dispatching view */
	unsigned scope;		/* CMD_* it was dispatched in */
	int host;		/* the host's index, -1: none */
	const char *uuid;	/* the VM, or NULL */
	const char *name;	/* its name, or NULL */
	const char *arg;	/* the ':' command's argument, or NULL */
};

struct command {
	const char *name;	/* "force-off" */
	const char *alias;	/* another name ':' takes ("destroy"), or NULL */
	unsigned scopes;	/* CMD_* */
	/* returns UI_* flags */
	unsigned (*run)(struct app *app, const struct command *cmd,
	    const struct cmd_target *t);
	const char *help;	/* "force the VM off (asks first)" */
	const char *hint;	/* the hint bar's word ("ForceOff"), or NULL */
	int action;		/* a core/domain action, or -1 */
	const void *toggle;	/* a core/domain toggle, or NULL */
};

struct binding {
	int key;			/* as view.h encodes keys */
	enum keymap_table table;
	const struct command *cmd;
};

/* Add a table of n commands (kept, not copied) to those names resolve
 * to. */
void keymap_register(const struct command *cmds, size_t n);
/* Drop every binding and parse the defaults. Returns 0, or -1 with the
 * problems in d ("defaults:LINE: what"). */
int keymap_init(struct diags *d);
/* Parse a [keys] section (INI text) named file, on top of what is bound:
 * its bindings replace earlier ones for the same key; "none" unbinds.
 * [keys.hosts], [keys.console] and [keys.vnc] bind those tables (the
 * defaults use them; a user's config binds [keys] only). Returns 0, or
 * -1 when it reported a problem to d. */
int keymap_parse(const char *file, const char *text, struct diags *d);
/* The same for the [keys] lines of a loaded config. */
void keymap_apply(const struct config_binding *b, size_t n,
    struct diags *d);
/* Bind key in table to the command called name, or unbind it (NULL):
 * the escape key of the settings. Returns -1 for an unknown command. */
int keymap_set(enum keymap_table table, int key, const char *name);
/* Drop every binding (the registered commands stay). */
void keymap_reset(void);
/* The command bound to key in the list's table, or NULL. */
const struct command *keymap_lookup(int key);
/* The command key runs in scope (CMD_*): the scope's tables in order,
 * and only a command that works there; NULL otherwise. */
const struct command *keymap_lookup_in(unsigned scope, int key);
/* Run key's command when it is one every screen has (help, the message
 * log, redraw) for target t (its scope is the one looked in); returns
 * what the command returns, or 0 when key is none of them. */
unsigned keymap_run_common(struct app *app, const struct cmd_target *t,
    int key);
/* The command called name (or alias), or NULL. */
const struct command *keymap_find(const char *name);
/* All bindings, in the order they were parsed. */
const struct binding *keymap_bindings(size_t *n);
/* Every registered command, for help and completion: i-th, or NULL. */
const struct command *keymap_command(size_t i);
/* The key that runs command name in scope, for hints and messages:
 * "u", or ":start" where no key is bound. Returns buf. */
const char *keymap_key_for(unsigned scope, const char *name, char *buf,
    size_t len);
/* Every key that runs command name in scope, joined by " or " ("^] or
 * F12"), or ":name" where none is bound. Returns buf. */
const char *keymap_keys_for(unsigned scope, const char *name, char *buf,
    size_t len);
/* Parse a key name ("q", "Tab", "^L", "PageDown", "F5", "Colon"); -1 if
 * unknown. */
int keymap_key_parse(const char *name);
/* Name of a key for display, into buf. Returns buf. */
const char *keymap_key_name(int key, char *buf, size_t len);

#endif
