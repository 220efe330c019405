/*
 * commands — every action a key can trigger, as one table, and the key
 * bindings that map keys to them.
 *
 * The default bindings are written as "KEY COMMAND" lines, the same text a
 * user's config will use, and parsed at start (commands_init). The help
 * overlay is generated from the bindings and the table.
 */
#ifndef VMDECK_UI_COMMANDS_H
#define VMDECK_UI_COMMANDS_H

#include <stddef.h>

struct app;

struct command {
	const char *name;		/* "force-off" */
	const char *help;		/* "force the VM off (asks first)" */
	unsigned (*run)(struct app *app);	/* returns UI_* flags */
};

struct binding {
	int key;			/* as view.h encodes keys */
	const struct command *cmd;
};

/* Parse the default bindings. Returns 0, or -1 with *err set to
 * "defaults:LINE: what is wrong" (caller frees). */
int commands_init(char **err);
/* Parse bindings text (lines "KEY COMMAND", # comments) named file for
 * messages, adding to the table. Returns 0 or -1 with *err. */
int commands_parse(const char *file, const char *text, char **err);
/* Drop every binding. */
void commands_reset(void);
/* The command bound to key, or NULL. */
const struct command *commands_lookup(int key);
/* The command called name, or NULL. */
const struct command *commands_find(const char *name);
/* All bindings, in the order they were parsed. */
const struct binding *commands_bindings(size_t *n);
/* The command table, for the help overlay. */
const struct command *commands_table(size_t *n);
/* Parse a key name ("q", "Tab", "^L", "PageDown", "F5"); -1 if unknown. */
int commands_key_parse(const char *name);
/* Name of a key for display, into buf. Returns buf. */
const char *commands_key_name(int key, char *buf, size_t len);

#endif
