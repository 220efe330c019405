/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * config — vmdeck's settings: one table of options (name, type, default,
 * range, help) that drives the parser, `vmdeck --help-config`, the help
 * screen and the man page check, and the [keys] section's bindings.
 *
 * The file is $XDG_CONFIG_HOME/vmdeck/config (else ~/.config/vmdeck/config),
 * INI: options in [general], bindings in [keys]. Defaults are written in the
 * same syntax and parsed first, so a bad default fails the tests. A bad
 * value gives "file:line: what" in diags and keeps the default.
 *
 * Call order: config_init (defaults), config_load (a file), read fields,
 * config_save (W), config_free.
 */
#ifndef VMDECK_CONFIG_CONFIG_H
#define VMDECK_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../util/diag.h"
#include "../core/domlist.h"

enum config_confirm {
	CONFIG_CONFIRM_DESTRUCTIVE,	/* force off, delete */
	CONFIG_CONFIRM_ALL,		/* every lifecycle action */
};

enum config_vnc_colors {
	CONFIG_VNC_AUTO,
	CONFIG_VNC_TRUECOLOR,
	CONFIG_VNC_256,
	CONFIG_VNC_16,
};

enum config_vnc_graphics {
	CONFIG_VNCG_AUTO,
	CONFIG_VNCG_CELLS,
	CONFIG_VNCG_SIXEL,
	CONFIG_VNCG_KITTY,
};

enum config_vnc_text {
	CONFIG_VNC_TEXT_AUTO,
	CONFIG_VNC_TEXT_OFF,
};

enum config_graph {
	CONFIG_GRAPH_BRAILLE,
	CONFIG_GRAPH_BLOCK,
	CONFIG_GRAPH_ASCII,
};

enum config_column {
	CONFIG_COL_NAME,
	CONFIG_COL_STATE,
	CONFIG_COL_CPU,
	CONFIG_COL_CPUGRAPH,
	CONFIG_COL_MEMORY,
	CONFIG_COL_DISK,
	CONFIG_COL_NET,
	CONFIG_COL_VCPUS,
	CONFIG_COL_AUTOSTART,
	CONFIG_COL_PERSISTENT,
	CONFIG_COL_SNAPSHOTS,		/* how many snapshots (not shown by
					 * default) */
	CONFIG_COL_IP,			/* the first IPv4 address */
	CONFIG_COL_TAGS,		/* the VM's tags (not shown by
					 * default) */
	CONFIG_COL_COUNT,
};

/* One line of [keys]: the key name and the command, as written. */
struct config_binding {
	char *key;
	char *command;
	char *file;
	int line;
};

struct config {
	double interval;		/* seconds between refreshes */
	double connect_timeout;		/* seconds to connect and answer */
	char **connect;			/* default URIs; owned */
	size_t nconnect;
	char *theme;			/* theme name */
	enum config_confirm confirm;
	char *escape_key;		/* console escape key, as a key name */
	int escape_line;		/* where it was set (0: default) */
	enum config_graph graph;
	int history;			/* seconds of graph history */
	enum config_column columns[CONFIG_COL_COUNT];
	size_t ncolumns;
	enum domlist_sort sort;
	enum config_vnc_colors vnc_colors;	/* the VNC view's colours */
	enum config_vnc_graphics vnc_graphics;	/* cells or images */
	enum config_vnc_text vnc_text;		/* text screens as text */
	struct config_binding *bindings;	/* [keys], in file order */
	size_t nbindings;
};

/* Facts about one option, for --help-config, the help screen and tests. */
struct config_option_info {
	const char *name;
	const char *type;		/* "number", "duration", "word", … */
	const char *def;		/* default, as written in the file */
	const char *range;		/* "0.1 to 3600", "name state …" */
	const char *help;
};

/* Fill cfg with the defaults (parsed from their text). */
void config_init(struct config *cfg);
/* Free what cfg owns. */
void config_free(struct config *cfg);
/* Apply an INI text to cfg; problems go to d. Returns -1 when the text
 * was refused whole (defaults kept), else 0. */
int config_parse(struct config *cfg, const char *file, const char *buf,
    size_t len, struct diags *d);
/* Load the file at path: a missing file is no error. */
int config_load(struct config *cfg, const char *path, struct diags *d);
/* The config file's path: $XDG_CONFIG_HOME/vmdeck/config, else
 * $HOME/.config/vmdeck/config. Caller frees. */
char *config_path(void);
/* The user's directory for kind ("themes", …). Caller frees. */
char *config_dir(const char *kind);

/* Write sort, columns, theme and interval into the file at path, keeping
 * every other line and comment as it was; creates the file (and its
 * directory) if missing. Returns 0, or -1 with *err set (caller frees). */
int config_save(const struct config *cfg, const char *path, char **err);

/* The i-th option; NULL past the end. */
const struct config_option_info *config_option(size_t i);
/* Print the option table (--help-config). */
void config_print_help(FILE *out);
/* The current value of option name as written in a file, into buf.
 * Returns buf, or NULL for an unknown name. */
const char *config_value(const struct config *cfg, const char *name,
    char *buf, size_t len);

/* Column names and headers. */
const char *config_column_name(enum config_column col);
/* Coarse history points for the history setting at the interval (see
 * history.h): history / (30 samples x interval), at least 1. */
size_t config_coarse_points(const struct config *cfg);

#endif
