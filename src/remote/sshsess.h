/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * sshsess — vmdeck's own SSH session to a host (libssh), for what libvirt
 * does not carry: whether the host answers, whether its key is the one
 * known, and the tunnels to its VNC displays.
 *
 * Opening resolves the destination once with ssh -G (sshresolve: host,
 * port, user, identities, ProxyJump/ProxyCommand, HostKeyAlias, every
 * UserKnownHostsFile and GlobalKnownHostsFile, RevokedHostKeys); only
 * where there is no ssh binary does libssh's own config parser stand in
 * (it knows no Match, and fewer files). It connects within the timeout,
 * preferring the key types known for the host as ssh does, and checks the
 * host key with knownhosts (the hosts file's known_hosts, then ssh's
 * files; a key known for the bare host name serves a non-standard port,
 * as ssh's "matching key without port" fallback; a key of another type
 * than the known ones is refused as changed, as ssh -o StrictHostKeyChecking
 * refuses it):
 * a known key goes on; a changed or revoked one is refused, never asked
 * about; an unknown one is shown with its SHA256 fingerprint and written
 * to known_hosts only on the user's yes. Then it logs in as ssh does: the
 * agent, then the keys from the config and ~/.ssh, asking for a key's
 * passphrase. Questions go through ask(), which blocks the calling
 * (worker) thread; with no ask() nothing is asked and nothing written.
 */
#ifndef VMDECK_REMOTE_SSHSESS_H
#define VMDECK_REMOTE_SSHSESS_H

#include <stdbool.h>
#include <stddef.h>

struct sshsess_target {
	const char *dest;	/* an alias of ~/.ssh/config, or a host */
	const char *user;	/* NULL: the config's, else the local user */
	int port;		/* 0: the config's, else 22 */
	const char *keyfile;	/* NULL: the agent and ~/.ssh */
	const char *known_hosts;/* NULL: the config's, else ~/.ssh/known_hosts */
	const char *home;	/* where ~/.ssh is */
	const char *ssh_config;	/* NULL: ssh's own; else passed as -F */
	int timeout_s;		/* to connect, and for each step after */
	bool ssh_transport;	/* libvirt connects with the user's ssh: a
				 * new key is saved where that ssh reads
				 * (ssh's own UserKnownHostsFile), and
				 * known_hosts only adds to what is checked */
};

enum sshsess_ask {
	SSHSESS_ASK_YESNO,
	SSHSESS_ASK_SECRET,
	SSHSESS_ASK_CONFIRM,	/* only a typed "yes" (a new host key) */
};

/* Put question (title for the dialog) to the user; a secret goes to
 * answer (cap bytes). True for yes or an answer given. */
typedef bool sshsess_ask_fn(void *ctx, enum sshsess_ask kind,
    const char *title, const char *question, char *answer, size_t cap);

enum sshsess_result {
	SSHSESS_OK,
	SSHSESS_UNREACHABLE,	/* no SSH server answered */
	SSHSESS_KEY_UNKNOWN,	/* not known, and not accepted */
	SSHSESS_KEY_CHANGED,	/* another key of its type is known */
	SSHSESS_KEY_REVOKED,
	SSHSESS_AUTH_FAILED,
	SSHSESS_ERROR,
};

struct sshsess;

/* Open a session to t. SSHSESS_OK sets *out (close with sshsess_close);
 * anything else sets *err to a sentence with the reason (caller frees). */
enum sshsess_result sshsess_open(const struct sshsess_target *t,
    sshsess_ask_fn *ask, void *ctx, struct sshsess **out, char **err);
/* The host key's fingerprint ("SHA256:…"). */
const char *sshsess_fingerprint(const struct sshsess *s);
/* Disconnect and free. Accepts NULL. */
void sshsess_close(struct sshsess *s);
/* A connection from the host's end of s to host:port, or to the UNIX
 * socket path when path is not NULL, as a local socket (caller closes):
 * a direct-tcpip (or direct-streamlocal) channel. Every channel of s
 * shares its one session, moved by a thread of s's own; from the first
 * call on, only that thread uses the session. Blocks the caller until the
 * channel is open or refused. Returns the socket, or -1 with *err
 * (caller frees). */
int sshsess_forward(struct sshsess *s, const char *host, int port,
    const char *path, char **err);
/* The same for a socket of the caller's (taken, closed when the
 * channel ends, or at once when refused): the channel to the UNIX socket
 * path on the host carries it (one libvirt connected to: see
 * sshtunnel). Returns 0, or -1 with *err. */
int sshsess_forward_fd(struct sshsess *s, int fd, const char *path,
    char **err);
/* Whether logging in took a passphrase the user typed (the user's own
 * ssh in batch mode, as libvirt runs it, could not have asked). */
bool sshsess_asked_passphrase(const struct sshsess *s);
/* How many forwarded connections of s are open now. */
size_t sshsess_forwards(struct sshsess *s);
/* A short name for r: "connected", "unreachable", "host key unknown"… */
const char *sshsess_result_name(enum sshsess_result r);

#endif
