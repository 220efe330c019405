/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vmdeck — a terminal workstation for KVM.
 * main.c: the command line parsed (cmd_start), then the one table from a
 * subcommand to its body in src/cmd, or the full-screen view in src/ui.
 */
#include <signal.h>
#include <string.h>
#include <stddef.h>

#include "cmd/cmd.h"
#include "ui/ui.h"

/* No subcommand: the full-screen view on every host picked. */
static int
main_view(struct cmd_ctx *c)
{
	return ui_run((const char *const *)c->cli.uris, c->labels, c->defs,
	    c->cli.nuris, &c->cfg, c->config_path, &c->diags);
}

static cmd_fn *const bodies[] = {
	[CLI_TUI] = main_view,
	[CLI_LIST] = cmd_list,
	[CLI_TOP] = cmd_top,
	[CLI_TEMPLATES] = cmd_templates,
	[CLI_HOSTS] = cmd_hosts,
	[CLI_CREATE] = cmd_create,
	[CLI_CLONE] = cmd_clone,
	[CLI_CONSOLE] = cmd_console,
	[CLI_ACTION] = cmd_action,
	[CLI_SCREENSHOT] = cmd_screenshot,
	[CLI_HOST_SETUP] = cmd_host_setup,
	[CLI_SNAPSHOT] = cmd_snapshot,
	[CLI_POOL] = cmd_pool,
	[CLI_VOL] = cmd_vol,
	[CLI_NET] = cmd_net,
	[CLI_ADDR] = cmd_addr,
	[CLI_EDIT] = cmd_edit,
	[CLI_TAG] = cmd_tag,
	[CLI_MIGRATE] = cmd_migrate,
};

int
main(int argc, char **argv)
{
	struct cmd_ctx c;
	int status;

	/* a peer that went (libvirt's end of the one-login socket, a
	 * console's or a VNC view's) makes a write fail with EPIPE, which
	 * its reader handles, instead of ending the process (the lab's
	 * one-login run was killed so on quitting) */
	signal(SIGPIPE, SIG_IGN);
	/* the completion scripts' question (not an option of the table:
	 * the words after it are a command line being typed) */
	if (argc >= 2 && strcmp(argv[1], "--complete") == 0)
		return cmd_complete(argc - 2, argv + 2);
	status = cmd_start(&c, argc, argv);

	if (status < 0)
		status = bodies[c.cli.command](&c);
	cmd_end(&c);
	return status;
}
