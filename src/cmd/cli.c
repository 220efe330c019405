/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "../core/domain.h"
#include "../util/xalloc.h"

enum opt_id {
	OPT_CONNECT, OPT_HOST, OPT_DELAY, OPT_TIMEOUT, OPT_JSON, OPT_ONCE, OPT_TEMPLATE, OPT_NAME,
	OPT_SET, OPT_START, OPT_PRINT_XML, OPT_KEEP, OPT_STORAGE, OPT_FORCE, OPT_HELP, OPT_HELP_CONFIG,
	OPT_VERSION, OPT_TREE, OPT_DISK_ONLY, OPT_QUIESCE, OPT_DESCRIPTION, OPT_PAUSED,
	OPT_CHILDREN, OPT_METADATA_ONLY, OPT_POOL, OPT_FORMAT, OPT_PATH,
	OPT_SUBNET, OPT_SHRINK, OPT_DISABLE, OPT_ATTACH, OPT_ADD_DISK, OPT_BUS,
	OPT_DETACH, OPT_ADD_NIC, OPT_REMOVE_NIC, OPT_CDROM, OPT_EJECT, OPT_DHCP,
	OPT_FILTER, OPT_LIVE, OPT_OFFLINE, OPT_P2P, OPT_TUNNELLED,
	OPT_COPY_STORAGE, OPT_COPY_INC, OPT_PERSISTENT, OPT_UNDEFINE_SOURCE,
	OPT_AUTO_CONVERGE, OPT_COMPRESSED, OPT_POSTCOPY, OPT_BANDWIDTH,
	OPT_MIGRATE_URI, OPT_DISKS, OPT_READONLY,
};

static const struct cli_option {
	char short_name;	/* 0 when none */
	const char *long_name;
	const char *arg;	/* NULL when it takes none */
	enum opt_id id;
	const char *help;
} options[] = {
	{ 'c', "connect", "URI", OPT_CONNECT,
	    "connect to URI (repeatable; default: $LIBVIRT_DEFAULT_URI, "
	    "else the config's connect, else uri_default of libvirt.conf, "
	    "else qemu:///system when reachable, else qemu:///session)" },
	{ 'r', "readonly", NULL, OPT_READONLY, "open every connection "
	    "read-only: look, never change (what changes is refused)" },
	{ 'H', "host", "NAME", OPT_HOST,
	    "connect to the host called NAME in the hosts file (repeatable)" },
	{ 'd', "delay", "SECONDS", OPT_DELAY,
	    "seconds between samples of the live figures (as top's -d; "
	    "default: interval from the config, else 1)" },
	{ 0, "timeout", "SECONDS", OPT_TIMEOUT,
	    "seconds each host has to connect, log in and answer before it "
	    "is given up as \"no answer\" (default: connect_timeout from "
	    "the config, else 10)" },
	{ 0, "json", NULL, OPT_JSON, "list, top, and the VM actions on "
	    "several VMs: print JSON instead of a table" },
	{ 0, "filter", "EXPR", OPT_FILTER, "start … undefine, tag: act on "
	    "every VM of the hosts that EXPR matches (name:GLOB, state:WORD, "
	    "tag:TAG, host:WORD, ip:PREFIX, words; key=value too)" },
	{ 0, "once", NULL, OPT_ONCE, "top: print one sample of every VM and "
	    "exit" },
	{ 't', "template", "NAME", OPT_TEMPLATE, "create: the template to "
	    "start from (see vmdeck templates)" },
	{ 'n', "name", "NAME", OPT_NAME, "create, clone: the new VM's name" },
	{ 0, "set", "KEY=VALUE", OPT_SET, "create: override a template key "
	    "(vcpus=4, memory=2G, disk.size=40G, disk.image=PATH …); "
	    "repeatable" },
	{ 0, "start", NULL, OPT_START, "create: start the VM once made" },
	{ 0, "print-xml", NULL, OPT_PRINT_XML, "create: print the domain XML "
	    "and make nothing" },
	{ 0, "keep-on-failure", NULL, OPT_KEEP, "create: keep the VM defined "
	    "when --start fails (otherwise it is removed with its new "
	    "volumes)" },
	{ 0, "storage", NULL, OPT_STORAGE, "undefine: also delete the VM's "
	    "volumes and its cloud-init seed (as virsh's "
	    "--remove-all-storage); files another VM or a snapshot uses are "
	    "kept" },
	{ 0, "force", NULL, OPT_FORCE, "console: take the console over from "
	    "another client" },
	{ 0, "tree", NULL, OPT_TREE, "snapshot list: draw the snapshots as a "
	    "tree" },
	{ 0, "disk-only", NULL, OPT_DISK_ONLY, "snapshot create: the disks "
	    "only, not a running VM's memory (an external snapshot)" },
	{ 0, "quiesce", NULL, OPT_QUIESCE, "snapshot create --disk-only: "
	    "freeze the guest's file systems through its agent (said when it "
	    "does not answer)" },
	{ 0, "description", "TEXT", OPT_DESCRIPTION, "snapshot create: a "
	    "description" },
	{ 0, "paused", NULL, OPT_PAUSED, "snapshot revert: leave a running "
	    "snapshot paused" },
	{ 0, "children", NULL, OPT_CHILDREN, "snapshot delete: its children "
	    "too" },
	{ 0, "metadata-only", NULL, OPT_METADATA_ONLY, "snapshot delete: "
	    "libvirt's record only; every file stays" },
	{ 0, "pool", "POOL", OPT_POOL, "vol resize, delete, clone, upload, "
	    "download: the pool the volume is in" },
	{ 0, "format", "FORMAT", OPT_FORMAT, "vol create: qcow2 (default) or "
	    "raw" },
	{ 0, "path", "DIR", OPT_PATH, "pool define: the pool's directory" },
	{ 0, "subnet", "CIDR", OPT_SUBNET, "net define: the network's IPv4 "
	    "subnet (10.7.0.0/24)" },
	{ 0, "dhcp", "START-END", OPT_DHCP, "net define: the addresses DHCP "
	    "hands out (default: the subnet after the host's)" },
	{ 0, "shrink", NULL, OPT_SHRINK, "vol resize: allow making a raw "
	    "volume smaller (what lies past its new end is lost)" },
	{ 0, "disable", NULL, OPT_DISABLE, "pool autostart, net autostart: "
	    "stop starting it with the host" },
	{ 0, "attach", "FILE", OPT_ATTACH, "edit: attach a file or volume of "
	    "the host as a disk (its format read from the file)" },
	{ 0, "add-disk", "SIZE", OPT_ADD_DISK, "edit: a new qcow2 volume of "
	    "SIZE in the first disk's pool, attached" },
	{ 0, "bus", "BUS", OPT_BUS, "edit: the bus of the disk attached or "
	    "added: virtio (default) or scsi" },
	{ 0, "detach", "TARGET", OPT_DETACH, "edit: detach the disk at TARGET "
	    "(vdb); its file stays" },
	{ 0, "add-nic", "NETWORK", OPT_ADD_NIC, "edit: a new virtio interface "
	    "on libvirt network NETWORK" },
	{ 0, "remove-nic", "MAC", OPT_REMOVE_NIC, "edit: remove the interface "
	    "with address MAC" },
	{ 0, "cdrom", "FILE", OPT_CDROM, "edit: put FILE (an ISO) in the "
	    "CD-ROM drive (a SCSI drive is added where there is none)" },
	{ 0, "eject", NULL, OPT_EJECT, "edit: empty the CD-ROM drive" },
	{ 0, "live", NULL, OPT_LIVE, "migrate: keep the VM running while it "
	    "moves (the default for a running VM)" },
	{ 0, "offline", NULL, OPT_OFFLINE, "migrate: move a shut-off VM's "
	    "definition only (the default for one)" },
	{ 0, "p2p", NULL, OPT_P2P, "migrate: the source's libvirtd reaches "
	    "the destination itself (peer to peer)" },
	{ 0, "tunnelled", NULL, OPT_TUNNELLED, "migrate --p2p: the data through "
	    "libvirtd's own connection" },
	{ 0, "copy-storage", NULL, OPT_COPY_STORAGE, "migrate: copy the disks "
	    "too (into pools of the same names there)" },
	{ 0, "copy-storage-inc", NULL, OPT_COPY_INC, "migrate: copy only the "
	    "top image of each disk (its backing files are there already)" },
	{ 0, "disks", "LIST", OPT_DISKS, "migrate --copy-storage: these disks "
	    "only, by target (vda,vdb)" },
	{ 0, "persistent", NULL, OPT_PERSISTENT, "migrate: define the VM on "
	    "the destination" },
	{ 0, "undefine-source", NULL, OPT_UNDEFINE_SOURCE, "migrate: remove "
	    "its definition from the source" },
	{ 0, "auto-converge", NULL, OPT_AUTO_CONVERGE, "migrate: slow the "
	    "guest down until its memory converges" },
	{ 0, "compressed", NULL, OPT_COMPRESSED, "migrate: compress memory "
	    "pages" },
	{ 0, "postcopy", NULL, OPT_POSTCOPY, "migrate: allow a switch to "
	    "post-copy (vmdeck switches when a pass sends less than the "
	    "last one sent, i.e. it does not converge)" },
	{ 0, "bandwidth", "MIB", OPT_BANDWIDTH, "migrate: at most MIB MiB/s" },
	{ 0, "migrate-uri", "URI", OPT_MIGRATE_URI, "migrate: where QEMU sends "
	    "the data (default: tcp:// and the destination URI's host)" },
	{ 'h', "help", NULL, OPT_HELP, "print this help and exit" },
	{ 0, "help-config", NULL, OPT_HELP_CONFIG,
	    "print every config file option and exit" },
	{ 'V', "version", NULL, OPT_VERSION, "print the version and exit" },
};

static const struct cli_subcommand {
	const char *word;
	enum cli_command command;
	bool takes_name;
	bool one_host;		/* acts on one host: one -c URI or -H NAME */
	const char *help;
} subcommands[] = {
	{ "list", CLI_LIST, false, false, "list every VM of each host" },
	{ "top", CLI_TOP, false, false, "print every VM's CPU, memory, disk "
	    "and network figures each interval" },
	{ "templates", CLI_TEMPLATES, false, false, "list the VM templates" },
	{ "host-setup", CLI_HOST_SETUP, false, false, "make the 'default' "
	    "storage pool and NAT network a new host lacks, as virt-manager "
	    "does (started and autostarted)" },
	{ "hosts", CLI_HOSTS, false, false, "print each host of the hosts file "
	    "with its state (all connect at once)" },
	{ "create", CLI_CREATE, false, true, "create a VM from a template "
	    "(--template, --name, --set, --start)" },
	{ "clone", CLI_CLONE, true, true, "copy shut-off VM NAME, disks and "
	    "all, as --name NEW" },
	{ "console", CLI_CONSOLE, true, true, "attach this terminal to VM "
	    "NAME's serial console (Ctrl-] or F12 detaches)" },
	{ "screenshot", CLI_SCREENSHOT, true, true, "save VM NAME's screen as "
	    "FILE (PNG when it ends in .png)" },
	{ "snapshot", CLI_SNAPSHOT, true, true, "list|create|revert|delete "
	    "NAME [SNAP]: VM NAME's snapshots (see vmdeck(1))" },
	{ "pool", CLI_POOL, false, true, "list|info|start|stop|autostart|"
	    "refresh|define|delete [POOL]: storage pools" },
	{ "vol", CLI_VOL, false, true, "list|create|resize|delete|clone|"
	    "upload|download …: a pool's volumes" },
	{ "net", CLI_NET, false, true, "list|info|leases|start|stop|autostart|"
	    "define|delete [NET]: virtual networks" },
	{ "addr", CLI_ADDR, true, true, "VM NAME's interfaces and their "
	    "addresses (DHCP lease, guest agent or ARP)" },
	{ "tag", CLI_TAG, true, true, "VM NAME's tags (kept in its own "
	    "metadata): +TAG or TAG adds, -TAG removes; none given: print "
	    "them" },
	{ "migrate", CLI_MIGRATE, true, true, "move VM NAME to host DEST (a "
	    "hosts-file name or a URI): checks first, progress on stderr, "
	    "Ctrl-C aborts" },
	{ "edit", CLI_EDIT, true, true, "change VM NAME's devices as the e "
	    "form does: live on a running VM where libvirt allows, and saved "
	    "(--attach, --add-disk, --bus, --detach, --add-nic, --remove-nic, "
	    "--cdrom, --eject)" },
};

/* virsh's argument order */
static const struct cli_verb verbs[] = {
	{ CLI_POOL, "list", "", 0, true },
	{ CLI_POOL, "info", "POOL", 0, true },
	{ CLI_POOL, "start", "POOL", 0, false },
	{ CLI_POOL, "stop", "POOL", 0, false },
	{ CLI_POOL, "autostart", "POOL", CLI_VOPT_DISABLE, false },
	{ CLI_POOL, "refresh", "POOL", 0, false },
	{ CLI_POOL, "define", "NAME", CLI_VOPT_PATH, false },
	{ CLI_POOL, "delete", "POOL", 0, false },
	{ CLI_VOL, "list", "POOL", 0, true },
	{ CLI_VOL, "create", "POOL NAME SIZE", CLI_VOPT_FORMAT, false },
	{ CLI_VOL, "resize", "VOL SIZE", CLI_VOPT_POOL | CLI_VOPT_SHRINK,
	    false },
	{ CLI_VOL, "delete", "VOL", CLI_VOPT_POOL, false },
	{ CLI_VOL, "clone", "VOL NEW", CLI_VOPT_POOL, false },
	{ CLI_VOL, "upload", "VOL FILE", CLI_VOPT_POOL, false },
	{ CLI_VOL, "download", "VOL FILE", CLI_VOPT_POOL, false },
	{ CLI_NET, "list", "", 0, true },
	{ CLI_NET, "info", "NET", 0, true },
	{ CLI_NET, "leases", "NET", 0, true },
	{ CLI_NET, "start", "NET", 0, false },
	{ CLI_NET, "stop", "NET", 0, false },
	{ CLI_NET, "autostart", "NET", CLI_VOPT_DISABLE, false },
	{ CLI_NET, "define", "NAME", CLI_VOPT_SUBNET | CLI_VOPT_DHCP, false },
	{ CLI_NET, "delete", "NET", 0, false },
};

/* Every HEADLESS row of core/domain's action table is a subcommand of
 * this kind: NAME on one host. */
static const struct cli_subcommand action_subcommand = {
	"", CLI_ACTION, true, true, "",
};

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])

static void
cli_apply(struct cli *cli, const struct cli_option *o, const char *arg)
{
	switch (o->id) {
	case OPT_CONNECT:
		cli->uris = xreallocarray(cli->uris, cli->nuris + 1,
		    sizeof *cli->uris);
		cli->uris[cli->nuris++] = xstrdup(arg);
		break;
	case OPT_HOST:
		cli->hosts = xreallocarray(cli->hosts, cli->nhosts + 1,
		    sizeof *cli->hosts);
		cli->hosts[cli->nhosts++] = arg;
		break;
	case OPT_DELAY:
		cli->delay = arg;
		break;
	case OPT_TIMEOUT:
		cli->timeout = arg;
		break;
	case OPT_JSON:
		cli->json = true;
		break;
	case OPT_FILTER:
		cli->filter = arg;
		break;
	case OPT_LIVE:
		cli->live = true;
		break;
	case OPT_OFFLINE:
		cli->offline = true;
		break;
	case OPT_P2P:
		cli->p2p = true;
		break;
	case OPT_TUNNELLED:
		cli->tunnelled = true;
		break;
	case OPT_COPY_STORAGE:
		cli->copy_storage = true;
		break;
	case OPT_COPY_INC:
		cli->copy_storage = cli->copy_inc = true;
		break;
	case OPT_PERSISTENT:
		cli->persistent = true;
		break;
	case OPT_UNDEFINE_SOURCE:
		cli->undefine_source = true;
		break;
	case OPT_AUTO_CONVERGE:
		cli->auto_converge = true;
		break;
	case OPT_COMPRESSED:
		cli->compressed = true;
		break;
	case OPT_POSTCOPY:
		cli->postcopy = true;
		break;
	case OPT_BANDWIDTH:
		cli->bandwidth = arg;
		break;
	case OPT_MIGRATE_URI:
		cli->migrate_uri = arg;
		break;
	case OPT_DISKS:
		cli->disks = arg;
		break;
	case OPT_ONCE:
		cli->once = true;
		break;
	case OPT_TEMPLATE:
		cli->template_name = arg;
		break;
	case OPT_NAME:
		cli->vm_name = arg;
		break;
	case OPT_SET:
		cli->sets = xreallocarray(cli->sets, cli->nsets + 1,
		    sizeof *cli->sets);
		cli->sets[cli->nsets++] = arg;
		break;
	case OPT_START:
		cli->start = true;
		break;
	case OPT_PRINT_XML:
		cli->print_xml = true;
		break;
	case OPT_KEEP:
		cli->keep_on_failure = true;
		break;
	case OPT_STORAGE:
		cli->storage = true;
		break;
	case OPT_FORCE:
		cli->force = true;
		break;
	case OPT_ATTACH:
		cli->attach = arg;
		break;
	case OPT_ADD_DISK:
		cli->add_disk = arg;
		break;
	case OPT_BUS:
		cli->bus = arg;
		break;
	case OPT_DETACH:
		cli->detach = arg;
		break;
	case OPT_ADD_NIC:
		cli->add_nic = arg;
		break;
	case OPT_REMOVE_NIC:
		cli->remove_nic = arg;
		break;
	case OPT_CDROM:
		cli->cdrom = arg;
		break;
	case OPT_EJECT:
		cli->eject = true;
		break;
	case OPT_HELP:
		cli->help = true;
		break;
	case OPT_HELP_CONFIG:
		cli->help_config = true;
		break;
	case OPT_VERSION:
		cli->version = true;
		break;
	case OPT_READONLY:
		cli->readonly = true;
		break;
	case OPT_TREE:
		cli->tree = true;
		break;
	case OPT_DISK_ONLY:
		cli->disk_only = true;
		break;
	case OPT_QUIESCE:
		cli->quiesce = true;
		break;
	case OPT_DESCRIPTION:
		cli->description = arg;
		break;
	case OPT_PAUSED:
		cli->paused = true;
		break;
	case OPT_CHILDREN:
		cli->children = true;
		break;
	case OPT_METADATA_ONLY:
		cli->metadata_only = true;
		break;
	case OPT_POOL:
		cli->pool = arg;
		break;
	case OPT_FORMAT:
		cli->format = arg;
		break;
	case OPT_PATH:
		cli->path = arg;
		break;
	case OPT_DHCP:
		cli->dhcp = arg;
		break;
	case OPT_SUBNET:
		cli->subnet = arg;
		break;
	case OPT_SHRINK:
		cli->shrink = true;
		break;
	case OPT_DISABLE:
		cli->disable = true;
		break;
	}
}

static bool
cli_has_verbs(enum cli_command c)
{
	return c == CLI_POOL || c == CLI_VOL || c == CLI_NET;
}

static const struct cli_verb *
cli_find_verb(enum cli_command c, const char *word)
{
	for (size_t i = 0; word != NULL && i < NELEMS(verbs); i++)
		if (verbs[i].command == c && strcmp(verbs[i].word, word) == 0)
			return &verbs[i];
	return NULL;
}

const struct cli_verb *
cli_verb_row(size_t i)
{
	return i < NELEMS(verbs) ? &verbs[i] : NULL;
}

/* How many words a verb takes: its args' names. */
static size_t
verb_nargs(const struct cli_verb *v)
{
	size_t n = 0;

	for (const char *p = v->args; *p != '\0'; p++)
		if (p == v->args || p[-1] == ' ')
			n++;
	return n;
}

/* "list, info, start or delete" for c (a static buffer). */
static const char *
verbs_text(enum cli_command c)
{
	static char buf[256];
	size_t n = 0, k = 0, len = 0;

	for (size_t i = 0; i < NELEMS(verbs); i++)
		n += verbs[i].command == c;
	buf[0] = '\0';
	for (size_t i = 0; i < NELEMS(verbs); i++)
		if (verbs[i].command == c) {
			k++;
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
			    k == 1 ? "" : k == n ? " or " : ", ", verbs[i].word);
			if (len >= sizeof buf)
				break;
		}
	return buf;
}

/* pool, vol, net: a verb, all its words, and only its options. */
static int
cli_verbs_check(const struct cli *cli, char **err)
{
	static const struct { unsigned bit; const char *name; } vopts[] = {
	    { CLI_VOPT_POOL, "--pool" }, { CLI_VOPT_FORMAT, "--format" },
	    { CLI_VOPT_PATH, "--path" }, { CLI_VOPT_SUBNET, "--subnet" },
	    { CLI_VOPT_SHRINK, "--shrink" }, { CLI_VOPT_DISABLE, "--disable" },
	    { CLI_VOPT_DHCP, "--dhcp" } };
	bool given[] = { cli->pool != NULL, cli->format != NULL,
	    cli->path != NULL, cli->subnet != NULL, cli->shrink, cli->disable,
	    cli->dhcp != NULL };
	const struct cli_verb *v = cli_has_verbs(cli->command) ?
	    cli_find_verb(cli->command, cli->verb) : NULL;

	if (cli_has_verbs(cli->command) && v == NULL) {
		*err = xasprintf("vmdeck %s needs one of %s", cli->word,
		    verbs_text(cli->command));
		return -1;
	}
	for (size_t k = 0; k < NELEMS(vopts); k++)
		if (given[k] && (v == NULL || !(v->opts & vopts[k].bit))) {
			*err = xasprintf("%s does not go with %s%s%s", vopts[k].name,
			    cli->word ? cli->word : "the full-screen view",
			    v ? " " : "", v ? v->word : "");
			return -1;
		}
	if (v == NULL)
		return 0;
	if (cli->nargs < verb_nargs(v)) {
		*err = xasprintf("vmdeck %s %s needs %s", cli->word, v->word,
		    v->args);
		return -1;
	}
	if ((v->opts & CLI_VOPT_POOL) && cli->pool == NULL) {
		*err = xasprintf("vmdeck %s %s needs --pool POOL (the pool the "
		    "volume is in)", cli->word, v->word);
		return -1;
	}
	if ((v->opts & CLI_VOPT_PATH) && cli->path == NULL) {
		*err = xstrdup("vmdeck pool define needs --path DIR");
		return -1;
	}
	if ((v->opts & CLI_VOPT_SUBNET) && cli->subnet == NULL) {
		*err = xstrdup("vmdeck net define needs --subnet CIDR "
		    "(10.7.0.0/24)");
		return -1;
	}
	return 0;
}

/* getopt_long's tables, made from options[] once: every long name, and
 * "-:" then each one-letter option ("c:" when it takes a value). The
 * leading '-' hands words back in order (subcommand, NAME, ... where
 * they stand); ':' reports a missing value apart from an unknown option. */
static struct option cli_longopts[NELEMS(options) + 1];
static char cli_shortopts[2 + 2 * NELEMS(options) + 1];

static void
cli_tables(void)
{
	size_t n = 0;

	if (cli_shortopts[0] != '\0')
		return;
	strcpy(cli_shortopts, "-:");
	n = 2;
	for (size_t i = 0; i < NELEMS(options); i++) {
		cli_longopts[i].name = options[i].long_name;
		cli_longopts[i].has_arg = options[i].arg ? required_argument :
		    no_argument;
		cli_longopts[i].val = 256 + (int)i;
		if (options[i].short_name != 0) {
			cli_shortopts[n++] = options[i].short_name;
			if (options[i].arg != NULL)
				cli_shortopts[n++] = ':';
		}
	}
	cli_shortopts[n] = '\0';
}

static const struct cli_option *
cli_option_of(int c)
{
	if (c >= 256 && c < 256 + (int)NELEMS(options))
		return &options[c - 256];
	for (size_t i = 0; i < NELEMS(options); i++)
		if (options[i].short_name == c)
			return &options[i];
	return NULL;
}

/* One word of the command line (not an option): the subcommand, its verb,
 * NAME, and what follows it. */
static int
cli_word(struct cli *cli, const char *a, bool *snap_verb_seen, char **err)
{
	if (cli->word == NULL) {
		const struct cli_subcommand *sc = NULL;

		int act = domain_action_from_command(a);

		for (size_t k = 0; k < NELEMS(subcommands); k++)
			if (strcmp(subcommands[k].word, a) == 0)
				sc = &subcommands[k];
		if (sc == NULL && act >= 0 && (domain_action_row(
		    (enum domain_action)act)->flags &
		    DOMAIN_ACT_HEADLESS) &&
		    strcmp(a, domain_action_command(
		    (enum domain_action)act)) == 0)
			sc = &action_subcommand;
		if (sc == NULL) {
			*err = xasprintf("unknown command '%s' (see "
			    "vmdeck --help)", a);
			return -1;
		}
		cli->word = sc == &action_subcommand ?
		    domain_action_command((enum domain_action)act) :
		    sc->word;
		cli->command = sc->command;
	} else if (cli_has_verbs(cli->command) && cli->verb == NULL) {
		if (cli_find_verb(cli->command, a) == NULL) {
			*err = xasprintf("vmdeck %s takes %s, not '%s'",
			    cli->word, verbs_text(cli->command), a);
			return -1;
		}
		cli->verb = cli_find_verb(cli->command, a)->word;
	} else if (cli_has_verbs(cli->command)) {
		if (cli->nargs >= verb_nargs(cli_find_verb(cli->command,
		    cli->verb))) {
			*err = xasprintf("unexpected argument '%s' after "
			    "%s %s", a, cli->word, cli->verb);
			return -1;
		}
		cli->args[cli->nargs++] = a;
	} else if (cli->command == CLI_SNAPSHOT && !*snap_verb_seen) {
		static const char *const snapverbs[] = { "list",
		    "create", "revert", "delete" };
		size_t k;

		for (k = 0; k < 4 && strcmp(snapverbs[k], a) != 0; k++)
			;
		if (k == 4) {
			*err = xasprintf("vmdeck snapshot takes list, "
			    "create, revert or delete, not '%s'", a);
			return -1;
		}
		cli->snap_verb = (enum cli_snapshot_verb)k;
		*snap_verb_seen = true;
	} else if ((cli->command == CLI_ACTION ||
	    cli->command == CLI_CLONE || cli->command == CLI_CONSOLE ||
	    cli->command == CLI_SCREENSHOT || cli->command == CLI_ADDR ||
	    cli->command == CLI_EDIT || cli->command == CLI_TAG ||
	    cli->command == CLI_MIGRATE ||
	    cli->command == CLI_SNAPSHOT) && cli->name == NULL) {
		cli->name = a;
		if (cli->command == CLI_ACTION) {
			cli->names = xreallocarray(cli->names,
			    cli->nnames + 1, sizeof *cli->names);
			cli->names[cli->nnames++] = a;
		}
	} else if (cli->command == CLI_ACTION) {
		cli->names = xreallocarray(cli->names, cli->nnames + 1,
		    sizeof *cli->names);
		cli->names[cli->nnames++] = a;
	} else if (cli->command == CLI_TAG) {
		cli->words = xreallocarray(cli->words, cli->nwords + 1,
		    sizeof *cli->words);
		cli->words[cli->nwords++] = a;
	}
	else if (cli->command == CLI_SNAPSHOT && cli->snap == NULL &&
	    cli->snap_verb != CLI_SNAP_LIST)
		cli->snap = a;
	else if (cli->command == CLI_SCREENSHOT && cli->file == NULL)
		cli->file = a;
	else if (cli->command == CLI_MIGRATE && cli->dest == NULL)
		cli->dest = a;
	else {
		*err = xasprintf("unexpected argument '%s' after %s", a,
		    cli->word);
		return -1;
	}
	return 0;
}

/* Whether the command line would change a host (what -r refuses before
 * libvirt is asked): everything but looking. */
static bool
cli_changes(const struct cli *cli)
{
	switch (cli->command) {
	case CLI_TUI:
	case CLI_LIST:
	case CLI_TOP:
	case CLI_TEMPLATES:
	case CLI_HOSTS:
	case CLI_ADDR:
	case CLI_CONSOLE:
	case CLI_SCREENSHOT:
		return false;
	case CLI_CREATE:
		return !cli->print_xml;
	case CLI_SNAPSHOT:
		return cli->snap_verb != CLI_SNAP_LIST;
	case CLI_TAG:
		return cli->nwords > 0;
	case CLI_POOL:
	case CLI_VOL:
	case CLI_NET: {
		const struct cli_verb *v = cli_find_verb(cli->command, cli->verb);

		/* the verbs that print are those that only read */
		return v == NULL || !v->json;
	}
	default:
		return true;
	}
}

int
cli_parse(struct cli *cli, int argc, char **argv, char **err)
{
	bool snap_verb_seen = false, mid = false;
	int c, at;

	memset(cli, 0, sizeof *cli);
	cli->command = CLI_TUI;
	cli_tables();
	opterr = 0;
	optind = 0;	/* GNU: start afresh (tests parse many lines) */
	for (;;) {
		const struct cli_option *o;
		const char *a = optind > 0 && optind < argc ? argv[optind] : NULL;

		/* after tag's NAME, -WORD removes tag WORD and +WORD adds
		 * one (a one-letter option stays one: -c, -H; "--" first for
		 * such a tag) */
		if (!mid && optind > 0 && a != NULL && cli->command == CLI_TAG &&
		    cli->name != NULL && ((a[0] == '-' && a[1] != '-' &&
		    a[1] != '\0' && a[2] != '\0') || a[0] == '+')) {
			cli->words = xreallocarray(cli->words, cli->nwords + 1,
			    sizeof *cli->words);
			cli->words[cli->nwords++] = a;
			optind++;
			continue;
		}
		at = optind > 0 ? optind : 1;
		c = getopt_long(argc, argv, cli_shortopts, cli_longopts, NULL);
		if (c == -1)
			break;
		/* inside a cluster such as -hV: optind has not moved on */
		mid = c > 1 && c < 256 && optind == at;
		if (c == 1) {
			if (cli_word(cli, optarg, &snap_verb_seen, err) < 0)
				return -1;
			continue;
		}
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];

			o = cli_option_of(optopt);
			if (c == ':' && o != NULL && optopt < 256)
				*err = xasprintf("option -%c needs %s", optopt,
				    o->arg);
			else if (c == ':' && o != NULL)
				*err = xasprintf("option --%s needs %s",
				    o->long_name, o->arg);
			else if (optopt != 0 && optopt < 256 &&
			    strncmp(bad, "--", 2) != 0)
				*err = xasprintf("unknown option '-%c' (see "
				    "vmdeck --help)", optopt);
			else if (optopt >= 256 && strchr(bad, '=') != NULL)
				*err = xasprintf("option --%s takes no value",
				    o->long_name);
			else
				*err = xasprintf("unknown or ambiguous option '%s' "
				    "(see vmdeck --help)", bad);
			return -1;
		}
		o = cli_option_of(c);
		if (o->arg != NULL && *optarg == '\0') {
			*err = xasprintf("option --%s needs a non-empty %s",
			    o->long_name, o->arg);
			return -1;
		}
		cli_apply(cli, o, optarg);
	}
	/* after "--": words only (a tag that starts with '-', a VM name) */
	for (; optind < argc; optind++) {
		if (cli->command == CLI_TAG && cli->name != NULL) {
			cli->words = xreallocarray(cli->words, cli->nwords + 1,
			    sizeof *cli->words);
			cli->words[cli->nwords++] = argv[optind];
		} else if (cli_word(cli, argv[optind], &snap_verb_seen, err) < 0)
			return -1;
	}
	if (cli->help || cli->help_config || cli->version)
		return 0;
	if (cli->readonly && cli_changes(cli)) {
		*err = xasprintf("vmdeck %s%s%s changes the host; -r "
		    "(--readonly) refuses it", cli->word, cli->verb ? " " : "",
		    cli->verb ? cli->verb : "");
		return -1;
	}
	if (cli->command == CLI_SNAPSHOT && !snap_verb_seen) {
		*err = xstrdup("vmdeck snapshot needs list, create, revert or "
		    "delete, then the VM's name");
		return -1;
	}
	if (cli_verbs_check(cli, err) < 0)
		return -1;
	if (cli->filter != NULL && cli->command != CLI_ACTION &&
	    cli->command != CLI_TAG) {
		*err = xstrdup("--filter goes with the VM actions (start, "
		    "shutdown, …, undefine) and tag");
		return -1;
	}
	/* tag --filter: every word is a tag edit (one taken for a name
	 * goes back) */
	if (cli->command == CLI_TAG && cli->filter != NULL &&
	    cli->name != NULL) {
		cli->words = xreallocarray(cli->words, cli->nwords + 1,
		    sizeof *cli->words);
		memmove(cli->words + 1, cli->words, cli->nwords *
		    sizeof *cli->words);
		cli->words[0] = cli->name;
		cli->nwords++;
		cli->name = NULL;
	}
	if (cli->command == CLI_TAG && cli->filter != NULL &&
	    cli->nwords == 0) {
		*err = xstrdup("vmdeck tag --filter needs the changes: +TAG "
		    "adds, -TAG removes");
		return -1;
	}
	if ((cli->command == CLI_ACTION || cli->command == CLI_CLONE ||
	    cli->command == CLI_CONSOLE || cli->command == CLI_SCREENSHOT ||
	    cli->command == CLI_ADDR || cli->command == CLI_EDIT ||
	    cli->command == CLI_TAG || cli->command == CLI_MIGRATE ||
	    cli->command == CLI_SNAPSHOT) && cli->name == NULL &&
	    !((cli->command == CLI_ACTION || cli->command == CLI_TAG) &&
	    cli->filter != NULL)) {
		*err = xasprintf("vmdeck %s needs the name of a VM", cli->word);
		return -1;
	}
	if (cli->command == CLI_SNAPSHOT && cli->snap == NULL &&
	    (cli->snap_verb == CLI_SNAP_REVERT ||
	    cli->snap_verb == CLI_SNAP_DELETE)) {
		*err = xasprintf("vmdeck snapshot %s needs the VM's name and the "
		    "snapshot's", cli->snap_verb == CLI_SNAP_REVERT ? "revert" :
		    "delete");
		return -1;
	}
	/* each snapshot option with its verb */
	static const struct {
		enum cli_snapshot_verb verb;
		const char *text;
	} snapopts[] = { { CLI_SNAP_LIST, "--tree goes with snapshot list" },
	    { CLI_SNAP_CREATE, "--disk-only, --quiesce and --description go "
	    "with snapshot create" }, { CLI_SNAP_REVERT, "--paused goes with "
	    "snapshot revert" }, { CLI_SNAP_DELETE, "--children and "
	    "--metadata-only go with snapshot delete" } };
	bool given[4] = { cli->tree, cli->disk_only || cli->quiesce ||
	    cli->description != NULL, cli->paused, cli->children ||
	    cli->metadata_only };
	for (size_t k = 0; k < 4; k++)
		if (given[k] && (cli->command != CLI_SNAPSHOT ||
		    cli->snap_verb != snapopts[k].verb)) {
			*err = xstrdup(snapopts[k].text);
			return -1;
		}

	if (cli->command == CLI_SCREENSHOT && cli->file == NULL) {
		*err = xstrdup("vmdeck screenshot needs the name of a VM and a "
		    "file to write (NAME FILE.png)");
		return -1;
	}
	if (cli->json && cli->command != CLI_LIST && cli->command != CLI_TOP &&
	    cli->command != CLI_ACTION && cli->command != CLI_TAG &&
	    cli->command != CLI_MIGRATE &&
	    cli->command != CLI_HOSTS && cli->command != CLI_ADDR &&
	    !(cli->command == CLI_SNAPSHOT &&
	    cli->snap_verb == CLI_SNAP_LIST) &&
	    !(cli_has_verbs(cli->command) &&
	    cli_find_verb(cli->command, cli->verb)->json)) {
		*err = xstrdup("--json goes with the commands that print: list, "
		    "top, hosts, addr, snapshot list, pool, vol and net's "
		    "list, info and leases, tag, migrate and the VM actions");
		return -1;
	}
	if ((cli->template_name || cli->nsets || cli->start ||
	    cli->print_xml || cli->keep_on_failure) &&
	    cli->command != CLI_CREATE) {
		*err = xstrdup("--template, --set, --start, --print-xml and "
		    "--keep-on-failure go with the create command");
		return -1;
	}
	if (cli->storage && (cli->command != CLI_ACTION ||
	    strcmp(cli->word, "undefine") != 0)) {
		*err = xstrdup("--storage goes with the undefine command");
		return -1;
	}
	if (cli->vm_name && cli->command != CLI_CREATE &&
	    cli->command != CLI_CLONE) {
		*err = xstrdup("--name goes with the create and clone commands");
		return -1;
	}
	if (cli->force && cli->command != CLI_CONSOLE) {
		*err = xstrdup("--force goes with the console command");
		return -1;
	}
	if (cli->command == CLI_CLONE && cli->vm_name == NULL) {
		*err = xstrdup("vmdeck clone needs --name NEW");
		return -1;
	}
	if (cli->command == CLI_CREATE &&
	    (cli->template_name == NULL || cli->vm_name == NULL)) {
		*err = xstrdup("vmdeck create needs --template NAME and --name "
		    "NAME");
		return -1;
	}
	bool edits = cli->attach || cli->add_disk || cli->bus || cli->detach ||
	    cli->add_nic || cli->remove_nic || cli->cdrom || cli->eject;
	if (edits && cli->command != CLI_EDIT) {
		*err = xstrdup("--attach, --add-disk, --bus, --detach, --add-nic, "
		    "--remove-nic, --cdrom and --eject go with the edit command");
		return -1;
	}
	if (cli->command == CLI_EDIT && (!edits || (cli->bus && !cli->attach &&
	    !cli->add_disk))) {
		*err = xstrdup(edits ? "--bus goes with --attach or --add-disk" :
		    "vmdeck edit needs a change: --attach, --add-disk, --detach, "
		    "--add-nic, --remove-nic, --cdrom or --eject");
		return -1;
	}
	if (cli->command == CLI_EDIT && ((cli->cdrom && cli->eject) ||
	    (cli->attach && cli->add_disk))) {
		*err = xstrdup(cli->eject ? "--cdrom and --eject go one at a time"
		    : "--attach and --add-disk go one at a time");
		return -1;
	}
	bool migopts = cli->live || cli->offline || cli->p2p ||
	    cli->tunnelled || cli->copy_storage || cli->persistent ||
	    cli->undefine_source || cli->auto_converge || cli->compressed ||
	    cli->postcopy || cli->bandwidth || cli->migrate_uri || cli->disks;
	if (migopts && cli->command != CLI_MIGRATE) {
		*err = xstrdup("--live, --offline, --p2p, --tunnelled, "
		    "--copy-storage, --copy-storage-inc, --disks, --persistent, "
		    "--undefine-source, --auto-converge, --compressed, "
		    "--postcopy, --bandwidth and --migrate-uri go with the "
		    "migrate command");
		return -1;
	}
	if (cli->command == CLI_MIGRATE && cli->dest == NULL) {
		*err = xstrdup("vmdeck migrate needs the VM's name and the "
		    "destination (a host of the hosts file, or a URI)");
		return -1;
	}
	if (cli->command == CLI_MIGRATE && ((cli->live && cli->offline) ||
	    (cli->tunnelled && !cli->p2p) || (cli->disks &&
	    !cli->copy_storage) || (cli->offline && cli->copy_storage))) {
		*err = xstrdup(cli->live && cli->offline ? "--live and --offline "
		    "go one at a time" : cli->tunnelled && !cli->p2p ?
		    "--tunnelled goes with --p2p" : cli->disks &&
		    !cli->copy_storage ? "--disks goes with --copy-storage" :
		    "--offline moves no disks: --copy-storage goes with a "
		    "running VM");
		return -1;
	}
	if (cli->once && cli->command != CLI_TOP) {
		*err = xstrdup("--once goes with the top command");
		return -1;
	}
	return 0;
}

void
cli_free(struct cli *cli)
{
	for (size_t i = 0; i < cli->nuris; i++)
		free(cli->uris[i]);
	free(cli->uris);
	free(cli->sets);
	free(cli->words);
	cli->words = NULL;
	free(cli->names);
	cli->names = NULL;
	cli->nnames = 0;
	cli->nwords = 0;
	free(cli->hosts);
	cli->hosts = NULL;
	cli->nhosts = 0;
	cli->uris = NULL;
	cli->nuris = 0;
	cli->sets = NULL;
	cli->nsets = 0;
}

const char *
cli_long_option(size_t i)
{
	return i < NELEMS(options) ? options[i].long_name : NULL;
}

bool
cli_bulk(const struct cli *cli)
{
	return (cli->command == CLI_ACTION || cli->command == CLI_TAG) &&
	    (cli->nnames > 1 || cli->filter != NULL || cli->nuris > 1 ||
	    cli->json);
}

bool
cli_one_host(const struct cli *cli)
{
	if (cli->word == NULL)
		return false;
	if (cli->command == CLI_ACTION || cli->command == CLI_TAG)
		return false;	/* names or --filter on every host given */
	if (cli->command == CLI_ACTION)
		return action_subcommand.one_host;
	for (size_t i = 0; i < NELEMS(subcommands); i++)
		if (strcmp(subcommands[i].word, cli->word) == 0)
			return subcommands[i].one_host;
	return false;
}

/* The i-th action that is a subcommand, or NULL. */
static const char *
cli_action_word(size_t i)
{
	for (int a = 0; a < DOMAIN_ACTION_COUNT; a++) {
		const char *w = domain_action_command((enum domain_action)a);

		if (w != NULL && i-- == 0)
			return w;
	}
	return NULL;
}

const char *
cli_subcommand(size_t i)
{
	return i < NELEMS(subcommands) ? subcommands[i].word :
	    cli_action_word(i - NELEMS(subcommands));
}

void
cli_usage(FILE *out)
{
	/* every subcommand has its line (tests/cli/cli.sh holds it); -H
	 * NAME goes wherever -c URI does */
	fprintf(out, "usage: vmdeck [-r] [-c URI|-H NAME]...  full-screen view\n"
	    "       vmdeck list [--json] [-c URI|-H NAME]...\n"
	    "       vmdeck top [--once] [--json] [-d SECONDS] "
	    "[-c URI|-H NAME]...\n"
	    "       vmdeck hosts [--json] [--timeout SECONDS]\n"
	    "       vmdeck host-setup [-c URI|-H NAME]\n"
	    "       vmdeck templates\n"
	    "       vmdeck create -t TEMPLATE -n NAME [--set KEY=VALUE]... "
	    "[--start]\n"
	    "              [--print-xml] [--keep-on-failure] [-c URI|-H NAME]\n"
	    "       vmdeck clone NAME -n NEW [-c URI|-H NAME]\n"
	    "       vmdeck console NAME [--force] [-c URI|-H NAME]\n"
	    "       vmdeck screenshot NAME FILE [-c URI|-H NAME]\n"
	    "       vmdeck addr NAME [--json] [-c URI|-H NAME]\n"
	    "       vmdeck edit NAME [--attach FILE|--add-disk SIZE "
	    "[--bus BUS]]\n"
	    "              [--detach TARGET] [--add-nic NETWORK] "
	    "[--remove-nic MAC]\n"
	    "              [--cdrom FILE|--eject] [-c URI|-H NAME]\n"
	    "       vmdeck snapshot list NAME [--tree] [--json] "
	    "[-c URI|-H NAME]\n"
	    "       vmdeck snapshot create NAME [SNAP] [--disk-only "
	    "[--quiesce]]\n"
	    "              [--description TEXT]\n"
	    "       vmdeck snapshot revert NAME SNAP [--paused]\n"
	    "       vmdeck snapshot delete NAME SNAP [--children|"
	    "--metadata-only]\n"
	    "       vmdeck ACTION NAME... [--json] [-c URI|-H NAME]...\n"
	    "       vmdeck ACTION --filter EXPR [--json] [-c URI|-H NAME]...\n"
	    "              ACTION:");
	for (size_t i = 0, col = 22; cli_action_word(i) != NULL; i++) {
		const char *w = cli_action_word(i);

		if (col + strlen(w) + 2 > 78) {
			fprintf(out, "\n%22s", "");
			col = 22;
		}
		fprintf(out, " %s%s", w, cli_action_word(i + 1) ? "," : "");
		col += strlen(w) + 2;
	}
	fprintf(out, "\n              (undefine [--storage])\n"
	    "       vmdeck tag NAME|--filter EXPR [+TAG|-TAG]... [--json] "
	    "[-c URI|-H NAME]\n"
	    "       vmdeck migrate NAME DEST [--live|--offline] [--p2p "
	    "[--tunnelled]]\n"
	    "              [--copy-storage|--copy-storage-inc [--disks LIST]] "
	    "[--persistent]\n"
	    "              [--undefine-source] [--auto-converge] "
	    "[--compressed] [--postcopy]\n"
	    "              [--bandwidth MIB] [--migrate-uri URI] [--json] "
	    "[-c URI|-H NAME]\n");
	for (size_t i = 0; i < NELEMS(verbs); i++) {
		const char *w = verbs[i].command == CLI_POOL ? "pool" :
		    verbs[i].command == CLI_VOL ? "vol" : "net";

		fprintf(out, "       vmdeck %s %s%s%s%s%s%s%s%s%s [-c URI|-H NAME]\n", w,
		    verbs[i].word, *verbs[i].args ? " " : "", verbs[i].args,
		    verbs[i].opts & CLI_VOPT_POOL ? " --pool POOL" : "",
		    verbs[i].opts & CLI_VOPT_FORMAT ? " [--format qcow2|raw]" : "",
		    verbs[i].opts & CLI_VOPT_PATH ? " --path DIR" : "",
		    verbs[i].opts & CLI_VOPT_SUBNET ? " --subnet CIDR "
		    "[--dhcp START-END]" : "",
		    verbs[i].opts & (CLI_VOPT_SHRINK | CLI_VOPT_DISABLE) ?
		    (verbs[i].opts & CLI_VOPT_SHRINK ? " [--shrink]" :
		    " [--disable]") : "", verbs[i].json ? " [--json]" : "");
	}
	fprintf(out, "\ncommands:\n");
	for (size_t i = 0; i < NELEMS(subcommands); i++)
		fprintf(out, "  %-10s %s%s\n", subcommands[i].word,
		    subcommands[i].takes_name ? "NAME: " : "",
		    subcommands[i].help);
	for (size_t i = 0; cli_action_word(i) != NULL; i++) {
		const char *w = cli_action_word(i);

		fprintf(out, "  %-10s NAME: %s\n", w, domain_action_row(
		    (enum domain_action)domain_action_from_command(w))->help);
	}
	fprintf(out, "\noptions:\n");
	for (size_t i = 0; i < NELEMS(options); i++) {
		char left[40];

		snprintf(left, sizeof left, "%s%c%s--%s%s%s",
		    options[i].short_name ? "-" : "   ",
		    options[i].short_name ? options[i].short_name : ' ',
		    options[i].short_name ? ", " : "", options[i].long_name,
		    options[i].arg ? " " : "", options[i].arg ? options[i].arg : "");
		fprintf(out, "  %-20s %s\n", left, options[i].help);
	}
	fprintf(out, "\nIn the full-screen view press ? for the keys. "
	    "See vmdeck(1).\n");
}

/* --- shell completion ----------------------------------------------------- */

void
cli_offer(FILE *out, const char *prefix, const char *w)
{
	if (strncmp(w, prefix, strlen(prefix)) == 0)
		fprintf(out, "%s\n", w);
}

static const struct cli_option *
cli_option_named(const char *word)
{
	for (size_t i = 0; i < NELEMS(options); i++)
		if ((word[1] != '-' && word[1] == options[i].short_name &&
		    word[2] == '\0') ||
		    (word[1] == '-' && strcmp(word + 2, options[i].long_name) == 0))
			return &options[i];
	return NULL;
}

/* The value an option takes, for completion: what to offer there. */
static enum cli_complete
cli_complete_value(const struct cli_option *o, const char *cur, FILE *out)
{
	switch (o->id) {
	case OPT_HOST:
		return CLI_COMPLETE_HOSTS;
	case OPT_TEMPLATE:
		return CLI_COMPLETE_TEMPLATES;
	case OPT_ATTACH:
	case OPT_CDROM:
	case OPT_PATH:
		return CLI_COMPLETE_FILES;
	case OPT_BUS:
		cli_offer(out, cur, "virtio");
		cli_offer(out, cur, "scsi");
		return CLI_COMPLETE_WORDS;
	case OPT_FORMAT:
		cli_offer(out, cur, "qcow2");
		cli_offer(out, cur, "raw");
		return CLI_COMPLETE_WORDS;
	case OPT_CONNECT:
		cli_offer(out, cur, "qemu:///system");
		cli_offer(out, cur, "qemu:///session");
		cli_offer(out, cur, "qemu+ssh://");
		cli_offer(out, cur, "test:///default");
		return CLI_COMPLETE_WORDS;
	default:
		return CLI_COMPLETE_NONE;
	}
}

enum cli_complete
cli_complete(int cword, char **words, int nwords, FILE *out)
{
	const char *cur = cword < nwords ? words[cword] : "";
	const struct cli_subcommand *sc = NULL;
	const char *verb = NULL;
	bool action = false, dashdash = false;
	int npos = 0;		/* words after the subcommand (and verb) */

	for (int i = 1; i < cword && i < nwords; i++) {
		const char *w = words[i];
		const struct cli_option *o;

		if (!dashdash && strcmp(w, "--") == 0) {
			dashdash = true;
			continue;
		}
		if (!dashdash && w[0] == '-' && w[1] != '\0') {
			o = cli_option_named(w);
			if (o != NULL && o->arg != NULL && strchr(w, '=') == NULL) {
				if (i + 1 == cword)
					return cli_complete_value(o, cur, out);
				i++;	/* its value */
			}
			continue;
		}
		if (sc == NULL && !action) {
			for (size_t k = 0; k < NELEMS(subcommands); k++)
				if (strcmp(subcommands[k].word, w) == 0)
					sc = &subcommands[k];
			if (sc == NULL)
				action = true;	/* start, shutdown, … */
			continue;
		}
		if (sc != NULL && (cli_has_verbs(sc->command) ||
		    sc->command == CLI_SNAPSHOT) && verb == NULL) {
			verb = w;
			continue;
		}
		npos++;
	}
	if (!dashdash && cur[0] == '-') {
		for (size_t i = 0; i < NELEMS(options); i++) {
			char s[3] = { '-', options[i].short_name, '\0' };
			char *l = xasprintf("--%s", options[i].long_name);

			if (options[i].short_name != 0 && cur[1] != '-')
				cli_offer(out, cur, s);
			cli_offer(out, cur, l);
			free(l);
		}
		return CLI_COMPLETE_WORDS;
	}
	if (sc == NULL && !action) {
		for (size_t i = 0; cli_subcommand(i) != NULL; i++)
			cli_offer(out, cur, cli_subcommand(i));
		return CLI_COMPLETE_WORDS;
	}
	if (action)
		return CLI_COMPLETE_VMS;	/* NAME... */
	if (sc->command == CLI_SNAPSHOT && verb == NULL) {
		static const char *const v[] = { "list", "create", "revert",
		    "delete" };

		for (size_t i = 0; i < NELEMS(v); i++)
			cli_offer(out, cur, v[i]);
		return CLI_COMPLETE_WORDS;
	}
	if (cli_has_verbs(sc->command) && verb == NULL) {
		for (size_t i = 0; i < NELEMS(verbs); i++)
			if (verbs[i].command == sc->command)
				cli_offer(out, cur, verbs[i].word);
		return CLI_COMPLETE_WORDS;
	}
	if (cli_has_verbs(sc->command)) {
		const struct cli_verb *v = cli_find_verb(sc->command, verb);

		/* vol upload/download VOL FILE: the file */
		if (v != NULL && sc->command == CLI_VOL && npos == 1 &&
		    (strcmp(v->word, "upload") == 0 ||
		    strcmp(v->word, "download") == 0))
			return CLI_COMPLETE_FILES;
		return CLI_COMPLETE_NONE;
	}
	switch (sc->command) {
	case CLI_SCREENSHOT:
		return npos == 0 ? CLI_COMPLETE_VMS : CLI_COMPLETE_FILES;
	case CLI_MIGRATE:
		return npos == 0 ? CLI_COMPLETE_VMS : npos == 1 ?
		    CLI_COMPLETE_HOSTS : CLI_COMPLETE_NONE;
	case CLI_TAG:
		return npos == 0 ? CLI_COMPLETE_VMS : CLI_COMPLETE_NONE;
	default:
		return sc->takes_name && npos == 0 ? CLI_COMPLETE_VMS :
		    CLI_COMPLETE_NONE;
	}
}
