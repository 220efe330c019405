/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * testutil — helpers shared by the tests: temporary directories, generated
 * libvirt test-driver hosts, and waiting for a condition with a deadline
 * (never a fixed sleep).
 */
#ifndef VMDECK_TESTS_TESTUTIL_H
#define VMDECK_TESTS_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* A new directory under $TMPDIR (or /tmp). Caller frees the string and
 * removes the tree with testutil_rmtree. */
char *testutil_tmpdir(void);
/* Remove every directory testutil_tmpdir made that is still there (a
 * failed test's; from a teardown, and at exit). */
void testutil_cleanup(void);
/* Remove a tree made by a test. */
void testutil_rmtree(const char *path);

/* Write len bytes of data to dir/name (parents made). Returns the path
 * (caller frees). */
char *testutil_write(const char *dir, const char *name, const void *data,
    size_t len);
/* dir/name as a new string, nothing written. */
char *testutil_path(const char *dir, const char *name);
/* The whole text of the file at path (NUL-terminated), or NULL when it
 * cannot be read. Caller frees. */
char *testutil_slurp(const char *path);

/* Write a test-driver node XML with n domains named "<prefix>NNNN"
 * (4 digits, from 0). Every third domain is shut off, the rest running;
 * domain i has 1 + i % 4 vCPUs and (i % 8 + 1) * 256 MiB. Returns the
 * "test:///PATH" URI (caller frees). */
char *testutil_node_uri(const char *dir, int n, const char *prefix);

/* Call cond(arg) until it returns true or timeout_ms pass; between calls,
 * pump(arg, remaining_ms) may block waiting for input (or NULL: a short
 * poll-based wait on nothing). Returns the last result of cond. */
bool testutil_wait_for(bool (*cond)(void *), void *arg, int timeout_ms);

/* A real image under dir: a qcow2 of 64 MiB made by qemu-img (name may end
 * in .img, as Ubuntu's cloud images do), or an ISO 9660 made by xorriso.
 * The path (caller frees); the test fails when the tool is missing. */
char *testutil_qcow2(const char *dir, const char *name);
char *testutil_iso(const char *dir, const char *name);

#endif
