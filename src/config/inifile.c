/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "inifile.h"

#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/xalloc.h"

struct reader {
	const char *file;
	const char *pos;
	const char *end;
	int line;			/* number of the line last handed out */
	inifile_handler handler;
	void *user;
	struct diags *d;
};

/* ini_reader: hand libinih one line, counting lines, and replacing a line
 * that cannot be read whole, or that is not INI, by a blank one (after
 * saying so) so it never shows up split or half-parsed. */
static char *
reader_line(char *str, int num, void *stream)
{
	struct reader *r = stream;
	const char *nl;
	size_t len;

	if (r->pos >= r->end)
		return NULL;
	r->line++;
	nl = memchr(r->pos, '\n', (size_t)(r->end - r->pos));
	len = nl ? (size_t)(nl - r->pos) : (size_t)(r->end - r->pos);
	if (len + 2 >= (size_t)num) {
		diag_add(r->d, r->file, r->line, "line too long (over %d "
		    "characters); ignored", num - 3);
		str[0] = '\0';
	} else {
		memcpy(str, r->pos, len);
		str[len] = '\0';
		/* a line with neither a section nor NAME = VALUE nor a
		 * comment: say what was expected */
		const char *s = str + strspn(str, " \t\r");
		if (*s != '\0' && *s != '[' && *s != ';' && *s != '#' &&
		    strpbrk(s, "=:") == NULL) {
			diag_add(r->d, r->file, r->line, "expected NAME = VALUE "
			    "or [section], found '%.40s'", s);
			str[0] = '\0';
		} else if (*s == '[' && strchr(s, ']') == NULL) {
			diag_add(r->d, r->file, r->line, "section name lacks "
			    "its closing ']'");
			str[0] = '\0';
		}
	}
	r->pos = nl ? nl + 1 : r->end;
	return str;
}

static int
reader_handler(void *user, const char *section, const char *name,
    const char *value)
{
	struct reader *r = user;

	r->handler(r->user, section, name, value, r->file, r->line);
	return 1;
}

int
inifile_parse(const char *file, const char *buf, size_t len,
    inifile_handler handler, void *user, struct diags *d)
{
	struct reader r = {
		.file = file, .pos = buf, .end = buf + len,
		.handler = handler, .user = user, .d = d,
	};
	int rc;

	if (len > INIFILE_MAX_BYTES) {
		diag_add(d, file, 0, "too large (%zu bytes; the limit is %d); "
		    "ignored", len, INIFILE_MAX_BYTES);
		return -1;
	}
	if (memchr(buf, '\0', len) != NULL) {
		diag_add(d, file, 0, "not a text file (it holds NUL bytes); "
		    "ignored");
		return -1;
	}
	r.handler = handler;
	rc = ini_parse_stream(reader_line, &r, reader_handler, &r);
	if (rc > 0)
		diag_add(d, file, rc, "not understood");
	return 0;
}

char *
inifile_slurp(const char *path, size_t *len, bool *missing, struct diags *d)
{
	FILE *f;
	struct stat st;
	char *buf;
	size_t n;

	*missing = false;
	*len = 0;
	f = fopen(path, "rb");
	if (f == NULL) {
		if (errno == ENOENT)
			*missing = true;
		else
			diag_add(d, path, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
		diag_add(d, path, 0, "not a regular file; ignored");
		fclose(f);
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && st.st_size > INIFILE_MAX_BYTES) {
		diag_add(d, path, 0, "too large (%lld bytes; the limit is %d); "
		    "ignored", (long long)st.st_size, INIFILE_MAX_BYTES);
		fclose(f);
		return NULL;
	}
	buf = xcalloc(1, INIFILE_MAX_BYTES + 2);
	n = fread(buf, 1, INIFILE_MAX_BYTES + 1, f);
	if (ferror(f)) {
		diag_add(d, path, 0, "cannot read: %s", strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf = xrealloc(buf, n + 1);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
inifile_each(const char *dir,
    void (*fn)(void *user, const char *stem, const char *path,
    const char *text, size_t len, struct diags *d),
    void *user, struct diags *d)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	if (dp == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l > 4 && strcmp(de->d_name + l - 4, ".ini") == 0) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(de->d_name);
		}
	}
	closedir(dp);
	qsort(names, n, sizeof *names, name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *stem = xasprintf("%.*s", (int)strlen(names[i]) - 4,
		    names[i]);
		size_t len;
		bool gone;
		char *buf = inifile_slurp(path, &len, &gone, d);

		if (buf != NULL)
			fn(user, stem, path, buf, len, d);
		free(buf);
		free(stem);
		free(path);
		free(names[i]);
	}
	free(names);
}
