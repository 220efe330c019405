/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * lab_tui VMDECK URI NAME LIBVIRTD_PID — the full-screen view against a
 * real libvirtd with a busy guest: the guest's CPU figure rises above
 * 50 %, and when libvirtd stops answering (SIGSTOP) mid-sampling the
 * figures are marked stale while the screen keeps answering keys; after
 * SIGCONT they are fresh again. Prints "ok: …" or "FAILED: …" lines and
 * exits 0 only when all held. Every wait has a deadline.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tui/harness.h"

static int failures;

static void
check(bool ok, const char *what, struct tui *t)
{
	printf("lab: %s: %s\n", ok ? "ok" : "FAILED", what);
	if (!ok) {
		failures++;
		tui_dump(t);
	}
}

/* Leave with keys (ending in q), check the exit (named what), free t. */
static void
quit_check(struct tui *t, const char *keys, const char *what)
{
	char msg[128];

	int rc;

	tui_send(t, keys);
	snprintf(msg, sizeof msg, "%s%sq exits 0", what, *what ? ": " : "");
	rc = tui_wait_exit(t, 10000);
	/* still running: where it waits, for the log */
	if (rc != 0 && kill(tui_pid(t), 0) == 0) {
		char cmd[256];

		printf("lab: note: vmdeck did not exit (%d); its threads:\n", rc);
		snprintf(cmd, sizeof cmd, "timeout 30 gdb -p %d -batch -ex "
		    "'thread apply all bt' 2>/dev/null | grep -E '^#|^Thread' | "
		    "head -120", (int)tui_pid(t));
		if (system(cmd) != 0)
			printf("lab: note: no backtrace\n");
	}
	check(rc == 0, msg, t);
	tui_free(t);
}

/* The number after "CPU %  now " on screen, or -1. */
static int
cpu_now(struct tui *t)
{
	char row[4096];
	int r = tui_find(t, "CPU %  now ");

	if (r < 0)
		return -1;
	tui_row(t, r, row, sizeof row);
	return atoi(strstr(row, "CPU %  now ") + strlen("CPU %  now "));
}

/* Wait for text after a SIGCONT of libvirtd. libvirtd 9.0 has been seen
 * to die right after SIGCONT (a general protection fault in an RPC
 * thread, in the kernel log): then say so, start it again and wait
 * longer (a fresh libvirtd probes QEMU first), so one libvirtd crash does
 * not fail the rest of the lab. */
static bool
wait_after_cont(struct tui *t, const char *vmdeck, const char *text,
    int timeout_ms)
{
	char cmd[512];

	if (tui_wait_text(t, text, timeout_ms))
		return true;
	if (system("pgrep -x libvirtd >/dev/null") == 0)
		return false;
	printf("lab: note: libvirtd died after SIGCONT (see the kernel log); "
	    "starting it again\n");
	snprintf(cmd, sizeof cmd, "scripts/libvirtd-up.sh %s >/dev/null 2>&1",
	    vmdeck);
	if (system(cmd) != 0)
		printf("lab: note: libvirtd did not start again\n");
	return tui_wait_text(t, text, 240000);
}

/* The guest's shell through a console on t (what = "console" or "tui
 * console"): Enter until its prompt shows (it may still be starting),
 * then type echo vmdeck-$((6*7)) and read vmdeck-42. */
static void
shell_round_trip(struct tui *t, const char *what, const char *where)
{
	char msg[256];
	bool prompt = false;

	for (int i = 0; i < 30 && !prompt; i++) {
		tui_send(t, "\r");
		prompt = tui_wait_text(t, "/ # ", 1000);
	}
	snprintf(msg, sizeof msg, "%s: the guest's shell prompt%s", what, where);
	check(prompt, msg, t);
	tui_send(t, "echo vmdeck-$((6*7))\r");
	snprintf(msg, sizeof msg, "%s: typed 'echo vmdeck-$((6*7))', read "
	    "vmdeck-42", what);
	check(tui_wait_text(t, "vmdeck-42", 20000), msg, t);
}

/* lab_tui console VMDECK URI NAME: `vmdeck console` round trip, a busy
 * console refused, --force taking it over, end of stream on power off. */
static int
console_checks(const char *vmdeck, const char *uri, const char *name)
{
	const char *a_args[] = { vmdeck, "console", name, "-c", uri, NULL };
	const char *f_args[] = { vmdeck, "console", name, "-c", uri, "--force",
	    NULL };
	struct tui *a = tui_spawn(a_args, NULL, 24, 100), *b;
	char cmd[512];
	FILE *p;
	char out[1024] = "";
	size_t n;

	check(tui_wait_text(a, "Connected to VM", 10000), "console: attached", a);
	shell_round_trip(a, "console", "");

	/* a second client without --force is told the console is busy */
	snprintf(cmd, sizeof cmd, "%s console %s -c %s </dev/null 2>&1", vmdeck,
	    name, uri);
	p = popen(cmd, "r");
	n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	int rc = pclose(p);
	check(rc != 0 && strstr(out, "in use by another client") != NULL,
	    "console: a busy console is refused, naming --force", a);

	/* --force takes it: the first sees its console end, cleanly */
	b = tui_spawn(f_args, NULL, 24, 100);
	check(tui_wait_text(b, "Connected to VM", 10000),
	    "console: --force takes the console over", b);
	check(tui_wait_text(a, "the console closed", 10000) &&
	    tui_wait_exit(a, 10000) == 0,
	    "console: the displaced client says so and exits 0", a);
	tui_free(a);
	tui_send(b, "\035");			/* Ctrl-] */
	check(tui_wait_text(b, ": detached.", 10000) &&
	    tui_wait_exit(b, 10000) == 0, "console: Ctrl-] detaches, exit 0", b);
	tui_free(b);

	/* the guest powers off under an open console */
	a = tui_spawn(a_args, NULL, 24, 100);
	check(tui_wait_text(a, "Connected to VM", 10000), "console: attached "
	    "again", a);
	snprintf(cmd, sizeof cmd, "virsh -q -c %s destroy %s >/dev/null 2>&1",
	    uri, name);
	if (system(cmd) != 0)
		printf("lab: note: virsh destroy failed\n");
	check(tui_wait_text(a, "the console closed", 10000) &&
	    tui_wait_exit(a, 10000) == 0,
	    "console: power off ends the console with a message, exit 0", a);
	tui_free(a);
	return failures == 0 ? 0 : 1;
}

/* Row of the first line on screen holding s, from row from; -1 if none. */
static int
find_from(struct tui *t, const char *s, int from)
{
	char row[4096];

	for (int r = from; r < 60; r++)
		if (strstr(tui_row(t, r, row, sizeof row), s) != NULL)
			return r;
	return -1;
}

/* busybox top fills the guest's screen: its "Mem:" header on the first
 * row of the console's screen, and exactly once; its last process line
 * on the screen's last row, with the frame below it intact. */
static bool
top_fits(struct tui *t, int first, int last, const char *frame_below)
{
	char row[4096];
	int mem = tui_find(t, "Mem: ");

	if (mem != first || find_from(t, "Mem: ", mem + 1) >= 0)
		return false;
	tui_row(t, last, row, sizeof row);
	if (strspn(row, " │") == strlen(row))	/* a process on the last row */
		return false;
	tui_row(t, last + 1, row, sizeof row);
	return strstr(row, frame_below) != NULL;
}

/* Where busybox top should be: its first and last rows, and the text of
 * the frame below it. */
struct top_place {
	int first, last;
	const char *frame_below;
};

static bool
top_fits_pred(struct tui *t, const void *a, const void *b)
{
	const struct top_place *p = a;

	(void)b;
	return top_fits(t, p->first, p->last, p->frame_below);
}

/* top_fits, waiting up to timeout_ms (a slow guest draws its screen in
 * many small pieces). */
static bool
wait_top_fits(struct tui *t, int first, int last, const char *frame_below,
    int timeout_ms)
{
	struct top_place p = { first, last, frame_below };

	return tui_until(t, top_fits_pred, &p, NULL, timeout_ms);
}

/* lab_tui tuiconsole VMDECK URI NAME: the console in the full-screen
 * program: typing, a full-screen guest program at two sizes, scrollback,
 * logging, the guest powering off, and reattaching when it runs again. */
static int
tui_console_checks(const char *vmdeck, const char *uri, const char *name)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 120);
	char cmd[512], logpath[] = "/tmp/vmdeck-lab-console.log";
	bool ok;
	int top;

	check(tui_wait_row_has(t, name, "running", 20000),
	    "tui console: the list shows the guest running", t);
	tui_send(t, "/");
	tui_send(t, name);
	tui_send(t, "\r");
	tui_send(t, "c");
	check(tui_wait_text(t, "console 1/1: ", 10000) &&
	    tui_wait_text(t, "F10 SttySize", 10000),
	    "tui console: c opens a console pane with the keyboard", t);
	shell_round_trip(t, "tui console", " in the pane");

	/* a full-screen program in the pane: F10 sizes the guest first */
	top = tui_find(t, "console 1/1: ");
	tui_send(t, "\033[21~");		/* F10 */
	check(tui_wait_text(t, "Typed 'stty rows", 5000),
	    "tui console: F10 types stty rows/cols into the guest", t);
	tui_send(t, "clear; top\r");
	int bottom = find_from(t, "└", top + 1);
	ok = wait_top_fits(t, top + 1, bottom - 1, "└", 15000);
	check(ok, "tui console: busybox top fills the pane exactly (rows "
	    "inside the frame, no stray header)", t);
	tui_send(t, "q");
	tui_wait_text(t, "/ # ", 5000);

	/* the same full screen */
	tui_send(t, "\033[23~");		/* F11 */
	check(tui_wait_text(t, "F11 pane", 5000),
	    "tui console: F11 switches to full screen", t);
	tui_send(t, "\033[21~");
	tui_wait_text(t, "Typed 'stty rows 39 cols 120'", 5000);
	tui_send(t, "clear; top\r");
	ok = wait_top_fits(t, 0, 38, "^] or F12 lists", 15000);
	check(ok, "tui console: busybox top fills the full screen exactly "
	    "(39 rows above the status bar)", t);
	tui_send(t, "q");
	tui_wait_text(t, "/ # ", 5000);
	tui_send(t, "\033[23~");		/* back to the pane */
	tui_wait_text(t, "F10 SttySize", 5000);

	/* scrollback: Shift-PgUp shows lines that scrolled off */
	tui_send(t, "clear; seq 1 200\r");
	check(tui_wait_row_has(t, "│200 ", "│", 10000),
	    "tui console: seq 1 200 printed", t);
	for (int i = 0; i < 25; i++)	/* half a pane each */
		tui_send(t, "\033[5;2~");
	check(tui_wait_text(t, "lines back", 5000) &&
	    tui_wait_row_has(t, "│1 ", "│", 5000),
	    "tui console: Shift-PgUp scrolls back to the first lines", t);
	for (int i = 0; i < 25; i++)
		tui_send(t, "\033[6;2~");
	check(tui_wait_gone(t, "lines back", 5000),
	    "tui console: Shift-PgDn returns to the live screen", t);
	tui_send(t, "\033[<64;20;25M\033[<64;20;25M");	/* wheel up */
	check(tui_wait_text(t, "6 lines back", 5000),
	    "tui console: the mouse wheel scrolls back", t);
	tui_send(t, "\033[<65;20;25M\033[<65;20;25M");	/* wheel down */
	check(tui_wait_gone(t, "lines back", 5000),
	    "tui console: and forward again", t);

	/* :log FILE with timestamps */
	unlink(logpath);
	tui_send(t, "\035");			/* ^]: back to the lists */
	check(tui_wait_text(t, "Back to the lists", 5000),
	    "tui console: ^] gives the keyboard back to the lists", t);
	snprintf(cmd, sizeof cmd, ":log %s\r", logpath);
	tui_send(t, cmd);
	check(tui_wait_text(t, "Logging the console", 5000),
	    "tui console: :log FILE starts logging", t);
	tui_send(t, "c");
	tui_wait_text(t, "F10 SttySize", 5000);
	tui_send(t, "echo logged-$((7*6))\r");
	tui_wait_text(t, "logged-42", 10000);
	FILE *f = fopen(logpath, "r");
	char line[512];
	ok = false;
	while (f != NULL && fgets(line, sizeof line, f) != NULL)
		if (line[0] == '[' && strstr(line, "] logged-42") != NULL)
			ok = true;
	if (f != NULL)
		fclose(f);
	check(ok, "tui console: the log file has the output after a "
	    "timestamp", t);
	unlink(logpath);

	/* the guest goes off under the open console */
	snprintf(cmd, sizeof cmd, "virsh -q -c %s destroy %s >/dev/null 2>&1",
	    uri, name);
	if (system(cmd) != 0)
		printf("lab: note: virsh destroy failed\n");
	check(tui_wait_text(t, "[vmdeck: the console closed", 10000) &&
	    tui_wait_text(t, "c TypeInConsole", 5000),
	    "tui console: power off shows the end of the stream and gives the "
	    "lists back", t);
	snprintf(cmd, sizeof cmd, "virsh -q -c %s start %s >/dev/null 2>&1",
	    uri, name);
	if (system(cmd) != 0)
		printf("lab: note: virsh start failed\n");
	check(tui_wait_text(t, "reattached", 20000) &&
	    tui_wait_text(t, "vmdeck tiny-linux: ready", 60000),
	    "tui console: started again, the console reattaches by itself "
	    "and shows the boot", t);
	/* the host stops answering under the console: keepalive drops the
	 * connection (about 15 s), and it comes back (SIGSTOP, not a
	 * restart, which would make libvirtd probe QEMU again for minutes) */
	if (system("pkill -STOP -x libvirtd") != 0)
		printf("lab: note: pkill -STOP libvirtd failed\n");
	check(tui_wait_text(t, "the console comes back with it", 40000),
	    "tui console: a dead connection ends the console, saying so", t);
	if (system("pkill -CONT -x libvirtd") != 0)
		printf("lab: note: pkill -CONT libvirtd failed\n");
	check(wait_after_cont(t, vmdeck, "is attached again", 60000),
	    "tui console: the console reattaches when the host answers again",
	    t);
	/* libvirtd restarted under the open console: the new daemon may
	 * refuse the first opens (the old one's console lock); the console
	 * is tried again until it really attaches, and typing reaches the
	 * guest */
	if (system("pkill -x libvirtd; i=0; while pgrep -x libvirtd "
	    ">/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done") != 0)
		printf("lab: note: stopping libvirtd failed\n");
	/* the status line's "attached again" of the step before goes first:
	 * what follows is this restart's */
	check(tui_wait_gone(t, "is attached again", 30000) &&
	    tui_wait_text(t, "the console comes back with it", 30000),
	    "tui console: libvirtd stopped: the console ends, saying it comes "
	    "back", t);
	snprintf(cmd, sizeof cmd, "scripts/libvirtd-up.sh %s >/dev/null 2>&1",
	    vmdeck);
	if (system(cmd) != 0)
		printf("lab: note: libvirtd did not start again\n");
	check(tui_wait_text(t, "is attached again", 120000),
	    "tui console: after libvirtd's restart the console attaches again",
	    t);
	tui_send(t, "c");
	{
		bool prompt = false;

		for (int i = 0; i < 20 && !prompt; i++) {
			tui_send(t, "\r");
			prompt = tui_wait_text(t, "/ # ", 1000);
		}
		tui_send(t, "echo restarted-$((6*7))\r");
		check(prompt && tui_wait_text(t, "restarted-42", 20000),
		    "tui console: typing works on the console attached after "
		    "the restart", t);
	}
	tui_send(t, "\035");
	quit_check(t, "q", "tui console");
	return failures == 0 ? 0 : 1;
}

/* vmdeck's full-screen view with the hosts file of XDG_CONFIG_HOME=xdg. */
static struct tui *
spawn_xdg(const char *vmdeck, const char *xdg, int cols)
{
	const char *args[] = { vmdeck, NULL };
	char env0[512];
	const char *env[] = { env0, NULL };

	snprintf(env0, sizeof env0, "XDG_CONFIG_HOME=%s", xdg);
	return tui_spawn(args, env, 40, cols);
}

/* A host that lacks its default network here is asked, once, to be set
 * up: not these tests' business; a no, once the dialog takes keys (a
 * key typed as it appears is ignored). */
static void
decline_setup(struct tui *t)
{
	for (int i = 0; i < 2 && tui_wait_text(t, "Set up this host", 2000);
	    i++) {
		printf("lab: note: a setup question came; answered no\n");
		tui_wait_text(t, "y: yes    n or Esc: no", 5000);
		tui_send(t, "n");
		tui_wait_gone(t, "Set up this host", 5000);
	}
}

/* lab_tui remote VMDECK XDG_CONFIG_HOME NAME: the full-screen view on the
 * lab's hosts file (over-ssh, over-libssh, closed): the closed port is
 * unreachable within 5 s while the others list their VMs; a libvirtd
 * that stops answering shows its hosts down within 20 s (keepalive), and
 * they come back by themselves. */
static int
remote_checks(const char *vmdeck, const char *xdg, const char *name)
{
	struct tui *t = spawn_xdg(vmdeck, xdg, 130);
	check(tui_wait_text(t, "✗ closed", 5000) &&
	    tui_wait_text(t, "unreachable (retry", 5000),
	    "remote TUI: the closed port shows unreachable within 5 s", t);
	check(tui_wait_text(t, "● over-ssh", 20000) &&
	    tui_wait_text(t, "● over-libssh", 20000) &&
	    tui_wait_text(t, "● over-vmdeck", 20000),
	    "remote TUI: the three ssh transports connect, named from the "
	    "hosts file", t);
	decline_setup(t);
	/* the hosts pane: over-ssh is the second host (after the default
	 * connection), whose VMs then show */
	tui_send(t, "\tj");
	check(tui_wait_text(t, " vmdeck  over-ssh", 10000) &&
	    tui_wait_row_has(t, name, "", 10000),
	    "remote TUI: over-ssh lists the lab's VMs", t);
	if (system("pkill -STOP -x libvirtd") != 0)
		printf("lab: note: pkill -STOP libvirtd failed\n");
	check(tui_wait_gone(t, "● over-ssh", 25000),
	    "remote TUI: a libvirtd that stops answering is seen within 20 s "
	    "(keepalive)", t);
	if (system("pkill -CONT -x libvirtd") != 0)
		printf("lab: note: pkill -CONT libvirtd failed\n");
	check(wait_after_cont(t, vmdeck, "● over-ssh", 60000) &&
	    tui_wait_text(t, "● over-libssh", 60000),
	    "remote TUI: both come back by themselves", t);
	quit_check(t, "q", "remote TUI");
	return failures == 0 ? 0 : 1;
}

/* The host over-vmdeck (the default transport) behind an sshd that
 * refuses stream-local forwarding: it connects all the same, with
 * libvirt's ssh transport, lists the VM called name, and the message log
 * (L) says why. */
static int
fallback_checks(const char *vmdeck, const char *xdg, const char *name)
{
	struct tui *t = spawn_xdg(vmdeck, xdg, 200);
	check(tui_wait_text(t, "● over-vmdeck", 30000),
	    "fallback: the host connects though its sshd forwards to no "
	    "socket", t);
	decline_setup(t);
	tui_send(t, "L");
	check(tui_wait_text(t, "could not reach libvirt's socket", 10000) &&
	    tui_wait_text(t, "libvirt's ssh transport instead", 5000),
	    "fallback: the message log says why, and which way it went", t);
	tui_send(t, "\033");
	tui_send(t, "A/");
	tui_send(t, name);
	tui_send(t, "\r");
	check(tui_wait_row_has(t, name, "over-vmdeck", 20000),
	    "fallback: its VMs are listed", t);
	quit_check(t, "q", "fallback");
	return failures == 0 ? 0 : 1;
}

/* The lines of a file, or -1 when it cannot be read. */
static int
file_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int n = 0, c;

	if (f == NULL)
		return -1;
	while ((c = fgetc(f)) != EOF)
		if (c == '\n')
			n++;
	fclose(f);
	return n;
}

/* Whether the line under the row of host " a " (in the hosts pane of a
 * 40-row screen: a row starting with its border, not the title) has b. */
static bool
row_under_host_has(struct tui *t, const void *a, const void *b)
{
	char name[128], row[4096];

	snprintf(name, sizeof name, " %s ", (const char *)a);
	for (int r = 1; r + 1 < 40; r++)
		if (strncmp(tui_row(t, r, row, sizeof row), "│", 3) == 0 &&
		    strstr(row, name) != NULL &&
		    strstr(tui_row(t, r + 1, row, sizeof row), b) != NULL)
			return true;
	return false;
}

/* Whether the line under the host's row says text, waiting up to
 * timeout_ms. */
static bool
host_row_says(struct tui *t, const char *label, const char *text,
    int timeout_ms)
{
	return tui_until(t, row_under_host_has, label, text, timeout_ms);
}

/* Wait for the dialog about an unknown host key and say which host it
 * names ("over-ssh" or "over-libssh"), or NULL. */
static const char *
hostkey_dialog(struct tui *t, int timeout_ms)
{
	/* the question's last line: all of it is on screen (the hint
	 * below waits a moment before it offers keys) */
	if (!tui_wait_text(t, "Unknown host key", timeout_ms) ||
	    !tui_wait_text(t, "Type yes to accept it", 5000))
		return NULL;
	if (tui_find(t, "over-libssh: Unknown host key") >= 0)
		return "over-libssh";
	if (tui_find(t, "over-ssh: Unknown host key") >= 0)
		return "over-ssh";
	return NULL;
}

/* lab_tui hostkey VMDECK XDG_CONFIG_HOME KNOWN_HOSTS REKEY_CMD: the lab's
 * hosts with an empty known_hosts. Both ssh hosts ask in a dialog showing
 * the key's SHA256; declining writes nothing and leaves them "host key
 * unknown", not asked again; r on a host asks again, and yes writes one
 * line and both connect. REKEY_CMD then gives the host a new key and
 * ends the open SSH sessions: the hosts reconnect, are refused as "host
 * key changed", nothing is asked and known_hosts is left alone. */
static int
hostkey_checks(const char *vmdeck, const char *xdg, const char *kh,
    const char *rekey)
{
	struct tui *t = spawn_xdg(vmdeck, xdg, 130);
	const char *first, *second;
	first = hostkey_dialog(t, 20000);
	/* a key sent the moment it shows is taken as typed for something
	 * else */
	tui_send(t, "y");
	check(first != NULL && tui_find(t, "SHA256:") >= 0 &&
	    tui_wait_text(t, "typed as this appeared ignored", 5000) &&
	    file_lines(kh) == 0,
	    "hostkey TUI: an unknown host key asks, showing its SHA256 "
	    "fingerprint; a key typed as it appears is ignored; nothing is "
	    "written yet", t);
	/* y and Enter are not a yes: OpenSSH's rule, yes in full */
	check(tui_wait_text(t, "Type yes and Enter", 5000), "hostkey TUI: "
	    "the dialog takes keys once it has been seen a moment", t);
	tui_send(t, "y\r");
	check(tui_wait_text(t, "Please type yes or no", 5000) &&
	    tui_find(t, "Unknown host key") >= 0 && file_lines(kh) == 0,
	    "hostkey TUI: y and Enter do not accept a new key (yes is typed "
	    "in full)", t);
	tui_send(t, "no\r");
	/* the other name of the same machine asks once the first is
	 * answered */
	if (first != NULL) {
		char title[64];

		snprintf(title, sizeof title, "%s: Unknown host key", first);
		second = tui_wait_gone(t, title, 5000) ?
		    hostkey_dialog(t, 20000) : NULL;
	} else
		second = NULL;
	check(second != NULL && strcmp(first, second) != 0,
	    "hostkey TUI: the second host asks after the first is answered",
	    t);
	tui_wait_text(t, "Type yes and Enter", 5000);
	tui_send(t, "\x1b");
	check(tui_wait_gone(t, "Unknown host key", 5000) &&
	    host_row_says(t, "over-ssh", "host key unknown", 10000) &&
	    host_row_says(t, "over-libssh", "host key unknown", 10000) &&
	    !tui_wait_text(t, "Unknown host key", 3000) &&
	    file_lines(kh) == 0,
	    "hostkey TUI: a declined key leaves the hosts \"host key "
	    "unknown\", is not asked again by itself, and nothing is written",
	    t);
	/* r on over-ssh, the second host of the hosts pane */
	tui_send(t, "\tjr");
	check(hostkey_dialog(t, 20000) != NULL &&
	    tui_wait_text(t, "Type yes and Enter", 5000),
	    "hostkey TUI: r on the host asks again", t);
	tui_send(t, "yes\r");
	check(tui_wait_gone(t, "Unknown host key", 5000) &&
	    tui_wait_text(t, "● over-ssh", 20000) &&
	    tui_wait_text(t, "● over-libssh", 40000) && file_lines(kh) == 1,
	    "hostkey TUI: yes writes one known_hosts line and both names of "
	    "the host connect", t);
	if (system(rekey) != 0)
		printf("lab: note: the new host key command failed: %s\n", rekey);
	check(host_row_says(t, "over-ssh", "host key changed", 30000) &&
	    host_row_says(t, "over-libssh", "host key changed", 30000) &&
	    tui_find(t, "Unknown host key") < 0 && file_lines(kh) == 1,
	    "hostkey TUI: a key changed mid-session is refused on reconnect "
	    "as \"host key changed\", nothing asked or written", t);
	quit_check(t, "q", "hostkey TUI");
	return failures == 0 ? 0 : 1;
}

/* lab_tui hostkey-uri VMDECK URI KNOWN_HOSTS: vmdeck -c URI (an SSH URI,
 * no hosts file entry) with an unknown host key asks as a hosts file
 * entry does, naming the host, port and key; Esc writes nothing. */
static int
hostkey_uri_checks(const char *vmdeck, const char *uri, const char *kh)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 130);

	/* the hint that offers keys is drawn last, once the key guard has
	 * passed: only then is the whole dialog on screen and Esc taken
	 * (the title alone can be read mid-draw, under ASan more often) */
	check(tui_wait_text(t, "Unknown host key", 20000) &&
	    tui_wait_text(t, "Type yes and Enter", 5000) &&
	    tui_find(t, "SHA256:") >= 0 && tui_find(t, "port") >= 0 &&
	    file_lines(kh) == 0,
	    "hostkey TUI: -c qemu+ssh://ALIAS/system asks about the unknown "
	    "key as a hosts file entry does", t);
	tui_send(t, "\x1b");
	check(tui_wait_gone(t, "Unknown host key", 5000) &&
	    file_lines(kh) == 0, "hostkey TUI: -c URI: Esc writes nothing",
	    t);
	quit_check(t, "q", "hostkey TUI -c URI");
	return failures == 0 ? 0 : 1;
}

/* Cells of the picture (rows 0 … rows - 2) that are not black: a text
 * console's letters. */
static int
lit_cells(struct tui *t, int rows, int cols)
{
	int n = 0;

	for (int r = 0; r < rows - 1; r++)
		for (int c = 0; c < cols; c++) {
			uint32_t fg, bg, ch;

			tui_cell(t, r, c, &fg, &bg, &ch);
			/* half blocks: either half; a space: its background.
			 * Fitted text is grey (letters averaged with the black
			 * around them), so anything clearly not black counts. */
			if ((bg & 0xff) > 40 || (ch == 0x2580 && (fg & 0xff) > 40))
				n++;
		}
	return n;
}

/* A count of lit cells to pass (more) or fall under (!more). */
struct lit_goal {
	int rows, cols;
	bool more;
	int n;
};

static bool
lit_reached(struct tui *t, const void *a, const void *b)
{
	const struct lit_goal *g = a;
	int lit = lit_cells(t, g->rows, g->cols);

	(void)b;
	return g->more ? lit > g->n : lit < g->n;
}

/* Wait up to ms for the lit cells to pass (more) or fall under (!more)
 * n. */
static bool
wait_lit(struct tui *t, int rows, int cols, bool more, int n, int ms)
{
	struct lit_goal g = { rows, cols, more, n };

	if (tui_until(t, lit_reached, &g, NULL, ms))
		return true;
	printf("lab: note: %d lit cells\n", lit_cells(t, rows, cols));
	return false;
}

/* Wait for the VM in the list, filter it and open its screen (v); what
 * names the checks. */
static void
vnc_open(struct tui *t, const char *name, const char *what)
{
	char m[160];

	snprintf(m, sizeof m, "%s: the list shows the VM running", what);
	check(tui_wait_row_has(t, name, "running", 20000), m, t);
	tui_send(t, "/");
	tui_send(t, name);
	tui_send(t, "\rv");
}

/* Add "vnc_text = off" to the config under xdg. */
static void
vnc_text_off(const char *xdg)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/vmdeck", xdg);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/vmdeck/config", xdg);
	if ((f = fopen(path, "a")) != NULL) {
		fputs("\n[general]\nvnc_text = off\n", f);
		fclose(f);
	}
}

/* lab_tui vnctext VMDECK URI NAME: the same guest's VGA text console read
 * as text (vnc_text's default): the title says "text 80x25", a command
 * typed in the guest and its output are characters on the terminal,
 * one cell per character cell, at 100x30 and after a resize to 200x60. */
static int
vnctext_checks(const char *vmdeck, const char *uri, const char *name)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	char dir[] = "/tmp/vmdeck-lab-vt.XXXXXX", env1[300];
	const char *env[] = { "COLORTERM=truecolor", env1, NULL };
	struct tui *t;
	bool ok = false;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(env1, sizeof env1, "XDG_CONFIG_HOME=%s", dir);
	t = tui_spawn(args, env, 30, 100);
	vnc_open(t, name, "vnc text");
	check(tui_wait_text(t, "720x400 text 80x25", 30000),
	    "vnc text: the guest's VGA text console is read as text 80x25", t);
	/* typed until the shell takes it; its output as characters */
	for (int i = 0; i < 18 && !ok; i++) {
		tui_send(t, "echo vmdeck-$((6*7))\r");
		ok = tui_wait_text(t, "vmdeck-42", 5000);
	}
	check(ok, "vnc text: a command typed in the guest prints vmdeck-42, "
	    "read as characters at 100x30", t);
	check(tui_find(t, "echo vmdeck-$((6*7))") >= 0,
	    "vnc text: the typed command itself is characters on the screen",
	    t);
	tui_resize(t, 60, 200);
	check(tui_wait_text(t, "720x400 text 80x25", 10000) &&
	    tui_wait_text(t, "vmdeck-42", 10000),
	    "vnc text: still text at 200x60", t);
	quit_check(t, "\033[24~q", "vnc text");
	return failures == 0 ? 0 : 1;
}

/* lab_tui vnc VMDECK URI NAME [XDG_CONFIG_HOME]: the VNC view of a guest
 * with a shell on its VGA text console: its text shows as light cells;
 * typed "clear" empties the screen; the menu and F12 lead back. With
 * XDG_CONFIG_HOME, URI is a host of its hosts file (a remote display,
 * through vmdeck's SSH session). */
static int
vnc_checks(const char *vmdeck, const char *uri, const char *name,
    const char *xdg)
{
	/* with xdg, uri names a host of its hosts file (-H) */
	const char *args[] = { vmdeck, xdg ? "-H" : "-c", uri, NULL };
	char env1[512];
	const char *env[] = { "COLORTERM=truecolor", env1, NULL };
	struct tui *t;
	bool ok;

	char own[] = "/tmp/vmdeck-lab-vnc.XXXXXX";

	/* these checks are of the pixels (vnc_text = off; vnctext_checks
	 * reads the same screen as text) */
	if (xdg == NULL && mkdtemp(own) != NULL)
		xdg = own;
	if (xdg != NULL) {
		vnc_text_off(xdg);
		snprintf(env1, sizeof env1, "XDG_CONFIG_HOME=%s", xdg);
	} else
		env[1] = NULL;
	t = tui_spawn(args, env, 40, 120);

	check(tui_wait_row_has(t, name, "running", 20000),
	    "vnc: the list shows the guest running", t);
	tui_send(t, "/");
	tui_send(t, name);
	tui_send(t, "\r");
	tui_send(t, "v");
	check(tui_wait_text(t, "720x400 fit", 30000),
	    "vnc: v opens the VM's screen, 720x400 text mode, fitted", t);
	/* the guest's text: kernel messages and the shell's prompt */
	check(wait_lit(t, 40, 120, true, 4, 60000),
	    "vnc: the guest's VGA text shows as light cells", t);
	/* the shell starts a few seconds after the kernel's messages: type
	 * until it takes the command */
	ok = false;
	for (int i = 0; i < 18 && !ok; i++) {
		tui_send(t, "clear\r");
		ok = wait_lit(t, 40, 120, false, 12, 5000);
	}
	check(ok, "vnc: typed 'clear' reaches the guest and empties its screen",
	    t);
	tui_send(t, "echo vmdeck-vnc-typed-this-line\r");
	check(wait_lit(t, 40, 120, true, 20, 30000),
	    "vnc: a typed command's output appears", t);
	/* every printable ASCII character typed into the guest's shell as
	 * one command (its shell drops what is typed ahead while a command
	 * runs), checked there by its MD5 (of the 95 characters in this
	 * order, computed with md5sum): a screen of #s only if each arrived
	 * as typed (Shift held for !@#… and capitals). A guest busy at boot
	 * can drop keys: up to three tries, each after the first from a
	 * fresh shell (^C, which must reach the guest and not end vmdeck,
	 * ends the guest's shell; its init starts another), seen ready by
	 * "clear" taking. */
	ok = false;
	for (int i = 0; i < 3 && !ok; i++) {
		bool ready = false;

		if (i > 0)
			tui_send(t, "\003");
		for (int j = 0; j < 18 && !ready; j++) {
			tui_send(t, "clear\r");
			ready = wait_lit(t, 40, 120, false, 12, 5000);
		}
		/* the shell drops the first keys after a command ends (it
		 * resets its terminal): 32 spaces go first, harmless */
		tui_send(t, "                                ");
		tui_send(t, "a=' !\"#$%&()*+,-./0123456789:;<=>?@';q=\"'\";"
		    "b='ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
		    "abcdefghijklmnopqrstuvwxyz{|}~';clear;printf %s \"$a$q$b\"|"
		    "md5sum|grep -q ^c8c89ce88d7641e51705ae00d9ad595d&&yes "
		    "'################################'|head -n 22\r");
		ok = wait_lit(t, 40, 120, true, 1000, 30000);
	}
	check(ok, "vnc: every printable ASCII character typed into the guest's "
	    "shell arrives as typed (its MD5 checked there)", t);
	tui_send(t, "\003clear\r");
	check(wait_lit(t, 40, 120, false, 100, 30000) &&
	    kill(tui_pid(t), 0) == 0,
	    "vnc: ^C goes to the guest (vmdeck runs on) and the screen clears",
	    t);
	/* the menu's Type text… opens its prompt, and what is typed there
	 * reaches the guest */
	tui_send(t, "\035");
	check(tui_wait_text(t, "Send Ctrl-Alt-Del", 5000), "vnc: ^] opens "
	    "the menu", t);
	tui_send(t, "3");
	check(tui_wait_text(t, "as key presses", 5000), "vnc: the menu's "
	    "Type text… opens its prompt", t);
	tui_send(t, "                                clear; yes "
	    "'################################' | head -n 20\r");
	/* the prompt's Enter ends the prompt; the guest's comes after */
	tui_wait_text(t, "Typed the text into the VM", 5000);
	tui_send(t, "\r");
	check(tui_find(t, "Typed the text into the VM") >= 0 &&
	    wait_lit(t, 40, 120, true, 700, 30000),
	    "vnc: text typed in the prompt reaches the guest", t);
	/* two digits pick item 12 (Ctrl-Alt-F1: the console it is on) */
	tui_send(t, "\035");
	tui_wait_text(t, "Send Ctrl-Alt-Del", 5000);
	tui_send(t, "1");
	tui_send(t, "2");
	check(tui_wait_text(t, "Sent Ctrl-Alt-F1.", 5000), "vnc: the menu "
	    "takes two-digit numbers (12: Ctrl-Alt-F1)", t);
	tui_send(t, "\035");			/* ^]: the menu */
	check(tui_wait_text(t, "Send Ctrl-Alt-Del", 5000),
	    "vnc: ^] opens the menu", t);
	tui_send(t, "4");			/* zoom 1:1 */
	check(tui_wait_text(t, "720x400 1:1", 5000),
	    "vnc: the menu's zoom shows it one pixel per half cell", t);
	tui_send(t, "\033[23~");		/* F11: a pane under the lists */
	check(tui_wait_text(t, "F11 full screen", 5000) &&
	    tui_wait_row_has(t, name, "running", 5000),
	    "vnc: F11 shows it in a pane under the lists", t);
	tui_send(t, "\033[23~");
	check(tui_wait_text(t, "F11 pane", 5000) &&
	    tui_wait_gone(t, "F11 full screen", 5000),
	    "vnc: F11 again: full screen", t);
	tui_send(t, "\033[24~");		/* F12 */
	check(tui_wait_row_has(t, name, "running", 10000),
	    "vnc: F12 returns to the lists", t);
	quit_check(t, "q", "vnc");
	return failures == 0 ? 0 : 1;
}

static bool
never(struct tui *t, const void *a, const void *b)
{
	(void)t;
	(void)a;
	(void)b;
	return false;
}

/* Read what the program writes for ms milliseconds. */
static void
pump_for(struct tui *t, int ms)
{
	(void)tui_until(t, never, NULL, NULL, ms);
}

/* lab_tui vncstill VMDECK URI NAME: a VM whose screen does not change
 * (SeaBIOS's "No bootable device", its cursor out of the 1:1 window):
 * vmdeck writes nothing to the terminal; with vnc_graphics = sixel the
 * picture goes out as a sixel image. */
static int
vncstill_checks(const char *vmdeck, const char *uri, const char *name)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	char dir[] = "/tmp/vmdeck-lab-six.XXXXXX", path[256], env1[300];
	const char *env[] = { "COLORTERM=truecolor", env1, NULL };
	struct tui *t;
	uint64_t before;
	FILE *f;

	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(env1, sizeof env1, "XDG_CONFIG_HOME=%s", dir);
	vnc_text_off(dir);	/* pixels: the 1:1 window below */
	t = tui_spawn(args, env, 40, 120);
	vnc_open(t, name, "vnc still");
	check(tui_wait_text(t, "720x400 fit", 30000),
	    "vnc still: v opens its screen", t);
	tui_send(t, "\033[21~");		/* F10: 1:1 */
	check(tui_wait_text(t, "720x400 1:1", 5000),
	    "vnc still: F10 zooms to one pixel per half cell", t);
	/* once the firmware has stopped writing (it boots first), a 3 s
	 * window with nothing written; at most 10 windows */
	for (int i = 0; i < 10; i++) {
		before = tui_bytes(t);
		pump_for(t, 3000);
		if (tui_bytes(t) == before)
			break;
		printf("lab: note: %llu bytes in 3 s\n",
		    (unsigned long long)(tui_bytes(t) - before));
	}
	check(tui_bytes(t) == before,
	    "vnc still: a screen that does not change writes nothing in 3 s",
	    t);
	tui_send(t, "q");
	tui_send(t, "\033[24~q");
	tui_wait_exit(t, 10000);
	tui_free(t);

	/* the same screen as a sixel image */
	snprintf(path, sizeof path, "%s/vmdeck", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/vmdeck/config", dir);
	if ((f = fopen(path, "w")) != NULL) {
		fputs("[general]\nvnc_graphics = sixel\nvnc_text = off\n", f);
		fclose(f);
	}
	t = tui_spawn(args, env, 40, 120);
	vnc_open(t, name, "vnc sixel");
	check(tui_wait_text(t, "720x400 fit sixel", 30000),
	    "vnc sixel: vnc_graphics = sixel draws with images", t);
	pump_for(t, 1000);
	check(tui_saw_sixel(t), "vnc sixel: a sixel image was written", t);
	quit_check(t, "\033[24~q", "vnc sixel");

	/* SeaBIOS's screen read as text (vnc_text's default) */
	unlink(path);
	t = tui_spawn(args, env, 40, 120);
	vnc_open(t, name, "vnc bios text");
	check(tui_wait_text(t, "720x400 text 80x25", 30000) &&
	    tui_wait_text(t, "No bootable device", 10000),
	    "vnc bios text: SeaBIOS's screen reads as text: \"No bootable "
	    "device\" in characters", t);
	/* a still text screen writes nothing, its cursor blinking over a
	 * blank cell included; SeaBIOS retries the boot now and then, so
	 * one of three windows of 3 s must be silent */
	{
		uint64_t least = UINT64_MAX;

		pump_for(t, 1000);
		for (int k = 0; k < 3 && least != 0; k++) {
			before = tui_bytes(t);
			pump_for(t, 3000);
			if (tui_bytes(t) - before < least)
				least = tui_bytes(t) - before;
		}
		printf("lab: note: a still BIOS text screen: %llu bytes in 3 s\n",
		    (unsigned long long)least);
		check(least == 0, "vnc bios text: a still text screen with a "
		    "blinking cursor writes nothing in 3 s", t);
	}
	quit_check(t, "\033[24~q", "vnc bios text");
	snprintf(path, sizeof path, "%s/vmdeck", dir);
	rmdir(path);
	rmdir(dir);
	return failures == 0 ? 0 : 1;
}

/* lab_tui create VMDECK URI NAME LISTED: what a new user does first — n,
 * tiny-linux, a name, Create — with whatever kernel this machine has (an
 * empty /boot: Debian's cloud kernel, fetched once); the accelerator the
 * form names; a shell on the new VM's serial console; o shuts it down
 * (the tiny guest handles the ACPI button). */
/* GRUB's menu in its graphical terminal (gfxterm, 640x480, its Unifont
 * glyphs) read as text: the entry's name, the box's corner and the hint
 * line are characters on the terminal. */
static int
tui_vncgrub_checks(const char *vmdeck, const char *uri, const char *name)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 120);

	vnc_open(t, name, "vnc grub");
	check(tui_wait_text(t, "640x480 text ", 60000) &&
	    tui_wait_text(t, "vmdeck grub text 42", 10000),
	    "vnc grub: GRUB's graphical menu (640x480) reads as text: the "
	    "entry in characters", t);
	check(tui_wait_text(t, "┌──", 10000) &&
	    tui_wait_text(t, "│*vmdeck grub text 42", 10000),
	    "vnc grub: the menu's box and the highlighted entry's '*' as "
	    "characters", t);
	check(tui_wait_text(t, "Use the ↑ and ↓ keys", 10000),
	    "vnc grub: the hint line, arrows included", t);
	/* the title follows what is drawn (it was left saying "pixels"
	 * when the screen turned to text within a paint) */
	check(tui_wait_text(t, "640x480 text 79x29", 10000),
	    "vnc grub: the title says text 79x29", t);
	quit_check(t, "\033[24~q", "vnc grub");
	return failures == 0 ? 0 : 1;
}

static int
tui_create_checks(const char *vmdeck, const char *uri, const char *name,
    const char *listed)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 120);
	char created[256];

	/* connected: the host's list (with the VM LISTED) has arrived */
	check(tui_wait_text(t, listed, 20000), "create: the lists show", t);
	tui_send(t, "n");
	check(tui_wait_text(t, "< tiny-linux >", 10000),
	    "create: n opens the form on tiny-linux", t);
	tui_send(t, name);
	/* auto: the host's answer, with its reason */
	check(tui_wait_row_has(t, "Accelerator", "KVM", 30000) ||
	    tui_wait_row_has(t, "Accelerator", "TCG", 1000),
	    "create: the form says which accelerator and why", t);
	if (tui_find(t, "fails to run a guest here") >= 0)
		printf("lab: note: this host: KVM offered but failing, TCG\n");
	for (int i = 0; i < 11; i++)
		tui_send(t, "\t");
	tui_send(t, "\r");
	snprintf(created, sizeof created, "Created VM '%s' and started it",
	    name);
	/* a first fetch of the kernel: 26 MB from Debian's archive */
	check(tui_wait_text(t, created, 300000),
	    "create: Create makes and starts the VM", t);
	check(tui_wait_row_has(t, name, "running", 20000),
	    "create: the new VM is listed running", t);
	tui_send(t, "c");
	check(tui_wait_text(t, "console 1/1: ", 10000),
	    "create: c opens its serial console", t);
	shell_round_trip(t, "create", " within 30 s of opening the console");
	tui_send(t, "\035");			/* ^]: back to the lists */
	tui_wait_text(t, "Back to the lists", 5000);
	tui_send(t, "o");
	check(tui_wait_row_has(t, name, "shut off", 60000),
	    "create: o shuts the tiny guest down (ACPI button)", t);
	quit_check(t, "xq", "create");
	return failures == 0 ? 0 : 1;
}

/* The VM list's IP column shows the guest's address (its DHCP lease)
 * on the row of VM name, and the VM view lists the interface with it. */
static int
ipcol_checks(const char *vmdeck, const char *uri, const char *name,
    const char *ip)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 140);

	check(tui_wait_row_has(t, name, ip, 30000),
	    "the IP column shows the guest's DHCP address", t);
	tui_send(t, "/");
	tui_send(t, name);
	tui_send(t, "\r\r");
	check(tui_wait_row_has(t, "52:54:00:", ip, 30000),
	    "the VM view lists the interface with its address", t);
	quit_check(t, "\033q", "IP column");
	return failures == 0 ? 0 : 1;
}

/* The storage view uploads FILE into POOL's first volume with a progress
 * bar, rate and time left, says when it is done; a second upload
 * cancelled with X is said so and leaves the volume marked incomplete. */
static int
upload_checks(const char *vmdeck, const char *uri, const char *pool,
    const char *file)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 140);

	check(tui_wait_text(t, "Press ? for help.", 30000), "upload: the lists "
	    "show", t);
	check(tui_open_pool(t, pool), "upload: P and Tab show the pool's "
	    "volumes", t);
	tui_send(t, "u");
	check(tui_wait_text(t, "Upload into volume", 5000), "upload: u asks "
	    "for the file", t);
	tui_send(t, file);
	tui_send(t, "\r");
	check(tui_wait_row_has(t, "] ", "%", 10000) &&
	    tui_wait_row_has(t, "/s  ", "X cancels · Uploading '", 5000),
	    "upload: a progress bar with its rate while it runs", t);
	check(tui_wait_text(t, "Uploaded '", 120000),
	    "upload: the status line says it is done", t);
	tui_send(t, "u");
	tui_wait_text(t, "Upload into volume", 5000);
	tui_send(t, file);
	tui_send(t, "\r");
	check(tui_wait_text(t, "X cancels", 10000), "upload: a second one "
	    "under way", t);
	tui_send(t, "X");
	check(tui_wait_text(t, "did not finish", 30000) &&
	    tui_wait_text(t, "cancelled", 5000),
	    "upload: X cancels it, and the status line says so", t);
	check(tui_wait_text(t, "INCOMPLETE: ", 10000),
	    "upload: the volume is marked incomplete", t);
	tui_send(t, "q");
	quit_check(t, "q", "upload");
	return failures == 0 ? 0 : 1;
}

/* The migration view: m on VM name (listed on src) offers dst, the
 * options screen takes copy storage and a bandwidth of 8 MiB/s, Enter
 * shows the checks and the progress (a bar and its figures) until it is
 * done; without a refresh the VM then runs in dst's list and shows shut
 * off (still defined) in src's. */
static int
migrate_checks(const char *vmdeck, const char *src, const char *dst,
    const char *name)
{
	const char *args[] = { vmdeck, "-c", src, "-c", dst, NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 160);
	char want[256];

	check(tui_wait_row_has(t, name, "running", 30000),
	    "migrate: the VM is listed running on the source", t);
	tui_send(t, "/");
	tui_send(t, name);
	tui_send(t, "\r");
	/* the destination connected: its row in the hosts pane says so */
	check(tui_wait_text(t, "VMs 1/", 10000), "migrate: the filter picks "
	    "the VM", t);
	for (int i = 0; i < 100; i++) {
		tui_send(t, "m");
		snprintf(want, sizeof want, "Migrate VM '%s' to", name);
		if (tui_wait_text(t, want, 300))
			break;
		tui_send(t, "\033");
		tui_pump(t, 200);
	}
	check(tui_wait_text(t, want, 1000), "migrate: m offers the other "
	    "host", t);
	tui_send(t, "\r");
	snprintf(want, sizeof want, "Migrate VM '%s' from", name);
	check(tui_wait_text(t, want, 5000), "migrate: the options screen", t);
	tui_send(t, "c");
	check(tui_wait_text(t, "copy storage: all disks", 5000),
	    "migrate: c copies the storage", t);
	tui_send(t, "b");
	tui_wait_text(t, "MiB/s", 5000);
	tui_send(t, "8\r");
	check(tui_wait_text(t, "at most 8 MiB/s", 5000),
	    "migrate: b sets the bandwidth", t);
	tui_send(t, "\r");
	check(tui_wait_text(t, "✓ name free on", 30000),
	    "migrate: the checks are shown, each named", t);
	check(tui_wait_row_has(t, "MiB of", "left", 60000),
	    "migrate: progress figures every 500 ms (data sent, in all, left)",
	    t);
	snprintf(want, sizeof want, "Migrated VM '%s' to", name);
	check(tui_wait_text(t, want, 180000), "migrate: it ends, said so", t);
	tui_send(t, "q");
	tui_send(t, "\033A");
	check(tui_wait_row_has(t, name, "running", 30000) &&
	    tui_wait_row_has(t, name, "shut off", 30000),
	    "migrate: by events, the VM runs in the destination's list and "
	    "shows shut off in the source's", t);
	quit_check(t, "q", "migrate");
	return failures == 0 ? 0 : 1;
}

/* One SSH login for everything: the host called host (transport =
 * vmdeck in the hosts file of the environment) lists VM name, samples
 * it, opens its serial console and its VNC screen; the caller counts
 * sshd's logins. A setup offer is declined. */
static int
onelogin_checks(const char *vmdeck, const char *host, const char *name)
{
	const char *args[] = { vmdeck, "-H", host, "-d", "0.5", NULL };
	char cfg[512], state[512];

	/* the caller's hosts file */
	snprintf(cfg, sizeof cfg, "XDG_CONFIG_HOME=%s",
	    getenv("XDG_CONFIG_HOME") ? getenv("XDG_CONFIG_HOME") : "");
	snprintf(state, sizeof state, "XDG_STATE_HOME=%s",
	    getenv("XDG_STATE_HOME") ? getenv("XDG_STATE_HOME") : "");
	const char *env[] = { cfg, state, NULL };
	struct tui *t = tui_spawn(args, env, 40, 140);

	/* a key typed as a question appears is ignored: say no until it
	 * goes */
	if (tui_wait_text(t, "Set up this host", 15000))
		for (int i = 0; i < 20; i++) {
			tui_send(t, "n");
			if (tui_wait_gone(t, "Set up this host", 500))
				break;
		}
	check(tui_wait_row_has(t, name, "running", 30000),
	    "one login: the VM is listed", t);
	check(tui_wait_row_has(t, name, "%", 30000),
	    "one login: its figures are sampled", t);
	tui_send(t, "/");
	tui_send(t, name);
	tui_send(t, "\r");
	tui_send(t, "c");
	check(tui_wait_text(t, "console 1/1: ", 20000),
	    "one login: its serial console opens", t);
	tui_send(t, "\035");
	tui_wait_text(t, "Back to the lists", 5000);
	tui_send(t, "x");
	tui_send(t, "v");
	check(tui_wait_text(t, "720x400 ", 30000), "one login: its VNC screen "
	    "shows", t);
	tui_send(t, "\033[24~");		/* F12: back */
	tui_wait_gone(t, "720x400 ", 5000);
	quit_check(t, "q", "one login");
	return failures == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "onelogin") == 0)
		return onelogin_checks(argv[2], argv[3], argv[4]);
	if (argc == 6 && strcmp(argv[1], "migrate") == 0)
		return migrate_checks(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 6 && strcmp(argv[1], "upload") == 0)
		return upload_checks(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 6 && strcmp(argv[1], "ipcol") == 0)
		return ipcol_checks(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 5 && strcmp(argv[1], "vncstill") == 0)
		return vncstill_checks(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "vncgrub") == 0)
		return tui_vncgrub_checks(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "vnctext") == 0)
		return vnctext_checks(argv[2], argv[3], argv[4]);
	if ((argc == 5 || argc == 6) && strcmp(argv[1], "vnc") == 0)
		return vnc_checks(argv[2], argv[3], argv[4],
		    argc == 6 ? argv[5] : NULL);
	if (argc == 5 && strcmp(argv[1], "hostkey-uri") == 0)
		return hostkey_uri_checks(argv[2], argv[3], argv[4]);
	if (argc == 6 && strcmp(argv[1], "hostkey") == 0)
		return hostkey_checks(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 5 && strcmp(argv[1], "console") == 0)
		return console_checks(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "fallback") == 0)
		return fallback_checks(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "remote") == 0)
		return remote_checks(argv[2], argv[3], argv[4]);
	if (argc == 6 && strcmp(argv[1], "create") == 0)
		return tui_create_checks(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 5 && strcmp(argv[1], "tuiconsole") == 0)
		return tui_console_checks(argv[2], argv[3], argv[4]);
	if (argc != 5) {
		fprintf(stderr, "usage: lab_tui VMDECK URI NAME LIBVIRTD_PID\n");
		return 2;
	}
	const char *args[] = { argv[1], "-c", argv[2], "-d", "0.5", NULL };
	pid_t daemon = (pid_t)atoi(argv[4]);
	struct tui *t = tui_spawn(args, NULL, 40, 120);
	bool ok;

	check(tui_wait_row_has(t, argv[3], "running", 20000),
	    "the VM list shows the lab guest running", t);
	tui_send(t, "/");
	tui_send(t, argv[3]);
	tui_send(t, "\r\r");		/* filter to it, open its view */
	check(tui_wait_text(t, "CPU %  now ", 10000), "the VM view opens", t);
	ok = false;
	/* 60 s: twice in ~35 lab runs the first figures took longer than
	 * 20 s to reach a fresh vmdeck (the backtraces below) */
	for (int i = 0; i < 120 && !ok; i++) {
		ok = cpu_now(t) > 50;
		if (!ok)
			tui_pump(t, 500);	/* the next frame, at most 0.5 s */
	}
	check(ok, "the busy guest's CPU rises above 50 % within 60 s", t);
	if (!ok) {
		/* where vmdeck's threads wait, and libvirtd's: the figures
		 * that did not come are the one clue this check leaves */
		char cmd[256];
		int pids[2] = { (int)tui_pid(t), (int)daemon };

		for (int i = 0; i < 2; i++) {
			printf("lab: note: the threads of %s (pid %d):\n",
			    i ? "libvirtd" : "vmdeck", pids[i]);
			fflush(stdout);
			snprintf(cmd, sizeof cmd, "timeout 60 gdb -p %d -batch -ex "
			    "'thread apply all bt' 2>/dev/null | grep -E "
			    "'^#|^Thread' | head -150", pids[i]);
			if (system(cmd) != 0)
				printf("lab: note: no backtrace (gdb?)\n");
		}
	}
	check(tui_find(t, "Memory used  now –") < 0,
	    "memory shows a figure, not a dash", t);
	tui_send(t, "\033");

	/* the daemon stops answering in the middle of sampling */
	kill(daemon, SIGSTOP);
	check(tui_wait_text(t, "figures stale", 10000),
	    "a host that stops answering is marked stale", t);
	tui_send(t, "?");
	check(tui_wait_text(t, "move down", 3000),
	    "keys still work while the host hangs", t);
	tui_send(t, "\033");
	kill(daemon, SIGCONT);
	check(tui_wait_gone(t, "figures stale", 30000),
	    "the figures are fresh again once it answers", t);
	quit_check(t, "q", "");

	/* outside UTF-8 the graphs are ASCII and still show the load */
	const char *env[] = { "LANG=C", NULL };
	t = tui_spawn(args, env, 40, 120);
	check(tui_wait_row_has(t, argv[3], "running", 20000),
	    "ASCII: the list shows the guest", t);
	tui_send(t, "/");
	tui_send(t, argv[3]);
	tui_send(t, "\r\r");
	check(tui_wait_text(t, "CPU %  now ", 10000), "ASCII: the VM view opens",
	    t);
	check(tui_wait_text(t, "######", 30000),
	    "ASCII: the CPU graph is drawn with '#'", t);
	quit_check(t, "\033q", "ASCII");
	return failures == 0 ? 0 : 1;
}
