#include "hosturi.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"

char *
hosturi_escape(const char *s, const char *keep)
{
	char *out = xcalloc(1, strlen(s) * 3 + 1), *o = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c) || (keep && strchr(keep, c)))
			*o++ = (char)c;
		else
			o += sprintf(o, "%%%02X", c);
	}
	return out;
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
hosturi_build(const struct hostdef *h, const struct sshconfig_host *cfg,
    const char *home)
{
	char *auth, *q, *uri;

	if (h->uri != NULL)
		return xstrdup(h->uri);
	q = xstrdup("");
	if (h->transport == HOSTDEF_SSH) {
		/* ssh itself reads the alias's settings */
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
	char *ssh_config, *uri;
	struct sshconfig_host cfg;

	if (home == NULL)
		home = "";
	ssh_config = xasprintf("%s/.ssh/config", home);
	sshconfig_load(ssh_config, h->ssh ? h->ssh : "", home, &cfg);
	uri = hosturi_build(h, &cfg, home);
	sshconfig_clear(&cfg);
	free(ssh_config);
	return uri;
}
