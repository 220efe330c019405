/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "sshresolve.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libssh/libssh.h>

#include "../util/proc.h"
#include "../util/xalloc.h"

/* The home directory ssh uses: the password database's, not $HOME. */
static const char *
sshresolve_home(void)
{
	struct passwd *pw = getpwuid(getuid());

	return pw != NULL && pw->pw_dir != NULL ? pw->pw_dir : "/";
}

/* An IdentityFile as ssh expands it: ~, %d, %u, %r, %h, %p, %n, %%;
 * any other %x is left as it is. Caller frees. */
static char *
sshresolve_expand(const char *v, const struct sshresolve *r)
{
	struct passwd *pw = getpwuid(getuid());
	const char *home = sshresolve_home();
	char *out = xstrdup(""), *next;

	if (v[0] == '~' && v[1] == '/') {
		free(out);
		out = xstrdup(home);
		v++;
	}
	for (; *v; v++) {
		char one[3] = { *v, '\0', '\0' }, port[16];
		const char *add = one;

		if (*v == '%' && v[1] != '\0') {
			v++;
			snprintf(port, sizeof port, "%d", r->port);
			switch (*v) {
			case 'd': add = home; break;
			case 'u': add = pw && pw->pw_name ? pw->pw_name : ""; break;
			case 'r': add = r->user ? r->user : ""; break;
			case 'h': add = r->hostname ? r->hostname : ""; break;
			case 'p': add = port; break;
			case 'n': add = r->alias ? r->alias : ""; break;
			case '%': add = "%"; break;
			/* one ssh does not know: kept as written */
			default: one[0] = '%'; one[1] = *v; break;
			}
		}
		next = xasprintf("%s%s", out, add);
		free(out);
		out = next;
	}
	return out;
}

static void
sshresolve_push(char ***list, size_t *n, char *s)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = s;
}

/* Each space-separated file of value, "none" left out. */
static void
sshresolve_files(struct sshresolve *out, const char *value)
{
	char *copy = xstrdup(value), *save = NULL;

	for (char *w = strtok_r(copy, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save))
		if (strcmp(w, "none") != 0)
			sshresolve_push(&out->known_hosts, &out->nknown,
			    xstrdup(w));
	free(copy);
}

/* A value ssh -G prints once: the first kept should a line come again
 * (ssh's own rule for its configuration). */
static void
sshresolve_once(char **field, const char *v)
{
	if (*field == NULL)
		*field = xstrdup(v);
}

void
sshresolve_parse(const char *text, const char *alias, struct sshresolve *out)
{
	char *copy = xstrdup(text), *save = NULL, *global = NULL;
	char **idents = NULL;
	size_t nidents = 0;

	memset(out, 0, sizeof *out);
	out->found = true;
	out->alias = xstrdup(alias);
	out->port = 22;
	for (char *l = strtok_r(copy, "\n", &save); l != NULL;
	    l = strtok_r(NULL, "\n", &save)) {
		char *v = strchr(l, ' ');

		if (v == NULL)
			continue;
		*v++ = '\0';
		if (strcmp(l, "hostname") == 0)
			sshresolve_once(&out->hostname, v);
		else if (strcmp(l, "user") == 0)
			sshresolve_once(&out->user, v);
		else if (strcmp(l, "port") == 0)
			out->port = atoi(v);
		else if (strcmp(l, "identityfile") == 0)
			sshresolve_push(&idents, &nidents, xstrdup(v));
		else if (strcmp(l, "userknownhostsfile") == 0) {
			sshresolve_files(out, v);
			out->nuser_known = out->nknown;
		} else if (strcmp(l, "globalknownhostsfile") == 0) {
			free(global);
			global = xstrdup(v);
		} else if (strcmp(l, "hostkeyalias") == 0)
			sshresolve_once(&out->hostkeyalias, v);
		else if (strcmp(l, "proxycommand") == 0 &&
		    strcmp(v, "none") != 0)
			sshresolve_once(&out->proxycommand, v);
		else if (strcmp(l, "proxyjump") == 0 && strcmp(v, "none") != 0)
			sshresolve_once(&out->proxyjump, v);
		else if (strcmp(l, "revokedhostkeys") == 0)
			sshresolve_once(&out->revoked, v);
		else if (strcmp(l, "connecttimeout") == 0)
			out->connect_timeout = atoi(v);
		else if (strcmp(l, "hostkeyalgorithms") == 0)
			sshresolve_once(&out->hostkeyalgorithms, v);
		else if (strcmp(l, "batchmode") == 0)
			out->batch = strcmp(v, "yes") == 0;
	}
	if (global != NULL)
		sshresolve_files(out, global);
	free(global);
	if (out->hostname == NULL)
		out->hostname = xstrdup(alias);
	/* identity files name %r and %h: expanded once all is read */
	for (size_t i = 0; i < nidents; i++) {
		sshresolve_push(&out->identities, &out->nidentities,
		    sshresolve_expand(idents[i], out));
		free(idents[i]);
	}
	free(idents);
	if (out->proxyjump != NULL && out->proxycommand == NULL) {
		/* as ssh runs a jump: the last hop is reached with -W, the
		 * hops before it with -J */
		char *last = strrchr(out->proxyjump, ',');

		if (last == NULL)
			out->proxycommand = xasprintf("ssh -T -W '[%%h]:%%p' "
			    "-- '%s'", out->proxyjump);
		else
			out->proxycommand = xasprintf("ssh -T -J '%.*s' -W "
			    "'[%%h]:%%p' -- '%s'", (int)(last - out->proxyjump),
			    out->proxyjump, last + 1);
	}
	free(copy);
}

int
sshresolve(const char *dest, const char *config, const char *user, int port,
    int timeout_ms, struct sshresolve *out, char **err)
{
	const char *argv[12];
	char portbuf[16], *text = NULL, *etext = NULL;
	int n = 0, rc;

	memset(out, 0, sizeof *out);
	if (dest[0] == '-') {
		*err = xasprintf("'%s' is not a host name or ssh alias.", dest);
		return -1;
	}
	argv[n++] = "ssh";
	argv[n++] = "-G";
	if (config != NULL) {
		argv[n++] = "-F";
		argv[n++] = config;
	}
	if (user != NULL) {
		argv[n++] = "-l";
		argv[n++] = user;
	}
	if (port > 0) {
		snprintf(portbuf, sizeof portbuf, "%d", port);
		argv[n++] = "-p";
		argv[n++] = portbuf;
	}
	argv[n++] = "--";
	argv[n++] = dest;
	argv[n] = NULL;
	rc = proc_run(argv, NULL, timeout_ms, &text, &etext);
	if (rc == 127) {
		free(text);
		free(etext);
		return 0;		/* no ssh: the caller falls back */
	}
	if (rc != 0) {
		char *nl = etext ? strchr(etext, '\n') : NULL;

		if (nl != NULL)
			*nl = '\0';
		*err = rc < 0 ? xasprintf("ssh -G %s gave no answer within "
		    "%d s.", dest, timeout_ms / 1000) :
		    xasprintf("ssh cannot resolve '%s': %s", dest,
		    etext && *etext ? etext : "no reason given");
		free(text);
		free(etext);
		return -1;
	}
	sshresolve_parse(text, dest, out);
	free(text);
	free(etext);
	return 0;
}

/* A path libssh hands back from its config: "~/" is the home directory
 * and "%d" libssh's ssh directory (~/.ssh, where OpenSSH's %d is the home
 * itself). Caller frees. */
static char *
sshresolve_libssh_path(const char *v)
{
	const char *home = sshresolve_home();

	if (v[0] == '~' && v[1] == '/')
		return xasprintf("%s%s", home, v + 1);
	if (strncmp(v, "%d/", 3) == 0)
		return xasprintf("%s/.ssh%s", home, v + 2);
	return xstrdup(v);
}

int
sshresolve_libssh(const char *dest, const char *config, const char *user,
    int port, struct sshresolve *out, char **err)
{
	ssh_session s = ssh_new();
	char *v = NULL;
	unsigned int p = 22;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		fatal("libssh cannot make a session");
	if (ssh_options_set(s, SSH_OPTIONS_HOST, dest) < 0 ||
	    ssh_options_parse_config(s, config) < 0) {
		*err = xasprintf("libssh could not read the ssh configuration "
		    "for '%s': %s", dest, ssh_get_error(s));
		ssh_free(s);
		return -1;
	}
	out->found = true;
	out->from_libssh = true;
	out->alias = xstrdup(dest);
	if (ssh_options_get(s, SSH_OPTIONS_HOST, &v) == SSH_OK) {
		out->hostname = xstrdup(v);
		ssh_string_free_char(v);
	} else
		out->hostname = xstrdup(dest);
	if (user != NULL)
		out->user = xstrdup(user);
	else if (ssh_options_get(s, SSH_OPTIONS_USER, &v) == SSH_OK) {
		out->user = xstrdup(v);
		ssh_string_free_char(v);
	}
	ssh_options_get_port(s, &p);
	out->port = port > 0 ? port : (int)p;
	if (ssh_options_get(s, SSH_OPTIONS_IDENTITY, &v) == SSH_OK) {
		sshresolve_push(&out->identities, &out->nidentities,
		    sshresolve_libssh_path(v));
		ssh_string_free_char(v);
	}
	if (ssh_options_get(s, SSH_OPTIONS_KNOWNHOSTS, &v) == SSH_OK) {
		sshresolve_push(&out->known_hosts, &out->nknown,
		    sshresolve_libssh_path(v));
		out->nuser_known = 1;
		ssh_string_free_char(v);
	}
	if (ssh_options_get(s, SSH_OPTIONS_PROXYCOMMAND, &v) == SSH_OK) {
		out->proxycommand = xstrdup(v);
		ssh_string_free_char(v);
	}
	ssh_free(s);
	return 0;
}

void
sshresolve_clear(struct sshresolve *out)
{
	for (size_t i = 0; i < out->nidentities; i++)
		free(out->identities[i]);
	free(out->identities);
	for (size_t i = 0; i < out->nknown; i++)
		free(out->known_hosts[i]);
	free(out->known_hosts);
	free(out->hostname);
	free(out->user);
	free(out->alias);
	free(out->hostkeyalias);
	free(out->proxycommand);
	free(out->proxyjump);
	free(out->revoked);
	free(out->hostkeyalgorithms);
	memset(out, 0, sizeof *out);
}
