/*
 * knownhosts — vmdeck's own reading of OpenSSH known_hosts files, so the
 * decision about a host key is ours to show and to test: which line
 * decided, and why.
 *
 * A host goes by "host" on port 22 and "[host]:port" elsewhere. A line
 * names it by a comma-separated list of patterns (* and ?, case folded,
 * !negation) or by a hashed name (|1|salt|HMAC-SHA1 of the name). Lines
 * marked @revoked list keys that are refused whatever else is said;
 * @cert-authority lines are skipped (host certificates are not
 * supported). Key types compare as OpenSSH compares them: every
 * ecdsa-sha2-* is one type.
 */
#ifndef VMDECK_REMOTE_KNOWNHOSTS_H
#define VMDECK_REMOTE_KNOWNHOSTS_H

#include <stdbool.h>

/* Ordered: of several files' (or lines') verdicts the greatest holds. */
enum knownhosts_verdict {
	KNOWNHOSTS_UNKNOWN,	/* no line names the host */
	KNOWNHOSTS_OTHER,	/* known, with keys of other types only */
	KNOWNHOSTS_CHANGED,	/* known with another key of this type */
	KNOWNHOSTS_KNOWN,	/* this key, for this host */
	KNOWNHOSTS_REVOKED,	/* this key is marked @revoked */
};

/* The name host:port goes by ("host" when port is 22 or 0). Caller
 * frees. */
char *knownhosts_name(const char *host, int port);
/* What text says of name presenting the key type/blob (blob in base64).
 * *line (may be NULL) gets the line that decided, 0 when none did. */
enum knownhosts_verdict knownhosts_check(const char *text, const char *name,
    const char *type, const char *blob, int *line);
/* The same for the file at path (a missing file knows nothing). */
enum knownhosts_verdict knownhosts_check_file(const char *path,
    const char *name, const char *type, const char *blob, int *line);
/* The line that records name's key, newline included: the name hashed
 * with salt (20 bytes) when salt is not NULL. Caller frees. */
char *knownhosts_line(const char *name, const char *type, const char *blob,
    const unsigned char *salt);
/* Append line to the file at path, making it (mode 0600) and its
 * directory if needed. Returns 0, or -1 with *err (caller frees). */
int knownhosts_append(const char *path, const char *line, char **err);
/* A few words for a verdict: "known", "unknown", … */
const char *knownhosts_verdict_name(enum knownhosts_verdict v);

#endif
