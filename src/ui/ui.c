/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../core/evloop.h"
#include "../core/xmlutil.h"
#include "../util/msglog.h"
#include "../util/xalloc.h"
#include "app.h"
#include "commands.h"
#include "keymap.h"
#include "theme.h"
#include "view.h"

/* Themes, key bindings and the escape key from the settings; every
 * problem goes to d. */
static void
ui_load_settings(struct app *app, struct diags *d)
{
	char *user = config_dir("themes");
	char *shared = xasprintf("%s/themes", VMDECK_DATADIR);
	const char *dirs[] = { shared, user, NULL };
	int t;

	theme_set_load(&app->themes, dirs, d);
	free(user);
	free(shared);
	t = theme_set_find(&app->themes, app->cfg->theme);
	if (t < 0) {
		diag_add(d, app->config_path, 0, "no theme called '%s'; using "
		    "default", app->cfg->theme);
		t = theme_set_find(&app->themes, "default");
	}
	app->theme = t < 0 ? 0 : t;

	commands_register();
	if (keymap_init(d) < 0)
		fatal("bad default key bindings: %s", d->msgs[d->n - 1]);
	keymap_apply(app->cfg->bindings, app->cfg->nbindings, d);

	app->escape_key = keymap_key_parse(app->cfg->escape_key);
	if (app->escape_key < 0) {
		diag_add(d, app->config_path, app->cfg->escape_line,
		    "escape_key: unknown key '%s'; using ^]",
		    app->cfg->escape_key);
		app->escape_key = keymap_key_parse("^]");
	}
	/* the escape key leaves a console and opens the VNC menu */
	int dflt = keymap_key_parse("^]");
	if (app->escape_key != dflt) {
		keymap_set(KEYMAP_CONSOLE, dflt, NULL);
		keymap_set(KEYMAP_VNC, dflt, NULL);
		keymap_set(KEYMAP_CONSOLE, app->escape_key, "console-leave");
		keymap_set(KEYMAP_VNC, app->escape_key, "vnc-menu");
	}
}

/* libxml2's messages, in the full-screen view: to the log. */
static void
ui_xml_say(const char *line)
{
	msglog_add(MSGLOG_WARN, "libxml2: %s", line);
}

/* A worker's question: a dialog over whatever is shown. */
static void
ui_on_prompt(struct app *app, const struct event *ev)
{
	if (ev->prompt != NULL && ev->host >= 0 &&
	    (size_t)ev->host < app->store.nhosts)
		app_push(app, view_prompt_new(ev->prompt,
		    app->store.hosts[ev->host].label));
}

int
ui_run(const char *const *uris, const char *const *labels,
    const struct hostdef *const *defs, size_t n, struct config *cfg,
    const char *config_path, const struct diags *cfg_diags)
{
	struct app app;
	struct diags d = { 0 };
	char *err = NULL;
	int status;

	xmlutil_route_errors(ui_xml_say);	/* for every thread after */
	if (!app_terminal_ok(&err)) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 2;
	}
	if (evloop_start(&err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	/* a snapshot count per VM only when the list shows it */
	for (size_t i = 0; i < cfg->ncolumns; i++)
		if (cfg->columns[i] == CONFIG_COL_SNAPSHOTS)
			domain_set_count_snapshots(true);
		else if (cfg->columns[i] == CONFIG_COL_IP)
			domain_set_read_ip(true);
		else if (cfg->columns[i] == CONFIG_COL_TAGS)
			domain_set_read_tags(true);
	if (cfg->sort == DOMLIST_SORT_TAG)
		domain_set_read_tags(true);
	app_init(&app, uris, labels, defs, n, cfg, config_path);
	diag_append_all(&d, cfg_diags);
	ui_load_settings(&app, &d);
	app.on_event[EVENT_PROMPT] = ui_on_prompt;
	app_push(&app, view_main_new());
	status = app_loop(&app, &d);
	diag_clear(&d);
	evloop_stop();
	bool abandoned = app.abandoned;

	app_free(&app);
	/* a worker still inside libvirt (its host did not answer within the
	 * quit's grace): ending the process the normal way would run
	 * libraries' exit handlers under that thread's feet (a crash on
	 * the way out); end it here instead */
	if (abandoned) {
		fflush(NULL);
		_exit(status);
	}
	return status;
}
