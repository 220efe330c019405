/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * complete — `vmdeck --complete CWORD WORD...`, what the bash and zsh
 * completion scripts (completion/) ask on each Tab: the first line says
 * "words" or "files", the candidates follow one a line. The words come
 * from the command line's own tables (cli_complete); host, template and
 * VM names from the hosts file, the templates and the hosts on the line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>

#include "../config/hostsfile.h"
#include "../host/host.h"
#include "../util/diag.h"
#include "../util/xalloc.h"
#include "cli.h"
#include "cmd.h"

/* seconds a host on the line has to list its VMs for a Tab */
#define COMPLETE_TIMEOUT_MS 3000

static void
complete_hosts(const char *cur)
{
	struct hostlist hosts = { 0 };
	struct diags d = { 0 };
	char *path = hostsfile_path();

	hostsfile_load(path, &hosts, &d);
	for (size_t i = 0; i < hosts.n; i++)
		cli_offer(stdout, cur, hosts.hosts[i].name);
	hostsfile_clear(&hosts);
	diag_clear(&d);
	free(path);
}

/* The VM names of the hosts the line names with -c and -H (else the
 * default connection), read-only, each within COMPLETE_TIMEOUT_MS. */
static void
complete_vms(char **words, int nwords, const char *cur)
{
	char **argv = xcalloc((size_t)nwords + 4, sizeof *argv);
	int argc = 0;
	struct cmd_ctx c;

	argv[argc++] = (char *)"vmdeck";
	argv[argc++] = (char *)"list";
	argv[argc++] = (char *)"-r";
	for (int i = 1; i < nwords; i++) {
		const char *w = words[i];

		if ((strcmp(w, "-c") == 0 || strcmp(w, "--connect") == 0 ||
		    strcmp(w, "-H") == 0 || strcmp(w, "--host") == 0) &&
		    i + 1 < nwords && words[i + 1][0] != '\0') {
			argv[argc++] = words[i];
			argv[argc++] = words[++i];
		} else if (strncmp(w, "--connect=", 10) == 0 ||
		    strncmp(w, "--host=", 7) == 0)
			argv[argc++] = words[i];
	}
	if (cmd_start(&c, argc, argv) < 0) {
		host_set_default_timeout(COMPLETE_TIMEOUT_MS);
		for (size_t u = 0; u < c.cli.nuris; u++) {
			char *err = NULL;
			virConnectPtr conn = host_open_uri(c.cli.uris[u], &err);
			virDomainPtr *doms = NULL;
			int n;

			free(err);
			if (conn == NULL)
				continue;
			n = virConnectListAllDomains(conn, &doms, 0);
			for (int k = 0; k < n; k++) {
				cli_offer(stdout, cur, virDomainGetName(doms[k]));
				virDomainFree(doms[k]);
			}
			free(doms);
			virConnectClose(conn);
		}
	}
	cmd_end(&c);
	free(argv);
}

int
cmd_complete(int argc, char **argv)
{
	int cword = argc > 0 ? atoi(argv[0]) : 0;
	char **words = argv + 1;
	int nwords = argc - 1;
	const char *cur = cword >= 0 && cword < nwords ? words[cword] : "";
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	enum cli_complete kind;

	if (mem == NULL)
		fatal("no memory for completions");
	kind = cword > 0 ? cli_complete(cword, words, nwords, mem) :
	    CLI_COMPLETE_NONE;
	fclose(mem);
	printf("%s\n", kind == CLI_COMPLETE_FILES ? "files" : "words");
	fputs(buf, stdout);
	free(buf);
	switch (kind) {
	case CLI_COMPLETE_HOSTS:
		complete_hosts(cur);
		break;
	case CLI_COMPLETE_TEMPLATES:
		cmd_template_names(cur);
		break;
	case CLI_COMPLETE_VMS:
		complete_vms(words, nwords, cur);
		break;
	default:
		break;
	}
	return 0;
}
