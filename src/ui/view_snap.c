/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The snapshots view (S): a VM's snapshots as a tree, and making,
 * reverting and deleting them, every libvirt call on its host's worker
 * (host/snapjob), every destructive step asked first, naming the VM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../host/snapjob.h"
#include "../util/fmt.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "app.h"
#include "draw.h"
#include "keymap.h"
#include "term.h"
#include "theme.h"
#include "view.h"

struct snapview {
	int host;
	char uuid[DOMAIN_UUID_LEN];
	char *vm;			/* its name */
	struct snapjob *job;		/* one at a time, or NULL */
	enum snapjob_kind kind;		/* the job's */
	char *job_name;			/* the snapshot it is about */
	unsigned job_flags;
	struct snap_list list;
	unsigned long libvirt;		/* the host's, from the last list */
	bool vm_active;
	bool loaded;			/* a list came */
	long sel, top;
	struct view *view;
};

static const struct view_ops snap_ops;

/* Whether v (a snapshots view) is still open: a question's answer may
 * come after it closed. */
static bool
snap_open(struct app *app, const struct view *v)
{
	for (int i = 0; i < app->nviews; i++)
		if (app->views[i] == v && v->ops == &snap_ops)
			return true;
	return false;
}

static void
snap_run(struct app *app, struct snapview *sv, const struct snapjob_args *a)
{
	/* a->name may be the old job's name itself: the copy goes on */
	struct snapjob_args b = *a;
	char *name = a->name ? xstrdup(a->name) : NULL;

	snapjob_free(sv->job);
	free(sv->job_name);
	sv->job_name = name;
	b.name = name;
	sv->job_flags = b.flags;
	sv->kind = b.kind;
	sv->job = snapjob_start(app->hosts[sv->host], app->q, sv->uuid, &b);
}

/* Read the snapshots again; the one the last job was about is then
 * selected (a new one, after its create). */
static void
snap_reload(struct app *app, struct snapview *sv)
{
	struct snapjob_args a = { .kind = SNAPJOB_LIST, .name = sv->job_name };

	snap_run(app, sv, &a);
}

static const struct snapshot *
snap_selected(const struct snapview *sv)
{
	return sv->sel >= 0 && (size_t)sv->sel < sv->list.n ?
	    &sv->list.s[sv->sel] : NULL;
}

/* --- making one ------------------------------------------------------------ */

struct snap_new {
	struct view *v;
	char *name;
	char *description;
};

static void
snap_new_free(void *ctx)
{
	struct snap_new *n = ctx;

	free(n->name);
	free(n->description);
	free(n);
}

static void
snap_new_go(struct app *app, struct snap_new *n, bool disk_only,
    bool quiesce)
{
	struct snapview *sv = n->v->priv;
	struct snapjob_args a = { .kind = SNAPJOB_CREATE, .name = n->name,
	    .description = n->description, .disk_only = disk_only,
	    .quiesce = quiesce };
	char *msg;

	snap_run(app, sv, &a);
	msg = xasprintf("Snapshotting VM '%s' as '%s'…", sv->vm, n->name);
	app_status(app, false, msg);
	free(msg);
}

static void
snap_new_mode(struct app *app, void *ctx, size_t i)
{
	struct snap_new *n = ctx;

	if (!snap_open(app, n->v) || i > 2)
		return;
	snap_new_go(app, n, i > 0, i == 2);
}

static void
snap_new_described(struct app *app, void *ctx, const char *text)
{
	struct snap_new *n = ctx;
	struct snapview *sv;
	static const char *const modes[] = {
		"With its memory: it resumes where it was",
		"Disks only (an external snapshot)",
		"Disks only, its file systems frozen by the guest agent",
	};

	if (!snap_open(app, n->v))
		return;
	sv = n->v->priv;
	n->description = text[0] ? xstrdup(text) : NULL;
	/* the state the lists show now (the snapshot list may still be
	 * on its way) */
	const struct domain_info *d = store_find(&app->store.hosts[sv->host],
	    sv->uuid);
	if (d != NULL && !domain_state_is_active(d->state)) {
		/* a shut-off VM has no memory to keep: disks it is */
		snap_new_go(app, n, false, false);
		return;
	}
	struct snap_new *m = xcalloc(1, sizeof *m);
	m->v = n->v;
	m->name = xstrdup(n->name);
	m->description = n->description ? xstrdup(n->description) : NULL;
	app_push(app, view_choose_new("A snapshot of the running VM:", modes,
	    3, snap_new_mode, m, snap_new_free));
}

static bool
snap_name_valid(const char *text)
{
	const char *why;

	return snapshot_name_ok(text, &why);
}

static void
snap_new_named(struct app *app, void *ctx, const char *text)
{
	struct snap_new *n = ctx, *m;

	if (!snap_open(app, n->v))
		return;
	m = xcalloc(1, sizeof *m);
	m->v = n->v;
	m->name = xstrdup(text);
	app_push(app, view_input_new("New snapshot", "A description (Enter for "
	    "none):", snap_new_described, m, snap_new_free));
}

static void
snap_new(struct app *app, struct view *v)
{
	struct snapview *sv = v->priv;
	struct snap_new *n = xcalloc(1, sizeof *n);
	char *q = xasprintf("Snapshot VM '%s' as:", sv->vm);
	char *def = snapshot_default_name((int64_t)time(NULL));
	struct view *in;

	n->v = v;
	in = view_input_new("New snapshot", q, snap_new_named, n,
	    snap_new_free);
	view_input_check(in, def, snap_name_valid, "Enter: next",
	    "not a snapshot name (no '/', no control characters, not empty)");
	app_push(app, in);
	free(def);
	free(q);
}

/* --- reverting and deleting ------------------------------------------------- */

struct snap_ask {
	struct view *v;
	struct snapjob_args a;
	char *name;
};

static void
snap_ask_free(void *ctx)
{
	struct snap_ask *k = ctx;

	free(k->name);
	free(k);
}

static void
snap_ask_yes(struct app *app, void *ctx)
{
	struct snap_ask *k = ctx;
	struct snapview *sv;
	char *msg;

	if (!snap_open(app, k->v))
		return;
	sv = k->v->priv;
	k->a.name = k->name;
	snap_run(app, sv, &k->a);
	msg = xasprintf("%s snapshot '%s' of VM '%s'…", k->a.kind ==
	    SNAPJOB_REVERT ? "Reverting to" : "Deleting", k->name, sv->vm);
	app_status(app, false, msg);
	free(msg);
}

static void
snap_ask(struct app *app, struct view *v, const struct snapjob_args *a,
    const char *question)
{
	struct snap_ask *k = xcalloc(1, sizeof *k);

	k->v = v;
	k->a = *a;
	k->name = xstrdup(a->name);
	app_push(app, view_confirm_fn_new(question, snap_ask_yes, k,
	    snap_ask_free));
}

static void
snap_revert(struct app *app, struct view *v, bool paused)
{
	struct snapview *sv = v->priv;
	const struct snapshot *s = snap_selected(sv);
	struct snapjob_args a = { .kind = SNAPJOB_REVERT, .paused = paused };
	char *why, *loss, *q;

	if (s == NULL)
		return;
	why = snapshot_revert_refusal(sv->libvirt, sv->vm, s);
	if (why != NULL) {
		app_status(app, true, why);
		free(why);
		return;
	}
	a.name = s->name;
	loss = snapshot_revert_loss(sv->vm, s, sv->vm_active);
	q = xasprintf("Revert VM '%s' to snapshot '%s'%s?\n%s", sv->vm, s->name,
	    paused ? ", paused" : "", loss);
	snap_ask(app, v, &a, q);
	free(q);
	free(loss);
}

/* The delete's plan came: ask, listing each file, or say why not. */
static void
snap_delete_ask(struct app *app, struct view *v, struct snapjob_result *r)
{
	struct snapview *sv = v->priv;
	struct snapjob_args a = { .kind = SNAPJOB_DELETE, .name = sv->job_name,
	    .flags = sv->job_flags };
	char *q, *msg;

	if (!r->ok || r->files.refusal != NULL) {
		msg = r->ok ? xasprintf("Will not delete snapshot '%s' of VM '%s': "
		    "%s.", sv->job_name, sv->vm, r->files.refusal) :
		    xstrdup(r->msg);
		app_status(app, true, msg);
		free(msg);
		return;
	}
	q = xasprintf("Delete snapshot '%s'%s of VM '%s'?\n%s", sv->job_name,
	    sv->job_flags & SNAPSHOT_DELETE_CHILDREN ? " and its children" : "",
	    sv->vm, sv->job_flags & SNAPSHOT_DELETE_METADATA ? "Only libvirt's "
	    "record goes; every file stays." : r->files.nremoved == 0 ?
	    "No file is removed (an internal snapshot's data is freed inside "
	    "its images); its children move up to its parent." :
	    "These files are merged into the one below and removed:");
	for (size_t i = 0; i < r->files.nremoved; i++) {
		char *more = xasprintf("%s\n  %s%s%s", q, r->files.removed[i],
		    r->files.into[i] ? " → " : "",
		    r->files.into[i] ? r->files.into[i] : "");

		free(q);
		q = more;
	}
	snap_ask(app, v, &a, q);
	free(q);
}

static void
snap_delete(struct app *app, struct view *v, unsigned flags)
{
	struct snapview *sv = v->priv;
	const struct snapshot *s = snap_selected(sv);
	struct snapjob_args a = { .kind = SNAPJOB_DELETE_PLAN, .flags = flags };

	if (s == NULL)
		return;
	a.name = s->name;
	snap_run(app, sv, &a);
}

/* --- the view ---------------------------------------------------------------- */

static void
snap_update(struct view *v, struct app *app, unsigned changed)
{
	struct snapview *sv = v->priv;
	struct snapjob_result r;

	(void)changed;
	if (sv->job == NULL || !snapjob_done(sv->job, &r))
		return;
	snapjob_free(sv->job);
	sv->job = NULL;
	switch (sv->kind) {
	case SNAPJOB_LIST:
		if (r.ok) {
			snap_list_clear(&sv->list);
			sv->list = r.list;
			memset(&r.list, 0, sizeof r.list);
			sv->libvirt = r.libvirt;
			sv->vm_active = r.vm_active;
			sv->loaded = true;
			for (size_t i = 0; i < sv->list.n; i++)
				if (sv->job_name != NULL &&
				    strcmp(sv->list.s[i].name, sv->job_name) == 0)
					sv->sel = (long)i;
			if (sv->sel >= (long)sv->list.n)
				sv->sel = (long)sv->list.n - 1;
			if (sv->sel < 0)
				sv->sel = 0;
		} else if (r.msg != NULL)
			app_status(app, true, r.msg);
		break;
	case SNAPJOB_DELETE_PLAN:
		snap_delete_ask(app, v, &r);
		break;
	default:
		if (r.msg != NULL)
			app_status(app, !r.ok, r.msg);
		snap_reload(app, sv);
		break;
	}
	snapjob_result_clear(&r);
}

static unsigned
snap_poll(struct view *v, struct app *app, int64_t now, int64_t *next)
{
	struct snapview *sv = v->priv;

	(void)app;
	if (sv->job == NULL || sv->kind == SNAPJOB_LIST)
		return 0;
	/* the elapsed time of a long job counts up */
	*next = now + 1000;
	return UI_REDRAW;
}

static void
snap_draw(struct view *v, struct app *app, struct ui_area area)
{
	struct snapview *sv = v->priv;
	int y = area.y, h = area.h, w = area.w, rows, r = 0;
	char title[256], line[1024], when[32];

	snprintf(title, sizeof title, "Snapshots of VM '%s' on %s", sv->vm,
	    app->store.hosts[sv->host].label);
	erase();
	/* the box, its last three lines the selected one's disks; under it
	 * the keys (or the job's progress) and the status */
	draw_box(y, area.x, h - 2, w, theme_attr(THEME_TITLE), title);
	rows = h - 7;
	if (!sv->loaded)
		draw_text(y + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "reading…", false);
	else if (sv->list.n == 0)
		draw_text(y + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "No snapshots yet: n makes one.", false);
	if (sv->sel < sv->top)
		sv->top = sv->sel;
	if (sv->sel >= sv->top + rows)
		sv->top = sv->sel - rows + 1;
	for (long i = sv->top; i < (long)sv->list.n && r < rows; i++, r++) {
		const struct snapshot *s = &sv->list.s[i];
		time_t t = (time_t)s->created;
		struct tm tm;
		char *name = fmt_sanitize(s->name, false);
		char *desc = s->description ? fmt_sanitize(s->description,
		    false) : xstrdup("");

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		snprintf(line, sizeof line, "%*s%s %s  %s  %s  %s  %s",
		    2 * s->depth, "", s->current ? "*" : " ", name, when,
		    s->state ? s->state : "?",
		    snapshot_kind_name(snapshot_kind(s)), desc);
		draw_text(y + 1 + r, area.x + 1, w - 2, i == sv->sel ?
		    theme_attr(THEME_SELECTION) : theme_attr(THEME_NORMAL), line,
		    true);
		free(name);
		free(desc);
	}
	/* the selected one's memory, disks and files */
	const struct snapshot *s = snap_selected(sv);
	int line0 = 0;

	if (s != NULL && s->memory != SNAP_NONE) {
		char kib[24] = "";

		if (s->vmstate > 0)
			fmt_kib(kib, sizeof kib, s->vmstate / 1024);
		snprintf(line, sizeof line, "  memory: %s%s%s%s%s",
		    snapshot_kind_name(s->memory), s->memory_file ? ", " : "",
		    s->memory_file ? s->memory_file : "", kib[0] ? ", " : "",
		    kib[0] ? kib : "");
		if (kib[0] && s->memory == SNAP_INTERNAL)
			snprintf(line + strlen(line), sizeof line - strlen(line),
			    " in the disk image");
		draw_text(y + h - 6, area.x + 1, w - 2, theme_attr(THEME_NORMAL),
		    line, true);
		line0 = 1;
	}
	for (size_t k = 0; s != NULL && k < s->ndisks && line0 + (int)k < 3;
	    k++) {
		char kib[24] = "";

		if (s->disks[k].size > 0)
			fmt_kib(kib, sizeof kib, s->disks[k].size / 1024);
		snprintf(line, sizeof line, "  %s: %s%s%s%s%s%s",
		    s->disks[k].target ? s->disks[k].target : "?",
		    snapshot_kind_name(s->disks[k].kind),
		    s->disks[k].file ? ", " : "",
		    s->disks[k].file ? s->disks[k].file : "",
		    kib[0] ? " (" : "", kib, kib[0] ? " on disk)" : "");
		draw_text(y + h - 6 + line0 + (int)k, area.x + 1, w - 2,
		    theme_attr(THEME_NORMAL), line, true);
	}
	if (sv->job != NULL && sv->kind != SNAPJOB_LIST) {
		int pct = snapjob_percent(sv->job);
		char how[64] = "";

		if (pct >= 0)
			snprintf(how, sizeof how, ", %d %% by libvirt's job "
			    "figures", pct);
		snprintf(line, sizeof line, "working… %lld s%s",
		    (long long)((time_mono_ms() - snapjob_started(sv->job)) /
		    1000), how);
		draw_text(y + h - 2, area.x, w, theme_attr(THEME_WARNING), line,
		    true);
	} else {
		snprintf(line, sizeof line, " n new · r revert · P revert "
		    "paused · d delete · D with its children · m its record "
		    "only · R read again · j/k move · q or Esc back");
		draw_text(y + h - 2, area.x, w, theme_attr(THEME_HINT), line,
		    true);
	}
	draw_text(y + h - 1, area.x, w, theme_attr(app->status_error ?
	    THEME_ERROR : THEME_STATUS), app->status ? app->status : "", true);
}

static unsigned
snap_key(struct view *v, struct app *app, int key)
{
	struct snapview *sv = v->priv;
	/* a list being re-read does not hold anything up (a new job
	 * replaces it, and re-reads when done) */
	bool busy = sv->job != NULL && sv->kind != SNAPJOB_LIST;
	struct cmd_target t = { v, CMD_VM, sv->host, sv->uuid, sv->vm, NULL };
	unsigned common = keymap_run_common(app, &t, key);

	if (common != 0)
		return common;
	switch (key) {
	case 27:
	case 'q':
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	case 'j':
	case UI_KEY(KEY_DOWN):
		if (sv->sel + 1 < (long)sv->list.n)
			sv->sel++;
		return UI_HANDLED | UI_REDRAW;
	case 'k':
	case UI_KEY(KEY_UP):
		if (sv->sel > 0)
			sv->sel--;
		return UI_HANDLED | UI_REDRAW;
	}
	/* -r: the keys that make, revert or delete are refused */
	if (strchr("nrPdDm", key) != NULL && key > 0 && key < 128 &&
	    app_refuse_readonly(app, "a snapshot change"))
		return UI_HANDLED | UI_REDRAW;
	if (busy) {
		app_status(app, true, "A snapshot job is running; one at a time.");
		return UI_HANDLED | UI_REDRAW;
	}
	switch (key) {
	case 'n':
		snap_new(app, v);
		break;
	case 'r':
	case 'P':
		snap_revert(app, v, key == 'P');
		break;
	case 'd':
		snap_delete(app, v, 0);
		break;
	case 'D':
		snap_delete(app, v, SNAPSHOT_DELETE_CHILDREN);
		break;
	case 'm':
		snap_delete(app, v, SNAPSHOT_DELETE_METADATA);
		break;
	case 'R':
		snap_reload(app, sv);
		break;
	default:
		return UI_HANDLED;
	}
	return UI_HANDLED | UI_REDRAW;
}

static void
snap_free(struct view *v)
{
	struct snapview *sv = v->priv;

	snapjob_free(sv->job);
	snap_list_clear(&sv->list);
	free(sv->job_name);
	free(sv->vm);
	free(sv);
	free(v);
}

static const struct view_ops snap_ops = {
	.name = "snapshots", .free = snap_free, .draw = snap_draw,
	.key = snap_key, .update = snap_update, .poll = snap_poll,
};

struct view *
view_snapshots_new(struct app *app, int host, const char *uuid,
    const char *name)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct snapview *sv = xcalloc(1, sizeof *sv);

	sv->host = host;
	snprintf(sv->uuid, sizeof sv->uuid, "%s", uuid);
	sv->vm = xstrdup(name);
	sv->view = v;
	v->ops = &snap_ops;
	v->flags = VIEW_FULLSCREEN;
	v->priv = sv;
	snap_reload(app, sv);
	return v;
}
