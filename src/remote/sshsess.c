/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "sshsess.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../util/fdio.h"
#include "../util/xalloc.h"
#include "knownhosts.h"
#include "sshresolve.h"

#define SSHSESS_SYSTEM_KNOWN_HOSTS "/etc/ssh/ssh_known_hosts"
/* known_hosts files looked at, at most */
#define SSHSESS_MAX_FILES 16
/* host key algorithms libssh offers, after those known for the host */
#define SSHSESS_HOSTKEYS "ssh-ed25519,ecdsa-sha2-nistp521,ecdsa-sha2-nistp384," \
    "ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256"

/* One question about an unknown key at a time: a host waiting here looks
 * again once the one before is answered (both may be the same machine
 * under two names). Known keys never take it. */
static pthread_mutex_t sshsess_ask_lock = PTHREAD_MUTEX_INITIALIZER;

/* What the passphrase callback needs. */
struct sshsess_auth {
	ssh_session s;
	const char *name;
	sshsess_ask_fn *ask;
	void *ctx;
	bool asked_no;		/* the user declined: ask no more */
	bool asked_yes;		/* a passphrase was typed */
};

/* One forwarded connection: a channel and the local socket that stands
 * for it. */
struct sshsess_fwd {
	ssh_channel ch;
	int fd;			/* our end of the socket pair */
};

/* A request to open one, waited for by the asking thread. */
struct sshsess_req {
	const char *host;	/* NULL with a path: a UNIX socket there */
	const char *path;
	int port;
	int fd;			/* the asker's end, or -1 */
	int give;		/* the asker's socket to carry, or -1 */
	char *err;
	bool done;
	struct sshsess_req *next;
};

struct sshsess {
	ssh_session s;
	char *fingerprint;
	char *dest;		/* for messages */
	struct sshresolve res;	/* the destination as ssh resolves it */
	/* libssh keeps pointers to these for the session's life */
	struct sshsess_auth auth;
	struct ssh_callbacks_struct cb;

	/* forwarding: once the first channel is asked for, the pump thread
	 * alone uses the session */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool pumping, stop;
	pthread_t pump;
	int wake[2];
	struct sshsess_req *reqs;	/* waiting to be opened */
	struct sshsess_fwd *fwds;	/* the pump's own */
	size_t nfwds;
	atomic_size_t open_fwds;	/* nfwds, for other threads */
};


const char *
sshsess_result_name(enum sshsess_result r)
{
	static const char *const names[] = {
		[SSHSESS_OK] = "connected",
		[SSHSESS_UNREACHABLE] = "unreachable",
		[SSHSESS_KEY_UNKNOWN] = "host key unknown",
		[SSHSESS_KEY_CHANGED] = "host key changed",
		[SSHSESS_KEY_REVOKED] = "host key revoked",
		[SSHSESS_AUTH_FAILED] = "auth failed",
		[SSHSESS_ERROR] = "error",
	};

	return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "?";
}

/* libssh's string option, or a copy of fallback. Caller frees. */
static char *
sshsess_option(ssh_session s, enum ssh_options_e opt, const char *fallback)
{
	char *v = NULL, *copy;

	if (ssh_options_get(s, opt, &v) != SSH_OK || v == NULL)
		return fallback ? xstrdup(fallback) : NULL;
	copy = xstrdup(v);
	ssh_string_free_char(v);
	return copy;
}

/* libssh asks for a key's passphrase (on the worker thread). */
static int
sshsess_passphrase_cb(const char *prompt, char *buf, size_t len, int echo,
    int verify, void *userdata)
{
	struct sshsess_auth *a = userdata;
	char *key = NULL, *q;
	bool yes;

	(void)prompt;
	(void)echo;
	(void)verify;
	if (a->ask == NULL || a->asked_no)
		return -1;
	if (ssh_userauth_publickey_auto_get_current_identity(a->s, &key) !=
	    SSH_OK)
		key = NULL;
	q = xasprintf("The key %s is protected by a passphrase.\n"
	    "Passphrase (to log in to %s):", key ? key : "(unnamed)", a->name);
	ssh_string_free_char(key);
	yes = a->ask(a->ctx, SSHSESS_ASK_SECRET, "SSH key passphrase", q, buf,
	    len);
	free(q);
	if (!yes) {
		a->asked_no = true;
		return -1;
	}
	a->asked_yes = true;
	return 0;
}

bool
sshsess_asked_passphrase(const struct sshsess *s)
{
	return s != NULL && s->auth.asked_yes;
}

/* Whether the known_hosts file at path already hashes its names. */
static bool
sshsess_file_hashes(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[64];
	bool hashed = false;

	if (f == NULL)
		return false;
	while (!hashed && fgets(line, sizeof line, f) != NULL)
		hashed = strncmp(line, "|1|", 3) == 0;
	fclose(f);
	return hashed;
}

/* The greatest verdict of the files, and the file and line behind it. */
static enum knownhosts_verdict
sshsess_verdict(char *const *files, int nfiles, const char *name,
    const char *type, const char *blob, char **hit, int *hit_line)
{
	enum knownhosts_verdict v = KNOWNHOSTS_UNKNOWN;

	for (int i = 0; i < nfiles; i++) {
		int line;
		enum knownhosts_verdict fv = knownhosts_check_file(files[i],
		    name, type, blob, &line);

		if (fv > v) {
			v = fv;
			*hit = files[i];
			*hit_line = line;
		}
	}
	return v;
}

/* The verdict as ssh reaches it: the files for name; then, for a key
 * unknown on a non-standard port with no HostKeyAlias, the same key known
 * for the bare host name serves ("matching key without port"). */
static enum knownhosts_verdict
sshsess_decide(const struct sshsess *ss, char *const *files, int nfiles,
    const char *host, unsigned port, const char *name, const char *type,
    const char *blob, char **hit, int *hit_line)
{
	enum knownhosts_verdict v = sshsess_verdict(files, nfiles, name, type,
	    blob, hit, hit_line);

	if (v == KNOWNHOSTS_UNKNOWN && port != 22 &&
	    ss->res.hostkeyalias == NULL) {
		char *bare = knownhosts_name(host, 0), *h2 = NULL;
		int l2 = 0;

		if (sshsess_verdict(files, nfiles, bare, type, blob, &h2,
		    &l2) == KNOWNHOSTS_KNOWN) {
			v = KNOWNHOSTS_KNOWN;
			*hit = h2;
			*hit_line = l2;
		}
		free(bare);
	}
	return v;
}

/* Offer first the host key types known for the host, as ssh orders
 * them, so a host known by its RSA key is not met with its ed25519 one
 * (which ssh would never have been shown, and vmdeck would refuse). */
static void
sshsess_prefer_known(struct sshsess *ss, const struct sshsess_target *t)
{
	char *list = NULL, *name, *bare, *all;
	const char *host = ss->res.found ? ss->res.hostname : t->dest;
	int port = ss->res.found ? ss->res.port : t->port;
	size_t nfiles = ss->res.nknown;

	if (!ss->res.found)
		return;
	name = ss->res.hostkeyalias ? xstrdup(ss->res.hostkeyalias) :
	    knownhosts_name(host, port);
	bare = knownhosts_name(host, 0);
	for (size_t i = 0; i <= nfiles; i++) {
		const char *path = i < nfiles ? ss->res.known_hosts[i] :
		    t->known_hosts;
		char *text;
		size_t len;

		if (path == NULL || knownhosts_read(path, &text, &len) != 0)
			continue;
		knownhosts_types(text, len, name, &list);
		if (strcmp(name, bare) != 0 && ss->res.hostkeyalias == NULL)
			knownhosts_types(text, len, bare, &list);
		free(text);
	}
	if (ss->res.hostkeyalgorithms != NULL &&
	    strstr(ss->res.hostkeyalgorithms, "-cert-v01@") == NULL) {
		/* a list the user set (ssh -G prints its own default with
		 * certificate types first; that one is not taken as given) */
		ssh_options_set(ss->s, SSH_OPTIONS_HOSTKEYS,
		    ss->res.hostkeyalgorithms);
	} else if (list != NULL) {
		all = xasprintf("%s,%s", list, SSHSESS_HOSTKEYS);
		ssh_options_set(ss->s, SSH_OPTIONS_HOSTKEYS, all);
		free(all);
	}
	free(list);
	free(name);
	free(bare);
}

/* Check the server's key; ask about an unknown one. */
static enum sshsess_result
sshsess_check_key(struct sshsess *ss, const struct sshsess_target *t,
    sshsess_ask_fn *ask, void *ctx, char **err)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *blob = NULL, *host, *name, *files[SSHSESS_MAX_FILES];
	char *hit = NULL, *fp;
	const char *type;
	unsigned int port = 22;
	enum knownhosts_verdict v = KNOWNHOSTS_UNKNOWN;
	enum sshsess_result r = SSHSESS_OK;
	int hit_line = 0, nfiles = 0, nuser = 0;
	bool locked = false;

	if (ssh_get_server_publickey(ss->s, &key) != SSH_OK ||
	    ssh_pki_export_pubkey_base64(key, &blob) != SSH_OK ||
	    ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
	    &hlen) != SSH_OK) {
		*err = xasprintf("%s: cannot read the host key: %s", t->dest,
		    ssh_get_error(ss->s));
		ssh_key_free(key);
		free(blob);
		return SSHSESS_ERROR;
	}
	fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, hlen);
	ss->fingerprint = xstrdup(fp ? fp : "SHA256:?");
	ssh_string_free_char(fp);
	ssh_clean_pubkey_hash(&hash);
	type = ssh_key_type_to_char(ssh_key_type(key));
	host = sshsess_option(ss->s, SSH_OPTIONS_HOST, t->dest);
	ssh_options_get_port(ss->s, &port);
	name = knownhosts_name(host, (int)port);

	/* the hosts file's, then ssh's own files: the greatest verdict */
	if (t->known_hosts != NULL)
		files[nfiles++] = xstrdup(t->known_hosts);
	if (ss->res.found) {
		for (size_t i = 0; i < ss->res.nknown && nfiles < SSHSESS_MAX_FILES;
		    i++)
			files[nfiles++] = xstrdup(ss->res.known_hosts[i]);
		nuser = t->known_hosts != NULL ? 1 + ss->res.nuser_known :
		    ss->res.nuser_known;
		if (ss->res.hostkeyalias != NULL) {
			free(name);
			name = xstrdup(ss->res.hostkeyalias);
		}
	} else {
		files[nfiles] = sshsess_option(ss->s, SSH_OPTIONS_KNOWNHOSTS,
		    NULL);
		if (files[nfiles] == NULL)
			files[nfiles] = xasprintf("%s/.ssh/known_hosts",
			    t->home);
		nfiles++;
		nuser = nfiles;
		files[nfiles++] = sshsess_option(ss->s,
		    SSH_OPTIONS_GLOBAL_KNOWNHOSTS, SSHSESS_SYSTEM_KNOWN_HOSTS);
	}
	v = sshsess_decide(ss, files, nfiles, host, port, name, type, blob,
	    &hit, &hit_line);
	if (v == KNOWNHOSTS_UNKNOWN) {
		pthread_mutex_lock(&sshsess_ask_lock);
		locked = true;
		v = sshsess_decide(ss, files, nfiles, host, port, name, type,
		    blob, &hit, &hit_line);
	}
	if (v != KNOWNHOSTS_REVOKED && ss->res.revoked != NULL) {
		char *rerr = NULL;
		int rline = 0;
		int rv = knownhosts_revoked_file(ss->res.revoked, type, blob,
		    &rline, &rerr);

		if (rv != 0) {
			*err = rv > 0 ? xasprintf("The host key of %s (%s %s) is "
			    "listed in RevokedHostKeys %s:%d; vmdeck refuses "
			    "it.", name, type, ss->fingerprint, ss->res.revoked,
			    rline) : xasprintf("%s: %s", name, rerr);
			free(rerr);
			r = SSHSESS_KEY_REVOKED;
			goto out;
		}
	}

	switch (v) {
	case KNOWNHOSTS_KNOWN:
		break;
	case KNOWNHOSTS_REVOKED:
		*err = xasprintf("The host key of %s (%s %s) is marked @revoked "
		    "in %s:%d; vmdeck refuses it.", name, type, ss->fingerprint,
		    hit, hit_line);
		r = SSHSESS_KEY_REVOKED;
		break;
	case KNOWNHOSTS_OTHER:
	case KNOWNHOSTS_CHANGED:
		*err = xasprintf("The host key of %s has CHANGED: it now offers "
		    "%s %s, and %s:%d holds another%s. Someone may be "
		    "intercepting the connection; vmdeck refuses it. If the "
		    "host was reinstalled, remove the old key "
		    "(ssh-keygen -R '%s' -f %s) and retry.", name, type,
		    ss->fingerprint, hit, hit_line,
		    v == KNOWNHOSTS_OTHER ? " of another type" : "", name, hit);
		r = SSHSESS_KEY_CHANGED;
		break;
	case KNOWNHOSTS_UNKNOWN: {
		/* the user's ssh (libvirt's transport) reads ssh's own file,
		 * not the hosts file's known_hosts: the key goes there */
		const char *dest = nuser == 0 ? NULL : t->ssh_transport &&
		    t->known_hosts != NULL && nuser > 1 ? files[1] : files[0];
		char *q = xasprintf("The authenticity of host %s (port %u) "
		    "cannot be established.\n%s key fingerprint is %s\n"
		    "Type yes to accept it and add it to %s:", host, port, type,
		    ss->fingerprint, dest ? dest : "(no file: "
		    "UserKnownHostsFile none)");
		bool yes = dest != NULL && ask != NULL && ask(ctx,
		    SSHSESS_ASK_CONFIRM,
		    "Unknown host key", q, NULL, 0);

		free(q);
		if (!yes) {
			*err = xasprintf("The host key of %s is not known (%s %s) "
			    "and was not accepted%s.", name, type,
			    ss->fingerprint, ask ? "" :
			    "; vmdeck asks about it when it connects in the "
			    "full-screen view");
			r = SSHSESS_KEY_UNKNOWN;
			break;
		}
		unsigned char salt[KNOWNHOSTS_SALT_LEN];
		bool hashed = sshsess_file_hashes(dest) &&
		    getrandom(salt, sizeof salt, 0) == (ssize_t)sizeof salt;
		char *line = knownhosts_line(name, type, blob,
		    hashed ? salt : NULL), *werr = NULL;

		if (knownhosts_append(dest, line, &werr) < 0) {
			*err = xasprintf("The host key of %s was accepted but not "
			    "saved: %s", name, werr);
			free(werr);
			r = SSHSESS_ERROR;
		}
		free(line);
		break;
	}
	}
out:
	if (locked)
		pthread_mutex_unlock(&sshsess_ask_lock);
	for (int i = 0; i < nfiles; i++)
		free(files[i]);
	free(name);
	free(host);
	ssh_string_free_char(blob);
	ssh_key_free(key);
	return r;
}

enum sshsess_result
sshsess_open(const struct sshsess_target *t, sshsess_ask_fn *ask, void *ctx,
    struct sshsess **out, char **err)
{
	struct sshsess *ss = xcalloc(1, sizeof *ss);
	char *dir = xasprintf("%s/.ssh", t->home);
	long timeout = t->timeout_s > 0 ? t->timeout_s : 10;
	int quiet = SSH_LOG_NOLOG, rc;
	enum sshsess_result r;

	*out = NULL;
	pthread_mutex_init(&ss->lock, NULL);
	pthread_cond_init(&ss->cond, NULL);
	ss->dest = xstrdup(t->dest);
	ss->s = ssh_new();
	if (ss->s == NULL)
		fatal("out of memory");
	ss->auth.s = ss->s;
	ss->auth.ask = ask;
	ss->auth.ctx = ctx;
	ss->auth.name = t->dest;
	ss->cb.userdata = &ss->auth;
	ss->cb.auth_function = sshsess_passphrase_cb;
	ssh_options_set(ss->s, SSH_OPTIONS_LOG_VERBOSITY, &quiet);
	ssh_options_set(ss->s, SSH_OPTIONS_SSH_DIR, dir);
	free(dir);
	if (sshresolve(t->dest, t->ssh_config, t->user, t->port,
	    (int)timeout * 1000, &ss->res, err) < 0) {
		sshsess_close(ss);
		return SSHSESS_ERROR;
	}
	if (ssh_options_set(ss->s, SSH_OPTIONS_HOST, ss->res.found ?
	    ss->res.hostname : t->dest) < 0) {
		*err = xasprintf("'%s' is not a host name or ssh alias.",
		    t->dest);
		sshsess_close(ss);
		return SSHSESS_ERROR;
	}
	if (ss->res.found) {
		/* ssh's answer, all of it: no second reading of the config */
		unsigned int port = (unsigned int)ss->res.port;

		if (ss->res.user != NULL)
			ssh_options_set(ss->s, SSH_OPTIONS_USER, ss->res.user);
		ssh_options_set(ss->s, SSH_OPTIONS_PORT, &port);
		if (t->keyfile != NULL)
			ssh_options_set(ss->s, SSH_OPTIONS_IDENTITY,
			    t->keyfile);
		for (size_t i = 0; i < ss->res.nidentities; i++)
			ssh_options_set(ss->s, SSH_OPTIONS_ADD_IDENTITY,
			    ss->res.identities[i]);
		if (ss->res.proxycommand != NULL)
			ssh_options_set(ss->s, SSH_OPTIONS_PROXYCOMMAND,
			    ss->res.proxycommand);
		if (ss->res.connect_timeout > 0 &&
		    ss->res.connect_timeout < timeout)
			timeout = ss->res.connect_timeout;
	} else {
		/* no ssh binary: libssh's parser, which knows less (the
		 * URI is built from the same parser: sshresolve_libssh) */
		ssh_options_parse_config(ss->s, t->ssh_config);
		if (t->user != NULL)
			ssh_options_set(ss->s, SSH_OPTIONS_USER, t->user);
		if (t->port > 0) {
			unsigned int port = (unsigned int)t->port;

			ssh_options_set(ss->s, SSH_OPTIONS_PORT, &port);
		}
		if (t->keyfile != NULL)
			ssh_options_set(ss->s, SSH_OPTIONS_IDENTITY,
			    t->keyfile);
	}
	if (t->known_hosts != NULL)
		ssh_options_set(ss->s, SSH_OPTIONS_KNOWNHOSTS, t->known_hosts);
	sshsess_prefer_known(ss, t);
	ssh_options_set(ss->s, SSH_OPTIONS_TIMEOUT, &timeout);
	ssh_callbacks_init(&ss->cb);
	ssh_set_callbacks(ss->s, &ss->cb);

	if (ssh_connect(ss->s) != SSH_OK) {
		const char *why = ssh_get_error(ss->s);

		/* a server that takes the connection and never speaks, or a
		 * SYN never answered */
		if (strstr(why, "Timeout") != NULL ||
		    strstr(why, "timeout") != NULL)
			*err = xasprintf("%s: no answer after %ld s (%s)",
			    t->dest, timeout, why);
		else
			*err = xasprintf("%s: no SSH server answered: %s",
			    t->dest, why);
		sshsess_close(ss);
		return SSHSESS_UNREACHABLE;
	}
	r = sshsess_check_key(ss, t, ask, ctx, err);
	if (r != SSHSESS_OK) {
		sshsess_close(ss);
		return r;
	}
	rc = ssh_userauth_none(ss->s, NULL);
	if (rc != SSH_AUTH_SUCCESS && rc != SSH_AUTH_ERROR)
		rc = ssh_userauth_publickey_auto(ss->s, NULL, NULL);
	if (rc != SSH_AUTH_SUCCESS) {
		char *user = sshsess_option(ss->s, SSH_OPTIONS_USER, "?");

		*err = xasprintf("SSH login to %s as %s failed: %s", t->dest,
		    user, rc == SSH_AUTH_ERROR ? ssh_get_error(ss->s) :
		    ss->auth.asked_no ? "no passphrase was given" :
		    "the server took none of the agent's keys or the keys in "
		    "~/.ssh");
		free(user);
		sshsess_close(ss);
		return SSHSESS_AUTH_FAILED;
	}
	/* the asker's context may not outlive this call: ask no more */
	ss->auth.ask = NULL;
	ss->auth.name = NULL;
	*out = ss;
	return SSHSESS_OK;
}

const char *
sshsess_fingerprint(const struct sshsess *s)
{
	return s->fingerprint ? s->fingerprint : "";
}

/* Wake the pump thread. A full pipe wakes it as well; and it looks at
 * its requests every 100 ms anyway. */
static void
sshsess_poke(struct sshsess *s)
{
	ssize_t n = write(s->wake[1], "", 1);

	(void)n;
}

void
sshsess_close(struct sshsess *s)
{
	if (s == NULL)
		return;
	if (s->pumping) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_mutex_unlock(&s->lock);
		sshsess_poke(s);
		pthread_join(s->pump, NULL);
		close(s->wake[0]);
		close(s->wake[1]);
	}
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->cond);
	free(s->dest);
	sshresolve_clear(&s->res);
	if (s->s != NULL) {
		ssh_disconnect(s->s);
		ssh_free(s->s);
	}
	free(s->fingerprint);
	free(s);
}

/* --- forwarding ---------------------------------------------------------- */

/* Open the channel a request asks for (on the pump thread). */
static void
sshsess_open_fwd(struct sshsess *ss, struct sshsess_req *r)
{
	ssh_channel ch = ssh_channel_new(ss->s);
	int sv[2], rc;

	if (ch == NULL) {
		r->err = xasprintf("%s: no SSH channel: %s", ss->dest,
		    ssh_get_error(ss->s));
		return;
	}
	rc = r->path != NULL ?
	    ssh_channel_open_forward_unix(ch, r->path, "127.0.0.1", 0) :
	    ssh_channel_open_forward(ch, r->host, r->port, "127.0.0.1", 0);
	if (rc != SSH_OK) {
		if (r->path != NULL)
			r->err = xasprintf("%s refused a connection to %s over "
			    "SSH: %s", ss->dest, r->path, ssh_get_error(ss->s));
		else
			r->err = xasprintf("%s refused a connection to %s:%d "
			    "over SSH: %s", ss->dest, r->host, r->port,
			    ssh_get_error(ss->s));
		ssh_channel_free(ch);
		return;
	}
	if (r->give >= 0) {
		/* the asker's own socket (one libvirt connected to): the
		 * channel's bytes go straight to it */
		sv[0] = r->give;
		sv[1] = 0;
	} else if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		r->err = xasprintf("socketpair: %s", strerror(errno));
		ssh_channel_close(ch);
		ssh_channel_free(ch);
		return;
	}
	ss->fwds = xreallocarray(ss->fwds, ss->nfwds + 1, sizeof *ss->fwds);
	ss->fwds[ss->nfwds++] = (struct sshsess_fwd){ ch, sv[0] };
	r->fd = sv[1];
}

static void
sshsess_drop_fwd(struct sshsess *ss, size_t i)
{
	struct sshsess_fwd *f = &ss->fwds[i];

	if (!ssh_channel_is_closed(f->ch)) {
		ssh_channel_send_eof(f->ch);
		ssh_channel_close(f->ch);
	}
	ssh_channel_free(f->ch);
	close(f->fd);
	ss->fwds[i] = ss->fwds[--ss->nfwds];
}

/* Move what waits both ways on forward i. False when it is over. */
static bool
sshsess_move(struct sshsess_fwd *f, bool local_readable)
{
	char buf[16384];
	int n;

	if (local_readable) {
		ssize_t r = read(f->fd, buf, sizeof buf);

		if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
			return false;
		if (r > 0 && ssh_channel_write(f->ch, buf, (uint32_t)r) !=
		    (int)r)
			return false;
	}
	while ((n = ssh_channel_read_nonblocking(f->ch, buf, sizeof buf, 0)) >
	    0)
		if (fdio_write_all(f->fd, buf, (size_t)n) < 0)
			return false;
	return n >= 0 && !ssh_channel_is_eof(f->ch) &&
	    !ssh_channel_is_closed(f->ch);
}

static void *
sshsess_pump(void *arg)
{
	struct sshsess *ss = arg;

	/* libssh reads and handles what the server sends (channel closes,
	 * keepalives, rekeys) when the event is polled: with no channel
	 * reading it, unhandled bytes would leave the socket readable and
	 * this loop spinning */
	ssh_event ev = ssh_event_new();

	if (ev == NULL || ssh_event_add_session(ev, ss->s) != SSH_OK)
		fatal("sshsess: cannot watch the SSH session");
	for (;;) {
		struct sshsess_req *reqs;
		struct pollfd *p;
		size_t np;
		char drain[64];

		pthread_mutex_lock(&ss->lock);
		if (ss->stop) {
			pthread_mutex_unlock(&ss->lock);
			break;
		}
		reqs = ss->reqs;
		ss->reqs = NULL;
		pthread_mutex_unlock(&ss->lock);
		for (struct sshsess_req *r = reqs, *next; r != NULL; r = next) {
			next = r->next;
			sshsess_open_fwd(ss, r);
			pthread_mutex_lock(&ss->lock);
			r->done = true;
			pthread_cond_broadcast(&ss->cond);
			pthread_mutex_unlock(&ss->lock);
		}
		np = ss->nfwds + 2;
		p = xcalloc(np, sizeof *p);
		p[0] = (struct pollfd){ ssh_get_fd(ss->s), POLLIN, 0 };
		p[1] = (struct pollfd){ ss->wake[0], POLLIN, 0 };
		for (size_t i = 0; i < ss->nfwds; i++)
			p[i + 2] = (struct pollfd){ ss->fwds[i].fd, POLLIN, 0 };
		/* libssh may hold data it read already: a short wait */
		if (poll(p, np, 100) < 0 && errno != EINTR) {
			free(p);
			break;
		}
		while (read(ss->wake[0], drain, sizeof drain) > 0)
			;
		bool gone = false;

		if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
			gone = ssh_event_dopoll(ev, 0) == SSH_ERROR &&
			    !ssh_is_connected(ss->s);
		for (size_t i = ss->nfwds; i-- > 0;)
			if (gone || !sshsess_move(&ss->fwds[i], p[i + 2].revents &
			    (POLLIN | POLLHUP | POLLERR)))
				sshsess_drop_fwd(ss, i);
		atomic_store(&ss->open_fwds, ss->nfwds);
		free(p);
		if (gone) {
			/* the session is over: refuse what is asked from now
			 * on (below), and wait for the close */
			pthread_mutex_lock(&ss->lock);
			ss->stop = true;
			pthread_mutex_unlock(&ss->lock);
		}
	}
	ssh_event_remove_session(ev, ss->s);
	ssh_event_free(ev);
	while (ss->nfwds > 0)
		sshsess_drop_fwd(ss, ss->nfwds - 1);
	atomic_store(&ss->open_fwds, 0);
	free(ss->fwds);
	ss->fwds = NULL;
	/* anyone still waiting gets a no */
	pthread_mutex_lock(&ss->lock);
	for (struct sshsess_req *r = ss->reqs; r != NULL; r = r->next) {
		r->err = xasprintf("%s: the SSH session closed", ss->dest);
		r->done = true;
	}
	ss->reqs = NULL;
	pthread_cond_broadcast(&ss->cond);
	pthread_mutex_unlock(&ss->lock);
	return NULL;
}

size_t
sshsess_forwards(struct sshsess *ss)
{
	return atomic_load(&ss->open_fwds);
}

/* A forward for r (its give: an asker's socket, or -1). */
static int
sshsess_request(struct sshsess *ss, struct sshsess_req *rq, char **err);

int
sshsess_forward(struct sshsess *ss, const char *host, int port,
    const char *path, char **err)
{
	struct sshsess_req r = { .host = host, .path = path, .port = port,
	    .fd = -1, .give = -1 };

	return sshsess_request(ss, &r, err);
}

int
sshsess_forward_fd(struct sshsess *ss, int fd, const char *path, char **err)
{
	struct sshsess_req r = { .path = path, .fd = -1, .give = fd };

	if (sshsess_request(ss, &r, err) < 0) {
		close(fd);
		return -1;
	}
	return 0;
}

static int
sshsess_request(struct sshsess *ss, struct sshsess_req *rq, char **err)
{
	struct sshsess_req r = *rq;

	pthread_mutex_lock(&ss->lock);
	if (!ss->pumping) {
		if (pipe2(ss->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
			pthread_mutex_unlock(&ss->lock);
			*err = xasprintf("pipe: %s", strerror(errno));
			return -1;
		}
		if (pthread_create(&ss->pump, NULL, sshsess_pump, ss) != 0)
			fatal("sshsess: cannot start a thread");
		ss->pumping = true;
	}
	if (ss->stop) {
		pthread_mutex_unlock(&ss->lock);
		*err = xasprintf("%s: the SSH session is closing", ss->dest);
		return -1;
	}
	r.next = ss->reqs;
	ss->reqs = &r;
	pthread_mutex_unlock(&ss->lock);
	sshsess_poke(ss);
	pthread_mutex_lock(&ss->lock);
	while (!r.done)
		pthread_cond_wait(&ss->cond, &ss->lock);
	pthread_mutex_unlock(&ss->lock);
	if (r.fd < 0)
		*err = r.err;
	return r.fd;
}
