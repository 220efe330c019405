/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "keymap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/inifile.h"
#include "../util/xalloc.h"
#include "term.h"
#include "view.h"

/* The defaults, in the syntax of a config file's [keys] section. A new
 * command that wants a key gets its line here. */
static const char default_bindings[] =
	"[keys]\n"
	"; key     = command\n"
	"j         = down\n"
	"Down      = down\n"
	"k         = up\n"
	"Up        = up\n"
	"PageDown  = page-down\n"
	"PageUp    = page-up\n"
	"g         = top\n"
	"Home      = top\n"
	"G         = bottom\n"
	"End       = bottom\n"
	"Tab       = focus-next\n"
	"Enter     = details\n"
	"/         = filter\n"
	"s         = sort\n"
	"A         = all-hosts\n"
	"+         = add-host\n"
	"n         = create\n"
	"e         = edit\n"
	"E         = edit-xml\n"
	"C         = clone\n"
	"S         = snapshots\n"
	"P         = storage\n"
	"N         = networks\n"
	"u         = start\n"
	"o         = shutdown\n"
	"r         = reboot\n"
	"z         = pause\n"
	"p         = sampling\n"
	"LeftBracket  = window-shorter\n"
	"RightBracket = window-longer\n"
	"a         = autostart\n"
	"H         = save\n"
	"M         = memstats\n"
	"F         = force-off\n"
	"D         = delete\n"
	"R         = refresh\n"
	"T         = theme-next\n"
	"W         = save-settings\n"
	"c         = console\n"
	"f         = console-full\n"
	"w         = console-next\n"
	"x         = console-close\n"
	"Z         = console-stty\n"
	"t         = tag\n"
	"m         = migrate\n"
	"Space     = mark\n"
	"*         = mark-all\n"
	"U         = unmark-all\n"
	"Esc       = unmark-all\n"
	"v         = vnc\n"
	"Colon     = prompt\n"
	"L         = log\n"
	"^L        = redraw\n"
	"?         = help\n"
	"F1        = help\n"
	"q         = quit\n"
	"\n"
	"; the hosts pane: these first, then [keys]\n"
	"[keys.hosts]\n"
	"Enter     = focus-vms\n"
	"r         = refresh\n"
	"D         = remove-host\n"
	"\n"
	"; a console with the keyboard: these, every other key to the guest\n"
	"; (^] is the escape_key setting's default)\n"
	"[keys.console]\n"
	"^]        = console-leave\n"
	"F12       = console-leave\n"
	"F11       = console-full\n"
	"F10       = console-stty\n"
	"ShiftPageUp   = console-scroll-back\n"
	"ShiftPageDown = console-scroll-forward\n"
	"\n"
	"; the VNC screen: these, every other key to the guest\n"
	"[keys.vnc]\n"
	"^]        = vnc-menu\n"
	"F12       = vnc-close\n"
	"F11       = vnc-pane\n"
	"F10       = vnc-zoom\n";

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])
#define MAX_BINDINGS 256
#define MAX_TABLES 8

static struct {
	const struct command *cmds;
	size_t n;
} tables[MAX_TABLES];			/* the registered commands */
static size_t ntables;

static struct binding bindings[MAX_BINDINGS];
static int binding_source[MAX_BINDINGS];	/* which parse bound it */
static size_t nbindings;
static int last_source;

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Tab", '\t' },
	{ "Enter", '\r' },
	{ "Esc", 27 },
	{ "Space", ' ' },
	{ "Hash", '#' },
	{ "Colon", ':' },
	{ "Semicolon", ';' },
	{ "Equals", '=' },
	{ "LeftBracket", '[' },
	{ "RightBracket", ']' },
	{ "Up", UI_KEY(KEY_UP) },
	{ "Down", UI_KEY(KEY_DOWN) },
	{ "Left", UI_KEY(KEY_LEFT) },
	{ "Right", UI_KEY(KEY_RIGHT) },
	{ "PageUp", UI_KEY(KEY_PPAGE) },
	{ "PageDown", UI_KEY(KEY_NPAGE) },
	{ "Home", UI_KEY(KEY_HOME) },
	{ "End", UI_KEY(KEY_END) },
	{ "Delete", UI_KEY(KEY_DC) },
	{ "Backspace", UI_KEY(KEY_BACKSPACE) },
	{ "ShiftPageUp", UI_KEY(KEY_SPREVIOUS) },
	{ "ShiftPageDown", UI_KEY(KEY_SNEXT) },
};

void
keymap_register(const struct command *cmds, size_t n)
{
	for (size_t i = 0; i < ntables; i++)
		if (tables[i].cmds == cmds)
			return;			/* once is enough */
	if (ntables == MAX_TABLES)
		fatal("too many command tables");
	tables[ntables].cmds = cmds;
	tables[ntables].n = n;
	ntables++;
}

const struct command *
keymap_command(size_t i)
{
	for (size_t t = 0; t < ntables; t++) {
		if (i < tables[t].n)
			return &tables[t].cmds[i];
		i -= tables[t].n;
	}
	return NULL;
}

const struct command *
keymap_find(const char *name)
{
	const struct command *c;

	for (size_t i = 0; (c = keymap_command(i)) != NULL; i++)
		if (strcmp(c->name, name) == 0 ||
		    (c->alias != NULL && strcmp(c->alias, name) == 0))
			return c;
	return NULL;
}

int
keymap_key_parse(const char *name)
{
	size_t len = strlen(name);

	if (len == 1 && isgraph((unsigned char)name[0]))
		return (unsigned char)name[0];
	/* ^A … ^Z and ^@ ^[ ^\ ^] ^^ ^_ */
	if (len == 2 && name[0] == '^' &&
	    toupper((unsigned char)name[1]) >= '@' &&
	    toupper((unsigned char)name[1]) <= '_')
		return toupper((unsigned char)name[1]) - '@';
	if ((len == 2 || len == 3) && name[0] == 'F' &&
	    isdigit((unsigned char)name[1])) {
		int n = atoi(name + 1);

		if (n >= 1 && n <= 12)
			return UI_KEY(KEY_F(n));
		return -1;
	}
	for (size_t i = 0; i < NELEMS(key_names); i++)
		if (strcmp(key_names[i].name, name) == 0)
			return key_names[i].key;
	return -1;
}

const char *
keymap_key_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < NELEMS(key_names); i++)
		if (key_names[i].key == key) {
			snprintf(buf, len, "%s", key_names[i].name);
			return buf;
		}
	if (key & UI_KEYCODE) {
		int code = key & ~UI_KEYCODE;

		if (code >= KEY_F(1) && code <= KEY_F(12))
			snprintf(buf, len, "F%d", code - KEY_F0);
		else
			snprintf(buf, len, "key %d", code);
	} else if (key > 0 && key < 32)
		snprintf(buf, len, "^%c", key + '@');
	else
		snprintf(buf, len, "%c", key);
	return buf;
}

/* Bind key (by name) to command (by name, or "none" to unbind) in table,
 * as written at file:line. A key bound twice within one source is
 * reported; a later source (the user's file) replaces an earlier one
 * (defaults). */
static void
keymap_bind(enum keymap_table table, const char *keyname,
    const char *cmdname, const char *file, int line, int source,
    struct diags *d)
{
	const struct command *cmd = NULL;
	int key = keymap_key_parse(keyname);
	size_t i;

	if (key < 0) {
		diag_add(d, file, line, "unknown key '%s' (see the KEYS section "
		    "of vmdeck(1) for key names)", keyname);
		return;
	}
	if (strcmp(cmdname, "none") != 0) {
		cmd = keymap_find(cmdname);
		if (cmd == NULL) {
			diag_add(d, file, line, "unknown command '%s' for key "
			    "'%s'", cmdname, keyname);
			return;
		}
	}
	for (i = 0; i < nbindings; i++)
		if (bindings[i].key == key && bindings[i].table == table)
			break;
	if (i < nbindings && binding_source[i] == source)
		diag_add(d, file, line, "key '%s' is bound twice; the later "
		    "binding wins", keyname);
	if (cmd == NULL) {		/* unbind */
		if (i < nbindings) {
			memmove(&bindings[i], &bindings[i + 1],
			    (nbindings - i - 1) * sizeof bindings[0]);
			memmove(&binding_source[i], &binding_source[i + 1],
			    (nbindings - i - 1) * sizeof binding_source[0]);
			nbindings--;
		}
		return;
	}
	if (i == nbindings) {
		if (nbindings == MAX_BINDINGS) {
			diag_add(d, file, line, "too many key bindings (the "
			    "limit is %d)", MAX_BINDINGS);
			return;
		}
		nbindings++;
	}
	bindings[i].key = key;
	bindings[i].table = table;
	bindings[i].cmd = cmd;
	binding_source[i] = source;
}

struct parse_ctx {
	int source;
	struct diags *d;
};

static void
keymap_ini_handler(void *user, const char *section, const char *name,
    const char *value, const char *file, int line)
{
	struct parse_ctx *p = user;

	static const char *const sections[KEYMAP_TABLES] = {
		[KEYMAP_LIST] = "keys", [KEYMAP_HOSTS] = "keys.hosts",
		[KEYMAP_CONSOLE] = "keys.console", [KEYMAP_VNC] = "keys.vnc",
	};

	for (int t = 0; t < KEYMAP_TABLES; t++)
		if (strcmp(section, sections[t]) == 0)
			keymap_bind((enum keymap_table)t, name, value, file, line,
			    p->source, p->d);
}

int
keymap_parse(const char *file, const char *text, struct diags *d)
{
	struct parse_ctx p = { .source = ++last_source, .d = d };
	size_t before = d->n;

	inifile_parse(file, text, strlen(text), keymap_ini_handler, &p, d);
	return d->n == before ? 0 : -1;
}

void
keymap_apply(const struct config_binding *b, size_t n, struct diags *d)
{
	int source = ++last_source;

	for (size_t i = 0; i < n; i++)
		keymap_bind(KEYMAP_LIST, b[i].key, b[i].command, b[i].file,
		    b[i].line, source, d);
}

int
keymap_init(struct diags *d)
{
	keymap_reset();
	return keymap_parse("defaults", default_bindings, d);
}

void
keymap_reset(void)
{
	nbindings = 0;
}

static const struct command *
keymap_get(enum keymap_table table, int key)
{
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].key == key && bindings[i].table == table)
			return bindings[i].cmd;
	return NULL;
}

const struct command *
keymap_lookup(int key)
{
	return keymap_get(KEYMAP_LIST, key);
}

const struct command *
keymap_lookup_in(unsigned scope, int key)
{
	const struct command *c = NULL;

	if (scope & CMD_CONSOLE)
		c = keymap_get(KEYMAP_CONSOLE, key);
	else if (scope & CMD_VNC)
		c = keymap_get(KEYMAP_VNC, key);
	else {
		if (scope & CMD_HOSTS)
			c = keymap_get(KEYMAP_HOSTS, key);
		if (c == NULL)
			c = keymap_get(KEYMAP_LIST, key);
	}
	return c != NULL && (c->scopes & scope) ? c : NULL;
}

unsigned
keymap_run_common(struct app *app, const struct cmd_target *t, int key)
{
	static const char *const common[] = { "help", "log", "redraw" };
	const struct command *c = keymap_lookup_in(t->scope, key);

	for (size_t i = 0; c != NULL && i < sizeof common / sizeof *common;
	    i++)
		if (strcmp(c->name, common[i]) == 0)
			return c->run(app, c, t);
	return 0;
}

int
keymap_set(enum keymap_table table, int key, const char *name)
{
	char keyname[32];
	struct diags d = { 0 };
	int rc;

	if (name != NULL && keymap_find(name) == NULL)
		return -1;
	keymap_key_name(key, keyname, sizeof keyname);
	keymap_bind(table, keyname, name ? name : "none", "settings", 0,
	    ++last_source, &d);
	rc = d.n == 0 ? 0 : -1;
	diag_clear(&d);
	return rc;
}

const char *
keymap_keys_for(unsigned scope, const char *name, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nbindings; i++) {
		const struct command *c = bindings[i].cmd;
		char k[32];

		if (strcmp(c->name, name) != 0 ||
		    keymap_lookup_in(scope, bindings[i].key) != c)
			continue;
		keymap_key_name(bindings[i].key, k, sizeof k);
		int n = snprintf(buf + o, len - o, "%s%s", o ? " or " : "", k);
		if (n < 0 || (size_t)n >= len - o)
			break;
		o += (size_t)n;
	}
	if (o == 0)
		snprintf(buf, len, ":%s", name);
	return buf;
}

const char *
keymap_key_for(unsigned scope, const char *name, char *buf, size_t len)
{
	/* the first key bound, as the help lists them, that reaches the
	 * command from scope (a hosts pane key hidden by nothing) */
	for (size_t i = 0; i < nbindings; i++) {
		const struct command *c = bindings[i].cmd;

		if (strcmp(c->name, name) != 0 ||
		    keymap_lookup_in(scope, bindings[i].key) != c)
			continue;
		return keymap_key_name(bindings[i].key, buf, len);
	}
	snprintf(buf, len, ":%s", name);
	return buf;
}

const struct binding *
keymap_bindings(size_t *n)
{
	*n = nbindings;
	return bindings;
}
