/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * sshconfig — what ~/.ssh/config says about one host, as ssh(1) reads it:
 * "Host" blocks whose patterns (with * and ?, and !negation) match the
 * alias apply, and for each keyword the first value found wins. Only what
 * vmdeck needs is kept: HostName, User, Port, IdentityFile and
 * UserKnownHostsFile (~ and %d, %h, %% expanded). "Match" blocks are
 * skipped (they depend on things known only while connecting), as is
 * "Include".
 */
#ifndef VMDECK_REMOTE_SSHCONFIG_H
#define VMDECK_REMOTE_SSHCONFIG_H

#include <stdbool.h>

struct sshconfig_host {
	char *hostname;		/* NULL: the alias itself */
	char *user;
	int port;		/* 0: not set */
	char *identity;		/* the first IdentityFile */
	char *known_hosts;	/* the first UserKnownHostsFile */
	bool matched;		/* some Host block matched */
};

/* Whether host matches a Host line's patterns ("web* !web9"): some
 * pattern matches and no negated one does. */
bool sshconfig_match(const char *patterns, const char *host);
/* Resolve alias against config text; home is for ~ and %d. Fills out
 * (free with sshconfig_clear). */
void sshconfig_resolve(const char *text, const char *alias, const char *home,
    struct sshconfig_host *out);
/* The same from the file at path; a missing file matches nothing. */
void sshconfig_load(const char *path, const char *alias, const char *home,
    struct sshconfig_host *out);
/* Free what out holds and zero it. */
void sshconfig_clear(struct sshconfig_host *out);

#endif
