/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * view — the contract every screen of vmdeck fulfils.
 *
 * The app keeps a stack of views: the main view at the bottom, the
 * serial consoles and the VNC screen, overlays (help, log, details,
 * confirmation) above. The top view gets the keys (a pane view passes on
 * those it leaves); every view draws, bottom first, from the topmost
 * full-screen one; the topmost pane view draws in the pane the main view
 * leaves under the lists. Handlers change state and return what follows
 * as UI_* flags; only the app loop draws, when a handler or a view's poll
 * asks, and sleeps until the earliest turn a view asked for.
 */
#ifndef VMDECK_UI_VIEW_H
#define VMDECK_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct view;

/* What a key handler asks of the loop. */
enum {
	UI_UNHANDLED = 0,
	UI_HANDLED = 1 << 0,
	UI_REDRAW = 1 << 1,
	UI_QUIT = 1 << 2,
	UI_CLOSE = 1 << 3,	/* pop this view */
};

/* A key: a character, or a curses key code marked with UI_KEYCODE. */
#define UI_KEYCODE 0x40000000
#define UI_KEY(code) (UI_KEYCODE | (code))

/* A rectangle of the screen. */
struct ui_area {
	int y, x, h, w;
};

/* What a view is now (struct view's flags; a view changes its own). */
enum {
	VIEW_FULLSCREEN = 1 << 0,	/* covers the screen: the views below
					 * are not drawn */
	VIEW_PANE = 1 << 1,		/* drawn in the app's pane under the
					 * lists; keys it leaves (UI_UNHANDLED)
					 * go to the view below */
	VIEW_GRABS_KEYS = 1 << 2,	/* every key is for it (a guest's):
					 * raw mode while it is on top */
};

struct view_ops {
	const char *name;
	/* free the view's private state */
	void (*free)(struct view *v);
	/* draw into area (the screen, or the pane) from the store and the
	 * view's state */
	void (*draw)(struct view *v, struct app *app, struct ui_area area);
	/* handle one key; returns UI_* flags */
	unsigned (*key)(struct view *v, struct app *app, int key);
	/* the store changed (STORE_CHANGED_* flags); may be NULL */
	void (*update)(struct view *v, struct app *app, unsigned changed);
	/* a turn of the loop at now (monotonic ms): take what came, return
	 * UI_* flags, and set *next to when it wants the next turn at the
	 * latest (left alone: no wish); may be NULL */
	unsigned (*poll)(struct view *v, struct app *app, int64_t now,
	    int64_t *next);
	/* after curses' update: write the terminal directly; may be NULL */
	void (*paint)(struct view *v, struct app *app);
	/* on top after drawing: place the terminal's cursor and return true,
	 * or false to hide it; may be NULL (hidden) */
	bool (*cursor)(struct view *v, struct app *app);
	/* the terminal changed size; may be NULL */
	void (*resize)(struct view *v, struct app *app);
};

struct view {
	const struct view_ops *ops;
	unsigned flags;			/* VIEW_* */
	void *priv;			/* owned by the view */
};

/* Overlays, pushed by the main view. Each returns a new view. */
struct view *view_help_new(void);
struct view *view_log_new(void);
/* The VM view: facts and graphs of the VM with uuid on host. */
struct view *view_vm_new(int host, const char *uuid);
/* A yes/no question; on yes, action is submitted for the VM. */
struct view *view_confirm_new(int host, const char *uuid, const char *name,
    int action, const char *question);
/* A yes/no question; on yes, yes(app, ctx) runs. ctx_free (may be NULL)
 * frees ctx when the overlay goes. */
struct view *view_confirm_fn_new(const char *question,
    void (*yes)(struct app *app, void *ctx), void *ctx,
    void (*ctx_free)(void *ctx));
/* Pick one of n labels (copied); pick(app, ctx, i) runs on the choice.
 * ctx_free (may be NULL) frees ctx when the overlay goes. */
struct view *view_choose_new(const char *title, const char *const *labels,
    size_t n, void (*pick)(struct app *app, void *ctx, size_t i), void *ctx,
    void (*ctx_free)(void *ctx));
/* A line of text: done(app, ctx, text) runs on Enter; Esc cancels.
 * ctx_free (may be NULL) frees ctx when the overlay goes. */
struct view *view_input_new(const char *title, const char *question,
    void (*done)(struct app *app, void *ctx, const char *text), void *ctx,
    void (*ctx_free)(void *ctx));
/* Start an input overlay's line at text, and take Enter only while
 * valid(line) holds, with the hint for each case (strings kept, not
 * copied). */
void view_input_check(struct view *v, const char *text,
    bool (*valid)(const char *), const char *hint_ok, const char *hint_bad);
/* Deleting a VM: y keeps its disks, s deletes the volumes at paths too
 * (copied); the question names the VM and each volume. */
struct view *view_confirm_delete_new(int host, const char *uuid,
    const char *name, const char *question, char *const *paths, size_t n);
/* Ask the clone's name, then clone the VM. */
struct view *view_clone_new(int host, const char *uuid, const char *name);
/* The edit form (e) for a VM from its persistent XML; NULL with *err when
 * the XML cannot be read. */
struct view *view_edit_new(int host, const char *uuid, const char *name,
    const char *xml, bool autostart, char **err);
/* A worker's question (core/prompt: yes/no, a line, a secret) about the
 * host shown as label; answered, or a no when the overlay goes. */
struct prompt;
struct view *view_prompt_new(struct prompt *p, const char *label);
/* The form that adds a host to the hosts file and connects it. */
struct view *view_add_host_new(void);
/* The create form (n) on the current host. */
struct view *view_create_new(struct app *app);
/* The snapshots view (S) of the VM uuid, called name, on host. */
struct view *view_snapshots_new(struct app *app, int host, const char *uuid,
    const char *name);
/* The storage view (P) of host: pools and their volumes. */
struct view *view_storage_new(struct app *app, int host);
/* The networks view (N) of host: networks and their DHCP leases. */
struct view *view_net_new(struct app *app, int host);
/* The results of an action on the marked VMs: a row per VM as each
 * host's worker gets through them (takes a reference to b). */
struct bulk;
struct view *view_bulk_new(struct bulk *b);
/* The migration view (m): the VMs uuids[0..n) of host src (one after
 * another) to host dst: options, checks, progress, abort, post-copy. */
struct view *view_migrate_new(struct app *app, int src, int dst,
    const char *const *uuids, size_t n);
/* The main view: hosts and VMs. */
struct view *view_main_new(void);
/* Its prompt line (v is the main view; otherwise nothing happens):
 * typing a filter, a command after ':', or neither. */
enum main_prompt { MAIN_PROMPT_NONE, MAIN_PROMPT_FILTER, MAIN_PROMPT_COMMAND };
void view_main_prompt(struct view *v, enum main_prompt p);
/* The rows a page move goes by: those shown, less one (at least 1). */
long view_main_page(const struct view *v);

#endif
