/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * sshresolve — an ssh destination resolved once, the way OpenSSH resolves
 * it: `ssh -G` is asked (with -F, -l and -p as given) and its answer
 * parsed, so Host and Match blocks, Include, negations, HostKeyAlias,
 * ProxyJump and the known_hosts files are exactly ssh's. The same values
 * then feed vmdeck's libssh session, the key check and the libvirt URI:
 * the key vmdeck checks is the key of the server ssh would reach.
 *
 * Where there is no ssh binary, nothing is resolved here (found is
 * false) and the caller falls back to libssh's own config parser, which
 * knows less (see sshsess.h).
 *
 * Blocking (runs ssh with a deadline): worker threads and headless
 * commands only.
 */
#ifndef VMDECK_REMOTE_SSHRESOLVE_H
#define VMDECK_REMOTE_SSHRESOLVE_H

#include <stdbool.h>
#include <stddef.h>

struct sshresolve {
	bool found;		/* ssh -G answered */
	char *hostname;		/* to connect to */
	char *user;
	int port;
	char *alias;		/* the destination as given */
	char **identities;	/* IdentityFile, expanded, in order */
	size_t nidentities;
	char **known_hosts;	/* UserKnownHostsFile, then
				 * GlobalKnownHostsFile; "none" left out */
	size_t nknown;
	size_t nuser_known;	/* how many of them are the user's */
	char *hostkeyalias;	/* NULL: none */
	char *proxycommand;	/* NULL: none (ProxyJump made into one) */
	char *proxyjump;	/* NULL: none */
	char *revoked;		/* RevokedHostKeys, or NULL */
	int connect_timeout;	/* seconds; 0: none set */
	char *hostkeyalgorithms;/* as ssh -G prints it (its default or the
				 * config's) */
	bool batch;		/* BatchMode yes */
	bool from_libssh;	/* resolved by sshresolve_libssh */
};

/* Resolve dest (an alias or host) with ssh -G; config (may be NULL) is
 * passed as -F, user and port (NULL, 0: not given) as -l and -p.
 * Returns 0 (out->found false when there is no ssh binary), or -1 with
 * *err (ssh refused the destination or did not answer within
 * timeout_ms; caller frees). Free out with sshresolve_clear. */
int sshresolve(const char *dest, const char *config, const char *user,
    int port, int timeout_ms, struct sshresolve *out, char **err);
/* Where no ssh binary exists: dest resolved by libssh's own config
 * parser (config: the file, NULL for ~/.ssh/config), which honours
 * Host blocks, Include, HostName, User, Port, IdentityFile (the first),
 * UserKnownHostsFile, ProxyCommand and ProxyJump, and only libssh 0.10's
 * share of Match. user and port (NULL, 0) override. Returns 0 (found and
 * from_libssh set), or -1 with *err (caller frees). */
int sshresolve_libssh(const char *dest, const char *config, const char *user,
    int port, struct sshresolve *out, char **err);
/* Parse ssh -G's output text into out (found set). For tests. */
void sshresolve_parse(const char *text, const char *alias,
    struct sshresolve *out);
/* Free what out holds and zero it. */
void sshresolve_clear(struct sshresolve *out);

#endif
