#include "commands.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../config/hostsfile.h"
#include "../config/inifile.h"
#include "../util/xalloc.h"
#include "app.h"
#include "term.h"
#include "view.h"
#include "vncview.h"

/* --- the commands ------------------------------------------------------- */

static unsigned
cmd_quit(struct app *app)
{
	(void)app;
	return UI_QUIT;
}

static unsigned
cmd_help(struct app *app)
{
	app_push(app, view_help_new());
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_log(struct app *app)
{
	/* ":log FILE" logs the shown console; plain "log" is the messages */
	if (app->cmd_arg != NULL)
		return conview_log(app, app->cmd_arg);
	app_push(app, view_log_new());
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_all_hosts(struct app *app)
{
	app_set_all(app, !app->all);
	app_status(app, false, app->all ? "Every host's VMs in one list, with "
	    "a Host column; / filters by VM or host name; A again: one host." :
	    "The current host's VMs.");
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_add_host(struct app *app)
{
	app_push(app, view_add_host_new());
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_filter(struct app *app)
{
	app->prompt = APP_PROMPT_FILTER;
	app->focus = APP_FOCUS_DOMAINS;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_prompt(struct app *app)
{
	app->prompt = APP_PROMPT_COMMAND;
	app->command[0] = '\0';
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_theme_next(struct app *app)
{
	app_set_theme(app, (app->theme + 1) % (int)app->themes.n);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_save_settings(struct app *app)
{
	char *err = NULL, *msg;

	free(app->cfg->theme);
	app->cfg->theme = xstrdup(app->themes.themes[app->theme].name);
	app->cfg->sort = app->sort;
	if (config_save(app->cfg, app->config_path, &err) < 0) {
		app_status(app, true, err);
		free(err);
		return UI_HANDLED | UI_REDRAW;
	}
	msg = xasprintf("Saved sort, columns, theme and interval to %s.",
	    app->config_path);
	app_status(app, false, msg);
	free(msg);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_sort(struct app *app)
{
	char *msg;

	app->sort = domlist_sort_next(app->sort);
	/* one host's list has no host to sort by */
	if (app->sort == DOMLIST_SORT_HOST && !app->all)
		app->sort = domlist_sort_next(app->sort);
	app_reindex(app);
	msg = xasprintf("Sorted by %s.", domlist_sort_name(app->sort));
	app_status(app, false, msg);
	free(msg);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_focus(struct app *app)
{
	app->focus = app->focus == APP_FOCUS_HOSTS ? APP_FOCUS_DOMAINS :
	    APP_FOCUS_HOSTS;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_down(struct app *app)
{
	app_move(app, 1);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_up(struct app *app)
{
	app_move(app, -1);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_page_down(struct app *app)
{
	app_move(app, app->page > 1 ? app->page - 1 : 1);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_page_up(struct app *app)
{
	app_move(app, -(app->page > 1 ? app->page - 1 : 1));
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_top(struct app *app)
{
	app_move(app, -(long)1e9);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_bottom(struct app *app)
{
	app_move(app, (long)1e9);
	return UI_HANDLED | UI_REDRAW;
}

/* The selected VM, or NULL after telling the user there is none. */
static const struct domain_info *
cmd_target(struct app *app)
{
	const struct domain_info *d = app_selected(app);

	if (d == NULL)
		app_status(app, true, "No VM is selected.");
	return d;
}

static unsigned
cmd_details(struct app *app)
{
	const struct domain_info *d;

	if (app->focus == APP_FOCUS_HOSTS) {
		app->focus = APP_FOCUS_DOMAINS;
		return UI_HANDLED | UI_REDRAW;
	}
	d = cmd_target(app);
	if (d != NULL)
		app_push(app, view_vm_new(d->uuid));
	return UI_HANDLED | UI_REDRAW;
}

static unsigned cmd_confirm(struct app *app, enum domain_action action,
    const char *note);

static unsigned
cmd_act(struct app *app, enum domain_action action)
{
	const struct domain_info *d = cmd_target(app);
	char *msg;

	if (d == NULL)
		return UI_HANDLED | UI_REDRAW;
	if (app->cfg->confirm == CONFIG_CONFIRM_ALL)
		return cmd_confirm(app, action, "(confirm = all in your config "
		    "asks before every action.)");
	host_submit_action(app->hosts[app->cur], d->uuid, d->name, action);
	msg = xasprintf("Asked to %s VM '%s'…", domain_action_verb(action),
	    d->name);
	app_status(app, false, msg);
	free(msg);
	return UI_HANDLED | UI_REDRAW;
}

/* Destructive: ask first, naming the VM and its host; note says what
 * follows. */
static unsigned
cmd_confirm(struct app *app, enum domain_action action, const char *note)
{
	const struct domain_info *d = cmd_target(app);
	const char *verb = domain_action_verb(action);
	char *q;

	if (d == NULL)
		return UI_HANDLED | UI_REDRAW;
	q = xasprintf("%c%s VM '%s' on %s?\n%s", verb[0] - 'a' + 'A', verb + 1,
	    d->name, app->store.hosts[app->cur].uri, note);
	app_push(app, view_confirm_new((int)app->cur, d->uuid, d->name,
	    (int)action, q));
	free(q);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_start(struct app *app)
{
	return cmd_act(app, DOMAIN_ACTION_START);
}

static unsigned
cmd_shutdown(struct app *app)
{
	return cmd_act(app, DOMAIN_ACTION_SHUTDOWN);
}

static unsigned cmd_refresh(struct app *app);

/* On the hosts pane r is a host's: connect (or re-read) now. */
static unsigned
cmd_reboot(struct app *app)
{
	if (app->focus == APP_FOCUS_HOSTS)
		return cmd_refresh(app);
	return cmd_act(app, DOMAIN_ACTION_REBOOT);
}

static unsigned
cmd_pause(struct app *app)
{
	const struct domain_info *d = app_selected(app);

	return cmd_act(app, d != NULL && (d->state == DOMAIN_STATE_PAUSED ||
	    d->state == DOMAIN_STATE_PMSUSPENDED) ? DOMAIN_ACTION_RESUME :
	    DOMAIN_ACTION_SUSPEND);
}

static unsigned
cmd_create(struct app *app)
{
	if (app->store.hosts[app->cur].state != HOST_STATE_CONNECTED) {
		app_status(app, true, "This host is not connected; a VM cannot "
		    "be made on it now.");
		return UI_HANDLED | UI_REDRAW;
	}
	app_push(app, view_create_new(app));
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_edit_xml(struct app *app)
{
	const struct domain_info *d = cmd_target(app);
	char *msg;

	if (d == NULL)
		return UI_HANDLED | UI_REDRAW;
	free(app->edit_uuid);
	app->edit_uuid = xstrdup(d->uuid);
	host_submit_get_xml(app->hosts[app->cur], d->uuid, d->name);
	msg = xasprintf("Reading the XML of VM '%s'…", d->name);
	app_status(app, false, msg);
	free(msg);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_clone(struct app *app)
{
	const struct domain_info *d = cmd_target(app);

	if (d == NULL)
		return UI_HANDLED | UI_REDRAW;
	if (domain_state_is_active(d->state)) {
		char *msg = xasprintf("VM '%s' is running; shut it down before "
		    "cloning it.", d->name);

		app_status(app, true, msg);
		free(msg);
		return UI_HANDLED | UI_REDRAW;
	}
	app_push(app, view_clone_new((int)app->cur, d->uuid, d->name));
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_edit(struct app *app)
{
	const struct domain_info *d = cmd_target(app);

	if (d == NULL)
		return UI_HANDLED | UI_REDRAW;
	free(app->form_uuid);
	app->form_uuid = xstrdup(d->uuid);
	host_submit_get_xml(app->hosts[app->cur], d->uuid, d->name);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_sampling(struct app *app)
{
	app_set_paused(app, !app->paused);
	return UI_HANDLED | UI_REDRAW;
}

/* [ and ]: the graphs' window, shared by every graph view. */
static unsigned
cmd_window(struct app *app, int delta)
{
	int w = (int)app->window + delta;

	if (w < 0 || w >= HISTORY_LEVEL_COUNT)
		return UI_HANDLED;
	app->window = (enum history_level)w;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_window_shorter(struct app *app)
{
	return cmd_window(app, -1);
}

static unsigned
cmd_window_longer(struct app *app)
{
	return cmd_window(app, 1);
}

static unsigned
cmd_autostart(struct app *app)
{
	const struct domain_info *d = app_selected(app);

	return cmd_act(app, d != NULL && d->autostart ?
	    DOMAIN_ACTION_AUTOSTART_OFF : DOMAIN_ACTION_AUTOSTART_ON);
}

static unsigned
cmd_memstats(struct app *app)
{
	return cmd_act(app, DOMAIN_ACTION_MEMSTATS_PERIOD);
}

static unsigned
cmd_force_off(struct app *app)
{
	return cmd_confirm(app, DOMAIN_ACTION_DESTROY,
	    "Like pulling the plug: the guest cannot save its work.");
}

/* D: read the VM's XML first, so the question can name each volume. */
/* The confirmed removal of a host from the hosts file. */
static void
cmd_remove_host_yes(struct app *app, void *ctx)
{
	const char *name = ctx;
	char *path = hostsfile_path(), *old, *text, *err = NULL, *msg;
	struct diags d = { 0 };
	size_t len;
	bool missing;

	old = inifile_slurp(path, &len, &missing, &d);
	text = old ? hostsfile_text_remove(old, name) : NULL;
	if (text == NULL)
		msg = xasprintf("Host '%s' is no longer in %s.", name, path);
	else if (hostsfile_write(path, text, &err) < 0)
		msg = err;
	else {
		msg = xasprintf("Removed host '%s' from %s.", name, path);
		for (size_t i = 0; i < app->store.nhosts; i++)
			if (strcmp(app->store.hosts[i].label, name) == 0)
				app_remove_host(app, i);
	}
	app_status(app, text == NULL || err != NULL, msg);
	free(msg);
	free(text);
	free(old);
	free(path);
	diag_clear(&d);
}

/* D on the hosts pane: remove the host from the hosts file, asking
 * first; hosts given with -c or by default are not in it. */
static unsigned
cmd_remove_host(struct app *app)
{
	const struct store_host *h = &app->store.hosts[app->cur];
	char *path = hostsfile_path(), *q;
	struct hostlist list = { 0 };
	struct diags d = { 0 };

	hostsfile_load(path, &list, &d);
	if (hostsfile_find(&list, h->label) == NULL) {
		q = xasprintf("Host '%s' is not in %s (it came from -c or is the "
		    "default); nothing to remove.", h->label, path);
		app_status(app, true, q);
	} else {
		q = xasprintf("Remove host '%s' (%s) from %s?\nIts connection "
		    "closes; its VMs are not touched.", h->label, h->uri, path);
		app_push(app, view_confirm_fn_new(q, cmd_remove_host_yes,
		    xstrdup(h->label), free));
	}
	free(q);
	free(path);
	hostsfile_clear(&list);
	diag_clear(&d);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_delete(struct app *app)
{
	const struct domain_info *d;

	if (app->focus == APP_FOCUS_HOSTS)
		return cmd_remove_host(app);
	d = cmd_target(app);

	if (d == NULL)
		return UI_HANDLED | UI_REDRAW;
	free(app->delete_uuid);
	app->delete_uuid = xstrdup(d->uuid);
	host_submit_get_xml(app->hosts[app->cur], d->uuid, d->name);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_redraw(struct app *app)
{
	(void)app;
	clearok(curscr, TRUE);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cmd_refresh(struct app *app)
{
	struct store_host *h = &app->store.hosts[app->cur];

	if (h->state == HOST_STATE_CONNECTED)
		host_submit_refresh(app->hosts[app->cur]);
	else
		host_submit_reconnect(app->hosts[app->cur]);
	app_status(app, false, h->state == HOST_STATE_CONNECTED ?
	    "Refreshing…" : "Connecting again now…");
	return UI_HANDLED | UI_REDRAW;
}

static const struct command table[] = {
	{ "down", "move down", cmd_down },
	{ "up", "move up", cmd_up },
	{ "page-down", "move down a page", cmd_page_down },
	{ "page-up", "move up a page", cmd_page_up },
	{ "top", "go to the first row", cmd_top },
	{ "bottom", "go to the last row", cmd_bottom },
	{ "focus-next", "switch between the hosts and VMs panes", cmd_focus },
	{ "details", "the selected VM's facts and graphs", cmd_details },
	{ "filter", "filter VMs by name (Enter keeps, Esc clears)", cmd_filter },
	{ "all-hosts", "every host's VMs in one list with a Host column, or "
	    "one host's", cmd_all_hosts },
	{ "add-host", "add a host to the hosts file (name, ssh destination, "
	    "transport) and connect it", cmd_add_host },
	{ "sort", "sort by the next column", cmd_sort },
	{ "create", "make a new VM from a template", cmd_create },
	{ "edit", "change the VM's vCPUs, memory, disk, network, autostart, "
	    "description", cmd_edit },
	{ "edit-xml", "edit the VM's XML in $EDITOR (a refused edit comes "
	    "back)", cmd_edit_xml },
	{ "clone", "copy the shut-off VM with its disks under a new name",
	    cmd_clone },
	{ "start", "start the VM", cmd_start },
	{ "shutdown", "ask the VM to shut down (ACPI)", cmd_shutdown },
	{ "reboot", "ask the VM to reboot; on the hosts pane, retry the "
	    "host now", cmd_reboot },
	{ "pause", "pause (suspend) or resume the VM", cmd_pause },
	{ "sampling", "pause or resume sampling of live figures", cmd_sampling },
	{ "window-shorter", "graphs: a shorter time window", cmd_window_shorter },
	{ "window-longer", "graphs: a longer time window", cmd_window_longer },
	{ "autostart", "toggle starting the VM with its host", cmd_autostart },
	{ "memstats", "ask the guest for memory figures every 5 s",
	    cmd_memstats },
	{ "force-off", "force the VM off (asks first)", cmd_force_off },
	{ "delete", "delete the VM's definition, or on the hosts pane remove "
	    "the host from the hosts file (asks first)", cmd_delete },
	{ "refresh", "re-read the host, or reconnect now", cmd_refresh },
	{ "theme-next", "switch to the next colour theme", cmd_theme_next },
	{ "save-settings", "save sort, columns, theme and interval to the "
	    "config file", cmd_save_settings },
	{ "console", "open the VM's serial console, or go back to it (^] or "
	    "F12 returns to the lists)", conview_open_selected },
	{ "console-full", "console: full screen or a pane under the lists "
	    "(F11 in the console)", conview_toggle_full },
	{ "console-next", "console: show the next open console",
	    conview_next },
	{ "console-close", "console: close the shown console",
	    conview_close_shown },
	{ "console-stty", "console: type 'stty rows R cols C' into the guest "
	    "to match the pane", conview_stty },
	{ "vnc", "show the VM's screen (VNC) in the terminal; ^] opens its "
	    "menu, F12 returns to the lists", vncview_open_selected },
	{ "prompt", "type a command by name (Tab completes)", cmd_prompt },
	{ "log", "show the message log; ':log FILE' logs the shown console to "
	    "FILE with timestamps, ':log off' stops", cmd_log },
	{ "redraw", "redraw the screen", cmd_redraw },
	{ "help", "show this help", cmd_help },
	{ "quit", "quit vmdeck", cmd_quit },
};

/* The defaults, in the syntax of a config file's [keys] section. */
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
	"u         = start\n"
	"o         = shutdown\n"
	"r         = reboot\n"
	"z         = pause\n"
	"p         = sampling\n"
	"LeftBracket  = window-shorter\n"
	"RightBracket = window-longer\n"
	"a         = autostart\n"
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
	"t         = console-stty\n"
	"v         = vnc\n"
	"Colon     = prompt\n"
	"L         = log\n"
	"^L        = redraw\n"
	"?         = help\n"
	"F1        = help\n"
	"q         = quit\n";

#define NELEMS(a) (sizeof (a) / sizeof (a)[0])
#define MAX_BINDINGS 256

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
};

int
commands_key_parse(const char *name)
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
commands_key_name(int key, char *buf, size_t len)
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

const struct command *
commands_find(const char *name)
{
	for (size_t i = 0; i < NELEMS(table); i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

/* Bind key (by name) to command (by name, or "none" to unbind), as
 * written at file:line. A key bound twice within one source is reported;
 * a later source (the user's file) replaces an earlier one (defaults). */
static void
commands_bind(const char *keyname, const char *cmdname, const char *file,
    int line, int source, struct diags *d)
{
	const struct command *cmd = NULL;
	int key = commands_key_parse(keyname);
	size_t i;

	if (key < 0) {
		diag_add(d, file, line, "unknown key '%s' (see the KEYS section "
		    "of vmdeck(1) for key names)", keyname);
		return;
	}
	if (strcmp(cmdname, "none") != 0) {
		cmd = commands_find(cmdname);
		if (cmd == NULL) {
			diag_add(d, file, line, "unknown command '%s' for key "
			    "'%s'", cmdname, keyname);
			return;
		}
	}
	for (i = 0; i < nbindings; i++)
		if (bindings[i].key == key)
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
	bindings[i].cmd = cmd;
	binding_source[i] = source;
}

struct parse_ctx {
	int source;
	struct diags *d;
};

static void
commands_ini_handler(void *user, const char *section, const char *name,
    const char *value, const char *file, int line)
{
	struct parse_ctx *p = user;

	if (strcmp(section, "keys") != 0)
		return;
	commands_bind(name, value, file, line, p->source, p->d);
}

int
commands_parse(const char *file, const char *text, struct diags *d)
{
	struct parse_ctx p = { .source = ++last_source, .d = d };
	size_t before = d->n;

	inifile_parse(file, text, strlen(text), commands_ini_handler, &p, d);
	return d->n == before ? 0 : -1;
}

void
commands_apply(const struct config_binding *b, size_t n, struct diags *d)
{
	int source = ++last_source;

	for (size_t i = 0; i < n; i++)
		commands_bind(b[i].key, b[i].command, b[i].file, b[i].line,
		    source, d);
}

int
commands_init(struct diags *d)
{
	commands_reset();
	return commands_parse("defaults", default_bindings, d);
}

void
commands_reset(void)
{
	nbindings = 0;
}

const struct command *
commands_lookup(int key)
{
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].key == key)
			return bindings[i].cmd;
	return NULL;
}

const struct binding *
commands_bindings(size_t *n)
{
	*n = nbindings;
	return bindings;
}

const struct command *
commands_table(size_t *n)
{
	*n = NELEMS(table);
	return table;
}
