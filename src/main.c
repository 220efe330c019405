/*
 * vmdeck — a terminal workstation for KVM.
 * main.c: options and subcommands; the views live in src/ui.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/config.h"
#include "core/domain.h"
#include "core/domlist.h"
#include "host/host.h"
#include "host/hostprobe.h"
#include "host/hostsetup.h"
#include "config/hostsfile.h"
#include "config/hosturi.h"
#include "cmd/direct.h"
#include "vm/clone.h"
#include "create/create.h"
#include "vnc/screenshot.h"
#include "create/template.h"
#include "vm/vmdelete.h"
#include "cmd/top.h"
#include "core/virterr.h"
#include "core/xmlutil.h"
#include "ui/app.h"
#include "cmd/cli.h"
#include "util/fmt.h"
#include "util/xalloc.h"

/* Print one host's domains as a table, sorted by name. */
static void
list_print_table(const char *uri, const struct domain_info *doms, size_t n,
    bool with_host)
{
	size_t *idx = xcalloc(n, sizeof *idx);
	size_t count = domlist_view(doms, n, NULL, DOMLIST_SORT_NAME, NULL, idx);
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
	size_t count = domlist_view(doms, n, NULL, DOMLIST_SORT_NAME, NULL, idx);
	char euri[1024], ename[1024];

	fmt_json_escape(euri, sizeof euri, uri);
	for (size_t i = 0; i < count; i++) {
		const struct domain_info *d = &doms[idx[i]];

		printf("%s\n  {\"host\": \"%s\", \"name\": \"%s\", "
		    "\"uuid\": \"%s\", \"id\": %d, \"state\": \"%s\", "
		    "\"vcpus\": %u, \"memory_kib\": %llu, "
		    "\"max_memory_kib\": %llu, \"autostart\": %s, "
		    "\"persistent\": %s}", *first ? "" : ",", euri,
		    fmt_json_escape(ename, sizeof ename, d->name), d->uuid,
		    d->id, domain_state_name(d->state), d->vcpus,
		    (unsigned long long)d->mem_kib,
		    (unsigned long long)d->maxmem_kib,
		    d->autostart ? "true" : "false",
		    d->persistent ? "true" : "false");
		*first = false;
	}
	free(idx);
}

static int
cmd_list(char *const *uris, size_t n, bool json)
{
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
typedef int main_vm_fn(virDomainPtr dom, const char *name, const void *arg,
    char **err);

/* Open VM name on uri and run fn on it; its error, or the VM's absence,
 * on stderr. Returns the exit status. */
static int
main_on_vm(const char *uri, const char *name, main_vm_fn *fn, const void *arg)
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
main_action(virDomainPtr dom, const char *name, const void *arg, char **err)
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
main_undefine_storage(virDomainPtr dom, const char *name, const void *arg,
    char **err)
{
	char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE), **paths;
	long n;
	int rc;

	(void)arg;
	if (xml == NULL) {
		char *why = virterr_take();

		*err = xasprintf("Could not read VM '%s': %s", name, why);
		free(why);
		return -1;
	}
	n = vmdelete_paths(name, xml, &paths, err);
	free(xml);
	if (n < 0)
		return -1;
	rc = vmdelete_run(virDomainGetConnect(dom), dom, name, paths, (size_t)n,
	    err);
	for (long i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	if (rc < 0)
		return -1;
	printf("%s\n", *err);
	free(*err);
	*err = NULL;
	return 0;
}

/* screenshot NAME FILE: arg is the file. */
static int
main_screenshot(virDomainPtr dom, const char *name, const void *arg,
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

/* The URI of the host called name in hosts; NULL (with a message on
 * stderr) when there is none. Caller frees. */
static char *
main_host_uri(const struct hostlist *hosts, const char *name)
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

/* What the hosts pane shows for each URI: a host's name, or NULL. */
static const char **labels;

/* Add uri (taken) shown as label, unless it is there already. */
static void
main_add_uri(struct cli *cli, char *uri, const char *label)
{
	for (size_t i = 0; i < cli->nuris; i++)
		if (strcmp(cli->uris[i], uri) == 0) {
			if (label != NULL && labels[i] == NULL)
				labels[i] = label;
			free(uri);
			return;
		}
	cli->uris = xreallocarray(cli->uris, cli->nuris + 1, sizeof *cli->uris);
	labels = xreallocarray(labels, cli->nuris + 1, sizeof *labels);
	labels[cli->nuris] = label;
	cli->uris[cli->nuris++] = uri;
}

/* The hosts to open: -c and -H as given; else LIBVIRT_DEFAULT_URI, else
 * the config's connect option, else the local default; and for the
 * full-screen view, every host of the hosts file set to autoconnect.
 * Returns -1 for a -H name that is not in the hosts file. */
static int
main_pick_uris(struct cli *cli, const struct config *cfg,
    const struct hostlist *hosts)
{
	const char *env = getenv("LIBVIRT_DEFAULT_URI");

	/* the -c URIs have no label */
	labels = xcalloc(cli->nuris + 1, sizeof *labels);
	for (size_t i = 0; i < cli->nhosts; i++) {
		char *uri = main_host_uri(hosts, cli->hosts[i]);

		if (uri == NULL)
			return -1;
		main_add_uri(cli, uri, cli->hosts[i]);
	}
	if (cli->nuris > 0)
		return 0;
	if ((env == NULL || *env == '\0') && cfg->nconnect > 0)
		for (size_t i = 0; i < cfg->nconnect; i++)
			main_add_uri(cli, xstrdup(cfg->connect[i]), NULL);
	else
		main_add_uri(cli, host_default_uri(), NULL);
	if (cli->command == CLI_TUI)
		for (size_t i = 0; i < hosts->n; i++)
			if (hosts->hosts[i].autoconnect)
				main_add_uri(cli, main_host_uri(hosts,
				    hosts->hosts[i].name), hosts->hosts[i].name);
	return 0;
}

/* vmdeck hosts: every host of the hosts file, probed at once. */
static int
cmd_hosts(const struct hostlist *hosts, bool json)
{
	char **uris = xcalloc(hosts->n ? hosts->n : 1, sizeof *uris);
	struct hostprobe *r = xcalloc(hosts->n ? hosts->n : 1, sizeof *r);
	const struct hostdef **defs = xcalloc(hosts->n ? hosts->n : 1,
	    sizeof *defs);
	int bad = 0;

	for (size_t i = 0; i < hosts->n; i++) {
		uris[i] = main_host_uri(hosts, hosts->hosts[i].name);
		defs[i] = &hosts->hosts[i];
	}
	hostprobe_run((const char *const *)uris, defs, hosts->n,
	    2 * host_default_timeout() + 1000, r);
	free(defs);
	if (json)
		printf("[");
	for (size_t i = 0; i < hosts->n; i++) {
		const struct hostdef *h = &hosts->hosts[i];
		char ename[256], euri[2048], ewhy[2048], mem[32];

		bad += r[i].state != HOSTPROBE_CONNECTED;
		if (json) {
			printf("%s\n  {\"name\": \"%s\", \"uri\": \"%s\", "
			    "\"state\": \"%s\", \"ms\": %lld", i ? "," : "",
			    fmt_json_escape(ename, sizeof ename, h->name),
			    fmt_json_escape(euri, sizeof euri, uris[i]),
			    hostprobe_state_name(r[i].state),
			    (long long)r[i].ms);
			if (r[i].fingerprint != NULL)
				printf(", \"host_key\": \"%s\"", r[i].fingerprint);
			if (r[i].state == HOSTPROBE_CONNECTED)
				printf(", \"libvirt_version\": %lu, "
				    "\"hypervisor_version\": %lu, \"cpus\": %u, "
				    "\"memory_kib\": %llu}", r[i].lib_version,
				    r[i].hv_version, r[i].cpus,
				    (unsigned long long)r[i].mem_kib);
			else
				printf(", \"reason\": \"%s\"}",
				    fmt_json_escape(ewhy, sizeof ewhy,
				    r[i].reason ? r[i].reason : ""));
			continue;
		}
		printf("%-16s %-17s %s\n", h->name,
		    hostprobe_state_name(r[i].state), uris[i]);
		if (r[i].state == HOSTPROBE_CONNECTED)
			printf("%16s   libvirt %lu.%lu.%lu, %s %lu.%lu.%lu, %u CPUs, "
			    "%s\n", "", r[i].lib_version / 1000000,
			    r[i].lib_version / 1000 % 1000, r[i].lib_version % 1000,
			    r[i].hv_type ? r[i].hv_type : "hypervisor",
			    r[i].hv_version / 1000000, r[i].hv_version / 1000 % 1000,
			    r[i].hv_version % 1000, r[i].cpus,
			    fmt_kib(mem, sizeof mem, r[i].mem_kib));
		else
			printf("%16s   %s\n", "", r[i].reason);
		if (r[i].fingerprint != NULL)
			printf("%16s   host key %s\n", "", r[i].fingerprint);
	}
	if (json)
		printf("%s]\n", hosts->n ? "\n" : "");
	else if (hosts->n == 0) {
		char *path = hostsfile_path();
		printf("No hosts in %s.\n", path);
		free(path);
	}
	hostprobe_free(r, hosts->n);
	for (size_t i = 0; i < hosts->n; i++)
		free(uris[i]);
	free(uris);
	free(r);
	return bad ? 1 : 0;
}

/* The shipped templates, then the installed ones, then the user's. */
static void
main_templates(struct template_set *set, struct diags *d)
{
	char *user = config_dir("templates");
	char *shared = xasprintf("%s/templates", VMDECK_DATADIR);
	const char *dirs[] = { shared, user, NULL };

	template_set_load(set, dirs, d);
	free(user);
	free(shared);
}

/* host-setup: what virt-manager makes for a new host, on each host. */
static int
cmd_host_setup(char *const *uris, size_t n)
{
	int status = 0;

	for (size_t i = 0; i < n; i++) {
		char *err = NULL, *msg = NULL;
		virConnectPtr conn = host_open_uri(uris[i], &err);

		if (conn == NULL) {
			fprintf(stderr, "vmdeck: %s\n", err);
			free(err);
			status = 1;
			continue;
		}
		/* autostart is set again on what is there and running */
		if (hostsetup_make(conn, HOSTSETUP_POOL | HOSTSETUP_NETWORK,
		    &msg) < 0) {
			fprintf(stderr, "vmdeck: %s: %s\n", uris[i], msg);
			status = 1;
		} else
			printf("%s: %s\n", uris[i], msg);
		free(msg);
		virConnectClose(conn);
	}
	return status;
}

static int
cmd_templates(void)
{
	struct template_set set;
	struct diags d = { 0 };

	main_templates(&set, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "vmdeck: warning: %s\n", d.msgs[i]);
	for (size_t i = 0; i < set.n; i++)
		printf("%-20s %s\n", set.t[i].name,
		    set.t[i].description ? set.t[i].description : "");
	diag_clear(&d);
	template_set_free(&set);
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
main_host_accel(const struct hostlist *hosts)
{
	const struct hostdef *h = labels && labels[0] ?
	    hostsfile_find(hosts, labels[0]) : NULL;

	if (h == NULL)
		return VMSPEC_ACCEL_AUTO;
	return h->accel == HOSTDEF_ACCEL_KVM ? VMSPEC_ACCEL_KVM :
	    h->accel == HOSTDEF_ACCEL_TCG ? VMSPEC_ACCEL_TCG : VMSPEC_ACCEL_AUTO;
}

static int
cmd_create(const struct cli *cli, const struct hostlist *hosts)
{
	struct template_set set;
	struct diags d = { 0 };
	const struct template *t;
	struct vmspec spec;
	struct create_opts o = { .start = cli->start,
	    .keep_on_failure = cli->keep_on_failure,
	    .host_accel = main_host_accel(hosts), .progress = clone_print,
	    .say = create_say };
	struct create_result r = { 0 };
	char *err = NULL;
	int status = 1, rc;

	main_templates(&set, &d);
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
		fprintf(stderr, "vmdeck: %s\n", r.accel_note);
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

static int
cmd_clone(const struct cli *cli)
{
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

int
main(int argc, char **argv)
{
	struct cli cli;
	struct config cfg;
	struct diags d = { 0 };
	struct hostlist hosts = { 0 };
	char *err = NULL, *path, *hosts_path;
	int status;

	setlocale(LC_ALL, "");
	if (cli_parse(&cli, argc, argv, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		cli_free(&cli);
		return 2;
	}
	if (cli.help) {
		cli_usage(stdout);
		cli_free(&cli);
		return 0;
	}
	if (cli.version) {
		printf("vmdeck %s\n", VMDECK_VERSION);
		cli_free(&cli);
		return 0;
	}
	if (cli.help_config) {
		config_print_help(stdout);
		cli_free(&cli);
		return 0;
	}
	virterr_install();
	xmlutil_route_errors(NULL);
	config_init(&cfg);
	path = config_path();
	config_load(&cfg, path, &d);
	/* -d and --timeout go through the option table like config lines */
	for (int k = 0; k < 2; k++) {
		const char *v = k == 0 ? cli.delay : cli.timeout;
		char *line;
		struct diags bad = { 0 };

		if (v == NULL)
			continue;
		line = xasprintf("[general]\n%s = %s\n", k == 0 ? "interval" :
		    "connect_timeout", v);
		config_parse(&cfg, k == 0 ? "-d" : "--timeout", line,
		    strlen(line), &bad);
		free(line);
		if (bad.n > 0) {
			fprintf(stderr, "vmdeck: %s\n", bad.msgs[0]);
			diag_clear(&bad);
			diag_clear(&d);
			config_free(&cfg);
			free(path);
			cli_free(&cli);
			return 2;
		}
	}
	host_set_default_timeout((int)(cfg.connect_timeout * 1000));
	hosts_path = hostsfile_path();
	hostsfile_load(hosts_path, &hosts, &d);
	free(hosts_path);
	if (main_pick_uris(&cli, &cfg, &hosts) < 0) {
		hostsfile_clear(&hosts);
		diag_clear(&d);
		config_free(&cfg);
		free(path);
		cli_free(&cli);
		return 2;
	}
	/* subcommands print the settings' problems; the view logs them */
	if (cli.command != CLI_TUI)
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "vmdeck: warning: %s\n", d.msgs[i]);
	switch (cli.command) {
	case CLI_LIST:
		status = cmd_list(cli.uris, cli.nuris, cli.json);
		break;
	case CLI_TEMPLATES:
		status = cmd_templates();
		break;
	case CLI_HOSTS:
		status = cmd_hosts(&hosts, cli.json);
		break;
	case CLI_CREATE:
		if (cli.nuris > 1) {
			fprintf(stderr, "vmdeck: create makes a VM on one host; "
			    "give one -c URI\n");
			status = 2;
			break;
		}
		status = cmd_create(&cli, &hosts);
		break;
	case CLI_CLONE:
		status = cli.nuris > 1 ? 2 : cmd_clone(&cli);
		if (cli.nuris > 1)
			fprintf(stderr, "vmdeck: clone works on one host; give "
			    "one -c URI\n");
		break;
	case CLI_CONSOLE: {
		int esc = console_escape_byte(cfg.escape_key);

		if (cli.nuris > 1) {
			fprintf(stderr, "vmdeck: console attaches to one host; give "
			    "one -c URI\n");
			status = 2;
			break;
		}
		status = console_direct(cli.uris[0], cli.name, cli.force,
		    esc < 0 ? 29 : esc);
		break;
	}
	case CLI_TOP:
		status = top_run(cli.uris, cli.nuris, cfg.interval, cli.once,
		    cli.json, stdout, stderr);
		break;
	case CLI_HOST_SETUP:
		status = cmd_host_setup(cli.uris, cli.nuris);
		break;
	case CLI_SCREENSHOT:
		if (cli.nuris > 1) {
			fprintf(stderr, "vmdeck: screenshot takes one host's VM; "
			    "give one -c URI\n");
			status = 2;
			break;
		}
		status = main_on_vm(cli.uris[0], cli.name, main_screenshot,
		    cli.file);
		break;
	case CLI_ACTION:
		if (cli.nuris > 1) {
			fprintf(stderr, "vmdeck: %s acts on one host; give one "
			    "-c URI\n", cli.word);
			status = 2;
			break;
		}
		status = main_on_vm(cli.uris[0], cli.name, cli.storage ?
		    main_undefine_storage : main_action, cli.word);
		break;
	default: {
		/* the hosts file's entries: for vmdeck's own SSH checks */
		const struct hostdef **defs = xcalloc(cli.nuris + 1,
		    sizeof *defs);

		for (size_t i = 0; i < cli.nuris; i++)
			defs[i] = labels[i] ? hostsfile_find(&hosts, labels[i]) :
			    NULL;
		status = app_run((const char *const *)cli.uris, labels, defs,
		    cli.nuris, &cfg, path, &d);
		free(defs);
		break;
	}
	}
	hostsfile_clear(&hosts);
	free(labels);
	diag_clear(&d);
	config_free(&cfg);
	free(path);
	cli_free(&cli);
	return status;
}
