/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "hostsfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../util/paths.h"
#include "../util/words.h"
#include "../util/fdio.h"
#include "../util/xalloc.h"
#include "config.h"
#include "inifile.h"

char *
hostsfile_path(void)
{
	return config_dir("hosts");
}

bool
hostsfile_name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("-_.", name[i]))
			return false;
	return true;
}

static void
hostdef_free(struct hostdef *h)
{
	free(h->name);
	free(h->uri);
	free(h->ssh);
	free(h->user);
	free(h->keyfile);
	free(h->known_hosts);
}

void
hostsfile_clear(struct hostlist *list)
{
	for (size_t i = 0; i < list->n; i++)
		hostdef_free(&list->hosts[i]);
	free(list->hosts);
	list->hosts = NULL;
	list->n = 0;
}

const struct hostdef *
hostsfile_find(const struct hostlist *list, const char *name)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->hosts[i].name, name) == 0)
			return &list->hosts[i];
	return NULL;
}

/* The parse in progress: the hosts so far, and the one being read. */
struct hostsfile_parse {
	struct diags *d;
	struct hostlist fresh;		/* read from this file */
	char section[128];
	bool skip;			/* a repeated or bad section */
};

static struct hostdef *
hostsfile_current(struct hostsfile_parse *p)
{
	return p->fresh.n ? &p->fresh.hosts[p->fresh.n - 1] : NULL;
}

static void
hostsfile_handler(void *user, const char *section, const char *name,
    const char *value, const char *file, int line)
{
	struct hostsfile_parse *p = user;
	struct hostdef *h;

	if (*section == '\0') {
		diag_add(p->d, file, line, "'%s' is outside any [host] "
		    "section", name);
		return;
	}
	if (strcmp(section, p->section) != 0) {
		/* a new section: a new host */
		snprintf(p->section, sizeof p->section, "%s", section);
		p->skip = false;
		if (!hostsfile_name_ok(section)) {
			diag_add(p->d, file, line, "[%s]: a host's name is letters, "
			    "digits, '-', '_' and '.' (at most 64); host left out",
			    section);
			p->skip = true;
			return;
		}
		for (size_t i = 0; i < p->fresh.n; i++)
			if (strcmp(p->fresh.hosts[i].name, section) == 0) {
				diag_add(p->d, file, line, "host '%s' is defined "
				    "again (first at line %d); the first is kept",
				    section, p->fresh.hosts[i].line);
				p->skip = true;
				return;
			}
		p->fresh.hosts = xreallocarray(p->fresh.hosts, p->fresh.n + 1,
		    sizeof *p->fresh.hosts);
		h = &p->fresh.hosts[p->fresh.n++];
		memset(h, 0, sizeof *h);
		h->name = xstrdup(section);
		h->autoconnect = true;
		h->line = line;
	}
	if (p->skip)
		return;
	h = hostsfile_current(p);
	if (strcmp(name, "uri") == 0)
		words_set(&h->uri, value);
	else if (strcmp(name, "ssh") == 0)
		words_set(&h->ssh, value);
	else if (strcmp(name, "user") == 0)
		words_set(&h->user, value);
	else if (strcmp(name, "keyfile") == 0)
		words_set(&h->keyfile, value);
	else if (strcmp(name, "known_hosts") == 0)
		words_set(&h->known_hosts, value);
	else if (strcmp(name, "port") == 0) {
		char *end;
		long port = strtol(value, &end, 10);

		if (*value == '\0' || *end != '\0' || port < 1 || port > 65535)
			diag_add(p->d, file, line, "port: '%s' is not a port "
			    "number (1 to 65535)", value);
		else
			h->port = (int)port;
	} else if (strcmp(name, "transport") == 0) {
		if (!strcasecmp(value, "ssh"))
			h->transport = HOSTDEF_SSH;
		else if (!strcasecmp(value, "libssh"))
			h->transport = HOSTDEF_LIBSSH;
		else if (!strcasecmp(value, "vmdeck"))
			h->transport = HOSTDEF_VMDECK;
		else
			diag_add(p->d, file, line, "transport: '%s' is not ssh, "
			    "libssh or vmdeck", value);
	} else if (strcmp(name, "accelerator") == 0) {
		if (!strcasecmp(value, "auto"))
			h->accel = HOSTDEF_ACCEL_AUTO;
		else if (!strcasecmp(value, "kvm"))
			h->accel = HOSTDEF_ACCEL_KVM;
		else if (!strcasecmp(value, "tcg"))
			h->accel = HOSTDEF_ACCEL_TCG;
		else
			diag_add(p->d, file, line, "accelerator: '%s' is not auto, "
			    "kvm or tcg", value);
	} else if (strcmp(name, "connect_timeout") == 0) {
		char *end;
		long secs = strtol(value, &end, 10);

		if (*value == '\0' || *end != '\0' || secs < 1 || secs > 600)
			diag_add(p->d, file, line, "connect_timeout: '%s' is not a "
			    "number of seconds (1 to 600)", value);
		else
			h->connect_timeout = (int)secs;
	} else if (strcmp(name, "autoconnect") == 0) {
		if (!words_bool(value, &h->autoconnect))
			diag_add(p->d, file, line, "autoconnect: '%s' is not yes "
			    "or no", value);
	} else
		diag_add(p->d, file, line, "unknown key '%s' in host '%s' (uri, "
		    "ssh, user, port, keyfile, known_hosts, transport, "
		    "accelerator, connect_timeout, autoconnect)", name,
		    section);
}

void
hostsfile_parse(const char *file, const char *text, size_t len,
    struct hostlist *list, struct diags *d)
{
	struct hostsfile_parse p = { .d = d };

	inifile_parse(file, text, len, hostsfile_handler, &p, d);
	/* keep the hosts that say where they are, and only one way */
	for (size_t i = 0; i < p.fresh.n; i++) {
		struct hostdef *h = &p.fresh.hosts[i];
		const char *why = h->uri == NULL && h->ssh == NULL ?
		    "has neither uri nor ssh" : h->uri != NULL && h->ssh != NULL ?
		    "has both uri and ssh (one of them)" : NULL;

		if (why == NULL && hostsfile_find(list, h->name) != NULL)
			why = "is defined twice";
		/* said, not refused: what the user's ssh cannot be told */
		if (why == NULL && h->ssh != NULL && h->known_hosts != NULL &&
		    h->transport == HOSTDEF_SSH)
			diag_add(d, file, h->line, "host '%s': known_hosts is "
			    "checked by vmdeck, but libvirt's ssh transport runs "
			    "ssh, which reads its own UserKnownHostsFile; a key "
			    "accepted in vmdeck is saved there (set "
			    "UserKnownHostsFile in ~/.ssh/config, or transport = "
			    "libssh, to use %s)", h->name, h->known_hosts);
		if (why != NULL) {
			diag_add(d, file, h->line, "host '%s' %s; left out",
			    h->name, why);
			hostdef_free(h);
			continue;
		}
		list->hosts = xreallocarray(list->hosts, list->n + 1,
		    sizeof *list->hosts);
		list->hosts[list->n++] = *h;
	}
	free(p.fresh.hosts);
}

void
hostsfile_load(const char *path, struct hostlist *list, struct diags *d)
{
	size_t len;
	bool missing = false;
	char *text = inifile_slurp(path, &len, &missing, d);

	if (text == NULL)
		return;
	hostsfile_parse(path, text, len, list, d);
	free(text);
}

/* --- writing ------------------------------------------------------------ */

/* Append s to the growing string *buf (length *n). */
static void
hostsfile_cat(char **buf, size_t *n, const char *s, size_t len)
{
	*buf = xrealloc(*buf, *n + len + 1);
	memcpy(*buf + *n, s, len);
	*n += len;
	(*buf)[*n] = '\0';
}

/* Append "key = value\n" when value is set. */
static void
hostsfile_kv(char **buf, size_t *n, const char *key, const char *value)
{
	char *line;

	if (value == NULL)
		return;
	line = xasprintf("%s = %s\n", key, value);
	hostsfile_cat(buf, n, line, strlen(line));
	free(line);
}

char *
hostsfile_text_add(const char *old, const struct hostdef *h)
{
	static const char *const accel[] = { "auto", "kvm", "tcg" };
	char *buf = NULL, *head, port[16];
	size_t n = 0, olen = old ? strlen(old) : 0;

	hostsfile_cat(&buf, &n, old ? old : "", olen);
	if (olen > 0 && old[olen - 1] != '\n')
		hostsfile_cat(&buf, &n, "\n", 1);
	head = xasprintf("%s[%s]\n", olen > 0 ? "\n" : "", h->name);
	hostsfile_cat(&buf, &n, head, strlen(head));
	free(head);
	hostsfile_kv(&buf, &n, "uri", h->uri);
	hostsfile_kv(&buf, &n, "ssh", h->ssh);
	hostsfile_kv(&buf, &n, "user", h->user);
	snprintf(port, sizeof port, "%d", h->port);
	hostsfile_kv(&buf, &n, "port", h->port > 0 ? port : NULL);
	hostsfile_kv(&buf, &n, "keyfile", h->keyfile);
	hostsfile_kv(&buf, &n, "known_hosts", h->known_hosts);
	hostsfile_kv(&buf, &n, "transport", h->uri != NULL ? NULL :
	    h->transport == HOSTDEF_LIBSSH ? "libssh" :
	    h->transport == HOSTDEF_SSH ? "ssh" : NULL);
	hostsfile_kv(&buf, &n, "accelerator", h->accel != HOSTDEF_ACCEL_AUTO ?
	    accel[h->accel] : NULL);
	snprintf(port, sizeof port, "%d", h->connect_timeout);
	hostsfile_kv(&buf, &n, "connect_timeout", h->connect_timeout > 0 ?
	    port : NULL);
	hostsfile_kv(&buf, &n, "autoconnect", h->autoconnect ? NULL : "no");
	return buf;
}

/* The section name of a "[name]" line (into out), or false. */
static bool
hostsfile_header(const char *line, size_t len, char *out, size_t cap)
{
	size_t i = 0, j;

	while (i < len && isspace((unsigned char)line[i]))
		i++;
	if (i == len || line[i] != '[')
		return false;
	j = i + 1;
	while (j < len && line[j] != ']')
		j++;
	if (j == len || j - i - 1 >= cap)
		return false;
	memcpy(out, line + i + 1, j - i - 1);
	out[j - i - 1] = '\0';
	return true;
}

char *
hostsfile_text_remove(const char *old, const char *name)
{
	char *buf = NULL, *trailer = NULL, sect[128];
	size_t n = 0, ntrailer = 0, blanks = 0;
	const char *p = old ? old : "";
	const char *pending = NULL;	/* blank lines not yet copied */
	bool inside = false, found = false;

	hostsfile_cat(&buf, &n, "", 0);
	hostsfile_cat(&trailer, &ntrailer, "", 0);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
		size_t lead = strspn(p, " \t\r");
		bool blank = lead >= len - (nl ? 1 : 0);
		bool comment = !blank && (p[lead] == ';' || p[lead] == '#');

		if (hostsfile_header(p, len, sect, sizeof sect)) {
			if (strcmp(sect, name) == 0) {
				inside = found = true;
				pending = NULL;	/* its blank lines go too */
				blanks = 0;
			} else if (inside) {
				/* the comments just before the next section
				 * are that section's */
				inside = false;
				hostsfile_cat(&buf, &n, trailer, ntrailer);
			}
			ntrailer = 0;
		}
		if (inside) {
			if (blank || comment)
				hostsfile_cat(&trailer, &ntrailer, p, len);
			else
				ntrailer = 0;
		} else if (blank) {
			if (pending == NULL)
				pending = p;
			blanks += len;
		} else {
			if (pending != NULL)
				hostsfile_cat(&buf, &n, pending, blanks);
			pending = NULL;
			blanks = 0;
			hostsfile_cat(&buf, &n, p, len);
		}
		p += len;
	}
	if (pending != NULL)
		hostsfile_cat(&buf, &n, pending, blanks);
	free(trailer);
	if (!found) {
		free(buf);
		return NULL;
	}
	return buf;
}

int
hostsfile_write(const char *path, const char *text, char **err)
{
	if (paths_mkdir_parents(path) < 0) {
		*err = xasprintf("Could not create the directory of %s: %s",
		    path, strerror(errno));
		return -1;
	}
	return fdio_replace(path, text, strlen(text), err);
}
