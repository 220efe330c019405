/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "hosturi.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/uri.h>

#include "../util/msglog.h"
#include "../util/xalloc.h"
#include "../remote/sshresolve.h"
#include "../remote/sshtunnel.h"

char *
hosturi_escape(const char *s, const char *keep)
{
	/* libxml2's escaper, as libvirt parses URIs with libxml2: it leaves
	 * RFC 3986's unreserved characters and "!*'()" as they are, and '@'
	 * too (libxml2 2.9 never escapes it), which a user name before the
	 * host's '@' cannot hold: that one is escaped here */
	xmlChar *e = xmlURIEscapeStr((const xmlChar *)s,
	    (const xmlChar *)(keep ? keep : ""));
	size_t at = 0;
	char *out, *o;

	if (e == NULL)
		fatal("out of memory escaping a URI");
	for (const xmlChar *c = e; *c != '\0'; c++)
		at += *c == '@';
	out = o = xcalloc(1, strlen((const char *)e) + 2 * at + 1);
	for (const xmlChar *c = e; *c != '\0'; c++)
		if (*c == '@' && (keep == NULL || strchr(keep, '@') == NULL)) {
			memcpy(o, "%40", 3);
			o += 3;
		} else
			*o++ = (char)*c;
	xmlFree(e);
	return out;
}

bool
hosturi_is_local(const char *uri)
{
	xmlURIPtr u;
	bool local;

	if (uri == NULL)
		return true;	/* libvirt's default: this machine */
	if ((u = xmlParseURI(uri)) == NULL)
		return false;
	local = u->server == NULL || u->server[0] == '\0';
	/* vmdeck's one-login tunnel: qemu+unix:///system?socket=PATH where
	 * PATH is this process's end of an SSH channel to another host */
	if (local && u->query_raw != NULL) {
		char *q = xstrdup(u->query_raw), *save = NULL;

		for (char *kv = strtok_r(q, "&;", &save); kv != NULL;
		    kv = strtok_r(NULL, "&;", &save)) {
			char *path;

			if (strncmp(kv, "socket=", 7) != 0)
				continue;
			path = xmlURIUnescapeString(kv + 7, 0, NULL);
			if (path != NULL && sshtunnel_is_ours(path))
				local = false;
			xmlFree(path);
		}
		free(q);
	}
	xmlFreeURI(u);
	return local;
}

/* "[user@]host[:port]", the host in brackets when it is an IPv6
 * address. Caller frees. */
static char *
hosturi_authority(const char *user, const char *host, int port)
{
	char *u = user ? hosturi_escape(user, NULL) : NULL;
	bool v6 = strchr(host, ':') != NULL;
	char portbuf[16] = "";
	char *a;

	if (port > 0)
		snprintf(portbuf, sizeof portbuf, ":%d", port);
	a = xasprintf("%s%s%s%s%s%s", u ? u : "", u ? "@" : "", v6 ? "[" : "",
	    host, v6 ? "]" : "", portbuf);
	free(u);
	return a;
}

/* Append "&name=value" (value escaped) to the query q. */
static char *
hosturi_param(char *q, const char *name, const char *value)
{
	char *v, *r;

	if (value == NULL)
		return q;
	v = hosturi_escape(value, "/");
	r = xasprintf("%s%s%s=%s", q, *q ? "&" : "", name, v);
	free(v);
	free(q);
	return r;
}

char *
hosturi_build(const struct hostdef *h, const struct hosturi_ssh *cfg,
    const char *home)
{
	char *auth, *q, *uri;

	if (h->uri != NULL)
		return xstrdup(h->uri);
	q = xstrdup("");
	if (h->transport == HOSTDEF_SSH || h->transport == HOSTDEF_VMDECK) {
		/* ssh itself reads the alias's settings (vmdeck: the URI a
		 * headless command opens; the full-screen view carries
		 * libvirt's connection in its own session instead) */
		auth = hosturi_authority(h->user, h->ssh, h->port);
		q = hosturi_param(q, "no_tty", "1");
		q = hosturi_param(q, "keyfile", h->keyfile);
		uri = xasprintf("qemu+ssh://%s/system?%s", auth, q);
	} else {
		const char *host = cfg && cfg->hostname ? cfg->hostname : h->ssh;
		const char *user = h->user ? h->user : cfg ? cfg->user : NULL;
		int port = h->port ? h->port : cfg ? cfg->port : 0;
		const char *key = h->keyfile ? h->keyfile :
		    cfg ? cfg->identity : NULL;
		char *kh = h->known_hosts ? xstrdup(h->known_hosts) :
		    cfg && cfg->known_hosts ? xstrdup(cfg->known_hosts) :
		    xasprintf("%s/.ssh/known_hosts", home);

		auth = hosturi_authority(user, host, port);
		q = hosturi_param(q, "keyfile", key);
		q = hosturi_param(q, "known_hosts", kh);
		free(kh);
		uri = xasprintf("qemu+libssh://%s/system?%s", auth, q);
	}
	free(auth);
	free(q);
	return uri;
}

char *
hosturi_for(const struct hostdef *h)
{
	const char *home = getenv("HOME");
	char *uri, *err = NULL;
	struct hosturi_ssh cfg = { 0 };
	struct sshresolve res = { 0 };
	int rc;

	if (home == NULL)
		home = "";
	if (h->uri != NULL || h->ssh == NULL || h->transport != HOSTDEF_LIBSSH)
		return hosturi_build(h, NULL, home);
	/* libvirt's libssh transport reads no ssh config: the alias resolved
	 * once, as ssh resolves it (ssh -G), the answer vmdeck's session and
	 * key check use too; libssh's own parser only where there is no ssh
	 * binary */
	rc = sshresolve(h->ssh, NULL, h->user, h->port, 5000, &res, &err);
	if (rc == 0 && !res.found)
		rc = sshresolve_libssh(h->ssh, NULL, h->user, h->port, &res,
		    &err);
	if (rc < 0) {
		/* the key check says it too, and stops there */
		msglog_add(MSGLOG_WARN, "host %s: %s", h->name ? h->name :
		    h->ssh, err);
		free(err);
		return hosturi_build(h, NULL, home);
	}
	cfg.hostname = res.hostname;
	cfg.user = res.user;
	cfg.port = res.port;
	/* ssh -G lists the default identities even when absent */
	for (size_t i = 0; i < res.nidentities && cfg.identity == NULL; i++)
		if (access(res.identities[i], R_OK) == 0)
			cfg.identity = res.identities[i];
	cfg.known_hosts = res.nuser_known > 0 ? res.known_hosts[0] : NULL;
	if (res.proxycommand != NULL)
		msglog_add(MSGLOG_WARN, "host %s: ssh reaches it through %s, but "
		    "libvirt's libssh transport connects directly; use "
		    "transport = ssh to go the same way", h->name ? h->name :
		    h->ssh, res.proxyjump ? res.proxyjump : res.proxycommand);
	uri = hosturi_build(h, &cfg, home);
	sshresolve_clear(&res);
	return uri;
}

/* The value of key in a URI query (a=b&c=d), unescaped; NULL if absent.
 * Caller frees. */
static char *
hosturi_query(const char *query, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = query; p != NULL && *p; ) {
		const char *end = strchr(p, '&');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '=') {
			char *raw = xasprintf("%.*s", (int)(len - klen - 1), p + klen + 1);
			char *v = xmlURIUnescapeString(raw, 0, NULL);

			free(raw);
			if (v == NULL)
				return NULL;
			char *copy = xstrdup(v);

			xmlFree(v);
			return copy;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

bool
hosturi_ssh_def(const char *uri, struct hostdef *out)
{
	xmlURIPtr u = xmlParseURI(uri);
	const char *plus;
	bool ok = false;

	if (u == NULL)
		return false;
	plus = u->scheme ? strchr(u->scheme, '+') : NULL;
	if (plus != NULL && (strcmp(plus, "+ssh") == 0 ||
	    strcmp(plus, "+libssh") == 0) && u->server != NULL &&
	    *u->server != '\0') {
		out->ssh = xstrdup(u->server);
		out->user = u->user && *u->user ? xstrdup(u->user) : NULL;
		out->port = u->port > 0 ? u->port : 0;
		out->keyfile = hosturi_query(u->query_raw, "keyfile");
		out->known_hosts = hosturi_query(u->query_raw, "known_hosts");
		out->transport = strcmp(plus, "+ssh") == 0 ? HOSTDEF_SSH :
		    HOSTDEF_LIBSSH;
		ok = true;
	}
	xmlFreeURI(u);
	return ok;
}

bool
hosturi_ssh_target(const struct hostdef *def, const char *uri,
    int timeout_s, struct sshsess_target *t)
{
	struct hostdef u = { 0 };
	const char *home = getenv("HOME");
	bool from_uri = false;

	if (def == NULL || def->ssh == NULL) {
		if (uri == NULL || !hosturi_ssh_def(uri, &u))
			return false;
		def = &u;
		from_uri = true;
	}
	memset(t, 0, sizeof *t);
	t->dest = xstrdup(def->ssh);
	t->user = def->user ? xstrdup(def->user) : NULL;
	t->port = def->port;
	t->keyfile = def->keyfile ? xstrdup(def->keyfile) : NULL;
	t->known_hosts = def->known_hosts ? xstrdup(def->known_hosts) : NULL;
	t->home = xstrdup(home ? home : "");
	t->timeout_s = timeout_s;
	t->ssh_transport = def->transport == HOSTDEF_SSH;
	if (from_uri) {
		free(u.ssh);
		free(u.user);
		free(u.keyfile);
		free(u.known_hosts);
	}
	return true;
}

void
hosturi_target_clear(struct sshsess_target *t)
{
	free((char *)t->dest);
	free((char *)t->user);
	free((char *)t->keyfile);
	free((char *)t->known_hosts);
	free((char *)t->home);
	free((char *)t->ssh_config);
	memset(t, 0, sizeof *t);
}
