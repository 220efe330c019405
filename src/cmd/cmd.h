/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * cmd — the headless subcommands, virsh-style, one file per object:
 * vm.c (list, start … undefine, screenshot, console, edit, tag), hosts.c (hosts,
 * host-setup), create.c (templates, create, clone), snapshot.c,
 * storage.c (pool, vol), net.c (net, addr) and top.c. cmd_start
 * does what every one of them needs first: the command line, the config
 * file with -d and --timeout over it, the hosts file, and which hosts to
 * open; main() then runs the body its table names.
 */
#ifndef VMDECK_CMD_CMD_H
#define VMDECK_CMD_CMD_H

#include <stddef.h>
#include <stdio.h>

#include "../config/config.h"
#include "../config/hostsfile.h"
#include "../util/diag.h"
#include "cli.h"

struct cmd_ctx {
	struct cli cli;		/* cli.uris: every host to open, -H resolved */
	struct config cfg;
	struct hostlist hosts;	/* the hosts file */
	struct diags diags;	/* the settings' problems */
	char *config_path;
	const char **labels;	/* per URI: its hosts-file name, or NULL */
	const struct hostdef **defs;	/* per URI: its hosts-file entry */
};

/* A subcommand's body: the exit status. */
typedef int cmd_fn(struct cmd_ctx *c);

/* Parse argv, load the config and hosts files, pick the hosts. Returns -1
 * when c->cli.command is to run, else the exit status (help or version
 * printed, or what was wrong said on stderr). cmd_end(c) afterwards,
 * either way. */
int cmd_start(struct cmd_ctx *c, int argc, char **argv);
void cmd_end(struct cmd_ctx *c);

/* vm.c */
int cmd_list(struct cmd_ctx *c);
int cmd_action(struct cmd_ctx *c);	/* start, …, undefine */
int cmd_screenshot(struct cmd_ctx *c);
int cmd_console(struct cmd_ctx *c);
int cmd_edit(struct cmd_ctx *c);	/* edit NAME --attach … */
int cmd_tag(struct cmd_ctx *c);		/* tag NAME +web -old */
/* migrate.c */
int cmd_migrate(struct cmd_ctx *c);	/* migrate NAME DEST */
/* hosts.c */
int cmd_hosts(struct cmd_ctx *c);
int cmd_host_setup(struct cmd_ctx *c);
/* complete.c: vmdeck --complete CWORD WORD... (argv from CWORD on);
 * the exit status */
int cmd_complete(int argc, char **argv);
/* create.c */
int cmd_templates(struct cmd_ctx *c);
/* The template names starting with prefix, one a line on stdout. */
void cmd_template_names(const char *prefix);
int cmd_create(struct cmd_ctx *c);
int cmd_clone(struct cmd_ctx *c);
/* top.c */
int cmd_top(struct cmd_ctx *c);
/* snapshot.c */
int cmd_snapshot(struct cmd_ctx *c);	/* list, create, revert, delete */
/* storage.c */
int cmd_pool(struct cmd_ctx *c);
int cmd_vol(struct cmd_ctx *c);
/* net.c */
int cmd_net(struct cmd_ctx *c);
int cmd_addr(struct cmd_ctx *c);

/* The URI of the host called name in hosts; NULL (with a message on
 * stderr) when there is none. Caller frees. */
char *cmd_host_uri(const struct hostlist *hosts, const char *name);

#endif
