/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * Unit tests of the settings: the option table against the parser, the
 * config file's errors and its round trip through W, and themes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/config/config.h"
#include "../../src/config/inifile.h"
#include "../../src/config/shipped.h"
#include "../../src/config/themefile.h"
#include "../../src/util/color.h"
#include "../../src/util/diag.h"
#include "../common/testutil.h"

static int
parse(struct config *cfg, struct diags *d, const char *text)
{
	return config_parse(cfg, "cfg", text, strlen(text), d);
}

/* The one message in d must be want. */
static void
one_diag(struct diags *d, const char *want)
{
	if (d->n != 1 || strcmp(d->msgs[0], want) != 0)
		fail_msg("expected [%s], got %zu message(s), first [%s]", want,
		    d->n, d->n ? d->msgs[0] : "");
	diag_clear(d);
}

static void
test_defaults(void **state)
{
	struct config cfg;
	char v[256];

	(void)state;
	config_init(&cfg);
	assert_true(cfg.interval == 1.0);
	assert_string_equal(cfg.theme, "default");
	assert_int_equal(cfg.confirm, CONFIG_CONFIRM_DESTRUCTIVE);
	assert_string_equal(cfg.escape_key, "^]");
	assert_int_equal(cfg.graph, CONFIG_GRAPH_BRAILLE);
	assert_int_equal(cfg.history, 3600);
	/* every column but the snapshot count, which costs a call per VM;
	 * the IP column among them, after the network rates */
	assert_int_equal(cfg.ncolumns, CONFIG_COL_SNAPSHOTS + 1);
	assert_int_equal(cfg.columns[7], CONFIG_COL_IP);
	assert_int_equal(cfg.sort, DOMLIST_SORT_NAME);
	assert_int_equal(cfg.nconnect, 0);
	/* every option prints back as its default */
	for (size_t i = 0; config_option(i) != NULL; i++) {
		const struct config_option_info *o = config_option(i);

		assert_non_null(config_value(&cfg, o->name, v, sizeof v));
		assert_string_equal(v, o->def);
	}
	assert_null(config_value(&cfg, "nope", v, sizeof v));
	config_free(&cfg);
}

static void
test_every_option_parses(void **state)
{
	struct config cfg;
	struct diags d = { 0 };

	(void)state;
	config_init(&cfg);
	assert_int_equal(parse(&cfg, &d, "[general]\n"
	    "interval = 2.5\n"
	    "connect = qemu:///system, test:///default\n"
	    "theme = light\n"
	    "confirm = all\n"
	    "escape_key = F12\n"
	    "graph_style = ascii\n"
	    "history = 10m\n"
	    "columns = state name\n"
	    "sort = memory\n"
	    "[keys]\n"
	    "x = quit\n"), 0);
	assert_int_equal(d.n, 0);
	assert_true(cfg.interval == 2.5);
	assert_int_equal(cfg.nconnect, 2);
	assert_string_equal(cfg.connect[1], "test:///default");
	assert_string_equal(cfg.theme, "light");
	assert_int_equal(cfg.confirm, CONFIG_CONFIRM_ALL);
	assert_string_equal(cfg.escape_key, "F12");
	assert_int_equal(cfg.escape_line, 6);
	assert_int_equal(cfg.graph, CONFIG_GRAPH_ASCII);
	assert_int_equal(cfg.history, 600);
	assert_int_equal(cfg.ncolumns, 2);
	assert_int_equal(cfg.columns[0], CONFIG_COL_STATE);
	assert_int_equal(cfg.sort, DOMLIST_SORT_MEMORY);
	assert_int_equal(cfg.nbindings, 1);
	assert_string_equal(cfg.bindings[0].key, "x");
	assert_string_equal(cfg.bindings[0].command, "quit");
	assert_int_equal(cfg.bindings[0].line, 12);
	config_free(&cfg);
}

static void
test_bad_values_keep_defaults(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "[general]\ninterval = 0\n", "cfg:2: interval: 0 is out of "
		    "range (0.1 to 3600); keeping 1" },
		{ "[general]\ninterval = fast\n", "cfg:2: interval: 'fast' is "
		    "not a number; keeping 1" },
		/* a file's control bytes are written out, never sent to the
		 * terminal that shows the warning */
		{ "[general]\ninterval = \x1b]0;pwned\x07\n", "cfg:2: interval: "
		    "'\\x1b]0;pwned\\x07' is not a number; keeping 1" },
		{ "[general]\nhistory = 2d\n", "cfg:2: history: '2d' is not a "
		    "duration; keeping 1h" },
		{ "[general]\nhistory = 30s\n", "cfg:2: history: 30s is out of "
		    "range (1m to 24h); keeping 1h" },
		{ "[general]\nsort = size\n", "cfg:2: sort: 'size' is not one "
		    "of name, state, cpu, memory, disk, net, vcpus, host, tag; keeping "
		    "name" },
		{ "[general]\ncolumns = name bogus\n", "cfg:2: columns: unknown "
		    "column 'bogus'" },
		{ "[general]\ncolumns = name name\n", "cfg:2: columns: 'name' "
		    "appears twice" },
		{ "[general]\nthemes = x\n", "cfg:2: unknown option 'themes' "
		    "(see vmdeck --help-config)" },
		{ "[colours]\nx = y\n", "cfg:2: unknown section [colours] "
		    "(vmdeck reads [general] and [keys])" },
		{ "[general]\njust words\n", "cfg:2: expected NAME = VALUE or "
		    "[section], found 'just words'" },
		{ "[general\n", "cfg:1: section name lacks its closing ']'" },
		{ "[general]\ntheme = a/b\n", "cfg:2: theme: 'a/b' is not a "
		    "theme name" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct config cfg, def;
		struct diags d = { 0 };
		char a[256], b[256];

		config_init(&cfg);
		config_init(&def);
		assert_int_equal(parse(&cfg, &d, bad[i].text), 0);
		one_diag(&d, bad[i].msg);
		/* nothing changed */
		for (size_t k = 0; config_option(k) != NULL; k++) {
			const char *name = config_option(k)->name;

			assert_string_equal(config_value(&cfg, name, a, sizeof a),
			    config_value(&def, name, b, sizeof b));
		}
		config_free(&cfg);
		config_free(&def);
	}
}

static void
test_bad_files(void **state)
{
	struct config cfg;
	struct diags d = { 0 };
	char *dir = testutil_tmpdir();
	char *path = NULL;
	char *big;
	FILE *f;

	(void)state;
	config_init(&cfg);
	/* missing: no message, defaults */
	path = strdup("/nonexistent/vmdeck/config");
	assert_int_equal(config_load(&cfg, path, &d), 0);
	assert_int_equal(d.n, 0);
	free(path);
	/* empty: no message */
	path = testutil_write(dir, "empty", "", 0);
	assert_int_equal(config_load(&cfg, path, &d), 0);
	assert_int_equal(d.n, 0);
	free(path);
	/* binary */
	path = testutil_write(dir, "binary", "[general]\n\0\x01\x02", 13);
	assert_int_equal(config_load(&cfg, path, &d), -1);
	assert_non_null(strstr(d.msgs[0], ": not a text file"));
	diag_clear(&d);
	free(path);
	/* huge */
	big = malloc(INIFILE_MAX_BYTES + 10);
	memset(big, '#', INIFILE_MAX_BYTES + 10);
	path = testutil_write(dir, "huge", big, INIFILE_MAX_BYTES + 10);
	free(big);
	assert_int_equal(config_load(&cfg, path, &d), -1);
	assert_non_null(strstr(d.msgs[0], ": too large"));
	diag_clear(&d);
	free(path);
	/* a line too long is reported and skipped; the rest still counts */
	big = calloc(1, 600);
	snprintf(big, 600, "[general]\nconnect = %0500d\nsort = state\n", 0);
	assert_int_equal(parse(&cfg, &d, big), 0);
	one_diag(&d, "cfg:2: line too long (over 197 characters); ignored");
	assert_int_equal(cfg.sort, DOMLIST_SORT_STATE);
	free(big);
	/* unreadable (a directory is refused the same way) */
	f = fopen(dir, "r");
	if (f != NULL)
		fclose(f);
	assert_int_equal(config_load(&cfg, dir, &d), -1);
	assert_int_equal(d.n, 1);
	diag_clear(&d);
	config_free(&cfg);
	testutil_rmtree(dir);
	free(dir);
}


static void
test_save_round_trip(void **state)
{
	struct config cfg;
	struct diags d = { 0 };
	char *dir = testutil_tmpdir();
	char *path, *err = NULL, *text;
	static const char before[] =
	    "; my settings\n"
	    "[general]\n"
	    "# the theme I like\n"
	    "theme = light ; for the office\n"
	    "confirm = all\n"
	    "\n"
	    "[keys]\n"
	    "x = quit\n";

	(void)state;
	path = testutil_write(dir, "config", before, strlen(before));
	config_init(&cfg);
	assert_int_equal(config_load(&cfg, path, &d), 0);
	assert_int_equal(d.n, 0);
	free(cfg.theme);
	cfg.theme = strdup("solarized-dark");
	cfg.sort = DOMLIST_SORT_STATE;
	cfg.ncolumns = 2;
	cfg.columns[0] = CONFIG_COL_NAME;
	cfg.columns[1] = CONFIG_COL_MEMORY;
	assert_int_equal(config_save(&cfg, path, &err), 0);
	text = testutil_slurp(path);
	assert_string_equal(text,
	    "; my settings\n"
	    "[general]\n"
	    "# the theme I like\n"
	    "theme = solarized-dark ; for the office\n"
	    "confirm = all\n"
	    "\n"
	    "sort = state\n"
	    "columns = name memory\n"
	    "interval = 1\n"
	    "[keys]\n"
	    "x = quit\n");
	free(text);
	/* and it reads back to the same settings */
	struct config again;
	config_init(&again);
	assert_int_equal(config_load(&again, path, &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(again.theme, "solarized-dark");
	assert_int_equal(again.sort, DOMLIST_SORT_STATE);
	assert_int_equal(again.ncolumns, 2);
	assert_int_equal(again.confirm, CONFIG_CONFIRM_ALL);
	assert_int_equal(again.nbindings, 1);
	config_free(&again);
	free(path);

	/* a new file, in a directory that does not exist yet */
	path = testutil_path(dir, "new/vmdeck/config");
	assert_int_equal(config_save(&cfg, path, &err), 0);
	text = testutil_slurp(path);
	assert_string_equal(text, "[general]\nsort = state\n"
	    "columns = name memory\ntheme = solarized-dark\ninterval = 1\n");
	free(text);
	free(path);

	/* W on a symlinked config of mode 0640: the file the link names is
	 * replaced, the link stays a link, the mode stays 0640 */
	{
		char *real = testutil_write(dir, "real-config", "[general]\n",
		    11), *link = testutil_path(dir, "link-config");
		struct stat st;

		assert_int_equal(chmod(real, 0640), 0);
		assert_int_equal(symlink("real-config", link), 0);
		assert_int_equal(config_save(&cfg, link, &err), 0);
		assert_int_equal(lstat(link, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
		assert_int_equal(stat(real, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0640);
		text = testutil_slurp(real);
		assert_non_null(strstr(text, "theme = solarized-dark"));
		free(text);
		free(real);
		free(link);
	}
	config_free(&cfg);
	testutil_rmtree(dir);
	free(dir);
}

static void
test_shipped_themes_load(void **state)
{
	static const char *const wanted[] = { "default", "light",
	    "high-contrast", "monochrome", "solarized-dark" };
	struct theme_set set;
	struct diags d = { 0 };
	const char *dirs[] = { NULL };

	(void)state;
	theme_set_load(&set, dirs, &d);
	/* every shipped theme sets every slot without a complaint */
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.msgs[i]);
	assert_int_equal(d.n, 0);
	assert_int_equal(set.n, shipped_themes_count);
	for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) {
		int k = theme_set_find(&set, wanted[i]);

		assert_true(k >= 0);
		assert_non_null(set.themes[k].description);
		for (int s = 0; s < THEME_SLOT_COUNT; s++)
			assert_true(set.themes[k].slot[s].set);
	}
	/* monochrome has no colours at all */
	int m = theme_set_find(&set, "monochrome");
	for (int s = 0; s < THEME_SLOT_COUNT; s++) {
		assert_int_equal(set.themes[m].slot[s].fg.kind,
		    THEME_COLOR_DEFAULT);
		assert_int_equal(set.themes[m].slot[s].bg.kind,
		    THEME_COLOR_DEFAULT);
	}
	theme_set_free(&set);
}

static void
test_theme_styles(void **state)
{
	struct theme_style st;
	const char *why = NULL;

	(void)state;
	assert_int_equal(theme_style_parse("green", &st, &why), 0);
	assert_int_equal(st.fg.kind, THEME_COLOR_INDEX);
	assert_int_equal(st.fg.value, 2);
	assert_int_equal(st.fg.basic, 2);
	assert_int_equal(st.bg.kind, THEME_COLOR_DEFAULT);

	assert_int_equal(theme_style_parse("#002b36/black on color21 bold "
	    "underline", &st, &why), 0);
	assert_int_equal(st.fg.kind, THEME_COLOR_RGB);
	assert_int_equal(st.fg.value, 0x002b36);
	assert_int_equal(st.fg.basic, 0);
	assert_int_equal(st.bg.kind, THEME_COLOR_INDEX);
	assert_int_equal(st.bg.value, 21);
	assert_int_equal(st.bg.basic, 4);	/* derived: a blue */
	assert_int_equal(st.attrs, THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE);

	assert_int_equal(theme_style_parse("bright-red on default", &st, &why),
	    0);
	assert_int_equal(st.fg.value, 9);
	assert_int_equal(st.fg.basic, 1);
	assert_int_equal(theme_style_parse("reverse", &st, &why), 0);
	assert_int_equal(st.attrs, THEME_ATTR_REVERSE);

	/* nearest colours */
	assert_int_equal(color_rgb_to_256(0xff0000), 196);
	assert_int_equal(color_rgb_to_256(0x000000), 16);
	struct theme_color c = { THEME_COLOR_RGB, 0xdc322f, 0 };
	assert_int_equal(theme_to_basic(&c), 1);
	/* the palette's own entries: the ANSI 16 by their base, a cube
	 * entry by the nearest (196 is pure red) */
	assert_int_equal(color_index_to_basic(9), 1);
	assert_int_equal(color_index_to_basic(196), 1);
	assert_int_equal(color_index_rgb(231), 0xffffffu);

	static const char *const bad[] = {
		"grene", "color256", "#12345", "#gggggg", "red on", "on on red",
		"red blue", "red/orange", "", "red on blue green",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		why = NULL;
		if (theme_style_parse(bad[i], &st, &why) == 0)
			fail_msg("'%s' was accepted", bad[i]);
		assert_non_null(why);
	}
}

static void
test_theme_file_errors(void **state)
{
	struct theme t;
	struct diags d = { 0 };
	static const char text[] =
	    "[theme]\n"
	    "name = mine\n"
	    "[colors]\n"
	    "normal = white on black\n"
	    "running = grene\n"
	    "selction = red\n"
	    "error = red bold\n";

	(void)state;
	assert_int_equal(theme_parse(&t, "stem", "mine.ini", text, strlen(text),
	    &d), 0);
	assert_string_equal(t.name, "mine");
	assert_true(d.n == 3);
	assert_string_equal(d.msgs[0], "mine.ini:5: running: unknown colour "
	    "(use default, black…white, bright-NAME, colorN or #rrggbb): "
	    "'grene'");
	assert_string_equal(d.msgs[1], "mine.ini:6: unknown colour slot "
	    "'selction'");
	assert_non_null(strstr(d.msgs[2], "mine.ini: theme 'mine' sets no "
	    "colour for title, border, "));
	/* unset slots look like normal; the good ones hold */
	assert_int_equal(t.slot[THEME_RUNNING].fg.value, 7);
	assert_int_equal(t.slot[THEME_RUNNING].bg.value, 0);
	assert_int_equal(t.slot[THEME_ERROR].fg.value, 1);
	assert_int_equal(t.slot[THEME_ERROR].attrs, THEME_ATTR_BOLD);
	theme_free(&t);
	diag_clear(&d);
}

static void
test_user_theme_overrides(void **state)
{
	char *dir = testutil_tmpdir();
	struct theme_set set;
	struct diags d = { 0 };
	const char *dirs[] = { dir, NULL };
	static const char light[] = "[theme]\ndescription = mine\n[colors]\n"
	    "normal = red\n";
	char *p;

	(void)state;
	p = testutil_write(dir, "light.ini", light, strlen(light));
	free(p);
	p = testutil_write(dir, "notes.txt", "x", 1);
	free(p);
	theme_set_load(&set, dirs, &d);
	int k = theme_set_find(&set, "light");
	assert_true(k >= 0);
	assert_string_equal(set.themes[k].description, "mine");
	assert_int_equal(set.n, shipped_themes_count);	/* replaced, not added */
	assert_int_equal(d.n, 1);	/* its missing slots */
	diag_clear(&d);
	theme_set_free(&set);
	testutil_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_every_option_parses),
		cmocka_unit_test(test_bad_values_keep_defaults),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_save_round_trip),
		cmocka_unit_test(test_shipped_themes_load),
		cmocka_unit_test(test_theme_styles),
		cmocka_unit_test(test_theme_file_errors),
		cmocka_unit_test(test_user_theme_overrides),
	};

	return cmocka_run_group_tests_name("settings", tests, NULL, NULL);
}
