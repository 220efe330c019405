/*
 * theme — colours by what they mean, not by hue.
 *
 * Views ask for theme_attr(THEME_RUNNING), never for "green". One table
 * gives each slot a colour pair and attributes for colour terminals and an
 * attribute alone for monochrome (no colours, or NO_COLOR set).
 * theme_init() runs after initscr().
 */
#ifndef VMDECK_UI_THEME_H
#define VMDECK_UI_THEME_H

#include <stdbool.h>

#include "term.h"

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
	THEME_ERROR,
	THEME_HINT_KEY,
	THEME_HINT,
	THEME_DIALOG,
	THEME_COUNT,
};

/* Set up colour pairs; with use_color false (or a terminal without
 * colours) every slot is an attribute only. Returns whether colour is on. */
bool theme_init(bool use_color);
/* The attributes for a slot. */
attr_t theme_attr(enum theme_slot slot);

#endif
