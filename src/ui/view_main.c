/*
 * The main view: hosts on the left, the current host's VMs on the right,
 * a detail line, the status line and the key hints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "app.h"
#include "commands.h"
#include "draw.h"
#include "term.h"
#include "theme.h"
#include "view.h"

/* Where the last draw put things, for mouse clicks. */
struct main_geom {
	int hosts_y, hosts_x, hosts_w, hosts_rows;
	int doms_y, doms_x, doms_w, doms_rows;
	long doms_top;
};

/* The hint bar: key and word, drawn until the width runs out. */
static const struct {
	const char *key, *what;
} hints[] = {
	{ "Enter", "Details" }, { "u", "Start" }, { "o", "Shutdown" },
	{ "r", "Reboot" }, { "p", "Pause" }, { "a", "Autostart" },
	{ "F", "ForceOff" }, { "D", "Delete" }, { "/", "Filter" },
	{ "s", "Sort" }, { "L", "Log" }, { "?", "Help" }, { "q", "Quit" },
};

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
	char line[512];

	for (size_t i = 0; i < h->ndoms; i++)
		if (domain_state_is_active(h->doms[i].state))
			running++;
	snprintf(line, sizeof line, " vmdeck  %s  %zu VM%s, %zu running  "
	    "sort: %s%s%s", h->uri, h->ndoms, h->ndoms == 1 ? "" : "s", running,
	    domlist_sort_name(app->sort), app->filter[0] ? "  filter: " : "",
	    app->filter);
	draw_text(0, 0, cols, theme_attr(THEME_TITLE), line, true);
}

static void
main_draw_hosts(struct app *app, struct main_geom *g)
{
	bool focus = app->focus == APP_FOCUS_HOSTS;

	draw_box(g->hosts_y - 1, g->hosts_x - 1, g->hosts_rows + 2,
	    g->hosts_w + 2, theme_attr(focus ? THEME_BORDER_FOCUS :
	    THEME_BORDER), "Hosts");
	for (size_t i = 0; i < app->store.nhosts && (int)i < g->hosts_rows;
	    i++) {
		struct store_host *h = &app->store.hosts[i];
		const char *mark = h->state == HOST_STATE_CONNECTED ? "+" :
		    h->state == HOST_STATE_DISCONNECTED ? "!" : "~";
		char line[256];
		attr_t a;

		if (app->utf8)
			mark = h->state == HOST_STATE_CONNECTED ? "●" :
			    h->state == HOST_STATE_DISCONNECTED ? "✗" : "…";
		snprintf(line, sizeof line, "%s %s", mark, h->uri);
		if (i == app->cur)
			a = theme_attr(focus ? THEME_SELECTION :
			    THEME_SELECTION_DIM);
		else
			a = theme_attr(h->state == HOST_STATE_DISCONNECTED ?
			    THEME_ERROR : THEME_NORMAL);
		draw_text(g->hosts_y + (int)i, g->hosts_x, g->hosts_w, a, line,
		    true);
	}
}

/* Column widths of the VM table for a pane w columns wide. */
struct cols {
	int name, state, vcpus, mem, autostart, persistent;
};

static struct cols
main_columns(int w)
{
	struct cols c = { 0, 11, 5, 17, 9, 10 };
	int fixed = c.state + c.vcpus + c.mem + c.autostart + c.persistent + 5;

	if (w - fixed < 12) {		/* narrow: drop the flags columns */
		c.autostart = c.persistent = 0;
		fixed = c.state + c.vcpus + c.mem + 3;
	}
	c.name = w - fixed;
	return c;
}

static void
main_draw_row(int y, int x, const struct cols *c, attr_t base,
    const char *name, const char *state, attr_t state_attr, const char *vcpus,
    const char *mem, const char *autostart, const char *persistent)
{
	int at = x;

	draw_text(y, at, c->name, base, name, true);
	at += c->name + 1;
	draw_text(y, at - 1, 1, base, "", true);
	draw_text(y, at, c->state, state_attr, state, true);
	at += c->state + 1;
	draw_text(y, at - 1, 1, base, "", true);
	draw_text(y, at, c->vcpus, base, vcpus, true);
	at += c->vcpus + 1;
	draw_text(y, at - 1, 1, base, "", true);
	draw_text(y, at, c->mem, base, mem, true);
	at += c->mem;
	if (c->autostart > 0) {
		draw_text(y, at, 1, base, "", true);
		draw_text(y, at + 1, c->autostart, base, autostart, true);
		at += c->autostart + 1;
		draw_text(y, at, 1, base, "", true);
		draw_text(y, at + 1, c->persistent, base, persistent, true);
	}
}

static void
main_draw_domains(struct app *app, struct main_geom *g)
{
	struct store_host *h = &app->store.hosts[app->cur];
	struct app_host *ui = &app->ui[app->cur];
	bool focus = app->focus == APP_FOCUS_DOMAINS;
	struct cols c = main_columns(g->doms_w);
	char title[96];
	int rows = g->doms_rows - 1;	/* one for the header */

	/* a host that dropped keeps its last list, marked as such */
	snprintf(title, sizeof title, "VMs %zu/%zu%s", app->nidx, h->ndoms,
	    h->state != HOST_STATE_CONNECTED && h->listed ?
	    " (not connected: last known)" : "");
	draw_box(g->doms_y - 1, g->doms_x - 1, g->doms_rows + 2, g->doms_w + 2,
	    theme_attr(focus ? THEME_BORDER_FOCUS : THEME_BORDER), title);
	main_draw_row(g->doms_y, g->doms_x, &c, theme_attr(THEME_HEADER),
	    "Name", "State", theme_attr(THEME_HEADER), "vCPUs", "Memory",
	    "Autostart", "Persistent");

	app->page = rows;
	if (ui->sel_row < ui->top)
		ui->top = ui->sel_row;
	if (ui->sel_row >= ui->top + rows)
		ui->top = ui->sel_row - rows + 1;
	if (ui->top > 0 && (size_t)ui->top + (size_t)rows > app->nidx)
		ui->top = app->nidx > (size_t)rows ? (long)app->nidx - rows : 0;
	g->doms_top = ui->top;

	if (app->nidx == 0) {
		const char *msg = h->state == HOST_STATE_CONNECTED ?
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
		const struct domain_info *d = &h->doms[app->idx[row]];
		char vcpus[16], mem[40], cur[16], max[16];
		bool sel = row == ui->sel_row;
		attr_t base = sel ? theme_attr(focus ? THEME_SELECTION :
		    THEME_SELECTION_DIM) : theme_attr(THEME_NORMAL);
		attr_t sa = sel ? base : theme_attr(state_slot(d->state));

		snprintf(vcpus, sizeof vcpus, "%5u", d->vcpus);
		snprintf(mem, sizeof mem, "%s / %s",
		    fmt_kib(cur, sizeof cur, d->mem_kib),
		    fmt_kib(max, sizeof max, d->maxmem_kib));
		main_draw_row(g->doms_y + 1 + r, g->doms_x, &c, base, d->name,
		    domain_state_name(d->state), sa, vcpus, mem,
		    d->autostart ? "yes" : "no", d->persistent ? "yes" : "no");
	}
}

static void
main_draw_detail(struct app *app, int y, int cols)
{
	struct store_host *h = &app->store.hosts[app->cur];
	const struct domain_info *d = app_selected(app);
	char line[512];

	if (app->focus == APP_FOCUS_HOSTS || d == NULL) {
		snprintf(line, sizeof line, " %s: %s%s%s", h->uri,
		    store_host_state_name(h->state), h->reason ? " — " : "",
		    h->reason ? h->reason : "");
	} else {
		char cur[16], max[16], id[16];

		snprintf(id, sizeof id, d->id >= 0 ? "id %d" : "inactive",
		    d->id);
		snprintf(line, sizeof line, " %s  %s  %s  %u vCPU%s  %s of %s  "
		    "autostart %s  %s  uuid %s", d->name,
		    domain_state_name(d->state), id, d->vcpus,
		    d->vcpus == 1 ? "" : "s",
		    fmt_kib(cur, sizeof cur, d->mem_kib),
		    fmt_kib(max, sizeof max, d->maxmem_kib),
		    d->autostart ? "on" : "off",
		    d->persistent ? "persistent" : "transient", d->uuid);
	}
	draw_text(y, 0, cols, theme_attr(THEME_HEADER) & ~A_UNDERLINE, line,
	    true);
}

static void
main_draw_status(struct app *app, int y, int cols)
{
	if (app->prompt) {
		char line[160];

		snprintf(line, sizeof line, "Filter: %s", app->filter);
		int used = draw_text(y, 0, cols, theme_attr(THEME_NORMAL), line,
		    true);
		draw_text(y, used, 1, A_REVERSE, " ", false);
		return;
	}
	draw_text(y, 0, cols, theme_attr(app->status_error ? THEME_ERROR :
	    THEME_STATUS), app->status ? app->status : "", true);
}

static void
main_draw_hints(int y, int cols)
{
	int x = 0;

	draw_fill(y, 0, cols, theme_attr(THEME_HINT));
	for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
		int need = fmt_width(hints[i].key) + fmt_width(hints[i].what) + 3;

		if (x + need > cols)
			break;
		x += draw_text(y, x, cols - x, theme_attr(THEME_HINT_KEY),
		    hints[i].key, false);
		x += draw_text(y, x, cols - x, theme_attr(THEME_HINT), " ",
		    false);
		x += draw_text(y, x, cols - x, theme_attr(THEME_HINT),
		    hints[i].what, false);
		x += draw_text(y, x, cols - x, theme_attr(THEME_HINT), " ",
		    false);
	}
}

static void
main_layout(struct app *app, struct main_geom *g, int rows, int cols)
{
	int hw = cols / 4;
	size_t longest = 0;

	for (size_t i = 0; i < app->store.nhosts; i++) {
		size_t l = strlen(app->store.hosts[i].uri) + 2;
		if (l > longest)
			longest = l;
	}
	if ((int)longest < hw)
		hw = (int)longest < 16 ? 16 : (int)longest;
	g->hosts_y = 2;
	g->hosts_x = 1;
	g->hosts_w = hw;
	g->hosts_rows = rows - 6;
	g->doms_y = 2;
	g->doms_x = hw + 3;
	g->doms_w = cols - hw - 4;
	g->doms_rows = rows - 6;
}

static void
main_draw(struct view *v, struct app *app)
{
	struct main_geom *g = v->priv;
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	main_layout(app, g, rows, cols);
	main_draw_title(app, cols);
	main_draw_hosts(app, g);
	main_draw_domains(app, g);
	main_draw_detail(app, rows - 3, cols);
	main_draw_status(app, rows - 2, cols);
	main_draw_hints(rows - 1, cols);
}

static unsigned
main_prompt_key(struct app *app, int key)
{
	size_t len = strlen(app->filter);

	if (key == '\r') {
		app->prompt = false;
	} else if (key == 27) {
		app->prompt = false;
		app->filter[0] = '\0';
	} else if (key == UI_KEY(KEY_BACKSPACE) || key == 127 || key == 8) {
		/* drop one UTF-8 character */
		while (len > 0 && ((unsigned char)app->filter[len - 1] & 0xC0) ==
		    0x80)
			len--;
		if (len > 0)
			len--;
		app->filter[len] = '\0';
	} else if (!(key & UI_KEYCODE) && key >= ' ') {
		char mb[8];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof st);
		n = wcrtomb(mb, (wchar_t)key, &st);
		if (n != (size_t)-1 && len + n < sizeof app->filter) {
			memcpy(app->filter + len, mb, n);
			app->filter[len + n] = '\0';
		}
	} else
		return UI_HANDLED;
	app_reindex(app);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
main_mouse(struct view *v, struct app *app)
{
	struct main_geom *g = v->priv;
	MEVENT me;

	if (getmouse(&me) != OK)
		return UI_HANDLED;
	if (me.x >= g->hosts_x && me.x < g->hosts_x + g->hosts_w &&
	    me.y >= g->hosts_y && me.y < g->hosts_y + g->hosts_rows) {
		app->focus = APP_FOCUS_HOSTS;
		app_select_host(app, (size_t)(me.y - g->hosts_y));
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
	const struct command *cmd;

	if (app->prompt)
		return main_prompt_key(app, key);
	if (key == UI_KEY(KEY_MOUSE))
		return main_mouse(v, app);
	if (key == 27 && app->filter[0] != '\0') {	/* Esc clears a filter */
		app->filter[0] = '\0';
		app_reindex(app);
		return UI_HANDLED | UI_REDRAW;
	}
	cmd = commands_lookup(key);
	if (cmd == NULL)
		return UI_UNHANDLED;
	return cmd->run(app);
}

static void
main_free(struct view *v)
{
	free(v->priv);
	free(v);
}

static const struct view_ops main_ops = {
	.name = "main",
	.free = main_free,
	.draw = main_draw,
	.key = main_key,
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
