/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * xalloc — allocation that never returns NULL, and fatal().
 *
 * Every x* allocator aborts the program through fatal() when memory runs
 * out, so callers never check for NULL. fatal() first runs the hook set with
 * fatal_set_hook() (the UI uses it to end curses), then prints the message
 * and exits with status 70.
 */
#ifndef VMDECK_UTIL_XALLOC_H
#define VMDECK_UTIL_XALLOC_H

#include <stddef.h>

/* Allocate n bytes (zeroed); never NULL. Caller frees. */
void *xcalloc(size_t count, size_t size);
/* Resize; never NULL. */
void *xrealloc(void *ptr, size_t size);
/* Resize an array of count elements of size bytes, checking overflow. */
void *xreallocarray(void *ptr, size_t count, size_t size);
/* Copy a string; NULL in gives NULL out. Caller frees. */
char *xstrdup(const char *s);
/* Copy n bytes of p (n > 0). Caller frees. */
void *xmemdup(const void *p, size_t n);
/* printf into a new string. Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run before fatal() prints: restores the terminal. NULL clears it. */
void fatal_set_hook(void (*hook)(void));
/* Print "vmdeck: message" to stderr and exit(70). */
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
