/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * cli — the command line: options and subcommands, as tables.
 *
 * The same tables give the parser and `vmdeck --help`. Pure: parsing
 * allocates only the result and prints nothing.
 */
#ifndef VMDECK_CMD_CLI_H
#define VMDECK_CMD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum cli_command {
	CLI_TUI,		/* no subcommand: the full-screen view */
	CLI_LIST,
	CLI_TOP,
	CLI_TEMPLATES,
	CLI_HOSTS,		/* hosts: the hosts file with states */
	CLI_CREATE,
	CLI_CLONE,
	CLI_CONSOLE,
	CLI_ACTION,		/* start, shutdown, … NAME */
	CLI_SCREENSHOT,		/* screenshot NAME FILE */
	CLI_HOST_SETUP,		/* host-setup: the default pool and network */
	CLI_SNAPSHOT,		/* snapshot list|create|revert|delete NAME */
	CLI_POOL,		/* pool VERB [POOL] */
	CLI_VOL,		/* vol VERB ARGS… */
	CLI_NET,		/* net VERB [NET] */
	CLI_ADDR,		/* addr NAME: a VM's interfaces and addresses */
	CLI_EDIT,		/* edit NAME --attach … : devices, as e does */
	CLI_TAG,		/* tag NAME [+T|-T|T]…: a VM's tags */
	CLI_MIGRATE,		/* migrate NAME DEST: to another host */
};

enum cli_snapshot_verb {
	CLI_SNAP_LIST, CLI_SNAP_CREATE, CLI_SNAP_REVERT, CLI_SNAP_DELETE,
};

struct cli {
	enum cli_command command;
	const char *word;	/* the subcommand as typed; NULL for TUI */
	char **uris;		/* -c URI, in order; owned array */
	size_t nuris;
	const char **hosts;	/* -H NAME, in order; array owned */
	size_t nhosts;
	bool json;		/* --json */
	bool once;		/* --once */
	const char *delay;	/* -d SECONDS as typed; NULL when not given */
	const char *timeout;	/* --timeout SECONDS as typed, or NULL */
	const char *template_name;	/* create --template */
	const char *vm_name;	/* create --name */
	const char **sets;	/* create --set KEY=VALUE; array owned */
	size_t nsets;
	bool start;		/* create --start */
	bool print_xml;		/* create --print-xml */
	bool keep_on_failure;	/* create --keep-on-failure */
	bool storage;		/* undefine --storage */
	bool force;		/* console --force */
	bool help;		/* -h, --help */
	bool help_config;	/* --help-config */
	bool version;		/* -V, --version */
	bool readonly;		/* -r, --readonly */
	const char *name;	/* VM name for actions; points into argv */
	const char **names;	/* start … undefine: every NAME given (name is
				 * the first); array owned */
	size_t nnames;
	const char *filter;	/* --filter EXPR: the VMs to act on */
	const char *file;	/* screenshot's FILE; points into argv */
	enum cli_snapshot_verb snap_verb;	/* snapshot's second word */
	const char *snap;	/* snapshot's SNAP; points into argv */
	bool tree;		/* snapshot list --tree */
	bool disk_only;		/* snapshot create --disk-only */
	bool quiesce;		/* snapshot create --quiesce */
	const char *description;	/* snapshot create --description */
	bool paused;		/* snapshot revert --paused */
	bool children;		/* snapshot delete --children */
	bool metadata_only;	/* snapshot delete --metadata-only */
	const char *verb;	/* pool, vol, net: the second word */
	const char *args[3];	/* its words after it, in order */
	size_t nargs;
	const char *pool;	/* vol …: --pool POOL */
	const char *format;	/* vol create: --format qcow2|raw */
	const char *path;	/* pool define: --path DIR */
	const char *subnet;	/* net define: --subnet CIDR */
	const char *dhcp;	/* net define: --dhcp START-END */
	bool shrink;		/* vol resize --shrink */
	bool disable;		/* pool|net autostart --disable */
	/* edit: the device changes of the e form */
	const char *attach;	/* --attach FILE */
	const char *add_disk;	/* --add-disk SIZE */
	const char *bus;	/* --bus virtio|scsi */
	const char *detach;	/* --detach TARGET */
	const char *add_nic;	/* --add-nic NETWORK */
	const char *remove_nic;	/* --remove-nic MAC */
	const char *cdrom;	/* --cdrom FILE */
	bool eject;		/* --eject */
	/* migrate NAME DEST */
	const char *dest;	/* DEST: a hosts-file name or a URI */
	bool live, offline, p2p, tunnelled, copy_storage, copy_inc;
	bool persistent, undefine_source, auto_converge, compressed;
	bool postcopy;
	const char *bandwidth;	/* --bandwidth MIB (MiB/s) */
	const char *migrate_uri;	/* --migrate-uri tcp://HOST */
	const char *disks;	/* --disks vda,vdb: copy these only */
	const char **words;	/* tag: the words after NAME; array owned */
	size_t nwords;
};

/* The verbs of pool, vol and net: the words each takes and the options
 * that go with it (for the parser, --help and the man page test). */
struct cli_verb {
	enum cli_command command;
	const char *word;
	const char *args;	/* "POOL NAME SIZE": how many and their names */
	unsigned opts;		/* CLI_VOPT_… that go with it */
	bool json;		/* it prints, so --json goes with it */
};
#define CLI_VOPT_POOL	0x01u
#define CLI_VOPT_FORMAT	0x02u
#define CLI_VOPT_PATH	0x04u
#define CLI_VOPT_SUBNET	0x08u
#define CLI_VOPT_SHRINK	0x10u
#define CLI_VOPT_DISABLE	0x20u
#define CLI_VOPT_DHCP	0x40u
/* The i-th verb, or NULL past the end. */
const struct cli_verb *cli_verb_row(size_t i);

/* Parse argv. Returns 0, or -1 with *err set to a sentence (caller frees).
 * Either way cli_free(cli) afterwards. */
int cli_parse(struct cli *cli, int argc, char **argv, char **err);
/* Free what cli_parse allocated. */
void cli_free(struct cli *cli);
/* The i-th long option name / subcommand word; NULL past the end (for
 * the test that the man page names them all). */
const char *cli_long_option(size_t i);
const char *cli_subcommand(size_t i);
/* Whether the subcommand acts on a set of VMs: several names, a
 * --filter, or several hosts (start … undefine, tag). */
bool cli_bulk(const struct cli *cli);
/* Whether the subcommand parsed acts on one host (its row says so). */
bool cli_one_host(const struct cli *cli);
/* Print the usage text generated from the tables. */
void cli_usage(FILE *out);

/* What the shell should offer for word cword of words (words[0] is
 * "vmdeck"; cword may be nwords: a word not begun). The words that come
 * from the tables (subcommands, verbs, options, fixed values) are printed
 * to out, one a line, those starting with the current word; what needs
 * the system is returned for the caller to print. */
enum cli_complete {
	CLI_COMPLETE_NONE,	/* nothing to offer */
	CLI_COMPLETE_WORDS,	/* printed */
	CLI_COMPLETE_FILES,	/* the shell's file names */
	CLI_COMPLETE_HOSTS,	/* the hosts file's names */
	CLI_COMPLETE_TEMPLATES,	/* template names */
	CLI_COMPLETE_VMS,	/* VM names of the host(s) on the line */
};
enum cli_complete cli_complete(int cword, char **words, int nwords,
    FILE *out);
/* Print w on a line of its own to out when it starts with prefix: a
 * completion candidate. */
void cli_offer(FILE *out, const char *prefix, const char *w);

#endif
