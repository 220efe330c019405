/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "themefile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/color.h"
#include "../util/xalloc.h"
#include "inifile.h"
#include "shipped.h"

static const char *const slot_names[THEME_SLOT_COUNT] = {
	[THEME_NORMAL] = "normal",
	[THEME_TITLE] = "title",
	[THEME_BORDER] = "border",
	[THEME_BORDER_FOCUS] = "border_focus",
	[THEME_HEADER] = "header",
	[THEME_SELECTION] = "selection",
	[THEME_SELECTION_DIM] = "selection_dim",
	[THEME_RUNNING] = "running",
	[THEME_PAUSED] = "paused",
	[THEME_SHUTOFF] = "shut_off",
	[THEME_CRASHED] = "crashed",
	[THEME_STATUS] = "status",
	[THEME_WARNING] = "warning",
	[THEME_ERROR] = "error",
	[THEME_HINT_KEY] = "hint_key",
	[THEME_HINT] = "hint",
	[THEME_DIALOG] = "dialog",
	[THEME_GRAPH_CPU] = "graph_cpu",
	[THEME_GRAPH_MEMORY] = "graph_memory",
	[THEME_GRAPH_DISK] = "graph_disk",
	[THEME_GRAPH_NET] = "graph_net",
};

static const char *const basic_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", THEME_ATTR_BOLD },
	{ "dim", THEME_ATTR_DIM },
	{ "underline", THEME_ATTR_UNDERLINE },
	{ "reverse", THEME_ATTR_REVERSE },
	{ "blink", THEME_ATTR_BLINK },
	{ "italic", THEME_ATTR_ITALIC },
};

const char *
theme_slot_name(enum theme_slot slot)
{
	return (unsigned)slot < THEME_SLOT_COUNT ? slot_names[slot] : "?";
}

int
theme_to_basic(const struct theme_color *c)
{
	if (c->kind == THEME_COLOR_DEFAULT)
		return -1;
	if (c->kind == THEME_COLOR_RGB)
		return color_rgb_to_basic(c->value);
	return color_index_to_basic(c->value);
}

static int
basic_index(const char *w)
{
	for (int i = 0; i < 8; i++)
		if (strcasecmp(basic_names[i], w) == 0)
			return i;
	return -1;
}

/* One colour word, with its optional "/fallback". */
static int
color_parse(const char *word, struct theme_color *c, const char **why)
{
	char buf[64];
	char *slash;
	int b;

	if (strlen(word) >= sizeof buf) {
		*why = "colour name too long";
		return -1;
	}
	strcpy(buf, word);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	memset(c, 0, sizeof *c);
	if (strcasecmp(buf, "default") == 0) {
		c->kind = THEME_COLOR_DEFAULT;
	} else if ((b = basic_index(buf)) >= 0) {
		c->kind = THEME_COLOR_INDEX;
		c->value = (uint32_t)b;
	} else if (strncasecmp(buf, "bright-", 7) == 0 &&
	    (b = basic_index(buf + 7)) >= 0) {
		c->kind = THEME_COLOR_INDEX;
		c->value = (uint32_t)b + 8;
	} else if (strncasecmp(buf, "color", 5) == 0 && buf[5] != '\0') {
		char *end;
		long v = strtol(buf + 5, &end, 10);

		if (*end != '\0' || v < 0 || v > 255) {
			*why = "colorN needs N from 0 to 255";
			return -1;
		}
		c->kind = THEME_COLOR_INDEX;
		c->value = (uint32_t)v;
	} else if (buf[0] == '#' && strlen(buf) == 7 &&
	    strspn(buf + 1, "0123456789abcdefABCDEF") == 6) {
		c->kind = THEME_COLOR_RGB;
		c->value = (uint32_t)strtoul(buf + 1, NULL, 16);
	} else {
		*why = "unknown colour (use default, black…white, bright-NAME, "
		    "colorN or #rrggbb)";
		return -1;
	}
	if (slash != NULL) {
		if (strcasecmp(slash, "default") == 0)
			c->basic = -1;
		else if ((c->basic = basic_index(slash)) < 0) {
			*why = "the fallback after '/' must be one of the 8 "
			    "basic colours or default";
			return -1;
		}
	} else
		c->basic = theme_to_basic(c);
	return 0;
}

int
theme_style_parse(const char *value, struct theme_style *out,
    const char **why)
{
	char buf[256], *save = NULL;
	struct theme_style st = { .fg = { .basic = -1 }, .bg = { .basic = -1 },
	    .set = true };
	bool have_fg = false, want_bg = false, have_bg = false;

	if (strlen(value) >= sizeof buf) {
		*why = "value too long";
		return -1;
	}
	strcpy(buf, value);
	for (char *w = strtok_r(buf, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		bool is_attr = false;

		for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0];
		    i++)
			if (strcasecmp(w, attr_names[i].name) == 0) {
				st.attrs |= attr_names[i].bit;
				is_attr = true;
			}
		if (is_attr)
			continue;
		if (strcasecmp(w, "on") == 0) {
			if (want_bg || have_bg) {
				*why = "'on' appears twice";
				return -1;
			}
			want_bg = true;
			continue;
		}
		if (want_bg && !have_bg) {
			if (color_parse(w, &st.bg, why) < 0)
				return -1;
			have_bg = true;
		} else if (!have_fg && !want_bg) {
			if (color_parse(w, &st.fg, why) < 0)
				return -1;
			have_fg = true;
		} else {
			*why = "expected FG [on BG] [bold|dim|underline|reverse|"
			    "blink|italic]";
			return -1;
		}
	}
	if (want_bg && !have_bg) {
		*why = "'on' needs a background colour";
		return -1;
	}
	if (!have_fg && !have_bg && st.attrs == 0) {
		*why = "empty style";
		return -1;
	}
	*out = st;
	return 0;
}

struct parse_ctx {
	struct theme *t;
	struct diags *d;
};

static void
theme_handler(void *user, const char *section, const char *name,
    const char *value, const char *file, int line)
{
	struct parse_ctx *p = user;

	if (strcmp(section, "theme") == 0) {
		if (strcmp(name, "name") == 0 && *value != '\0') {
			free(p->t->name);
			p->t->name = xstrdup(value);
		} else if (strcmp(name, "description") == 0) {
			free(p->t->description);
			p->t->description = xstrdup(value);
		} else
			diag_add(p->d, file, line, "unknown key '%s' in [theme] "
			    "(name, description)", name);
		return;
	}
	if (strcmp(section, "colors") != 0) {
		diag_add(p->d, file, line, "unknown section [%s] (a theme has "
		    "[theme] and [colors])", section);
		return;
	}
	for (int s = 0; s < THEME_SLOT_COUNT; s++)
		if (strcmp(slot_names[s], name) == 0) {
			const char *why = NULL;

			if (theme_style_parse(value, &p->t->slot[s], &why) < 0)
				diag_add(p->d, file, line, "%s: %s: '%s'", name,
				    why, value);
			return;
		}
	diag_add(p->d, file, line, "unknown colour slot '%s'", name);
}

int
theme_parse(struct theme *t, const char *name, const char *file,
    const char *buf, size_t len, struct diags *d)
{
	struct parse_ctx p = { .t = t, .d = d };
	char missing[512] = "";
	int rc;

	memset(t, 0, sizeof *t);
	t->name = xstrdup(name);
	rc = inifile_parse(file, buf, len, theme_handler, &p, d);
	if (!t->slot[THEME_NORMAL].set) {
		t->slot[THEME_NORMAL] = (struct theme_style){
			.fg = { .basic = -1 }, .bg = { .basic = -1 },
			.set = true };
		snprintf(missing, sizeof missing, "normal");
	}
	for (int s = 1; s < THEME_SLOT_COUNT; s++)
		if (!t->slot[s].set) {
			size_t l = strlen(missing);

			snprintf(missing + l, sizeof missing - l, "%s%s",
			    l ? ", " : "", slot_names[s]);
			t->slot[s] = t->slot[THEME_NORMAL];
			t->slot[s].set = false;
		}
	if (rc == 0 && missing[0] != '\0')
		diag_add(d, file, 0, "theme '%s' sets no colour for %s; "
		    "they look like 'normal'", t->name, missing);
	return rc;
}

void
theme_free(struct theme *t)
{
	free(t->name);
	free(t->description);
	memset(t, 0, sizeof *t);
}

int
theme_set_find(const struct theme_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->themes[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Add t (taken), replacing a theme of the same name in place. */
static void
theme_set_put(struct theme_set *set, struct theme *t)
{
	int i = theme_set_find(set, t->name);

	if (i >= 0) {
		theme_free(&set->themes[i]);
		set->themes[i] = *t;
		return;
	}
	set->themes = xreallocarray(set->themes, set->n + 1,
	    sizeof *set->themes);
	set->themes[set->n++] = *t;
}

/* inifile_each: one user theme file */
static void
theme_file(void *user, const char *stem, const char *path, const char *text,
    size_t len, struct diags *d)
{
	struct theme t;

	if (theme_parse(&t, stem, path, text, len, d) == 0)
		theme_set_put(user, &t);
	else
		theme_free(&t);
}

void
theme_set_load(struct theme_set *set, const char *const *dirs,
    struct diags *d)
{
	memset(set, 0, sizeof *set);
	for (size_t i = 0; i < shipped_themes_count; i++) {
		struct theme t;
		char *file = xasprintf("themes/%s.ini", shipped_themes[i].name);

		theme_parse(&t, shipped_themes[i].name, file,
		    shipped_themes[i].text, strlen(shipped_themes[i].text), d);
		theme_set_put(set, &t);
		free(file);
	}
	for (size_t i = 0; dirs != NULL && dirs[i] != NULL; i++)
		inifile_each(dirs[i], theme_file, set, d);
}

void
theme_set_free(struct theme_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		theme_free(&set->themes[i]);
	free(set->themes);
	memset(set, 0, sizeof *set);
}
