#include "sshsess.h"

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "../util/sha1.h"
#include "../util/xalloc.h"
#include "knownhosts.h"

#define SSHSESS_SYSTEM_KNOWN_HOSTS "/etc/ssh/ssh_known_hosts"

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
};

struct sshsess {
	ssh_session s;
	char *fingerprint;
	/* libssh keeps pointers to these for the session's life */
	struct sshsess_auth auth;
	struct ssh_callbacks_struct cb;
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
	return 0;
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

/* Check the server's key; ask about an unknown one. */
static enum sshsess_result
sshsess_check_key(struct sshsess *ss, const struct sshsess_target *t,
    sshsess_ask_fn *ask, void *ctx, char **err)
{
	ssh_key key = NULL;
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *blob = NULL, *host, *name, *files[3], *hit = NULL, *fp;
	const char *type;
	unsigned int port = 22;
	enum knownhosts_verdict v = KNOWNHOSTS_UNKNOWN;
	enum sshsess_result r = SSHSESS_OK;
	int hit_line = 0, nfiles = 0;
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

	/* the hosts file's, the user's, the system's: the greatest verdict */
	if (t->known_hosts != NULL)
		files[nfiles++] = xstrdup(t->known_hosts);
	files[nfiles] = sshsess_option(ss->s, SSH_OPTIONS_KNOWNHOSTS, NULL);
	if (files[nfiles] == NULL)
		files[nfiles] = xasprintf("%s/.ssh/known_hosts", t->home);
	nfiles++;
	files[nfiles++] = sshsess_option(ss->s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS,
	    SSHSESS_SYSTEM_KNOWN_HOSTS);
	v = sshsess_verdict(files, nfiles, name, type, blob, &hit, &hit_line);
	if (v == KNOWNHOSTS_UNKNOWN || v == KNOWNHOSTS_OTHER) {
		pthread_mutex_lock(&sshsess_ask_lock);
		locked = true;
		v = sshsess_verdict(files, nfiles, name, type, blob, &hit,
		    &hit_line);
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
	case KNOWNHOSTS_CHANGED:
		*err = xasprintf("The host key of %s has CHANGED: it now offers "
		    "%s %s, and %s:%d holds another. Someone may be "
		    "intercepting the connection; vmdeck refuses it. If the "
		    "host was reinstalled, remove the old key "
		    "(ssh-keygen -R '%s' -f %s) and retry.", name, type,
		    ss->fingerprint, hit, hit_line, name, hit);
		r = SSHSESS_KEY_CHANGED;
		break;
	case KNOWNHOSTS_UNKNOWN:
	case KNOWNHOSTS_OTHER: {
		const char *dest = files[0];	/* where a yes is written */
		char *q = xasprintf("The host key of %s is not known%s.\n"
		    "%s key fingerprint %s\n"
		    "Accept it and add it to %s?", name,
		    v == KNOWNHOSTS_OTHER ?
		    " (keys of other types are known for it)" : "",
		    type, ss->fingerprint, dest);
		bool yes = ask != NULL && ask(ctx, SSHSESS_ASK_YESNO,
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
		unsigned char salt[SHA1_LEN];
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
	if (ssh_options_set(ss->s, SSH_OPTIONS_HOST, t->dest) < 0) {
		*err = xasprintf("'%s' is not a host name or ssh alias.",
		    t->dest);
		sshsess_close(ss);
		return SSHSESS_ERROR;
	}
	ssh_options_parse_config(ss->s, NULL);
	/* the hosts file's values over the config's */
	if (t->user != NULL)
		ssh_options_set(ss->s, SSH_OPTIONS_USER, t->user);
	if (t->port > 0) {
		unsigned int port = (unsigned int)t->port;

		ssh_options_set(ss->s, SSH_OPTIONS_PORT, &port);
	}
	if (t->keyfile != NULL)
		ssh_options_set(ss->s, SSH_OPTIONS_IDENTITY, t->keyfile);
	if (t->known_hosts != NULL)
		ssh_options_set(ss->s, SSH_OPTIONS_KNOWNHOSTS, t->known_hosts);
	ssh_options_set(ss->s, SSH_OPTIONS_TIMEOUT, &timeout);
	ssh_callbacks_init(&ss->cb);
	ssh_set_callbacks(ss->s, &ss->cb);

	if (ssh_connect(ss->s) != SSH_OK) {
		*err = xasprintf("%s: no SSH server answered: %s", t->dest,
		    ssh_get_error(ss->s));
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

void
sshsess_close(struct sshsess *s)
{
	if (s == NULL)
		return;
	if (s->s != NULL) {
		ssh_disconnect(s->s);
		ssh_free(s->s);
	}
	free(s->fingerprint);
	free(s);
}
