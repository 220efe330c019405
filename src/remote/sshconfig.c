/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "sshconfig.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/xalloc.h"

#define SSHCONFIG_MAX_BYTES (1 << 20)

bool
sshconfig_match(const char *patterns, const char *host)
{
	char *copy = xstrdup(patterns), *save = NULL, *pat;
	bool yes = false, no = false;

	for (pat = strtok_r(copy, " \t,", &save); pat != NULL;
	    pat = strtok_r(NULL, " \t,", &save)) {
		bool neg = *pat == '!';

		if (fnmatch(neg ? pat + 1 : pat, host, FNM_CASEFOLD) == 0) {
			if (neg)
				no = true;
			else
				yes = true;
		}
	}
	free(copy);
	return yes && !no;
}

/* ~ and the %d, %h, %% tokens of a path. Caller frees. */
static char *
sshconfig_expand(const char *v, const char *home, const char *host)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (f == NULL)
		fatal("out of memory");
	if (v[0] == '~' && (v[1] == '/' || v[1] == '\0')) {
		fputs(home, f);
		v++;
	}
	for (; *v; v++) {
		const char *rep = NULL;

		if (*v == '%')
			rep = v[1] == 'd' ? home : v[1] == 'h' ? host :
			    v[1] == '%' ? "%" : NULL;
		if (rep != NULL) {
			fputs(rep, f);
			v++;
		} else
			fputc(*v, f);
	}
	if (fclose(f) != 0)
		fatal("out of memory");
	return out;
}

/* Split a line into its keyword and value ("Key Value", "Key=Value",
 * quotes around the value). Returns false for blank and comment lines. */
static bool
sshconfig_split(char *line, char **key, char **value)
{
	char *p = line, *end;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0' || *p == '#')
		return false;
	*key = p;
	while (*p && !isspace((unsigned char)*p) && *p != '=')
		p++;
	if (*p != '\0')
		*p++ = '\0';
	while (isspace((unsigned char)*p) || *p == '=')
		p++;
	end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		*--end = '\0';
	if (*p == '"' && end > p + 1 && end[-1] == '"') {
		end[-1] = '\0';
		p++;
	}
	*value = p;
	return true;
}

void
sshconfig_resolve(const char *text, const char *alias, const char *home,
    struct sshconfig_host *out)
{
	char *copy = xstrdup(text), *save = NULL, *line;
	bool applies = true;	/* lines before any Host apply to all */

	memset(out, 0, sizeof *out);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char *key, *value;

		if (!sshconfig_split(line, &key, &value))
			continue;
		if (strcasecmp(key, "Host") == 0) {
			applies = sshconfig_match(value, alias);
			out->matched |= applies;
			continue;
		}
		if (strcasecmp(key, "Match") == 0) {
			applies = false;
			continue;
		}
		if (!applies || *value == '\0')
			continue;
		if (strcasecmp(key, "HostName") == 0 && out->hostname == NULL)
			out->hostname = sshconfig_expand(value, home, alias);
		else if (strcasecmp(key, "User") == 0 && out->user == NULL)
			out->user = xstrdup(value);
		else if (strcasecmp(key, "Port") == 0 && out->port == 0) {
			int port = atoi(value);
			if (port > 0 && port < 65536)
				out->port = port;
		} else if (strcasecmp(key, "IdentityFile") == 0 &&
		    out->identity == NULL)
			out->identity = sshconfig_expand(value, home, alias);
		else if (strcasecmp(key, "UserKnownHostsFile") == 0 &&
		    out->known_hosts == NULL) {
			/* the first of several files */
			char *sp = strpbrk(value, " \t");
			if (sp != NULL)
				*sp = '\0';
			out->known_hosts = sshconfig_expand(value, home, alias);
		}
	}
	free(copy);
}

void
sshconfig_load(const char *path, const char *alias, const char *home,
    struct sshconfig_host *out)
{
	FILE *f = fopen(path, "re");
	char *text;
	size_t n;

	memset(out, 0, sizeof *out);
	if (f == NULL)
		return;
	text = xcalloc(1, SSHCONFIG_MAX_BYTES + 1);
	n = fread(text, 1, SSHCONFIG_MAX_BYTES, f);
	text[n] = '\0';
	fclose(f);
	sshconfig_resolve(text, alias, home, out);
	free(text);
}

void
sshconfig_clear(struct sshconfig_host *out)
{
	free(out->hostname);
	free(out->user);
	free(out->identity);
	free(out->known_hosts);
	memset(out, 0, sizeof *out);
}
