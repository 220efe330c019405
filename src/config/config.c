#include "config.h"

#include <ctype.h>
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

enum opt_id {
	OPT_INTERVAL,
	OPT_CONNECT,
	OPT_THEME,
	OPT_CONFIRM,
	OPT_ESCAPE_KEY,
	OPT_GRAPH,
	OPT_HISTORY,
	OPT_COLUMNS,
	OPT_SORT,
	OPT_VNC_COLORS,
	OPT_VNC_GRAPHICS,
	OPT_CONNECT_TIMEOUT,
	OPT_COUNT,
};

static const char *const confirm_words[] = { "destructive", "all", NULL };
static const char *const graph_words[] = { "braille", "block", "ascii", NULL };
static const char *const vnc_color_words[] = { "auto", "truecolor", "256", "16",
	NULL };
static const char *const vnc_graphics_words[] = { "auto", "cells", "sixel",
	"kitty", NULL };
static const char *const column_words[] = {
	"name", "state", "cpu", "cpugraph", "memory", "disk", "net", "vcpus",
	"autostart", "persistent", NULL,
};
static const char *const sort_words[] = {
	"name", "state", "cpu", "memory", "disk", "net", "vcpus", "host", NULL,
};

/* The option table. Ranges are checked by the parser and printed by
 * --help-config; defaults are parsed like a user's file. */
static const struct option {
	enum opt_id id;
	struct config_option_info info;
	double min, max;		/* number and duration */
	const char *const *words;	/* word and words */
} options[OPT_COUNT] = {
	{ OPT_INTERVAL, { "interval", "number", "1", "0.1 to 3600",
	    "seconds between samples of the live figures (-d on the command "
	    "line); the list is re-read every 10th sample" }, 0.1, 3600, NULL },
	{ OPT_CONNECT, { "connect", "uris", "", "space-separated libvirt URIs",
	    "hosts to open when no -c is given and LIBVIRT_DEFAULT_URI is "
	    "unset" }, 0, 0, NULL },
	{ OPT_THEME, { "theme", "name", "default", "a theme's name",
	    "colour theme: default, light, high-contrast, monochrome, "
	    "solarized-dark, or one of yours" }, 0, 0, NULL },
	{ OPT_CONFIRM, { "confirm", "word", "destructive", "destructive all",
	    "which actions ask first: destructive ones (force off, delete), "
	    "or all lifecycle actions" }, 0, 0, confirm_words },
	{ OPT_ESCAPE_KEY, { "escape_key", "key", "^]", "a key name",
	    "key that leaves a console and returns to the lists (F12 works "
	    "too)" }, 0, 0, NULL },
	{ OPT_GRAPH, { "graph_style", "word", "braille", "braille block ascii",
	    "how graphs are drawn (ascii where the terminal is not UTF-8)" },
	    0, 0, graph_words },
	{ OPT_HISTORY, { "history", "duration", "1h", "1m to 24h",
	    "how much graph history each VM keeps (s, m or h)" }, 60, 86400,
	    NULL },
	{ OPT_COLUMNS, { "columns", "words",
	    "name state cpu cpugraph memory disk net vcpus autostart persistent",
	    "name state cpu cpugraph memory disk net vcpus autostart persistent",
	    "VM list columns, in order" }, 0, 0, column_words },
	{ OPT_SORT, { "sort", "word", "name",
	    "name state cpu memory disk net vcpus host",
	    "the VM list's sort column (host: in the all-hosts list)" }, 0, 0,
	    sort_words },
	{ OPT_VNC_COLORS, { "vnc_colors", "word", "auto", "auto truecolor 256 16",
	    "colours of a VM's screen in the VNC view: auto takes 24-bit when "
	    "COLORTERM says truecolor or 24bit, else 256 or 16 as the "
	    "terminal has" }, 0, 0, vnc_color_words },
	{ OPT_VNC_GRAPHICS, { "vnc_graphics", "word", "auto",
	    "auto cells sixel kitty",
	    "how the VNC view draws: auto uses sixel or kitty images where "
	    "libchafa's terminal list says the terminal takes them, else "
	    "cells" }, 0, 0, vnc_graphics_words },
	{ OPT_CONNECT_TIMEOUT, { "connect_timeout", "number", "10",
	    "1 to 600", "seconds a host has to connect, log in and answer "
	    "before it shows \"no answer\" (--timeout on the command line; "
	    "a host's own connect_timeout in the hosts file)" }, 1, 600,
	    NULL },
};

const struct config_option_info *
config_option(size_t i)
{
	return i < OPT_COUNT ? &options[i].info : NULL;
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

/* Set one option from its text. Returns false (with a diag) when the value
 * is bad; cfg keeps what it had. */
static bool
config_set(struct config *cfg, const struct option *o, const char *value,
    const char *file, int line, struct diags *d)
{
	double x;
	int w;

	switch (o->id) {
	case OPT_INTERVAL:
	case OPT_CONNECT_TIMEOUT:
	case OPT_HISTORY: {
		char *end;

		if (o->id == OPT_HISTORY)
			x = parse_duration(value);
		else {
			errno = 0;
			x = strtod(value, &end);
			if (end == value || *end != '\0' || errno != 0 ||
			    !isfinite(x))
				x = NAN;
		}
		if (isnan(x) || x < 0) {
			diag_add(d, file, line, "%s: '%s' is not a %s; keeping "
			    "%s", o->info.name, value, o->info.type,
			    o->info.def);
			return false;
		}
		if (x < o->min || x > o->max) {
			diag_add(d, file, line, "%s: %s is out of range (%s); "
			    "keeping %s", o->info.name, value, o->info.range,
			    o->info.def);
			return false;
		}
		if (o->id == OPT_HISTORY)
			cfg->history = (int)x;
		else if (o->id == OPT_CONNECT_TIMEOUT)
			cfg->connect_timeout = x;
		else
			cfg->interval = x;
		return true;
	}
	case OPT_CONNECT: {
		char *copy = xstrdup(value), *save = NULL;

		free_list(&cfg->connect, &cfg->nconnect);
		for (char *t = strtok_r(copy, " \t,", &save); t != NULL;
		    t = strtok_r(NULL, " \t,", &save)) {
			cfg->connect = xreallocarray(cfg->connect,
			    cfg->nconnect + 1, sizeof *cfg->connect);
			cfg->connect[cfg->nconnect++] = xstrdup(t);
		}
		free(copy);
		return true;
	}
	case OPT_THEME:
		if (*value == '\0' || strpbrk(value, "/ \t") != NULL) {
			diag_add(d, file, line, "theme: '%s' is not a theme name",
			    value);
			return false;
		}
		free(cfg->theme);
		cfg->theme = xstrdup(value);
		return true;
	case OPT_ESCAPE_KEY:
		if (*value == '\0' || strchr(value, ' ') != NULL) {
			diag_add(d, file, line, "escape_key: '%s' is not a key "
			    "name", value);
			return false;
		}
		free(cfg->escape_key);
		cfg->escape_key = xstrdup(value);
		cfg->escape_line = line;
		return true;
	case OPT_CONFIRM:
	case OPT_GRAPH:
	case OPT_SORT:
	case OPT_VNC_COLORS:
	case OPT_VNC_GRAPHICS:
		w = word_index(o->words, value);
		if (w < 0) {
			char *all = words_joined(o->words);

			diag_add(d, file, line, "%s: '%s' is not one of %s; "
			    "keeping %s", o->info.name, value, all, o->info.def);
			free(all);
			return false;
		}
		if (o->id == OPT_CONFIRM)
			cfg->confirm = (enum config_confirm)w;
		else if (o->id == OPT_GRAPH)
			cfg->graph = (enum config_graph)w;
		else if (o->id == OPT_VNC_COLORS)
			cfg->vnc_colors = (enum config_vnc_colors)w;
		else if (o->id == OPT_VNC_GRAPHICS)
			cfg->vnc_graphics = (enum config_vnc_graphics)w;
		else
			cfg->sort = (enum domlist_sort)w;
		return true;
	case OPT_COLUMNS: {
		enum config_column cols[CONFIG_COL_COUNT];
		size_t n = 0;
		char *copy = xstrdup(value), *save = NULL;
		bool ok = true;

		for (char *t = strtok_r(copy, " \t,", &save); t != NULL && ok;
		    t = strtok_r(NULL, " \t,", &save)) {
			w = word_index(o->words, t);
			if (w < 0) {
				diag_add(d, file, line, "columns: unknown column "
				    "'%s'", t);
				ok = false;
			}
			for (size_t k = 0; ok && k < n; k++)
				if (cols[k] == (enum config_column)w) {
					diag_add(d, file, line, "columns: '%s' "
					    "appears twice", t);
					ok = false;
				}
			if (ok)
				cols[n++] = (enum config_column)w;
		}
		free(copy);
		if (ok && n == 0) {
			diag_add(d, file, line, "columns: name at least one "
			    "column");
			ok = false;
		}
		if (!ok)
			return false;
		memcpy(cfg->columns, cols, n * sizeof cols[0]);
		cfg->ncolumns = n;
		return true;
	}
	case OPT_COUNT:
		break;
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
	int i;

	for (i = 0; i < OPT_COUNT; i++)
		if (strcmp(options[i].info.name, name) == 0)
			break;
	if (i == OPT_COUNT)
		return NULL;
	buf[0] = '\0';
	switch (options[i].id) {
	case OPT_INTERVAL:
		snprintf(buf, len, "%g", cfg->interval);
		break;
	case OPT_CONNECT_TIMEOUT:
		snprintf(buf, len, "%g", cfg->connect_timeout);
		break;
	case OPT_CONNECT:
		for (size_t k = 0; k < cfg->nconnect; k++) {
			size_t l = strlen(buf);
			snprintf(buf + l, len - l, "%s%s", k ? " " : "",
			    cfg->connect[k]);
		}
		break;
	case OPT_THEME:
		snprintf(buf, len, "%s", cfg->theme);
		break;
	case OPT_CONFIRM:
		snprintf(buf, len, "%s", confirm_words[cfg->confirm]);
		break;
	case OPT_ESCAPE_KEY:
		snprintf(buf, len, "%s", cfg->escape_key);
		break;
	case OPT_GRAPH:
		snprintf(buf, len, "%s", graph_words[cfg->graph]);
		break;
	case OPT_HISTORY:
		if (cfg->history % 3600 == 0)
			snprintf(buf, len, "%dh", cfg->history / 3600);
		else if (cfg->history % 60 == 0)
			snprintf(buf, len, "%dm", cfg->history / 60);
		else
			snprintf(buf, len, "%ds", cfg->history);
		break;
	case OPT_COLUMNS:
		for (size_t k = 0; k < cfg->ncolumns; k++) {
			size_t l = strlen(buf);
			snprintf(buf + l, len - l, "%s%s", k ? " " : "",
			    column_words[cfg->columns[k]]);
		}
		break;
	case OPT_SORT:
		snprintf(buf, len, "%s", sort_words[cfg->sort]);
		break;
	case OPT_VNC_COLORS:
		snprintf(buf, len, "%s", vnc_color_words[cfg->vnc_colors]);
		break;
	case OPT_VNC_GRAPHICS:
		snprintf(buf, len, "%s", vnc_graphics_words[cfg->vnc_graphics]);
		break;
	case OPT_COUNT:
		break;
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
