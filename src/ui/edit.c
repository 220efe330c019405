/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "edit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../config/inifile.h"
#include "../util/paths.h"
#include "../util/xalloc.h"
#include "app.h"
#include "term.h"

#define EDIT_MARK "<!-- vmdeck: "

/* xml without a leading vmdeck comment (from an earlier refusal). */
static const char *
edit_strip(const char *xml)
{
	const char *s = xml + strspn(xml, " \t\r\n");

	if (strncmp(s, EDIT_MARK, strlen(EDIT_MARK)) == 0) {
		const char *end = strstr(s, "-->");

		if (end != NULL)
			return end + 3 + strspn(end + 3, "\r\n");
	}
	return xml;
}

/* Run the editor on path with curses out of the way. Returns its exit
 * status, or -1 when it could not run. */
static int
edit_run(const char *path)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int status = -1;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	def_prog_mode();
	endwin();
	pid = fork();
	if (pid == 0) {
		/* through the shell, so EDITOR may carry arguments */
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path,
		    (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	if (pid < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* libvirt's answer to the define: a refusal comes back in the editor,
 * the same text with the reason on top. */
static void
edit_defined(struct app *app, const struct event *ev, void *ctx)
{
	(void)ctx;
	if (ev->error && ev->xml != NULL)
		edit_xml(app, ev->host, ev->info.uuid, ev->info.name, ev->xml,
		    ev->text);
}

void
edit_xml(struct app *app, int host, const char *uuid, const char *name,
    const char *xml, const char *error)
{
	/* the XML holds secrets (a VNC password): never in a shared /tmp,
	 * but in the user's own state directory (0700), and removed once
	 * done; kept there, and said so, only when the editor failed */
	char *dir = paths_xdg("XDG_STATE_HOME", ".local/state", "edits");
	char *path = xasprintf("%s/%s-XXXXXX.xml", dir, name);
	const char *body = edit_strip(xml);
	int fd;

	free(dir);
	fd = paths_mkdir_parents(path) == 0 ? mkstemps(path, 4) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	char *msg, *text;
	size_t len;
	bool missing;
	struct diags d = { 0 };
	int rc;

	if (f == NULL) {
		msg = xasprintf("Could not write a file to edit VM '%s' in: %s.",
		    name, strerror(errno));
		app_status(app, true, msg);
		free(msg);
		free(path);
		return;
	}
	if (error != NULL) {
		/* "--" may not stand inside an XML comment */
		char *why = xstrdup(error);

		for (char *p = strstr(why, "--"); p != NULL; p = strstr(p, "--"))
			p[1] = '=';
		fprintf(f, "%slibvirt refused this edit:\n     %s\n     Fix it "
		    "and save to try again; save an empty file to discard it. "
		    "-->\n", EDIT_MARK, why);
		free(why);
	}
	fputs(body, f);
	fclose(f);

	rc = edit_run(path);
	text = inifile_slurp(path, &len, &missing, &d);
	diag_clear(&d);
	if (rc != 0 || text == NULL) {
		msg = xasprintf("The editor for VM '%s' exited with status %d; "
		    "your text is kept in %s.", name, rc, path);
		app_status(app, true, msg);
		free(msg);
		free(text);
		free(path);
		return;
	}
	const char *edited = edit_strip(text);
	if (edited[strspn(edited, " \t\r\n")] == '\0') {
		msg = xasprintf("Discarded the edit of VM '%s'.", name);
		unlink(path);
	} else if (error == NULL && strcmp(edited, body) == 0) {
		msg = xasprintf("No changes to VM '%s'.", name);
		unlink(path);
	} else {
		host_submit_define(app->hosts[host], uuid, name, edited,
		    app_expect(app, EVENT_DEFINED, NULL, edit_defined, NULL,
		    NULL));
		msg = xasprintf("Saving the edit of VM '%s'…", name);
		unlink(path);
	}
	app_status(app, false, msg);
	free(msg);
	free(text);
	free(path);
}
