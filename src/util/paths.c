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
paths_cache(const char *sub)
{
	const char *cache = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");

	if (cache != NULL && *cache == '/')
		return xasprintf("%s/vmdeck%s%s", cache, *sub ? "/" : "", sub);
	return xasprintf("%s/.cache/vmdeck%s%s", home && *home ? home : "/tmp",
	    *sub ? "/" : "", sub);
}
