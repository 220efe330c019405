/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "testutil.h"

#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/util/timeutil.h"
#include "../../src/util/xalloc.h"

/* Directories made and not removed yet: testutil_cleanup removes what a
 * failed test left. */
#define TESTUTIL_DIRS_MAX 64
static char *testutil_dirs[TESTUTIL_DIRS_MAX];

char *
testutil_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path = xasprintf("%s/vmdeck-test.XXXXXX",
	    base != NULL && *base != '\0' ? base : "/tmp");

	if (mkdtemp(path) == NULL)
		fatal("cannot make a temporary directory under %s", path);
	for (int i = 0; i < TESTUTIL_DIRS_MAX; i++)
		if (testutil_dirs[i] == NULL) {
			testutil_dirs[i] = xstrdup(path);
			break;
		}
	return path;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void
testutil_rmtree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	for (int i = 0; i < TESTUTIL_DIRS_MAX; i++)
		if (testutil_dirs[i] != NULL && strcmp(testutil_dirs[i], path) == 0) {
			free(testutil_dirs[i]);
			testutil_dirs[i] = NULL;
		}
}

void
testutil_cleanup(void)
{
	for (int i = 0; i < TESTUTIL_DIRS_MAX; i++)
		if (testutil_dirs[i] != NULL) {
			char *p = testutil_dirs[i];

			nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
			free(p);
			testutil_dirs[i] = NULL;
		}
}

char *
testutil_slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			text = xrealloc(text, cap);
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	text[len] = '\0';
	return text;
}

char *
testutil_path(const char *dir, const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

char *
testutil_write(const char *dir, const char *name, const void *data,
    size_t len)
{
	char *path = testutil_path(dir, name);
	FILE *f;

	for (char *p = path + strlen(dir) + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fatal("cannot write %s", path);
	return path;
}

char *
testutil_node_uri(const char *dir, int n, const char *prefix)
{
	char *path = xasprintf("%s/node-%s%d.xml", dir, prefix, n);
	FILE *f = fopen(path, "w");
	char *uri;

	if (f == NULL)
		fatal("cannot write %s", path);
	fprintf(f, "<node>\n");
	for (int i = 0; i < n; i++) {
		unsigned long long kib = (unsigned long long)(i % 8 + 1) * 262144;

		fprintf(f, "<domain type='test' xmlns:test="
		    "'http://libvirt.org/schemas/domain/test/1.0'>"
		    "<name>%s%04d</name>"
		    "<uuid>6d3c0000-0000-4000-8000-%012x</uuid>"
		    "<memory unit='KiB'>%llu</memory>"
		    "<currentMemory unit='KiB'>%llu</currentMemory>"
		    "<vcpu>%d</vcpu><os><type>hvm</type></os>"
		    "%s</domain>\n", prefix, i, i, kib, kib, 1 + i % 4,
		    i % 3 == 2 ? "<test:runstate>5</test:runstate>" : "");
	}
	fprintf(f, "</node>\n");
	if (fclose(f) != 0)
		fatal("cannot write %s", path);
	uri = xasprintf("test://%s", path);
	free(path);
	return uri;
}

bool
testutil_wait_for(bool (*cond)(void *), void *arg, int timeout_ms)
{
	int64_t deadline = time_mono_ms() + timeout_ms;

	for (;;) {
		if (cond(arg))
			return true;
		if (time_mono_ms() >= deadline)
			return cond(arg);
		/* a short wait between polls of the condition; the deadline,
		 * not this wait, bounds the test */
		poll(NULL, 0, 5);
	}
}

/* Run cmd through the shell; abort the test run when it fails. */
static void
testutil_sh(const char *cmd)
{
	int rc = system(cmd);

	if (rc != 0) {
		fprintf(stderr, "testutil: '%s' failed (%d)\n", cmd, rc);
		abort();
	}
}

char *
testutil_qcow2(const char *dir, const char *name)
{
	char *path = testutil_path(dir, name);
	char *cmd = xasprintf("qemu-img create -q -f qcow2 '%s' 64M", path);

	testutil_sh(cmd);
	free(cmd);
	return path;
}

char *
testutil_iso(const char *dir, const char *name)
{
	char *path = testutil_path(dir, name);
	char *cmd = xasprintf("d=$(mktemp -d) && echo vmdeck > $d/README && "
	    "xorriso -as mkisofs -quiet -V VMDECK -o '%s' $d >/dev/null 2>&1; "
	    "rc=$?; rm -rf $d; exit $rc", path);

	testutil_sh(cmd);
	free(cmd);
	return path;
}
