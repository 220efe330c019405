/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The migration view (m): a VM (or each marked VM, one after another)
 * to another connected host. First the options (live or offline, peer to
 * peer, tunnelled, copy storage, persist, undefine the source,
 * auto-converge, compression, post-copy, bandwidth); Enter checks and
 * migrates. Then the checks, each named, and the progress from libvirt's
 * job figures every 500 ms: a bar that goes back only with its reason
 * (a new memory pass), data sent, left and in all, the pass, the dirty
 * rate, the expected downtime, the speed and the time left. x aborts,
 * o switches to post-copy, d sets the maximum downtime. Everything that
 * calls libvirt runs on the hosts' workers and the migration's own
 * threads (host/migjob, vm/migtask).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../host/migjob.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "app.h"
#include "draw.h"
#include "term.h"
#include "theme.h"
#include "view.h"

struct mig_vm {
	char uuid[DOMAIN_UUID_LEN];
	char *name;
	char *result;		/* its end, once over */
	bool ok;
};

struct migview {
	int src, dst;
	struct mig_vm *vms;	/* one, or the marked ones of src */
	size_t n, cur;		/* cur: the one running (or next) */
	struct migrate_opts o;
	int copy;		/* 0 none, 1 all disks, 2 top images only */
	bool started, over;
	struct migjob *job;
	struct migtask_state st;
	bool have_st;
	char *why;		/* the job could not start */
};

static const struct view_ops mig_ops;

static bool
mv_open(struct app *app, const struct view *v)
{
	for (int i = 0; i < app->nviews; i++)
		if (app->views[i] == v && v->ops == &mig_ops)
			return true;
	return false;
}

static const struct domain_info *
mv_dom(struct app *app, const struct migview *mv, size_t i)
{
	return store_find(&app->store.hosts[mv->src], mv->vms[i].uuid);
}

/* Start the next VM's migration. */
static void
mv_next(struct app *app, struct migview *mv)
{
	const struct domain_info *d = mv_dom(app, mv, mv->cur);
	struct migrate_opts o = mv->o;

	/* a shut-off VM moves its definition; a running one live unless
	 * offline was asked */
	if (d != NULL && !domain_state_is_active(d->state)) {
		o.offline = true;
		o.live = false;
		o.persistent = true;
	}
	o.copy_storage = mv->copy > 0 && !o.offline;
	o.copy_inc = mv->copy == 2;
	migjob_free(mv->job);
	mv->job = migjob_start(app->hosts[mv->src], app->hosts[mv->dst], app->q,
	    mv->vms[mv->cur].uuid, app->store.hosts[mv->dst].uri,
	    app->store.hosts[mv->dst].label, &o);
	mv->started = true;
}

static void
mv_downtime_done(struct app *app, void *ctx, const char *text)
{
	struct view *v = ctx;
	struct migview *mv;
	struct migtask *t;
	char *why = NULL;

	if (!mv_open(app, v))
		return;
	mv = v->priv;
	t = mv->job ? migjob_task(mv->job, &why) : NULL;
	free(why);
	if (t != NULL)
		migtask_set_downtime(t, strtoull(text, NULL, 10));
}

static bool
mv_number_ok(const char *text)
{
	char *end;

	return text[0] != '\0' && strtoull(text, &end, 10) > 0 && *end == '\0';
}

static void
mv_bandwidth_done(struct app *app, void *ctx, const char *text)
{
	struct view *v = ctx;

	if (mv_open(app, v))
		((struct migview *)v->priv)->o.bandwidth = strtoul(text, NULL,
		    10);
}

static void
mv_uri_done(struct app *app, void *ctx, const char *text)
{
	struct view *v = ctx;
	struct migview *mv;

	if (!mv_open(app, v))
		return;
	mv = v->priv;
	free(mv->o.migrate_uri);
	mv->o.migrate_uri = text[0] ? xstrdup(text) : NULL;
}

static unsigned
mv_key(struct view *v, struct app *app, int key)
{
	struct migview *mv = v->priv;
	struct migtask *t = NULL;
	char *why = NULL;

	if (mv->job != NULL)
		t = migjob_task(mv->job, &why);
	free(why);
	if (!mv->started) {
		switch (key) {
		case 'q':
		case 27:
			return UI_HANDLED | UI_CLOSE | UI_REDRAW;
		case '\r':
			mv_next(app, mv);
			break;
		case 'l':
			mv->o.live = !mv->o.live;
			mv->o.offline = !mv->o.live;
			break;
		case 'p':
			mv->o.p2p = !mv->o.p2p;
			mv->o.tunnelled &= mv->o.p2p;
			break;
		case 't':
			mv->o.tunnelled = !mv->o.tunnelled;
			mv->o.p2p |= mv->o.tunnelled;
			break;
		case 'c':
			mv->copy = (mv->copy + 1) % 3;
			break;
		case 'P':
			mv->o.persistent = !mv->o.persistent;
			break;
		case 'U':
			mv->o.undefine_source = !mv->o.undefine_source;
			mv->o.persistent |= mv->o.undefine_source;
			break;
		case 'a':
			mv->o.auto_converge = !mv->o.auto_converge;
			break;
		case 'z':
			mv->o.compressed = !mv->o.compressed;
			break;
		case 'o':
			mv->o.postcopy = !mv->o.postcopy;
			break;
		case 'u': {
			struct view *in = view_input_new("Data address", "Where "
			    "QEMU sends the data (tcp://HOST[:PORT]; empty: the "
			    "destination URI's host, else libvirt's choice):",
			    mv_uri_done, v, NULL);

			view_input_check(in, mv->o.migrate_uri ? mv->o.migrate_uri :
			    "", NULL, "Enter: set    Esc: cancel", NULL);
			app_push(app, in);
			break;
		}
		case 'b': {
			struct view *in = view_input_new("Bandwidth", "At most this "
			    "many MiB/s (0 or empty: no limit):",
			    mv_bandwidth_done, v, NULL);

			view_input_check(in, "", mv_number_ok, "Enter: set    Esc: "
			    "cancel", "a whole number of MiB/s above 0");
			app_push(app, in);
			break;
		}
		default:
			return UI_HANDLED;
		}
		return UI_HANDLED | UI_REDRAW;
	}
	switch (key) {
	case 'q':
	case 27:
		if (!mv->over)
			app_status(app, false, "The migration goes on; its end shows "
			    "in the lists.");
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	case 'x':
		if (t != NULL && !mv->over) {
			migtask_abort(t);
			app_status(app, false, "Asked libvirt to abort the "
			    "migration…");
		}
		break;
	case 'o':
		if (t != NULL && !mv->over && mv->o.postcopy)
			migtask_postcopy(t);
		else if (!mv->o.postcopy)
			app_status(app, true, "Post-copy was not allowed when the "
			    "migration began (o before Enter).");
		break;
	case 'd':
		if (t != NULL && !mv->over) {
			struct view *in = view_input_new("Maximum downtime",
			    "The longest pause the switch-over may take, in "
			    "ms:", mv_downtime_done, v, NULL);

			view_input_check(in, "", mv_number_ok, "Enter: set    Esc: "
			    "cancel", "a whole number of milliseconds");
			app_push(app, in);
		}
		break;
	default:
		return UI_HANDLED;
	}
	return UI_HANDLED | UI_REDRAW;
}

/* Take the task's news; the end of one VM starts the next. */
static unsigned
mv_poll(struct view *v, struct app *app, int64_t now, int64_t *next)
{
	struct migview *mv = v->priv;
	struct migtask *t;
	char *why = NULL;

	if (!mv->started || mv->over)
		return 0;
	*next = now + 250;
	t = migjob_task(mv->job, &why);
	if (why != NULL) {
		free(mv->why);
		mv->why = why;
		mv->vms[mv->cur].result = xstrdup(why);
		mv->vms[mv->cur].ok = false;
		app_status(app, true, why);
		mv->over = true;
		return UI_REDRAW;
	}
	if (t == NULL)
		return 0;
	if (mv->have_st)
		migtask_state_clear(&mv->st);
	migtask_get(t, &mv->st);
	mv->have_st = true;
	if (mv->st.phase == MIGTASK_CHECKING || mv->st.phase == MIGTASK_RUNNING)
		return UI_REDRAW;
	/* this one is over */
	mv->vms[mv->cur].ok = mv->st.phase == MIGTASK_DONE;
	mv->vms[mv->cur].result = xstrdup(mv->st.msg ? mv->st.msg : "");
	app_status(app, !mv->vms[mv->cur].ok, mv->vms[mv->cur].result);
	host_submit_refresh(app->hosts[mv->src]);
	host_submit_refresh(app->hosts[mv->dst]);
	if (mv->cur + 1 < mv->n) {
		mv->cur++;
		mv_next(app, mv);
	} else
		mv->over = true;
	return UI_REDRAW;
}

static void
mv_line(int y, const struct ui_area *a, attr_t attr, const char *text)
{
	if (y < a->y + a->h - 2)
		draw_text(y, a->x + 2, a->w - 4, attr, text, true);
}

static void
mv_draw(struct view *v, struct app *app, struct ui_area area)
{
	struct migview *mv = v->priv;
	char title[512], line[1024];
	int y = area.y + 1;
	attr_t n = theme_attr(THEME_NORMAL);

	erase();
	if (mv->n == 1)
		snprintf(title, sizeof title, "Migrate VM '%s' from %s to %s",
		    mv->vms[0].name, app->store.hosts[mv->src].label,
		    app->store.hosts[mv->dst].label);
	else
		snprintf(title, sizeof title, "Migrate %zu marked VMs from %s to "
		    "%s, one after another (%zu of %zu)", mv->n,
		    app->store.hosts[mv->src].label,
		    app->store.hosts[mv->dst].label, mv->cur + 1, mv->n);
	draw_box(area.y, area.x, area.h - 2, area.w, theme_attr(THEME_TITLE),
	    title);
	static const char *const copies[] = { "no (shared storage)",
	    "all disks", "top images only (backing files are there)" };
	const struct { int key; const char *what; bool on; const char *val; }
	    rows[] = {
		{ 'l', "live (keep it running; off: move a shut-off VM's "
		    "definition)", mv->o.live, NULL },
		{ 'p', "peer to peer (the source's libvirtd reaches the "
		    "destination)", mv->o.p2p, NULL },
		{ 't', "tunnelled (data through libvirtd's connection)",
		    mv->o.tunnelled, NULL },
		{ 'c', "copy storage", mv->copy > 0, copies[mv->copy] },
		{ 'P', "persist on the destination", mv->o.persistent, NULL },
		{ 'U', "undefine on the source", mv->o.undefine_source, NULL },
		{ 'a', "auto-converge", mv->o.auto_converge, NULL },
		{ 'z', "compression", mv->o.compressed, NULL },
		{ 'o', "allow post-copy (o switches while it runs)",
		    mv->o.postcopy, NULL },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		snprintf(line, sizeof line, "%c  [%s] %s%s%s", rows[i].key,
		    rows[i].on ? "x" : " ", rows[i].what, rows[i].val ? ": " :
		    "", rows[i].val ? rows[i].val : "");
		mv_line(y++, &area, mv->started ? theme_attr(THEME_SHUTOFF) : n,
		    line);
	}
	if (mv->o.bandwidth)
		snprintf(line, sizeof line, "b  bandwidth: at most %lu MiB/s",
		    mv->o.bandwidth);
	else
		snprintf(line, sizeof line, "b  bandwidth: no limit");
	mv_line(y++, &area, mv->started ? theme_attr(THEME_SHUTOFF) : n, line);
	snprintf(line, sizeof line, "u  data address: %s", mv->o.migrate_uri ?
	    mv->o.migrate_uri : "the destination URI's host (libvirt's "
	    "choice for a local URI)");
	mv_line(y++, &area, mv->started ? theme_attr(THEME_SHUTOFF) : n, line);
	y++;
	if (mv->n > 1)
		for (size_t i = 0; i < mv->n; i++) {
			snprintf(line, sizeof line, "%s %s%s%s", i == mv->cur &&
			    !mv->over ? ">" : " ", mv->vms[i].name,
			    mv->vms[i].result ? ": " : "", mv->vms[i].result ?
			    mv->vms[i].result : "");
			mv_line(y++, &area, mv->vms[i].result ? theme_attr(
			    mv->vms[i].ok ? THEME_RUNNING : THEME_ERROR) : n, line);
		}
	if (mv->have_st) {
		const struct migtask_state *s = &mv->st;

		for (size_t i = 0; i < s->checks.n; i++) {
			snprintf(line, sizeof line, "%s %s%s%s",
			    !s->checks.c[i].checked ? "?" : s->checks.c[i].ok ?
			    "✓" : "✗", s->checks.c[i].what, s->checks.c[i].why ?
			    ": " : "", s->checks.c[i].why ? s->checks.c[i].why :
			    "");
			mv_line(y++, &area, theme_attr(!s->checks.c[i].checked ?
			    THEME_PAUSED : s->checks.c[i].ok ? THEME_RUNNING :
			    THEME_ERROR), line);
		}
		if (s->phase == MIGTASK_CHECKING)
			mv_line(y++, &area, n, "Checking…");
		if (s->reads > 0) {
			int bw = area.w - 12;
			int fill = (int)(s->progress.percent * bw / 100.0);
			char *fig = migrate_progress_line(&s->progress, &s->stats);

			y++;
			if (bw > 4 && y < area.y + area.h - 2) {
				draw_text(y, area.x + 2, bw, theme_attr(THEME_RUNNING) |
				    A_REVERSE, "", false);
				for (int k = 0; k < bw; k++)
					draw_text(y, area.x + 2 + k, 1, k < fill ?
					    theme_attr(THEME_RUNNING) | A_REVERSE :
					    theme_attr(THEME_SHUTOFF), k < fill ? " " :
					    "·", true);
				snprintf(line, sizeof line, " %3.0f%%",
				    s->progress.percent);
				draw_text(y, area.x + 2 + bw, 8, n, line, true);
			}
			y++;
			mv_line(y++, &area, n, fig);
			free(fig);
			if (s->progress.note[0])
				mv_line(y++, &area, theme_attr(THEME_PAUSED),
				    s->progress.note);
			if (s->postcopy)
				mv_line(y++, &area, theme_attr(THEME_PAUSED),
				    "post-copy: the VM runs on the destination");
		} else if (s->phase == MIGTASK_RUNNING)
			mv_line(y++, &area, n, "Migrating… (libvirt has given no "
			    "figures yet)");
		if (s->note != NULL)
			mv_line(y++, &area, theme_attr(THEME_PAUSED), s->note);
		if (s->msg != NULL)
			mv_line(y++, &area, theme_attr(s->phase == MIGTASK_DONE ?
			    THEME_RUNNING : THEME_ERROR), s->msg);
	} else if (mv->why != NULL)
		mv_line(y++, &area, theme_attr(THEME_ERROR), mv->why);
	else if (mv->started)
		mv_line(y++, &area, n, "Reaching both hosts…");
	draw_text(area.y + area.h - 2, area.x, area.w, theme_attr(THEME_HINT),
	    !mv->started ? " Enter: check and migrate · the letters switch "
	    "options · q back" : mv->over ? " q back" : " x abort · o "
	    "post-copy · d max downtime · q back (it goes on)", true);
	draw_text(area.y + area.h - 1, area.x, area.w, theme_attr(
	    app->status_error ? THEME_ERROR : THEME_STATUS), app->status ?
	    app->status : "", true);
}

static void
mv_free(struct view *v)
{
	struct migview *mv = v->priv;

	migjob_free(mv->job);
	if (mv->have_st)
		migtask_state_clear(&mv->st);
	for (size_t i = 0; i < mv->n; i++) {
		free(mv->vms[i].name);
		free(mv->vms[i].result);
	}
	free(mv->vms);
	free(mv->why);
	migrate_opts_clear(&mv->o);
	free(mv);
	free(v);
}

static const struct view_ops mig_ops = {
	.name = "migrate", .free = mv_free, .draw = mv_draw, .key = mv_key,
	.poll = mv_poll,
};

struct view *
view_migrate_new(struct app *app, int src, int dst, const char *const *uuids,
    size_t n)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct migview *mv = xcalloc(1, sizeof *mv);
	bool any_running = false;

	mv->src = src;
	mv->dst = dst;
	mv->vms = xcalloc(n ? n : 1, sizeof *mv->vms);
	for (size_t i = 0; i < n; i++) {
		const struct domain_info *d = store_find(&app->store.hosts[src],
		    uuids[i]);

		snprintf(mv->vms[mv->n].uuid, DOMAIN_UUID_LEN, "%s", uuids[i]);
		mv->vms[mv->n].name = xstrdup(d ? d->name : uuids[i]);
		any_running |= d != NULL && domain_state_is_active(d->state);
		mv->n++;
	}
	/* virsh's defaults, and virt-manager's: live, persistent there */
	mv->o.live = any_running;
	mv->o.offline = !any_running;
	mv->o.persistent = true;
	v->ops = &mig_ops;
	v->flags = VIEW_FULLSCREEN;
	v->priv = mv;
	return v;
}
