/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The networks view (N): a host's virtual networks (state, autostart,
 * bridge, forward mode, subnet, DHCP range) and the DHCP leases of the
 * one selected; start, stop, autostart, a NAT network from a name and a
 * subnet, delete. Every call on the host's worker (host/storjob); stop
 * and delete ask, naming the network.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../host/storjob.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "app.h"
#include "draw.h"
#include "keymap.h"
#include "term.h"
#include "theme.h"
#include "view.h"

struct netview {
	int host;
	struct storjob *job;
	struct net_list nets;
	struct net_leases leases;
	char *leases_of;		/* the network they are of */
	char *leases_why;		/* why there are none to show */
	bool loaded;
	long sel;
	char *want;			/* after a reload: select this one */
};

static const struct view_ops net_ops;

static bool
nv_open(struct app *app, const struct view *v)
{
	for (int i = 0; i < app->nviews; i++)
		if (app->views[i] == v && v->ops == &net_ops)
			return true;
	return false;
}

static const struct net_info *
nv_sel(const struct netview *nv)
{
	return nv->sel >= 0 && (size_t)nv->sel < nv->nets.count ?
	    &nv->nets.n[nv->sel] : NULL;
}

static void
nv_run(struct app *app, struct netview *nv, const struct storjob_args *a)
{
	storjob_free(nv->job);
	nv->job = storjob_start(app->hosts[nv->host], app->q, a);
}

static void
nv_reload(struct app *app, struct netview *nv)
{
	struct storjob_args a = { .kind = SJ_NETS };

	nv_run(app, nv, &a);
}

static void
nv_read_leases(struct app *app, struct netview *nv)
{
	const struct net_info *n = nv_sel(nv);
	struct storjob_args a = { .kind = SJ_LEASES };

	net_leases_clear(&nv->leases);
	free(nv->leases_why);
	nv->leases_why = NULL;
	free(nv->leases_of);
	nv->leases_of = NULL;
	if (n == NULL || !n->active)
		return;
	a.name = n->name;
	nv_run(app, nv, &a);
}

struct nv_ask {
	struct view *v;
	struct storjob_args a;
	char *name, *arg, *arg2;
};

static void
nv_ask_free(void *ctx)
{
	struct nv_ask *k = ctx;

	free(k->name);
	free(k->arg);
	free(k->arg2);
	free(k);
}

static void
nv_go(struct app *app, struct nv_ask *k)
{
	struct netview *nv = k->v->priv;
	struct storjob_args a = k->a;

	a.name = k->name;
	a.arg = k->arg;
	a.arg2 = k->arg2;
	if (a.kind == SJ_NET_DEFINE) {
		free(nv->want);
		nv->want = xstrdup(k->name);
	}
	nv_run(app, nv, &a);
	app_status(app, false, "Working on it…");
}

static void
nv_yes(struct app *app, void *ctx)
{
	struct nv_ask *k = ctx;

	if (nv_open(app, k->v))
		nv_go(app, k);
}

static bool
nv_valid_name(const char *text)
{
	return text[0] != '\0' && strchr(text, '/') == NULL;
}

static bool
nv_valid_cidr(const char *text)
{
	uint32_t a;
	int p;
	const char *why;

	return net_parse_cidr(text, &a, &p, &why);
}

/* START-END as two IPv4 addresses (whether they fit the subnet is
 * net_define_nat's to say) */
static bool
nv_valid_range(const char *text)
{
	const char *dash = strchr(text, '-');
	char a[INET_ADDRSTRLEN];
	struct in_addr ia;

	if (dash == NULL || (size_t)(dash - text) >= sizeof a)
		return false;
	snprintf(a, sizeof a, "%.*s", (int)(dash - text), text);
	return inet_pton(AF_INET, a, &ia) == 1 &&
	    inet_pton(AF_INET, dash + 1, &ia) == 1;
}

static void
nv_range_typed(struct app *app, void *ctx, const char *text)
{
	struct nv_ask *k = ctx;

	if (!nv_open(app, k->v))
		return;
	free(k->arg2);
	k->arg2 = xstrdup(text);
	nv_go(app, k);
}

static void
nv_subnet_typed(struct app *app, void *ctx, const char *text)
{
	struct nv_ask *old = ctx, *k;
	struct view *in;
	uint32_t net;
	int prefix;
	const char *why;
	char range[2 * INET_ADDRSTRLEN + 2] = "";

	if (!nv_open(app, old->v))
		return;
	k = xcalloc(1, sizeof *k);
	k->v = old->v;
	k->a = old->a;
	k->name = xstrdup(old->name);
	k->arg = xstrdup(text);
	/* the default: the subnet after the host's address */
	if (net_parse_cidr(text, &net, &prefix, &why)) {
		struct in_addr a, b;
		char sa[INET_ADDRSTRLEN], sb[INET_ADDRSTRLEN];

		a.s_addr = htonl(net + 2);
		b.s_addr = htonl((net | ~(uint32_t)0 >> prefix) - 1);
		inet_ntop(AF_INET, &a, sa, sizeof sa);
		inet_ntop(AF_INET, &b, sb, sizeof sb);
		snprintf(range, sizeof range, "%s-%s", sa, sb);
	}
	in = view_input_new("New NAT network", "The addresses its DHCP hands "
	    "out (START-END):", nv_range_typed, k, nv_ask_free);
	view_input_check(in, range, nv_valid_range, "Enter: define and start "
	    "it", "not START-END (two IPv4 addresses)");
	app_push(app, in);
}

static void
nv_name_typed(struct app *app, void *ctx, const char *text)
{
	struct nv_ask *old = ctx, *k;
	struct view *in;

	if (!nv_open(app, old->v))
		return;
	k = xcalloc(1, sizeof *k);
	k->v = old->v;
	k->a.kind = SJ_NET_DEFINE;
	k->name = xstrdup(text);
	in = view_input_new("New NAT network", "Its IPv4 subnet (the host "
	    "takes the first address, DHCP the rest):", nv_subnet_typed, k,
	    nv_ask_free);
	view_input_check(in, "10.100.0.0/24", nv_valid_cidr, "Enter: go on",
	    "not ADDRESS/PREFIX with a prefix of 8 to 30");
	app_push(app, in);
}

static unsigned
nv_key(struct view *v, struct app *app, int key)
{
	struct netview *nv = v->priv;
	const struct net_info *n = nv_sel(nv);
	struct nv_ask *k;
	struct view *in;
	char *q;
	struct cmd_target t = { v, CMD_VM, nv->host, NULL, NULL, NULL };
	unsigned common = keymap_run_common(app, &t, key);

	if (common != 0)
		return common;
	switch (key) {
	case 27:
	case 'q':
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	case 'j':
	case UI_KEY(KEY_DOWN):
	case 'k':
	case UI_KEY(KEY_UP): {
		int d = key == 'j' || key == UI_KEY(KEY_DOWN) ? 1 : -1;

		if (nv->sel + d >= 0 && nv->sel + d < (long)nv->nets.count) {
			nv->sel += d;
			nv_read_leases(app, nv);
		}
		return UI_HANDLED | UI_REDRAW;
	}
	case 'R':
		nv_reload(app, nv);
		return UI_HANDLED | UI_REDRAW;
	case 'n':
		if (app_refuse_readonly(app, "a new network"))
			return UI_HANDLED | UI_REDRAW;
		k = xcalloc(1, sizeof *k);
		k->v = v;
		in = view_input_new("New NAT network", "The network's name:",
		    nv_name_typed, k, nv_ask_free);
		view_input_check(in, "", nv_valid_name, "Enter: go on",
		    "not a name (no '/')");
		app_push(app, in);
		return UI_HANDLED | UI_REDRAW;
	}
	if (n == NULL)
		return UI_HANDLED;
	/* -r: starting, stopping, autostart, removing */
	if (strchr("saxD", key) != NULL && key > 0 && key < 128 &&
	    app_refuse_readonly(app, "a network change"))
		return UI_HANDLED | UI_REDRAW;
	k = xcalloc(1, sizeof *k);
	k->v = v;
	k->a.kind = SJ_NET_ACT;
	k->name = xstrdup(n->name);
	switch (key) {
	case 's':
		k->a.action = NET_START;
		nv_go(app, k);
		break;
	case 'a':
		k->a.action = n->autostart ? NET_NO_AUTOSTART : NET_AUTOSTART;
		nv_go(app, k);
		break;
	case 'x':
	case 'D':
		k->a.action = key == 'x' ? NET_STOP : NET_DELETE;
		q = key == 'x' ? xasprintf("Stop network '%s'?\nVMs on it lose "
		    "their network until it starts again.", n->name) :
		    xasprintf("Remove network '%s'?\nIt is stopped and its "
		    "definition goes.", n->name);
		app_push(app, view_confirm_fn_new(q, nv_yes, k, nv_ask_free));
		free(q);
		return UI_HANDLED | UI_REDRAW;
	default:
		break;
	}
	nv_ask_free(k);
	return UI_HANDLED | UI_REDRAW;
}

static void
nv_update(struct view *v, struct app *app, unsigned changed)
{
	struct netview *nv = v->priv;
	struct storjob_result r;
	enum storjob_kind kind;

	(void)changed;
	if (nv->job == NULL || !storjob_done(nv->job, &r))
		return;
	kind = storjob_kind(nv->job);
	storjob_free(nv->job);
	nv->job = NULL;
	if (kind == SJ_NETS) {
		char *was = nv_sel(nv) ? xstrdup(nv_sel(nv)->name) : NULL;

		if (r.ok) {
			net_list_clear(&nv->nets);
			nv->nets = r.nets;
			memset(&r.nets, 0, sizeof r.nets);
			nv->loaded = true;
			for (size_t i = 0; i < nv->nets.count; i++)
				if ((nv->want && strcmp(nv->nets.n[i].name,
				    nv->want) == 0) || (!nv->want && was &&
				    strcmp(nv->nets.n[i].name, was) == 0))
					nv->sel = (long)i;
			free(nv->want);
			nv->want = NULL;
			if (nv->sel >= (long)nv->nets.count)
				nv->sel = (long)nv->nets.count - 1;
			if (nv->sel < 0)
				nv->sel = 0;
			nv_read_leases(app, nv);
		} else
			app_status(app, true, r.msg ? r.msg : "");
		free(was);
	} else if (kind == SJ_LEASES) {
		net_leases_clear(&nv->leases);
		if (r.ok) {
			nv->leases = r.leases;
			memset(&r.leases, 0, sizeof r.leases);
		} else {
			free(nv->leases_why);
			nv->leases_why = r.msg;
			r.msg = NULL;
		}
		free(nv->leases_of);
		nv->leases_of = nv_sel(nv) ? xstrdup(nv_sel(nv)->name) : NULL;
	} else {
		if (r.msg != NULL)
			app_status(app, !r.ok, r.msg);
		nv_reload(app, nv);
	}
	storjob_result_clear(&r);
}

static void
nv_draw(struct view *v, struct app *app, struct ui_area area)
{
	struct netview *nv = v->priv;
	int y = area.y, h = area.h, w = area.w, th;
	char title[256], line[1024];

	erase();
	snprintf(title, sizeof title, "Networks of %s",
	    app->store.hosts[nv->host].label);
	th = (int)nv->nets.count + 4;	/* with the columns' names */
	if (th > h / 2)
		th = h / 2;
	if (th < 5)
		th = 5;
	draw_box(y, area.x, th, w, theme_attr(THEME_TITLE), title);
	if (!nv->loaded)
		draw_text(y + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "reading…", false);
	else if (nv->nets.count == 0)
		draw_text(y + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "No networks: n defines a NAT network.", false);
	if (nv->nets.count > 0) {
		snprintf(line, sizeof line, "%-16s %-8s %-9s %-8s %-8s %-18s %s",
		    "Name", "State", "", "Bridge", "Forward", "Subnet",
		    "DHCP range");
		draw_text(y + 1, area.x + 1, w - 2, theme_attr(THEME_HEADER), line,
		    true);
	}
	for (size_t i = 0; i < nv->nets.count && (int)i < th - 3; i++) {
		const struct net_info *n = &nv->nets.n[i];
		char *name = fmt_sanitize(n->name, false);

		snprintf(line, sizeof line, "%-16s %-8s %-9s %-8s %-8s %-18s %s",
		    name, n->active ? "active" : "inactive", n->autostart ?
		    "autostart" : "", n->bridge ? n->bridge : "–",
		    n->forward ? n->forward : "isolated",
		    n->subnet ? n->subnet : "–", n->dhcp ? n->dhcp : "");
		draw_text(y + 2 + (int)i, area.x + 1, w - 2, (long)i == nv->sel ?
		    theme_attr(THEME_SELECTION) : theme_attr(THEME_NORMAL), line,
		    true);
		free(name);
	}
	const struct net_info *sel = nv_sel(nv);
	int lh = h - th - 3;

	snprintf(title, sizeof title, "DHCP leases of %s%s%s", sel ? "'" : "",
	    sel ? sel->name : "no network", sel ? "'" : "");
	draw_box(y + th, area.x, lh, w, theme_attr(THEME_NORMAL), title);
	if (sel != NULL && !sel->active)
		draw_text(y + th + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "The network is not running: s starts it.", false);
	else if (nv->leases_why != NULL)
		draw_text(y + th + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    nv->leases_why, false);
	else if (nv->leases.n == 0 && nv->leases_of != NULL)
		draw_text(y + th + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "No leases.", false);
	for (size_t i = 0; i < nv->leases.n && (int)i < lh - 2; i++) {
		const struct net_lease *l = &nv->leases.l[i];
		char when[32] = "never";

		if (l->expiry > 0) {
			time_t t = (time_t)l->expiry;
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		}
		snprintf(line, sizeof line, "%-17s  %s/%-3d  %-20s  until %s",
		    l->mac, l->ip, l->prefix, l->hostname ? l->hostname : "–",
		    when);
		draw_text(y + th + 1 + (int)i, area.x + 1, w - 2,
		    theme_attr(THEME_NORMAL), line, true);
	}
	draw_text(y + h - 2, area.x, w, theme_attr(THEME_HINT),
	    " s start · x stop · a autostart · n new NAT network · D remove · "
	    "R read again · j/k move · q back", true);
	draw_text(y + h - 1, area.x, w, theme_attr(app->status_error ?
	    THEME_ERROR : THEME_STATUS), app->status ? app->status : "", true);
}

static void
nv_free(struct view *v)
{
	struct netview *nv = v->priv;

	storjob_free(nv->job);
	net_list_clear(&nv->nets);
	net_leases_clear(&nv->leases);
	free(nv->leases_of);
	free(nv->leases_why);
	free(nv->want);
	free(nv);
	free(v);
}

static const struct view_ops net_ops = {
	.name = "networks", .free = nv_free, .draw = nv_draw, .key = nv_key,
	.update = nv_update,
};

struct view *
view_net_new(struct app *app, int host)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct netview *nv = xcalloc(1, sizeof *nv);

	nv->host = host;
	v->ops = &net_ops;
	v->flags = VIEW_FULLSCREEN;
	v->priv = nv;
	nv_reload(app, nv);
	return v;
}
