/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * app — the UI thread: owns the store, the hosts' handles, the view stack
 * and the loop that polls the terminal and the event queue.
 *
 * app_init starts one worker per URI; app_loop runs until the user quits,
 * restores the terminal and returns the exit status (ui.c puts it all
 * together). Nothing in it blocks on libvirt, and it knows no view by
 * name: views come through their ops, answers through reply ids.
 */
#ifndef VMDECK_UI_APP_H
#define VMDECK_UI_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/domain.h"
#include "../core/domlist.h"
#include "../config/config.h"
#include "../core/evq.h"
#include "../host/host.h"
#include "../host/store.h"
#include "../config/themefile.h"
#include "../stats/history.h"
#include "../stats/sampler.h"
#include "../util/diag.h"
#include "../util/graph.h"
#include "../util/uuidmap.h"
#include "term.h"
#include "view.h"

#define APP_MIN_ROWS 15
#define APP_MIN_COLS 60
#define APP_MAX_VIEWS 8
#define APP_FIGURES_DRAW_MS 250	/* figures alone redraw at most this often */

/* Per-host UI state: what is selected there. */
struct app_host {
	char sel_uuid[DOMAIN_UUID_LEN];	/* selection follows the VM */
	char *want_name;		/* select this VM when it is listed
					 * (one just made); owned */
	int sel_host;			/* all hosts' list: the VM's host */
	long sel_row;			/* last row, for when the VM goes */
	long top;			/* first row shown */
	struct uuidmap marks;		/* the host's marked VMs, by UUID
					 * (the all-hosts list keeps none) */
};

enum app_focus { APP_FOCUS_HOSTS, APP_FOCUS_DOMAINS };

struct app_reply;

struct app {
	struct store store;
	struct host **hosts;		/* one worker per store host */
	struct app_host *ui;		/* one per store host */
	struct evq *q;
	size_t cur;			/* host whose VMs are shown */
	enum app_focus focus;

	char filter[128];		/* the list's filter (core/filter's
					 * words); "" for all */
	char filter_said[128];		/* the bad filter last said so */
	char filter_err[192];		/* why it is bad, or "" */
	enum domlist_sort sort;
	int name_width;			/* the longest name of the rows (12 to
					 * 32 columns), found when they are */
	size_t *idx;			/* rows of the current host's list */
	size_t nidx;
	size_t idx_cap;
	bool all;			/* the VMs of every host in one list */
	struct app_host all_ui;		/* its selection */
	int *idx_host;			/* all: each row's host */
	struct domain_info *cat;	/* all: the rows to sort; shallow */
	int *cat_host;			/* all: cat's hosts and positions */
	size_t *cat_dom;
	size_t *order;			/* all: cat sorted */

	struct view *views[APP_MAX_VIEWS];
	int nviews;

	char *status;			/* status line; owned */
	bool status_error;
	int64_t status_ms;		/* when it was set */
	bool status_user;		/* an action's result (not a retry) */
	bool utf8;
	bool color;			/* colours on screen */
	struct config *cfg;		/* settings; the caller owns it */
	char *config_path;		/* where W writes; owned */
	struct theme_set themes;
	int theme;			/* index in themes */
	int escape_key;			/* leaves a console (issue: serial) */
	bool paused;			/* sampling paused (p) */
	enum history_level window;	/* graphs: 1 min, 10 min, 1 h */
	struct stats_batch batch;	/* swapped with the hosts' mailboxes */
	float *figures;			/* sort keys by figures, per domain */
	size_t figures_cap;
	int64_t *connected_ms;		/* per host: when it connected, or 0 */
	int64_t redraw_at;		/* a view's timed redraw (0: none) */
	bool raw;			/* keys go to a guest: raw mode */
	struct app_reply *replies;	/* requests waiting for their event */
	size_t nreplies;
	unsigned reply_ids;		/* the last reply id given */
	/* what else handles each type of event (ui.c: a worker's question
	 * opens its dialog) */
	void (*on_event[EVENT_TYPE_COUNT])(struct app *app,
	    const struct event *ev);
	/* the pane under the lists: the topmost VIEW_PANE view, drawn in
	 * the area the main view leaves for it (h 0: none) */
	struct {
		struct view *v;
		struct ui_area area;
	} pane;
	MEVENT mouse;			/* the last mouse event read */
	bool quit;
	bool abandoned;			/* a worker did not end: keep q */
};

/* Whether this terminal can run a full-screen program; *why if not. */
bool app_terminal_ok(char **why);
/* Set app up for uris (shown as labels[i] where labels and it are not
 * NULL; defs[i], where not NULL, the hosts file's entry, for vmdeck's own
 * SSH checks) with the settings in cfg (loaded from config_path), and
 * start one worker per URI. libvirt's event loop must run. */
void app_init(struct app *app, const char *const *uris,
    const char *const *labels, const struct hostdef *const *defs, size_t n,
    struct config *cfg, const char *config_path);
/* Take the terminal, show the settings' problems in d (logged) or a
 * greeting, and run until the user quits; then restore the terminal and
 * stop the workers. Returns the exit status. */
int app_loop(struct app *app, const struct diags *d);
/* Free what app_init and the loop left. */
void app_free(struct app *app);

/* A reply id for a request to a worker: the first event of type that
 * carries it runs fn(app, ev, ctx), once. While owner (a view, or NULL)
 * is open; its closing drops the wait. ctx_free (may be NULL) frees ctx
 * either way. */
typedef void app_reply_fn(struct app *app, const struct event *ev,
    void *ctx);
unsigned app_expect(struct app *app, enum event_type type,
    struct view *owner, app_reply_fn *fn, void *ctx,
    void (*ctx_free)(void *ctx));
/* Select the VM called name on host i once its list has it. */
void app_select_when_listed(struct app *app, size_t i, const char *name);
/* Close view v wherever it is on the stack (not the bottom one). */
void app_close(struct app *app, struct view *v);
/* Whether host i's figures are overdue (a host that stopped answering
 * mid-sample): connected, sampling, and no batch for 3 intervals. */
bool app_host_stale(struct app *app, size_t i);
/* "HH:MM:SS" of a wall-clock time into buf. Returns buf. */
char *app_clock(int64_t wall, char *buf, size_t len);
/* The graph style the settings and the terminal allow. */
enum graph_style app_graph_style(const struct app *app);
/* Pause or resume sampling on every host. */
void app_set_paused(struct app *app, bool paused);
/* Put theme i of app->themes on screen (monochrome without colour). */
void app_set_theme(struct app *app, int i);

/* Set the status line (copied) and add it to the message log; error
 * selects the error colour and the log's level. */
void app_status(struct app *app, bool error, const char *text);
/* With vmdeck -r: say on the status line that what (a command's or a
 * key's name) would change the host and is refused, and return true;
 * false, saying nothing, otherwise. */
bool app_refuse_readonly(struct app *app, const char *what);
/* The same without the log, for text already there (a worker's event,
 * which its host logged; the settings' problems). */
void app_status_shown(struct app *app, bool error, const char *text);
/* The same for news nobody asked for (a host's retry failing): it does
 * not cover an action's result younger than APP_STATUS_HOLD_MS, and
 * goes to the log and the hosts pane only then. */
#define APP_STATUS_HOLD_MS 10000
void app_status_background(struct app *app, bool error, const char *text);
/* Raw mode (^C, ^Z, ^S, ^Q as keys, no signals) while a guest has the
 * keyboard (the top view grabs keys: a focused serial console, the VNC
 * view), cbreak otherwise. */
void app_sync_keys(struct app *app);
/* Draw again ms from now at the latest (a view whose picture changes
 * with time alone). */
void app_redraw_in(struct app *app, int64_t ms);
/* Push a view (takes ownership). */
void app_push(struct app *app, struct view *v);
/* The view on top. */
struct view *app_top(const struct app *app);
/* The lowest view on the stack with these ops (a view finding its own
 * kind), or NULL. */
struct view *app_find_view(const struct app *app, const struct view_ops *ops);
/* The pane's area for the main view's layout: whether a pane view wants
 * room under the lists. */
bool app_pane_wanted(struct app *app);
/* Rebuild the current host's rows after a change of data, filter or sort,
 * keeping the selected VM selected. */
void app_reindex(struct app *app);
/* The selected VM of the current host, or NULL. */
const struct domain_info *app_selected(struct app *app);
/* The selection state of the list shown (a host's, or all hosts'). */
struct app_host *app_ui(struct app *app);
/* The host of row r of the list shown. */
size_t app_row_host(const struct app *app, long r);
/* Add a host for uri shown as label (def: its hosts-file entry, or
 * NULL), connect it, and select it. */
void app_add_host(struct app *app, const char *uri, const char *label,
    const struct hostdef *def);
/* Host i was removed from the hosts file: stop its worker and mark its
 * row. */
void app_remove_host(struct app *app, size_t i);
/* Show every host's VMs in one list, or the current host's only. */
void app_set_all(struct app *app, bool all);
/* Move the selection by delta rows (clamped) in the focused pane. */
void app_move(struct app *app, long delta);
/* Select row (clamped) of the current host's list. */
void app_select_row(struct app *app, long row);
/* Marks (Space, *, U): whether the VM uuid of host i is marked; mark
 * or unmark it; how many marked VMs the store still lists; unmark all. */
bool app_marked(const struct app *app, size_t i, const char *uuid);
void app_mark(struct app *app, size_t i, const char *uuid, bool on);
size_t app_marked_count(const struct app *app);
void app_unmark_all(struct app *app);
/* Select host i and show its VMs. */
void app_select_host(struct app *app, size_t i);

#endif
