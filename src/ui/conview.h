/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * conview — the serial consoles of the full-screen program: each open
 * console is a chan (the stream) and a vt (its screen and scrollback);
 * one of them is shown, in a pane under the lists or full screen, and
 * may have the keyboard (then every key goes to the guest except those
 * of the console's key table: the escape key, F12, F11, F10 and the
 * scrollback keys by default).
 *
 * One view holds them all. UI thread only: its poll takes what the
 * streams brought each loop turn; drawing reads the vt and never waits.
 */
#ifndef VMDECK_UI_CONVIEW_H
#define VMDECK_UI_CONVIEW_H

#include <stdbool.h>

#include "../console/vt.h"

struct app;

#define CONVIEW_MAX 8		/* consoles open at once */

/* Open the console of the selected VM (or show the one already open) and
 * give it the keyboard; the first opens the console view (VIEW_PANE
 * under the lists, or VIEW_FULLSCREEN; VIEW_GRABS_KEYS while it has the
 * keyboard). Returns UI_* flags. */
unsigned conview_open_selected(struct app *app);
/* Whether a console is open, and whether it has the keyboard. */
bool conview_is_open(struct app *app);
bool conview_has_focus(struct app *app);
/* The commands: full screen on/off, next console, close the shown one,
 * type stty rows/cols into the guest, log to a file (NULL or "off"
 * stops). Each returns UI_* flags and says what it did in the status. */
unsigned conview_toggle_full(struct app *app);
unsigned conview_next(struct app *app);
unsigned conview_close_shown(struct app *app);
unsigned conview_stty(struct app *app);
unsigned conview_log(struct app *app, const char *path);
/* Give the lists the keyboard back (a pane again, if full screen). */
unsigned conview_leave(struct app *app);
/* Scroll the shown console half a screen back (dir 1) or forward (-1). */
unsigned conview_scroll_page(struct app *app, int dir);
/* Translate a key (view.h's encoding) into vt's: a VT_KEY_* in *key or a
 * character in *ch, with VT_MOD_* in *mods. Returns false for keys with
 * no meaning to a guest. */
bool conview_translate(int key, enum vt_key *vkey, uint32_t *ch,
    unsigned *mods);

#endif
