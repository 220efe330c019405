/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* The subcommands that make VMs: templates, create, clone. */
#include "cmd.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/libvirt.h>

#include "../create/create.h"
#include "../create/template.h"
#include "../create/vmspec.h"
#include "../host/host.h"
#include "../util/xalloc.h"
#include "../vm/clone.h"

/* The shipped templates, then the installed ones, then the user's. */
static void
templates_load(struct template_set *set, struct diags *d)
{
	char *user = config_dir("templates");
	char *shared = xasprintf("%s/templates", VMDECK_DATADIR);
	const char *dirs[] = { shared, user, NULL };

	template_set_load(set, dirs, d);
	free(user);
	free(shared);
}

void
cmd_template_names(const char *prefix)
{
	struct template_set set;
	struct diags d = { 0 };

	templates_load(&set, &d);
	for (size_t i = 0; i < set.n; i++)
		cli_offer(stdout, prefix, set.t[i].name);
	template_set_free(&set);
	diag_clear(&d);
}

int
cmd_templates(struct cmd_ctx *c)
{
	struct template_set set;
	struct diags d = { 0 };

	templates_load(&set, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "vmdeck: warning: %s\n", d.msgs[i]);
	for (size_t i = 0; i < set.n; i++)
		printf("%-20s %s\n", set.t[i].name,
		    set.t[i].description ? set.t[i].description : "");
	diag_clear(&d);
	template_set_free(&set);
	(void)c;
	return 0;
}

static void
clone_print(void *ctx, uint64_t done, uint64_t total)
{
	(void)ctx;
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\rcopied %llu of %llu MiB", (unsigned long long)
		    (done >> 20), (unsigned long long)(total >> 20));
}

/* A phase of create (the kernel fetch), on one line of a terminal. */
static void
create_say(void *ctx, const char *text)
{
	(void)ctx;
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K%s", text);
}

/* The first host's accelerator setting from the hosts file (-H). */
static enum vmspec_accel
host_accel(const struct cmd_ctx *c)
{
	const struct hostdef *h = c->defs[0];

	if (h == NULL)
		return VMSPEC_ACCEL_AUTO;
	return h->accel == HOSTDEF_ACCEL_KVM ? VMSPEC_ACCEL_KVM :
	    h->accel == HOSTDEF_ACCEL_TCG ? VMSPEC_ACCEL_TCG : VMSPEC_ACCEL_AUTO;
}

int
cmd_create(struct cmd_ctx *c)
{
	const struct cli *cli = &c->cli;
	struct template_set set;
	struct diags d = { 0 };
	const struct template *t;
	struct vmspec spec;
	struct create_opts o = { .start = cli->start,
	    .keep_on_failure = cli->keep_on_failure,
	    .host_accel = host_accel(c), .progress = clone_print,
	    .say = create_say };
	struct create_result r = { 0 };
	char *err = NULL;
	int status = 1, rc;

	templates_load(&set, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "vmdeck: warning: %s\n", d.msgs[i]);
	diag_clear(&d);
	t = template_set_find(&set, cli->template_name);
	if (t == NULL) {
		fprintf(stderr, "vmdeck: no template called '%s' (see vmdeck "
		    "templates)\n", cli->template_name);
		template_set_free(&set);
		return 1;
	}
	vmspec_copy(&spec, &t->spec);
	template_set_free(&set);
	const char *why = NULL;
	if (vmspec_set(&spec, "template", "name", cli->vm_name, &why) < 0) {
		fprintf(stderr, "vmdeck: --name %s: %s\n", cli->vm_name, why);
		vmspec_free(&spec);
		return 2;
	}
	for (size_t i = 0; i < cli->nsets; i++)
		if (vmspec_set_arg(&spec, cli->sets[i], &why) < 0) {
			fprintf(stderr, "vmdeck: --set %s: %s\n", cli->sets[i],
			    why);
			vmspec_free(&spec);
			return 2;
		}
	if (vmspec_validate(&spec, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		vmspec_free(&spec);
		return 2;
	}
	virConnectPtr conn = host_open_uri(cli->uris[0], &err);
	if (conn == NULL) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		vmspec_free(&spec);
		return 1;
	}
	/* --print-xml: the XML create would define on this host, exactly */
	rc = cli->print_xml ? create_plan(conn, &spec, &o, &r, &err) :
	    create_vm(conn, &spec, &o, &r, &err);
	if (isatty(STDERR_FILENO))
		fputs("\r\033[K", stderr);
	if (r.warning != NULL)
		fprintf(stderr, "vmdeck: warning: %s\n", r.warning);
	if (rc < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
	} else if (cli->print_xml) {
		fputs(r.xml, stdout);
		fprintf(stderr, "vmdeck: %s%s%s\n", r.accel_note,
		    r.note ? " " : "", r.note ? r.note : "");
		status = 0;
	} else {
		printf("Created VM '%s' on %s%s. %s%s%s\n", spec.name, cli->uris[0],
		    cli->start ? " and started it" : "", r.accel_note,
		    r.note ? " " : "", r.note ? r.note : "");
		status = 0;
	}
	create_result_clear(&r);
	virConnectClose(conn);
	vmspec_free(&spec);
	return status;
}

int
cmd_clone(struct cmd_ctx *c)
{
	const struct cli *cli = &c->cli;
	char *err = NULL;
	virConnectPtr conn = host_open_uri(cli->uris[0], &err);
	int status = 1;

	if (conn == NULL) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	if (clone_vm(conn, cli->name, cli->vm_name, clone_print, NULL,
	    &err) < 0) {
		fprintf(stderr, "%svmdeck: %s\n", isatty(STDERR_FILENO) ?
		    "\n" : "", err);
		free(err);
	} else {
		printf("%sCloned VM '%s' as '%s'.\n", isatty(STDERR_FILENO) ?
		    "\n" : "", cli->name, cli->vm_name);
		status = 0;
	}
	virConnectClose(conn);
	return status;
}
