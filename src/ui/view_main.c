/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The main view: hosts on the left, the current host's VMs on the right,
 * a detail line, the status line and the key hints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "../stats/history.h"
#include "../host/hostprobe.h"
#include "../stats/stats.h"
#include "../util/fmt.h"
#include "../util/graph.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "app.h"
#include "keymap.h"
#include "draw.h"
#include "term.h"
#include "textin.h"
#include "theme.h"
#include "view.h"
#include "conview.h"

/* Where the last draw put things, for mouse clicks. */
struct main_geom {
	int hosts_y, hosts_x, hosts_w, hosts_rows;
	int doms_y, doms_x, doms_w, doms_rows;
	int con_y, con_rows;		/* the pane; 0 rows: none */
	long doms_top;
	enum main_prompt prompt;	/* typing a filter or a command */
	char command[64];		/* the ':' prompt's text */
	size_t hosts_top;		/* the hosts pane's first host shown */
	size_t hosts_vis;		/* how many it shows, set by draw */
	long page;			/* VM rows visible, set by draw */
	int64_t tick_at;		/* the next second's look */
	bool was_stale;			/* any host stale at the last look */
};

/* The hint bar: commands by name, each shown as the key the user bound
 * to it and its hint word (or the word given here), drawn until the
 * width runs out; a command with no key in the scope is left out. */
struct hint {
	const char *key, *what;		/* a command and a word, or NULL */
};

static const struct hint hints[] = {
	{ "details", NULL }, { "console", NULL }, { "all-hosts", NULL },
	{ "start", NULL }, { "shutdown", NULL }, { "reboot", NULL },
	{ "pause", NULL }, { "autostart", NULL }, { "force-off", NULL },
	{ "delete", NULL }, { "filter", NULL }, { "sort", NULL },
	{ "sampling", NULL }, { "theme-next", NULL }, { "log", NULL },
	{ "help", NULL }, { "quit", NULL },
};

/* With a console shown: its commands first. */
static const struct hint con_hints[] = {
	{ "console", "TypeInConsole" }, { "console-full", NULL },
	{ "console-next", NULL }, { "console-stty", NULL },
	{ "console-close", NULL }, { "details", NULL }, { "filter", NULL },
	{ "help", NULL }, { "quit", NULL },
};
/* While it has the keyboard: the console's own keys (its table). */
static const struct hint typing_hints[] = {
	{ "console-leave", NULL }, { "console-full", NULL },
	{ "console-stty", NULL }, { "console-scroll-back", NULL },
};

/* The scope the main view's keys run in: the hosts pane's or the
 * list's. */
static unsigned
main_scope(const struct app *app)
{
	return app->focus == APP_FOCUS_HOSTS ? CMD_HOSTS : CMD_LIST;
}

/* What a command from the main view acts on: the selected VM on its
 * host (the current one), and the ':' argument. */
static struct cmd_target
main_target(struct view *v, struct app *app, const char *arg)
{
	const struct domain_info *d = app_selected(app);

	return (struct cmd_target){ v, main_scope(app), (int)app->cur,
	    d ? d->uuid : NULL, d ? d->name : NULL, arg };
}

static const struct view_ops main_ops;

static enum theme_slot
state_slot(enum domain_state s)
{
	switch (s) {
	case DOMAIN_STATE_RUNNING:
	case DOMAIN_STATE_BLOCKED:
		return THEME_RUNNING;
	case DOMAIN_STATE_PAUSED:
	case DOMAIN_STATE_PMSUSPENDED:
	case DOMAIN_STATE_SHUTDOWN:
		return THEME_PAUSED;
	case DOMAIN_STATE_CRASHED:
		return THEME_CRASHED;
	default:
		return THEME_SHUTOFF;
	}
}

static void
main_draw_title(struct app *app, int cols)
{
	struct store_host *h = &app->store.hosts[app->cur];
	size_t running = 0;
	char line[512], key[32], paused[64];

	snprintf(paused, sizeof paused, "  SAMPLING PAUSED (%s)",
	    keymap_key_for(CMD_LIST, "sampling", key, sizeof key));
	for (size_t i = 0; i < h->ndoms; i++)
		if (domain_state_is_active(h->doms[i].state))
			running++;
	size_t marked = app_marked_count(app);
	char marks[48] = "";

	if (marked > 0)
		snprintf(marks, sizeof marks, "  %zu marked", marked);
	snprintf(line, sizeof line, " vmdeck  %s  %zu VM%s, %zu running%s  "
	    "sort: %s%s%s%s", h->label, h->ndoms, h->ndoms == 1 ? "" : "s",
	    running, marks, domlist_sort_name(app->sort),
	    app->filter[0] ? "  filter: " : "", app->filter,
	    app->paused ? paused : "");
	draw_text(0, 0, cols, theme_attr(THEME_TITLE), line, true);
}

/* The second line of a host: its CPU and memory, or why there are none. */
static void
main_host_figures(struct app *app, size_t i, char *buf, size_t len)
{
	struct store_host *h = &app->store.hosts[i];
	const struct vmstats *vs = &h->stats;
	char cpu[16], used[16], total[16], when[16];

	if (h->state == HOST_STATE_DISCONNECTED) {
		/* why, in a word, and when it tries again */
		enum hostprobe_state why = hostprobe_classify(0, h->reason);
		int64_t left = h->retry_at - time_mono_ms();

		snprintf(buf, len, "  %s%s", why == HOSTPROBE_ERROR ?
		    "disconnected" : hostprobe_state_name(why),
		    left > 0 ? "" : " (retrying)");
		if (left > 0)
			snprintf(buf + strlen(buf), len - strlen(buf),
			    " (retry %llds)", (long long)(left + 999) / 1000);
		return;
	}
	if (h->state != HOST_STATE_CONNECTED) {
		snprintf(buf, len, "  %s", store_host_state_name(h->state));
		return;
	}
	if (app_host_stale(app, i)) {
		app_clock(vs->last_wall, when, sizeof when);
		snprintf(buf, len, "  stale since %s", vs->last_wall ? when :
		    "start");
		return;
	}
	stats_format(cpu, sizeof cpu, STATS_CPU, vs->node_cpu, !app->utf8);
	if (vs->node_mem_total_kib > 0)
		snprintf(buf, len, "  cpu %s mem %s/%s", cpu,
		    stats_format_kib(used, sizeof used,
		    (double)vs->node_mem_used_kib),
		    stats_format_kib(total, sizeof total,
		    (double)vs->node_mem_total_kib));
	else
		snprintf(buf, len, "  cpu %s mem %s", cpu, app->utf8 ? "–" : "-");
}

static void
main_draw_hosts(struct app *app, struct main_geom *g)
{
	bool focus = app->focus == APP_FOCUS_HOSTS;
	size_t vis = g->hosts_rows >= 2 ? (size_t)g->hosts_rows / 2 : 1;
	size_t n = app->store.nhosts;
	char title[64];

	g->hosts_vis = vis;
	/* more hosts than rows: the window follows the selection */
	if (app->cur < g->hosts_top)
		g->hosts_top = app->cur;
	if (app->cur >= g->hosts_top + vis)
		g->hosts_top = app->cur - vis + 1;
	if (g->hosts_top + vis > n)
		g->hosts_top = n > vis ? n - vis : 0;
	if (n > vis)
		snprintf(title, sizeof title, "Hosts %zu-%zu of %zu",
		    g->hosts_top + 1, g->hosts_top + vis, n);
	else
		snprintf(title, sizeof title, "Hosts");
	draw_box(g->hosts_y - 1, g->hosts_x - 1, g->hosts_rows + 2,
	    g->hosts_w + 2, theme_attr(focus ? THEME_BORDER_FOCUS :
	    THEME_BORDER), title);
	for (size_t i = g->hosts_top; i < n && i < g->hosts_top + vis;
	    i++) {
		struct store_host *h = &app->store.hosts[i];
		int row = g->hosts_y + 2 * (int)(i - g->hosts_top);
		const char *mark = h->state == HOST_STATE_CONNECTED ? "+" :
		    h->state == HOST_STATE_DISCONNECTED ? "!" : "~";
		char line[256];
		attr_t a;

		if (app->utf8)
			mark = h->state == HOST_STATE_CONNECTED ? "●" :
			    h->state == HOST_STATE_DISCONNECTED ? "✗" : "…";
		snprintf(line, sizeof line, "%s %s", mark, h->label);
		if (i == app->cur)
			a = theme_attr(focus ? THEME_SELECTION :
			    THEME_SELECTION_DIM);
		else
			a = theme_attr(h->state == HOST_STATE_DISCONNECTED ?
			    THEME_ERROR : THEME_NORMAL);
		draw_text(row, g->hosts_x, g->hosts_w, a, line, true);
		main_host_figures(app, i, line, sizeof line);
		draw_text(row + 1, g->hosts_x, g->hosts_w,
		    theme_attr(app_host_stale(app, i) ? THEME_WARNING :
		    THEME_SHUTOFF), line, true);
	}
}

/* What a cell is drawn from. */
struct cellctx {
	const struct domain_info *d;
	const struct vmstat *st;	/* NULL: never sampled */
	bool ascii;
	enum graph_style graph;
};

/* The VM table's columns, as data: header, width (0: takes what is
 * left), and how a cell is written. */
struct column {
	const char *header;
	int width;
	void (*cell)(const struct cellctx *c, char *buf, size_t len);
	bool is_state;		/* drawn in the state's colour */
	bool is_figure;		/* a live figure: dim when stale */
};

static void
cell_name(const struct cellctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s", c->d->name);
}

static void
cell_state(const struct cellctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s", domain_state_label(c->d));
}

static float
figure(const struct cellctx *c, enum stats_metric m)
{
	return vmstats_figure(c->st, m, domain_state_is_active(c->d->state));
}

static void
cell_cpu(const struct cellctx *c, char *buf, size_t len)
{
	char v[16];

	snprintf(buf, len, "%4s", stats_format(v, sizeof v, STATS_CPU,
	    figure(c, STATS_CPU), c->ascii));
}

static void
cell_cpugraph(const struct cellctx *c, char *buf, size_t len)
{
	float v[8];
	size_t n = 0;

	if (c->st != NULL)
		n = history_window(c->st->hist, HISTORY_LEVEL_FINE, STATS_CPU,
		    v, 8);
	if (len >= GRAPH_ROW_BYTES(8))
		graph_spark(v, n, 100, 8, c->ascii ? GRAPH_ASCII : c->graph,
		    buf);
}

static void
cell_memory(const struct cellctx *c, char *buf, size_t len)
{
	char used[16], total[16];
	float a = figure(c, STATS_MEM_ASSIGNED);

	float u = figure(c, STATS_MEM_USED);

	stats_format(used, sizeof used, STATS_MEM_USED, u, c->ascii);
	stats_format_kib(total, sizeof total, isnan(a) ?
	    (double)c->d->mem_kib : (double)a);
	/* ~: the host's view (QEMU's resident size), the guest saying
	 * nothing */
	snprintf(buf, len, "%s%s/%s", !isnan(u) &&
	    vmstats_mem_is_host_view(c->st) ? "~" : "", used, total);
}

static void
cell_disk(const struct cellctx *c, char *buf, size_t len)
{
	char v[16];

	snprintf(buf, len, "%5s", stats_format(v, sizeof v, STATS_DISK_RD,
	    stats_sum(figure(c, STATS_DISK_RD), figure(c, STATS_DISK_WR)),
	    c->ascii));
}

static void
cell_net(const struct cellctx *c, char *buf, size_t len)
{
	char v[16];

	snprintf(buf, len, "%5s", stats_format(v, sizeof v, STATS_NET_RX,
	    stats_sum(figure(c, STATS_NET_RX), figure(c, STATS_NET_TX)),
	    c->ascii));
}

static void
cell_vcpus(const struct cellctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%5u", c->d->vcpus);
}

static void
cell_autostart(const struct cellctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s", c->d->autostart ? "yes" : "no");
}

static void
cell_persistent(const struct cellctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s", c->d->persistent ? "yes" : "no");
}

static void
cell_snapshots(const struct cellctx *c, char *buf, size_t len)
{
	if (c->d->snapshots < 0)
		snprintf(buf, len, "%5s", "–");
	else
		snprintf(buf, len, "%5d", c->d->snapshots);
}

static void
cell_ip(const struct cellctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%-15s", c->d->ip[0] ? c->d->ip : "–");
}

static void
cell_tags(const struct cellctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s", c->d->tags[0] ? c->d->tags : "–");
}

static const struct column columns[CONFIG_COL_COUNT] = {
	[CONFIG_COL_NAME] = { "Name", 0, cell_name, false, false },
	[CONFIG_COL_STATE] = { "State", 11, cell_state, true, false },
	[CONFIG_COL_CPU] = { " CPU", 4, cell_cpu, false, true },
	[CONFIG_COL_CPUGRAPH] = { "CPU 8s", 8, cell_cpugraph, false, true },
	[CONFIG_COL_MEMORY] = { "Mem used", 11, cell_memory, false, true },
	[CONFIG_COL_DISK] = { "Disk/s", 6, cell_disk, false, true },
	[CONFIG_COL_NET] = { "Net/s", 6, cell_net, false, true },
	[CONFIG_COL_VCPUS] = { "vCPUs", 5, cell_vcpus, false, false },
	[CONFIG_COL_AUTOSTART] = { "Autostart", 9, cell_autostart, false,
	    false },
	[CONFIG_COL_PERSISTENT] = { "Persistent", 10, cell_persistent, false,
	    false },
	[CONFIG_COL_SNAPSHOTS] = { "Snaps", 5, cell_snapshots, false, false },
	[CONFIG_COL_IP] = { "IP", 15, cell_ip, false, false },
	[CONFIG_COL_TAGS] = { "Tags", 16, cell_tags, false, false },
};

/* Widths of the configured columns in a pane w wide: fixed ones as
 * given, the flexible one (the name; or, without one, the last) at least
 * flexmin and the rest; columns that do not fit are dropped from the
 * right, so a name is never cut to make room for one. Returns how many
 * are shown. */
static size_t
main_widths(const struct config *cfg, int w, int flexmin, int *widths)
{
	int used = 0;
	size_t n = 0, flex = (size_t)-1;

	for (size_t i = 0; i < cfg->ncolumns; i++) {
		const struct column *c = &columns[cfg->columns[i]];
		int need = (c->width ? c->width : flexmin) + (n ? 1 : 0);

		if (used + need > w)
			break;
		widths[n] = c->width;
		if (c->width == 0)
			flex = n;
		used += need;
		n++;
	}
	if (n == 0)
		return 0;
	if (flex == (size_t)-1)
		flex = n - 1;
	widths[flex] = (widths[flex] ? widths[flex] : flexmin) + (w - used);
	return n;
}

/* One row: cells (or headers when c is NULL), separated by a space. */
static void
main_draw_row(int y, int x, const struct config *cfg, const int *widths,
    size_t n, attr_t base, attr_t state_attr, attr_t figure_attr,
    const struct cellctx *c)
{
	for (size_t i = 0; i < n; i++) {
		const struct column *col = &columns[cfg->columns[i]];
		char cell[256];
		attr_t a = base;

		if (i > 0)
			draw_text(y, x++, 1, base, "", true);
		if (c == NULL)
			snprintf(cell, sizeof cell, "%s", col->header);
		else {
			col->cell(c, cell, sizeof cell);
			if (col->is_state)
				a = state_attr;
			else if (col->is_figure)
				a = figure_attr;
		}
		draw_text(y, x, widths[i], a, cell, true);
		x += widths[i];
	}
}

static void
main_draw_domains(struct app *app, struct main_geom *g)
{
	struct store_host *h = &app->store.hosts[app->cur];
	struct app_host *ui = app_ui(app);
	bool focus = app->focus == APP_FOCUS_DOMAINS;
	int widths[CONFIG_COL_COUNT];
	int hostw = 0;			/* all hosts: the Host column */
	size_t marked = app_marked_count(app);
	int markw = marked > 0 ? 2 : 0;	/* "* " */
	char title[160];
	int rows = g->doms_rows - 1;	/* one for the header */

	if (app->all) {
		for (size_t i = 0; i < app->store.nhosts; i++)
			if (fmt_width(app->store.hosts[i].label) > hostw)
				hostw = fmt_width(app->store.hosts[i].label);
		hostw = (hostw < 4 ? 4 : hostw > 20 ? 20 : hostw) + 1;
	}
	/* the name column as wide as the longest name listed (12 to 32) */
	int namew = app->name_width >= 12 ? app->name_width : 12;
	size_t ncols = main_widths(app->cfg, g->doms_w - hostw - markw, namew,
	    widths);

	/* a host that dropped keeps its last list, marked as such */
	bool stale = app_host_stale(app, app->cur);
	char when[16] = "";

	if (stale)
		app_clock(h->stats.last_wall, when, sizeof when);
	snprintf(title, sizeof title, "VMs %zu/%zu%s%s%s", app->nidx, h->ndoms,
	    h->state != HOST_STATE_CONNECTED && h->listed ?
	    " (not connected: last known)" : "",
	    stale ? " (figures stale: last sample " : "",
	    stale ? (when[0] ? when : "none") : "");
	if (stale)
		strcat(title, ")");
	if (app->all) {
		size_t total = 0;

		for (size_t i = 0; i < app->store.nhosts; i++)
			total += app->store.hosts[i].ndoms;
		snprintf(title, sizeof title, "VMs %zu/%zu of all %zu hosts "
		    "(A: one host)", app->nidx, total, app->store.nhosts);
	}
	if (markw > 0) {
		size_t len = strlen(title);

		snprintf(title + len, sizeof title - len, "  %zu marked",
		    marked);
	}
	draw_box(g->doms_y - 1, g->doms_x - 1, g->doms_rows + 2, g->doms_w + 2,
	    theme_attr(focus ? THEME_BORDER_FOCUS : THEME_BORDER), title);
	if (markw > 0)
		draw_text(g->doms_y, g->doms_x, markw, theme_attr(THEME_HEADER),
		    "", true);
	if (hostw > 0)
		draw_text(g->doms_y, g->doms_x + markw, hostw,
		    theme_attr(THEME_HEADER), "Host", true);
	main_draw_row(g->doms_y, g->doms_x + markw + hostw, app->cfg, widths,
	    ncols,
	    theme_attr(THEME_HEADER), theme_attr(THEME_HEADER),
	    theme_attr(THEME_HEADER), NULL);

	g->page = rows;
	if (ui->sel_row < ui->top)
		ui->top = ui->sel_row;
	if (ui->sel_row >= ui->top + rows)
		ui->top = ui->sel_row - rows + 1;
	if (ui->top > 0 && (size_t)ui->top + (size_t)rows > app->nidx)
		ui->top = app->nidx > (size_t)rows ? (long)app->nidx - rows : 0;
	g->doms_top = ui->top;

	if (app->nidx == 0) {
		const char *msg = app->all ? (app->filter[0] ?
		    "No VM or host matches the filter." : "No VMs on any host.") :
		    h->state == HOST_STATE_CONNECTED ?
		    (h->ndoms == 0 ? (h->listed ? "No VMs on this host." :
		    "Listing…") : "No VM matches the filter.") :
		    h->state == HOST_STATE_DISCONNECTED ? "Not connected." :
		    "Connecting…";

		draw_text(g->doms_y + 1, g->doms_x + 1, g->doms_w - 1,
		    theme_attr(THEME_SHUTOFF), msg, false);
		return;
	}
	for (int r = 0; r < rows && (size_t)(ui->top + r) < app->nidx; r++) {
		long row = ui->top + r;
		size_t hi = app_row_host(app, row);
		struct store_host *rh = &app->store.hosts[hi];
		const struct domain_info *d = &rh->doms[app->idx[row]];
		bool sel = row == ui->sel_row;
		bool rstale = app->all ? app_host_stale(app, hi) : stale;
		attr_t base = sel ? theme_attr(focus ? THEME_SELECTION :
		    THEME_SELECTION_DIM) : theme_attr(THEME_NORMAL);
		attr_t sa = sel ? base : theme_attr(state_slot(d->state));
		struct cellctx c = {
			.d = d, .st = vmstats_find(&rh->stats, d->uuid),
			.ascii = !app->utf8, .graph = app_graph_style(app),
		};

		if (markw > 0)
			draw_text(g->doms_y + 1 + r, g->doms_x, markw, base |
			    A_BOLD, app_marked(app, hi, d->uuid) ? "*" : "",
			    true);
		if (hostw > 0)
			draw_text(g->doms_y + 1 + r, g->doms_x + markw, hostw,
			    base, rh->label, true);
		main_draw_row(g->doms_y + 1 + r, g->doms_x + markw + hostw,
		    app->cfg,
		    widths, ncols, base, sa, rstale && !sel ?
		    theme_attr(THEME_SHUTOFF) : base, &c);
	}
}

static void
main_draw_detail(struct app *app, int y, int cols)
{
	struct store_host *h = &app->store.hosts[app->cur];
	const struct domain_info *d = app_selected(app);
	char line[512];

	if (app->focus == APP_FOCUS_HOSTS || d == NULL) {
		snprintf(line, sizeof line, " %s: %s%s%s", h->label,
		    store_host_state_name(h->state), h->reason ? " — " : "",
		    h->reason ? h->reason : "");
	} else {
		char cur[16], max[16], id[16];

		snprintf(id, sizeof id, d->id >= 0 ? "id %d" : "inactive",
		    d->id);
		snprintf(line, sizeof line, " %s  %s  %s  %u vCPU%s  %s of %s  "
		    "autostart %s  %s  uuid %s", d->name,
		    domain_state_label(d), id, d->vcpus,
		    d->vcpus == 1 ? "" : "s",
		    fmt_kib(cur, sizeof cur, d->mem_kib),
		    fmt_kib(max, sizeof max, d->maxmem_kib),
		    d->autostart ? "on" : "off",
		    d->persistent ? "persistent" : "transient", d->uuid);
	}
	draw_text(y, 0, cols, theme_attr(THEME_HEADER) & ~A_UNDERLINE, line,
	    true);
}

/* Names of the commands starting with prefix, into buf; the count. */
static size_t
main_completions(const char *prefix, char *buf, size_t len)
{
	size_t count = 0, o = 0;
	const struct command *c;

	buf[0] = '\0';
	for (size_t i = 0; (c = keymap_command(i)) != NULL; i++)
		if (strncmp(c->name, prefix, strlen(prefix)) == 0) {
			int n = snprintf(buf + o, len - o, "%s%s", count ? " " : "",
			    c->name);
			if (n > 0 && (size_t)n < len - o)
				o += (size_t)n;
			count++;
		}
	return count;
}

static void
main_draw_status(struct app *app, struct main_geom *g, int y, int cols)
{
	if (g->prompt != MAIN_PROMPT_NONE) {
		char line[512], names[400] = "";

		if (g->prompt == MAIN_PROMPT_FILTER)
			snprintf(line, sizeof line, "Filter: %s", app->filter);
		else {
			main_completions(g->command, names, sizeof names);
			snprintf(line, sizeof line, ":%s", g->command);
		}
		int used = draw_text(y, 0, cols, theme_attr(THEME_NORMAL), line,
		    true);
		draw_text(y, used, 1, A_REVERSE, " ", false);
		if (names[0] != '\0' && used + 4 < cols)
			draw_text(y, used + 3, cols - used - 3,
			    theme_attr(THEME_SHUTOFF), names, false);
		/* a filter that does not parse says why as it is typed */
		if (g->prompt == MAIN_PROMPT_FILTER && app->filter_err[0] &&
		    used + 4 < cols)
			draw_text(y, used + 3, cols - used - 3,
			    theme_attr(THEME_ERROR), app->filter_err, false);
		return;
	}
	draw_text(y, 0, cols, theme_attr(app->status_error ? THEME_ERROR :
	    THEME_STATUS), app->status ? app->status : "", true);
}

static void
main_draw_hints(struct app *app, int y, int cols)
{
	const struct hint *hints_now = hints;
	size_t n = sizeof hints / sizeof hints[0];
	int x = 0;

	if (conview_has_focus(app)) {
		hints_now = typing_hints;
		n = sizeof typing_hints / sizeof typing_hints[0];
	} else if (conview_is_open(app)) {
		hints_now = con_hints;
		n = sizeof con_hints / sizeof con_hints[0];
	}
	draw_fill(y, 0, cols, theme_attr(THEME_HINT));
	for (size_t i = 0; i < n; i++) {
		const struct hint *h = &hints_now[i];
		const struct command *c = keymap_find(h->key);
		const char *key, *what = h->what;
		char buf[64];

		/* every key of the console's table (^] or F12), the first of
		 * the lists' */
		key = hints_now == typing_hints ?
		    keymap_keys_for(CMD_CONSOLE, h->key, buf, sizeof buf) :
		    keymap_key_for(main_scope(app), h->key, buf, sizeof buf);
		if (c == NULL || key[0] == ':')
			continue;	/* unbound here */
		if (what == NULL)
			what = c->hint ? c->hint : c->name;
		int need = fmt_width(key) + fmt_width(what) + 3;

		if (x + need > cols)
			break;
		x += draw_text(y, x, cols - x, theme_attr(THEME_HINT_KEY),
		    key, false);
		x += draw_text(y, x, cols - x, theme_attr(THEME_HINT), " ",
		    false);
		x += draw_text(y, x, cols - x, theme_attr(THEME_HINT),
		    what, false);
		x += draw_text(y, x, cols - x, theme_attr(THEME_HINT), " ",
		    false);
	}
}

static void
main_layout(struct app *app, struct main_geom *g, int rows, int cols)
{
	int hw = cols / 4, least = cols >= 100 ? 30 : 27;
	size_t longest = 0;

	for (size_t i = 0; i < app->store.nhosts; i++) {
		size_t l = strlen(app->store.hosts[i].label) + 2;
		if (l > longest)
			longest = l;
	}
	/* room for "cpu 100% mem 1.5G/256G" or "unreachable (retry 30s)"
	 * under each host, and on a wide screen for "host key unknown
	 * (retry 30s)" */
	if ((int)longest < hw)
		hw = (int)longest < least ? least : (int)longest;
	g->hosts_y = 2;
	g->hosts_x = 1;
	g->hosts_w = hw;
	g->hosts_rows = rows - 6;
	g->doms_y = 2;
	g->doms_x = hw + 3;
	g->doms_w = cols - hw - 4;
	g->doms_rows = rows - 6;
	g->con_rows = 0;
	/* a console pane takes the lower two thirds; the lists keep at
	 * least 5 rows */
	if (app_pane_wanted(app)) {
		int lists = (rows - 6) / 3 < 5 ? 5 : (rows - 6) / 3;

		if (rows - 6 - lists - 2 >= 3) {
			g->con_rows = rows - 6 - lists;
			g->hosts_rows = lists;
			g->doms_rows = lists;
			g->con_y = g->doms_y + lists + 1;
		}
	}
}

/* Tell each host whether the screen shows it (the current one, those in
 * the hosts pane, those with a VM row on screen): the others are sampled
 * slowly (HOST_HIDDEN_SAMPLE_MS). */
static void
main_tell_shown(struct app *app, const struct main_geom *g)
{
	size_t n = app->store.nhosts, vis = g->hosts_vis;
	bool *shown = xcalloc(n ? n : 1, sizeof *shown);

	if (app->cur < n)
		shown[app->cur] = true;
	for (size_t i = g->hosts_top; i < n && i < g->hosts_top + vis; i++)
		shown[i] = true;
	for (long r = 0; r < g->page && g->doms_top + r >= 0 &&
	    (size_t)(g->doms_top + r) < app->nidx; r++)
		shown[app_row_host(app, g->doms_top + r)] = true;
	for (size_t i = 0; i < n; i++)
		host_set_shown(app->hosts[i], shown[i]);
	free(shown);
}

static void
main_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct main_geom *g = v->priv;
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	main_layout(app, g, rows, cols);
	main_draw_title(app, cols);
	main_draw_hosts(app, g);
	main_draw_domains(app, g);
	main_tell_shown(app, g);
	/* the pane view (a VM's screen, a console) draws here after us */
	if (g->con_rows > 0)
		app->pane.area = (struct ui_area){ g->con_y, 0, g->con_rows,
		    cols };
	main_draw_detail(app, rows - 3, cols);
	main_draw_status(app, g, rows - 2, cols);
	main_draw_hints(app, rows - 1, cols);
}

/* Tab in the command prompt: complete to the longest common prefix of
 * the commands that match. */
static void
main_complete(struct main_geom *g)
{
	size_t plen = strlen(g->command);
	const struct command *c;
	const char *first = NULL;
	size_t common = 0;

	for (size_t i = 0; (c = keymap_command(i)) != NULL; i++) {
		if (strncmp(c->name, g->command, plen) != 0)
			continue;
		if (first == NULL) {
			first = c->name;
			common = strlen(first);
		} else {
			size_t k = 0;
			while (k < common && first[k] == c->name[k])
				k++;
			common = k;
		}
	}
	if (first != NULL && common < sizeof g->command)
		snprintf(g->command, sizeof g->command, "%.*s", (int)common,
		    first);
}

static unsigned
main_prompt_key(struct view *v, struct app *app, int key)
{
	struct main_geom *g = v->priv;

	if (g->prompt == MAIN_PROMPT_COMMAND) {
		if (key == 27) {
			g->prompt = MAIN_PROMPT_NONE;
		} else if (key == '\t') {
			main_complete(g);
		} else if (key == '\r') {
			/* "name argument": the argument goes in the target */
			char *sp = strchr(g->command, ' ');
			const char *arg = NULL;
			const struct command *cmd;

			if (sp != NULL) {
				*sp = '\0';
				arg = sp + 1 + strspn(sp + 1, " ");
			}
			cmd = keymap_find(g->command);
			g->prompt = MAIN_PROMPT_NONE;
			if (cmd != NULL) {
				struct cmd_target t = main_target(v, app, arg);

				return cmd->run(app, cmd, &t) | UI_REDRAW;
			}
			if (g->command[0] != '\0') {
				char help[32];
				char *msg = xasprintf("Unknown command '%s' (Tab "
				    "completes; %s lists them).", g->command,
				    keymap_key_for(CMD_LIST, "help", help,
				    sizeof help));

				app_status(app, true, msg);
				free(msg);
			}
		} else
			textin_key(g->command, sizeof g->command, key);
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == '\r') {
		g->prompt = MAIN_PROMPT_NONE;
	} else if (key == 27) {
		g->prompt = MAIN_PROMPT_NONE;
		app->filter[0] = '\0';
	} else if (!textin_key(app->filter, sizeof app->filter, key))
		return UI_HANDLED;
	app_reindex(app);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
main_mouse(struct view *v, struct app *app)
{
	struct main_geom *g = v->priv;
	MEVENT me = app->mouse;

	/* the wheel: the list (a console's pane took its own) */
	if (me.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		app_move(app, me.bstate & BUTTON4_PRESSED ? -3 : 3);
		return UI_HANDLED | UI_REDRAW;
	}
	if (me.x >= g->hosts_x && me.x < g->hosts_x + g->hosts_w &&
	    me.y >= g->hosts_y && me.y < g->hosts_y + g->hosts_rows) {
		app->focus = APP_FOCUS_HOSTS;
		size_t i = g->hosts_top + (size_t)(me.y - g->hosts_y) / 2;

		if (i < app->store.nhosts)
			app_select_host(app, i);
	} else if (me.x >= g->doms_x && me.x < g->doms_x + g->doms_w &&
	    me.y > g->doms_y && me.y < g->doms_y + g->doms_rows) {
		long row = g->doms_top + (me.y - g->doms_y - 1);

		app->focus = APP_FOCUS_DOMAINS;
		if ((size_t)row < app->nidx)
			app_select_row(app, row);
	}
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
main_key(struct view *v, struct app *app, int key)
{
	struct main_geom *g = v->priv;
	const struct command *cmd;

	if (g->prompt != MAIN_PROMPT_NONE)
		return main_prompt_key(v, app, key);
	if (key == UI_KEY(KEY_MOUSE))
		return main_mouse(v, app);
	if (key == 27 && app->filter[0] != '\0') {	/* Esc clears a filter */
		app->filter[0] = '\0';
		app_reindex(app);
		return UI_HANDLED | UI_REDRAW;
	}
	cmd = keymap_lookup_in(main_scope(app), key);
	if (cmd == NULL)
		return UI_UNHANDLED;
	struct cmd_target t = main_target(v, app, NULL);
	return cmd->run(app, cmd, &t);
}

static void
main_free(struct view *v)
{
	free(v->priv);
	free(v);
}

void
view_main_prompt(struct view *v, enum main_prompt p)
{
	struct main_geom *g = v->priv;

	if (v->ops != &main_ops)
		return;
	g->prompt = p;
	g->command[0] = '\0';
}

long
view_main_page(const struct view *v)
{
	const struct main_geom *g = v->priv;

	return v->ops == &main_ops && g->page > 1 ? g->page - 1 : 1;
}

/* Each second: a host's "retry in N s" counts down, and a host whose
 * figures became (or stopped being) overdue is drawn so. */
static unsigned
main_poll(struct view *v, struct app *app, int64_t now, int64_t *next)
{
	struct main_geom *g = v->priv;
	unsigned r = 0;
	bool stale = false;

	if (now >= g->tick_at) {
		for (size_t i = 0; i < app->store.nhosts; i++) {
			stale |= app_host_stale(app, i);
			if (app->store.hosts[i].state == HOST_STATE_DISCONNECTED)
				r = UI_REDRAW;
		}
		if (stale != g->was_stale)
			r = UI_REDRAW;
		g->was_stale = stale;
		g->tick_at = now + 1000;
	}
	*next = g->tick_at;
	return r;
}

static const struct view_ops main_ops = {
	.name = "main",
	.free = main_free,
	.draw = main_draw,
	.key = main_key,
	.poll = main_poll,
};

struct view *
view_main_new(void)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct main_geom *g = xcalloc(1, sizeof *g);

	v->ops = &main_ops;
	v->priv = g;
	return v;
}
