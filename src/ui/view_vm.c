/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The VM view (Enter on a VM): its facts, and four graphs of its history
 * (CPU, memory, disk read/write, network rx/tx) with now, average and peak
 * over a window of 1 minute, 10 minutes or 1 hour ([ and ]).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vnc/vncfb.h"
#include "../vnc/vncmap.h"
#include "../stats/history.h"
#include "../host/domxml.h"
#include "../host/snapjob.h"
#include "../host/storjob.h"
#include "../vnc/screenshot.h"
#include "../stats/stats.h"
#include "../util/fmt.h"
#include "../util/graph.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "app.h"
#include "keymap.h"
#include "draw.h"
#include "term.h"
#include "theme.h"
#include "view.h"

#define VM_LABEL_W 6		/* the scale's column left of a graph */
#define VM_MAX_POINTS 512	/* more than any window holds */
#define VM_MAX_W 512		/* widest graph drawn, in cells */
#define VM_MAX_ROWS 64		/* tallest graph drawn */

struct vmview {
	int host;
	char uuid[DOMAIN_UUID_LEN];
	float buf[VM_MAX_POINTS];	/* scratch: one window of one metric */
	float fit[2 * VM_MAX_W];	/* scratch: resampled to the width */
	char rowbuf[VM_MAX_ROWS][GRAPH_ROW_BYTES(VM_MAX_W)];
	char *rows[VM_MAX_ROWS];	/* point into rowbuf */
	/* the screen's picture, beside the CPU and memory graphs */
	struct screenshot_thumb *thumb;	/* being fetched, or NULL */
	int64_t thumb_at;		/* when it was last asked for */
	uint32_t *px;			/* the last picture, or NULL */
	int pw, ph;
	bool no_screen;			/* the VM has none: stop asking */
	struct vncfb_cell *cells;	/* scratch for drawing it */
	size_t ncells;
	/* the accelerator, from the domain's XML */
	struct domxml *xmlreq;		/* being fetched, or NULL */
	struct snapjob *snapreq;	/* its snapshots, being read */
	char *snaps;			/* "snapshots 2, current 'x'", or NULL */
	bool was_top;			/* on top at the last update */
	int xml_for_id;			/* the domain id it was asked for */
	char *accel;			/* "KVM", "TCG (…)", or NULL */
	/* its interfaces and their addresses */
	struct storjob *addrreq;	/* being read, or NULL */
	char *addrs;			/* the line that shows them, or NULL */
	bool addr_found;		/* an address came */
	int addr_for_id;		/* the domain id they were read for */
	int64_t addr_at;		/* when they were last asked for */
};

#define VM_ADDR_MS 10000	/* while none is known, ask again this often */

#define VM_THUMB_MS 5000	/* a new picture this often */
#define VM_PAIR_BASE 256	/* colour pairs of the picture start here */

/* "1 min", "10 min", "1 h" for a span in seconds. */
static char *
span_text(char *buf, size_t len, double secs)
{
	long whole = lround(secs);

	if (whole < 60 || (whole < 3600 && whole % 60 != 0))
		snprintf(buf, len, "%ld s", whole);
	else if (whole < 3600 || whole % 3600 != 0)
		snprintf(buf, len, "%ld min", whole / 60);
	else
		snprintf(buf, len, "%ld h", whole / 3600);
	return buf;
}

/* The window's length in seconds at the app's interval. */
static double
window_secs(struct app *app, const struct history *h)
{
	size_t cap = h != NULL ? history_capacity(h, app->window) :
	    app->window == HISTORY_LEVEL_FINE ? HISTORY_FINE :
	    app->window == HISTORY_LEVEL_MEDIUM ? HISTORY_MEDIUM :
	    config_coarse_points(app->cfg);

	return (double)cap * history_step(app->window) * app->cfg->interval;
}

/* Squeeze n points into cap slots, keeping each bucket's peak. */
static size_t
fit_points(const float *v, size_t n, float *out, size_t cap)
{
	if (n <= cap) {
		memcpy(out, v, n * sizeof *v);
		return n;
	}
	for (size_t i = 0; i < cap; i++) {
		size_t a = i * n / cap, b = (i + 1) * n / cap;
		float m = NAN;

		for (size_t k = a; k < b; k++)
			if (!isnan(v[k]) && (isnan(m) || v[k] > m))
				m = v[k];
		out[i] = m;
	}
	return cap;
}

struct summary {
	float now, avg, peak;
};

static struct summary
summarize(const float *v, size_t n)
{
	struct summary s = { NAN, NAN, NAN };
	double sum = 0;
	size_t k = 0;

	if (n > 0)
		s.now = v[n - 1];
	for (size_t i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		sum += v[i];
		k++;
		if (isnan(s.peak) || v[i] > s.peak)
			s.peak = v[i];
	}
	if (k > 0)
		s.avg = (float)(sum / (double)k);
	return s;
}

/* One graph: a header line, then rows of the graph with its scale. */
static void
vm_graph(struct app *app, struct vmview *vv, const struct history *hist,
    enum stats_metric m, const char *title, float max, enum theme_slot slot,
    int y, int x, int w, int h)
{
	size_t n = hist ? history_window(hist, app->window, m, vv->buf,
	    VM_MAX_POINTS) : 0;
	struct summary s = summarize(vv->buf, n);
	enum graph_style style = app_graph_style(app);
	int gw = w - VM_LABEL_W;
	char a[16], b[16], c[16], head[160], top[16];
	bool ascii = !app->utf8;

	if (isnan(max))
		max = isnan(s.peak) || s.peak <= 0 ? 1 : s.peak;
	snprintf(head, sizeof head, "%s  now %s  avg %s  peak %s", title,
	    stats_format(a, sizeof a, m, s.now, ascii),
	    stats_format(b, sizeof b, m, s.avg, ascii),
	    stats_format(c, sizeof c, m, s.peak, ascii));
	draw_text(y, x, w, theme_attr(THEME_HEADER), head, true);
	if (h < 2 || gw < 4)
		return;

	if (gw > VM_MAX_W)
		gw = VM_MAX_W;
	size_t cap = (size_t)graph_capacity(gw, style);
	size_t k = fit_points(vv->buf, n, vv->fit, cap);
	int rows = h - 1 > VM_MAX_ROWS ? VM_MAX_ROWS : h - 1;
	char **lines = vv->rows;

	graph_render(vv->fit, k, max, gw, rows, style, lines);
	stats_format(top, sizeof top, m, max, ascii);
	for (int r = 0; r < rows; r++) {
		bool empty = n == 0 || isnan(s.peak);

		draw_text(y + 1 + r, x, VM_LABEL_W - 1, theme_attr(THEME_SHUTOFF),
		    empty ? "" : r == 0 ? top : r == rows - 1 ? "0" : "", true);
		draw_text(y + 1 + r, x + VM_LABEL_W, gw, theme_attr(slot),
		    lines[r], true);
	}
	if (n == 0 || isnan(s.peak))
		draw_text(y + 1 + rows / 2, x + VM_LABEL_W + 1, gw - 1,
		    theme_attr(THEME_SHUTOFF), hist == NULL ?
		    "no figures yet: the VM has not been sampled running" :
		    "no figures in this window", false);
}

/* Why a VM has no memory figures, with what would fix it. */
static const char *
memory_reason(const struct vmstat *st)
{
	if (st == NULL)
		return NULL;
	if (!(st->prev.have & (STATS_HAVE_RSS | STATS_HAVE_GUEST_MEM)) &&
	    st->has_prev)
		return "no memory figures: the guest reports none (no balloon "
		    "driver, or no stats period; M sets a 5 s period)";
	if (vmstats_mem_is_host_view(st))
		return "~ the host's view: QEMU's resident size, at most the "
		    "guest's memory; the guest reports none (M sets a 5 s "
		    "stats period)";
	return NULL;
}

/* A colour pair for 256-colour fg on bg, made this draw (pairs from
 * VM_PAIR_BASE; 0 when they run out). */
static short
vm_pair(unsigned fg, unsigned bg, bool reset)
{
	static short pair_of[256 * 256];
	static unsigned gen_of[256 * 256], gen = 1;
	static short next;
	unsigned k = (fg & 0xff) << 8 | (bg & 0xff);

	if (reset) {
		gen++;
		next = VM_PAIR_BASE;
		return 0;
	}
	if (gen_of[k] == gen)
		return pair_of[k];
	if (next >= COLOR_PAIRS - 1 || next >= 32000)
		return 0;
	init_pair(next, (short)fg, (short)bg);
	gen_of[k] = gen;
	pair_of[k] = next;
	return next++;
}

/* The VM's screen in h x w cells at y, x, in half blocks of 256 colours
 * (16 or 8 where the terminal has fewer, if it has the pairs). */
static void
vm_draw_screen(struct vmview *vv, int y, int x, int h, int w)
{
	struct vncmap m;

	if (vv->px == NULL || h < 1 || w < 1)
		return;
	if (vv->ncells < (size_t)h * (size_t)w) {
		vv->ncells = (size_t)h * (size_t)w;
		vv->cells = xreallocarray(vv->cells, vv->ncells,
		    sizeof *vv->cells);
	}
	vncmap_layout(&m, vv->pw, vv->ph, w, h, VNCMAP_FIT, NULL, NULL);
	vncfb_render(&m, vv->px, vv->pw, m.cells, COLORS >= 256 ? VNCFB_256 :
	    VNCFB_16, VNCFB_BLOCKS, vv->cells, w);
	vm_pair(0, 0, true);
	for (int r = m.cells.y; r < m.cells.y + m.cells.h; r++)
		for (int c = m.cells.x; c < m.cells.x + m.cells.w; c++) {
			const struct vncfb_cell *cell = &vv->cells[r * w + c];
			wchar_t wc[2] = { cell->ch == ' ' ? L' ' : 0x2580, 0 };
			cchar_t cc;

			/* 8 colours: the bright half of the 16 as its dark */
			unsigned fg = COLORS < 16 ? cell->fg & 7 : cell->fg;
			unsigned bg = COLORS < 16 ? cell->bg & 7 : cell->bg;

			setcchar(&cc, wc, 0, vm_pair(fg, bg, false), NULL);
			mvadd_wch(y + r, x + c, &cc);
		}
}

static void
vm_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct vmview *vv = v->priv;
	struct store_host *h = &app->store.hosts[vv->host];
	const struct domain_info *d = store_find(h, vv->uuid);
	const struct vmstat *st = vmstats_find(&h->stats, vv->uuid);
	const struct history *hist = st ? st->hist : NULL;
	int rows, cols;
	char line[512], span[32], cur[16], max[16];

	getmaxyx(stdscr, rows, cols);
	erase();
	span_text(span, sizeof span, window_secs(app, hist));
	snprintf(line, sizeof line, " %s  %s  on %s   window %s  "
	    "([ ] window, p sampling, Esc back)%s", d ? d->name : "(gone)",
	    d ? domain_state_label(d) : "", h->uri, span,
	    app->paused ? "  SAMPLING PAUSED" : "");
	draw_text(0, 0, cols, theme_attr(THEME_TITLE), line, true);
	if (d == NULL) {
		draw_text(2, 1, cols - 1, theme_attr(THEME_WARNING),
		    "This VM no longer exists. Esc goes back.", false);
		return;
	}
	/* the accelerator first: the line may be cut at the right */
	snprintf(line, sizeof line, " %s%s%s%s%suuid %s  %s  %u vCPU%s  memory %s "
	    "of %s  autostart %s  %s", vv->snaps ? vv->snaps : "",
	    vv->snaps ? "  " : "", vv->accel ? "accel " : "",
	    vv->accel ? vv->accel : "", vv->accel ? "  " : "", d->uuid,
	    d->id >= 0 ? "running" : "inactive",
	    d->vcpus, d->vcpus == 1 ? "" : "s",
	    fmt_kib(cur, sizeof cur, d->mem_kib),
	    fmt_kib(max, sizeof max, d->maxmem_kib),
	    d->autostart ? "on" : "off",
	    d->persistent ? "persistent" : "transient");
	draw_text(1, 0, cols, theme_attr(THEME_NORMAL), line, true);
	draw_text(2, 0, cols, theme_attr(THEME_NORMAL), vv->addrs ? vv->addrs :
	    " interfaces …", true);

	/* four panels; the last two split in halves side by side */
	int top = 3, space = rows - top - 2, ph = space / 4, half = cols / 2;
	float assigned = st ? st->now[STATS_MEM_ASSIGNED] : NAN;
	if (isnan(assigned))
		assigned = (float)d->mem_kib;

	/* the screen's picture at the right of CPU and memory, where there
	 * is room and colour for it */
	int gw = cols;
	if (vv->px != NULL && cols >= 90 && app->color && app->utf8 &&
	    COLOR_PAIRS >= VM_PAIR_BASE + 256 && 2 * ph >= 6) {
		int pw = cols / 3;

		gw = cols - pw;
		draw_box(top, gw, 2 * ph, pw, theme_attr(THEME_BORDER),
		    "Screen (v opens it)");
		vm_draw_screen(vv, top + 1, gw + 1, 2 * ph - 2, pw - 2);
	}
	vm_graph(app, vv, hist, STATS_CPU, "CPU %", 100, THEME_GRAPH_CPU,
	    top, 0, gw, ph);
	vm_graph(app, vv, hist, STATS_MEM_USED, vmstats_mem_is_host_view(st) ?
	    "Memory ~" : "Memory used", assigned,
	    THEME_GRAPH_MEMORY, top + ph, 0, gw, ph);
	if (memory_reason(st) != NULL)
		draw_text(top + ph + ph / 2, VM_LABEL_W + 1, cols - VM_LABEL_W - 1,
		    theme_attr(THEME_WARNING), memory_reason(st), false);
	vm_graph(app, vv, hist, STATS_DISK_RD, "Disk read/s", NAN,
	    THEME_GRAPH_DISK, top + 2 * ph, 0, half - 1, ph);
	vm_graph(app, vv, hist, STATS_DISK_WR, "Disk write/s", NAN,
	    THEME_GRAPH_DISK, top + 2 * ph, half, cols - half, ph);
	vm_graph(app, vv, hist, STATS_NET_RX, "Net rx/s", NAN,
	    THEME_GRAPH_NET, top + 3 * ph, 0, half - 1, ph);
	vm_graph(app, vv, hist, STATS_NET_TX, "Net tx/s", NAN,
	    THEME_GRAPH_NET, top + 3 * ph, half, cols - half, ph);

	/* the time axis */
	snprintf(line, sizeof line, "-%s", span);
	draw_fill(rows - 2, 0, cols, theme_attr(THEME_NORMAL));
	draw_text(rows - 2, VM_LABEL_W, cols - VM_LABEL_W,
	    theme_attr(THEME_SHUTOFF), line, false);
	draw_text(rows - 2, cols - 4, 3, theme_attr(THEME_SHUTOFF), "now",
	    false);
	draw_text(rows - 1, 0, cols, theme_attr(app->status_error ?
	    THEME_ERROR : THEME_STATUS), app->status ? app->status : "", true);
}

static unsigned
vm_key(struct view *v, struct app *app, int key)
{
	struct vmview *vv = v->priv;
	const struct command *cmd;

	if (key == 27 || key == 'q' || key == '\r')
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	/* the commands of the VM view's scope, on its VM */
	cmd = keymap_lookup_in(CMD_VM, key);
	if (cmd != NULL) {
		const struct domain_info *d = store_find(
		    &app->store.hosts[vv->host], vv->uuid);
		struct cmd_target t = { v, CMD_VM, vv->host, vv->uuid,
		    d ? d->name : NULL, NULL };

		return cmd->run(app, cmd, &t) | UI_REDRAW;
	}
	return UI_HANDLED;
}

/* On each store change and wake-up: take a picture that came, ask for
 * the next. */
/* " vnet0 52:54:00:… on default 192.168.122.5/24 · … (from the DHCP
 * leases)" for the VM view's third line. */
static char *
addr_line(const struct net_ifaces *l)
{
	char *s = xstrdup("");

	for (size_t i = 0; i < l->n; i++) {
		const struct net_iface *f = &l->i[i];
		char *more = xasprintf("%s%s%s%s%s on %s", s, i ? "  ·  " : " ",
		    f->name ? f->name : "", f->name ? " " : "", f->mac ? f->mac :
		    "?", f->source ? f->source : "?");

		free(s);
		s = more;
		for (size_t k = 0; k < f->naddrs; k++) {
			more = xasprintf("%s %s", s, f->addrs[k]);
			free(s);
			s = more;
		}
	}
	char *line = l->n == 0 ? xstrdup(" no network interfaces") :
	    xasprintf("%s  (%s)", s, l->source == NULL ? "no address known" :
	    strcmp(l->source, "lease") == 0 ? "from the DHCP leases" :
	    strcmp(l->source, "agent") == 0 ? "from the guest agent" :
	    "from the host's ARP table");

	free(s);
	return line;
}

/* The interfaces: once, after each start, and while no address is known
 * every VM_ADDR_MS (a guest asks for its lease some time after boot). */
static void
vm_addresses(struct vmview *vv, struct app *app,
    const struct domain_info *d)
{
	struct storjob_result r;
	int64_t now = time_mono_ms();

	if (vv->addrreq != NULL) {
		if (!storjob_done(vv->addrreq, &r))
			return;
		storjob_free(vv->addrreq);
		vv->addrreq = NULL;
		free(vv->addrs);
		vv->addrs = r.ok ? addr_line(&r.ifaces) : xasprintf(" interfaces: "
		    "%s", r.msg ? r.msg : "unknown");
		vv->addr_found = r.ok && r.ifaces.source != NULL;
		storjob_result_clear(&r);
		return;
	}
	if (d == NULL || (vv->addrs != NULL && d->id == vv->addr_for_id &&
	    (vv->addr_found || d->id < 0 || now - vv->addr_at < VM_ADDR_MS)))
		return;
	struct storjob_args a = { .kind = SJ_ADDR, .name = vv->uuid };

	vv->addr_for_id = d->id;
	vv->addr_at = now;
	vv->addrreq = storjob_start(app->hosts[vv->host], app->q, &a);
}

static void
vm_update(struct view *v, struct app *app, unsigned changed)
{
	struct vmview *vv = v->priv;
	const struct domain_info *d = store_find(&app->store.hosts[vv->host],
	    vv->uuid);
	uint32_t *px;
	int w, h;
	char *err = NULL;

	(void)changed;
	/* the snapshots: once, after each start, and back from their view */
	if (vv->snapreq != NULL) {
		struct snapjob_result r;

		if (snapjob_done(vv->snapreq, &r)) {
			snapjob_free(vv->snapreq);
			vv->snapreq = NULL;
			free(vv->snaps);
			vv->snaps = NULL;
			for (size_t i = 0; r.ok && i < r.list.n; i++)
				if (r.list.s[i].current)
					vv->snaps = xasprintf("snapshots %zu, current "
					    "'%s'", r.list.n, r.list.s[i].name);
			if (r.ok && vv->snaps == NULL)
				vv->snaps = xasprintf("snapshots %zu", r.list.n);
			snapjob_result_clear(&r);
		}
	} else if (d != NULL && (vv->snaps == NULL ||
	    d->id != vv->xml_for_id || (app_top(app) == v && !vv->was_top))) {
		struct snapjob_args a = { .kind = SNAPJOB_LIST };

		vv->snapreq = snapjob_start(app->hosts[vv->host], app->q,
		    vv->uuid, &a);
	}
	vv->was_top = app_top(app) == v;
	vm_addresses(vv, app, d);
	if (vv->xmlreq != NULL) {
		char *xml = NULL, *e = NULL;

		if (domxml_result(vv->xmlreq, &xml, &e)) {
			domxml_free(vv->xmlreq);
			vv->xmlreq = NULL;
			free(vv->accel);
			vv->accel = domxml_accel(xml);
			free(xml);
			free(e);
		}
	} else if (d != NULL && (vv->accel == NULL || d->id != vv->xml_for_id)) {
		/* once, and again after each start (a TCG retry changes it) */
		vv->xml_for_id = d->id;
		vv->xmlreq = domxml_start(app->hosts[vv->host], app->q, vv->uuid);
		if (vv->accel == NULL)
			vv->accel = xstrdup("…");
	}
	if (vv->thumb != NULL &&
	    screenshot_thumb_result(vv->thumb, &px, &w, &h, &err)) {
		screenshot_thumb_free(vv->thumb);
		vv->thumb = NULL;
		if (px != NULL) {
			free(vv->px);
			vv->px = px;
			vv->pw = w;
			vv->ph = h;
		} else if (err != NULL && strstr(err, "no screens") != NULL)
			vv->no_screen = true;	/* no display: stop asking */
		free(err);
	}
	if (d == NULL || d->state != DOMAIN_STATE_RUNNING) {
		free(vv->px);		/* no stale picture of a stopped VM */
		vv->px = NULL;
		vv->no_screen = false;
		return;
	}
	if (vv->thumb == NULL && !vv->no_screen && app->color &&
	    COLOR_PAIRS >= VM_PAIR_BASE + 256 &&
	    time_mono_ms() - vv->thumb_at >= VM_THUMB_MS) {
		vv->thumb_at = time_mono_ms();
		vv->thumb = screenshot_thumb_start(app->hosts[vv->host], app->q,
		    vv->uuid);
	}
}

static void
vm_free(struct view *v)
{
	struct vmview *vv = v->priv;

	screenshot_thumb_free(vv->thumb);
	domxml_free(vv->xmlreq);
	snapjob_free(vv->snapreq);
	free(vv->snaps);
	free(vv->accel);
	storjob_free(vv->addrreq);
	free(vv->addrs);
	free(vv->px);
	free(vv->cells);
	free(v->priv);
	free(v);
}

static const struct view_ops vm_ops = {
	.name = "vm", .free = vm_free, .draw = vm_draw, .key = vm_key,
	.update = vm_update,
};

struct view *
view_vm_new(int host, const char *uuid)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct vmview *vv = xcalloc(1, sizeof *vv);

	vv->host = host;
	snprintf(vv->uuid, sizeof vv->uuid, "%s", uuid);
	for (int r = 0; r < VM_MAX_ROWS; r++)
		vv->rows[r] = vv->rowbuf[r];
	v->ops = &vm_ops;
	v->priv = vv;
	return v;
}
