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

#include "../config/config.h"
#include "../util/diag.h"

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

/* Drop every binding and parse the defaults. Returns 0, or -1 with the
 * problems in d ("defaults:LINE: what"). */
int commands_init(struct diags *d);
/* Parse a [keys] section (INI text) named file, on top of what is bound:
 * its bindings replace earlier ones for the same key; "none" unbinds.
 * Returns 0, or -1 when it reported a problem to d. */
int commands_parse(const char *file, const char *text, struct diags *d);
/* The same for the [keys] lines of a loaded config. */
void commands_apply(const struct config_binding *b, size_t n,
    struct diags *d);
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
/* Parse a key name ("q", "Tab", "^L", "PageDown", "F5", "Colon"); -1 if
 * unknown. */
int commands_key_parse(const char *name);
/* Name of a key for display, into buf. Returns buf. */
const char *commands_key_name(int key, char *buf, size_t len);

#endif
