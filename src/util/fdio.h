/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * fdio — writing to a file descriptor the careful way, once for all.
 */
#ifndef VMDECK_UTIL_FDIO_H
#define VMDECK_UTIL_FDIO_H

#include <stddef.h>

/* Write all n bytes of buf to fd (blocking), past EINTR and short writes.
 * Returns 0, or -1 with errno set (EIO when the fd takes nothing). */
int fdio_write_all(int fd, const void *buf, size_t n);

/* Put text (len bytes) in place of the file at path, the way an editor
 * saves: a symlink is followed (the file it names is replaced, the link
 * stays), the old file's mode is kept (0644 for a new file, less the
 * umask), the new text is written to a temporary file beside it, synced,
 * renamed over it, and the directory synced. Returns 0, or -1 with *err
 * (caller frees) and the old file untouched. */
int fdio_replace(const char *path, const char *text, size_t len,
    char **err);

#endif
