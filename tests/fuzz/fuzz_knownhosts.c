/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: known_hosts text on any bytes — the verdict for a few
 * names and keys, and the property every known_hosts reader must keep:
 * once the line for a name and key is appended (plain or hashed), that
 * key is known or revoked, never unknown, other or changed.
 *
 * With FUZZ_ORACLE=1 in the environment, OpenSSH is the oracle too: for
 * each name, the lines ssh-keygen -F finds in the input must be the lines
 * vmdeck's matcher finds (hashed names, patterns, negations, markers,
 * case); a difference aborts, the input kept. About a millisecond an
 * input: a separate, shorter run (make fuzz runs it).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/remote/knownhosts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ssh-keygen -F name on the text (in a file): the line numbers it finds,
 * sorted as it prints them; -1 when it could not be run. */
static int
oracle_lines(const char *path, const char *name, int *lines, int max)
{
	char cmd[512], buf[4096];
	FILE *p;
	int n = 0;

	snprintf(cmd, sizeof cmd, "ssh-keygen -F '%s' -f '%s' 2>/dev/null",
	    name, path);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	while (fgets(buf, sizeof buf, p) != NULL) {
		const char *at = strstr(buf, " found: line ");
		size_t want = strlen("# Host ") + strlen(name);

		/* "# Host NAME found: line N [REVOKED|CA]", and nothing
		 * else of the file's own text looks like it at that place */
		if (strncmp(buf, "# Host ", 7) == 0 && at == buf + want &&
		    n < max)
			lines[n++] = atoi(at + strlen(" found: line "));
	}
	/* 0: found, 1: not found; anything else (it could not run, or
	 * was killed) is no answer */
	int st = pclose(p);

	return WIFEXITED(st) && WEXITSTATUS(st) <= 1 ? n : -1;
}

static void
oracle_check(const char *text, size_t size, const char *name)
{
	static char path[64];
	int ours[256], theirs[256], n_ours, n_theirs;
	FILE *f;

	if (path[0] == '\0')
		snprintf(path, sizeof path, "/tmp/vmdeck-fuzz-kh.%d",
		    (int)getpid());
	if ((f = fopen(path, "wb")) == NULL)
		return;
	fwrite(text, 1, size, f);
	fclose(f);
	n_theirs = oracle_lines(path, name, theirs, 256);
	n_ours = knownhosts_host_lines(text, size, name, ours, 256);
	unlink(path);
	if (n_theirs < 0 || n_ours > 256)
		return;
	if (n_ours != n_theirs || memcmp(ours, theirs, (size_t)n_ours *
	    sizeof *ours) != 0) {
		fprintf(stderr, "fuzz_knownhosts: for %s ssh-keygen -F finds %d "
		    "lines, vmdeck %d (first: %d and %d)\n", name, n_theirs,
		    n_ours, n_theirs ? theirs[0] : 0, n_ours ? ours[0] : 0);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "kvm1", "[127.0.0.1]:2222",
	    "KVM1.example.org" };
	static int oracle = -1;

	if (oracle < 0)
		oracle = getenv("FUZZ_ORACLE") != NULL &&
		    strcmp(getenv("FUZZ_ORACLE"), "1") == 0;
	static const char blob[] =
	    "AAAAC3NzaC1lZDI1NTE5AAAAIPF1BDf7ahczsdJo5x1iSxu1GevDkLpZ6Wz5/yQFmdEe";
	static const unsigned char salt[20] = { 1, 2, 3 };
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int line = 0;

		/* the oracle takes names as ssh does, lowercased */
		if (oracle && i != 2)
			oracle_check(text, size, names[i]);
		else if (oracle)
			oracle_check(text, size, "kvm1.example.org");

		(void)knownhosts_check(text, size, names[i], "ssh-ed25519", blob,
		    &line);
		for (int hashed = 0; hashed < 2; hashed++) {
			char *add = knownhosts_line(names[i], "ssh-ed25519",
			    blob, hashed ? salt : NULL);
			size_t len = strlen(text), alen = strlen(add);
			char *more = malloc(len + alen + 2);
			enum knownhosts_verdict v;

			/* a file without a final newline gets one first */
			memcpy(more, text, len);
			more[len] = '\n';
			memcpy(more + len + 1, add, alen + 1);
			v = knownhosts_check(more, len + 1 + alen, names[i], "ssh-ed25519",
			    blob, &line);
			if (v != KNOWNHOSTS_KNOWN && v != KNOWNHOSTS_REVOKED)
				abort();
			free(more);
			free(add);
		}
	}
	free(text);
	return 0;
}
