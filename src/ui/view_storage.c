/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The storage view (P): a host's pools, with how full each is, and the
 * volumes of the one selected (which VM uses each); pool and volume
 * actions, upload and download with a progress bar. Every libvirt call
 * runs on the host's worker (host/storjob); every destructive step asks,
 * naming the pool or volume and saying what happens to its files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../create/vmspec.h"
#include "../host/storjob.h"
#include "../util/fmt.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "app.h"
#include "draw.h"
#include "keymap.h"
#include "term.h"
#include "theme.h"
#include "view.h"

struct stview {
	int host;
	struct storjob *job;		/* a listing or an action, or NULL */
	struct storjob *xfer;		/* an upload or download, or NULL */
	char *xfer_what;		/* "Uploading F into V" */
	struct pool_list pools;
	struct vol_list vols;
	char *vols_of;			/* the pool vols belong to */
	char *job_pool;			/* the pool job reads, for SJ_VOLS */
	bool loaded;
	bool on_vols;			/* the keys go to the volumes */
	bool unused;			/* only volumes nothing uses */
	long psel, vsel, vtop;
	char *want;			/* after a reload: select this pool */
};

static const struct view_ops storage_ops;

static bool
st_open(struct app *app, const struct view *v)
{
	for (int i = 0; i < app->nviews; i++)
		if (app->views[i] == v && v->ops == &storage_ops)
			return true;
	return false;
}

static const struct pool_info *
st_pool(const struct stview *sv)
{
	return sv->psel >= 0 && (size_t)sv->psel < sv->pools.n ?
	    &sv->pools.p[sv->psel] : NULL;
}

/* The volumes shown (all, or the unused ones): the i-th, or NULL. */
static const struct vol_info *
st_vol_at(const struct stview *sv, long i)
{
	for (size_t k = 0; k < sv->vols.n; k++)
		if (!sv->unused || sv->vols.v[k].used_by == NULL)
			if (i-- == 0)
				return &sv->vols.v[k];
	return NULL;
}

static long
st_nvols(const struct stview *sv)
{
	long n = 0;

	for (size_t k = 0; k < sv->vols.n; k++)
		n += !sv->unused || sv->vols.v[k].used_by == NULL;
	return n;
}

static void
st_run(struct app *app, struct stview *sv, const struct storjob_args *a)
{
	storjob_free(sv->job);
	free(sv->job_pool);
	sv->job_pool = a->pool != NULL ? xstrdup(a->pool) : NULL;
	sv->job = storjob_start(app->hosts[sv->host], app->q, a);
}

static void
st_reload(struct app *app, struct stview *sv)
{
	struct storjob_args a = { .kind = SJ_POOLS };

	st_run(app, sv, &a);
}

/* Whether what is listed is p's own volumes (read since p was chosen). */
static bool
st_vols_are(const struct stview *sv, const struct pool_info *p)
{
	return p != NULL && sv->vols_of != NULL &&
	    strcmp(sv->vols_of, p->name) == 0;
}

static void
st_read_vols(struct app *app, struct stview *sv)
{
	const struct pool_info *p = st_pool(sv);
	struct storjob_args a = { .kind = SJ_VOLS };

	/* another pool's volumes never stay under this one's title (a key
	 * would act on a volume of the name in this pool) */
	if (p == NULL || !p->active || !st_vols_are(sv, p)) {
		vol_list_clear(&sv->vols);
		free(sv->vols_of);
		sv->vols_of = NULL;
		sv->vsel = sv->vtop = 0;
	}
	if (p == NULL || !p->active)
		return;
	a.pool = p->name;
	st_run(app, sv, &a);
}

/* --- questions --------------------------------------------------------- */

/* What an answer needs: the view, the job to run, and its strings. */
struct st_ask {
	struct view *v;
	struct storjob_args a;
	char *pool, *name, *arg;
	int step;			/* which question comes next */
};

static void
st_ask_free(void *ctx)
{
	struct st_ask *k = ctx;

	free(k->pool);
	free(k->name);
	free(k->arg);
	free(k);
}

static struct st_ask *
st_ask_new(struct view *v, enum storjob_kind kind, const char *pool,
    const char *name)
{
	struct st_ask *k = xcalloc(1, sizeof *k);

	k->v = v;
	k->a.kind = kind;
	k->pool = pool ? xstrdup(pool) : NULL;
	k->name = name ? xstrdup(name) : NULL;
	return k;
}

static struct st_ask *
st_ask_copy(const struct st_ask *k)
{
	struct st_ask *m = st_ask_new(k->v, k->a.kind, k->pool, k->name);

	m->a = k->a;
	m->arg = k->arg ? xstrdup(k->arg) : NULL;
	m->step = k->step;
	return m;
}

static void
st_go(struct app *app, struct st_ask *k)
{
	struct stview *sv = k->v->priv;
	struct storjob_args a = k->a;
	char *msg;

	a.pool = k->pool;
	a.name = k->name;
	a.arg = k->arg;
	if (a.kind == SJ_UPLOAD || a.kind == SJ_DOWNLOAD) {
		storjob_free(sv->xfer);
		free(sv->xfer_what);
		sv->xfer_what = a.kind == SJ_UPLOAD ? xasprintf("Uploading '%s' "
		    "into volume '%s'", a.arg, a.name) : xasprintf("Downloading "
		    "volume '%s' into '%s'", a.name, a.arg);
		sv->xfer = storjob_start(app->hosts[sv->host], app->q, &a);
		app_status(app, false, sv->xfer_what);
		return;
	}
	if (a.kind == SJ_POOL_DEFINE) {
		free(sv->want);
		sv->want = xstrdup(k->name);
	}
	st_run(app, sv, &a);
	msg = xstrdup("Working on it…");
	app_status(app, false, msg);
	free(msg);
}

static void
st_yes(struct app *app, void *ctx)
{
	struct st_ask *k = ctx;

	if (st_open(app, k->v))
		st_go(app, k);
}

static void
st_confirm(struct app *app, struct st_ask *k, const char *question)
{
	app_push(app, view_confirm_fn_new(question, st_yes, k, st_ask_free));
}

static bool
valid_name(const char *text)
{
	const char *why;

	return storage_vol_name_ok(text, &why);
}

static bool
valid_size(const char *text)
{
	uint64_t b;

	return vmspec_parse_size(text, &b) && b > 0;
}

static bool
valid_path(const char *text)
{
	return text[0] == '/';
}

static bool
valid_any(const char *text)
{
	return text[0] != '\0';
}

static void st_step(struct app *app, struct st_ask *k);

static void
st_typed(struct app *app, void *ctx, const char *text)
{
	struct st_ask *k = st_ask_copy(ctx);

	if (!st_open(app, k->v)) {
		st_ask_free(k);
		return;
	}
	/* each step's answer goes where its question said */
	switch (k->a.kind) {
	case SJ_POOL_DEFINE:
	case SJ_VOL_CREATE:
		if (k->step == 0) {
			free(k->name);
			k->name = xstrdup(text);
		} else if (k->step == 1 && k->a.kind == SJ_POOL_DEFINE) {
			free(k->arg);
			k->arg = xstrdup(text);
		} else if (k->step == 1)
			vmspec_parse_size(text, &k->a.bytes);
		break;
	case SJ_VOL_RESIZE:
		vmspec_parse_size(text, &k->a.bytes);
		break;
	default:
		free(k->arg);
		k->arg = xstrdup(text);
		break;
	}
	k->step++;
	st_step(app, k);
}

static void
st_format(struct app *app, void *ctx, size_t i)
{
	struct st_ask *k = st_ask_copy(ctx);

	if (!st_open(app, k->v) || i > 1) {
		st_ask_free(k);
		return;
	}
	k->arg = xstrdup(i == 0 ? "qcow2" : "raw");
	st_go(app, k);
	st_ask_free(k);
}

static void
st_input(struct app *app, struct st_ask *k, const char *title,
    const char *question, const char *text, bool (*valid)(const char *),
    const char *bad)
{
	struct view *in = view_input_new(title, question, st_typed, k,
	    st_ask_free);

	view_input_check(in, text, valid, "Enter: go on", bad);
	app_push(app, in);
}

/* The next question of a multi-step action, or the action. */
static void
st_step(struct app *app, struct st_ask *k)
{
	struct stview *sv = k->v->priv;
	const struct vol_info *v;
	char *q;

	switch (k->a.kind) {
	case SJ_POOL_DEFINE:
		if (k->step == 0)
			st_input(app, k, "New pool", "The new directory pool's "
			    "name:", "", valid_name, "not a name (no '/')");
		else if (k->step == 1)
			st_input(app, k, "New pool", "Its directory (it must "
			    "exist):", "/var/lib/libvirt/", valid_path,
			    "an absolute path");
		else {
			st_go(app, k);
			st_ask_free(k);
		}
		return;
	case SJ_VOL_CREATE:
		if (k->step == 0) {
			q = xasprintf("A new volume in pool '%s', called:",
			    k->pool);
			st_input(app, k, "New volume", q, "", valid_name,
			    "not a volume name (no '/')");
			free(q);
		} else if (k->step == 1)
			st_input(app, k, "New volume", "Its size (10G, 512M):",
			    "10G", valid_size, "not a size");
		else {
			static const char *const formats[] = {
				"qcow2: grows as it is written; snapshots",
				"raw: every byte in place (sparse where the "
				    "file system is)",
			};
			app_push(app, view_choose_new("Its format:", formats, 2,
			    st_format, k, st_ask_free));
		}
		return;
	case SJ_VOL_RESIZE:
		if (k->step == 0) {
			q = xasprintf("Volume '%s' is %s; its new size:", k->name,
			    k->arg ? k->arg : "?");
			st_input(app, k, "Resize", q, "", valid_size,
			    "not a size");
			free(q);
			return;
		}
		v = NULL;
		for (size_t i = 0; i < sv->vols.n; i++)
			if (strcmp(sv->vols.v[i].name, k->name) == 0)
				v = &sv->vols.v[i];
		if (v != NULL && k->a.bytes < v->capacity && v->format &&
		    strcmp(v->format, "raw") == 0) {
			char a[24], b[24];

			fmt_kib(a, sizeof a, v->capacity / 1024);
			fmt_kib(b, sizeof b, k->a.bytes / 1024);
			k->a.flag = true;
			q = xasprintf("Shrink volume '%s' of pool '%s' from %s to "
			    "%s?\nWhat lies past %s is lost.", k->name, k->pool,
			    a, b, b);
			st_confirm(app, k, q);
			free(q);
			return;
		}
		st_go(app, k);
		st_ask_free(k);
		return;
	case SJ_VOL_CLONE:
	case SJ_UPLOAD:
	case SJ_DOWNLOAD:
		if (k->step == 0) {
			q = k->a.kind == SJ_VOL_CLONE ? xasprintf("Copy volume '%s' "
			    "as:", k->name) : k->a.kind == SJ_UPLOAD ?
			    xasprintf("Upload into volume '%s' (its content is "
			    "replaced) the local file:", k->name) :
			    xasprintf("Download volume '%s' into the local file:",
			    k->name);
			st_input(app, k, k->a.kind == SJ_VOL_CLONE ? "Clone" :
			    k->a.kind == SJ_UPLOAD ? "Upload" : "Download", q, "",
			    k->a.kind == SJ_VOL_CLONE ? valid_name : valid_any,
			    "not empty");
			free(q);
			return;
		}
		st_go(app, k);
		st_ask_free(k);
		return;
	default:
		st_go(app, k);
		st_ask_free(k);
		return;
	}
}

/* --- keys -------------------------------------------------------------- */

static void
st_pool_key(struct app *app, struct view *v, int key)
{
	struct stview *sv = v->priv;
	const struct pool_info *p = st_pool(sv);
	struct st_ask *k;
	char *q;

	/* -r: every pool key changes the host */
	if (strchr("nsxaRD", key) != NULL && key > 0 && key < 128 &&
	    app_refuse_readonly(app, "a pool change"))
		return;
	if (key == 'n') {
		st_step(app, st_ask_new(v, SJ_POOL_DEFINE, NULL, NULL));
		return;
	}
	if (p == NULL)
		return;
	k = st_ask_new(v, SJ_POOL_ACT, p->name, NULL);
	switch (key) {
	case 's':
		k->a.action = POOL_START;
		st_go(app, k);
		break;
	case 'x':
		k->a.action = POOL_STOP;
		q = xasprintf("Stop pool '%s'?\nIts files stay; its volumes "
		    "cannot be used until it starts again.", p->name);
		st_confirm(app, k, q);
		free(q);
		return;
	case 'a':
		k->a.action = p->autostart ? POOL_NO_AUTOSTART : POOL_AUTOSTART;
		st_go(app, k);
		break;
	case 'R':
		k->a.action = POOL_REFRESH;
		st_go(app, k);
		app_status(app, false, "refreshing…");
		break;
	case 'D':
		k->a.action = POOL_DELETE;
		q = xasprintf("Remove pool '%s'?\nIts definition goes; its files "
		    "stay%s%s.", p->name, p->path ? " in " : "",
		    p->path ? p->path : "");
		st_confirm(app, k, q);
		free(q);
		return;
	default:
		break;
	}
	st_ask_free(k);
}

static void
st_vol_key(struct app *app, struct view *v, int key)
{
	struct stview *sv = v->priv;
	const struct pool_info *p = st_pool(sv);
	const struct vol_info *vol = st_vol_at(sv, sv->vsel);
	struct st_ask *k;
	char *q, c[24];

	if (p == NULL)
		return;
	/* -r: making, resizing, deleting, cloning, uploading (a download
	 * only reads: libvirt decides) */
	if (strchr("nrdcu", key) != NULL && key > 0 && key < 128 &&
	    app_refuse_readonly(app, "a volume change"))
		return;
	if (key == 'n') {
		st_step(app, st_ask_new(v, SJ_VOL_CREATE, p->name, NULL));
		return;
	}
	if (vol == NULL) {
		/* a key for a volume: say why nothing happens */
		if (strchr("rdcuw", key) != NULL && key != 0)
			app_status(app, true, !st_vols_are(sv, p) ? "The pool's "
			    "volumes are still being read." : "No volume is "
			    "selected: the pool has none (n makes one).");
		return;
	}
	switch (key) {
	case 'r':
		k = st_ask_new(v, SJ_VOL_RESIZE, p->name, vol->name);
		k->arg = xstrdup(fmt_kib(c, sizeof c, vol->capacity / 1024));
		st_step(app, k);
		return;
	case 'd':
		if (vol->used_by != NULL) {
			q = xasprintf("Volume '%s' is not deleted: %s uses it.",
			    vol->name, vol->used_by);
			app_status(app, true, q);
			free(q);
			return;
		}
		k = st_ask_new(v, SJ_VOL_DELETE, p->name, vol->name);
		q = xasprintf("Delete volume '%s' of pool '%s'?\nThe file %s is "
		    "removed.", vol->name, p->name, vol->path);
		st_confirm(app, k, q);
		free(q);
		return;
	case 'c':
		st_step(app, st_ask_new(v, SJ_VOL_CLONE, p->name, vol->name));
		return;
	case 'u':
	case 'w':
		if (sv->xfer != NULL) {
			app_status(app, true, "A transfer is running; one at a "
			    "time (X cancels it).");
			return;
		}
		st_step(app, st_ask_new(v, key == 'u' ? SJ_UPLOAD : SJ_DOWNLOAD,
		    p->name, vol->name));
		return;
	default:
		return;
	}
}

static unsigned
st_key(struct view *v, struct app *app, int key)
{
	struct stview *sv = v->priv;
	struct cmd_target t = { v, CMD_VM, sv->host, NULL, NULL, NULL };
	unsigned common = keymap_run_common(app, &t, key);

	if (common != 0)
		return common;
	switch (key) {
	case 27:
	case 'q':
		if (sv->xfer != NULL) {
			app_status(app, true, "A transfer is running: X cancels "
			    "it, then the view can close.");
			return UI_HANDLED | UI_REDRAW;
		}
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	case '\t':
		sv->on_vols = !sv->on_vols;
		return UI_HANDLED | UI_REDRAW;
	case 'j':
	case UI_KEY(KEY_DOWN):
	case 'k':
	case UI_KEY(KEY_UP): {
		int d = key == 'j' || key == UI_KEY(KEY_DOWN) ? 1 : -1;

		if (sv->on_vols) {
			if (sv->vsel + d >= 0 && sv->vsel + d < st_nvols(sv))
				sv->vsel += d;
		} else if (sv->psel + d >= 0 && sv->psel + d < (long)sv->pools.n) {
			sv->psel += d;
			sv->vsel = 0;
			st_read_vols(app, sv);
		}
		return UI_HANDLED | UI_REDRAW;
	}
	case 'U':
		sv->unused = !sv->unused;
		sv->vsel = 0;
		app_status(app, false, sv->unused ? "Only the volumes nothing "
		    "uses." : "Every volume.");
		return UI_HANDLED | UI_REDRAW;
	case 'X':
		if (sv->xfer != NULL) {
			storjob_cancel(sv->xfer);
			app_status(app, false, "Cancelling the transfer…");
		}
		return UI_HANDLED | UI_REDRAW;
	case 'F':
		st_reload(app, sv);
		return UI_HANDLED | UI_REDRAW;
	}
	if (sv->on_vols)
		st_vol_key(app, v, key);
	else
		st_pool_key(app, v, key);
	return UI_HANDLED | UI_REDRAW;
}

/* --- answers ----------------------------------------------------------- */

static void
st_update(struct view *v, struct app *app, unsigned changed)
{
	struct stview *sv = v->priv;
	struct storjob_result r;

	(void)changed;
	if (sv->xfer != NULL && storjob_done(sv->xfer, &r)) {
		storjob_free(sv->xfer);
		sv->xfer = NULL;
		app_status(app, !r.ok, r.msg ? r.msg : "");
		storjob_result_clear(&r);
		st_read_vols(app, sv);
	}
	if (sv->job == NULL || !storjob_done(sv->job, &r))
		return;
	enum storjob_kind kind = storjob_kind(sv->job);

	char *job_pool = sv->job_pool;	/* the pool the answer is of */

	storjob_free(sv->job);
	sv->job = NULL;
	sv->job_pool = NULL;
	switch (kind) {
	case SJ_POOLS:
		if (!r.ok) {
			app_status(app, true, r.msg ? r.msg : "");
			break;
		}
		char *was = st_pool(sv) ? xstrdup(st_pool(sv)->name) : NULL;

		pool_list_clear(&sv->pools);
		sv->pools = r.pools;
		memset(&r.pools, 0, sizeof r.pools);
		sv->loaded = true;
		for (size_t i = 0; i < sv->pools.n; i++)
			if ((sv->want && strcmp(sv->pools.p[i].name, sv->want) == 0) ||
			    (!sv->want && was && strcmp(sv->pools.p[i].name, was) == 0))
				sv->psel = (long)i;
		free(was);
		free(sv->want);
		sv->want = NULL;
		if (sv->psel >= (long)sv->pools.n)
			sv->psel = (long)sv->pools.n - 1;
		if (sv->psel < 0)
			sv->psel = 0;
		st_read_vols(app, sv);
		break;
	case SJ_VOLS:
		if (!r.ok) {
			app_status(app, true, r.msg ? r.msg : "");
			break;
		}
		/* the volumes of a pool no longer chosen (the selection
		 * moved while they were read): never shown as this one's */
		if (job_pool == NULL || st_pool(sv) == NULL ||
		    strcmp(job_pool, st_pool(sv)->name) != 0) {
			st_read_vols(app, sv);
			break;
		}
		vol_list_clear(&sv->vols);
		sv->vols = r.vols;
		memset(&r.vols, 0, sizeof r.vols);
		free(sv->vols_of);
		sv->vols_of = xstrdup(job_pool);
		if (sv->vsel >= st_nvols(sv))
			sv->vsel = st_nvols(sv) - 1;
		if (sv->vsel < 0)
			sv->vsel = 0;
		break;
	default:
		/* an action: what happened, then everything read again */
		if (r.msg != NULL)
			app_status(app, !r.ok, r.msg);
		st_reload(app, sv);
		break;
	}
	free(job_pool);
	storjob_result_clear(&r);
}

static unsigned
st_poll(struct view *v, struct app *app, int64_t now, int64_t *next)
{
	struct stview *sv = v->priv;

	(void)app;
	if (sv->xfer == NULL && (sv->job == NULL ||
	    storjob_kind(sv->job) == SJ_POOLS || storjob_kind(sv->job) == SJ_VOLS))
		return 0;
	*next = now + 250;
	return UI_REDRAW;
}

/* --- drawing ----------------------------------------------------------- */

/* "[#####-----]" of width w (inside the brackets) for part of whole. */
static void
bar(char *out, int w, uint64_t part, uint64_t whole)
{
	int fill = whole ? (int)((double)part * w / (double)whole + 0.5) : 0;

	if (fill > w)
		fill = w;
	out[0] = '[';
	for (int i = 0; i < w; i++)
		out[1 + i] = i < fill ? '#' : '-';
	out[1 + w] = ']';
	out[2 + w] = '\0';
}

static void
st_draw(struct view *v, struct app *app, struct ui_area area)
{
	struct stview *sv = v->priv;
	int y = area.y, h = area.h, w = area.w, ph, vh;
	char title[256], line[1024], b[40];

	erase();
	snprintf(title, sizeof title, "Storage pools of %s%s",
	    app->store.hosts[sv->host].label, sv->on_vols ? "" : "  (keys here)");
	ph = (int)sv->pools.n + 3;
	if (ph > h / 3)
		ph = h / 3;
	if (ph < 4)
		ph = 4;
	draw_box(y, area.x, ph, w, theme_attr(sv->on_vols ? THEME_NORMAL :
	    THEME_TITLE), title);
	if (!sv->loaded)
		draw_text(y + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "reading…", false);
	else if (sv->pools.n == 0)
		draw_text(y + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "No storage pools: n defines a directory pool.", false);
	for (size_t i = 0; i < sv->pools.n && (int)i < ph - 2; i++) {
		const struct pool_info *p = &sv->pools.p[i];
		char cap[24], avail[24];
		char *name = fmt_sanitize(p->name, false);

		bar(b, 20, p->allocation, p->capacity);
		fmt_kib(cap, sizeof cap, p->capacity / 1024);
		fmt_kib(avail, sizeof avail, p->available / 1024);
		if (p->active)
			snprintf(line, sizeof line, "%-16s running   %-9s %-7s %s "
			    "%3d %% of %s, %s free  %s", name, p->autostart ?
			    "autostart" : "", p->type ? p->type : "?", b,
			    p->capacity ? (int)(p->allocation * 100 / p->capacity) :
			    0, cap, avail, p->path ? p->path : "");
		else
			snprintf(line, sizeof line, "%-16s inactive  %-9s %-7s %s",
			    name, p->autostart ? "autostart" : "", p->type ?
			    p->type : "?", p->path ? p->path : "");
		draw_text(y + 1 + (int)i, area.x + 1, w - 2, (long)i == sv->psel ?
		    theme_attr(THEME_SELECTION) : theme_attr(THEME_NORMAL), line,
		    true);
		free(name);
	}
	/* the volumes of the selected pool */
	const struct pool_info *p = st_pool(sv);
	vh = h - ph - 3;
	/* the title says whether what is under it is this pool's yet */
	bool reading = p != NULL && p->active && !st_vols_are(sv, p);

	snprintf(title, sizeof title, "Volumes of %s%s%s%s%s", p ? "'" : "",
	    p ? p->name : "no pool", p ? "'" : "", reading ? " — reading…" :
	    "", sv->unused ? " — only those nothing uses (U: all)" : "");
	draw_box(y + ph, area.x, vh, w, theme_attr(sv->on_vols ? THEME_TITLE :
	    THEME_NORMAL), title);
	/* one row for the columns' names */
	long n = st_nvols(sv), rows = vh - 3;

	if (p != NULL && !p->active)
		draw_text(y + ph + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "The pool is not running: s starts it.", false);
	else if (n == 0 && sv->vols_of == NULL && p != NULL)
		draw_text(y + ph + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    "reading…", false);
	else if (n == 0 && sv->vols_of != NULL)
		draw_text(y + ph + 1, area.x + 2, w - 4, theme_attr(THEME_NORMAL),
		    sv->unused ? "Every volume is in use." :
		    "No volumes: n makes one.", false);
	if (n > 0) {
		snprintf(line, sizeof line, "%-24s %-6s %9s %9s  %-20s %s", "Name",
		    "Format", "Capacity", "Allocated", "Used by", "Path");
		draw_text(y + ph + 1, area.x + 1, w - 2, theme_attr(THEME_HEADER),
		    line, true);
	}
	if (sv->vsel < sv->vtop)
		sv->vtop = sv->vsel;
	if (sv->vsel >= sv->vtop + rows)
		sv->vtop = sv->vsel - rows + 1;
	for (long i = sv->vtop; i < n && i - sv->vtop < rows; i++) {
		const struct vol_info *vol = st_vol_at(sv, i);
		char cap[24], al[24];
		char *name = fmt_sanitize(vol->name, false);

		fmt_kib(cap, sizeof cap, vol->capacity / 1024);
		fmt_kib(al, sizeof al, vol->allocation / 1024);
		snprintf(line, sizeof line, "%-24s %-6s %9s %9s  %-20s %s%s%s%s%s",
		    name, vol->format ? vol->format : "?", cap, al,
		    vol->used_by ? vol->used_by : "unused", vol->path,
		    vol->backing ? " on " : "", vol->backing ? vol->backing : "",
		    vol->incomplete ? "  INCOMPLETE: " : "",
		    vol->incomplete ? vol->incomplete : "");
		draw_text(y + ph + 2 + (int)(i - sv->vtop), area.x + 1, w - 2,
		    i == sv->vsel && sv->on_vols ? theme_attr(THEME_SELECTION) :
		    vol->incomplete ? theme_attr(THEME_WARNING) :
		    theme_attr(THEME_NORMAL), line, true);
		free(name);
	}
	/* a transfer's bar, or the keys */
	if (sv->xfer != NULL) {
		uint64_t done, total;
		int64_t ms = time_mono_ms() - storjob_started(sv->xfer);
		char d[24], t[24], r[24];
		double rate;

		storjob_progress(sv->xfer, &done, &total);
		rate = ms > 0 ? (double)done * 1000.0 / (double)ms : 0;
		bar(b, 24, done, total);
		fmt_kib(d, sizeof d, done / 1024);
		fmt_kib(t, sizeof t, total / 1024);
		fmt_kib(r, sizeof r, (uint64_t)rate / 1024);
		char left[32] = "";

		if (rate > 0 && total > done)
			snprintf(left, sizeof left, "%.0f s left  ",
			    (double)(total - done) / rate);
		/* the figures and the key first: a long path may be cut */
		snprintf(line, sizeof line, " %s %3d %%  %s of %s  %s/s  %sX "
		    "cancels · %s", b, total ? (int)(done * 100 / total) : 0, d,
		    t, r, left, sv->xfer_what);
		draw_text(y + h - 2, area.x, w, theme_attr(THEME_WARNING), line,
		    true);
	} else if (sv->on_vols)
		draw_text(y + h - 2, area.x, w, theme_attr(THEME_HINT),
		    " n new · r resize · d delete · c clone · u upload · "
		    "w download · U unused only · Tab pools · F read again · "
		    "q back", true);
	else
		draw_text(y + h - 2, area.x, w, theme_attr(THEME_HINT),
		    " s start · x stop · a autostart · R refresh · n new dir pool "
		    "· D remove · Tab volumes · j/k move · q back", true);
	draw_text(y + h - 1, area.x, w, theme_attr(app->status_error ?
	    THEME_ERROR : THEME_STATUS), app->status ? app->status : "", true);
}

static void
st_free(struct view *v)
{
	struct stview *sv = v->priv;

	storjob_free(sv->job);
	storjob_free(sv->xfer);
	free(sv->xfer_what);
	pool_list_clear(&sv->pools);
	vol_list_clear(&sv->vols);
	free(sv->vols_of);
	free(sv->job_pool);
	free(sv->want);
	free(sv);
	free(v);
}

static const struct view_ops storage_ops = {
	.name = "storage", .free = st_free, .draw = st_draw, .key = st_key,
	.update = st_update, .poll = st_poll,
};

struct view *
view_storage_new(struct app *app, int host)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct stview *sv = xcalloc(1, sizeof *sv);

	sv->host = host;
	v->ops = &storage_ops;
	v->flags = VIEW_FULLSCREEN;
	v->priv = sv;
	st_reload(app, sv);
	return v;
}
