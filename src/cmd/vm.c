/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* The subcommands on VMs: list, start … undefine, screenshot, console,
 * edit, tag. */
#include "cmd.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "../core/domain.h"
#include "../core/domlist.h"
#include "../core/virterr.h"
#include "../host/host.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "../create/vmspec.h"
#include "../vm/vmdelete.h"
#include "../core/tags.h"
#include "../vm/vmedit.h"
#include "../vnc/screenshot.h"
#include "bulk.h"
#include "direct.h"

/* Print one host's domains as a table, sorted by name. */
static void
list_print_table(const char *uri, const struct domain_info *doms, size_t n,
    bool with_host)
{
	size_t *idx = xcalloc(n, sizeof *idx);
	size_t count = domlist_view(doms, n, NULL, NULL, DOMLIST_SORT_NAME, NULL, idx);
	int namew = 4;

	/* names as a terminal may show them: controls, bidi overrides and
	 * zero-width characters written out (<U+202E>) */
	char **names = xcalloc(count ? count : 1, sizeof *names);

	for (size_t i = 0; i < count; i++) {
		names[i] = fmt_sanitize(doms[idx[i]].name, false);
		int w = fmt_width(names[i]);
		if (w > namew)
			namew = w;
	}
	if (with_host)
		printf("%s:\n", uri);
	printf(" %-5s %-*s  %-11s %5s  %-10s %-10s %-9s %s\n", "Id", namew,
	    "Name", "State", "vCPUs", "Memory", "Max", "Autostart",
	    "Persistent");
	for (size_t i = 0; i < count; i++) {
		const struct domain_info *d = &doms[idx[i]];
		char id[16], mem[24], max[24];
		int pad = namew - fmt_width(names[i]);

		if (d->id >= 0)
			snprintf(id, sizeof id, "%d", d->id);
		else
			snprintf(id, sizeof id, "-");
		printf(" %-5s %s%*s  %-11s %5u  %-10s %-10s %-9s %s\n", id,
		    names[i], pad, "", domain_state_name(d->state), d->vcpus,
		    fmt_kib(mem, sizeof mem, d->mem_kib),
		    fmt_kib(max, sizeof max, d->maxmem_kib),
		    d->autostart ? "yes" : "no", d->persistent ? "yes" : "no");
		free(names[i]);
	}
	free(names);
	free(idx);
}

static void
list_print_json(const char *uri, const struct domain_info *doms, size_t n,
    bool *first)
{
	size_t *idx = xcalloc(n, sizeof *idx);
	size_t count = domlist_view(doms, n, NULL, NULL, DOMLIST_SORT_NAME, NULL, idx);

	for (size_t i = 0; i < count; i++) {
		const struct domain_info *d = &doms[idx[i]];

		printf("%s\n  {\"host\": ", *first ? "" : ",");
		fmt_json_str(stdout, uri);
		printf(", \"name\": ");
		fmt_json_str(stdout, d->name);
		printf(", \"uuid\": \"%s\", \"id\": %d, \"state\": \"%s\", "
		    "\"vcpus\": %u, \"memory_kib\": %llu, "
		    "\"max_memory_kib\": %llu, \"autostart\": %s, "
		    "\"persistent\": %s}", d->uuid,
		    d->id, domain_state_name(d->state), d->vcpus,
		    (unsigned long long)d->mem_kib,
		    (unsigned long long)d->maxmem_kib,
		    d->autostart ? "true" : "false",
		    d->persistent ? "true" : "false");
		*first = false;
	}
	free(idx);
}

int
cmd_list(struct cmd_ctx *c)
{
	char *const *uris = c->cli.uris;
	size_t n = c->cli.nuris;
	bool json = c->cli.json;
	bool first = true;
	int status = 0;

	if (json)
		printf("[");
	for (size_t h = 0; h < n; h++) {
		struct domain_info *doms;
		size_t ndoms;
		char *err = NULL;
		virConnectPtr conn = host_open_uri(uris[h], &err);

		if (conn == NULL ||
		    domain_list_fetch(conn, &doms, &ndoms, &err) < 0) {
			fprintf(stderr, "vmdeck: %s%s%s\n", err,
			    conn != NULL ? " on " : "",
			    conn != NULL ? uris[h] : "");
			free(err);
			if (conn != NULL)
				virConnectClose(conn);
			status = 1;
			continue;
		}
		if (json)
			list_print_json(uris[h], doms, ndoms, &first);
		else
			list_print_table(uris[h], doms, ndoms, n > 1);
		domain_info_array_free(doms, ndoms);
		virConnectClose(conn);
	}
	if (json)
		printf("%s]\n", first ? "" : "\n");
	return status;
}

/* What a headless command does to one VM: 0, or -1 with *err. */
typedef int vm_fn(virDomainPtr dom, const char *name, const void *arg,
    char **err);

/* Open VM name on uri and run fn on it; its error, or the VM's absence,
 * on stderr. Returns the exit status. */
static int
on_vm(const char *uri, const char *name, vm_fn *fn, const void *arg)
{
	char *err = NULL;
	virConnectPtr conn;
	virDomainPtr dom;
	int status = 0;

	if (host_open_domain(uri, name, &conn, &dom, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	if (fn(dom, name, arg, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		status = 1;
	}
	virDomainFree(dom);
	virConnectClose(conn);
	return status;
}

/* start, shutdown, …: arg is the command word. */
static int
vm_action(virDomainPtr dom, const char *name, const void *arg, char **err)
{
	enum domain_action action = (enum domain_action)
	    domain_action_from_command(arg);
	char *msg;

	if (domain_action_run(dom, action, name, err) < 0)
		return -1;
	msg = domain_action_done(action, name);
	printf("%s\n", msg);
	free(msg);
	return 0;
}

/* undefine NAME --storage: the VM, its volumes and its seed, keeping
 * files anything else uses. */
static int
vm_undefine_storage(virDomainPtr dom, const char *name, const void *arg,
    char **err)
{
	(void)arg;
	if (vmdelete_all(dom, name, err) < 0)
		return -1;
	printf("%s\n", *err);
	free(*err);
	*err = NULL;
	return 0;
}

/* screenshot NAME FILE: arg is the file. */
static int
vm_screenshot(virDomainPtr dom, const char *name, const void *arg,
    char **err)
{
	char *mime = NULL;

	if (screenshot_save(dom, arg, &mime, err) < 0)
		return -1;
	printf("Saved the screen of %s to %s (%s).\n", name,
	    (const char *)arg, mime);
	free(mime);
	return 0;
}

int
cmd_action(struct cmd_ctx *c)
{
	if (cli_bulk(&c->cli)) {
		struct bulkop op = { .kind = c->cli.storage ?
		    BULKOP_UNDEFINE_STORAGE : BULKOP_ACTION };

		return cmd_bulk(c, &op, domain_action_from_command(c->cli.word));
	}
	return on_vm(c->cli.uris[0], c->cli.name, c->cli.storage ?
	    vm_undefine_storage : vm_action, c->cli.word);
}

int
cmd_screenshot(struct cmd_ctx *c)
{
	return on_vm(c->cli.uris[0], c->cli.name, vm_screenshot, c->cli.file);
}

int
cmd_console(struct cmd_ctx *c)
{
	int esc = console_escape_byte(c->cfg.escape_key);

	return console_direct(c->cli.uris[0], c->cli.name, c->cli.force,
	    esc < 0 ? 29 : esc);
}

/* edit: arg is the change (struct vmedit). */
static int
vm_edit(virDomainPtr dom, const char *name, const void *arg, char **err)
{
	char uuid[VIR_UUID_STRING_BUFLEN], *done = NULL;

	if (virDomainGetUUIDString(dom, uuid) < 0) {
		char *why = virterr_take();

		*err = xasprintf("could not read VM '%s''s UUID: %s", name, why);
		free(why);
		return -1;
	}
	if (vmedit_apply(virDomainGetConnect(dom), uuid, arg, &done, err) < 0)
		return -1;
	printf("%s\n", done);
	free(done);
	return 0;
}

/* edit NAME --attach … : the e form's device changes, headless. */
int
cmd_edit(struct cmd_ctx *c)
{
	const struct cli *cli = &c->cli;
	struct vmedit e = { .autostart = -1 };
	int status;

	if (cli->bus && strcmp(cli->bus, "virtio") != 0 &&
	    strcmp(cli->bus, "scsi") != 0) {
		fprintf(stderr, "vmdeck: --bus takes virtio or scsi, not '%s'\n",
		    cli->bus);
		return 2;
	}
	if (cli->add_disk && (!vmspec_parse_size(cli->add_disk, &e.add_disk) ||
	    e.add_disk < (1u << 20))) {
		fprintf(stderr, "vmdeck: --add-disk takes a size of at least 1M "
		    "(10G), not '%s'\n", cli->add_disk);
		return 2;
	}
	e.attach = cli->attach ? xstrdup(cli->attach) : NULL;
	e.disk_bus = cli->bus ? xstrdup(cli->bus) : NULL;
	e.detach = cli->detach ? xstrdup(cli->detach) : NULL;
	e.add_nic = cli->add_nic ? xstrdup(cli->add_nic) : NULL;
	e.remove_nic = cli->remove_nic ? xstrdup(cli->remove_nic) : NULL;
	e.cdrom = cli->eject ? xstrdup("") : cli->cdrom ? xstrdup(cli->cdrom) :
	    NULL;
	status = on_vm(cli->uris[0], cli->name, vm_edit, &e);
	vmedit_free(&e);
	return status;
}

/* tag: arg is the command line (its words). */
static int
vm_tag(virDomainPtr dom, const char *name, const void *arg, char **err)
{
	const struct cli *cli = arg;
	struct tags s;
	char *list;

	if (tags_get(dom, &s, err) < 0)
		return -1;
	if (cli->nwords > 0 && (tags_edit(&s, cli->words, cli->nwords,
	    err) < 0 || tags_set(dom, &s, err) < 0)) {
		tags_clear(&s);
		return -1;
	}
	list = tags_join(&s);
	if (s.n > 0)
		printf("VM '%s': tags %s.\n", name, list);
	else
		printf("VM '%s' has no tags.\n", name);
	free(list);
	tags_clear(&s);
	return 0;
}

/* tag NAME [+TAG|-TAG|TAG]…: change, then print, VM NAME's tags. */
int
cmd_tag(struct cmd_ctx *c)
{
	if (cli_bulk(&c->cli)) {
		struct bulkop op = { .kind = BULKOP_TAG,
		    .words = (char **)c->cli.words, .nwords = c->cli.nwords };

		return cmd_bulk(c, &op, -1);
	}
	return on_vm(c->cli.uris[0], c->cli.name, vm_tag, &c->cli);
}
