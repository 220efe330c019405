/*
 * vncview — a VM's graphical screen (VNC) drawn in the terminal.
 *
 * The view covers the screen: curses draws its status line; the picture
 * is written straight to the terminal after curses' update (cursor and
 * attributes saved and restored around it), only the cells that changed,
 * so a still screen writes nothing. Keys and the mouse go to the guest;
 * the escape key opens a menu (Ctrl-Alt-Del, Ctrl-Alt-Fn, typing text,
 * zoom, drawing style, back to the lists); F12 goes back at once.
 */
#ifndef VMDECK_UI_VNCVIEW_H
#define VMDECK_UI_VNCVIEW_H

#include <stdbool.h>

struct app;

/* The "vnc" command: open the selected VM's screen. Returns UI_* flags. */
unsigned vncview_open_selected(struct app *app);
/* The loop's turn: take the session's news. Returns true when the screen
 * needs drawing. */
bool vncview_poll(struct app *app);
/* After curses' update: write the picture's changed cells. */
void vncview_paint(struct app *app);
/* The main view's pane of h x w at y, x: a frame whose inside the picture
 * is painted into. */
void vncview_draw_pane(struct app *app, int y, int x, int h, int w);

#endif
