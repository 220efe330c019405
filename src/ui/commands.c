/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/hostsfile.h"
#include "../core/bulk.h"
#include "../core/tags.h"
#include "../host/bulkjob.h"
#include "../vm/snapshot.h"
#include "../config/inifile.h"
#include "../vm/vmdelete.h"
#include "../util/xalloc.h"
#include "app.h"
#include "conview.h"
#include "edit.h"
#include "term.h"
#include "view.h"
#include "vncview.h"

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])
#define DONE (UI_HANDLED | UI_REDRAW)

/* --- the app's commands ------------------------------------------------- */

static unsigned
cmd_quit(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)app, (void)cmd, (void)t;
	return UI_QUIT;
}

static unsigned
cmd_help(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	app_push(app, view_help_new());
	return DONE;
}

static unsigned
cmd_log(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd;
	/* ":log FILE" logs the shown console; plain "log" is the messages */
	if (t->arg != NULL)
		return conview_log(app, t->arg);
	app_push(app, view_log_new());
	return DONE;
}

static unsigned
cmd_all_hosts(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	char filter[32], again[32], *msg;

	(void)t;
	app_set_all(app, !app->all);
	msg = xasprintf("Every host's VMs in one list, with a Host column; %s "
	    "filters by VM or host name; %s again: one host.",
	    keymap_key_for(CMD_LIST, "filter", filter, sizeof filter),
	    keymap_key_for(CMD_LIST, cmd->name, again, sizeof again));
	app_status(app, false, app->all ? msg : "The current host's VMs.");
	free(msg);
	return DONE;
}

static unsigned
cmd_add_host(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	app_push(app, view_add_host_new());
	return DONE;
}

static unsigned
cmd_filter(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd;
	view_main_prompt(t->view, MAIN_PROMPT_FILTER);
	app->focus = APP_FOCUS_DOMAINS;
	return DONE;
}

static unsigned
cmd_prompt(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)app, (void)cmd;
	view_main_prompt(t->view, MAIN_PROMPT_COMMAND);
	return DONE;
}

static unsigned
cmd_theme_next(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	app_set_theme(app, (app->theme + 1) % (int)app->themes.n);
	return DONE;
}

static unsigned
cmd_save_settings(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	char *err = NULL, *msg;

	(void)cmd, (void)t;
	free(app->cfg->theme);
	app->cfg->theme = xstrdup(app->themes.themes[app->theme].name);
	app->cfg->sort = app->sort;
	if (config_save(app->cfg, app->config_path, &err) < 0) {
		app_status(app, true, err);
		free(err);
		return DONE;
	}
	msg = xasprintf("Saved sort, columns, theme and interval to %s.",
	    app->config_path);
	app_status(app, false, msg);
	free(msg);
	return DONE;
}

static unsigned
cmd_sort(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	char *msg;

	(void)cmd, (void)t;
	app->sort = domlist_sort_next(app->sort);
	/* one host's list has no host to sort by */
	if (app->sort == DOMLIST_SORT_HOST && !app->all)
		app->sort = domlist_sort_next(app->sort);
	/* by tag: the tags are read from now on */
	if (app->sort == DOMLIST_SORT_TAG && !domain_reads_tags()) {
		domain_set_read_tags(true);
		for (size_t i = 0; i < app->store.nhosts; i++)
			host_submit_refresh(app->hosts[i]);
	}
	app_reindex(app);
	msg = xasprintf("Sorted by %s.", domlist_sort_name(app->sort));
	app_status(app, false, msg);
	free(msg);
	return DONE;
}

static unsigned
cmd_focus(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	app->focus = app->focus == APP_FOCUS_HOSTS ? APP_FOCUS_DOMAINS :
	    APP_FOCUS_HOSTS;
	return DONE;
}

static unsigned
cmd_focus_vms(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	app->focus = APP_FOCUS_DOMAINS;
	return DONE;
}

/* The moves: by a row, a page (the main view's rows, less one), to an
 * end. */
#define CMD_MOVE(fn, delta)						\
static unsigned								\
fn(struct app *app, const struct command *cmd,				\
    const struct cmd_target *t)						\
{									\
	(void)cmd, (void)t;						\
	app_move(app, (delta));						\
	return DONE;							\
}
CMD_MOVE(cmd_down, 1)
CMD_MOVE(cmd_up, -1)
CMD_MOVE(cmd_page_down, view_main_page(t->view))
CMD_MOVE(cmd_page_up, -view_main_page(t->view))
CMD_MOVE(cmd_top, -(long)1e9)
CMD_MOVE(cmd_bottom, (long)1e9)

/* The VM a command acts on, or NULL after telling the user there is
 * none. */
static const struct domain_info *
cmd_vm(struct app *app, const struct cmd_target *t)
{
	const struct domain_info *d = NULL;

	if (t->uuid != NULL && t->host >= 0 &&
	    (size_t)t->host < app->store.nhosts)
		d = store_find(&app->store.hosts[t->host], t->uuid);
	if (d == NULL)
		app_status(app, true, "No VM is selected.");
	return d;
}

static unsigned
cmd_details(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct domain_info *d = cmd_vm(app, t);

	(void)cmd;
	if (d != NULL)
		app_push(app, view_vm_new(t->host, d->uuid));
	return DONE;
}

static unsigned
cmd_create(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	/* -r: refused before anything is asked or read */
	if (app_refuse_readonly(app, cmd->name))
		return DONE;
	if (app->store.hosts[t->host].state != HOST_STATE_CONNECTED) {
		app_status(app, true, "This host is not connected; a VM cannot "
		    "be made on it now.");
		return DONE;
	}
	app_push(app, view_create_new(app));
	return DONE;
}

/* The editor runs here, on the UI thread, when the XML comes: the
 * workers go on meanwhile. */
static void
cmd_edit_xml_reply(struct app *app, const struct event *ev, void *ctx)
{
	(void)ctx;
	if (ev->xml != NULL)
		edit_xml(app, ev->host, ev->info.uuid, ev->info.name, ev->xml,
		    NULL);
}

static unsigned
cmd_edit_xml(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct domain_info *d = cmd_vm(app, t);
	char *msg;

	/* -r: refused before anything is asked or read */
	if (app_refuse_readonly(app, cmd->name))
		return DONE;
	(void)cmd;
	if (d == NULL)
		return DONE;
	host_submit_get_xml(app->hosts[t->host], d->uuid, d->name,
	    app_expect(app, EVENT_XML, NULL, cmd_edit_xml_reply, NULL, NULL));
	msg = xasprintf("Reading the XML of VM '%s'…", d->name);
	app_status(app, false, msg);
	free(msg);
	return DONE;
}

static unsigned
cmd_clone(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct domain_info *d = cmd_vm(app, t);

	/* -r: refused before anything is asked or read */
	if (app_refuse_readonly(app, cmd->name))
		return DONE;
	(void)cmd;
	if (d == NULL)
		return DONE;
	if (domain_state_is_active(d->state)) {
		char *msg = xasprintf("VM '%s' is running; shut it down before "
		    "cloning it.", d->name);

		app_status(app, true, msg);
		free(msg);
		return DONE;
	}
	app_push(app, view_clone_new(t->host, d->uuid, d->name));
	return DONE;
}

/* The form, once the VM's XML came. */
static void
cmd_edit_reply(struct app *app, const struct event *ev, void *ctx)
{
	const struct domain_info *d;
	struct view *v;
	char *err = NULL;

	(void)ctx;
	if (ev->xml == NULL)
		return;			/* the status says why */
	d = store_find(&app->store.hosts[ev->host], ev->info.uuid);
	v = view_edit_new(ev->host, ev->info.uuid, ev->info.name, ev->xml,
	    d != NULL && d->autostart, &err);
	if (v != NULL)
		app_push(app, v);
	else {
		app_status(app, true, err);
		free(err);
	}
}

static unsigned
cmd_edit(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct domain_info *d = cmd_vm(app, t);

	/* -r: refused before anything is asked or read */
	if (app_refuse_readonly(app, cmd->name))
		return DONE;
	(void)cmd;
	if (d != NULL)
		host_submit_get_xml(app->hosts[t->host], d->uuid, d->name,
		    app_expect(app, EVENT_XML, NULL, cmd_edit_reply, NULL,
		    NULL));
	return DONE;
}

/* The host a command is about: the target's, else none (said). */
static bool
cmd_host_ok(struct app *app, const struct cmd_target *t)
{
	if (t->host >= 0 && (size_t)t->host < app->store.nhosts)
		return true;
	app_status(app, true, "No host is selected.");
	return false;
}

static unsigned
cmd_storage(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd;
	if (cmd_host_ok(app, t))
		app_push(app, view_storage_new(app, t->host));
	return DONE;
}

static unsigned
cmd_networks(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd;
	if (cmd_host_ok(app, t))
		app_push(app, view_net_new(app, t->host));
	return DONE;
}

static unsigned
cmd_sampling(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	app_set_paused(app, !app->paused);
	return DONE;
}

/* [ and ]: the graphs' window, shared by every graph view. */
static unsigned
cmd_window(struct app *app, int delta)
{
	int w = (int)app->window + delta;

	if (w < 0 || w >= HISTORY_LEVEL_COUNT)
		return UI_HANDLED;
	app->window = (enum history_level)w;
	return DONE;
}

static unsigned
cmd_window_shorter(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return cmd_window(app, -1);
}

static unsigned
cmd_window_longer(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return cmd_window(app, 1);
}

static unsigned
cmd_redraw(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)app, (void)cmd, (void)t;
	clearok(curscr, TRUE);
	return DONE;
}

static unsigned
cmd_refresh(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	struct store_host *h = &app->store.hosts[t->host];

	(void)cmd;
	if (h->state == HOST_STATE_CONNECTED)
		host_submit_refresh(app->hosts[t->host]);
	else
		host_submit_reconnect(app->hosts[t->host]);
	app_status(app, false, h->state == HOST_STATE_CONNECTED ?
	    "Refreshing…" : "Connecting again now…");
	return DONE;
}

/* The confirmed removal of a host from the hosts file. */
static void
cmd_remove_host_yes(struct app *app, void *ctx)
{
	const char *name = ctx;
	char *path = hostsfile_path(), *old, *text, *err = NULL, *msg;
	struct diags d = { 0 };
	size_t len;
	bool missing;

	old = inifile_slurp(path, &len, &missing, &d);
	text = old ? hostsfile_text_remove(old, name) : NULL;
	if (text == NULL)
		msg = xasprintf("Host '%s' is no longer in %s.", name, path);
	else if (hostsfile_write(path, text, &err) < 0)
		msg = err;
	else {
		msg = xasprintf("Removed host '%s' from %s.", name, path);
		for (size_t i = 0; i < app->store.nhosts; i++)
			if (strcmp(app->store.hosts[i].label, name) == 0)
				app_remove_host(app, i);
	}
	app_status(app, text == NULL || err != NULL, msg);
	free(msg);
	free(text);
	free(old);
	free(path);
	diag_clear(&d);
}

/* D on the hosts pane: remove the host from the hosts file, asking
 * first; hosts given with -c or by default are not in it. */
static unsigned
cmd_remove_host(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct store_host *h = &app->store.hosts[t->host];
	char *path = hostsfile_path(), *q;
	struct hostlist list = { 0 };
	struct diags d = { 0 };

	(void)cmd;
	hostsfile_load(path, &list, &d);
	if (hostsfile_find(&list, h->label) == NULL) {
		q = xasprintf("Host '%s' is not in %s (it came from -c or is the "
		    "default); nothing to remove.", h->label, path);
		app_status(app, true, q);
	} else {
		q = xasprintf("Remove host '%s' (%s) from %s?\nIts connection "
		    "closes; its VMs are not touched.", h->label, h->uri, path);
		app_push(app, view_confirm_fn_new(q, cmd_remove_host_yes,
		    xstrdup(h->label), free));
	}
	free(q);
	free(path);
	hostsfile_clear(&list);
	diag_clear(&d);
	return UI_HANDLED | UI_REDRAW;
}


/* --- marks and actions on the marked VMs -------------------------------- */

static unsigned
cmd_mark(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct domain_info *d = cmd_vm(app, t);

	(void)cmd;
	if (d == NULL)
		return DONE;
	app_mark(app, (size_t)t->host, d->uuid, !app_marked(app,
	    (size_t)t->host, d->uuid));
	app_move(app, 1);		/* Space, Space, Space marks a run */
	return DONE;
}

static unsigned
cmd_mark_all(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	char *msg;

	(void)cmd, (void)t;
	for (size_t r = 0; r < app->nidx; r++) {
		size_t h = app_row_host(app, (long)r);

		app_mark(app, h, app->store.hosts[h].doms[app->idx[r]].uuid,
		    true);
	}
	msg = xasprintf("%zu marked (every VM the list shows%s).",
	    app_marked_count(app), app->filter[0] ? " with its filter" : "");
	app_status(app, false, msg);
	free(msg);
	return DONE;
}

static unsigned
cmd_unmark_all(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	if (app_marked_count(app) > 0) {
		app_unmark_all(app);
		app_status(app, false, "No VM is marked now.");
	}
	return DONE;
}

/* Whether the command acts on the marked VMs: some are marked and it
 * came from the lists. */
static bool
cmd_on_marks(struct app *app, const struct cmd_target *t)
{
	return (t->scope & (CMD_LIST | CMD_HOSTS)) && app_marked_count(app) > 0;
}

/* Add VM k of host i to b when it is marked and not added yet (taken:
 * one map per host), with its action (a toggle picks per VM). */
static void
cmd_marked_add(struct app *app, struct bulk *b, const struct command *cmd,
    struct uuidmap *taken, size_t i, size_t k)
{
	static char yes;
	const struct store_host *h = &app->store.hosts[i];
	const struct domain_info *d = &h->doms[k];

	if (!app_marked(app, i, d->uuid) || uuidmap_get(&taken[i], d->uuid))
		return;
	uuidmap_put(&taken[i], d->uuid, &yes);
	bulk_add(b, (int)i, h->label, d->uuid, d->name, cmd == NULL ? -1 :
	    cmd->toggle != NULL ? (int)domain_toggle_pick(cmd->toggle, d) :
	    cmd->action);
}

/* The marked VMs, grouped by host, as a table for what; action is each
 * row's (a toggle picks per VM) or -1. */
static struct bulk *
cmd_marked(struct app *app, const char *what, const struct command *cmd)
{
	struct bulk *b = bulk_new(what);
	struct uuidmap *taken = xcalloc(app->store.nhosts + 1, sizeof *taken);

	/* in the order the list shows them, then those its filter hides */
	for (size_t r = 0; r < app->nidx; r++)
		cmd_marked_add(app, b, cmd, taken, app_row_host(app, (long)r),
		    app->idx[r]);
	for (size_t i = 0; i < app->store.nhosts; i++)
		for (size_t k = 0; k < app->store.hosts[i].ndoms; k++)
			cmd_marked_add(app, b, cmd, taken, i, k);
	for (size_t i = 0; i < app->store.nhosts; i++)
		uuidmap_free(&taken[i]);
	free(taken);
	bulk_group(b);
	return b;
}

/* What a confirmed run on the marked VMs carries. */
struct bulk_ask {
	struct bulk *b;
	struct bulkop op;
};

static void
cmd_bulk_ask_free(void *ctx)
{
	struct bulk_ask *k = ctx;

	bulk_unref(k->b);
	for (size_t i = 0; i < k->op.nwords; i++)
		free(k->op.words[i]);
	free(k->op.words);
	free(k->op.snap_name);
	free(k);
}

static void
cmd_bulk_yes(struct app *app, void *ctx)
{
	struct bulk_ask *k = ctx;

	bulkjob_start(app->hosts, app->store.nhosts, app->q, k->b, &k->op,
	    false);
	app_push(app, view_bulk_new(k->b));
}

/* One question naming every VM by host (scrollable), then the results
 * view. Takes op's strings. */
static void
cmd_bulk_ask(struct app *app, struct bulk *b, struct bulkop op,
    const char *verb, const char *note)
{
	struct bulk_ask *k = xcalloc(1, sizeof *k);
	char *q = bulk_question(b, verb), *full;

	k->b = b;
	k->op = op;
	full = note ? xasprintf("%s\n%s", q, note) : xstrdup(q);
	app_push(app, view_confirm_fn_new(full, cmd_bulk_yes, k,
	    cmd_bulk_ask_free));
	free(full);
	free(q);
}

/* A VM action (or toggle) on the marked VMs. */
static void
cmd_action_marked(struct app *app, const struct command *cmd)
{
	enum domain_action a = cmd->toggle != NULL ?
	    ((const struct domain_toggle *)cmd->toggle)->off :
	    (enum domain_action)cmd->action;
	const struct domain_action_row *row = domain_action_row(a);
	const char *verb = cmd->toggle != NULL ?
	    ((const struct domain_toggle *)cmd->toggle)->name :
	    domain_action_verb(a);
	struct bulk *b = cmd_marked(app, verb, cmd);

	cmd_bulk_ask(app, b, (struct bulkop){ .kind = BULKOP_ACTION }, verb,
	    (row->flags & DOMAIN_ACT_NAMES_VOLUMES) ? "Their definitions are "
	    "removed; their disks stay (vmdeck undefine --storage removes "
	    "those, one VM at a time or with --filter)." :
	    (row->flags & DOMAIN_ACT_DESTRUCTIVE) ? row->note : NULL);
}

/* The words of line, split at blanks: *out (caller frees each and the
 * array). Returns how many. */
static size_t
cmd_split(const char *line, char ***out)
{
	char *copy = xstrdup(line), *save = NULL;
	size_t n = 0;

	*out = xcalloc(strlen(line) / 2 + 2, sizeof **out);
	for (char *w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save))
		(*out)[n++] = xstrdup(w);
	free(copy);
	return n;
}

static void
cmd_split_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A tag line: words of +TAG, -TAG or TAG, each a valid tag. */
static bool
cmd_tag_line_ok(const char *line)
{
	char **v;
	size_t n = cmd_split(line, &v);
	bool ok = n > 0;

	for (size_t i = 0; ok && i < n; i++) {
		const char *tag = v[i] + (v[i][0] == '+' || v[i][0] == '-');
		const char *why;

		ok = tags_valid(tag, &why);
	}
	cmd_split_free(v, n);
	return ok;
}

struct tag_ctx {
	bool marked;
	int host;
	char uuid[DOMAIN_UUID_LEN];
	char *name;
	char *label;
};

static void
cmd_tag_ctx_free(void *ctx)
{
	struct tag_ctx *c = ctx;

	free(c->name);
	free(c->label);
	free(c);
}

static void
cmd_tag_done(struct app *app, void *ctx, const char *text)
{
	struct tag_ctx *c = ctx;
	struct bulkop op = { .kind = BULKOP_TAG };
	struct bulk *b;

	op.nwords = cmd_split(text, &op.words);
	if (c->marked) {
		char *verb = xasprintf("tag (%s)", text);

		cmd_bulk_ask(app, cmd_marked(app, "tag", NULL), op, verb, NULL);
		free(verb);
		return;
	}
	b = bulk_new("tag");
	bulk_add(b, c->host, c->label, c->uuid, c->name, -1);
	bulkjob_start(app->hosts, app->store.nhosts, app->q, b, &op, true);
	bulk_unref(b);
	cmd_split_free(op.words, op.nwords);
}

/* t: add and remove tags of the VM, or of the marked VMs. */
static unsigned
cmd_tag(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	struct tag_ctx *c;
	char *q;
	struct view *v;

	/* -r: refused before anything is asked or read */
	if (app_refuse_readonly(app, cmd->name))
		return DONE;
	c = xcalloc(1, sizeof *c);
	if (cmd_on_marks(app, t)) {
		c->marked = true;
		q = xasprintf("Tags for the %zu marked VMs: +TAG adds, -TAG "
		    "removes (web -old).", app_marked_count(app));
	} else {
		const struct domain_info *d = cmd_vm(app, t);

		if (d == NULL) {
			free(c);
			return DONE;
		}
		c->host = t->host;
		snprintf(c->uuid, sizeof c->uuid, "%s", d->uuid);
		c->name = xstrdup(d->name);
		c->label = xstrdup(app->store.hosts[t->host].label);
		q = xasprintf("Tags of VM '%s'%s%s: +TAG or TAG adds, -TAG "
		    "removes.", d->name, d->tags[0] ? " now " : "", d->tags);
		if (!domain_reads_tags()) {
			/* the Tags column and tag: filters follow from now */
			domain_set_read_tags(true);
			host_submit_refresh(app->hosts[t->host]);
		}
	}
	v = view_input_new("Tags", q, cmd_tag_done, c, cmd_tag_ctx_free);
	view_input_check(v, "", cmd_tag_line_ok, "Enter: change the tags    "
	    "Esc: cancel", "a tag is 1-64 bytes, no space, no ',': fix it");
	app_push(app, v);
	free(q);
	return DONE;
}

static void
cmd_snap_marked_done(struct app *app, void *ctx, const char *text)
{
	struct bulkop op = { .kind = BULKOP_SNAPSHOT };

	(void)ctx;
	op.snap_name = text[0] ? xstrdup(text) : NULL;
	cmd_bulk_ask(app, cmd_marked(app, "snapshot", NULL), op,
	    "snapshot", text[0] ? NULL : "Each snapshot is named by the time.");
}

static bool
cmd_snap_name_ok(const char *text)
{
	const char *why;

	return text[0] == '\0' || snapshot_name_ok(text, &why);
}

static unsigned
cmd_snapshots(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct domain_info *d;

	(void)cmd;
	if (cmd_on_marks(app, t)) {
		char *q = xasprintf("A snapshot of each of the %zu marked VMs; "
		    "its name (empty: the time):", app_marked_count(app));
		struct view *v = view_input_new("Snapshots", q,
		    cmd_snap_marked_done, NULL, NULL);

		view_input_check(v, "", cmd_snap_name_ok, "Enter: go on    "
		    "Esc: cancel", "no '/', no leading '.' or '-', at most 100 "
		    "bytes");
		app_push(app, v);
		free(q);
		return DONE;
	}
	d = cmd_vm(app, t);
	if (d != NULL)
		app_push(app, view_snapshots_new(app, t->host, d->uuid, d->name));
	return DONE;
}


/* m: choose the destination among the other connected hosts, then the
 * migration view for the VM, or the marked VMs of its host. */
struct mig_ctx {
	int src;
	char **uuids;
	size_t n;
	int *dests;		/* host index per choice */
};

static void
cmd_mig_ctx_free(void *ctx)
{
	struct mig_ctx *c = ctx;

	for (size_t i = 0; i < c->n; i++)
		free(c->uuids[i]);
	free(c->uuids);
	free(c->dests);
	free(c);
}

static void
cmd_mig_pick(struct app *app, void *ctx, size_t i)
{
	struct mig_ctx *c = ctx;

	app_push(app, view_migrate_new(app, c->src, c->dests[i],
	    (const char *const *)c->uuids, c->n));
}

static unsigned
cmd_migrate(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct domain_info *d = cmd_vm(app, t);
	struct mig_ctx *c;
	const char **labels;
	size_t nl = 0, other = 0;
	char *title;

	/* -r: refused before anything is asked or read */
	if (app_refuse_readonly(app, cmd->name))
		return DONE;
	(void)cmd;
	if (d == NULL)
		return DONE;
	c = xcalloc(1, sizeof *c);
	c->src = t->host;
	c->uuids = xcalloc(app->store.hosts[t->host].ndoms + 1,
	    sizeof *c->uuids);
	if (cmd_on_marks(app, t)) {
		const struct store_host *h = &app->store.hosts[t->host];

		for (size_t k = 0; k < h->ndoms; k++)
			if (app_marked(app, (size_t)t->host, h->doms[k].uuid))
				c->uuids[c->n++] = xstrdup(h->doms[k].uuid);
		other = app_marked_count(app) - c->n;
	}
	if (c->n == 0)
		c->uuids[c->n++] = xstrdup(d->uuid);
	labels = xcalloc(app->store.nhosts + 1, sizeof *labels);
	c->dests = xcalloc(app->store.nhosts + 1, sizeof *c->dests);
	for (size_t i = 0; i < app->store.nhosts; i++)
		if ((int)i != t->host &&
		    app->store.hosts[i].state == HOST_STATE_CONNECTED) {
			labels[nl] = app->store.hosts[i].label;
			c->dests[nl++] = (int)i;
		}
	if (nl == 0) {
		app_status(app, true, "No other connected host to migrate to "
		    "(+ adds one).");
		cmd_mig_ctx_free(c);
		free(labels);
		return DONE;
	}
	if (other > 0) {
		char *msg = xasprintf("%zu marked VMs on other hosts stay: one "
		    "source host at a time.", other);

		app_status(app, false, msg);
		free(msg);
	}
	title = c->n == 1 ? xasprintf("Migrate VM '%s' to", d->name) :
	    xasprintf("Migrate the %zu marked VMs of %s to", c->n,
	    app->store.hosts[t->host].label);
	app_push(app, view_choose_new(title, labels, nl, cmd_mig_pick, c,
	    cmd_mig_ctx_free));
	free(title);
	free(labels);
	return DONE;
}

/* --- the VM actions (core/domain's table) ------------------------------- */

/* The delete question, once the VM's XML came: naming the VM, its host
 * and each file a delete with storage removes (its disks and its own
 * cloud-init seed). */
static void
cmd_delete_reply(struct app *app, const struct event *ev, void *ctx)
{
	char *err = NULL, **paths = NULL, *q;
	long n;
	size_t len;

	(void)ctx;
	if (ev->xml == NULL)
		return;			/* the status says why */
	n = vmdelete_paths(ev->info.name, ev->xml, &paths, &err);
	if (n < 0) {
		app_status(app, true, err);
		free(err);
		return;
	}
	q = xasprintf("Delete VM '%s' on %s?\nIts definition is removed.%s",
	    ev->info.name, app->store.hosts[ev->host].uri, n ?
	    " With s, also its storage (files another VM or a snapshot uses "
	    "are kept):" : "");
	for (long i = 0; i < n; i++) {
		len = strlen(q);
		q = xrealloc(q, len + strlen(paths[i]) + 8);
		sprintf(q + len, "\n  %s", paths[i]);
	}
	app_push(app, view_confirm_delete_new(ev->host, ev->info.uuid,
	    ev->info.name, q, paths, (size_t)n));
	for (long i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(q);
}

/* Ask first, naming the VM and its host; note says what follows. */
static void
cmd_confirm(struct app *app, const struct cmd_target *t,
    const struct domain_info *d, enum domain_action action, const char *note)
{
	const char *verb = domain_action_verb(action);
	char *q = xasprintf("%c%s VM '%s' on %s?\n%s", verb[0] - 'a' + 'A',
	    verb + 1, d->name, app->store.hosts[t->host].uri, note);

	app_push(app, view_confirm_new(t->host, d->uuid, d->name, (int)action,
	    q));
	free(q);
}

/* Every row of the action table, and every toggle: the rule for asking
 * comes from the row's flags. */
static unsigned
cmd_action(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	const struct domain_info *d;
	enum domain_action a;
	const struct domain_action_row *row;
	char *msg;

	/* -r: refused before anything is asked or read */
	if (app_refuse_readonly(app, cmd->name))
		return DONE;
	if (cmd_on_marks(app, t)) {
		cmd_action_marked(app, cmd);
		return DONE;
	}
	d = cmd_vm(app, t);
	if (d == NULL)
		return DONE;
	a = cmd->toggle != NULL ? domain_toggle_pick(cmd->toggle, d) :
	    (enum domain_action)cmd->action;
	row = domain_action_row(a);
	if (row->flags & DOMAIN_ACT_NAMES_VOLUMES) {
		/* read the XML first, so the question can name each volume */
		host_submit_get_xml(app->hosts[t->host], d->uuid, d->name,
		    app_expect(app, EVENT_XML, NULL, cmd_delete_reply, NULL,
		    NULL));
		return DONE;
	}
	if (row->flags & DOMAIN_ACT_DESTRUCTIVE) {
		cmd_confirm(app, t, d, a, row->note);
		return DONE;
	}
	if (app->cfg->confirm == CONFIG_CONFIRM_ALL) {
		cmd_confirm(app, t, d, a, "(confirm = all in your config asks "
		    "before every action.)");
		return DONE;
	}
	host_submit_action(app->hosts[t->host], d->uuid, d->name, a);
	msg = xasprintf("Asked to %s VM '%s'…", domain_action_verb(a), d->name);
	app_status(app, false, msg);
	free(msg);
	return DONE;
}

/* --- consoles and the VNC screen ----------------------------------------- */

static unsigned
cmd_console(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return conview_open_selected(app);
}

static unsigned
cmd_console_full(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return conview_toggle_full(app);
}

static unsigned
cmd_console_next(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return conview_next(app);
}

static unsigned
cmd_console_close(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return conview_close_shown(app);
}

static unsigned
cmd_console_stty(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return conview_stty(app);
}

static unsigned
cmd_console_leave(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return conview_leave(app);
}

static unsigned
cmd_console_back(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return conview_scroll_page(app, 1);
}

static unsigned
cmd_console_forward(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return conview_scroll_page(app, -1);
}

static unsigned
cmd_vnc(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return vncview_open_selected(app);
}

static unsigned
cmd_vnc_menu(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return vncview_menu_open(app);
}

static unsigned
cmd_vnc_close(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return vncview_close(app);
}

static unsigned
cmd_vnc_pane(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return vncview_pane(app);
}

static unsigned
cmd_vnc_zoom(struct app *app, const struct command *cmd,
    const struct cmd_target *t)
{
	(void)cmd, (void)t;
	return vncview_zoom(app);
}

/* --- the table ------------------------------------------------------------ */

#define L CMD_LIST
#define H CMD_HOSTS
#define V CMD_VM
#define C CMD_CONSOLE
#define X CMD_VNC
#define ANY (L | H | V)

/* The help lists these, then the VM actions, then the rest. */
static const struct command table[] = {
	{ "down", NULL, L | H, cmd_down, "move down", NULL, -1, NULL },
	{ "up", NULL, L | H, cmd_up, "move up", NULL, -1, NULL },
	{ "page-down", NULL, L | H, cmd_page_down, "move down a page",
	    NULL, -1, NULL },
	{ "page-up", NULL, L | H, cmd_page_up, "move up a page", NULL, -1,
	    NULL },
	{ "top", NULL, L | H, cmd_top, "go to the first row", NULL, -1,
	    NULL },
	{ "bottom", NULL, L | H, cmd_bottom, "go to the last row", NULL,
	    -1, NULL },
	{ "focus-next", NULL, L | H, cmd_focus, "switch between the hosts "
	    "and VMs panes", NULL, -1, NULL },
	{ "focus-vms", NULL, H, cmd_focus_vms, "hosts pane: go to its VMs",
	    NULL, -1, NULL },
	{ "details", NULL, L | H, cmd_details, "the selected VM's facts "
	    "and graphs", "Details", -1, NULL },
	{ "filter", NULL, L | H, cmd_filter, "filter VMs by name (Enter "
	    "keeps, Esc clears)", "Filter", -1, NULL },
	{ "all-hosts", NULL, L | H, cmd_all_hosts, "every host's VMs in "
	    "one list with a Host column, or one host's", "AllHosts", -1,
	    NULL },
	{ "add-host", NULL, L | H, cmd_add_host, "add a host to the hosts "
	    "file (name, ssh destination, transport) and connect it", NULL,
	    -1, NULL },
	{ "remove-host", NULL, H, cmd_remove_host, "hosts pane: remove the "
	    "host from the hosts file (asks first)", NULL, -1, NULL },
	{ "sort", NULL, L | H, cmd_sort, "sort by the next column",
	    "Sort", -1, NULL },
	{ "mark", NULL, L, cmd_mark, "mark or unmark the VM (then every VM "
	    "action, t and S act on the marked VMs, asking once)", "Mark", -1,
	    NULL },
	{ "mark-all", NULL, L | H, cmd_mark_all, "mark every VM the list "
	    "shows (with its filter)", NULL, -1, NULL },
	{ "unmark-all", NULL, L | H, cmd_unmark_all, "unmark every VM", NULL,
	    -1, NULL },
	{ "migrate", NULL, L | H | V, cmd_migrate, "move the VM (or the "
	    "marked VMs of its host, one after another) to another connected "
	    "host: checks, options, progress, abort, post-copy", "Migrate", -1,
	    NULL },
	{ "tag", NULL, L | H | V, cmd_tag, "add or remove tags (kept in the "
	    "VM's own metadata) of the VM or the marked VMs", "Tag", -1,
	    NULL },
	{ "create", NULL, L | H, cmd_create, "make a new VM from a "
	    "template", NULL, -1, NULL },
	{ "edit", NULL, L | H, cmd_edit, "change the VM's vCPUs, memory, "
	    "disk, network, autostart, description", NULL, -1, NULL },
	{ "edit-xml", NULL, L | H, cmd_edit_xml, "edit the VM's XML in "
	    "$EDITOR (a refused edit comes back)", NULL, -1, NULL },
	{ "clone", NULL, L | H, cmd_clone, "copy the shut-off VM with its "
	    "disks under a new name", NULL, -1, NULL },
	{ "snapshots", NULL, L | H | V, cmd_snapshots, "the VM's snapshots as "
	    "a tree: make, revert, delete", "Snapshots", -1, NULL },
	{ "storage", NULL, L | H | V, cmd_storage, "the host's storage pools "
	    "and volumes: make, resize, delete, upload, download", "Storage",
	    -1, NULL },
	{ "networks", NULL, L | H | V, cmd_networks, "the host's virtual "
	    "networks and their DHCP leases", "Networks", -1, NULL },
};

static const struct command table_rest[] = {
	{ "sampling", NULL, ANY, cmd_sampling, "pause or resume sampling of "
	    "live figures", "Sampling", -1, NULL },
	{ "window-shorter", NULL, ANY, cmd_window_shorter, "graphs: a shorter "
	    "time window", NULL, -1, NULL },
	{ "window-longer", NULL, ANY, cmd_window_longer, "graphs: a longer "
	    "time window", NULL, -1, NULL },
	{ "refresh", NULL, L | H, cmd_refresh, "re-read the host, or "
	    "reconnect now", NULL, -1, NULL },
	{ "theme-next", NULL, ANY, cmd_theme_next, "switch to the next colour "
	    "theme", "Theme", -1, NULL },
	{ "save-settings", NULL, L | H, cmd_save_settings, "save sort, "
	    "columns, theme and interval to the config file", NULL, -1,
	    NULL },
	{ "console", NULL, L | H, cmd_console, "open the VM's serial "
	    "console, or go back to it (^] or F12 returns to the lists)",
	    "Console", -1, NULL },
	{ "console-full", NULL, L | H | C, cmd_console_full, "console: full "
	    "screen or a pane under the lists (F11 in the console)",
	    "FullScreen", -1, NULL },
	{ "console-next", NULL, L | H, cmd_console_next, "console: show "
	    "the next open console", "NextConsole", -1, NULL },
	{ "console-close", NULL, L | H, cmd_console_close, "console: close "
	    "the shown console", "CloseConsole", -1, NULL },
	{ "console-stty", NULL, L | H | C, cmd_console_stty, "console: type "
	    "'stty rows R cols C' into the guest to match the pane",
	    "SttySize", -1, NULL },
	{ "console-leave", NULL, C, cmd_console_leave, "console: give the "
	    "keyboard back to the lists", "BackToLists", -1, NULL },
	{ "console-scroll-back", NULL, C, cmd_console_back, "console: half a "
	    "screen back in the scrollback", "Scroll", -1, NULL },
	{ "console-scroll-forward", NULL, C, cmd_console_forward, "console: "
	    "half a screen forward in the scrollback", NULL, -1, NULL },
	{ "vnc", NULL, ANY, cmd_vnc, "show the VM's screen (VNC) in the "
	    "terminal; ^] opens its menu, F12 returns to the lists", NULL, -1,
	    NULL },
	{ "vnc-menu", NULL, X, cmd_vnc_menu, "VNC: the menu (Ctrl-Alt-Del, "
	    "Ctrl-Alt-Fn, typing text, drawing style, …)", NULL, -1, NULL },
	{ "vnc-close", NULL, X, cmd_vnc_close, "VNC: back to the lists", NULL,
	    -1, NULL },
	{ "vnc-pane", NULL, X, cmd_vnc_pane, "VNC: full screen or a pane under "
	    "the lists", NULL, -1, NULL },
	{ "vnc-zoom", NULL, X, cmd_vnc_zoom, "VNC: fit the terminal, or one "
	    "pixel per half cell", NULL, -1, NULL },
	{ "prompt", NULL, L | H, cmd_prompt, "type a command by name (Tab "
	    "completes)", NULL, -1, NULL },
	{ "log", NULL, ANY, cmd_log, "show the message log; ':log FILE' logs "
	    "the shown console to FILE with timestamps, ':log off' stops",
	    "Log", -1, NULL },
	{ "redraw", NULL, ANY, cmd_redraw, "redraw the screen", NULL, -1,
	    NULL },
	{ "help", NULL, ANY, cmd_help, "show this help", "Help", -1, NULL },
	{ "quit", NULL, ANY, cmd_quit, "quit vmdeck", "Quit", -1, NULL },
};

/* One command per action (its TUI word; the subcommand word is the
 * alias) except those a toggle covers, and one per toggle. */
static struct command actions[DOMAIN_ACTION_COUNT + 4];
static char action_hints[NELEMS(actions)][24];
static char action_helps[NELEMS(actions)][160];

/* "force-off" → "ForceOff". */
static void
cmd_hint_word(const char *name, char *buf, size_t len)
{
	size_t o = 0;
	bool up = true;

	for (; *name != '\0' && o + 1 < len; name++) {
		if (*name == '-') {
			up = true;
			continue;
		}
		buf[o++] = up ? (char)(*name - 'a' + 'A') : *name;
		up = false;
	}
	buf[o] = '\0';
}

static bool
cmd_toggled(enum domain_action a)
{
	const struct domain_toggle *tg;

	for (size_t i = 0; (tg = domain_toggle(i)) != NULL; i++)
		if (tg->on == a || tg->off == a)
			return true;
	return false;
}

static void
cmd_add_action(size_t *n, const char *name, const char *alias,
    const char *help, int action, const struct domain_toggle *tg)
{
	struct command *c;

	if (*n == NELEMS(actions))
		fatal("the action table outgrew its commands");
	c = &actions[*n];
	cmd_hint_word(name, action_hints[*n], sizeof action_hints[0]);
	/* the TUI asks before a destructive one; the help says so */
	snprintf(action_helps[*n], sizeof action_helps[0], "%s%s", help,
	    action >= 0 && (domain_action_row((enum domain_action)action)->flags &
	    DOMAIN_ACT_DESTRUCTIVE) ? " (asks first)" : "");
	*c = (struct command){ name, alias, L | H | V, cmd_action,
	    action_helps[*n], action_hints[*n], action, tg };
	(*n)++;
}

void
commands_register(void)
{
	const struct domain_toggle *tg;
	size_t n = 0;

	for (int a = 0; a < DOMAIN_ACTION_COUNT; a++) {
		const struct domain_action_row *r =
		    domain_action_row((enum domain_action)a);

		if (cmd_toggled((enum domain_action)a))
			continue;
		/* the TUI word where the table gives an older one */
		cmd_add_action(&n, r->tui ? r->tui : r->name,
		    r->tui ? r->name : NULL, r->help, a, NULL);
	}
	for (size_t i = 0; (tg = domain_toggle(i)) != NULL; i++)
		cmd_add_action(&n, tg->name, NULL, tg->help, -1, tg);
	keymap_register(table, NELEMS(table));
	keymap_register(actions, n);
	keymap_register(table_rest, NELEMS(table_rest));
}
