/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * themefile — colour themes: semantic slots (selection, running, error, …),
 * each a foreground and background colour plus attributes, read from INI.
 *
 * A colour is "default", one of the 16 ANSI names, "colorN" (0-255) or
 * "#rrggbb", optionally followed by "/NAME" naming the colour to use on an
 * 8-colour terminal; without it the nearest of the 8 is taken, so every
 * colour has a fallback. A slot reads "FG [on BG] [ATTR...]".
 *
 * Shipped themes are compiled in from the themes directory; the user's
 * $XDG_CONFIG_HOME/vmdeck/themes/NAME.ini override them by name.
 * Pure: no curses.
 */
#ifndef VMDECK_CONFIG_THEMEFILE_H
#define VMDECK_CONFIG_THEMEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/diag.h"

enum theme_slot {
	THEME_NORMAL,
	THEME_TITLE,
	THEME_BORDER,
	THEME_BORDER_FOCUS,
	THEME_HEADER,
	THEME_SELECTION,
	THEME_SELECTION_DIM,	/* selection in the pane without focus */
	THEME_RUNNING,
	THEME_PAUSED,
	THEME_SHUTOFF,
	THEME_CRASHED,
	THEME_STATUS,
	THEME_WARNING,
	THEME_ERROR,
	THEME_HINT_KEY,
	THEME_HINT,
	THEME_DIALOG,
	THEME_GRAPH_CPU,
	THEME_GRAPH_MEMORY,
	THEME_GRAPH_DISK,
	THEME_GRAPH_NET,
	THEME_SLOT_COUNT,
};

enum theme_color_kind {
	THEME_COLOR_DEFAULT,	/* the terminal's own */
	THEME_COLOR_INDEX,	/* 0-255 */
	THEME_COLOR_RGB,	/* 0xRRGGBB */
};

struct theme_color {
	enum theme_color_kind kind;
	uint32_t value;
	int basic;		/* 8-colour fallback 0-7, or -1 for default */
};

enum {
	THEME_ATTR_BOLD = 1 << 0,
	THEME_ATTR_DIM = 1 << 1,
	THEME_ATTR_UNDERLINE = 1 << 2,
	THEME_ATTR_REVERSE = 1 << 3,
	THEME_ATTR_BLINK = 1 << 4,
	THEME_ATTR_ITALIC = 1 << 5,
};

struct theme_style {
	struct theme_color fg, bg;
	unsigned attrs;		/* THEME_ATTR_* */
	bool set;		/* given by the file */
};

struct theme {
	char *name;		/* owned */
	char *description;	/* owned, may be NULL */
	struct theme_style slot[THEME_SLOT_COUNT];
};

/* A list of themes, by name. */
struct theme_set {
	struct theme *themes;	/* owned array */
	size_t n;
};

/* Slot names as written in files: "selection", "graph_cpu", … */
const char *theme_slot_name(enum theme_slot slot);

/* Parse a theme named name (its default name, e.g. the file's stem) from
 * INI text. Missing slots take the "normal" slot's style, with one diag
 * naming them. Returns 0, or -1 when the text was refused whole. */
int theme_parse(struct theme *t, const char *name, const char *file,
    const char *buf, size_t len, struct diags *d);
/* Parse one slot value ("green on black bold"). Returns 0, or -1 with *why
 * set to a static reason. */
int theme_style_parse(const char *value, struct theme_style *out,
    const char **why);
/* Free what a theme owns. */
void theme_free(struct theme *t);

/* Load the shipped themes, then every *.ini in each of dirs (NULL-ended;
 * missing directories are fine), a later theme replacing an earlier one
 * of the same name. */
void theme_set_load(struct theme_set *set, const char *const *dirs,
    struct diags *d);
/* Index of the theme called name, or -1. */
int theme_set_find(const struct theme_set *set, const char *name);
void theme_set_free(struct theme_set *set);

/* Nearest of the 8 basic colours for a 256-index or RGB colour. */
int theme_to_basic(const struct theme_color *c);

#endif
