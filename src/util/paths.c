/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "paths.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "xalloc.h"

int
paths_mkdir_parents(const char *path)
{
	char *copy = xstrdup(path);

	for (char *p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST) {
			int saved = errno;

			free(copy);
			errno = saved;
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

char *
paths_xdg(const char *var, const char *fallback, const char *sub)
{
	const char *base = getenv(var);
	const char *home = getenv("HOME");

	if (base != NULL && *base == '/')
		return xasprintf("%s/vmdeck%s%s", base, *sub ? "/" : "", sub);
	return xasprintf("%s/%s/vmdeck%s%s", home ? home : "", fallback,
	    *sub ? "/" : "", sub);
}

char *
paths_cache(const char *sub)
{
	return paths_xdg("XDG_CACHE_HOME", ".cache", sub);
}
