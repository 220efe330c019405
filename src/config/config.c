/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../util/paths.h"
#include "../util/fdio.h"
#include "../util/xalloc.h"
#include "../stats/history.h"
#include "inifile.h"

static const char *const confirm_words[] = { "destructive", "all", NULL };
static const char *const graph_words[] = { "braille", "block", "ascii", NULL };
static const char *const vnc_color_words[] = { "auto", "truecolor", "256", "16",
	NULL };
static const char *const vnc_graphics_words[] = { "auto", "cells", "sixel",
	"kitty", NULL };
static const char *const vnc_text_words[] = { "auto", "off", NULL };
static const char *const column_words[] = {
	"name", "state", "cpu", "cpugraph", "memory", "disk", "net", "vcpus",
	"autostart", "persistent", "snapshots", "ip", "tags", NULL,
};
static const char *const sort_words[] = {
	"name", "state", "cpu", "memory", "disk", "net", "vcpus", "host", "tag",
	NULL,
};

/* How an option's text becomes a value in struct config, and back. */
enum opt_type {
	T_NUMBER,	/* double at off, min to max */
	T_DURATION,	/* int seconds at off, min to max; "90", "10m", "1h" */
	T_URIS,		/* char ** at off, its count (size_t) at off2 */
	T_NAME,		/* char * at off: a word without '/' or blanks */
	T_KEY,		/* char * at off: a key's name; its line at off2 */
	T_WORD,		/* an enum at off: the index of one of words */
	T_WORDS,	/* enum config_column[] at off, their count at off2 */
};

/* The option table: one row per option, read by the parser, the printer,
 * --help-config, the help screen and the man page test. Ranges are
 * checked by the parser; defaults are parsed like a user's file. */
static const struct option {
	struct config_option_info info;
	enum opt_type type;
	size_t off, off2;		/* where in struct config */
	double min, max;		/* T_NUMBER and T_DURATION */
	const char *const *words;	/* T_WORD and T_WORDS */
	const char *noun;		/* T_NAME, T_KEY: "theme name" */
} options[] = {
#define AT(field) offsetof(struct config, field)
	{ { "interval", "number", "1", "0.1 to 3600",
	    "seconds between samples of the live figures (-d on the command "
	    "line); the list is re-read every 10th sample" }, T_NUMBER,
	    AT(interval), 0, 0.1, 3600, NULL, NULL },
	{ { "connect", "uris", "", "space-separated libvirt URIs",
	    "hosts to open when no -c is given and LIBVIRT_DEFAULT_URI is "
	    "unset" }, T_URIS, AT(connect), AT(nconnect), 0, 0, NULL, NULL },
	{ { "theme", "name", "default", "a theme's name",
	    "colour theme: default, light, high-contrast, monochrome, "
	    "solarized-dark, or one of yours" }, T_NAME, AT(theme), 0, 0, 0,
	    NULL, "theme name" },
	{ { "confirm", "word", "destructive", "destructive all",
	    "which actions ask first: destructive ones (force off, delete), "
	    "or all lifecycle actions" }, T_WORD, AT(confirm), 0, 0, 0,
	    confirm_words, NULL },
	{ { "escape_key", "key", "^]", "a key name",
	    "key that leaves a console and returns to the lists (F12 works "
	    "too)" }, T_KEY, AT(escape_key), AT(escape_line), 0, 0, NULL,
	    "key name" },
	{ { "graph_style", "word", "braille", "braille block ascii",
	    "how graphs are drawn (ascii where the terminal is not UTF-8)" },
	    T_WORD, AT(graph), 0, 0, 0, graph_words, NULL },
	{ { "history", "duration", "1h", "1m to 24h",
	    "how much graph history each VM keeps (s, m or h)" }, T_DURATION,
	    AT(history), 0, 60, 86400, NULL, NULL },
	{ { "columns", "words",
	    "name state cpu cpugraph memory disk net ip vcpus autostart persistent",
	    "name state cpu cpugraph memory disk net ip vcpus autostart "
	    "persistent snapshots tags", "VM list columns, in order" }, T_WORDS, AT(columns), AT(ncolumns),
	    0, 0, column_words, NULL },
	{ { "sort", "word", "name",
	    "name state cpu memory disk net vcpus host tag",
	    "the VM list's sort column (host: in the all-hosts list; tag: "
	    "tagged VMs grouped by their tags)" }, T_WORD,
	    AT(sort), 0, 0, 0, sort_words, NULL },
	{ { "vnc_colors", "word", "auto", "auto truecolor 256 16",
	    "colours of a VM's screen in the VNC view: auto takes 24-bit when "
	    "COLORTERM says truecolor or 24bit, else 256 or 16 as the "
	    "terminal has" }, T_WORD, AT(vnc_colors), 0, 0, 0, vnc_color_words,
	    NULL },
	{ { "vnc_graphics", "word", "auto", "auto cells sixel kitty",
	    "how the VNC view draws: auto uses sixel or kitty images where "
	    "libchafa's terminal list says the terminal takes them, else "
	    "cells" }, T_WORD, AT(vnc_graphics), 0, 0, 0, vnc_graphics_words,
	    NULL },
	{ { "vnc_text", "word", "auto", "auto off",
	    "the VNC view reads a text screen (VGA text mode, the Linux "
	    "console, BIOS and boot menus) as text and draws real characters, "
	    "one cell per character cell, where the VGA BIOS font is found; "
	    "off draws pixels always" }, T_WORD, AT(vnc_text), 0, 0, 0,
	    vnc_text_words, NULL },
	{ { "connect_timeout", "number", "10", "1 to 600", "seconds a host "
	    "has to connect, log in and answer before it shows \"no answer\" "
	    "(--timeout on the command line; a host's own connect_timeout in "
	    "the hosts file)" }, T_NUMBER, AT(connect_timeout), 0, 1, 600,
	    NULL, NULL },
#undef AT
};

#define OPT_COUNT ((int)(sizeof options / sizeof options[0]))

/* T_WORD stores an int into these enums */
_Static_assert(sizeof(enum config_confirm) == sizeof(int) &&
    sizeof(enum config_graph) == sizeof(int) &&
    sizeof(enum domlist_sort) == sizeof(int) &&
    sizeof(enum config_vnc_colors) == sizeof(int) &&
    sizeof(enum config_vnc_graphics) == sizeof(int) &&
    sizeof(enum config_vnc_text) == sizeof(int), "enums are ints");

const struct config_option_info *
config_option(size_t i)
{
	return i < (size_t)OPT_COUNT ? &options[i].info : NULL;
}

size_t
config_coarse_points(const struct config *cfg)
{
	double secs = (double)(HISTORY_MEDIUM_STEP * HISTORY_COARSE_STEP) *
	    cfg->interval;
	size_t n = (size_t)ceil(cfg->history / secs);

	return n < 1 ? 1 : n;
}

const char *
config_column_name(enum config_column col)
{
	return (unsigned)col < CONFIG_COL_COUNT ? column_words[col] : "?";
}

static int
word_index(const char *const *words, const char *w)
{
	for (int i = 0; words[i] != NULL; i++)
		if (strcasecmp(words[i], w) == 0)
			return i;
	return -1;
}

static char *
words_joined(const char *const *words)
{
	size_t len = 1;
	char *s;

	for (int i = 0; words[i] != NULL; i++)
		len += strlen(words[i]) + 2;
	s = xcalloc(1, len);
	for (int i = 0; words[i] != NULL; i++) {
		if (i > 0)
			strcat(s, ", ");
		strcat(s, words[i]);
	}
	return s;
}

/* "90", "90s", "10m", "1h", "1.5h" → seconds; -1 when not a duration. */
static double
parse_duration(const char *v)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(v, &end);
	if (end == v || errno != 0 || !isfinite(x))
		return -1;
	while (*end == ' ')
		end++;
	if (*end == 'h')
		x *= 3600, end++;
	else if (*end == 'm')
		x *= 60, end++;
	else if (*end == 's')
		end++;
	return *end == '\0' ? x : -1;
}

static void
free_list(char ***list, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*n = 0;
}

/* The field of cfg at off, as a T. */
#define FIELD(T, cfg, off) ((T *)(void *)((char *)(cfg) + (off)))
#define CFIELD(T, cfg, off) ((const T *)(const void *)((const char *)(cfg) + \
	(off)))

/* A number or a duration in range, or NAN after a diag. */
static double
config_number(const struct option *o, const char *value, const char *file,
    int line, struct diags *d)
{
	double x;

	if (o->type == T_DURATION)
		x = parse_duration(value);
	else {
		char *end;

		errno = 0;
		x = strtod(value, &end);
		if (end == value || *end != '\0' || errno != 0 || !isfinite(x))
			x = NAN;
	}
	if (isnan(x) || x < 0) {
		diag_add(d, file, line, "%s: '%s' is not a %s; keeping %s",
		    o->info.name, value, o->info.type, o->info.def);
		return NAN;
	}
	if (x < o->min || x > o->max) {
		diag_add(d, file, line, "%s: %s is out of range (%s); keeping %s",
		    o->info.name, value, o->info.range, o->info.def);
		return NAN;
	}
	return x;
}

/* The column list of a T_WORDS option into cols; its length, or -1 after
 * a diag. */
static long
config_words(const struct option *o, const char *value,
    enum config_column *cols, const char *file, int line, struct diags *d)
{
	size_t n = 0;
	char *copy = xstrdup(value), *save = NULL;
	bool ok = true;

	for (char *t = strtok_r(copy, " \t,", &save); t != NULL && ok;
	    t = strtok_r(NULL, " \t,", &save)) {
		int w = word_index(o->words, t);

		if (w < 0) {
			diag_add(d, file, line, "%s: unknown column '%s'",
			    o->info.name, t);
			ok = false;
		}
		for (size_t k = 0; ok && k < n; k++)
			if (cols[k] == (enum config_column)w) {
				diag_add(d, file, line, "%s: '%s' appears twice",
				    o->info.name, t);
				ok = false;
			}
		if (ok)
			cols[n++] = (enum config_column)w;
	}
	free(copy);
	if (ok && n == 0) {
		diag_add(d, file, line, "%s: name at least one column",
		    o->info.name);
		ok = false;
	}
	return ok ? (long)n : -1;
}

/* Set one option from its text. Returns false (with a diag) when the value
 * is bad; cfg keeps what it had. */
static bool
config_set(struct config *cfg, const struct option *o, const char *value,
    const char *file, int line, struct diags *d)
{
	switch (o->type) {
	case T_NUMBER:
	case T_DURATION: {
		double x = config_number(o, value, file, line, d);

		if (isnan(x))
			return false;
		if (o->type == T_DURATION)
			*FIELD(int, cfg, o->off) = (int)x;
		else
			*FIELD(double, cfg, o->off) = x;
		return true;
	}
	case T_URIS: {
		char ***list = FIELD(char **, cfg, o->off);
		size_t *n = FIELD(size_t, cfg, o->off2);
		char *copy = xstrdup(value), *save = NULL;

		free_list(list, n);
		for (char *t = strtok_r(copy, " \t,", &save); t != NULL;
		    t = strtok_r(NULL, " \t,", &save)) {
			*list = xreallocarray(*list, *n + 1, sizeof **list);
			(*list)[(*n)++] = xstrdup(t);
		}
		free(copy);
		return true;
	}
	case T_NAME:
	case T_KEY:
		if (*value == '\0' || strpbrk(value, o->type == T_NAME ?
		    "/ \t" : " ") != NULL) {
			diag_add(d, file, line, "%s: '%s' is not a %s",
			    o->info.name, value, o->noun);
			return false;
		}
		free(*FIELD(char *, cfg, o->off));
		*FIELD(char *, cfg, o->off) = xstrdup(value);
		if (o->type == T_KEY)
			*FIELD(int, cfg, o->off2) = line;
		return true;
	case T_WORD: {
		int w = word_index(o->words, value);

		if (w < 0) {
			char *all = words_joined(o->words);

			diag_add(d, file, line, "%s: '%s' is not one of %s; "
			    "keeping %s", o->info.name, value, all, o->info.def);
			free(all);
			return false;
		}
		/* the enums here are ints: their values are the words' places */
		*FIELD(int, cfg, o->off) = w;
		return true;
	}
	case T_WORDS: {
		enum config_column cols[CONFIG_COL_COUNT];
		long n = config_words(o, value, cols, file, line, d);

		if (n < 0)
			return false;
		memcpy(FIELD(enum config_column, cfg, o->off), cols,
		    (size_t)n * sizeof cols[0]);
		*FIELD(size_t, cfg, o->off2) = (size_t)n;
		return true;
	}
	}
	return false;
}

struct parse_ctx {
	struct config *cfg;
	struct diags *d;
	int seen[OPT_COUNT];		/* line each option was set on */
};

static void
config_handler(void *user, const char *section, const char *name,
    const char *value, const char *file, int line)
{
	struct parse_ctx *p = user;

	if (strcmp(section, "keys") == 0) {
		struct config *cfg = p->cfg;
		struct config_binding *b;

		cfg->bindings = xreallocarray(cfg->bindings, cfg->nbindings + 1,
		    sizeof *cfg->bindings);
		b = &cfg->bindings[cfg->nbindings++];
		b->key = xstrdup(name);
		b->command = xstrdup(value);
		b->file = xstrdup(file);
		b->line = line;
		return;
	}
	if (strcmp(section, "general") != 0) {
		diag_add(p->d, file, line, "unknown section [%s] (vmdeck reads "
		    "[general] and [keys])", section);
		return;
	}
	for (int i = 0; i < OPT_COUNT; i++)
		if (strcmp(options[i].info.name, name) == 0) {
			if (p->seen[i] != 0)
				diag_add(p->d, file, line, "%s is set again "
				    "(first on line %d); the later wins", name,
				    p->seen[i]);
			p->seen[i] = line;
			config_set(p->cfg, &options[i], value, file, line, p->d);
			return;
		}
	diag_add(p->d, file, line, "unknown option '%s' (see vmdeck "
	    "--help-config)", name);
}

int
config_parse(struct config *cfg, const char *file, const char *buf,
    size_t len, struct diags *d)
{
	struct parse_ctx p = { .cfg = cfg, .d = d };

	return inifile_parse(file, buf, len, config_handler, &p, d);
}

void
config_init(struct config *cfg)
{
	struct diags d = { 0 };
	char *text = xstrdup("[general]\n");

	memset(cfg, 0, sizeof *cfg);
	for (int i = 0; i < OPT_COUNT; i++) {
		char *more = xasprintf("%s%s = %s\n", text, options[i].info.name,
		    options[i].info.def);

		free(text);
		text = more;
	}
	config_parse(cfg, "defaults", text, strlen(text), &d);
	free(text);
	cfg->escape_line = 0;	/* not from the user's file */
	if (d.n > 0)
		fatal("bad built-in default: %s", d.msgs[0]);
	diag_clear(&d);
}

void
config_free(struct config *cfg)
{
	free_list(&cfg->connect, &cfg->nconnect);
	free(cfg->theme);
	free(cfg->escape_key);
	for (size_t i = 0; i < cfg->nbindings; i++) {
		free(cfg->bindings[i].key);
		free(cfg->bindings[i].command);
		free(cfg->bindings[i].file);
	}
	free(cfg->bindings);
	memset(cfg, 0, sizeof *cfg);
}

int
config_load(struct config *cfg, const char *path, struct diags *d)
{
	size_t len;
	bool missing;
	char *buf = inifile_slurp(path, &len, &missing, d);
	int rc;

	if (buf == NULL)
		return missing ? 0 : -1;
	rc = config_parse(cfg, path, buf, len, d);
	free(buf);
	return rc;
}

char *
config_dir(const char *kind)
{
	return paths_xdg("XDG_CONFIG_HOME", ".config", kind);
}

char *
config_path(void)
{
	return config_dir("config");
}

const char *
config_value(const struct config *cfg, const char *name, char *buf,
    size_t len)
{
	const struct option *o = NULL;

	for (int i = 0; i < OPT_COUNT && o == NULL; i++)
		if (strcmp(options[i].info.name, name) == 0)
			o = &options[i];
	if (o == NULL)
		return NULL;
	buf[0] = '\0';
	switch (o->type) {
	case T_NUMBER:
		snprintf(buf, len, "%g", *CFIELD(double, cfg, o->off));
		break;
	case T_DURATION: {
		int secs = *CFIELD(int, cfg, o->off);

		if (secs % 3600 == 0)
			snprintf(buf, len, "%dh", secs / 3600);
		else if (secs % 60 == 0)
			snprintf(buf, len, "%dm", secs / 60);
		else
			snprintf(buf, len, "%ds", secs);
		break;
	}
	case T_URIS: {
		char *const *list = *(char **const *)(const void *)
		    ((const char *)cfg + o->off);
		size_t n = *CFIELD(size_t, cfg, o->off2);

		for (size_t k = 0; k < n; k++) {
			size_t l = strlen(buf);
			snprintf(buf + l, len - l, "%s%s", k ? " " : "", list[k]);
		}
		break;
	}
	case T_NAME:
	case T_KEY:
		snprintf(buf, len, "%s", *(char *const *)(const void *)
		    ((const char *)cfg + o->off));
		break;
	case T_WORD:
		snprintf(buf, len, "%s", o->words[*CFIELD(int, cfg, o->off)]);
		break;
	case T_WORDS: {
		const enum config_column *cols = CFIELD(enum config_column, cfg,
		    o->off);
		size_t n = *CFIELD(size_t, cfg, o->off2);

		for (size_t k = 0; k < n; k++) {
			size_t l = strlen(buf);
			snprintf(buf + l, len - l, "%s%s", k ? " " : "",
			    o->words[cols[k]]);
		}
		break;
	}
	}
	return buf;
}

void
config_print_help(FILE *out)
{
	fprintf(out, "Options of the [general] section of %s\n"
	    "(a [keys] section binds keys: KEY = COMMAND):\n\n",
	    "$XDG_CONFIG_HOME/vmdeck/config");
	for (int i = 0; i < OPT_COUNT; i++) {
		const struct config_option_info *o = &options[i].info;

		fprintf(out, "%-12s %s (%s), default \"%s\"\n%12s %s\n\n",
		    o->name, o->type, o->range, o->def, "", o->help);
	}
}

/* --- writing back ---------------------------------------------------- */

/* The options W writes. */
static const char *const saved_options[] = {
	"sort", "columns", "theme", "interval",
};

#define NSAVED (sizeof saved_options / sizeof saved_options[0])

/* If line is "NAME = VALUE" for a saved option, which one; else -1.
 * *section tracks the section the line is in. */
static int
line_option(const char *line, char *section, size_t seclen)
{
	const char *s = line + strspn(line, " \t");

	if (*s == '[') {
		const char *e = strchr(s, ']');

		if (e != NULL) {
			snprintf(section, seclen, "%.*s", (int)(e - s - 1), s + 1);
		}
		return -1;
	}
	if (strcmp(section, "general") != 0)
		return -1;
	for (size_t i = 0; i < NSAVED; i++) {
		size_t n = strlen(saved_options[i]);

		if (strncmp(s, saved_options[i], n) == 0 &&
		    (s[n] == ' ' || s[n] == '\t' || s[n] == '=' || s[n] == ':'))
			return (int)i;
	}
	return -1;
}

int
config_save(const struct config *cfg, const char *path, char **err)
{
	struct diags d = { 0 };
	size_t len = 0;
	bool missing, done[NSAVED] = { false };
	char *old = inifile_slurp(path, &len, &missing, &d);
	char section[64] = "";
	char *text = NULL;
	size_t tlen = 0;
	FILE *f;

	if (old == NULL && !missing) {
		*err = xstrdup(d.msgs[0]);
		diag_clear(&d);
		return -1;
	}
	diag_clear(&d);
	if (paths_mkdir_parents(path) < 0) {
		*err = xasprintf("Could not create the directory of %s: %s",
		    path, strerror(errno));
		free(old);
		return -1;
	}
	/* the new text in memory, then in place of the old file at once */
	if ((f = open_memstream(&text, &tlen)) == NULL)
		fatal("out of memory");

	/* pass 1: copy, replacing saved options' values in place and
	 * keeping any comment after them */
	bool have_general = false;
	const char *p = old ? old : "";
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xasprintf("%.*s", (int)n, p);
		char prev[64];

		snprintf(prev, sizeof prev, "%s", section);
		int opt = line_option(line, section, sizeof section);
		if (strcmp(section, "general") == 0)
			have_general = true;
		/* leaving [general]: add what it lacked before the next
		 * section */
		if (strcmp(prev, "general") == 0 &&
		    strcmp(section, "general") != 0) {
			for (size_t i = 0; i < NSAVED; i++)
				if (!done[i]) {
					char v[512];
					fprintf(f, "%s = %s\n", saved_options[i],
					    config_value(cfg, saved_options[i], v,
					    sizeof v));
					done[i] = true;
				}
		}
		if (opt >= 0) {
			char v[512];
			const char *comment = strstr(line, " ;");

			fprintf(f, "%s = %s%s\n", saved_options[opt],
			    config_value(cfg, saved_options[opt], v, sizeof v),
			    comment ? comment : "");
			done[opt] = true;
		} else
			fprintf(f, "%s\n", line);
		free(line);
		p = nl ? nl + 1 : p + n;
	}
	if (!have_general)
		fprintf(f, "%s[general]\n", old && *old ? "\n" : "");
	for (size_t i = 0; i < NSAVED; i++)
		if (!done[i]) {
			char v[512];
			fprintf(f, "%s = %s\n", saved_options[i],
			    config_value(cfg, saved_options[i], v, sizeof v));
		}
	free(old);
	if (fclose(f) != 0)
		fatal("out of memory");
	int r = fdio_replace(path, text, tlen, err);

	free(text);
	return r;
}
