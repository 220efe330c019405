#include "knownhosts.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/base64.h"
#include "../util/paths.h"
#include "../util/sha1.h"
#include "../util/xalloc.h"

#define KNOWNHOSTS_MAX_BYTES (16 << 20)

char *
knownhosts_name(const char *host, int port)
{
	if (port == 0 || port == 22)
		return xstrdup(host);
	return xasprintf("[%s]:%d", host, port);
}

/* Whether s matches the glob pat (* and ?, case folded); no brackets, so
 * "[host]:port" matches itself. Linear backtracking: a later * only ever
 * resumes from the last one, so a pattern of many stars stays quick. */
static bool
knownhosts_glob(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s != '\0') {
		if (*pat == '*') {
			star = pat++;
			resume = s;
		} else if (*pat != '\0' && (*pat == '?' ||
		    tolower((unsigned char)*pat) == tolower((unsigned char)*s))) {
			pat++;
			s++;
		} else if (star != NULL) {
			/* let the last star take one more character */
			pat = star + 1;
			s = ++resume;
		} else
			return false;
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

/* A hashed name "|1|salt|hash": whether it is name's. */
static bool
knownhosts_hashed(const char *field, const char *name)
{
	unsigned char salt[64], want[64], got[SHA1_LEN];
	char copy[256], *bar;
	ssize_t ns, nw;

	if (strlen(field) >= sizeof copy)
		return false;
	strcpy(copy, field + 3);
	bar = strchr(copy, '|');
	if (bar == NULL)
		return false;
	*bar = '\0';
	ns = base64_decode(copy, salt, sizeof salt);
	nw = base64_decode(bar + 1, want, sizeof want);
	if (ns != SHA1_LEN || nw != SHA1_LEN)
		return false;
	sha1_hmac(salt, (size_t)ns, name, strlen(name), got);
	return memcmp(got, want, SHA1_LEN) == 0;
}

/* Whether the hosts field (patterns, or one hashed name) names name. */
static bool
knownhosts_names(const char *field, const char *name)
{
	char *copy, *save = NULL, *pat;
	bool yes = false, no = false;

	if (strncmp(field, "|1|", 3) == 0)
		return knownhosts_hashed(field, name);
	copy = xstrdup(field);
	for (pat = strtok_r(copy, ",", &save); pat != NULL;
	    pat = strtok_r(NULL, ",", &save)) {
		if (*pat == '!') {
			if (knownhosts_glob(pat + 1, name))
				no = true;
		} else if (knownhosts_glob(pat, name))
			yes = true;
	}
	free(copy);
	return yes && !no;
}

/* Key types as OpenSSH compares them: ecdsa-sha2-nistp256/384/521 are
 * one type. */
static bool
knownhosts_same_type(const char *a, const char *b)
{
	static const char ecdsa[] = "ecdsa-sha2-";

	if (strncmp(a, ecdsa, sizeof ecdsa - 1) == 0 &&
	    strncmp(b, ecdsa, sizeof ecdsa - 1) == 0)
		return true;
	return strcmp(a, b) == 0;
}

enum knownhosts_verdict
knownhosts_check(const char *text, const char *name, const char *type,
    const char *blob, int *line)
{
	enum knownhosts_verdict best = KNOWNHOSTS_UNKNOWN;
	int lineno = 0, best_line = 0;
	const char *p = text;

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *l = xmemdup(p, len + 1), *save = NULL, *f[4];
		int nf = 0;
		bool revoked = false;
		enum knownhosts_verdict v = KNOWNHOSTS_UNKNOWN;

		l[len] = '\0';
		lineno++;
		p += len + (end != NULL);
		for (char *w = strtok_r(l, " \t\r", &save); w != NULL && nf < 4;
		    w = strtok_r(NULL, " \t\r", &save))
			f[nf++] = w;
		if (nf > 0 && f[0][0] == '@') {
			revoked = strcmp(f[0], "@revoked") == 0;
			if (!revoked) {		/* @cert-authority, or unknown */
				free(l);
				continue;
			}
			memmove(f, f + 1, --nf * sizeof *f);
		}
		if (nf < 3 || f[0][0] == '#' || !knownhosts_names(f[0], name)) {
			free(l);
			continue;
		}
		if (knownhosts_same_type(f[1], type)) {
			bool same = strcmp(f[1], type) == 0 &&
			    strcmp(f[2], blob) == 0;

			if (revoked)
				v = same ? KNOWNHOSTS_REVOKED : KNOWNHOSTS_UNKNOWN;
			else
				v = same ? KNOWNHOSTS_KNOWN : KNOWNHOSTS_CHANGED;
		} else if (!revoked)
			v = KNOWNHOSTS_OTHER;
		if (v > best) {
			best = v;
			best_line = lineno;
		}
		free(l);
	}
	if (line != NULL)
		*line = best_line;
	return best;
}

enum knownhosts_verdict
knownhosts_check_file(const char *path, const char *name, const char *type,
    const char *blob, int *line)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;
	enum knownhosts_verdict v;

	if (line != NULL)
		*line = 0;
	if (f == NULL)
		return KNOWNHOSTS_UNKNOWN;
	text = xcalloc(KNOWNHOSTS_MAX_BYTES + 1, 1);
	n = fread(text, 1, KNOWNHOSTS_MAX_BYTES, f);
	fclose(f);
	text[n] = '\0';
	v = knownhosts_check(text, name, type, blob, line);
	free(text);
	return v;
}

char *
knownhosts_line(const char *name, const char *type, const char *blob,
    const unsigned char *salt)
{
	unsigned char mac[SHA1_LEN];
	char *s, *h, *line;

	if (salt == NULL)
		return xasprintf("%s %s %s\n", name, type, blob);
	sha1_hmac(salt, SHA1_LEN, name, strlen(name), mac);
	s = base64_encode(salt, SHA1_LEN);
	h = base64_encode(mac, SHA1_LEN);
	line = xasprintf("|1|%s|%s %s %s\n", s, h, type, blob);
	free(s);
	free(h);
	return line;
}

int
knownhosts_append(const char *path, const char *line, char **err)
{
	int fd;
	char last = '\n';
	off_t end;
	bool ok;

	if (paths_mkdir_parents(path) < 0) {
		*err = xasprintf("%s: cannot make its directory: %s", path,
		    strerror(errno));
		return -1;
	}
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	/* a last line without its newline gets one first */
	end = lseek(fd, 0, SEEK_END);
	if (end > 0 && pread(fd, &last, 1, end - 1) != 1)
		last = '\n';
	ok = (last == '\n' || write(fd, "\n", 1) == 1) &&
	    write(fd, line, strlen(line)) == (ssize_t)strlen(line);
	if (close(fd) < 0)
		ok = false;
	if (!ok) {
		*err = xasprintf("%s: cannot write: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

const char *
knownhosts_verdict_name(enum knownhosts_verdict v)
{
	static const char *const names[] = {
		[KNOWNHOSTS_UNKNOWN] = "unknown",
		[KNOWNHOSTS_OTHER] = "known with other key types",
		[KNOWNHOSTS_CHANGED] = "changed",
		[KNOWNHOSTS_KNOWN] = "known",
		[KNOWNHOSTS_REVOKED] = "revoked",
	};

	return (unsigned)v < sizeof names / sizeof names[0] ? names[v] : "?";
}
