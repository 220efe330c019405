/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * knownhosts — vmdeck's own reading of OpenSSH known_hosts files, so the
 * decision about a host key is ours to show and to test: which line
 * decided, and why. It follows OpenSSH's reader (hostfile.c, sshkey_read)
 * and is kept so by a differential test against the real ssh
 * (tests/ssh/diff.sh):
 *
 * - Lines end at '\n'; a NUL ends its line only; no size limit. Fields
 *   are separated by spaces and tabs only (a CR is part of a field).
 * - A host goes by "host" on port 22 and "[host]:port" elsewhere. A line
 *   names it by a comma-separated list of patterns (* and ?, case folded;
 *   a matching !negation skips the line; a sub-pattern of 1,023 or more
 *   characters ends the list unmatched) or by one hashed name
 *   (|1|salt|HMAC-SHA1 of the name), which must be the canonical base64.
 * - "@revoked" lists keys refused whatever else is said; "@cert-authority"
 *   lines are skipped (host certificates are not supported); any other
 *   marker skips the line.
 * - A key is its type name (ssh-rsa, rsa-sha2-256 and rsa-sha2-512 are
 *   one type; ecdsa-sha2-* name their curve) and its base64 blob, decoded
 *   as OpenSSH decodes it (whitespace inside is ignored) and parsed by
 *   libssh; keys compare as decoded blobs. A line whose key does not
 *   parse, or whose blob is of another type than its name, is skipped.
 */
#ifndef VMDECK_REMOTE_KNOWNHOSTS_H
#define VMDECK_REMOTE_KNOWNHOSTS_H

#include <stdbool.h>
#include <stddef.h>

/* Ordered: of several files' (or lines') verdicts the greatest holds. */
enum knownhosts_verdict {
	KNOWNHOSTS_UNKNOWN,	/* no line names the host */
	KNOWNHOSTS_OTHER,	/* known, with keys of other types only */
	KNOWNHOSTS_CHANGED,	/* known with another key of this type */
	KNOWNHOSTS_KNOWN,	/* this key, for this host */
	KNOWNHOSTS_REVOKED,	/* this key is marked @revoked */
};

/* The name host:port goes by ("host" when port is 22 or 0), lower
 * case as ssh looks it up. Caller frees. */
char *knownhosts_name(const char *host, int port);
/* The lines of text whose host field matches name (any marker, whatever
 * key follows), as ssh-keygen -F lists them: how many, the first max of
 * their numbers (from 1) in lines. For testing against ssh-keygen. */
int knownhosts_host_lines(const char *text, size_t len, const char *name,
    int *lines, int max);
/* What text (len bytes) says of name presenting the key type/blob (blob
 * in base64). *line (may be NULL) gets the line that decided, 0 when
 * none did. */
enum knownhosts_verdict knownhosts_check(const char *text, size_t len,
    const char *name, const char *type, const char *blob, int *line);
/* The same for the file at path (a missing file knows nothing). */
enum knownhosts_verdict knownhosts_check_file(const char *path,
    const char *name, const char *type, const char *blob, int *line);
/* The key types text names for name (not @revoked ones), as a
 * comma-separated list of signature algorithms ssh would offer for them
 * ("ssh-ed25519,rsa-sha2-512,rsa-sha2-256"), appended to *list (a
 * malloc'd string or NULL) without repeats. */
void knownhosts_types(const char *text, size_t len, const char *name,
    char **list);
/* Whether the key type/blob is listed in the RevokedHostKeys file at
 * path (a flat list of public keys; KRLs are not read). 1: revoked (*line
 * set), 0: not, -1: the file cannot be read or is a KRL (*err, caller
 * frees) — ssh refuses then, and so does vmdeck. */
int knownhosts_revoked_file(const char *path, const char *type,
    const char *blob, int *line, char **err);
/* A hashed name's salt: 20 bytes, as long as SHA-1's output. */
#define KNOWNHOSTS_SALT_LEN 20

/* The line that records name's key, newline included: the name hashed
 * with salt (KNOWNHOSTS_SALT_LEN bytes) when salt is not NULL. Caller
 * frees. */
char *knownhosts_line(const char *name, const char *type, const char *blob,
    const unsigned char *salt);
/* Append line to the file at path, making it (mode 0600) and its
 * directory if needed. Returns 0, or -1 with *err (caller frees). */
int knownhosts_append(const char *path, const char *line, char **err);
/* A few words for a verdict: "known", "unknown", … */
const char *knownhosts_verdict_name(enum knownhosts_verdict v);
/* Read the whole file at path into *text (NUL added, *len without it).
 * Returns 0, 1 when there is no such file (*text NULL), -1 with errno. */
int knownhosts_read(const char *path, char **text, size_t *len);

#endif
