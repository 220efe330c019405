/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncview — a VM's graphical screen (VNC) drawn in the terminal.
 *
 * The view covers the screen: curses draws its status line; the picture
 * is written straight to the terminal after curses' update (cursor and
 * attributes saved and restored around it), only the cells that changed,
 * so a still screen writes nothing. Keys and the mouse go to the guest,
 * but those of its key table: the escape key opens a menu (Ctrl-Alt-Del,
 * Ctrl-Alt-Fn, typing text, zoom, drawing style, back to the lists); F12
 * goes back at once, F11 makes it a pane, F10 zooms.
 */
#ifndef VMDECK_UI_VNCVIEW_H
#define VMDECK_UI_VNCVIEW_H

struct app;

/* The "vnc" command: open the selected VM's screen as a view
 * (VIEW_FULLSCREEN, or VIEW_PANE under the lists; VIEW_GRABS_KEYS either
 * way). Its poll takes the session's news; its paint writes the
 * picture's changed cells after curses' update. Returns UI_* flags. */
unsigned vncview_open_selected(struct app *app);
/* The commands of its key table (each finds the open screen): its menu,
 * back to the lists, full screen or a pane, zoom. UI_* flags. */
unsigned vncview_menu_open(struct app *app);
unsigned vncview_close(struct app *app);
unsigned vncview_pane(struct app *app);
unsigned vncview_zoom(struct app *app);

#endif
