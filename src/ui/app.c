/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "app.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

#include "../core/evloop.h"
#include "../core/filter.h"
#include "../create/vmspec.h"
#include "../util/msglog.h"
#include "../util/timeutil.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "draw.h"
#include "keymap.h"
#include "term.h"
#include "theme.h"

#define APP_QUIT_GRACE_MS 2000	/* how long quitting waits for workers */

static bool curses_on;
/* SIGWINCH writes here; the loop polls the other end. A signal between
 * two polls is never lost this way. */
static int winch_pipe[2] = { -1, -1 };

static void
app_on_winch(int sig)
{
	int saved = errno;
	char c = (char)sig;

	if (write(winch_pipe[1], &c, 1) < 0)
		errno = saved;	/* a full pipe already says "resized" */
	errno = saved;
}

/* Install the SIGWINCH handler before initscr, so curses keeps ours. */
static void
app_winch_init(void)
{
	struct sigaction sa;

	if (pipe2(winch_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		fatal("cannot create a pipe: %s", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = app_on_winch;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
}

/* The terminal was resized: tell curses the new size. */
static void
app_winch_apply(void)
{
	struct winsize ws;
	char buf[64];

	while (read(winch_pipe[0], buf, sizeof buf) > 0)
		;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
}

static void
app_end_curses(void)
{
	if (curses_on) {
		endwin();
		curses_on = false;
	}
}

void
app_status(struct app *app, bool error, const char *text)
{
	msglog_add(error ? MSGLOG_ERROR : MSGLOG_INFO, "%s", text);
	app_status_shown(app, error, text);
}

bool
app_refuse_readonly(struct app *app, const char *what)
{
	char *msg;

	if (!host_readonly())
		return false;
	msg = xasprintf("Read-only (vmdeck -r): %s is refused, it would "
	    "change the host.", what);
	app_status(app, true, msg);
	free(msg);
	return true;
}

void
app_status_shown(struct app *app, bool error, const char *text)
{
	free(app->status);
	app->status = xstrdup(text);
	app->status_error = error;
	app->status_ms = time_mono_ms();
	app->status_user = true;
}

void
app_status_background(struct app *app, bool error, const char *text)
{
	if (app->status_user &&
	    time_mono_ms() - app->status_ms < APP_STATUS_HOLD_MS)
		return;
	app_status_shown(app, error, text);
	app->status_user = false;
}

void
app_push(struct app *app, struct view *v)
{
	if (app->nviews == APP_MAX_VIEWS) {
		v->ops->free(v);
		return;
	}
	app->views[app->nviews++] = v;
}

/* --- replies ------------------------------------------------------------- */

struct app_reply {
	unsigned id;
	enum event_type type;
	struct view *owner;		/* or NULL */
	app_reply_fn *fn;
	void *ctx;
	void (*ctx_free)(void *ctx);
};

unsigned
app_expect(struct app *app, enum event_type type, struct view *owner,
    app_reply_fn *fn, void *ctx, void (*ctx_free)(void *ctx))
{
	struct app_reply *r;

	app->replies = xreallocarray(app->replies, app->nreplies + 1,
	    sizeof *app->replies);
	r = &app->replies[app->nreplies++];
	/* never 0, which means "nobody waits" */
	if (++app->reply_ids == 0)
		app->reply_ids = 1;
	*r = (struct app_reply){ app->reply_ids, type, owner, fn, ctx,
	    ctx_free };
	return r->id;
}

static void
app_drop_reply(struct app *app, size_t i)
{
	struct app_reply r = app->replies[i];

	memmove(&app->replies[i], &app->replies[i + 1],
	    (app->nreplies - i - 1) * sizeof r);
	app->nreplies--;
	if (r.ctx_free != NULL)
		r.ctx_free(r.ctx);
}

/* The event answers a request: hand it to the requester, once. */
static void
app_answer(struct app *app, const struct event *ev)
{
	for (size_t i = 0; i < app->nreplies; i++) {
		struct app_reply r = app->replies[i];

		if (r.id != ev->reply || r.type != ev->type)
			continue;
		/* off the list first: the callback may ask again */
		memmove(&app->replies[i], &app->replies[i + 1],
		    (app->nreplies - i - 1) * sizeof r);
		app->nreplies--;
		r.fn(app, ev, r.ctx);
		if (r.ctx_free != NULL)
			r.ctx_free(r.ctx);
		return;
	}
}

/* v closes: nobody waits for it any more. */
static void
app_forget_view(struct app *app, struct view *v)
{
	for (size_t i = app->nreplies; i-- > 0;)
		if (app->replies[i].owner == v)
			app_drop_reply(app, i);
}

void
app_close(struct app *app, struct view *v)
{
	for (int i = app->nviews - 1; i >= 1; i--)
		if (app->views[i] == v) {
			memmove(&app->views[i], &app->views[i + 1],
			    (size_t)(app->nviews - i - 1) * sizeof v);
			app->nviews--;
			app_forget_view(app, v);
			v->ops->free(v);
			return;
		}
}

void
app_select_when_listed(struct app *app, size_t i, const char *name)
{
	if (i >= app->store.nhosts)
		return;
	free(app->ui[i].want_name);
	app->ui[i].want_name = xstrdup(name);
}

/* Select each VM waited for once its host lists it. */
static void
app_select_wanted(struct app *app)
{
	for (size_t i = 0; i < app->store.nhosts; i++) {
		struct app_host *ui = &app->ui[i];
		const struct domain_info *d;

		if (ui->want_name == NULL)
			continue;
		d = store_find_name(&app->store.hosts[i], ui->want_name);
		if (d == NULL)
			continue;
		snprintf(ui->sel_uuid, DOMAIN_UUID_LEN, "%s", d->uuid);
		free(ui->want_name);
		ui->want_name = NULL;
		if (i == app->cur)
			app_reindex(app);
	}
}

struct app_host *
app_ui(struct app *app)
{
	return app->all ? &app->all_ui : &app->ui[app->cur];
}

size_t
app_row_host(const struct app *app, long r)
{
	return app->all && r >= 0 && (size_t)r < app->nidx ?
	    (size_t)app->idx_host[r] : app->cur;
}

const struct domain_info *
app_selected(struct app *app)
{
	struct app_host *ui = app_ui(app);

	if (app->nidx == 0 || ui->sel_row < 0 || (size_t)ui->sel_row >= app->nidx)
		return NULL;
	return &app->store.hosts[app_row_host(app, ui->sel_row)]
	    .doms[app->idx[ui->sel_row]];
}

void
app_select_row(struct app *app, long row)
{
	struct app_host *ui = app_ui(app);

	if (app->nidx == 0) {
		ui->sel_row = 0;
		ui->sel_uuid[0] = '\0';
		return;
	}
	if (row < 0)
		row = 0;
	if ((size_t)row >= app->nidx)
		row = (long)app->nidx - 1;
	ui->sel_row = row;
	/* in the all hosts' list, actions go to the selected VM's host */
	if (app->all) {
		ui->sel_host = app->idx_host[row];
		app->cur = (size_t)ui->sel_host;
	}
	memcpy(ui->sel_uuid, app->store.hosts[app_row_host(app, row)]
	    .doms[app->idx[row]].uuid, DOMAIN_UUID_LEN);
}

/* The figure a VM sorts by: CPU, memory used, disk or network rate. */
static float
app_figure_key(struct store_host *h, const struct domain_info *d,
    enum domlist_sort key)
{
	const struct vmstat *st = vmstats_find(&h->stats, d->uuid);
	bool on = domain_state_is_active(d->state);

	if (st == NULL)
		return NAN;
	switch (key) {
	case DOMLIST_SORT_CPU:
		return vmstats_figure(st, STATS_CPU, on);
	case DOMLIST_SORT_MEMORY:
		return vmstats_figure(st, STATS_MEM_USED, on);
	case DOMLIST_SORT_DISK:
		return stats_sum(vmstats_figure(st, STATS_DISK_RD, on),
		    vmstats_figure(st, STATS_DISK_WR, on));
	case DOMLIST_SORT_NET:
		return stats_sum(vmstats_figure(st, STATS_NET_RX, on),
		    vmstats_figure(st, STATS_NET_TX, on));
	default:
		return NAN;
	}
}

bool
app_host_stale(struct app *app, size_t i)
{
	const struct store_host *h = &app->store.hosts[i];
	int64_t overdue = (int64_t)(app->cfg->interval * 3000) + 1000;

	if (app->paused || h->state != HOST_STATE_CONNECTED ||
	    app->cfg->interval <= 0)
		return false;
	/* since the last batch, or since connecting when none came yet */
	int64_t since = h->stats.last_ms ? h->stats.last_ms : app->connected_ms[i];
	return since != 0 && time_mono_ms() - since > overdue;
}

char *
app_clock(int64_t wall, char *buf, size_t len)
{
	time_t t = (time_t)wall;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
	return buf;
}

enum graph_style
app_graph_style(const struct app *app)
{
	if (!app->utf8)
		return GRAPH_ASCII;
	switch (app->cfg->graph) {
	case CONFIG_GRAPH_BLOCK: return GRAPH_BLOCK;
	case CONFIG_GRAPH_ASCII: return GRAPH_ASCII;
	default: return GRAPH_BRAILLE;
	}
}

void
app_set_paused(struct app *app, bool paused)
{
	app->paused = paused;
	for (size_t i = 0; i < app->store.nhosts; i++)
		host_set_sampling(app->hosts[i], !paused);
	char key[32], *msg = xasprintf("Sampling paused; %s resumes.",
	    keymap_key_for(CMD_LIST, "sampling", key, sizeof key));

	app_status(app, false, paused ? msg : "Sampling resumed.");
	free(msg);
}

/* Take every host's newest figures. Returns whether any arrived. */
static bool
app_take_stats(struct app *app)
{
	bool any = false;

	for (size_t i = 0; i < app->store.nhosts; i++) {
		if (!host_take_stats(app->hosts[i], &app->batch))
			continue;
		store_apply_stats(&app->store, i, &app->batch, time_wall());
		any = true;
		if ((app->all || i == app->cur) &&
		    domlist_sort_uses_figures(app->sort))
			app_reindex(app);
	}
	return any;
}

/* Room for n rows in every array the lists use. */
static void
app_reserve(struct app *app, size_t n)
{
	if (n <= app->idx_cap)
		return;
	app->idx_cap = n;
	app->idx = xreallocarray(app->idx, n, sizeof *app->idx);
	app->idx_host = xreallocarray(app->idx_host, n, sizeof *app->idx_host);
	app->cat = xreallocarray(app->cat, n, sizeof *app->cat);
	app->cat_host = xreallocarray(app->cat_host, n, sizeof *app->cat_host);
	app->cat_dom = xreallocarray(app->cat_dom, n, sizeof *app->cat_dom);
	app->order = xreallocarray(app->order, n, sizeof *app->order);
}

static void
app_figures_reserve(struct app *app, size_t n)
{
	if (app->figures_cap < n) {
		app->figures_cap = n;
		app->figures = xreallocarray(app->figures, n,
		    sizeof *app->figures);
	}
}

/* Sort by host: app->order (by name) regrouped, stably, by the hosts'
 * labels. */
static void
app_group_by_host(struct app *app)
{
	size_t nh = app->store.nhosts, *start = xcalloc(nh + 1, sizeof *start);
	size_t *rank = xcalloc(nh ? nh : 1, sizeof *rank);
	size_t *out = xcalloc(app->nidx ? app->nidx : 1, sizeof *out);

	/* a host's rank: how many labels sort before it (ties by position) */
	for (size_t i = 0; i < nh; i++)
		for (size_t k = 0; k < nh; k++) {
			int c = strcmp(app->store.hosts[k].label,
			    app->store.hosts[i].label);

			if (c < 0 || (c == 0 && k < i))
				rank[i]++;
		}
	for (size_t r = 0; r < app->nidx; r++)
		start[rank[app->cat_host[app->order[r]]] + 1]++;
	for (size_t i = 0; i < nh; i++)
		start[i + 1] += start[i];
	for (size_t r = 0; r < app->nidx; r++)
		out[start[rank[app->cat_host[app->order[r]]]]++] = app->order[r];
	memcpy(app->order, out, app->nidx * sizeof *out);
	free(out);
	free(rank);
	free(start);
}

/* The list's filter parsed into f. A bad one matches nothing and is said
 * once (false). Tags or addresses it asks about are read from now on,
 * every host's list read again for them. */
static bool
app_filter(struct app *app, struct filter *f)
{
	char *err = NULL;

	if (filter_parse(app->filter, f, &err) < 0) {
		snprintf(app->filter_err, sizeof app->filter_err, "%s", err);
		if (strcmp(app->filter_said, app->filter) != 0) {
			app_status(app, true, err);
			snprintf(app->filter_said, sizeof app->filter_said, "%s",
			    app->filter);
		}
		free(err);
		return false;
	}
	app->filter_said[0] = '\0';
	app->filter_err[0] = '\0';
	if ((f->wants_tags && !domain_reads_tags()) ||
	    (f->wants_ip && !domain_reads_ip())) {
		if (f->wants_tags)
			domain_set_read_tags(true);
		if (f->wants_ip)
			domain_set_read_ip(true);
		for (size_t i = 0; i < app->store.nhosts; i++)
			host_submit_refresh(app->hosts[i]);
	}
	return true;
}

/* The Name column as wide as the longest name listed, 12 to 32
 * columns: found once per new set of rows, not on every draw (hundreds
 * of hosts' figures redraw often). */
static void
app_name_width(struct app *app)
{
	int w = 12;

	for (size_t r = 0; r < app->nidx && w < 32; r++) {
		const struct domain_info *d = &app->store.hosts[app_row_host(app,
		    (long)r)].doms[app->idx[r]];
		int nw = fmt_width(d->name);

		if (nw > w)
			w = nw > 32 ? 32 : nw;
	}
	app->name_width = w;
}

/* Every host's VMs in one list: each host's filtered (a word may match
 * the VM's or the host's name), then sorted together. */
static void
app_reindex_all(struct app *app)
{
	struct app_host *ui = &app->all_ui;
	bool figures = domlist_sort_uses_figures(app->sort);
	size_t total = 0, m = 0;
	long pos = -1;

	for (size_t i = 0; i < app->store.nhosts; i++)
		total += app->store.hosts[i].ndoms;
	app_reserve(app, total ? total : 1);
	if (figures)
		app_figures_reserve(app, app->idx_cap);
	struct filter f;
	bool good = app_filter(app, &f);

	f.words_match_host = true;
	for (size_t i = 0; i < app->store.nhosts && good; i++) {
		struct store_host *h = &app->store.hosts[i];

		for (size_t k = 0; k < h->ndoms; k++) {
			if (!filter_match(&f, &h->doms[k], h->label))
				continue;
			app->cat[m] = h->doms[k];
			app->cat_host[m] = (int)i;
			app->cat_dom[m] = k;
			if (figures)
				app->figures[m] = app_figure_key(h, &h->doms[k],
				    app->sort);
			m++;
		}
	}
	filter_clear(&f);
	app->nidx = domlist_view(app->cat, m, NULL, NULL, app->sort,
	    figures ? app->figures : NULL, app->order);
	if (app->sort == DOMLIST_SORT_HOST)
		app_group_by_host(app);
	for (size_t r = 0; r < app->nidx; r++) {
		app->idx[r] = app->cat_dom[app->order[r]];
		app->idx_host[r] = app->cat_host[app->order[r]];
		if (app->idx_host[r] == ui->sel_host &&
		    strcmp(app->cat[app->order[r]].uuid, ui->sel_uuid) == 0)
			pos = (long)r;
	}
	app_name_width(app);
	app_select_row(app, pos >= 0 ? pos : ui->sel_row);
}

void
app_reindex(struct app *app)
{
	struct store_host *h = &app->store.hosts[app->cur];
	struct app_host *ui = &app->ui[app->cur];
	long pos;

	if (app->all) {
		app_reindex_all(app);
		return;
	}
	app_reserve(app, h->ndoms);
	if (domlist_sort_uses_figures(app->sort)) {
		app_figures_reserve(app, app->idx_cap);
		for (size_t i = 0; i < h->ndoms; i++)
			app->figures[i] = app_figure_key(h, &h->doms[i],
			    app->sort);
	}
	struct filter f;

	app->nidx = app_filter(app, &f) ? domlist_view(h->doms, h->ndoms, &f,
	    h->label, app->sort, app->figures, app->idx) : 0;
	filter_clear(&f);
	app_name_width(app);
	pos = domlist_find(h->doms, app->idx, app->nidx, ui->sel_uuid);
	/* the VM left (or was filtered out): stay on the same row */
	app_select_row(app, pos >= 0 ? pos : ui->sel_row);
}

bool
app_marked(const struct app *app, size_t i, const char *uuid)
{
	return i < app->store.nhosts && app->ui[i].marks.n > 0 &&
	    uuidmap_get(&app->ui[i].marks, uuid) != NULL;
}

void
app_mark(struct app *app, size_t i, const char *uuid, bool on)
{
	static char yes;

	if (i >= app->store.nhosts)
		return;
	if (on)
		uuidmap_put(&app->ui[i].marks, uuid, &yes);
	else
		uuidmap_del(&app->ui[i].marks, uuid);
}

size_t
app_marked_count(const struct app *app)
{
	size_t n = 0;

	for (size_t i = 0; i < app->store.nhosts; i++) {
		const struct store_host *h = &app->store.hosts[i];

		if (app->ui[i].marks.n == 0)
			continue;
		/* a VM gone from its host no longer counts */
		for (size_t k = 0; k < h->ndoms; k++)
			n += uuidmap_get(&app->ui[i].marks, h->doms[k].uuid) !=
			    NULL;
	}
	return n;
}

void
app_unmark_all(struct app *app)
{
	for (size_t i = 0; i < app->store.nhosts; i++)
		uuidmap_clear(&app->ui[i].marks);
}

struct view *
app_find_view(const struct app *app, const struct view_ops *ops)
{
	for (int i = 0; i < app->nviews; i++)
		if (app->views[i]->ops == ops)
			return app->views[i];
	return NULL;
}

struct view *
app_top(const struct app *app)
{
	return app->nviews > 0 ? app->views[app->nviews - 1] : NULL;
}

void
app_sync_keys(struct app *app)
{
	bool want = app->nviews > 0 &&
	    (app_top(app)->flags & VIEW_GRABS_KEYS) != 0;

	if (want == app->raw)
		return;
	app->raw = want;
	if (want)
		raw();
	else {
		noraw();
		cbreak();
	}
}

void
app_redraw_in(struct app *app, int64_t ms)
{
	int64_t at = time_mono_ms() + ms;

	if (app->redraw_at == 0 || at < app->redraw_at)
		app->redraw_at = at;
}

void
app_add_host(struct app *app, const char *uri, const char *label,
    const struct hostdef *def)
{
	size_t i = store_add(&app->store, uri, label,
	    config_coarse_points(app->cfg));
	size_t n = app->store.nhosts;

	app->hosts = xreallocarray(app->hosts, n, sizeof *app->hosts);
	app->ui = xreallocarray(app->ui, n, sizeof *app->ui);
	app->connected_ms = xreallocarray(app->connected_ms, n,
	    sizeof *app->connected_ms);
	memset(&app->ui[i], 0, sizeof app->ui[i]);
	app->connected_ms[i] = 0;
	app->hosts[i] = host_new((int)i, uri, app->q);
	host_set_offer_setup(app->hosts[i], true);
	host_set_ssh(app->hosts[i], def);
	if (def != NULL)
		host_set_accel(app->hosts[i], def->accel);
	host_set_interval(app->hosts[i], (int64_t)(app->cfg->interval * 1000));
	host_set_sampling(app->hosts[i], !app->paused);
	host_start(app->hosts[i]);
	app_select_host(app, i);
}

void
app_remove_host(struct app *app, size_t i)
{
	struct store_host *h = &app->store.hosts[i];
	char *label = xasprintf("%s (removed)", h->label);

	/* the row stays (indices do not move) until vmdeck restarts */
	host_stop(app->hosts[i]);
	store_set_label(&app->store, i, label);
	free(label);
	h->state = HOST_STATE_DISCONNECTED;
	h->retry_at = 0;
	free(h->reason);
	h->reason = xstrdup("removed from the hosts file");
}

void
app_set_all(struct app *app, bool all)
{
	const struct domain_info *d = app_selected(app);

	if (all && !app->all) {
		/* keep the selected VM selected */
		app->all_ui.sel_host = (int)app->cur;
		snprintf(app->all_ui.sel_uuid, DOMAIN_UUID_LEN, "%s",
		    d ? d->uuid : "");
	}
	app->all = all;
	app_reindex(app);
}

void
app_select_host(struct app *app, size_t i)
{
	if (i >= app->store.nhosts)
		return;
	app->cur = i;
	app->all = false;	/* a host chosen: its own list */
	app_reindex(app);
}

void
app_move(struct app *app, long delta)
{
	if (app->focus == APP_FOCUS_HOSTS) {
		long i = (long)app->cur + delta;

		if (i < 0)
			i = 0;
		if ((size_t)i >= app->store.nhosts)
			i = (long)app->store.nhosts - 1;
		app_select_host(app, (size_t)i);
		return;
	}
	app_select_row(app, app_ui(app)->sel_row + delta);
}

/* --- drawing ------------------------------------------------------------ */

/* The topmost pane view, which the pane shows. */
static struct view *
app_pane_view(const struct app *app)
{
	for (int i = app->nviews - 1; i > 0; i--)
		if (app->views[i]->flags & VIEW_PANE)
			return app->views[i];
	return NULL;
}

bool
app_pane_wanted(struct app *app)
{
	return app_pane_view(app) != NULL;
}

static void
app_draw(struct app *app)
{
	int rows, cols, first = 0;
	struct ui_area screen = { 0, 0, 0, 0 };
	struct view *top = app_top(app);

	getmaxyx(stdscr, rows, cols);
	screen.h = rows;
	screen.w = cols;
	erase();
	if (rows < APP_MIN_ROWS || cols < APP_MIN_COLS) {
		char msg[80];

		snprintf(msg, sizeof msg, "terminal too small (%dx%d, need %dx%d)",
		    cols, rows, APP_MIN_COLS, APP_MIN_ROWS);
		draw_text(rows / 2, 0, cols, A_BOLD, msg, false);
		first = app->nviews;
	}
	/* a view that covers the screen hides those below it */
	for (int i = app->nviews - 1; i > 0 && first == 0; i--)
		if (app->views[i]->flags & VIEW_FULLSCREEN)
			first = i;
	app->pane.v = app_pane_view(app);
	app->pane.area.h = 0;
	for (int i = first; i < app->nviews; i++) {
		struct view *v = app->views[i];

		if (!(v->flags & VIEW_PANE))
			v->ops->draw(v, app, screen);
		/* in the pane the main view left (none when it is hidden) */
		else if (v == app->pane.v && first == 0 && app->pane.area.h > 0)
			v->ops->draw(v, app, app->pane.area);
	}
	if (top != NULL && first < app->nviews && top->ops->cursor != NULL &&
	    top->ops->cursor(top, app))
		curs_set(1);
	else
		curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
	for (int i = first; i < app->nviews; i++)
		if (app->views[i]->ops->paint != NULL)
			app->views[i]->ops->paint(app->views[i], app);
}

/* Every view's turn: what came for it, and when it next wants one (at
 * the latest; *next is lowered, never raised). Returns UI_* flags. */
static unsigned
app_poll_views(struct app *app, int64_t now, int64_t *next)
{
	unsigned r = 0;

	/* by index: a view's poll may push another (a question) */
	for (int i = 0; i < app->nviews; i++) {
		struct view *v = app->views[i];
		int64_t want = 0;

		if (v->ops->poll == NULL)
			continue;
		r |= v->ops->poll(v, app, now, &want);
		if (want > 0 && (*next == 0 || want < *next))
			*next = want;
	}
	return r;
}

/* --- events ------------------------------------------------------------- */

static void
app_on_host_state(struct app *app, const struct event *ev)
{
	if (ev->host < 0 || (size_t)ev->host >= app->store.nhosts)
		return;
	app->connected_ms[ev->host] = ev->state == HOST_STATE_CONNECTED ?
	    time_mono_ms() : 0;
	if (ev->state == HOST_STATE_DISCONNECTED &&
	    app->store.hosts[ev->host].reason != NULL)
		app_status_background(app, true,
		    app->store.hosts[ev->host].reason);
}

/* A result's text; the worker logged it with its host's URI. */
static void
app_on_text(struct app *app, const struct event *ev)
{
	if (ev->text != NULL)
		app_status_shown(app, ev->error != 0, ev->text);
}

/* An XML read that failed (the worker logged why). */
static void
app_on_xml(struct app *app, const struct event *ev)
{
	if (ev->error)
		app_on_text(app, ev);
}

/* What every event of a type does here, before its requester's reply. */
static const struct {
	enum event_type type;
	void (*fn)(struct app *app, const struct event *ev);
} event_table[] = {
	{ EVENT_HOST_STATE, app_on_host_state },
	{ EVENT_MESSAGE, app_on_text },
	{ EVENT_CREATED, app_on_text },
	{ EVENT_DEFINED, app_on_text },
	{ EVENT_PROGRESS, app_on_text },
	{ EVENT_XML, app_on_xml },
};

/* Apply every queued event. Returns whether there was any (a wake-up
 * can be figures alone). */
static bool
app_apply_events(struct app *app)
{
	struct event *list = evq_drain(app->q);
	bool any = list != NULL;
	unsigned cur_changed = 0;

	while (list != NULL) {
		struct event *ev = list;
		unsigned changed;

		list = ev->next;
		changed = store_apply(&app->store, ev);
		if (changed & STORE_CHANGED_RECONNECTED) {
			char *msg = xasprintf("Reconnected to %s.",
			    app->store.hosts[ev->host].uri);

			app_status(app, false, msg);
			free(msg);
		}
		for (size_t i = 0; i < sizeof event_table /
		    sizeof event_table[0]; i++)
			if (event_table[i].type == ev->type)
				event_table[i].fn(app, ev);
		if ((unsigned)ev->type < EVENT_TYPE_COUNT &&
		    app->on_event[ev->type] != NULL)
			app->on_event[ev->type](app, ev);
		if (ev->reply != 0)
			app_answer(app, ev);
		if (app->all || (size_t)ev->host == app->cur)
			cur_changed |= changed;
		for (int i = 0; i < app->nviews; i++)
			if (app->views[i]->ops->update != NULL)
				app->views[i]->ops->update(app->views[i], app,
				    changed);
		event_free(ev);
	}
	if (cur_changed & STORE_CHANGED_DOMAINS)
		app_reindex(app);
	app_select_wanted(app);
	return any;
}

/* --- keys --------------------------------------------------------------- */

/* Returns UI_* flags. */
static unsigned
app_key(struct app *app, int key)
{
	unsigned r = UI_UNHANDLED;

	/* the top view first; a pane view passes on what it leaves */
	for (int i = app->nviews - 1; i >= 0; i--) {
		struct view *v = app->views[i];

		bool pane = (v->flags & VIEW_PANE) != 0;

		r = v->ops->key(v, app, key);
		if (r & UI_CLOSE)
			app_close(app, v);
		if (r != UI_UNHANDLED || !pane)
			break;
	}
	return r;
}

/* The terminal changed size: tell every view. */
static void
app_resize(struct app *app)
{
	for (int i = 0; i < app->nviews; i++)
		if (app->views[i]->ops->resize != NULL)
			app->views[i]->ops->resize(app->views[i], app);
}

/* Read every key waiting; returns UI_* flags, ORed. */
static unsigned
app_read_keys(struct app *app)
{
	unsigned r = 0;
	wint_t wch;
	int rc;

	while ((rc = wget_wch(stdscr, &wch)) != ERR) {
		int key = rc == KEY_CODE_YES ? UI_KEY((int)wch) : (int)wch;

		if (key == '\n')
			key = '\r';
		if (key == UI_KEY(KEY_RESIZE)) {
			app_resize(app);
			r |= UI_REDRAW;
			continue;
		}
		/* the mouse is read once, for whichever view takes it */
		if (key == UI_KEY(KEY_MOUSE) && getmouse(&app->mouse) != OK)
			continue;
		/* keys for a guest redraw when it echoes; others at once */
		bool typing = (app_top(app)->flags & VIEW_GRABS_KEYS) != 0;
		r |= app_key(app, key) | (typing ? 0 : UI_REDRAW);
		if (r & UI_QUIT)
			break;
	}
	return r;
}

/* --- the terminal ------------------------------------------------------- */

bool
app_terminal_ok(char **why)
{
	const char *term = getenv("TERM");
	int err = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*why = xstrdup("the full-screen view needs a terminal; for "
		    "scripts use 'vmdeck list'");
		return false;
	}
	if (term == NULL || *term == '\0') {
		*why = xstrdup("TERM is not set; set it to your terminal's "
		    "type (for example xterm-256color)");
		return false;
	}
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		*why = err == 0 ?
		    xasprintf("unknown terminal type '%s' (TERM); set TERM to "
		    "one in the terminfo database", term) :
		    xstrdup("the terminfo database was not found");
		return false;
	}
	const char *cup = tigetstr("cup");
	bool ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	if (!ok) {
		*why = xasprintf("terminal '%s' cannot move the cursor, which "
		    "the full-screen view needs; use 'vmdeck list' or set "
		    "TERM", term);
		return false;
	}
	return true;
}

void
app_set_theme(struct app *app, int i)
{
	const struct theme *t;
	char *msg;

	if (i < 0 || (size_t)i >= app->themes.n)
		return;
	app->theme = i;
	t = &app->themes.themes[i];
	if (app->color) {
		theme_apply(t, true);
		msg = xasprintf("Theme %s%s%s.", t->name,
		    t->description ? ": " : "",
		    t->description ? t->description : "");
	} else {
		int mono = theme_set_find(&app->themes, "monochrome");

		theme_apply(&app->themes.themes[mono >= 0 ? mono : i], false);
		msg = xasprintf("Theme %s chosen; this terminal shows no "
		    "colours (or NO_COLOR is set), so it looks monochrome.",
		    t->name);
	}
	app_status(app, false, msg);
	free(msg);
}

static void
app_init_curses(struct app *app)
{
	const char *nc = getenv("NO_COLOR");

	initscr();
	curses_on = true;
	fatal_set_hook(app_end_curses);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	app->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	draw_init(app->utf8);
	app->color = theme_colour_possible(nc == NULL || *nc == '\0');
}


void
app_init(struct app *app, const char *const *uris, const char *const *labels,
    const struct hostdef *const *defs, size_t n, struct config *cfg,
    const char *config_path)
{
	memset(app, 0, sizeof *app);
	app->cfg = cfg;
	app->config_path = xstrdup(config_path);
	app->sort = cfg->sort;
	app->q = evq_new();
	store_init(&app->store, uris, n, config_coarse_points(cfg));
	for (size_t i = 0; labels != NULL && i < n; i++)
		store_set_label(&app->store, i, labels[i]);
	app->connected_ms = xcalloc(n, sizeof *app->connected_ms);
	app->hosts = xcalloc(n, sizeof *app->hosts);
	app->ui = xcalloc(n, sizeof *app->ui);
	app->focus = APP_FOCUS_DOMAINS;
	for (size_t i = 0; i < n; i++) {
		app->hosts[i] = host_new((int)i, uris[i], app->q);
		host_set_offer_setup(app->hosts[i], true);
		host_set_ssh(app->hosts[i], defs ? defs[i] : NULL);
		if (defs != NULL && defs[i] != NULL)
			host_set_accel(app->hosts[i], defs[i]->accel);
		host_set_interval(app->hosts[i], (int64_t)(cfg->interval * 1000));
		host_start(app->hosts[i]);
	}
}

int
app_loop(struct app *app, const struct diags *d)
{
	struct pollfd pfd[3];
	int status = 0;
	char key[32];

	app_winch_init();
	app_init_curses(app);
	app_set_theme(app, app->theme);
	for (size_t i = 0; i < d->n; i++)
		msglog_add(MSGLOG_WARN, "%s", d->msgs[i]);
	if (d->n > 0) {
		char *msg = xasprintf("%s%s (press %s for the log).",
		    d->msgs[0], d->n > 1 ? " and more problems in the settings" :
		    "", keymap_key_for(CMD_LIST, "log", key, sizeof key));

		app_status_shown(app, true, msg);	/* each logged above */
		free(msg);
	} else {
		char *msg = xasprintf("Press %s for help.",
		    keymap_key_for(CMD_LIST, "help", key, sizeof key));

		app_status_shown(app, false, msg);
		free(msg);
	}

	pfd[0].fd = STDIN_FILENO;
	pfd[0].events = POLLIN;
	pfd[1].fd = evq_fd(app->q);
	pfd[1].events = POLLIN;
	pfd[2].fd = winch_pipe[0];
	pfd[2].events = POLLIN;
	bool dirty = true;
	int64_t next = 0;		/* the earliest turn a view asked for */
	int64_t last_draw = 0;
	while (!app->quit) {
		unsigned r = 0;
		int64_t now, until;
		int wait;

		if (dirty) {
			app_draw(app);
			dirty = false;
			last_draw = time_mono_ms();
		}
		/* sleep until a key, an event, a resize or the earliest turn
		 * a view (or a timed redraw) asked for */
		now = time_mono_ms();
		until = next;
		if (app->redraw_at > 0 && (until == 0 || app->redraw_at < until))
			until = app->redraw_at;
		wait = until == 0 ? -1 : until <= now ? 0 :
		    until - now > INT32_MAX ? INT32_MAX : (int)(until - now);
		int rc = poll(pfd, 3, wait);
		if (app->redraw_at > 0 && time_mono_ms() >= app->redraw_at) {
			app->redraw_at = 0;
			dirty = true;
		}
		if (rc < 0) {
			if (errno != EINTR)
				fatal("poll failed: %s", strerror(errno));
			continue;
		}
		if (pfd[2].revents & POLLIN) {
			app_winch_apply();
			app_resize(app);
			dirty = true;
		}
		if (pfd[1].revents & POLLIN) {
			bool events = app_apply_events(app);
			bool figures = app_take_stats(app);

			/* views that wait on a worker's answer look now */
			for (int i = 0; i < app->nviews; i++)
				if (app->views[i]->ops->update != NULL)
					app->views[i]->ops->update(app->views[i],
					    app, STORE_CHANGED_TICK);
			/* events (or a view's answer) draw at once; figures
			 * alone, which hundreds of hosts send at their own
			 * moments, at most every APP_FIGURES_DRAW_MS */
			if (events || !figures)
				dirty = true;
			else if (app->redraw_at == 0 || app->redraw_at >
			    last_draw + APP_FIGURES_DRAW_MS)
				app->redraw_at = last_draw + APP_FIGURES_DRAW_MS;
		}
		next = 0;
		r |= app_poll_views(app, time_mono_ms(), &next);
		app_sync_keys(app);
		r |= app_read_keys(app);
		app_sync_keys(app);
		if (pfd[0].revents & (POLLHUP | POLLERR))
			r |= UI_QUIT;
		if (r & UI_REDRAW)
			dirty = true;
		if (r & UI_QUIT)
			app->quit = true;
	}

	/* the views go first: consoles and screens close their streams
	 * while their hosts still run */
	while (app->nviews > 0) {
		struct view *v = app->views[--app->nviews];

		app_forget_view(app, v);
		v->ops->free(v);
	}
	app_end_curses();
	fatal_set_hook(NULL);
	signal(SIGWINCH, SIG_DFL);
	close(winch_pipe[0]);
	close(winch_pipe[1]);
	int64_t deadline = time_mono_ms() + APP_QUIT_GRACE_MS;
	bool abandoned = false;
	/* hosts added while running count too */
	size_t n = app->store.nhosts;
	for (size_t i = 0; i < n; i++)
		host_stop(app->hosts[i]);
	for (size_t i = 0; i < n; i++) {
		if (!host_join(app->hosts[i], deadline)) {
			fprintf(stderr, "vmdeck: host %s did not answer; left "
			    "its connection behind\n", app->store.hosts[i].uri);
			abandoned = true;
		}
		host_unref(app->hosts[i]);
	}
	app->abandoned = abandoned;
	return status;
}

void
app_free(struct app *app)
{
	while (app->nviews > 0) {
		struct view *v = app->views[--app->nviews];

		app_forget_view(app, v);
		v->ops->free(v);
	}
	while (app->nreplies > 0)
		app_drop_reply(app, app->nreplies - 1);
	free(app->replies);
	/* a worker stuck in a call may still post: keep its queue */
	if (!app->abandoned)
		evq_free(app->q);
	for (size_t i = 0; i < app->store.nhosts; i++) {
		free(app->ui[i].want_name);
		uuidmap_free(&app->ui[i].marks);
	}
	store_free(&app->store);
	free(app->hosts);
	free(app->ui);
	free(app->idx);
	free(app->idx_host);
	free(app->cat);
	free(app->cat_host);
	free(app->cat_dom);
	free(app->order);
	free(app->figures);
	free(app->connected_ms);
	stats_batch_free(&app->batch);
	free(app->status);
	free(app->config_path);
	theme_set_free(&app->themes);
	msglog_clear();
}
