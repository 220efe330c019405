/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

int
fdio_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The file path stands for: symlinks followed, even to a file that does
 * not exist yet. Caller frees. */
static char *
fdio_target(const char *path)
{
	char *cur = xstrdup(path);

	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		char link[PATH_MAX];
		ssize_t n;

		if (lstat(cur, &st) < 0 || !S_ISLNK(st.st_mode))
			return cur;
		if ((n = readlink(cur, link, sizeof link - 1)) < 0)
			return cur;
		link[n] = '\0';
		if (link[0] == '/') {
			free(cur);
			cur = xstrdup(link);
		} else {
			char *copy = xstrdup(cur), *next;

			next = xasprintf("%s/%s", dirname(copy), link);
			free(copy);
			free(cur);
			cur = next;
		}
	}
	return cur;
}

int
fdio_replace(const char *path, const char *text, size_t len, char **err)
{
	char *target = fdio_target(path), *copy, *dir, *tmp;
	struct stat st;
	mode_t mode;
	int fd, dfd, e = 0;

	if (stat(target, &st) == 0)
		mode = st.st_mode & 07777;
	else {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0644 & ~mask;
	}
	copy = xstrdup(target);
	dir = xstrdup(dirname(copy));
	free(copy);
	tmp = xasprintf("%s.tmp%ld", target, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		e = errno;
	else {
		if (fdio_write_all(fd, text, len) < 0 || fchmod(fd, mode) < 0 ||
		    fsync(fd) < 0)
			e = errno;
		if (close(fd) < 0 && e == 0)
			e = errno;
		if (e == 0 && rename(tmp, target) < 0)
			e = errno;
		if (e != 0)
			unlink(tmp);
	}
	if (e == 0 && (dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >=
	    0) {
		fsync(dfd);
		close(dfd);
	}
	if (e != 0)
		*err = xasprintf("Could not write %s: %s", target, strerror(e));
	free(tmp);
	free(dir);
	free(target);
	return e == 0 ? 0 : -1;
}
