/*
 * view — the contract every screen of vmdeck fulfils.
 *
 * The app keeps a stack of views: the main view at the bottom, overlays
 * (help, log, details, confirmation) above it. The top view gets the keys;
 * every view draws, bottom first. Handlers change state and return what
 * follows as UI_* flags; only the app loop draws.
 */
#ifndef VMDECK_UI_VIEW_H
#define VMDECK_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

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

struct view_ops {
	const char *name;
	/* free the view's private state */
	void (*free)(struct view *v);
	/* draw onto stdscr from the store and the view's state */
	void (*draw)(struct view *v, struct app *app);
	/* handle one key; returns UI_* flags */
	unsigned (*key)(struct view *v, struct app *app, int key);
	/* the store changed (STORE_CHANGED_* flags); may be NULL */
	void (*update)(struct view *v, struct app *app, unsigned changed);
	/* covers the whole screen: the views below are not drawn */
	bool fullscreen;
};

struct view {
	const struct view_ops *ops;
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
/* The main view: hosts and VMs. */
struct view *view_main_new(void);

#endif
