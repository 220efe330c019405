/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The real vmdeck in a pseudo-terminal against libvirt's test driver:
 * what a person sees, keys they press, and the terminal left as found.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <rfb/rfb.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/config/inifile.h"
#include "../../src/vnc/vgafont.h"
#include "../../src/util/timeutil.h"
#include "../../src/util/xalloc.h"

#include "../common/testutil.h"
#include "../common/vncserve.h"
#include "harness.h"

/* generous, and three times that under ASan (its builds run several
 * times slower; quitting alone has taken over 10 s there) */
#if defined(__SANITIZE_ADDRESS__)
#define WAIT_MS 30000
#else
#define WAIT_MS 10000
#endif
/* test:///default's VM row, and no other row, shows its memory so */
#define VM_ROW "/2.0G"

static const char *bin;

static struct tui *
start(const char *uri, const char *const *env, int rows, int cols)
{
	const char *argv[] = { bin, "-c", uri, NULL };
	struct tui *t = tui_spawn(argv, env, rows, cols);

	if (!tui_wait_row_has(t, VM_ROW, "running", WAIT_MS)) {
		tui_dump(t);
		fail_msg("the domain list of %s never appeared", uri);
	}
	return t;
}

/* A generated host of n VMs (see testutil_node_uri) shown in vmdeck. */
struct node {
	char *dir;
	char *uri;
	struct tui *t;
};

static void
node_start(struct node *nd, int n)
{
	const char *argv[] = { bin, "-c", NULL, NULL };

	nd->dir = testutil_tmpdir();
	nd->uri = testutil_node_uri(nd->dir, n, "vm");
	argv[2] = nd->uri;
	nd->t = tui_spawn(argv, NULL, 40, 110);
}

static void quit(struct tui *t);

/* Quit vmdeck (exit status 0) and remove the host's files. */
static void
node_end(struct node *nd)
{
	quit(nd->t);
	free(nd->uri);
	testutil_rmtree(nd->dir);
	free(nd->dir);
}

static void
quit(struct tui *t)
{
	int rc;

	tui_send(t, "q");
	rc = tui_wait_exit(t, WAIT_MS);
	if (rc != 0)
		tui_dump(t);	/* what it showed: a hang, or a sanitizer's report */
	assert_int_equal(rc, 0);
	tui_free(t);
}

static void
test_shows_default_list(void **state)
{
	struct tui *t;
	char row[4096];
	int r;

	(void)state;
	t = start("test:///default", NULL, 30, 100);
	r = tui_find(t, "test:///default");
	assert_true(r >= 0);
	/* the row of the VM: name, state, vCPUs, memory */
	/* the test driver gives no live figures: dashes, never zeros (waited
	 * for: the row can arrive before its last columns) */
	assert_true(tui_wait_row_has(t, VM_ROW, "–/2.0G", WAIT_MS));
	r = tui_find(t, VM_ROW);
	tui_row(t, r, row, sizeof row);
	assert_non_null(strstr(row, "test "));
	assert_non_null(strstr(row, "running"));
	assert_null(strstr(row, "0%"));
	/* the detail line of the selected VM */
	assert_true(tui_wait_text(t, " test  running  id 1  2 vCPUs  2 GiB of 8 GiB",
	    WAIT_MS));
	quit(t);
}

/* Whether rows under the one holding title show half blocks. */
static bool
has_blocks_below(struct tui *t, const void *title, const void *unused)
{
	int r = tui_find(t, title);
	char row[4096];

	(void)unused;
	for (int i = r + 1; r >= 0 && i < r + 12 && i < 40; i++)
		if (strstr(tui_row(t, i, row, sizeof row), "▀") != NULL)
			return true;
	return false;
}

/* Whether the cell at *(int[3]){row, col, colour} has that colour. */
static bool
fg_is(struct tui *t, const void *cell, const void *unused)
{
	const int *c = cell;

	(void)unused;
	return tui_fg(t, c[0], c[1]) == c[2];
}

/* Whether a and b are both on screen, a above b. */
static bool
above(struct tui *t, const void *a, const void *b)
{
	int ra = tui_find(t, a), rb = tui_find(t, b);

	return ra >= 0 && rb >= 0 && ra < rb;
}

/* Enter opens the VM view: four titled graphs; ] and [ change the
 * window. */
static void
test_vm_view_graphs(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 40, 120);
	tui_send(t, "\r");
	assert_true(tui_wait_text(t, "window 1 min", WAIT_MS));
	assert_true(tui_wait_text(t, "CPU %  now", WAIT_MS));
	assert_true(tui_wait_text(t, "Memory used  now", WAIT_MS));
	assert_true(tui_wait_row_has(t, "Disk read/s  now", "Disk write/s  now",
	    WAIT_MS));
	assert_true(tui_wait_row_has(t, "Net rx/s  now", "Net tx/s  now",
	    WAIT_MS));
	assert_true(tui_wait_text(t, "uuid 6695eb01-f6a4-8304-79aa-97f2502e193f",
	    WAIT_MS));
	/* the accelerator, read from the domain's XML on the host's worker
	 * (the test driver's own type) */
	assert_true(tui_wait_text(t, " accel test  uuid ", WAIT_MS));
	/* the running VM's screen (the test driver's picture) beside the
	 * graphs, drawn in half blocks */
	assert_true(tui_wait_text(t, "Screen (v opens it)", WAIT_MS));
	/* the picture comes after its title: waited for, not read at once */
	assert_true(tui_until(t, has_blocks_below, "Screen (v opens it)", NULL,
	    WAIT_MS));
	tui_send(t, "]");
	assert_true(tui_wait_text(t, "window 10 min", WAIT_MS));
	tui_send(t, "]");
	assert_true(tui_wait_text(t, "window 1 h", WAIT_MS));
	tui_send(t, "]");			/* the longest: stays */
	tui_send(t, "[");
	assert_true(tui_wait_text(t, "window 10 min", WAIT_MS));
	/* p pauses sampling, and says so */
	tui_send(t, "p");
	assert_true(tui_wait_text(t, "SAMPLING PAUSED", WAIT_MS));
	tui_send(t, "p\033");
	assert_true(tui_wait_row_has(t, VM_ROW, "running", WAIT_MS));
	quit(t);
}

/* n: the create form checks as it is typed, previews the XML, and a
 * created VM appears in the list, selected. */
static void
test_create_form(void **state)
{
	struct tui *t;
	char *dir = testutil_tmpdir();
	char *kernel = testutil_write(dir, "vmlinuz", "k", 1);
	char env_k[600], env_c[600];

	(void)state;
	/* tiny-linux's kernel = auto: a stand-in file; its initramfs is
	 * written under this cache */
	snprintf(env_k, sizeof env_k, "VMDECK_TINY_KERNEL=%s", kernel);
	snprintf(env_c, sizeof env_c, "XDG_CACHE_HOME=%s", dir);
	const char *env[] = { env_k, env_c, NULL };
	t = start("test:///default", env, 36, 120);
	tui_send(t, "n");
	assert_true(tui_wait_text(t, "New VM", WAIT_MS));
	assert_true(tui_wait_text(t, "< tiny-linux >", WAIT_MS));
	assert_true(tui_wait_row_has(t, "Name", "required", WAIT_MS));
	tui_send(t, "bad name");
	assert_true(tui_wait_text(t, "letters, digits and . _ - +", WAIT_MS));
	tui_send(t, "\177\177\177\177\177-x1");	/* backspaces */
	assert_true(tui_wait_gone(t, "letters, digits", WAIT_MS));
	/* the name of the existing VM is refused as typed */
	tui_send(t, "\177\177\177\177\177\177test");
	assert_true(tui_wait_text(t, "taken on test:///default", WAIT_MS));
	tui_send(t, "\177\177\177\177web1");
	assert_true(tui_wait_gone(t, "taken on", WAIT_MS));
	/* the accelerator the host gives new VMs: the test driver has no
	 * KVM, so TCG, and the form says why */
	assert_true(tui_wait_row_has(t, "Accelerator", "TCG (software "
	    "emulation, slow)", WAIT_MS));
	/* the preview: the XML the host would define, planned there (the
	 * initramfs path resolved, the guest agent channel) */
	tui_send(t, "\033OR");			/* F3 */
	assert_true(tui_wait_text(t, "Domain XML preview", WAIT_MS));
	assert_true(tui_wait_text(t, "<name>web1</name>", WAIT_MS));
	assert_true(tui_wait_text(t, "vmdeck-tiny-initrd-custom.cpio",
	    WAIT_MS));
	assert_true(tui_wait_text(t, "org.qemu.guest_agent.0", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_text(t, "New VM", WAIT_MS));
	/* down to the button and create */
	for (int i = 0; i < 11; i++)
		tui_send(t, "\t");
	tui_send(t, "\r");
	assert_true(tui_wait_text(t, "Created VM 'web1' and started it.",
	    WAIT_MS));
	assert_true(tui_wait_text(t, " web1  running", WAIT_MS));
	quit(t);
	/* the initramfs it built */
	char *initrd = testutil_path(dir,
	    "vmdeck/vmdeck-tiny-initrd-custom.cpio");
	assert_int_equal(access(initrd, R_OK), 0);
	free(initrd);
	free(kernel);
	testutil_rmtree(dir);
	free(dir);
}


/* E: the XML in $EDITOR; a refused edit comes back with libvirt's
 * reason on top, and the fixed text is saved. */
static void
test_edit_xml_refused_then_saved(void **state)
{
	char *dir = testutil_tmpdir();
	char script[4096], env_editor[600], env_dir[600], *p, *seen;
	struct tui *t;

	(void)state;
	snprintf(script, sizeof script,
	    "#!/bin/sh\n"
	    "f=\"$1\"\n"
	    "echo \"$f\" >> \"$TESTDIR/files\"\n"
	    "stat -c %%a \"$(dirname \"$f\")\" > \"$TESTDIR/dirmode\"\n"
	    "if grep -q 'vmdeck: libvirt refused' \"$f\"; then\n"
	    "  echo seen > \"$TESTDIR/seen\"\n"
	    "  sed -i \"s|<vcpu placement='static'>[^<]*</vcpu>|"
	    "<vcpu placement='static'>3</vcpu>|\" \"$f\"\n"
	    "else\n"
	    "  sed -i \"s|<vcpu placement='static'>2</vcpu>|"
	    "<vcpu placement='static'>two</vcpu>|\" \"$f\"\n"
	    "fi\n");
	p = testutil_write(dir, "editor.sh", script, strlen(script));
	chmod(p, 0755);
	snprintf(env_editor, sizeof env_editor, "EDITOR=%s", p);
	snprintf(env_dir, sizeof env_dir, "TESTDIR=%s", dir);
	free(p);
	char env_state[600];

	snprintf(env_state, sizeof env_state, "XDG_STATE_HOME=%s/state", dir);
	const char *env[] = { env_editor, env_dir, "VISUAL=", env_state, NULL };
	t = start("test:///default", env, 30, 110);
	/* off first, so the list shows the saved vCPUs */
	tui_send(t, "F");
	assert_true(tui_wait_text(t, "Force off VM 'test'", WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_row_has(t, VM_ROW, "shut off", WAIT_MS));
	tui_send(t, "E");
	assert_true(tui_wait_text(t, "Saved the edit of VM 'test'", WAIT_MS));
	assert_true(tui_wait_text(t, " test  shut off  inactive  3 vCPUs",
	    WAIT_MS));
	seen = testutil_path(dir, "seen");
	assert_int_equal(access(seen, F_OK), 0);	/* the reason was shown */
	free(seen);
	quit(t);
	/* the XML (a VNC password in it, often) was edited in the user's
	 * own 0700 state directory, never /tmp, and nothing is left */
	{
		char *files = testutil_path(dir, "files"), *mode =
		    testutil_path(dir, "dirmode"), *text, *line, *save = NULL,
		    *state_dir = xasprintf("%s/state/vmdeck/edits/", dir);
		int n = 0;

		text = testutil_slurp(files);
		assert_non_null(text);
		for (line = strtok_r(text, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save), n++) {
			assert_int_equal(strncmp(line, state_dir,
			    strlen(state_dir)), 0);
			assert_int_equal(access(line, F_OK), -1);
		}
		assert_int_equal(n, 2);
		free(text);
		text = testutil_slurp(mode);
		assert_string_equal(text, "700\n");
		free(text);
		free(state_dir);
		free(files);
		free(mode);
	}
	testutil_rmtree(dir);
	free(dir);
}

/* C asks the clone's name; a disk no pool holds is refused with the
 * reason, and nothing is made. */
static void
test_clone_prompt(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 30, 110);
	tui_send(t, "C");
	assert_true(tui_wait_text(t, "is running; shut it down before cloning",
	    WAIT_MS));
	tui_send(t, "F");
	assert_true(tui_wait_text(t, "Force off VM 'test'", WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_row_has(t, VM_ROW, "shut off", WAIT_MS));
	tui_send(t, "C");
	assert_true(tui_wait_text(t, "Clone VM 'test' (with copies of its "
	    "disks) as:", WAIT_MS));
	assert_true(tui_wait_text(t, "test-clone_", WAIT_MS));
	tui_send(t, "\r");
	assert_true(tui_wait_text(t, "Disk '/guest/diskimage1' of VM 'test' is "
	    "not a volume of any storage pool", WAIT_MS));
	assert_true(tui_wait_text(t, "VMs 1/1", WAIT_MS));
	quit(t);
}

/* e: the edit form; a memory change shows in the list. */
static void
test_edit_memory(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 30, 110);
	tui_send(t, "e");
	assert_true(tui_wait_text(t, "Edit VM 'test'", WAIT_MS));
	assert_true(tui_wait_row_has(t, "Memory", "2G", WAIT_MS));
	tui_send(t, "\t\t\177\1773G");	/* to Memory, "2G" -> "3G" */
	assert_true(tui_wait_row_has(t, "Memory", "3G_", WAIT_MS));
	for (int i = 0; i < 15; i++)		/* down to Save */
		tui_send(t, "\t");
	tui_send(t, "\r");
	assert_true(tui_wait_text(t, "VM 'test': saved to its definition; "
	    "memory changed live.", WAIT_MS));
	assert_true(tui_wait_text(t, "/3.0G", WAIT_MS));
	/* an ISO for the VM without a CD-ROM drive: the form says what
	 * became of it, and shows the drive next time */
	tui_send(t, "e");
	assert_true(tui_wait_row_has(t, "Disk bus", "virtio or scsi", WAIT_MS));
	for (int i = 0; i < 15; i++)		/* down to CD-ROM */
		tui_send(t, "\t");
	tui_send(t, "/srv/one.iso\t\t\r");
	assert_true(tui_wait_text(t, "CD-ROM sda now holds /srv/one.iso: saved",
	    WAIT_MS));
	tui_send(t, "e");
	assert_true(tui_wait_text(t, "sda /srv/one.iso", WAIT_MS));
	assert_true(tui_wait_row_has(t, "CD-ROM", "/srv/one.iso", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_gone(t, "Edit VM 'test'", WAIT_MS));
	quit(t);
}

static void
test_filter_narrows(void **state)
{
	struct node nd;
	struct tui *t;

	(void)state;
	node_start(&nd, 30);
	t = nd.t;
	assert_true(tui_wait_text(t, "VMs 30/30", WAIT_MS));
	assert_true(tui_wait_text(t, "vm0001", WAIT_MS));
	tui_send(t, "/vm002");
	if (!tui_wait_text(t, "VMs 10/30", WAIT_MS))
		tui_dump(t);
	assert_true(tui_wait_text(t, "VMs 10/30", WAIT_MS));
	assert_true(tui_wait_text(t, "vm0025", WAIT_MS));
	assert_true(tui_wait_gone(t, "vm0001", WAIT_MS));
	tui_send(t, "5\r");
	assert_true(tui_wait_text(t, "VMs 1/30", WAIT_MS));
	assert_true(tui_wait_text(t, "vm0025", WAIT_MS));
	/* Esc clears the kept filter */
	tui_send(t, "\033");
	assert_true(tui_wait_text(t, "VMs 30/30", WAIT_MS));
	node_end(&nd);
}

/* The selection stays on the same VM when the list re-sorts under it. */
static void
test_selection_follows_vm(void **state)
{
	struct node nd;
	struct tui *t;

	(void)state;
	node_start(&nd, 30);
	t = nd.t;
	assert_true(tui_wait_text(t, " vm0000  running", WAIT_MS));
	tui_send(t, "jjjjj");
	assert_true(tui_wait_text(t, " vm0005  shut off", WAIT_MS));
	/* by state: vm0005, shut off, moves below every running VM */
	tui_send(t, "s");
	assert_true(tui_wait_text(t, "Sorted by state.", WAIT_MS));
	assert_true(tui_wait_text(t, " vm0005  shut off", WAIT_MS));
	/* and a move goes on from its new place */
	tui_send(t, "j");
	assert_true(tui_wait_text(t, " vm0008  shut off", WAIT_MS));
	node_end(&nd);
}

/* Outside UTF-8, borders are ASCII. */
static void
test_ascii_borders(void **state)
{
	const char *env[] = { "LANG=C", NULL };
	struct tui *t;

	(void)state;
	t = start("test:///default", env, 30, 100);
	assert_true(tui_wait_text(t, "+ Hosts ---", WAIT_MS));
	assert_true(tui_wait_gone(t, "│", WAIT_MS));
	assert_true(tui_find(t, "??") < 0);	/* no UTF-8 byte as a '?' */
	quit(t);
}

static void
test_shutdown_changes_state(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 30, 100);
	tui_send(t, "o");
	if (!tui_wait_row_has(t, VM_ROW, "shut off", WAIT_MS))
		tui_dump(t);
	assert_true(tui_wait_text(t, "Asked VM 'test' to shut down.", WAIT_MS));
	assert_true(tui_wait_text(t, "0 running", WAIT_MS));
	/* and back up */
	tui_send(t, "u");
	assert_true(tui_wait_row_has(t, VM_ROW, "running", WAIT_MS));
	quit(t);
}

static void
test_force_off_confirms(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 30, 100);
	tui_send(t, "F");
	assert_true(tui_wait_text(t, "Force off VM 'test' on test:///default?",
	    WAIT_MS));
	/* nothing happened yet */
	assert_true(tui_wait_text(t, "1 running", WAIT_MS));
	tui_send(t, "n");
	assert_true(tui_wait_text(t, "Cancelled.", WAIT_MS));
	assert_true(tui_wait_text(t, "1 running", WAIT_MS));
	tui_send(t, "F");
	assert_true(tui_wait_text(t, "Force off VM 'test'", WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_row_has(t, VM_ROW, "shut off", WAIT_MS));
	assert_true(tui_wait_text(t, "Forced VM 'test' off.", WAIT_MS));
	quit(t);
}

static void
test_delete_confirms(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 30, 100);
	tui_send(t, "D");
	assert_true(tui_wait_text(t, "Delete VM 'test' on test:///default?",
	    WAIT_MS));
	/* each volume is named, and s would delete them too */
	assert_true(tui_wait_text(t, "  /guest/diskimage1", WAIT_MS));
	assert_true(tui_wait_text(t, "s: delete with storage", WAIT_MS));
	tui_send(t, "y");
	/* still running, so it stays, now transient */
	assert_true(tui_wait_text(t, "Deleted the definition of VM 'test'.",
	    WAIT_MS));
	assert_true(tui_wait_text(t, "transient", WAIT_MS));
	quit(t);
}

static void
test_resize_too_small_and_back(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 30, 100);
	tui_resize(t, 10, 40);
	assert_true(tui_wait_text(t, "terminal too small", WAIT_MS));
	assert_true(tui_wait_gone(t, VM_ROW, WAIT_MS));
	tui_resize(t, 30, 100);
	assert_true(tui_wait_row_has(t, VM_ROW, "running", WAIT_MS));
	assert_true(tui_wait_gone(t, "terminal too small", WAIT_MS));
	quit(t);
}

static void
test_quit_restores_terminal(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 30, 100);
	assert_true(tui_altscreen(t));
	assert_false(tui_cursor_visible(t));
	tui_send(t, "q");
	assert_int_equal(tui_wait_exit(t, WAIT_MS), 0);
	assert_false(tui_altscreen(t));
	assert_true(tui_cursor_visible(t));
	tui_free(t);
}

static void
test_help_lists_bindings(void **state)
{
	struct tui *t;

	(void)state;
	t = start("test:///default", NULL, 40, 100);
	tui_send(t, "?");
	assert_true(tui_wait_text(t, "force the VM off (asks first)", WAIT_MS));
	assert_true(tui_wait_text(t, "j, Down", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_gone(t, "force the VM off", WAIT_MS));
	quit(t);
}

static void
test_unreachable_host_keeps_running(void **state)
{
	const char *argv[] = { bin, "-c", "qemu+tcp://127.0.0.1:1/system",
	    "-c", "test:///default", NULL };
	struct tui *t;

	(void)state;
	t = tui_spawn(argv, NULL, 30, 110);
	/* the dead host shows its reason; the live one lists regardless */
	assert_true(tui_wait_text(t, "Could not connect to qemu+tcp://", WAIT_MS));
	tui_send(t, "\t");	/* to the hosts pane */
	tui_send(t, "j");
	if (!tui_wait_row_has(t, VM_ROW, "running", WAIT_MS))
		tui_dump(t);
	assert_true(tui_wait_text(t, VM_ROW, WAIT_MS));
	quit(t);
}

/* A host that accepts the TCP connection and then never answers: the
 * screen stays live, the other host works, and q still quits promptly. */
static void
test_hung_host_never_freezes(void **state)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char uri[64];
	struct tui *t;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(listen(fd, 4), 0);	/* never accept(): a hang */
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(uri, sizeof uri, "qemu+tcp://127.0.0.1:%d/system",
	    ntohs(sa.sin_port));
	const char *argv[] = { bin, "-c", uri, "-c", "test:///default", NULL };
	t = tui_spawn(argv, NULL, 30, 110);
	assert_true(tui_wait_text(t, "Connecting", WAIT_MS));
	/* keys still work while the first host hangs */
	tui_send(t, "\tj");
	assert_true(tui_wait_row_has(t, VM_ROW, "running", WAIT_MS));
	tui_send(t, "?");
	assert_true(tui_wait_text(t, "move down", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_gone(t, "move down", WAIT_MS));
	int64_t t0 = time_mono_ms();
	tui_send(t, "q");
	assert_int_equal(tui_wait_exit(t, WAIT_MS), 0);
	/* the grace for workers is 2 s; allow for a slow (ASan) build */
	assert_true(time_mono_ms() - t0 < 5000);
	tui_free(t);
	close(fd);
}

/* A click selects: a host in the hosts pane, a VM in the list. */
static void
test_mouse_selects(void **state)
{
	const char *argv[] = { bin, "-c", "qemu+tcp://127.0.0.1:1/system",
	    "-c", "test:///default", NULL };
	struct tui *t;
	char click[64];
	int r;

	(void)state;
	t = tui_spawn(argv, NULL, 30, 110);
	assert_true(tui_wait_text(t, "Could not connect to qemu+tcp://", WAIT_MS));
	r = tui_find(t, " test:///default");
	assert_true(r > 0);
	/* SGR mouse report: button 1 press and release, 1-based column;row */
	snprintf(click, sizeof click, "\033[<0;5;%dM\033[<0;5;%dm", r + 1,
	    r + 1);
	tui_send(t, click);
	assert_true(tui_wait_row_has(t, VM_ROW, "running", WAIT_MS));
	quit(t);
}

/* A temporary XDG_CONFIG_HOME holding config text; env gets its entry. */
struct cfgdir {
	char *dir;
	char env[512];
};

static void
cfgdir_make(struct cfgdir *c, const char *config)
{
	char *p;

	c->dir = testutil_tmpdir();
	p = testutil_write(c->dir, "vmdeck/config", config, strlen(config));
	free(p);
	snprintf(c->env, sizeof c->env, "XDG_CONFIG_HOME=%s", c->dir);
}

static void
cfgdir_free(struct cfgdir *c)
{
	testutil_rmtree(c->dir);
	free(c->dir);
}

/* T switches themes live: the colours on screen change. */
static void
test_theme_switch_changes_colours(void **state)
{
	struct tui *t;
	int r, col, before;

	(void)state;
	t = start("test:///default", NULL, 30, 100);
	/* the top-left corner of the hosts pane (which has no focus) */
	r = tui_find(t, "Hosts");
	assert_int_equal(r, 1);
	col = 0;
	before = tui_fg(t, r, col);
	assert_int_equal(before, 4);		/* default: border = blue */
	/* shipped themes come in name order */
	tui_send(t, "T");
	assert_true(tui_wait_text(t, "Theme high-contrast:", WAIT_MS));
	/* bright-white, once the frame is repainted */
	assert_true(tui_until(t, fg_is, (int[3]){ r, col, 15 }, NULL, WAIT_MS));
	tui_send(t, "T");
	assert_true(tui_wait_text(t, "Theme light:", WAIT_MS));
	/* light: border = color245 */
	assert_true(tui_until(t, fg_is, (int[3]){ r, col, 245 }, NULL, WAIT_MS));
	tui_send(t, "T");			/* monochrome */
	assert_true(tui_wait_text(t, "Theme monochrome:", WAIT_MS));
	assert_true(tui_until(t, fg_is, (int[3]){ r, col, -1 }, NULL, WAIT_MS));
	quit(t);
}

/* Bindings and settings from the user's config file take effect; a bad
 * line is reported with file:line and the rest still holds. */
static void
test_config_bindings_and_settings(void **state)
{
	struct cfgdir c;
	struct tui *t;

	(void)state;
	cfgdir_make(&c, "[general]\n"
	    "theme = solarized-dark\n"
	    "columns = state name memory vcpus\n"
	    "sort = bogus\n"
	    "[keys]\n"
	    "x = force-off\n"
	    "F = none\n");
	const char *env[] = { c.env, NULL };
	t = start("test:///default", env, 30, 100);
	/* the bad line: file:line on the status line and in the log */
	assert_true(tui_wait_text(t, "config:4: sort: 'bogus' is not one of",
	    WAIT_MS));
	/* state before name */
	assert_true(tui_wait_row_has(t, "State", "Name", WAIT_MS));
	char row[4096];
	tui_row(t, tui_find(t, "Name"), row, sizeof row);
	assert_true(strstr(row, "State") < strstr(row, "Name"));
	/* F is unbound, x forces off (after asking) */
	tui_send(t, "F");
	tui_send(t, "x");
	assert_true(tui_wait_text(t, "Force off VM 'test'", WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_text(t, "Forced VM 'test' off.", WAIT_MS));
	quit(t);
	cfgdir_free(&c);
}

/* A rebound key shows its new name in the hint bar and in the messages
 * that name it; an unbound command drops out of the bar. */
static void
test_rebound_keys_in_hints(void **state)
{
	struct cfgdir c;
	struct tui *t;

	(void)state;
	cfgdir_make(&c, "[keys]\n"
	    "S = start\n"
	    "u = none\n"
	    "H = help\n"
	    "? = none\n"
	    "F1 = none\n"
	    "p = none\n"
	    "P = sampling\n");
	const char *env[] = { c.env, NULL };
	t = start("test:///default", env, 30, 160);
	assert_true(tui_wait_text(t, "Press H for help.", WAIT_MS));
	assert_true(tui_wait_text(t, "S Start", WAIT_MS));
	assert_true(tui_find(t, "u Start") < 0);
	assert_true(tui_wait_text(t, "H Help", WAIT_MS));
	tui_send(t, "P");
	assert_true(tui_wait_text(t, "Sampling paused; P resumes.", WAIT_MS));
	assert_true(tui_wait_text(t, "SAMPLING PAUSED (P)", WAIT_MS));
	quit(t);
	cfgdir_free(&c);
}

/* test://DIR/node.xml holding xml, a host for libvirt's test driver.
 * Caller frees. */
static char *
node_file_uri(const char *dir, const char *xml)
{
	char *path = testutil_write(dir, "node.xml", xml, strlen(xml));
	char *uri = xasprintf("test://%s", path);

	free(path);
	return uri;
}

/* S opens a VM's snapshots; one made with a name shows in the tree; a
 * revert asks naming the VM and the snapshot; a delete says which files
 * go (none, for an internal one) and then the tree is empty again. */
static void
test_snapshots_view(void **state)
{
	char *dir = testutil_tmpdir();
	static const char node[] =
	    "<node><domain type='test'><name>qvm</name>"
	    "<uuid>6d3c0000-0000-4000-8000-0000000000d1</uuid>"
	    "<memory>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
	    "<devices><disk type='file' device='disk'><driver name='qemu' "
	    "type='qcow2'/><source file='/tmp/qvm.qcow2'/><target dev='vda' "
	    "bus='virtio'/></disk></devices></domain></node>";
	char *uri = node_file_uri(dir, node);
	const char *argv[] = { bin, "-c", uri, NULL };
	struct tui *t;

	(void)state;
	t = tui_spawn(argv, NULL, 30, 120);
	assert_true(tui_wait_row_has(t, "qvm", "running", WAIT_MS));
	tui_send(t, "S");
	assert_true(tui_wait_text(t, "Snapshots of VM 'qvm'", WAIT_MS));
	assert_true(tui_wait_text(t, "No snapshots yet", WAIT_MS));
	tui_send(t, "n");
	assert_true(tui_wait_text(t, "Snapshot VM 'qvm' as:", WAIT_MS));
	/* the default name is a timestamp: replace it */
	for (int i = 0; i < 24; i++)
		tui_send(t, "\177");
	tui_send(t, "before update\r");
	assert_true(tui_wait_text(t, "A description", WAIT_MS));
	tui_send(t, "the good state\r");
	assert_true(tui_wait_text(t, "With its memory", WAIT_MS));
	tui_send(t, "1");
	if (!tui_wait_text(t, "Made snapshot 'before update' of VM 'qvm' "
	    "with its memory: internal", WAIT_MS)) {
		tui_dump(t);
		fail_msg("the snapshot was not made");
	}
	assert_true(tui_wait_row_has(t, "* before update", "internal", WAIT_MS));
	assert_true(tui_wait_text(t, "the good state", WAIT_MS));
	/* revert: the question names both and what is lost */
	tui_send(t, "r");
	assert_true(tui_wait_text(t, "Revert VM 'qvm' to snapshot 'before "
	    "update'?", WAIT_MS));
	assert_true(tui_wait_text(t, "is lost", WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_text(t, "Reverted VM 'qvm' to snapshot 'before "
	    "update', running.", WAIT_MS));
	/* delete: which files go, then gone */
	tui_send(t, "d");
	assert_true(tui_wait_text(t, "Delete snapshot 'before update' of VM "
	    "'qvm'?", WAIT_MS));
	assert_true(tui_wait_text(t, "No file is removed", WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_text(t, "Deleted snapshot 'before update' of VM "
	    "'qvm'.", WAIT_MS));
	assert_true(tui_wait_text(t, "No snapshots yet", WAIT_MS));
	tui_send(t, "q");
	assert_true(tui_wait_row_has(t, "qvm", "running", WAIT_MS));
	quit(t);
	free(uri);
	free(dir);
}

/* columns = … tags: each VM's tags from its metadata, "–" for none;
 * the filter's tag: and state: terms, with and without the column */
static void
test_tags_column(void **state)
{
	char *dir = testutil_tmpdir();
	static const char node[] =
	    "<node><domain type='test'><name>web1</name><memory>262144"
	    "</memory><vcpu>1</vcpu><os><type>hvm</type></os><metadata>"
	    "<v:tags xmlns:v='urn:vmdeck:tags:1'><v:tag>web</v:tag><v:tag>"
	    "a&amp;b</v:tag></v:tags></metadata></domain>"
	    "<domain type='test'><name>db1</name><memory>262144</memory>"
	    "<vcpu>1</vcpu><os><type>hvm</type></os></domain></node>";
	char *uri = node_file_uri(dir, node);
	const char *argv[] = { bin, "-c", uri, NULL };
	struct cfgdir c;
	struct tui *t;

	(void)state;
	cfgdir_make(&c, "[general]\ncolumns = name state tags\n");
	const char *env[] = { c.env, NULL };
	t = tui_spawn(argv, env, 30, 100);
	assert_true(tui_wait_row_has(t, "Name", "Tags", WAIT_MS));
	assert_true(tui_wait_row_has(t, "web1", "a&b,web", WAIT_MS));
	assert_true(tui_wait_row_has(t, "db1", "–", WAIT_MS));
	/* the filter's tag: and state: terms */
	tui_send(t, "/tag:web state:run\r");
	assert_true(tui_wait_text(t, "VMs 1/2", WAIT_MS));
	assert_true(tui_wait_gone(t, "db1 ", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_text(t, "VMs 2/2", WAIT_MS));
	quit(t);
	cfgdir_free(&c);
	/* without the column: the tags are read once a filter asks; a key
	 * the filter does not know is named with its column */
	t = tui_spawn(argv, NULL, 30, 100);
	assert_true(tui_wait_row_has(t, "db1", "running", WAIT_MS));
	tui_send(t, "/tag:a&b\r");
	assert_true(tui_wait_text(t, "VMs 1/2", WAIT_MS));
	assert_true(tui_wait_row_has(t, "web1", "running", WAIT_MS));
	tui_send(t, "\033/db colour:red");
	assert_true(tui_wait_text(t, "filter: column 4: 'colour' is not one of "
	    "name, state, tag, host, ip", WAIT_MS));
	assert_true(tui_wait_text(t, "VMs 0/2", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_text(t, "VMs 2/2", WAIT_MS));
	quit(t);
	free(uri);
	free(dir);
}

/* Marks across two hosts in the all-hosts list: Space marks, the title
 * counts; an action asks once naming the VMs by host, and the results
 * view shows each (one fails with libvirt's reason); t tags the marked
 * VMs; U unmarks. Headless: several names and --filter across two hosts,
 * a line per VM and exit 1 when one failed. */
static void
test_marks_and_bulk(void **state)
{
	char *dir = testutil_tmpdir();
	char *u1 = testutil_node_uri(dir, 3, "a"), *u2 =
	    testutil_node_uri(dir, 3, "b");
	const char *argv[] = { bin, "-c", u1, "-c", u2, NULL };
	struct cfgdir c;
	struct tui *t;

	(void)state;
	cfgdir_make(&c, "[general]\ncolumns = name state tags\n");
	const char *env[] = { c.env, NULL };
	t = tui_spawn(argv, env, 30, 120);
	assert_true(tui_wait_row_has(t, "a0002", "shut off", WAIT_MS));
	tui_send(t, "A");
	assert_true(tui_wait_text(t, "VMs 6/6 of all 2 hosts", WAIT_MS));
	/* mark a0001 (running) and a0002 (shut off) with the filter and *,
	 * then b0000 with Space (the only row its filter shows) */
	tui_send(t, "/name:a000[12]\r");
	assert_true(tui_wait_text(t, "VMs 2/6", WAIT_MS));
	tui_send(t, "*");
	assert_true(tui_wait_text(t, "2 marked", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_text(t, "VMs 6/6", WAIT_MS));
	tui_send(t, "/b0000\r");
	assert_true(tui_wait_text(t, "VMs 1/6", WAIT_MS));
	tui_send(t, " ");
	assert_true(tui_wait_text(t, "3 marked", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_text(t, "VMs 6/6", WAIT_MS));
	tui_send(t, "u");
	assert_true(tui_wait_text(t, "Start 3 VMs on 2 hosts?", WAIT_MS));
	if (!tui_wait_text(t, "(2): a0001, a0002", WAIT_MS)) {
		tui_dump(t);
		fail_msg("the question does not name the marked VMs by host");
	}
	assert_true(tui_wait_text(t, "(1): b0000", WAIT_MS));
	tui_send(t, "y");
	if (!tui_wait_text(t, "Start: 3 VMs: 1 done, 2 failed", WAIT_MS)) {
		tui_dump(t);
		fail_msg("the results view did not sum up");
	}
	assert_true(tui_wait_row_has(t, "a0002", "Started VM 'a0002'.",
	    WAIT_MS));
	assert_true(tui_wait_row_has(t, "a0001", "already running", WAIT_MS));
	tui_send(t, "q");
	assert_true(tui_wait_row_has(t, "a0002", "running", WAIT_MS));
	/* t on the marked set */
	tui_send(t, "t");
	assert_true(tui_wait_text(t, "Tags for the 3 marked VMs", WAIT_MS));
	tui_send(t, "web +a<b\r");
	assert_true(tui_wait_text(t, "Tag (web +a<b) 3 VMs on 2 hosts?",
	    WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_text(t, "Tag: 3 VMs: 3 done, 0 failed", WAIT_MS));
	tui_send(t, "q");
	assert_true(tui_wait_row_has(t, "b0000", "a<b,web", WAIT_MS));
	tui_send(t, "U");
	assert_true(tui_wait_gone(t, "marked", WAIT_MS));
	quit(t);
	cfgdir_free(&c);

	/* headless: names on two hosts, one not found, one failing */
	const char *argv2[] = { bin, "shutdown", "a0000", "b0002", "nosuch",
	    "-c", u1, "-c", u2, NULL };
	t = tui_spawn(argv2, NULL, 30, 160);
	assert_true(tui_wait_text(t, "no VM called 'nosuch' on any host given",
	    WAIT_MS));
	assert_true(tui_wait_row_has(t, "ok", "Asked VM 'a0000' to shut down.",
	    WAIT_MS));
	assert_true(tui_wait_row_has(t, "FAILED", "b0002", WAIT_MS));
	assert_int_equal(tui_wait_exit(t, WAIT_MS), 1);
	tui_free(t);
	const char *argv3[] = { bin, "suspend", "--filter", "state:run "
	    "name:?000[01]", "--json", "-c", u1, "-c", u2, NULL };
	t = tui_spawn(argv3, NULL, 30, 200);
	assert_true(tui_wait_text(t, "\"name\": \"b0001\"", WAIT_MS));
	assert_true(tui_wait_text(t, "\"ok\": true, \"message\": \"Paused VM "
	    "'a0000'.\"", WAIT_MS));
	assert_int_equal(tui_wait_exit(t, WAIT_MS), 0);
	tui_free(t);
	free(u1);
	free(u2);
	free(dir);
}

/* P: the pools with their fill, the volumes with who uses each; a volume
 * made from the form, one in use not deleted (the VM named), an unused
 * one deleted after a question naming it. N: the networks, a NAT network
 * defined and removed. The IP column shows the VM's address. */
static void
test_storage_and_networks(void **state)
{
	char *dir = testutil_tmpdir();
	static const char node[] =
	    "<node><domain type='test'><name>svm</name>"
	    "<memory>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
	    "<devices><disk type='file' device='disk'><driver name='qemu' "
	    "type='qcow2'/><source file='/tp/svm.qcow2'/><target dev='vda' "
	    "bus='virtio'/></disk><interface type='network'><mac "
	    "address='52:54:00:00:00:07'/><source network='tnet'/></interface>"
	    "</devices></domain>"
	    "<network><name>tnet</name><bridge name='virbr9'/><forward "
	    "mode='nat'/><ip address='10.9.9.1' prefix='24'><dhcp><range "
	    "start='10.9.9.2' end='10.9.9.254'/></dhcp></ip></network>"
	    "<pool type='dir'><name>tp</name><capacity>107374182400</capacity>"
	    "<allocation>53687091200</allocation><available>53687091200"
	    "</available><target><path>/tp</path></target>"
	    "<volume><name>svm.qcow2</name><capacity>10737418240</capacity>"
	    "<target><format type='qcow2'/></target></volume>"
	    "</pool></node>";
	char *uri = node_file_uri(dir, node);
	const char *argv[] = { bin, "-c", uri, NULL };
	struct tui *t;

	(void)state;
	t = tui_spawn(argv, NULL, 30, 140);
	assert_true(tui_wait_row_has(t, "svm", "running", WAIT_MS));
	/* the test driver's lease for the interface, in the IP column */
	assert_true(tui_wait_text(t, " IP ", WAIT_MS));
	assert_true(tui_wait_row_has(t, "svm", "10.", WAIT_MS));
	tui_send(t, "P");
	assert_true(tui_wait_text(t, "Storage pools of ", WAIT_MS));
	/* (the driver counts its volumes' allocation: 10 of 100 GiB) */
	assert_true(tui_wait_row_has(t, "tp ", "[##------------------]  10 % "
	    "of 100 GiB, 90 GiB free  /tp", WAIT_MS));
	assert_true(tui_wait_row_has(t, "svm.qcow2", "svm", WAIT_MS));
	tui_send(t, "\t");
	assert_true(tui_wait_text(t, "n new · r resize · d delete", WAIT_MS));
	tui_send(t, "d");
	assert_true(tui_wait_text(t, "Volume 'svm.qcow2' is not deleted: svm "
	    "uses it.", WAIT_MS));
	tui_send(t, "n");
	assert_true(tui_wait_text(t, "A new volume in pool 'tp', called:",
	    WAIT_MS));
	tui_send(t, "extra.raw\r");
	assert_true(tui_wait_text(t, "Its size", WAIT_MS));
	for (int i = 0; i < 4; i++)
		tui_send(t, "\177");
	tui_send(t, "3G\r");
	assert_true(tui_wait_text(t, "Its format:", WAIT_MS));
	tui_send(t, "2");
	assert_true(tui_wait_text(t, "Created raw volume 'extra.raw' of 3 GiB "
	    "in pool 'tp'.", WAIT_MS));
	assert_true(tui_wait_row_has(t, "extra.raw", "unused", WAIT_MS));
	tui_send(t, "U");
	assert_true(tui_wait_text(t, "only those nothing uses", WAIT_MS));
	assert_true(tui_wait_gone(t, "/tp/svm.qcow2", WAIT_MS));
	tui_send(t, "d");
	assert_true(tui_wait_text(t, "Delete volume 'extra.raw' of pool 'tp'?",
	    WAIT_MS));
	assert_true(tui_wait_text(t, "The file /tp/extra.raw is removed.",
	    WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_text(t, "Deleted volume 'extra.raw'", WAIT_MS));
	assert_true(tui_wait_text(t, "Every volume is in use.", WAIT_MS));
	tui_send(t, "q");
	assert_true(tui_wait_row_has(t, "svm", "running", WAIT_MS));
	tui_send(t, "N");
	assert_true(tui_wait_row_has(t, "tnet", "10.9.9.0/24", WAIT_MS));
	tui_send(t, "n");
	assert_true(tui_wait_text(t, "The network's name:", WAIT_MS));
	tui_send(t, "lab2\r");
	assert_true(tui_wait_text(t, "Its IPv4 subnet", WAIT_MS));
	for (int i = 0; i < 16; i++)
		tui_send(t, "\177");
	tui_send(t, "10.9.9.128/25\r");
	/* the DHCP range offered: the subnet after the host's address */
	assert_true(tui_wait_text(t, "10.9.9.130-10.9.9.254", WAIT_MS));
	tui_send(t, "\r");
	assert_true(tui_wait_text(t, "overlaps network 'tnet'", WAIT_MS));
	tui_send(t, "n");
	assert_true(tui_wait_text(t, "The network's name:", WAIT_MS));
	tui_send(t, "lab2\r");
	assert_true(tui_wait_text(t, "Its IPv4 subnet", WAIT_MS));
	tui_send(t, "\r");
	assert_true(tui_wait_text(t, "DHCP hands out", WAIT_MS));
	for (int i = 0; i < 24; i++)
		tui_send(t, "\177");
	tui_send(t, "10.100.0.50-10.100.0.99\r");
	assert_true(tui_wait_text(t, "Defined NAT network 'lab2' on "
	    "10.100.0.0/24", WAIT_MS));
	assert_true(tui_wait_row_has(t, "lab2", "10.100.0.50-10.100.0.99",
	    WAIT_MS));
	/* selected once the list is read again (the status line above
	 * names lab2 and its subnet before that) */
	assert_true(tui_wait_text(t, "DHCP leases of 'lab2'", WAIT_MS));
	tui_send(t, "D");
	assert_true(tui_wait_text(t, "Remove network 'lab2'?", WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_text(t, "Removed network 'lab2'.", WAIT_MS));
	assert_true(tui_wait_gone(t, "10.100.0.0/24", WAIT_MS));
	tui_send(t, "q");
	assert_true(tui_wait_row_has(t, "svm", "running", WAIT_MS));
	quit(t);
	free(uri);
	free(dir);
}

/* confirm = all asks before a plain shutdown too. */
static void
test_confirm_all(void **state)
{
	struct cfgdir c;
	struct tui *t;

	(void)state;
	cfgdir_make(&c, "[general]\nconfirm = all\n");
	const char *env[] = { c.env, NULL };
	t = start("test:///default", env, 30, 100);
	tui_send(t, "o");
	assert_true(tui_wait_text(t, "Shut down VM 'test' on test:///default?",
	    WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_row_has(t, VM_ROW, "shut off", WAIT_MS));
	quit(t);
	cfgdir_free(&c);
}

/* W writes the settings back, keeping the user's comments; ':' runs a
 * command by name with Tab completion. */
static void
test_save_and_command_prompt(void **state)
{
	struct cfgdir c;
	struct tui *t;
	char *path, buf[4096];
	FILE *f;
	size_t n;

	(void)state;
	cfgdir_make(&c, "# mine\n[general]\ninterval = 2 ; slower\n");
	const char *env[] = { c.env, NULL };
	t = start("test:///default", env, 30, 100);
	tui_send(t, ":the");
	assert_true(tui_wait_text(t, ":the", WAIT_MS));
	assert_true(tui_wait_text(t, "theme-next", WAIT_MS));
	tui_send(t, "\t\r");		/* completes to theme-next, runs it */
	assert_true(tui_wait_text(t, "Theme high-contrast:", WAIT_MS));
	tui_send(t, "s");			/* sort by state */
	assert_true(tui_wait_text(t, "Sorted by state.", WAIT_MS));
	tui_send(t, "W");
	assert_true(tui_wait_text(t, "Saved sort, columns, theme and interval",
	    WAIT_MS));
	quit(t);
	path = testutil_path(c.dir, "vmdeck/config");
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "# mine\n[general]\ninterval = 2 ; slower\n"
	    "sort = state\ncolumns = name state cpu cpugraph memory disk net "
	    "ip vcpus autostart persistent\ntheme = high-contrast\n");
	free(path);
	cfgdir_free(&c);
}

static void
test_dumb_terminal_refused(void **state)
{
	const char *argv[] = { bin, "-c", "test:///default", NULL };
	const char *env[] = { "TERM=dumb", NULL };
	struct tui *t;

	(void)state;
	t = tui_spawn(argv, env, 24, 80);
	assert_int_equal(tui_wait_exit(t, WAIT_MS), 2);
	assert_true(tui_wait_text(t, "cannot move the cursor", WAIT_MS));
	tui_free(t);
}

static void
test_no_color(void **state)
{
	const char *env[] = { "NO_COLOR=1", NULL };
	struct tui *t;
	int r;

	(void)state;
	t = start("test:///default", env, 30, 100);
	/* the whole row drawn before its colours are read */
	assert_true(tui_wait_row_has(t, VM_ROW, "running", WAIT_MS));
	r = tui_find(t, VM_ROW);
	for (int c = 0; c < 100; c++)
		assert_int_equal(tui_fg(t, r, c), -1);
	quit(t);
}

/* The console keys on the test driver, which has no consoles to open:
 * a stopped VM is refused with a reason; a VM with two consoles asks
 * which; the driver's refusal shows in the pane and gives the lists
 * back; the console commands without a console say so. */
static void
test_console_paths(void **state)
{
	char *dir = testutil_tmpdir();
	static const char node[] =
	    "<node><domain type='test'><name>twocons</name>"
	    "<uuid>6d3c0000-0000-4000-8000-0000000000c1</uuid>"
	    "<memory>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
	    "<devices><serial type='pty'><target port='0'/></serial>"
	    "<console type='pty'><target type='virtio' port='1'/></console>"
	    "</devices></domain>"
	    "<domain type='test' xmlns:test="
	    "'http://libvirt.org/schemas/domain/test/1.0'><name>offvm</name>"
	    "<uuid>6d3c0000-0000-4000-8000-0000000000c2</uuid>"
	    "<memory>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
	    "<test:runstate>5</test:runstate></domain>"
	    "<domain type='test'><name>noserial</name>"
	    "<uuid>6d3c0000-0000-4000-8000-0000000000c3</uuid>"
	    "<memory>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
	    "</domain></node>";
	char *uri = node_file_uri(dir, node);
	const char *argv[] = { bin, "-c", uri, NULL };
	struct tui *t;

	(void)state;
	t = tui_spawn(argv, NULL, 30, 100);
	assert_true(tui_wait_row_has(t, "offvm", "shut off", WAIT_MS));
	/* without a console, its commands say so */
	tui_send(t, "x");
	assert_true(tui_wait_text(t, "No console is open.", WAIT_MS));
	tui_send(t, ":log /tmp/nothing\r");
	assert_true(tui_wait_text(t, "No console is open: :log FILE", WAIT_MS));
	/* a stopped VM: the reason, no pane */
	tui_send(t, "/offvm\r");
	tui_send(t, "c");
	assert_true(tui_wait_text(t, "VM 'offvm' is not running; start it (u)",
	    WAIT_MS));
	assert_true(tui_find(t, "console 1/1") < 0);
	/* a running VM without a serial device: the reason, in the pane */
	tui_send(t, "\033/noserial\r");
	tui_send(t, "c");
	assert_true(tui_wait_text(t, "VM 'noserial' has no serial console",
	    WAIT_MS));
	assert_true(tui_wait_text(t, "console 1/1: noserial", WAIT_MS));
	/* two consoles: which one? */
	tui_send(t, "\033/twocons\r");
	tui_send(t, "c");
	assert_true(tui_wait_text(t, "has 2 consoles: which one?", WAIT_MS));
	assert_true(tui_wait_text(t, "2  console1 (virtio, port ", WAIT_MS));
	tui_send(t, "2");
	/* the test driver cannot open it: libvirt's reason, in the pane
	 * and the status line, and the keyboard is back with the lists */
	assert_true(tui_wait_text(t, "[vmdeck: Could not open the console of "
	    "VM 'twocons'", WAIT_MS));
	assert_true(tui_wait_text(t, "not supported", WAIT_MS));
	assert_true(tui_wait_text(t, "c TypeInConsole", WAIT_MS));
	/* a terminal resized to tiny and back with the pane open */
	tui_resize(t, 8, 30);
	assert_true(tui_wait_text(t, "terminal too small", WAIT_MS));
	tui_resize(t, 30, 100);
	assert_true(tui_wait_text(t, "console 2/2: twocons", WAIT_MS));
	/* two consoles open: w cycles between them, each keeps its screen */
	tui_send(t, "w");
	assert_true(tui_wait_text(t, "console 1/2: noserial", WAIT_MS));
	assert_true(tui_wait_text(t, "has no serial console", WAIT_MS));
	tui_send(t, "w");
	assert_true(tui_wait_text(t, "console 2/2: twocons", WAIT_MS));
	/* the console commands now act on that pane */
	tui_send(t, "f");		/* full screen: the lists go */
	assert_true(tui_wait_gone(t, "Hosts", WAIT_MS));
	tui_send(t, "\035");
	assert_true(tui_wait_text(t, "Back to the lists", WAIT_MS));
	tui_send(t, "x");
	assert_true(tui_wait_text(t, "Closed the console of VM 'twocons'",
	    WAIT_MS));
	assert_true(tui_wait_text(t, "console 1/1: noserial", WAIT_MS));
	tui_send(t, "x");
	assert_true(tui_wait_gone(t, "console 1/1", WAIT_MS));
	quit(t);
	free(uri);
	testutil_rmtree(dir);
	free(dir);
}

/* The hosts file's hosts, by name, each with its state: one that
 * connects, one whose port refuses (unreachable, with the retry counting
 * down), and a bad line reported as file:line in the log. */
static void
test_hosts_file(void **state)
{
	char *dir = testutil_tmpdir();
	char *sub = testutil_path(dir, "vmdeck");
	static const char hosts[] =
	    "; two hosts\n"
	    "[good]\n"
	    "uri = test:///default\n"
	    "[gone]\n"
	    "uri = qemu+tcp://127.0.0.1:1/system\n"
	    "colour = red\n";
	char *env0 = xasprintf("XDG_CONFIG_HOME=%s", dir);
	char *env1 = xstrdup("LIBVIRT_DEFAULT_URI=test:///default");
	const char *env[] = { env0, env1, NULL };
	const char *argv[] = { bin, NULL };
	struct tui *t;
	char *path;

	(void)state;
	mkdir(sub, 0700);
	path = testutil_write(sub, "hosts", hosts, strlen(hosts));
	t = tui_spawn(argv, env, 30, 120);
	/* the default (here test:///default) and the file's good host are
	 * the same URI: one row, named */
	assert_true(tui_wait_text(t, "● good", WAIT_MS));
	assert_true(tui_wait_text(t, "✗ gone", WAIT_MS));
	assert_true(tui_wait_text(t, "unreachable (retry", WAIT_MS));
	assert_true(tui_find(t, "● test:///default") < 0);
	tui_send(t, "L");
	assert_true(tui_wait_text(t, "hosts:6: unknown key 'colour'", WAIT_MS));
	tui_send(t, "\033");
	/* D on the hosts pane removes a host from the file, asking first */
	tui_send(t, "\tj");
	assert_true(tui_wait_row_has(t, " vmdeck ", "gone", WAIT_MS));
	tui_send(t, "D");
	assert_true(tui_wait_text(t, "Remove host 'gone'", WAIT_MS));
	tui_send(t, "y");
	assert_true(tui_wait_text(t, "Removed host 'gone'", WAIT_MS));
	assert_true(tui_wait_text(t, "gone (removed)", WAIT_MS));
	{
		size_t len;
		bool missing;
		struct diags d = { 0 };
		char *text = inifile_slurp(path, &len, &missing, &d);

		assert_non_null(text);
		assert_null(strstr(text, "[gone]"));
		assert_non_null(strstr(text, "; two hosts\n[good]\n"));
		free(text);
		diag_clear(&d);
	}
	quit(t);
	free(env0);
	free(env1);
	free(path);
	free(sub);
	testutil_rmtree(dir);
	free(dir);
}

/* A: the VMs of every host in one list, with a Host column; the filter
 * takes a VM's or a host's name; the selected VM's host is the one
 * actions go to. */
static void
test_all_hosts_list(void **state)
{
	char *dir = testutil_tmpdir();
	char *u1 = testutil_node_uri(dir, 3, "alpha");
	char *u2 = testutil_node_uri(dir, 2, "beta");
	const char *argv[] = { bin, "-c", u1, "-c", u2, NULL };
	struct tui *t;

	(void)state;
	t = tui_spawn(argv, NULL, 30, 120);
	assert_true(tui_wait_text(t, "alpha0002", WAIT_MS));
	assert_true(tui_find(t, "beta0000") < 0);	/* one host's list */
	tui_send(t, "A");
	assert_true(tui_wait_text(t, "of all 2 hosts", WAIT_MS));
	assert_true(tui_wait_row_has(t, "│Host ", "Name", WAIT_MS));
	assert_true(tui_wait_row_has(t, "beta0001", "test:///", WAIT_MS));
	assert_true(tui_wait_row_has(t, "alpha0000", "test:///", WAIT_MS));
	assert_true(tui_wait_text(t, "VMs 5/5", WAIT_MS));
	/* the filter: a VM's name */
	tui_send(t, "/beta0001\r");
	assert_true(tui_wait_text(t, "VMs 1/5", WAIT_MS));
	/* the selected VM's host is the current host: its name in the title */
	assert_true(tui_wait_row_has(t, " vmdeck ", "node-beta", WAIT_MS));
	tui_send(t, "\033");
	assert_true(tui_wait_text(t, "VMs 5/5", WAIT_MS));
	/* A again: one host's list */
	tui_send(t, "A");
	assert_true(tui_wait_gone(t, "of all 2 hosts", WAIT_MS));
	/* the whole frame, not only its first rows */
	assert_true(tui_wait_gone(t, "alpha0000", WAIT_MS));
	assert_true(tui_wait_row_has(t, "beta0000", "running", WAIT_MS));
	quit(t);
	free(u1);
	free(u2);
	testutil_rmtree(dir);
	free(dir);
}

/* Names and messages from libvirt and files are shown written out: a
 * right-to-left override and a zero-width space in VM names show as
 * <U+202E> and <U+200B>; libxml2's warning about a bad test:// file goes
 * to the log, not over the screen. */
static void
test_hostile_names_shown_safely(void **state)
{
	char *dir = testutil_tmpdir();
	static const char xml[] = "<node><domain type='test'><name>good"
	    "\xe2\x80\xae" "evil</name><memory>1024</memory><os><type>hvm</type>"
	    "</os></domain><domain type='test'><name>ad\xe2\x80\x8b" "min</name>"
	    "<memory>1024</memory><os><type>hvm</type></os></domain></node>";
	char *path = testutil_write(dir, "hostile.xml", xml, sizeof xml - 1);
	char *uri = xasprintf("test://%s", path);
	const char *argv[] = { bin, "-c", uri, "-c", "test:///nonexistent.xml",
	    NULL };
	struct tui *t;

	(void)state;
	t = tui_spawn(argv, NULL, 30, 110);
	assert_true(tui_wait_text(t, "good<U+202E>evil", WAIT_MS));
	assert_true(tui_wait_text(t, "ad<U+200B>min", WAIT_MS));
	assert_true(tui_wait_text(t, "nonexistent.xml", WAIT_MS));
	assert_true(tui_wait_text(t, "disconnected", WAIT_MS));
	assert_int_equal(tui_find(t, "I/O warning"), -1);
	tui_send(t, "L");
	assert_true(tui_wait_text(t, "libxml2: I/O warning", WAIT_MS));
	tui_send(t, "q");
	quit(t);
	free(uri);
	free(path);
	testutil_rmtree(dir);
	free(dir);
}

/* 13 hosts at 80x24: the hosts pane scrolls with the selection, and
 * says which of them it shows. */
static void
test_hosts_pane_scrolls(void **state)
{
	char *dir = testutil_tmpdir();
	char text[8192] = "", *env0 = xasprintf("XDG_CONFIG_HOME=%s", dir);
	const char *env[] = { env0, NULL };
	const char *argv[2 + 26 + 1] = { bin };
	char names[13][8];
	struct tui *t;
	int a = 1;

	(void)state;
	for (int i = 0; i < 13; i++) {
		size_t l = strlen(text);

		char *uri;

		snprintf(names[i], sizeof names[i], "h%02d", i + 1);
		uri = testutil_node_uri(dir, 1, names[i]);
		snprintf(text + l, sizeof text - l, "[%s]\nuri = %s\n",
		    names[i], uri);
		free(uri);
		argv[a++] = "-H";
		argv[a++] = names[i];
	}
	argv[a] = NULL;
	free(testutil_write(dir, "vmdeck/hosts", text, strlen(text)));
	t = tui_spawn(argv, env, 24, 80);
	assert_true(tui_wait_text(t, "Hosts 1-", WAIT_MS));
	assert_true(tui_wait_text(t, "h01", WAIT_MS));
	assert_int_equal(tui_find(t, "h13"), -1);
	tui_send(t, "\t");
	for (int i = 0; i < 12; i++)
		tui_send(t, "j");
	assert_true(tui_wait_text(t, "of 13", WAIT_MS));
	assert_true(tui_wait_text(t, "● h13", WAIT_MS));
	assert_true(tui_wait_gone(t, "● h01", WAIT_MS));
	quit(t);
	free(env0);
	testutil_rmtree(dir);
	free(dir);
}

/* The all-hosts list sorted by host: the hosts' labels (from the hosts
 * file), not the VMs' names, decide the order; one host's list skips
 * that key. */
static void
test_all_hosts_sort(void **state)
{
	char *dir = testutil_tmpdir();
	char *path;
	char *u1 = testutil_node_uri(dir, 3, "alpha");
	char *u2 = testutil_node_uri(dir, 2, "beta");
	char *text = xasprintf("[zz]\nuri = %s\n[aa]\nuri = %s\n", u1, u2);
	char *env0 = xasprintf("XDG_CONFIG_HOME=%s", dir);
	const char *env[] = { env0, NULL };
	const char *argv[] = { bin, "-H", "zz", "-H", "aa", NULL };
	struct tui *t;

	(void)state;
	path = testutil_write(dir, "vmdeck/hosts", text, strlen(text));
	t = tui_spawn(argv, env, 30, 120);
	assert_true(tui_wait_text(t, "alpha0002", WAIT_MS));
	tui_send(t, "A");
	assert_true(tui_wait_text(t, "VMs 5/5", WAIT_MS));
	/* the whole list drawn (rows come after the frame's title) */
	assert_true(tui_wait_row_has(t, "alpha0000", "zz", WAIT_MS));
	assert_true(tui_wait_row_has(t, "beta0001", "aa", WAIT_MS));
	assert_true(tui_until(t, above, "alpha0000", "beta0000", WAIT_MS));
	/* name, state, cpu, memory, disk, net, vcpus, then host */
	tui_send(t, "sssssss");
	assert_true(tui_wait_text(t, "Sorted by host.", WAIT_MS));
	assert_true(tui_wait_row_has(t, "beta0000", "aa", WAIT_MS));
	assert_true(tui_wait_row_has(t, "alpha0002", "zz", WAIT_MS));
	assert_true(tui_until(t, above, "beta0001", "alpha0000", WAIT_MS));
	assert_true(tui_until(t, above, "beta0000", "beta0001", WAIT_MS));
	assert_true(tui_until(t, above, "alpha0000", "alpha0001", WAIT_MS));
	/* one host's list: host is not offered */
	tui_send(t, "A");
	assert_true(tui_wait_gone(t, "of all 2 hosts", WAIT_MS));
	/* host, then tag, name, state, cpu, memory, disk, net, vcpus */
	tui_send(t, "ssssssss");
	assert_true(tui_wait_text(t, "Sorted by vcpus.", WAIT_MS));
	tui_send(t, "s");
	assert_true(tui_wait_text(t, "Sorted by tag.", WAIT_MS));
	tui_send(t, "s");
	assert_true(tui_wait_text(t, "Sorted by name.", WAIT_MS));
	quit(t);
	free(env0);
	free(text);
	free(u1);
	free(u2);
	free(path);
	testutil_rmtree(dir);
	free(dir);
}

/* +: the add-host form checks as it is typed, saves to the hosts file
 * (keeping what was there) and connects the new host at once. */
static void
test_add_host_form(void **state)
{
	char *dir = testutil_tmpdir();
	char *sub = testutil_path(dir, "vmdeck");
	static const char before[] = "; mine\n[lab]\nuri = test:///default\n";
	char *env0 = xasprintf("XDG_CONFIG_HOME=%s", dir);
	const char *env[] = { env0, NULL };
	const char *argv[] = { bin, "-c", "test:///default", NULL };
	struct tui *t;
	char *path, *text;
	size_t len;
	bool missing;
	struct diags d = { 0 };

	(void)state;
	mkdir(sub, 0700);
	path = testutil_write(sub, "hosts", before, strlen(before));
	t = tui_spawn(argv, env, 30, 120);
	assert_true(tui_wait_row_has(t, VM_ROW, "running", WAIT_MS));
	tui_send(t, "+");
	assert_true(tui_wait_text(t, "Add a host", WAIT_MS));
	tui_send(t, "bad name");
	assert_true(tui_wait_text(t, "Name: letters, digits", WAIT_MS));
	tui_send(t, "\r");			/* refused while wrong */
	assert_true(tui_wait_text(t, "Add a host", WAIT_MS));
	for (int i = 0; i < 8; i++)
		tui_send(t, "\x7f");
	tui_send(t, "kvm9\t127.0.0.1\t\t99999");
	assert_true(tui_wait_text(t, "Port: 1 to 65535", WAIT_MS));
	for (int i = 0; i < 5; i++)
		tui_send(t, "\x7f");
	tui_send(t, "1");
	assert_true(tui_wait_text(t, "Ready.", WAIT_MS));
	tui_send(t, "\r");
	assert_true(tui_wait_gone(t, "Add a host", WAIT_MS));
	assert_true(tui_wait_text(t, "✗ kvm9", WAIT_MS));
	assert_true(tui_wait_text(t, "unreachable (retry", WAIT_MS));
	/* the file: the old text as it was, the new host after it */
	text = inifile_slurp(path, &len, &missing, &d);
	assert_non_null(text);
	assert_memory_equal(text, before, sizeof before - 1);
	assert_non_null(strstr(text, "[kvm9]\nssh = 127.0.0.1\nport = 1\n"));
	free(text);
	/* the same name again is refused */
	tui_send(t, "+kvm9");
	assert_true(tui_wait_text(t, "a host of that name is shown already",
	    WAIT_MS));
	tui_send(t, "\033");
	quit(t);
	diag_clear(&d);
	free(env0);
	free(path);
	free(sub);
	testutil_rmtree(dir);
	free(dir);
}

/* After each test, passed or not: a failed assert leaves its program
 * running, its memory and its directory; ended, freed and removed here,
 * so one failure does not become a leak report or a stray /tmp entry. */
/* vmdeck -r: a VM action, the create form and the storage view's keys
 * are refused on the status line, naming -r; the VM stays as it was. */
static void
test_readonly(void **state)
{
	const char *argv[] = { bin, "-r", "-c", "test:///default", NULL };
	struct tui *t = tui_spawn(argv, NULL, 30, 110);

	(void)state;
	if (!tui_wait_row_has(t, VM_ROW, "running", WAIT_MS)) {
		tui_dump(t);
		fail_msg("the domain list never appeared");
	}
	tui_send(t, "u");	/* start */
	assert_true(tui_wait_text(t, "Read-only (vmdeck -r): start is "
	    "refused, it would change the host.", WAIT_MS));
	tui_send(t, "o");	/* shutdown */
	assert_true(tui_wait_text(t, "Read-only (vmdeck -r): shutdown is "
	    "refused, it would change the host.", WAIT_MS));
	tui_send(t, "n");	/* the create form */
	assert_true(tui_wait_text(t, "Read-only (vmdeck -r): create is "
	    "refused", WAIT_MS));
	assert_true(tui_find(t, "New VM") < 0);
	tui_send(t, "P");	/* the storage view opens: looking is fine */
	assert_true(tui_wait_text(t, "default-pool", WAIT_MS));
	tui_send(t, "n");
	assert_true(tui_wait_text(t, "Read-only (vmdeck -r): a pool change is "
	    "refused", WAIT_MS));
	tui_send(t, "q");
	assert_true(tui_wait_row_has(t, VM_ROW, "running", WAIT_MS));
	quit(t);
}

/* --- a VM screen that is text ---------------------------------------- */

static volatile int vga_ptr_x = -1, vga_ptr_y = -1, vga_ptr_mask;

/* The VNC server's pointer events: the last one kept. */
static void
vga_pointer(int mask, int x, int y, rfbClientPtr cl)
{
	(void)cl;
	vga_ptr_mask = mask;
	vga_ptr_x = x;
	vga_ptr_y = y;
}

/* Draw or clear the cursor's two lines (rows 14 and 15 of the cell, as
 * QEMU draws them) at text cell (col, row). */
static void
vga_cursor(char *fb, int col, int row, bool on)
{
	for (int y = 14; y < 16; y++)
		for (int x = 0; x < 9; x++) {
			unsigned char *p = (unsigned char *)fb +
			    ((row * 16 + y) * 720 + col * 9 + x) * 4;

			p[0] = p[1] = p[2] = on ? 0xaa : 0;
		}
}

/* Write text at (col, row) of a 720x400 VGA text screen (9x16 cells) in
 * libvncserver's 32-bit format (red in the lowest byte). */
static void
vga_text(const struct vgafont *f, char *fb, int col, int row,
    const char *text, uint32_t fg, uint32_t bg)
{
	for (; *text != '\0'; text++, col++)
		for (int y = 0; y < VGAFONT_H; y++)
			for (int x = 0; x < 9; x++) {
				uint8_t code = (uint8_t)*text;
				uint8_t b = f->glyph[code][y];
				/* VGA's ninth column: the eighth again for
				 * the line-drawing codes */
				bool ink = x < 8 ? (b >> (7 - x)) & 1 :
				    code >= 0xc0 && code <= 0xdf && (b & 1);
				uint32_t c = ink ? fg : bg;
				unsigned char *p = (unsigned char *)fb +
				    ((row * 16 + y) * 720 + col * 9 + x) * 4;

				p[0] = (unsigned char)(c >> 16);
				p[1] = (unsigned char)(c >> 8);
				p[2] = (unsigned char)c;
				p[3] = 0;
			}
}

/* A VNC server in this process with a 720x400 VGA text screen, and
 * vmdeck on the test driver's VM "vga" that shows it. */
struct vgatest {
	struct vgafont font;
	struct vncserve vs;
	char *dir, *uri;
	struct tui *t;
};

/* The font and the server (its port from base up). Returns false, the
 * test skipped with the reason, when there is no VGA BIOS font. */
static bool
vga_start(struct vgatest *g, int base)
{
	char *err = NULL;

	memset(g, 0, sizeof *g);
	if (vgafont_load(&g->font, &err) < 0) {
		print_message("SKIPPED: %s\n", err);
		free(err);
		return false;
	}
	assert_int_equal(vncserve_start(&g->vs, 720, 400, base), 0);
	return true;
}

/* vmdeck (env, rows x cols) with the VM listed running and its screen
 * opened (v). */
static void
vga_spawn(struct vgatest *g, const char *const *env, int rows, int cols)
{
	rfbMarkRectAsModified(g->vs.s, 0, 0, 720, 400);
	g->dir = testutil_tmpdir();
	g->uri = vncserve_node_uri(&g->vs, g->dir, "vga");
	{
		const char *argv[] = { bin, "-c", g->uri, NULL };

		g->t = tui_spawn(argv, env, rows, cols);
	}
	assert_true(tui_wait_row_has(g->t, " vga ", "running", WAIT_MS));
	tui_send(g->t, "v");
}

/* Back to the lists (F12), quit, and everything freed. */
static void
vga_end(struct vgatest *g)
{
	tui_send(g->t, "\033[24~");
	assert_true(tui_wait_row_has(g->t, " vga ", "running", WAIT_MS));
	quit(g->t);
	vncserve_stop(&g->vs);
	vgafont_free(&g->font);
	free(g->uri);
	testutil_rmtree(g->dir);
	free(g->dir);
}

/* A VM whose display is a VNC server in this process showing an 80x25
 * text screen: the view draws it as characters, one cell per character
 * cell, says "text 80x25", follows a change of a few cells, and the menu
 * switches to pixels and back. */
static void
test_vnc_text(void **state)
{
	struct vgatest g;
	const struct vgafont *font;
	rfbScreenInfoPtr s;
	struct tui *t;

	(void)state;
	if (!vga_start(&g, 15900 + getpid() % 500))
		return;
	font = &g.font;
	s = g.vs.s;
	s->ptrAddEvent = vga_pointer;
	vga_text(font, s->frameBuffer, 0, 0, "vmdeck VGA text 42", 0xaaaaaa,
	    0x000000);
	vga_text(font, s->frameBuffer, 10, 24, "[ last line ]", 0xffffff,
	    0x0000aa);
	vga_spawn(&g, NULL, 40, 110);
	t = g.t;
	assert_true(tui_wait_text(t, "720x400 text 80x25", WAIT_MS));
	assert_true(tui_wait_text(t, "vmdeck VGA text 42", WAIT_MS));
	/* one terminal cell per character cell: at the top left */
	assert_int_equal(tui_find(t, "vmdeck VGA text 42"), 0);
	assert_true(tui_wait_text(t, "          [ last line ]", WAIT_MS));
	/* a few cells change: they follow */
	vga_text(font, s->frameBuffer, 0, 5, "changed by the guest", 0x55ff55,
	    0x000000);
	rfbMarkRectAsModified(s, 0, 80, 20 * 9, 96);
	assert_true(tui_wait_text(t, "changed by the guest", WAIT_MS));
	/* a line typed a character at a time, the cursor's lines (rows 14
	 * and 15, as QEMU draws them) moving along after it, each step its
	 * own update, as a guest's shell echoes */
	{
		const char *line = "/ # echo vmdeck-$((6*7))";

		for (int i = 0; line[i] != '\0'; i++) {
			char one[2] = { line[i], '\0' };

			vga_text(font, s->frameBuffer, i, 8, one, 0xaaaaaa,
			    0x000000);
			vga_text(font, s->frameBuffer, i + 1, 8, " ", 0xaaaaaa,
			    0x000000);
			vga_cursor(s->frameBuffer, i + 1, 8, true);
			rfbMarkRectAsModified(s, i * 9, 8 * 16, i * 9 + 18,
			    9 * 16);
			tui_pump(t, 20);
		}
		/* curses' cursor is not moved over the picture: it may
		 * move by reprinting the blanks it thinks are there */
		assert_true(tui_wait_text(t, line, WAIT_MS));
	}
	/* a still screen whose cursor blinks writes nothing: ten blinks
	 * (each a damaged cell that reads as before), then one changed
	 * character, whose arrival says the blinks were all read */
	{
		uint64_t b0 = tui_bytes(t);
		int col = (int)strlen("/ # echo vmdeck-$((6*7))");

		for (int i = 0; i < 10; i++) {
			vga_cursor(s->frameBuffer, col, 8, i % 2 == 1);
			rfbMarkRectAsModified(s, col * 9, 8 * 16, col * 9 + 9,
			    9 * 16);
			tui_pump(t, 30);
		}
		vga_text(font, s->frameBuffer, 70, 20, "Z", 0xaaaaaa, 0);
		rfbMarkRectAsModified(s, 70 * 9, 20 * 16, 71 * 9, 21 * 16);
		assert_true(tui_wait_text(t, "Z", WAIT_MS));
		/* the one character: a move, its colours, the letter */
		print_message("ten blinks and a letter: %llu bytes\n",
		    (unsigned long long)(tui_bytes(t) - b0));
		assert_true(tui_bytes(t) - b0 < 120);
	}
	/* the mouse in a text screen: a click on a character cell is a
	 * click in the middle of that cell's pixels */
	{
		char click[64];

		vga_ptr_x = -1;
		snprintf(click, sizeof click, "\033[<0;%d;%dM", 5 + 1, 3 + 1);
		tui_send(t, click);
		for (int i = 0; i < 200 && vga_ptr_x != 5 * 9 + 4; i++)
			tui_pump(t, 20);
		assert_int_equal(vga_ptr_x, 5 * 9 + 4);
		assert_int_equal(vga_ptr_y, 3 * 16 + 8);
		assert_true(vga_ptr_mask & 1);
		snprintf(click, sizeof click, "\033[<0;%d;%dm", 5 + 1, 3 + 1);
		tui_send(t, click);
	}
	/* a terminal smaller than the grid: the title says which part is
	 * shown, and Shift-arrows bring the rest */
	tui_resize(t, 20, 60);
	assert_true(tui_wait_text(t, "text 80x25, columns 1–60 rows 1–19 shown",
	    WAIT_MS));
	assert_int_equal(tui_find(t, "vmdeck VGA text 42"), 0);
	assert_true(tui_find(t, "[ last line ]") < 0);
	tui_send(t, "\033[1;2B\033[1;2B");	/* Shift-Down twice */
	assert_true(tui_wait_text(t, "columns 1–60 rows 7–25 shown", WAIT_MS));
	assert_true(tui_wait_text(t, "          [ last line ]", WAIT_MS));
	assert_int_equal(tui_find(t, "[ last line ]"), 18);
	tui_send(t, "\033[1;2C");		/* Shift-Right */
	assert_true(tui_wait_text(t, "columns 9–68 rows 7–25 shown", WAIT_MS));
	assert_true(tui_wait_gone(t, "   [ last line ]", WAIT_MS));
	assert_int_equal(tui_find(t, "  [ last line ]"), 18);
	/* back to the top left; then the guest's cursor moves out of the
	 * window, and the window follows it */
	tui_send(t, "\033[1;2A\033[1;2A\033[1;2D");
	assert_true(tui_wait_text(t, "columns 1–60 rows 1–19 shown", WAIT_MS));
	{
		int col = (int)strlen("/ # echo vmdeck-$((6*7))");

		vga_cursor(s->frameBuffer, col, 8, false);
		rfbMarkRectAsModified(s, col * 9, 8 * 16, col * 9 + 9, 9 * 16);
		vga_cursor(s->frameBuffer, 70, 22, true);
		rfbMarkRectAsModified(s, 70 * 9, 22 * 16, 71 * 9, 23 * 16);
	}
	assert_true(tui_wait_text(t, "columns 12–71 rows 5–23 shown", WAIT_MS));
	assert_int_equal(tui_find(t, "Z"), 20 - 4);	/* grid row 20 */
	tui_resize(t, 40, 110);
	assert_true(tui_wait_text(t, "720x400 text 80x25  │", WAIT_MS));
	assert_int_equal(tui_find(t, "vmdeck VGA text 42"), 0);
	/* the menu: pixels, then text again */
	tui_send(t, "\035");		/* ^] */
	assert_true(tui_wait_text(t, "Text screens as text", WAIT_MS));
	tui_send(t, "6");		/* its sixth item */
	assert_true(tui_wait_text(t, "720x400 fit pixels", WAIT_MS));
	assert_true(tui_wait_gone(t, "vmdeck VGA text 42", WAIT_MS));
	tui_send(t, "\035");
	assert_true(tui_wait_text(t, "Text screens as text", WAIT_MS));
	tui_send(t, "6");
	assert_true(tui_wait_text(t, "vmdeck VGA text 42", WAIT_MS));
	/* the screen becomes a picture: drawn as pixels, and a small
	 * change there writes only its cells, also after the second in
	 * which the view looks for text again */
	for (int y = 0; y < 400; y++)
		for (int x = 0; x < 720; x++) {
			unsigned char *p = (unsigned char *)s->frameBuffer +
			    (y * 720 + x) * 4;

			p[0] = (unsigned char)(x * 255 / 720);
			p[1] = (unsigned char)(y * 255 / 400);
			p[2] = 0x60;
		}
	rfbMarkRectAsModified(s, 0, 0, 720, 400);
	assert_true(tui_wait_text(t, "720x400 fit pixels", WAIT_MS));
	{
		/* the whole picture written: nothing more for 300 ms */
		uint64_t b = tui_bytes(t);
		int64_t quiet = time_mono_ms(), end = quiet + WAIT_MS;

		while (time_mono_ms() - quiet < 300 && time_mono_ms() < end) {
			tui_pump(t, 50);
			if (tui_bytes(t) != b) {
				b = tui_bytes(t);
				quiet = time_mono_ms();
			}
		}
	}
	for (int k = 0; k < 3; k++) {
		uint64_t b0 = tui_bytes(t);
		int64_t end;

		for (int y = 200; y < 216; y++)
			for (int x = 300; x < 316; x++) {
				unsigned char *p = (unsigned char *)s->frameBuffer +
				    (y * 720 + x) * 4;

				p[0] = (unsigned char)(k * 90);
				p[1] = 0xff;
			}
		rfbMarkRectAsModified(s, 300, 200, 316, 216);
		for (end = time_mono_ms() + WAIT_MS; tui_bytes(t) == b0 &&
		    time_mono_ms() < end;)
			tui_pump(t, 20);
		assert_true(tui_bytes(t) > b0);
		/* past the next look for text (each second) */
		for (end = time_mono_ms() + 1200; time_mono_ms() < end;)
			tui_pump(t, 50);
		print_message("a 16x16 change as pixels: %llu bytes\n",
		    (unsigned long long)(tui_bytes(t) - b0));
		assert_true(tui_bytes(t) - b0 < 3000);
	}
	/* a screen that flips between text and a picture at each update:
	 * the view keeps answering, and the text, once it stays, is read
	 * as text again (looked for each second while pixels) */
	{
		char *text = calloc(720 * 400, 4), *pic = malloc(720 * 400 * 4);

		memcpy(pic, s->frameBuffer, 720 * 400 * 4);
		vga_text(font, text, 0, 0, "flipped back to text", 0xaaaaaa, 0);
		vga_text(font, text, 0, 1, "line two of it", 0xaaaaaa, 0);
		for (int k = 0; k < 20; k++) {
			memcpy(s->frameBuffer, k % 2 ? pic : text, 720 * 400 * 4);
			rfbMarkRectAsModified(s, 0, 0, 720, 400);
			tui_pump(t, 30);
		}
		memcpy(s->frameBuffer, text, 720 * 400 * 4);
		rfbMarkRectAsModified(s, 0, 0, 720, 400);
		assert_true(tui_wait_text(t, "720x400 text 80x25", WAIT_MS));
		assert_int_equal(tui_find(t, "flipped back to text"), 0);
		assert_true(tui_wait_text(t, "line two of it", WAIT_MS));
		free(text);
		free(pic);
	}
	vga_end(&g);
}

/* A terminal without UTF-8 (LANG=C): a text screen's box lines and
 * accented letters come as ASCII stand-ins, not as spaces. */
static void
test_vnc_text_ascii(void **state)
{
	const char *env[] = { "LANG=C", NULL };
	struct vgatest g;
	struct tui *t;

	(void)state;
	if (!vga_start(&g, 16500 + getpid() % 300))
		return;
	/* CP437: ┌──┐ café ░▒▓ */
	vga_text(&g.font, g.vs.s->frameBuffer, 2, 3,
	    "\xda\xc4\xc4\xbf caf\x82 \xb0\xb1\xb2", 0xaaaaaa, 0);
	vga_text(&g.font, g.vs.s->frameBuffer, 2, 4, "\xc0\xc4\xc4\xd9",
	    0xaaaaaa, 0);
	vga_spawn(&g, env, 40, 110);
	t = g.t;
	assert_true(tui_wait_text(t, "  +--+ cafe .:#", WAIT_MS));
	assert_int_equal(tui_find(t, "  +--+ cafe .:#"), 3);
	assert_int_equal(tui_find(t, "  +--+   "), 4);
	/* the title's own │ and · as ASCII, not a '?' a byte */
	assert_true(tui_wait_text(t, "text 80x25  | ^] menu . F12 lists",
	    WAIT_MS));
	assert_true(tui_find(t, "??") < 0);
	vga_end(&g);
}

static int
teardown(void **state)
{
	(void)state;
	tui_free_all();
	testutil_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_shows_default_list, teardown),
		cmocka_unit_test_teardown(test_vm_view_graphs, teardown),
		cmocka_unit_test_teardown(test_create_form, teardown),
		cmocka_unit_test_teardown(test_edit_xml_refused_then_saved, teardown),
		cmocka_unit_test_teardown(test_clone_prompt, teardown),
		cmocka_unit_test_teardown(test_edit_memory, teardown),
		cmocka_unit_test_teardown(test_filter_narrows, teardown),
		cmocka_unit_test_teardown(test_selection_follows_vm, teardown),
		cmocka_unit_test_teardown(test_ascii_borders, teardown),
		cmocka_unit_test_teardown(test_shutdown_changes_state, teardown),
		cmocka_unit_test_teardown(test_force_off_confirms, teardown),
		cmocka_unit_test_teardown(test_delete_confirms, teardown),
		cmocka_unit_test_teardown(test_resize_too_small_and_back, teardown),
		cmocka_unit_test_teardown(test_quit_restores_terminal, teardown),
		cmocka_unit_test_teardown(test_console_paths, teardown),
		cmocka_unit_test_teardown(test_hosts_file, teardown),
		cmocka_unit_test_teardown(test_all_hosts_list, teardown),
		cmocka_unit_test_teardown(test_all_hosts_sort, teardown),
		cmocka_unit_test_teardown(test_hosts_pane_scrolls, teardown),
		cmocka_unit_test_teardown(test_hostile_names_shown_safely, teardown),
		cmocka_unit_test_teardown(test_add_host_form, teardown),
		cmocka_unit_test_teardown(test_help_lists_bindings, teardown),
		cmocka_unit_test_teardown(test_rebound_keys_in_hints, teardown),
		cmocka_unit_test_teardown(test_snapshots_view, teardown),
		cmocka_unit_test_teardown(test_storage_and_networks, teardown),
		cmocka_unit_test_teardown(test_tags_column, teardown),
		cmocka_unit_test_teardown(test_marks_and_bulk, teardown),
		cmocka_unit_test_teardown(test_unreachable_host_keeps_running, teardown),
		cmocka_unit_test_teardown(test_hung_host_never_freezes, teardown),
		cmocka_unit_test_teardown(test_mouse_selects, teardown),
		cmocka_unit_test_teardown(test_theme_switch_changes_colours, teardown),
		cmocka_unit_test_teardown(test_config_bindings_and_settings, teardown),
		cmocka_unit_test_teardown(test_confirm_all, teardown),
		cmocka_unit_test_teardown(test_save_and_command_prompt, teardown),
		cmocka_unit_test_teardown(test_dumb_terminal_refused, teardown),
		cmocka_unit_test_teardown(test_no_color, teardown),
		cmocka_unit_test_teardown(test_readonly, teardown),
		cmocka_unit_test_teardown(test_vnc_text, teardown),
		cmocka_unit_test_teardown(test_vnc_text_ascii, teardown),
	};

	bin = getenv("VMDECK_BIN");
	if (bin == NULL)
		bin = "build/vmdeck";
	/* TUI_ONLY=test_name (a glob) runs just those */
	if (getenv("TUI_ONLY") != NULL)
		cmocka_set_test_filter(getenv("TUI_ONLY"));
	return cmocka_run_group_tests_name("tui", tests, NULL, NULL);
}
