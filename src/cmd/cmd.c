/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "cmd.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/hosturi.h"
#include "../core/evloop.h"
#include "../core/virterr.h"
#include "../core/xmlutil.h"
#include "../host/host.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"

char *
cmd_host_uri(const struct hostlist *hosts, const char *name)
{
	const struct hostdef *h = hostsfile_find(hosts, name);

	if (h == NULL) {
		char *path = hostsfile_path();

		fprintf(stderr, "vmdeck: no host called '%s' in %s%s", name, path,
		    hosts->n ? " (there are:" : "\n");
		for (size_t i = 0; i < hosts->n; i++)
			fprintf(stderr, " %s%s", hosts->hosts[i].name,
			    i + 1 < hosts->n ? "," : ")\n");
		free(path);
		return NULL;
	}
	return hosturi_for(h);
}

/* Add uri (taken) shown as label, unless it is there already. */
static void
cmd_add_uri(struct cmd_ctx *c, char *uri, const char *label)
{
	struct cli *cli = &c->cli;
	const char **labels = c->labels;

	for (size_t i = 0; i < cli->nuris; i++)
		if (strcmp(cli->uris[i], uri) == 0) {
			if (label != NULL && labels[i] == NULL)
				labels[i] = label;
			free(uri);
			return;
		}
	cli->uris = xreallocarray(cli->uris, cli->nuris + 1, sizeof *cli->uris);
	c->labels = labels = xreallocarray(labels, cli->nuris + 1,
	    sizeof *labels);
	labels[cli->nuris] = label;
	cli->uris[cli->nuris++] = uri;
}

/* The hosts to open: -c and -H as given; else LIBVIRT_DEFAULT_URI, else
 * the config's connect option, else the local default (libvirt.conf's
 * uri_default, else the system or session daemon); and for the
 * full-screen view, every host of the hosts file set to autoconnect.
 * Returns -1 for a -H name that is not in the hosts file. */
static int
cmd_pick_uris(struct cmd_ctx *c)
{
	struct cli *cli = &c->cli;
	const struct config *cfg = &c->cfg;
	const struct hostlist *hosts = &c->hosts;
	const char *env = getenv("LIBVIRT_DEFAULT_URI");

	/* the -c URIs have no label */
	c->labels = xcalloc(cli->nuris + 1, sizeof *c->labels);
	for (size_t i = 0; i < cli->nhosts; i++) {
		char *uri = cmd_host_uri(hosts, cli->hosts[i]);

		if (uri == NULL)
			return -1;
		cmd_add_uri(c, uri, cli->hosts[i]);
	}
	if (cli->nuris > 0)
		return 0;
	if ((env == NULL || *env == '\0') && cfg->nconnect > 0)
		for (size_t i = 0; i < cfg->nconnect; i++)
			cmd_add_uri(c, xstrdup(cfg->connect[i]), NULL);
	else
		cmd_add_uri(c, host_default_uri(), NULL);
	if (cli->command == CLI_TUI)
		for (size_t i = 0; i < hosts->n; i++)
			if (hosts->hosts[i].autoconnect)
				cmd_add_uri(c, cmd_host_uri(hosts,
				    hosts->hosts[i].name), hosts->hosts[i].name);
	return 0;
}

int
cmd_start(struct cmd_ctx *c, int argc, char **argv)
{
	char *err = NULL, *hosts_path;

	memset(c, 0, sizeof *c);
	setlocale(LC_ALL, "");
	xmlutil_init();		/* before any worker thread */
	if (cli_parse(&c->cli, argc, argv, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 2;
	}
	if (c->cli.help) {
		cli_usage(stdout);
		return 0;
	}
	if (c->cli.version) {
		printf("vmdeck %s\n", VMDECK_VERSION);
		return 0;
	}
	if (c->cli.help_config) {
		config_print_help(stdout);
		return 0;
	}
	virterr_install();
	xmlutil_route_errors(NULL);
	config_init(&c->cfg);
	c->config_path = config_path();
	config_load(&c->cfg, c->config_path, &c->diags);
	/* -d and --timeout go through the option table like config lines */
	for (int k = 0; k < 2; k++) {
		const char *v = k == 0 ? c->cli.delay : c->cli.timeout;
		char *line;
		struct diags bad = { 0 };

		if (v == NULL)
			continue;
		line = xasprintf("[general]\n%s = %s\n", k == 0 ? "interval" :
		    "connect_timeout", v);
		config_parse(&c->cfg, k == 0 ? "-d" : "--timeout", line,
		    strlen(line), &bad);
		free(line);
		if (bad.n > 0) {
			fprintf(stderr, "vmdeck: %s\n", bad.msgs[0]);
			diag_clear(&bad);
			return 2;
		}
	}
	host_set_default_timeout((int)(c->cfg.connect_timeout * 1000));
	host_set_readonly(c->cli.readonly);
	hosts_path = hostsfile_path();
	hostsfile_load(hosts_path, &c->hosts, &c->diags);
	free(hosts_path);
	if (cmd_pick_uris(c) < 0)
		return 2;
	/* subcommands print the settings' problems; the view logs them */
	if (c->cli.command != CLI_TUI)
		for (size_t i = 0; i < c->diags.n; i++)
			fprintf(stderr, "vmdeck: warning: %s\n",
			    c->diags.msgs[i]);
	if (cli_one_host(&c->cli) && c->cli.nuris > 1) {
		fprintf(stderr, "vmdeck: %s acts on one host; give one -c URI "
		    "or -H NAME\n", c->cli.word);
		return 2;
	}
	/* the hosts file's entries: for vmdeck's own SSH checks */
	c->defs = xcalloc(c->cli.nuris + 1, sizeof *c->defs);
	for (size_t i = 0; i < c->cli.nuris; i++)
		c->defs[i] = c->labels[i] ? hostsfile_find(&c->hosts,
		    c->labels[i]) : NULL;
	return -1;
}

void
cmd_end(struct cmd_ctx *c)
{
	free(c->defs);
	free(c->labels);
	hostsfile_clear(&c->hosts);
	diag_clear(&c->diags);
	config_free(&c->cfg);
	free(c->config_path);
	cli_free(&c->cli);
	evloop_stop();		/* host_open_uri's, for keepalive */
}
