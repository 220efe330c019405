/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The overlays: help, message log, VM details and the confirmation
 * dialog. Each is modal: it takes every key until it closes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../util/fmt.h"
#include "../util/msglog.h"
#include "../util/timeutil.h"
#include "../config/hostsfile.h"
#include "../config/inifile.h"
#include "../core/prompt.h"
#include "../create/vmspec.h"
#include "../config/hosturi.h"
#include "../util/xalloc.h"
#include "app.h"
#include "keymap.h"
#include "draw.h"
#include "term.h"
#include "textin.h"
#include "theme.h"
#include "view.h"

/* A centred box of up to h x w, returned through the pointers. */
static void
overlay_box(int h, int w, const char *title, int *y, int *x, int *bh,
    int *bw)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	*bh = h + 2 > rows - 2 ? rows - 2 : h + 2;
	*bw = w + 4 > cols - 2 ? cols - 2 : w + 4;
	*y = (rows - *bh) / 2;
	*x = (cols - *bw) / 2;
	for (int r = 0; r < *bh; r++)
		draw_fill(*y + r, *x, *bw, theme_attr(THEME_DIALOG));
	draw_box(*y, *x, *bh, *bw, theme_attr(THEME_DIALOG), title);
}

/* A dialog's width for text: its longest line, at least min, at most
 * what the screen has (then dialog_text wraps it). */
static int
dialog_width(const char *text, int min)
{
	int rows, cols, w = min;
	const char *p = text;

	getmaxyx(stdscr, rows, cols);
	(void)rows;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		char *line = xasprintf("%.*s", (int)(nl ? nl - p : (long)strlen(p)),
		    p);

		if (fmt_width(line) > w)
			w = fmt_width(line);
		free(line);
		p = nl ? nl + 1 : p + strlen(p);
	}
	return w + 8 > cols ? cols - 8 : w;
}

/* Draw text wrapped at width from row y (at most max rows; draw false:
 * only count). Returns the rows it takes. */
static int
dialog_text(int y, int x, int width, int max, attr_t attr, const char *text,
    bool draw)
{
	int r = 0;

	for (const char *p = text; *p != '\0' && r < max; r++) {
		size_t skip, n = fmt_wrap(p, width, &skip);
		char *row = xasprintf("%.*s", (int)n, p);

		if (draw)
			draw_text(y + r, x, width, attr, row, false);
		free(row);
		p += n + skip;
	}
	return r;
}

static void
overlay_free(struct view *v)
{
	free(v->priv);
	free(v);
}

static struct view *
overlay_new(const struct view_ops *ops, void *priv)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->ops = ops;
	v->priv = priv;
	return v;
}

/* Scrolling for help and log: j/k, arrows, pages, g/G; q, Esc close. */
static unsigned
scroll_key(long *top, long lines, long page, int key, int close_key)
{
	long max = lines > page ? lines - page : 0;

	if (key == 'q' || key == 27 || key == close_key)
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	if (key == 'j' || key == UI_KEY(KEY_DOWN))
		(*top)++;
	else if (key == 'k' || key == UI_KEY(KEY_UP))
		(*top)--;
	else if (key == UI_KEY(KEY_NPAGE) || key == ' ')
		*top += page;
	else if (key == UI_KEY(KEY_PPAGE))
		*top -= page;
	else if (key == 'g' || key == UI_KEY(KEY_HOME))
		*top = 0;
	else if (key == 'G' || key == UI_KEY(KEY_END))
		*top = max;
	if (*top > max)
		*top = max;
	if (*top < 0)
		*top = 0;
	return UI_HANDLED | UI_REDRAW;
}

/* --- help: generated from the bindings and the command table ---------- */

struct help {
	long top;
	long page;
	long lines;
};

/* Lines of the help: every command with its keys, then every setting
 * with its value. Returns how many; line i into buf when buf != NULL. */
static long
help_line(struct app *app, long i, char *keys, size_t klen, char *text,
    size_t tlen)
{
	size_t ncmd = 0, nb;
	const struct binding *b = keymap_bindings(&nb);
	long nopt = 0;

	while (keymap_command(ncmd) != NULL)
		ncmd++;

	while (config_option((size_t)nopt) != NULL)
		nopt++;
	if (keys == NULL)
		return (long)ncmd + 2 + nopt;
	keys[0] = text[0] = '\0';
	if (i < (long)ncmd) {
		const struct command *c = keymap_command((size_t)i);
		char name[16];

		for (size_t k = 0; k < nb; k++)
			if (b[k].cmd == c) {
				size_t l = strlen(keys);
				snprintf(keys + l, klen - l, "%s%s", l ? ", " : "",
				    keymap_key_name(b[k].key, name,
				    sizeof name));
			}
		snprintf(text, tlen, "%s  (:%s)", c->help, c->name);
	} else if (i == (long)ncmd + 1) {
		snprintf(keys, klen, "Settings");
		snprintf(text, tlen, "from %s (W saves some)", app->config_path);
	} else if (i > (long)ncmd + 1) {
		const struct config_option_info *o =
		    config_option((size_t)(i - (long)ncmd - 2));
		char v[256];

		snprintf(keys, klen, "%s", o->name);
		snprintf(text, tlen, "%s — %s", config_value(app->cfg, o->name,
		    v, sizeof v), o->help);
	}
	return 0;
}

static void
help_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct help *hp = v->priv;
	long n = help_line(app, 0, NULL, 0, NULL, 0);
	int y, x, bh, bw;

	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	(void)rows;
	/* wide terminals show the settings' help whole */
	overlay_box((int)n, cols > 150 ? 140 : cols - 6 > 76 ? cols - 6 : 76,
	    "Keys and settings (q or Esc closes, j/k scroll)", &y, &x, &bh,
	    &bw);
	hp->page = bh - 2;
	hp->lines = n;
	for (long i = hp->top, r = 0; i < n && r < hp->page; i++, r++) {
		char keys[64], text[512];

		help_line(app, i, keys, sizeof keys, text, sizeof text);
		draw_text(y + 1 + (int)r, x + 2, 14,
		    theme_attr(THEME_DIALOG) | A_BOLD, keys, true);
		draw_text(y + 1 + (int)r, x + 17, bw - 19,
		    theme_attr(THEME_DIALOG), text, false);
	}
}

static unsigned
help_key(struct view *v, struct app *app, int key)
{
	struct help *hp = v->priv;

	(void)app;
	return scroll_key(&hp->top, hp->lines, hp->page, key, '?');
}

static const struct view_ops help_ops = {
	.name = "help", .free = overlay_free, .draw = help_draw,
	.key = help_key,
};

struct view *
view_help_new(void)
{
	return overlay_new(&help_ops, xcalloc(1, sizeof(struct help)));
}

/* --- message log ------------------------------------------------------- */

struct log {
	long top;		/* in rows */
	long page;
	long lines;		/* rows of all messages, wrapped */
	bool follow;		/* keep the newest in view */
};

/* One message at cols columns: the time, then its text wrapped and
 * continued under the text. Its rows are numbered from *g on (advanced);
 * those from top on are drawn from screen row 1, up to row rows - 1.
 * (draw false: only count.) */
static void
log_entry(const struct msglog_entry *e, int cols, int rows, long top,
    long *g, bool draw)
{
	char stamp[16];
	struct tm tm;
	attr_t attr = theme_attr(e->level == MSGLOG_ERROR ? THEME_ERROR :
	    THEME_NORMAL);
	int w = cols - 9 > 10 ? cols - 9 : 10;
	const char *p = e->text;

	localtime_r(&e->when, &tm);
	strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
	do {
		size_t skip, len = fmt_wrap(p, w, &skip);
		long y = 1 + *g - top;

		if (draw && y >= 1 && y < rows) {
			char *row = xasprintf("%.*s", (int)len, p);

			if (p == e->text)
				draw_text((int)y, 0, 9, attr, stamp, true);
			draw_text((int)y, 9, w, attr, row, false);
			free(row);
		}
		p += len + skip;
		(*g)++;
	} while (*p != '\0');
}

static void
log_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct log *lg = v->priv;
	int rows, cols;
	long n = (long)msglog_count(), g = 0;

	(void)app;
	getmaxyx(stdscr, rows, cols);
	erase();
	draw_text(0, 0, cols, theme_attr(THEME_TITLE),
	    " Message log  (q, Esc or L closes; j/k scroll)", true);
	/* scrolled by rows: every message whole, wrapped */
	for (long i = 0; i < n; i++) {
		struct msglog_entry e;

		if (msglog_get((size_t)i, &e) < 0)
			break;
		log_entry(&e, cols, rows, 0, &g, false);
		free(e.text);
	}
	lg->page = rows - 1;
	lg->lines = g;
	if (lg->follow)
		lg->top = g > lg->page ? g - lg->page : 0;
	if (n == 0)
		draw_text(1, 1, cols - 1, theme_attr(THEME_SHUTOFF),
		    "No messages yet.", false);
	g = 0;
	for (long i = 0; i < n && g < lg->top + lg->page; i++) {
		struct msglog_entry e;

		if (msglog_get((size_t)i, &e) < 0)
			break;
		log_entry(&e, cols, rows, lg->top, &g, true);
		free(e.text);
	}
}

static unsigned
log_key(struct view *v, struct app *app, int key)
{
	struct log *lg = v->priv;
	long n = lg->lines;
	unsigned r;

	(void)app;
	r = scroll_key(&lg->top, n, lg->page, key, 'L');
	lg->follow = lg->top >= (n > lg->page ? n - lg->page : 0);
	return r;
}

static const struct view_ops log_ops = {
	.name = "log", .free = overlay_free, .draw = log_draw, .key = log_key,
};

struct view *
view_log_new(void)
{
	struct log *lg = xcalloc(1, sizeof *lg);

	lg->follow = true;
	return overlay_new(&log_ops, lg);
}

/* --- confirmation ------------------------------------------------------ */

struct confirm {
	int host;
	char uuid[DOMAIN_UUID_LEN];
	char *name;
	int action;
	char *question;
	char **paths;		/* s: delete these volumes too; owned */
	size_t npaths;
	void (*yes)(struct app *app, void *ctx);	/* instead of action */
	void *ctx;
	void (*ctx_free)(void *ctx);
	long top;		/* first row of the question shown */
	long lines, page;	/* its rows, and how many fit */
};

static void
confirm_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct confirm *c = v->priv;
	int y, x, bh, bw, w = dialog_width(c->question, 40), n;
	const char *from = c->question;

	(void)app;
	n = dialog_text(0, 0, w, 100000, 0, c->question, false);
	overlay_box(n + 2, w, "Confirm", &y, &x, &bh, &bw);
	/* a long question (many VMs) scrolls: j/k, pages */
	c->lines = dialog_text(0, 0, bw - 4, 100000, 0, c->question, false);
	c->page = bh - 4 > 1 ? bh - 4 : 1;
	if (c->top > c->lines - c->page)
		c->top = c->lines - c->page;
	if (c->top < 0)
		c->top = 0;
	for (long r = 0; r < c->top && *from != '\0'; r++) {
		size_t skip, k = fmt_wrap(from, bw - 4, &skip);

		from += k + skip;
	}
	n = dialog_text(y + 1, x + 2, bw - 4, bh - 4, theme_attr(THEME_DIALOG),
	    from, true);
	draw_text(y + 2 + n, x + 2, bw - 4, theme_attr(THEME_DIALOG) | A_BOLD,
	    c->npaths ? "y: delete, keep disks   s: delete with storage   "
	    "n or Esc: no" : c->lines > c->page ? "y: yes    n or Esc: no    "
	    "j/k, PageUp/PageDown: scroll" : "y: yes    n or Esc: no", false);
}

static unsigned
confirm_key(struct view *v, struct app *app, int key)
{
	struct confirm *c = v->priv;

	if ((key == 'y' || key == 'Y') && c->yes != NULL) {
		c->yes(app, c->ctx);
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	if (key == 'y' || key == 'Y') {
		char *msg;

		host_submit_action(app->hosts[c->host], c->uuid, c->name,
		    (enum domain_action)c->action);
		msg = xasprintf("Asked to %s VM '%s'…",
		    domain_action_verb((enum domain_action)c->action), c->name);
		app_status(app, false, msg);
		free(msg);
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	if (key == 's' && c->npaths > 0) {
		char *msg;

		host_submit_delete_storage(app->hosts[c->host], c->uuid, c->name,
		    c->paths, c->npaths);
		msg = xasprintf("Deleting VM '%s' and its storage…", c->name);
		app_status(app, false, msg);
		free(msg);
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	if (key == 'n' || key == 'N' || key == 27 || key == 'q') {
		app_status(app, false, "Cancelled.");
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	if (c->lines > c->page) {
		long was = c->top;

		scroll_key(&c->top, c->lines, c->page, key, 0);
		return c->top != was ? UI_HANDLED | UI_REDRAW : UI_HANDLED;
	}
	return UI_HANDLED;
}

static void
confirm_free(struct view *v)
{
	struct confirm *c = v->priv;

	free(c->name);
	free(c->question);
	for (size_t i = 0; i < c->npaths; i++)
		free(c->paths[i]);
	free(c->paths);
	if (c->ctx_free != NULL)
		c->ctx_free(c->ctx);
	overlay_free(v);
}

static const struct view_ops confirm_ops = {
	.name = "confirm", .free = confirm_free, .draw = confirm_draw,
	.key = confirm_key,
};

struct view *
view_confirm_new(int host, const char *uuid, const char *name, int action,
    const char *question)
{
	struct confirm *c = xcalloc(1, sizeof *c);

	c->host = host;
	snprintf(c->uuid, sizeof c->uuid, "%s", uuid);
	c->name = xstrdup(name);
	c->action = action;
	c->question = xstrdup(question);
	return overlay_new(&confirm_ops, c);
}

struct view *
view_confirm_fn_new(const char *question,
    void (*yes)(struct app *app, void *ctx), void *ctx,
    void (*ctx_free)(void *ctx))
{
	struct confirm *c = xcalloc(1, sizeof *c);

	c->host = -1;
	c->name = xstrdup("");
	c->question = xstrdup(question);
	c->yes = yes;
	c->ctx = ctx;
	c->ctx_free = ctx_free;
	return overlay_new(&confirm_ops, c);
}

struct view *
view_confirm_delete_new(int host, const char *uuid, const char *name,
    const char *question, char *const *paths, size_t n)
{
	struct view *v = view_confirm_new(host, uuid, name,
	    DOMAIN_ACTION_UNDEFINE, question);
	struct confirm *c = v->priv;

	c->paths = xcalloc(n ? n : 1, sizeof *c->paths);
	for (size_t i = 0; i < n; i++)
		c->paths[i] = xstrdup(paths[i]);
	c->npaths = n;
	return v;
}

/* --- a line of text for a callback --------------------------------------- */

struct input {
	char *title, *question;
	char text[512];
	void (*done)(struct app *app, void *ctx, const char *text);
	void *ctx;
	void (*ctx_free)(void *ctx);
	bool (*valid)(const char *text);	/* or NULL: anything goes */
	const char *hint_ok, *hint_bad;
};

static void
input_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct input *in = v->priv;
	int y, x, bh, bw;
	char line[600];

	int w = dialog_width(in->question, 60), n;

	(void)app;
	n = dialog_text(0, 0, w, 1000, 0, in->question, false);
	overlay_box(n + 2, w, in->title, &y, &x, &bh, &bw);
	n = dialog_text(y + 1, x + 2, bw - 4, bh - 4, theme_attr(THEME_DIALOG),
	    in->question, true);
	snprintf(line, sizeof line, "%s_", in->text);
	draw_text(y + 1 + n, x + 2, bw - 4, theme_attr(THEME_DIALOG) | A_BOLD,
	    line, false);
	draw_text(y + 2 + n, x + 2, bw - 4, theme_attr(THEME_DIALOG),
	    in->valid == NULL || in->valid(in->text) ? in->hint_ok :
	    in->hint_bad, false);
}

static unsigned
input_key(struct view *v, struct app *app, int key)
{
	struct input *in = v->priv;

	if (key == 27)
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	if (key == '\r') {
		if (in->valid != NULL && !in->valid(in->text))
			return UI_HANDLED;
		in->done(app, in->ctx, in->text);
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	textin_key(in->text, sizeof in->text, key);
	return UI_HANDLED | UI_REDRAW;
}

static void
input_free(struct view *v)
{
	struct input *in = v->priv;

	if (in->ctx_free != NULL)
		in->ctx_free(in->ctx);
	free(in->title);
	free(in->question);
	overlay_free(v);
}

static const struct view_ops input_ops = {
	.name = "input", .free = input_free, .draw = input_draw,
	.key = input_key,
};

struct view *
view_input_new(const char *title, const char *question,
    void (*done)(struct app *app, void *ctx, const char *text), void *ctx,
    void (*ctx_free)(void *ctx))
{
	struct input *in = xcalloc(1, sizeof *in);

	in->title = xstrdup(title);
	in->question = xstrdup(question);
	in->done = done;
	in->ctx = ctx;
	in->ctx_free = ctx_free;
	in->hint_ok = "Enter: done    Esc: cancel";
	return overlay_new(&input_ops, in);
}

void
view_input_check(struct view *v, const char *text, bool (*valid)(const char *),
    const char *hint_ok, const char *hint_bad)
{
	struct input *in = v->priv;

	snprintf(in->text, sizeof in->text, "%s", text);
	in->valid = valid;
	in->hint_ok = hint_ok;
	in->hint_bad = hint_bad;
}
/* --- a line of text: the clone's name ------------------------------------ */

struct clone_ctx {
	int host;
	char uuid[DOMAIN_UUID_LEN];
	char *name;
};

static void
clone_done(struct app *app, void *ctx, const char *text)
{
	struct clone_ctx *c = ctx;
	char *msg;

	host_submit_clone(app->hosts[c->host], c->uuid, c->name, text);
	msg = xasprintf("Cloning VM '%s' as '%s'…", c->name, text);
	app_status(app, false, msg);
	free(msg);
}

static void
clone_free(void *ctx)
{
	struct clone_ctx *c = ctx;

	free(c->name);
	free(c);
}

struct view *
view_clone_new(int host, const char *uuid, const char *name)
{
	struct clone_ctx *c = xcalloc(1, sizeof *c);
	char *q = xasprintf("Clone VM '%s' (with copies of its disks) as:",
	    name);
	char *text = xasprintf("%.100s-clone", name);
	struct view *v;

	c->host = host;
	snprintf(c->uuid, sizeof c->uuid, "%s", uuid);
	c->name = xstrdup(name);
	v = view_input_new("Clone", q, clone_done, c, clone_free);
	view_input_check(v, text, vmspec_name_ok, "Enter: clone    Esc: cancel",
	    "letters, digits and . _ - +   Esc: cancel");
	free(text);
	free(q);
	return v;
}



/* --- a worker's question: host key, passphrase --------------------------- */

/* Keys that arrive this soon after a question appeared were typed for
 * something else (OpenSSH's confirm has the same worry): dropped. */
#define ASKVIEW_GUARD_MS 300

struct askview {
	struct prompt *p;	/* a reference */
	char *title;
	char text[512];		/* typed; a secret is never drawn */
	int64_t shown_ms;	/* first drawn; 0: not yet */
	int dropped;		/* keys dropped by the guard */
	bool retype;		/* CONFIRM: Enter on something not yes/no */
};

static void
askview_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct askview *a = v->priv;
	enum prompt_kind kind = prompt_kind(a->p);
	const char *q = prompt_question(a->p);
	int y, x, bh, bw, w = dialog_width(q, 50), n,
	    extra = kind == PROMPT_YESNO ? 1 : 2;
	char input[600];
	const char *hint;

	if (a->shown_ms == 0)
		a->shown_ms = time_mono_ms();
	extra += a->dropped > 0;
	n = dialog_text(0, 0, w, 1000, 0, q, false);
	overlay_box(n + extra + 1, w, a->title, &y, &x, &bh, &bw);
	n = dialog_text(y + 1, x + 2, bw - 4, bh - 3 - extra,
	    theme_attr(THEME_DIALOG), q, true);
	if (kind != PROMPT_YESNO) {
		if (kind == PROMPT_SECRET)
			snprintf(input, sizeof input, "%.*s_",
			    (int)(strlen(a->text) < 40 ? strlen(a->text) : 40),
			    "****************************************");
		else
			snprintf(input, sizeof input, "%s_", a->text);
		draw_text(y + 1 + n++, x + 2, bw - 4,
		    theme_attr(THEME_DIALOG) | A_BOLD, input, false);
	}
	if (a->dropped > 0) {
		snprintf(input, sizeof input, "(%d key%s typed as this appeared "
		    "ignored)", a->dropped, a->dropped == 1 ? "" : "s");
		draw_text(y + 1 + n++, x + 2, bw - 4, theme_attr(THEME_DIALOG),
		    input, false);
	}
	if (!prompt_waiting(a->p))
		hint = "No longer asked (the host stopped waiting, or its "
		    "connection closed): any key closes.";
	else if (time_mono_ms() - a->shown_ms < ASKVIEW_GUARD_MS) {
		hint = "(a moment: keys typed now are ignored)";
		app_redraw_in(app, ASKVIEW_GUARD_MS + 1 -
		    (time_mono_ms() - a->shown_ms));
	}
	else if (kind == PROMPT_YESNO)
		hint = "y: yes    n or Esc: no";
	else if (kind == PROMPT_CONFIRM)
		hint = a->retype ? "Please type yes or no, then Enter    "
		    "Esc: no" : "Type yes and Enter to accept    "
		    "no or Esc: no";
	else
		hint = "Enter: answer    Esc: cancel";
	draw_text(y + 2 + n, x + 2, bw - 4, theme_attr(THEME_DIALOG) | A_BOLD,
	    hint, false);
}

/* A CONFIRM answer: 1 yes, 0 no, -1 neither (asked again). As OpenSSH's
 * question: yes or no in any case; nothing else is taken. */
static int
askview_confirm(const char *text)
{
	if (strcasecmp(text, "yes") == 0)
		return 1;
	if (strcasecmp(text, "no") == 0)
		return 0;
	return -1;
}

static unsigned
askview_key(struct view *v, struct app *app, int key)
{
	struct askview *a = v->priv;
	enum prompt_kind kind = prompt_kind(a->p);

	if (!prompt_waiting(a->p))
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	if (a->shown_ms == 0 ||
	    time_mono_ms() - a->shown_ms < ASKVIEW_GUARD_MS) {
		a->dropped++;
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == 27 || (kind == PROMPT_YESNO && (key == 'n' || key == 'N'))) {
		prompt_answer(a->p, false, NULL);
		app_status(app, false, "Declined.");
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	if (kind == PROMPT_YESNO) {
		if (key != 'y' && key != 'Y')
			return UI_HANDLED;
		prompt_answer(a->p, true, NULL);
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	if (key == '\r' || key == '\n') {
		int yes = kind == PROMPT_CONFIRM ? askview_confirm(a->text) : 1;

		if (yes < 0) {
			a->retype = true;
			a->text[0] = '\0';
			return UI_HANDLED | UI_REDRAW;
		}
		prompt_answer(a->p, yes == 1, a->text);
		if (yes == 0)
			app_status(app, false, "Declined.");
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	textin_key(a->text, sizeof a->text, key);
	return UI_HANDLED | UI_REDRAW;
}

static void
askview_free(struct view *v)
{
	struct askview *a = v->priv;

	explicit_bzero(a->text, sizeof a->text);
	prompt_unref(a->p);	/* unanswered: a no */
	free(a->title);
	overlay_free(v);
}

static const struct view_ops askview_ops = {
	.name = "prompt", .free = askview_free, .draw = askview_draw,
	.key = askview_key,
};

struct view *
view_prompt_new(struct prompt *p, const char *label)
{
	struct askview *a = xcalloc(1, sizeof *a);

	a->p = prompt_ref(p);
	a->title = xasprintf("%s: %s", label, prompt_title(p));
	return overlay_new(&askview_ops, a);
}

/* --- a choice from a list ------------------------------------------------ */

struct choose {
	char *title;
	char **labels;
	size_t n;
	size_t sel;
	size_t typed;		/* a number being typed (0: none) */
	void (*pick)(struct app *app, void *ctx, size_t i);
	void *ctx;
	void (*ctx_free)(void *ctx);
};

static void
choose_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct choose *c = v->priv;
	int y, x, bh, bw, w = fmt_width(c->title);

	(void)app;
	for (size_t i = 0; i < c->n; i++)
		if (fmt_width(c->labels[i]) + 6 > w)
			w = fmt_width(c->labels[i]) + 6;
	overlay_box((int)c->n + 3, w < 40 ? 40 : w, "Choose", &y, &x, &bh, &bw);
	draw_text(y + 1, x + 2, bw - 4, theme_attr(THEME_DIALOG), c->title,
	    false);
	/* more items than rows: the window follows the selection */
	size_t vis = bh > 5 ? (size_t)(bh - 4) : 1, first = 0;

	if (vis > c->n)
		vis = c->n;
	if (c->sel >= vis)
		first = c->sel - vis + 1;
	for (size_t i = first; i < first + vis; i++) {
		char *line = xasprintf("%2zu  %s", i + 1, c->labels[i]);

		draw_text(y + 2 + (int)(i - first), x + 2, bw - 4, i == c->sel ?
		    theme_attr(THEME_SELECTION) : theme_attr(THEME_DIALOG), line,
		    true);
		free(line);
	}
	char hint[96];

	if (c->typed > 0)
		snprintf(hint, sizeof hint, "%zu… another digit, or Enter picks "
		    "%zu", c->typed, c->typed);
	else
		snprintf(hint, sizeof hint, "j/k or a number, Enter picks, Esc "
		    "cancels%s", vis < c->n ? " (more: j/k)" : "");
	draw_text(y + 2 + (int)vis, x + 2, bw - 4, theme_attr(THEME_DIALOG) |
	    A_BOLD, hint, false);
}

static unsigned
choose_key(struct view *v, struct app *app, int key)
{
	struct choose *c = v->priv;

	if ((key == 'j' || key == UI_KEY(KEY_DOWN)) && c->sel + 1 < c->n)
		c->sel++;
	else if ((key == 'k' || key == UI_KEY(KEY_UP)) && c->sel > 0)
		c->sel--;
	else if (key >= '0' && key <= '9') {
		/* a number: picked as soon as no longer one can start with
		 * it (with 22 items, 3 picks at once, 1 waits for 12 or
		 * Enter) */
		size_t d = (size_t)(key - '0'), num = c->typed * 10 + d;

		if (num == 0 || num > c->n) {
			c->typed = 0;
			return UI_HANDLED | UI_REDRAW;
		}
		c->sel = num - 1;
		if (num * 10 > c->n) {
			c->typed = 0;
			c->pick(app, c->ctx, num - 1);
			return UI_HANDLED | UI_CLOSE | UI_REDRAW;
		}
		c->typed = num;
		return UI_HANDLED | UI_REDRAW;
	} else if (key == '\r' && c->n > 0) {
		c->pick(app, c->ctx, c->sel);
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	} else if (key == 27 || key == 'q') {
		app_status(app, false, "Cancelled.");
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	}
	return UI_HANDLED | UI_REDRAW;
}

static void
choose_free(struct view *v)
{
	struct choose *c = v->priv;

	free(c->title);
	for (size_t i = 0; i < c->n; i++)
		free(c->labels[i]);
	free(c->labels);
	if (c->ctx_free != NULL)
		c->ctx_free(c->ctx);
	overlay_free(v);
}

static const struct view_ops choose_ops = {
	.name = "choose", .free = choose_free, .draw = choose_draw,
	.key = choose_key,
};

struct view *
view_choose_new(const char *title, const char *const *labels, size_t n,
    void (*pick)(struct app *app, void *ctx, size_t i), void *ctx,
    void (*ctx_free)(void *ctx))
{
	struct choose *c = xcalloc(1, sizeof *c);

	c->title = xstrdup(title);
	c->labels = xcalloc(n ? n : 1, sizeof *c->labels);
	for (size_t i = 0; i < n; i++)
		c->labels[i] = xstrdup(labels[i]);
	c->n = n;
	c->pick = pick;
	c->ctx = ctx;
	c->ctx_free = ctx_free;
	return overlay_new(&choose_ops, c);
}

/* --- adding a host to the hosts file -------------------------------------- */

enum { ADDHOST_NAME, ADDHOST_DEST, ADDHOST_USER, ADDHOST_PORT,
    ADDHOST_TRANSPORT, ADDHOST_FIELDS };

struct addhost {
	char text[ADDHOST_TRANSPORT][128];	/* the typed fields */
	enum hostdef_transport transport;	/* Space cycles it */
	int field;				/* the one being typed */
	char *error;				/* from the last save; owned */
};

static const char *const addhost_labels[ADDHOST_FIELDS] = {
	"Name", "SSH destination", "User (optional)", "Port (optional)",
	"Transport",
};

/* What is wrong with the form now, or NULL. */
static const char *
addhost_problem(struct app *app, const struct addhost *a)
{
	const char *name = a->text[ADDHOST_NAME];
	const char *dest = a->text[ADDHOST_DEST];
	const char *port = a->text[ADDHOST_PORT];

	if (!hostsfile_name_ok(name))
		return "Name: letters, digits, '-', '_' and '.' (at most 64).";
	for (size_t i = 0; i < app->store.nhosts; i++)
		if (strcmp(app->store.hosts[i].label, name) == 0)
			return "Name: a host of that name is shown already.";
	if (*dest == '\0' || strpbrk(dest, " \t'\"") != NULL)
		return "SSH destination: a host name, address or ~/.ssh/config "
		    "alias, no spaces.";
	if (strpbrk(a->text[ADDHOST_USER], " \t@:/") != NULL)
		return "User: a user name, no spaces.";
	if (*port != '\0' && (strspn(port, "0123456789") != strlen(port) ||
	    atoi(port) < 1 || atoi(port) > 65535))
		return "Port: 1 to 65535, or empty.";
	return NULL;
}

static void
addhost_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct addhost *a = v->priv;
	const char *problem = a->error ? a->error : addhost_problem(app, a);
	int y, x, bh, bw;

	overlay_box(ADDHOST_FIELDS + 4, 64, "Add a host", &y, &x, &bh, &bw);
	for (int f = 0; f < ADDHOST_FIELDS; f++) {
		char line[256];
		const char *value = f == ADDHOST_TRANSPORT ?
		    (a->transport == HOSTDEF_LIBSSH ?
		    "libssh (libvirt's, qemu+libssh)" :
		    a->transport == HOSTDEF_VMDECK ? "vmdeck (vmdeck's own "
		    "session carries libvirt: one login)" :
		    "ssh (yours, qemu+ssh)") : a->text[f];

		snprintf(line, sizeof line, "%-17s %s%s", addhost_labels[f],
		    value, f == a->field && f != ADDHOST_TRANSPORT ? "_" : "");
		draw_text(y + 1 + f, x + 2, bw - 4, f == a->field ?
		    theme_attr(THEME_SELECTION) : theme_attr(THEME_DIALOG), line,
		    true);
	}
	draw_text(y + 2 + ADDHOST_FIELDS, x + 2, bw - 4, problem ?
	    theme_attr(THEME_ERROR) : theme_attr(THEME_DIALOG), problem ?
	    problem : "Ready.", true);
	draw_text(y + 3 + ADDHOST_FIELDS, x + 2, bw - 4,
	    theme_attr(THEME_DIALOG) | A_BOLD, "Tab/arrows: field  Space: "
	    "transport  Enter: save  Esc: cancel", false);
}

/* Write the host to the hosts file and connect it. */
static bool
addhost_save(struct app *app, struct addhost *a)
{
	char *path = hostsfile_path(), *old, *text, *err = NULL, *uri;
	struct hostdef h = { .name = a->text[ADDHOST_NAME],
	    .ssh = a->text[ADDHOST_DEST], .autoconnect = true,
	    .transport = a->transport };
	struct hostlist list = { 0 };
	struct diags d = { 0 };
	size_t len;
	bool missing;

	if (*a->text[ADDHOST_USER])
		h.user = a->text[ADDHOST_USER];
	if (*a->text[ADDHOST_PORT])
		h.port = atoi(a->text[ADDHOST_PORT]);
	old = inifile_slurp(path, &len, &missing, &d);
	if (old != NULL)
		hostsfile_parse(path, old, len, &list, &d);
	free(a->error);
	a->error = NULL;
	if (hostsfile_find(&list, h.name) != NULL)
		a->error = xasprintf("Name: %s already has a host '%s'.", path,
		    h.name);
	else if (old == NULL && !missing)
		a->error = xasprintf("Could not read %s: %s", path,
		    d.n ? d.msgs[0] : "unknown reason");
	else {
		text = hostsfile_text_add(old, &h);
		if (hostsfile_write(path, text, &err) < 0) {
			a->error = err;
			err = NULL;
		}
		free(text);
	}
	hostsfile_clear(&list);
	diag_clear(&d);
	free(old);
	if (a->error != NULL) {
		free(path);
		return false;
	}
	uri = hosturi_for(&h);
	app_add_host(app, uri, h.name, &h);
	char *msg = xasprintf("Added host '%s' to %s; connecting to %s.", h.name,
	    path, uri);
	app_status(app, false, msg);
	free(msg);
	free(uri);
	free(path);
	return true;
}

static unsigned
addhost_key(struct view *v, struct app *app, int key)
{
	struct addhost *a = v->priv;

	if (key == 27)
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	if (key == '\t' || key == UI_KEY(KEY_DOWN)) {
		a->field = (a->field + 1) % ADDHOST_FIELDS;
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == UI_KEY(KEY_BTAB) || key == UI_KEY(KEY_UP)) {
		a->field = (a->field + ADDHOST_FIELDS - 1) % ADDHOST_FIELDS;
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == '\r') {
		if (addhost_problem(app, a) != NULL)
			return UI_HANDLED | UI_REDRAW;
		return addhost_save(app, a) ? UI_HANDLED | UI_CLOSE | UI_REDRAW :
		    UI_HANDLED | UI_REDRAW;
	}
	if (a->field == ADDHOST_TRANSPORT) {
		if (key == ' ')
			a->transport = a->transport == HOSTDEF_VMDECK ?
			    HOSTDEF_SSH : a->transport == HOSTDEF_SSH ?
			    HOSTDEF_LIBSSH : HOSTDEF_VMDECK;
		return UI_HANDLED | UI_REDRAW;
	}
	free(a->error);
	a->error = NULL;
	textin_key(a->text[a->field], sizeof a->text[a->field], key);
	return UI_HANDLED | UI_REDRAW;
}

static void
addhost_free(struct view *v)
{
	struct addhost *a = v->priv;

	free(a->error);
	overlay_free(v);
}

static const struct view_ops addhost_ops = {
	.name = "add-host", .free = addhost_free, .draw = addhost_draw,
	.key = addhost_key,
};

struct view *
view_add_host_new(void)
{
	return overlay_new(&addhost_ops, xcalloc(1, sizeof(struct addhost)));
}
