/*
 * conview — the serial consoles of the full-screen program: each open
 * console is a chan (the stream) and a vt (its screen and scrollback);
 * one of them is shown, in a pane under the lists or full screen, and
 * may have the keyboard (then every key goes to the guest except the
 * escape key, F12, F11 and the scrollback keys).
 *
 * UI thread only. conview_poll runs once per loop turn after the event
 * queue woke it; drawing reads the vt and never waits.
 */
#ifndef VMDECK_UI_CONVIEW_H
#define VMDECK_UI_CONVIEW_H

#include <stdbool.h>

#include "../console/vt.h"

struct app;

#define CONVIEW_MAX 8		/* consoles open at once */

/* Open the console of the selected VM (or show the one already open) and
 * give it the keyboard. Returns UI_* flags. */
unsigned conview_open_selected(struct app *app);
/* Take what every console received, follow their states (busy, several
 * devices, end of stream, reattaching after a restart). Returns whether
 * anything on screen changed. */
bool conview_poll(struct app *app);
/* A key while a console has the keyboard. Returns UI_* flags. */
unsigned conview_key(struct app *app, int key);
/* The shown console in the rectangle (a box with the guest's screen
 * inside), or full screen when app->con_full. */
void conview_draw_pane(struct app *app, int y, int x, int h, int w);
void conview_draw_full(struct app *app);
/* Put the terminal's cursor where the guest's is, when a console has the
 * keyboard; hide it otherwise. After every view drew. */
void conview_place_cursor(struct app *app);
/* Give the shown console the keyboard, or take it back (raw mode while
 * it has it, so ^C and ^Z go to the guest). */
void conview_focus(struct app *app, bool on);
/* The commands: full screen on/off, next console, close the shown one,
 * type stty rows/cols into the guest, log to a file (NULL or "off"
 * stops). Each returns UI_* flags and says what it did in the status. */
unsigned conview_toggle_full(struct app *app);
unsigned conview_next(struct app *app);
unsigned conview_close_shown(struct app *app);
unsigned conview_stty(struct app *app);
unsigned conview_log(struct app *app, const char *path);
/* Scroll the shown console's view back (positive) or forward by lines. */
void conview_scroll(struct app *app, int lines);
/* Close every console (quitting). */
void conview_close_all(struct app *app);
/* Translate a key (view.h's encoding) into vt's: a VT_KEY_* in *key or a
 * character in *ch, with VT_MOD_* in *mods. Returns false for keys with
 * no meaning to a guest. */
bool conview_translate(int key, enum vt_key *vkey, uint32_t *ch,
    unsigned *mods);

#endif
