/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "direct.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "../host/host.h"
#include "../core/evloop.h"
#include "../core/virterr.h"
#include "../util/fdio.h"
#include "../console/serial.h"

#define F12_SEQ "\033[24~"

static struct termios saved;
static bool raw_on;

static void
direct_restore(void)
{
	if (raw_on) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
		raw_on = false;
	}
}

static void
direct_signal(int sig)
{
	direct_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

struct direct {
	struct serial *s;
	int escape;
	bool quit;
	const char *why;	/* how it ended, for the last line */
	char *ended;		/* the console's own reason; owned */
};

static void
direct_data(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	/* a terminal that takes nothing more: the rest is dropped */
	(void)fdio_write_all(STDOUT_FILENO, buf, n);
}

static void
direct_closed(void *ctx, const char *why)
{
	struct direct *d = ctx;

	d->quit = true;
	free(d->ended);
	d->ended = strdup(why);
}

static void
direct_stdin(int watch, int fd, int events, void *opaque)
{
	struct direct *d = opaque;
	char buf[4096];
	ssize_t n;

	(void)watch;
	if (events & (VIR_EVENT_HANDLE_HANGUP | VIR_EVENT_HANDLE_ERROR)) {
		d->quit = true;
		d->why = "the terminal closed";
		return;
	}
	n = read(fd, buf, sizeof buf);
	if (n <= 0) {
		if (n < 0 && errno == EINTR)
			return;
		d->quit = true;
		d->why = "the terminal closed";
		return;
	}
	/* the escape byte, or F12, detaches; what came before it still goes */
	ssize_t at = console_escape_find(buf, (size_t)n, d->escape);
	if (at >= 0) {
		serial_write(d->s, buf, (size_t)at);
		d->quit = true;
		d->why = "detached";
		return;
	}
	serial_write(d->s, buf, (size_t)n);
}

ssize_t
console_escape_find(const char *buf, size_t n, int escape)
{
	size_t f12 = strlen(F12_SEQ);

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)buf[i] == escape ||
		    (n - i >= f12 && memcmp(buf + i, F12_SEQ, f12) == 0))
			return (ssize_t)i;
	return -1;
}

int
console_escape_byte(const char *keyname)
{
	if (keyname != NULL && keyname[0] == '^' && keyname[1] != '\0' &&
	    keyname[2] == '\0') {
		int c = keyname[1] >= 'a' && keyname[1] <= 'z' ?
		    keyname[1] - 'a' + 'A' : keyname[1];

		if (c >= '@' && c <= '_')
			return c - '@';
	}
	return -1;
}

int
console_direct(const char *uri, const char *name, bool force, int escape)
{
	struct direct d = { .escape = escape };
	static const struct serial_ops ops = { direct_data, direct_closed };
	virConnectPtr conn;
	virDomainPtr dom;
	char *err = NULL;
	int watch;

	/* this thread runs the loop: the stream, stdin and keepalive */
	if (evloop_register(&err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	if (host_open_domain(uri, name, &conn, &dom, &err) < 0) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		return 1;
	}
	d.s = serial_open(conn, dom, NULL, force, &ops, &d, NULL, &err);
	if (d.s == NULL) {
		fprintf(stderr, "vmdeck: %s\n", err);
		free(err);
		virDomainFree(dom);
		virConnectClose(conn);
		return 1;
	}
	printf("Connected to VM '%s' on %s. Ctrl-] or F12 detaches.\r\n", name,
	    uri);
	fflush(stdout);
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
		struct termios raw = saved;

		cfmakeraw(&raw);
		if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0) {
			raw_on = true;
			atexit(direct_restore);
			signal(SIGINT, direct_signal);
			signal(SIGTERM, direct_signal);
			signal(SIGHUP, direct_signal);
			signal(SIGQUIT, direct_signal);
		}
	}
	watch = virEventAddHandle(STDIN_FILENO, VIR_EVENT_HANDLE_READABLE,
	    direct_stdin, &d, NULL);
	while (!d.quit)
		if (virEventRunDefaultImpl() < 0)
			virResetLastError();
	if (watch >= 0)
		virEventRemoveHandle(watch);
	serial_close(d.s);
	direct_restore();
	printf("\r\n%s: %s.\r\n", name, d.ended ? d.ended : d.why);
	free(d.ended);
	virDomainFree(dom);
	virConnectClose(conn);
	return 0;
}
