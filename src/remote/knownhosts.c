/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "knownhosts.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libssh/libssh.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <glib.h>

#include "../util/paths.h"
#include "../util/xalloc.h"

/* OpenSSH copies each sub-pattern into a buffer of this size; one that
 * does not fit ends the list without a match. */
#define KNOWNHOSTS_SUBPATTERN 1024
/* The base64 of a hashed name's salt may be this long at most. */
#define KNOWNHOSTS_SALT_B64_MAX 1024

/* "|1|salt|hash": name hashed as OpenSSH hashes it, HMAC-SHA1 keyed with
 * the KNOWNHOSTS_SALT_LEN bytes of salt, both in base64 (GLib's). */
static char *
knownhosts_hashed(const unsigned char *salt, const char *name)
{
	GHmac *hmac = g_hmac_new(G_CHECKSUM_SHA1, salt, KNOWNHOSTS_SALT_LEN);
	guint8 mac[KNOWNHOSTS_SALT_LEN];
	gsize n = sizeof mac;
	gchar *s, *h;
	char *out;

	g_hmac_update(hmac, (const guchar *)name, (gssize)strlen(name));
	g_hmac_get_digest(hmac, mac, &n);
	g_hmac_unref(hmac);
	s = g_base64_encode(salt, KNOWNHOSTS_SALT_LEN);
	h = g_base64_encode(mac, n);
	out = xasprintf("|1|%s|%s", s, h);
	g_free(s);
	g_free(h);
	return out;
}

char *
knownhosts_name(const char *host, int port)
{
	char *name = port == 0 || port == 22 ? xstrdup(host) :
	    xasprintf("[%s]:%d", host, port);

	for (char *p = name; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return name;
}

/* Whether s matches the glob pat (plen bytes; * and ?, both already
 * lower case). No brackets, so "[host]:port" matches itself. Linear
 * backtracking: a later * only ever resumes from the last one, so a
 * pattern of many stars stays quick. */
static bool
knownhosts_glob(const char *pat, size_t plen, const char *s)
{
	const char *star = NULL, *resume = NULL, *pend = pat + plen;

	while (*s != '\0') {
		if (pat < pend && *pat == '*') {
			star = pat++;
			resume = s;
		} else if (pat < pend && (*pat == '?' || *pat == *s)) {
			pat++;
			s++;
		} else if (star != NULL) {
			/* let the last star take one more character */
			pat = star + 1;
			s = ++resume;
		} else
			return false;
	}
	while (pat < pend && *pat == '*')
		pat++;
	return pat == pend;
}

/* What a hosts field (len bytes: patterns, or one hashed name) says of
 * name: 1 named, 0 not, -1 named by a negation (the line is skipped). */
static int
knownhosts_names(const char *field, size_t len, const char *name)
{
	bool yes = false;
	size_t i = 0;
	char *lower;

	if (len >= 3 && memcmp(field, "|1|", 3) == 0) {
		/* canonical "|1|salt|hash" for name, compared as text */
		const char *bar = memchr(field + 3, '|', len - 3);
		char b64[KNOWNHOSTS_SALT_B64_MAX + 1], *want;
		guchar *salt;
		gsize slen = 0;
		size_t blen;
		bool same;

		if (bar == NULL)
			return 0;
		blen = (size_t)(bar - (field + 3));
		if (blen == 0 || blen > KNOWNHOSTS_SALT_B64_MAX)
			return 0;
		memcpy(b64, field + 3, blen);
		b64[blen] = '\0';
		/* GLib's decoder skips what is not base64: the line is
		 * compared as text below, canonical salt included */
		salt = g_base64_decode(b64, &slen);
		if (slen != KNOWNHOSTS_SALT_LEN) {
			g_free(salt);
			return 0;
		}
		want = knownhosts_hashed(salt, name);
		g_free(salt);
		same = strlen(want) == len && memcmp(want, field, len) == 0;
		free(want);
		return same;
	}
	lower = xstrdup(name);
	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	while (i < len) {
		char sub[KNOWNHOSTS_SUBPATTERN];
		size_t n = 0;
		bool neg = field[i] == '!';

		if (neg)
			i++;
		for (; i < len && field[i] != ',' && n < sizeof sub - 1; i++)
			sub[n++] = (char)tolower((unsigned char)field[i]);
		if (n >= sizeof sub - 1) {
			free(lower);
			return 0;
		}
		if (i < len)
			i++;		/* the comma */
		if (knownhosts_glob(sub, n, lower)) {
			if (neg) {
				free(lower);
				return -1;
			}
			yes = true;
		}
	}
	free(lower);
	return yes;
}

/* Decode base64 as OpenSSH does (b64_pton): whitespace anywhere is
 * skipped, padding is checked, the bits past the last byte must be zero.
 * Returns the length (out has room for len bytes), or -1. */
static ssize_t
knownhosts_b64(const char *s, size_t len, unsigned char *out)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *end = s + len;
	unsigned acc = 0;
	int state = 0;
	size_t n = 0;

	for (; s < end; s++) {
		const char *c;

		if (isspace((unsigned char)*s))
			continue;
		if (*s == '=')
			break;
		c = *s ? strchr(abc, *s) : NULL;
		if (c == NULL)
			return -1;
		acc = acc << 6 | (unsigned)(c - abc);
		if (++state == 1)
			continue;
		if (state == 2)
			out[n++] = (unsigned char)(acc >> 4), acc &= 0x0f;
		else if (state == 3)
			out[n++] = (unsigned char)(acc >> 2), acc &= 0x03;
		else {
			out[n++] = (unsigned char)acc;
			acc = 0;
			state = 0;
		}
	}
	if (s == end)
		return state == 0 ? (ssize_t)n : -1;
	/* at a '=' */
	if (state < 2)
		return -1;
	s++;
	if (state == 2) {
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s == end || *s != '=')
			return -1;
		s++;
	}
	for (; s < end; s++)
		if (!isspace((unsigned char)*s))
			return -1;
	return acc == 0 ? (ssize_t)n : -1;
}

/* The libssh key type a known_hosts type name stands for, or
 * SSH_KEYTYPE_UNKNOWN for names this reader does not take. */
static enum ssh_keytypes_e
knownhosts_keytype(const char *t, size_t len)
{
	static const struct {
		const char *name;
		enum ssh_keytypes_e type;
	} names[] = {
		{ "ssh-ed25519", SSH_KEYTYPE_ED25519 },
		{ "ssh-rsa", SSH_KEYTYPE_RSA },
		{ "rsa-sha2-256", SSH_KEYTYPE_RSA },
		{ "rsa-sha2-512", SSH_KEYTYPE_RSA },
		{ "ecdsa-sha2-nistp256", SSH_KEYTYPE_ECDSA_P256 },
		{ "ecdsa-sha2-nistp384", SSH_KEYTYPE_ECDSA_P384 },
		{ "ecdsa-sha2-nistp521", SSH_KEYTYPE_ECDSA_P521 },
		{ "ssh-dss", SSH_KEYTYPE_DSS },
		{ "sk-ecdsa-sha2-nistp256@openssh.com", SSH_KEYTYPE_SK_ECDSA },
		{ "sk-ssh-ed25519@openssh.com", SSH_KEYTYPE_SK_ED25519 },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == len &&
		    memcmp(names[i].name, t, len) == 0)
			return names[i].type;
	return SSH_KEYTYPE_UNKNOWN;
}

static enum ssh_keytypes_e knownhosts_shorttype(const char *t, size_t len,
    bool *any_ecdsa);

/* Whether the next field of p (len bytes, after blanks) names a key type
 * OpenSSH knows, certificates included, with a field after it: lines
 * without are skipped before their host is even reported. */
static bool
knownhosts_type_named(const char *p, size_t len)
{
	static const char cert[] = "-cert-v01@openssh.com";
	size_t i = 0, n = 0, c = sizeof cert - 1;
	char base[128];

	while (i < len && (p[i] == ' ' || p[i] == '\t'))
		i++;
	while (i + n < len && p[i + n] != ' ' && p[i + n] != '\t')
		n++;
	bool any_ecdsa;

	/* and something after it, the blob, whatever it holds, unless it
	 * starts a comment ("kvm1 ssh-ed25519 # old" is no entry for
	 * ssh-keygen -F 9.2; "AAAA#x" is: found by the oracle fuzzer) */
	size_t j = i + n;

	while (j < len && (p[j] == ' ' || p[j] == '\t'))
		j++;
	if (j == len || p[j] == '#')
		return false;
	if (knownhosts_keytype(p + i, n) != SSH_KEYTYPE_UNKNOWN ||
	    knownhosts_shorttype(p + i, n, &any_ecdsa) != SSH_KEYTYPE_UNKNOWN)
		return true;
	if (n <= c || n - c + 12 >= sizeof base ||
	    memcmp(p + i + n - c, cert, c) != 0)
		return false;
	memcpy(base, p + i, n - c);
	memcpy(base + n - c, "@openssh.com", 12);
	return knownhosts_keytype(base, n - c) != SSH_KEYTYPE_UNKNOWN ||
	    knownhosts_keytype(base, n - c + 12) != SSH_KEYTYPE_UNKNOWN;
}

/* OpenSSH's short names for key types, taken in any case in the type
 * field: "kvm1 ecdsa AAAA…" is a line ssh-keygen -F lists, though ssh
 * itself skips it. "ecdsa" stands for any curve (the blob says which):
 * *any_ecdsa is set and the P-256 type returned. */
static enum ssh_keytypes_e
knownhosts_shorttype(const char *t, size_t len, bool *any_ecdsa)
{
	static const struct {
		const char *name;
		enum ssh_keytypes_e type;
	} names[] = {
		{ "rsa", SSH_KEYTYPE_RSA },
		{ "dsa", SSH_KEYTYPE_DSS },
		{ "ecdsa", SSH_KEYTYPE_ECDSA_P256 },
		{ "ed25519", SSH_KEYTYPE_ED25519 },
		{ "ecdsa-sk", SSH_KEYTYPE_SK_ECDSA },
		{ "ed25519-sk", SSH_KEYTYPE_SK_ED25519 },
	};

	*any_ecdsa = false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == len &&
		    strncasecmp(names[i].name, t, len) == 0) {
			*any_ecdsa = i == 2;
			return names[i].type;
		}
	return SSH_KEYTYPE_UNKNOWN;
}

/* A decoded public key. */
struct knownhosts_key {
	enum ssh_keytypes_e type;
	unsigned char *blob;		/* owned */
	size_t len;
	bool short_name;		/* typed as "ed25519", "rsa" … */
};

/* Read "type blob" at *p (len bytes left) as sshkey_read does; the blob
 * must parse (libssh) as a key of the named type. Returns 0 and fills k,
 * or -1. */
static int
knownhosts_key_read(const char *p, size_t len, struct knownhosts_key *k)
{
	const char *end = p + len, *t, *b;
	size_t tlen, blen, inner;
	ssh_key key = NULL;
	ssize_t n;
	char *b64;
	int rc;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p == '#')
		return -1;
	t = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	if (p == end)
		return -1;
	tlen = (size_t)(p - t);
	bool any_ecdsa = false;

	k->type = knownhosts_keytype(t, tlen);
	if (k->type == SSH_KEYTYPE_UNKNOWN) {
		k->type = knownhosts_shorttype(t, tlen, &any_ecdsa);
		k->short_name = true;
	}
	if (k->type == SSH_KEYTYPE_UNKNOWN)
		return -1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end)
		return -1;
	b = p;
	while (p < end && *p != ' ' && *p != '\t')
		p++;
	blen = (size_t)(p - b);
	k->blob = xcalloc(blen / 4 * 3 + 4, 1);
	n = knownhosts_b64(b, blen, k->blob);
	if (n <= 0)
		goto bad;
	k->len = (size_t)n;
	/* the blob names its own type first: it must be the line's */
	if (k->len < 4)
		goto bad;
	inner = (size_t)k->blob[0] << 24 | (size_t)k->blob[1] << 16 |
	    (size_t)k->blob[2] << 8 | k->blob[3];
	if (inner > k->len - 4)
		goto bad;
	/* "ecdsa": the blob's curve */
	enum ssh_keytypes_e btype = knownhosts_keytype((const char *)k->blob +
	    4, inner);

	if (any_ecdsa && (btype == SSH_KEYTYPE_ECDSA_P256 ||
	    btype == SSH_KEYTYPE_ECDSA_P384 || btype == SSH_KEYTYPE_ECDSA_P521))
		k->type = btype;
	if (btype != k->type ||
	    (k->type == SSH_KEYTYPE_RSA &&
	    (inner != 7 || memcmp(k->blob + 4, "ssh-rsa", 7) != 0)))
		goto bad;
	/* and the rest must be such a key: libssh parses it */
	b64 = g_base64_encode(k->blob, k->len);
	rc = ssh_pki_import_pubkey_base64(b64, k->type, &key);
	g_free(b64);
	if (rc != SSH_OK)
		goto bad;
	ssh_key_free(key);
	return 0;
bad:
	free(k->blob);
	k->blob = NULL;
	return -1;
}

/* The server's key: type name and canonical base64 (no parse needed,
 * libssh made them). Returns 0, or -1. */
static int
knownhosts_key_server(const char *type, const char *blob,
    struct knownhosts_key *k)
{
	size_t len = strlen(blob);
	ssize_t n;

	k->type = knownhosts_keytype(type, strlen(type));
	k->blob = xcalloc(len / 4 * 3 + 4, 1);
	n = knownhosts_b64(blob, len, k->blob);
	if (n <= 0) {
		free(k->blob);
		k->blob = NULL;
		return -1;
	}
	k->len = (size_t)n;
	return 0;
}

static bool
knownhosts_key_equal(const struct knownhosts_key *a,
    const struct knownhosts_key *b)
{
	return a->len == b->len && memcmp(a->blob, b->blob, a->len) == 0;
}

enum knownhosts_mark { MARK_NONE, MARK_CA, MARK_REVOKED, MARK_BAD };

/* One line of a known_hosts file that names the host, with its key. */
struct knownhosts_entry {
	enum knownhosts_mark mark;
	struct knownhosts_key key;
};

/* The markers at the start of s (len bytes), as check_markers reads
 * them: the marker ends at the line's first space, or else its first
 * tab. *skip gets where the hosts field starts. */
static enum knownhosts_mark
knownhosts_marker(const char *s, size_t len, size_t *skip)
{
	enum knownhosts_mark m = MARK_NONE;
	size_t i = 0;

	while (i < len && s[i] == '@') {
		const char *sp, *rest = s + i;
		size_t mlen;

		if (m != MARK_NONE)
			return MARK_BAD;
		sp = memchr(rest, ' ', len - i);
		if (sp == NULL)
			sp = memchr(rest, '\t', len - i);
		if (sp == NULL)
			return MARK_BAD;
		mlen = (size_t)(sp - rest);
		if (mlen <= 1 || mlen >= 32)
			return MARK_BAD;
		if (mlen == 15 && memcmp(rest, "@cert-authority", 15) == 0)
			m = MARK_CA;
		else if (mlen == 8 && memcmp(rest, "@revoked", 8) == 0)
			m = MARK_REVOKED;
		else
			return MARK_BAD;
		i += mlen;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
	}
	*skip = i;
	return m;
}

/* Call fn for each line of text naming name whose key parses. */
/* Every line of text whose host field matches name, in order: fn gets
 * each with its marker and, unless hosts_only, its key (lines whose key
 * does not parse, and @cert-authority lines, left out); hosts_only gives
 * every line a host match finds, whatever follows, as ssh-keygen -F
 * lists them. */
static void
knownhosts_walk(const char *text, size_t len, const char *name,
    bool hosts_only,
    void (*fn)(void *ctx, int lineno, const struct knownhosts_entry *e),
    void *ctx)
{
	const char *p = text, *end = text + len;
	int lineno = 0;
	/* OpenSSH's line buffer as getline and its reader leave it: a file's
	 * last line without a newline has its key read from what earlier
	 * lines left there (below) */
	char *buf = xcalloc(len + 2, 1);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *lend = nl ? nl : end, *nul;
		size_t l, n = (size_t)(lend - p), i = 0, skip = 0, hlen;
		struct knownhosts_entry e = { 0 };

		lineno++;
		/* a NUL ends the line, as it does for OpenSSH's C strings */
		nul = memchr(p, '\0', n);
		l = (size_t)((nul ? nul : lend) - p);
		/* getline's copy, ended by a NUL; the newline made a NUL
		 * unless a NUL comes first */
		memcpy(buf, p, n);
		buf[n] = nl != NULL && nul != NULL ? '\n' : '\0';
		if (nl != NULL)
			buf[n + 1] = '\0';
		while (i < l && (p[i] == ' ' || p[i] == '\t'))
			i++;
		if (i == l || p[i] == '#')
			goto next;
		e.mark = knownhosts_marker(p + i, l - i, &skip);
		if (e.mark == MARK_BAD)
			goto next;
		i += skip;
		for (hlen = 0; i + hlen < l && p[i + hlen] != ' ' &&
		    p[i + hlen] != '\t'; hlen++)
			;
		/* the reader puts a NUL where the host field ends */
		buf[i + hlen] = '\0';
		if (e.mark == MARK_CA && !hosts_only)
			goto next;
		if (knownhosts_names(p + i, hlen, name) != 1)
			goto next;
		i += hlen;
		/* OpenSSH ends the host field with a NUL in its place and reads
		 * the key after it ("h1\0ssh-ed25519 KEY" is an entry): the
		 * key part is then the text after that NUL, to the next */
		const char *kp = p + i;
		size_t klen = l - i;

		if (i == l && nul != NULL && hlen > 0) {
			const char *more = nul + 1, *nul2;

			nul2 = memchr(more, '\0', (size_t)(lend - more));
			kp = more;
			klen = (size_t)((nul2 ? nul2 : lend) - more);
		} else if (i == l && nl == NULL && hlen > 0) {
			/* the last line, no newline, nothing after its hosts:
			 * past getline's NUL lie the bytes an earlier, longer
			 * line left, and OpenSSH reads its key there (seen with
			 * ssh-keygen -F 9.2 by the oracle fuzzer) */
			kp = buf + l + 1;
			klen = strnlen(kp, len + 1 - l);
		}
		if (hosts_only) {
			if (knownhosts_type_named(kp, klen))
				fn(ctx, lineno, &e);
			goto next;
		}
		if (knownhosts_key_read(kp, klen, &e.key) < 0)
			goto next;
		fn(ctx, lineno, &e);
		free(e.key.blob);
next:
		p = nl ? nl + 1 : end;
	}
	free(buf);
}

static void
knownhosts_each(const char *text, size_t len, const char *name,
    void (*fn)(void *ctx, int lineno, const struct knownhosts_entry *e),
    void *ctx)
{
	knownhosts_walk(text, len, name, false, fn, ctx);
}

struct knownhosts_lines {
	int *lines;
	int max, n;
};

static void
knownhosts_lines_fn(void *ctx, int lineno, const struct knownhosts_entry *e)
{
	struct knownhosts_lines *l = ctx;

	(void)e;
	if (l->n < l->max)
		l->lines[l->n] = lineno;
	l->n++;
}

int
knownhosts_host_lines(const char *text, size_t len, const char *name,
    int *lines, int max)
{
	struct knownhosts_lines l = { lines, max, 0 };

	knownhosts_walk(text, len, name, true, knownhosts_lines_fn, &l);
	return l.n;
}

/* What the lines say so far. */
struct knownhosts_tally {
	const struct knownhosts_key *key;
	bool revoked, known, other, changed;
	int revoked_line, known_line, other_line, changed_line;
};

/* Key types as messages compare them: every ECDSA curve is one. */
static int
knownhosts_family(enum ssh_keytypes_e t)
{
	if (t == SSH_KEYTYPE_ECDSA_P384 || t == SSH_KEYTYPE_ECDSA_P521)
		return SSH_KEYTYPE_ECDSA_P256;
	return (int)t;
}

static void
knownhosts_tally_fn(void *ctx, int lineno, const struct knownhosts_entry *e)
{
	struct knownhosts_tally *t = ctx;
	bool same = knownhosts_key_equal(&e->key, t->key);

	/* a key typed by its short name: ssh-keygen -F lists it, but ssh
	 * reads the line as a parse error and skips it, a revocation too
	 * (ssh -v: "parse error in hostkeys file"; the differential test) */
	if (e->key.short_name)
		return;
	if (e->mark == MARK_REVOKED) {
		if (same && !t->revoked) {
			t->revoked = true;
			t->revoked_line = lineno;
		}
		return;
	}
	if (same) {
		if (!t->known) {
			t->known = true;
			t->known_line = lineno;
		}
	} else if (knownhosts_family(e->key.type) ==
	    knownhosts_family(t->key->type)) {
		if (!t->changed) {
			t->changed = true;
			t->changed_line = lineno;
		}
	} else if (!t->other) {
		t->other = true;
		t->other_line = lineno;
	}
}

enum knownhosts_verdict
knownhosts_check(const char *text, size_t len, const char *name,
    const char *type, const char *blob, int *line)
{
	struct knownhosts_key key;
	struct knownhosts_tally t = { .key = &key };
	enum knownhosts_verdict v = KNOWNHOSTS_UNKNOWN;
	int at = 0;

	if (line != NULL)
		*line = 0;
	if (knownhosts_key_server(type, blob, &key) < 0)
		return KNOWNHOSTS_UNKNOWN;
	knownhosts_each(text, len, name, knownhosts_tally_fn, &t);
	free(key.blob);
	if (t.revoked)
		v = KNOWNHOSTS_REVOKED, at = t.revoked_line;
	else if (t.known)
		v = KNOWNHOSTS_KNOWN, at = t.known_line;
	else if (t.changed)
		v = KNOWNHOSTS_CHANGED, at = t.changed_line;
	else if (t.other)
		v = KNOWNHOSTS_OTHER, at = t.other_line;
	if (line != NULL)
		*line = at;
	return v;
}

int
knownhosts_read(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "r");
	size_t cap = 8192, n = 0, got;
	char *buf;

	*text = NULL;
	*len = 0;
	if (f == NULL)
		return errno == ENOENT || errno == ENOTDIR ? 1 : -1;
	buf = xcalloc(cap + 1, 1);
	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(buf);
		errno = e;
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

enum knownhosts_verdict
knownhosts_check_file(const char *path, const char *name, const char *type,
    const char *blob, int *line)
{
	char *text;
	size_t len;
	enum knownhosts_verdict v;

	if (line != NULL)
		*line = 0;
	if (knownhosts_read(path, &text, &len) != 0)
		return KNOWNHOSTS_UNKNOWN;
	v = knownhosts_check(text, len, name, type, blob, line);
	free(text);
	return v;
}

/* Signature algorithms for a key type, as ssh offers them. */
static const char *
knownhosts_algs(enum ssh_keytypes_e t)
{
	switch (t) {
	case SSH_KEYTYPE_ED25519: return "ssh-ed25519";
	case SSH_KEYTYPE_RSA: return "rsa-sha2-512,rsa-sha2-256";
	case SSH_KEYTYPE_ECDSA_P256: return "ecdsa-sha2-nistp256";
	case SSH_KEYTYPE_ECDSA_P384: return "ecdsa-sha2-nistp384";
	case SSH_KEYTYPE_ECDSA_P521: return "ecdsa-sha2-nistp521";
	case SSH_KEYTYPE_SK_ECDSA: return "sk-ecdsa-sha2-nistp256@openssh.com";
	case SSH_KEYTYPE_SK_ED25519: return "sk-ssh-ed25519@openssh.com";
	default: return NULL;
	}
}

static void
knownhosts_types_fn(void *ctx, int lineno, const struct knownhosts_entry *e)
{
	char **list = ctx;
	const char *algs = knownhosts_algs(e->key.type);
	char *more;

	(void)lineno;
	if (e->mark != MARK_NONE || algs == NULL)
		return;
	if (*list != NULL && strstr(*list, algs) != NULL)
		return;
	more = *list ? xasprintf("%s,%s", *list, algs) : xstrdup(algs);
	free(*list);
	*list = more;
}

void
knownhosts_types(const char *text, size_t len, const char *name,
    char **list)
{
	knownhosts_each(text, len, name, knownhosts_types_fn, list);
}

int
knownhosts_revoked_file(const char *path, const char *type,
    const char *blob, int *line, char **err)
{
	struct knownhosts_key key;
	char *text;
	size_t len;
	const char *p, *end;
	int lineno = 0, found = 0;

	*line = 0;
	if (knownhosts_read(path, &text, &len) != 0) {
		*err = xasprintf("RevokedHostKeys %s cannot be read: %s", path,
		    errno ? strerror(errno) : "no such file");
		return -1;
	}
	if (len >= 8 && memcmp(text, "SSHKRL\n", 8) == 0) {
		*err = xasprintf("RevokedHostKeys %s is a key revocation list "
		    "(KRL), which vmdeck cannot read; it refuses the host "
		    "rather than ignore the list.", path);
		free(text);
		return -1;
	}
	if (knownhosts_key_server(type, blob, &key) < 0) {
		free(text);
		*err = xasprintf("the host's key cannot be read");
		return -1;
	}
	for (p = text, end = text + len; p < end && !found;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *lend = nl ? nl : end, *nul;
		struct knownhosts_key k;
		size_t l;

		lineno++;
		nul = memchr(p, '\0', (size_t)(lend - p));
		l = (size_t)((nul ? nul : lend) - p);
		if (knownhosts_key_read(p, l, &k) == 0) {
			if (knownhosts_key_equal(&k, &key)) {
				found = 1;
				*line = lineno;
			}
			free(k.blob);
		}
		p = nl ? nl + 1 : end;
	}
	free(key.blob);
	free(text);
	return found;
}

char *
knownhosts_line(const char *name, const char *type, const char *blob,
    const unsigned char *salt)
{
	char *hashed, *line;

	if (salt == NULL)
		return xasprintf("%s %s %s\n", name, type, blob);
	hashed = knownhosts_hashed(salt, name);
	line = xasprintf("%s %s %s\n", hashed, type, blob);
	free(hashed);
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
