/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "sample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

void
sample_sort(int64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_i64);
}

long
sample_status_kib(pid_t pid, const char *key)
{
	char path[64], line[256];
	long kib = -1;
	size_t n = strlen(key);
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, key, n) == 0 && line[n] == ':') {
			kib = atol(line + n + 1);
			break;
		}
	fclose(f);
	return kib;
}

long
sample_cpu_ticks(pid_t pid)
{
	char path[64], buf[1024];
	FILE *f;
	long ut = -1, st = -1;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	if (fgets(buf, sizeof buf, f) != NULL) {
		char *p = strrchr(buf, ')');	/* the name may hold spaces */
		if (p != NULL &&
		    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
		    "%ld %ld", &ut, &st) != 2)
			ut = st = -1;
	}
	fclose(f);
	return ut < 0 ? -1 : ut + st;
}
