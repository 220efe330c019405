/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * Unit tests of the hosts file (parsing with file:line problems, adding
 * and removing a host with the user's comments kept, atomic writing),
 * ~/.ssh/config alias resolution, the URI of each transport, and the
 * reconnection backoff.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <ctype.h>

#include <libvirt/virterror.h>
#include <libxml/uri.h>

#include "../../src/host/host.h"
#include "../../src/host/hostprobe.h"
#include "../../src/config/hostsfile.h"
#include "../../src/config/hosturi.h"
#include "../../src/remote/sshresolve.h"
#include "../../src/remote/sshtunnel.h"
#include "../../src/util/xalloc.h"
#include "../../src/util/diag.h"
#include "../common/testutil.h"

#define PARSE(list, d, lit) \
	hostsfile_parse("hosts", (lit), sizeof (lit) - 1, (list), (d))

/* Whether any problem in d contains s. */
static bool
said(const struct diags *d, const char *s)
{
	for (size_t i = 0; i < d->n; i++)
		if (strstr(d->msgs[i], s) != NULL)
			return true;
	return false;
}

static void
test_hostsfile_parse(void **state)
{
	struct hostlist l = { 0 };
	struct diags d = { 0 };
	const struct hostdef *h;

	(void)state;
	PARSE(&l, &d,
	    "; my hosts\n"
	    "[kvm1]\n"
	    "ssh = kvm1.example.org\n"
	    "user = root\n"
	    "port = 2222\n"
	    "keyfile = /root/.ssh/id_lab\n"
	    "transport = libssh\n"
	    "accelerator = tcg\n"
	    "autoconnect = no\n"
	    "\n"
	    "[lab]\n"
	    "uri = test:///default\n");
	assert_int_equal(d.n, 0);
	assert_int_equal(l.n, 2);
	h = hostsfile_find(&l, "kvm1");
	assert_non_null(h);
	assert_string_equal(h->ssh, "kvm1.example.org");
	assert_string_equal(h->user, "root");
	assert_int_equal(h->port, 2222);
	assert_string_equal(h->keyfile, "/root/.ssh/id_lab");
	assert_int_equal(h->transport, HOSTDEF_LIBSSH);
	assert_int_equal(h->accel, HOSTDEF_ACCEL_TCG);
	assert_false(h->autoconnect);
	assert_int_equal(h->line, 3);
	h = hostsfile_find(&l, "lab");
	assert_string_equal(h->uri, "test:///default");
	assert_true(h->autoconnect);
	assert_null(hostsfile_find(&l, "nope"));
	hostsfile_clear(&l);
	diag_clear(&d);
	/* transport = vmdeck (one login) is the default: read, written back
	 * without the line (ssh is written), and its URI for the
	 * subcommands the user's ssh one */
	PARSE(&l, &d, "[k2]\nssh = k2\ntransport = vmdeck\n[k3]\nssh = k3\n"
	    "[k4]\nssh = k4\ntransport = ssh\n");
	assert_int_equal(d.n, 0);
	assert_int_equal(hostsfile_find(&l, "k3")->transport, HOSTDEF_VMDECK);
	h = hostsfile_find(&l, "k4");
	assert_int_equal(h->transport, HOSTDEF_SSH);
	char *text = hostsfile_text_add("", h);
	assert_non_null(strstr(text, "transport = ssh"));
	free(text);
	h = hostsfile_find(&l, "k2");
	assert_int_equal(h->transport, HOSTDEF_VMDECK);
	text = hostsfile_text_add("", h);
	assert_null(strstr(text, "transport"));
	free(text);
	text = hosturi_build(h, NULL, "/home/u");
	assert_string_equal(text, "qemu+ssh://k2/system?no_tty=1");
	free(text);
	hostsfile_clear(&l);
	diag_clear(&d);
}

static void
test_hostsfile_errors(void **state)
{
	struct hostlist l = { 0 };
	struct diags d = { 0 };

	(void)state;
	PARSE(&l, &d,
	    "uri = qemu:///system\n"		/* 1: outside a section */
	    "[a]\n"
	    "ssh = a\n"
	    "port = 70000\n"			/* 4 */
	    "colour = red\n"			/* 5 */
	    "[b]\n"
	    "user = root\n"			/* 7: neither uri nor ssh */
	    "[c]\n"
	    "uri = test:///default\n"		/* 9: both */
	    "ssh = c\n"
	    "[a]\n"
	    "ssh = again\n"			/* 12: twice */
	    "[bad name]\n"
	    "ssh = x\n"				/* 14 */
	    "[d]\n"
	    "ssh = d\n"
	    "transport = telnet\n"		/* 17 */
	    "accelerator = fast\n"		/* 18 */
	    "autoconnect = maybe\n");		/* 19 */
	assert_true(said(&d, "hosts:1: 'uri' is outside any [host] section"));
	assert_true(said(&d, "hosts:4: port: '70000' is not a port number"));
	assert_true(said(&d, "hosts:5: unknown key 'colour' in host 'a'"));
	assert_true(said(&d, "hosts:7: host 'b' has neither uri nor ssh"));
	assert_true(said(&d, "hosts:9: host 'c' has both uri and ssh"));
	assert_true(said(&d, "hosts:12: host 'a' is defined again (first at "
	    "line 3)"));
	assert_true(said(&d, "hosts:14: [bad name]: a host's name is"));
	assert_true(said(&d, "hosts:17: transport: 'telnet' is not ssh, libssh "
	    "or vmdeck"));
	assert_true(said(&d, "hosts:18: accelerator: 'fast'"));
	assert_true(said(&d, "hosts:19: autoconnect: 'maybe'"));
	/* what could be read is kept: a and d */
	assert_int_equal(l.n, 2);
	assert_string_equal(hostsfile_find(&l, "a")->ssh, "a");
	assert_non_null(hostsfile_find(&l, "d"));
	hostsfile_clear(&l);
	diag_clear(&d);
	/* known_hosts with the ssh transport: kept, and what it cannot do
	 * said; a connect_timeout out of range named */
	PARSE(&l, &d,
	    "[k]\n"
	    "ssh = k\n"
	    "known_hosts = /lab/known\n"
	    "connect_timeout = 0\n"			/* 4 */
	    "transport = ssh\n"
	    "[k2]\n"
	    "ssh = k2\n"
	    "known_hosts = /lab/known\n"
	    "transport = libssh\n"
	    "connect_timeout = 7\n");
	assert_true(said(&d, "hosts:2: host 'k': known_hosts is checked by "
	    "vmdeck, but libvirt's ssh transport"));
	assert_true(said(&d, "hosts:4: connect_timeout: '0' is not a number "
	    "of seconds"));
	assert_false(said(&d, "host 'k2'"));
	assert_int_equal(l.n, 2);
	assert_int_equal(hostsfile_find(&l, "k2")->connect_timeout, 7);
	hostsfile_clear(&l);
	diag_clear(&d);
	/* not an INI file at all */
	PARSE(&l, &d, "\x7f" "ELF\x01\x01\x01\0\0\0");
	assert_int_equal(l.n, 0);
	assert_true(d.n > 0);
	diag_clear(&d);
}

static void
test_hostsfile_add_remove(void **state)
{
	static const char old[] =
	    "; hosts of the lab\n"
	    "[kvm1]\n"
	    "ssh = kvm1 ; the big one\n"
	    "\n"
	    "; the test driver\n"
	    "[lab]\n"
	    "uri = test:///default\n";
	struct hostdef h = { .name = (char *)"kvm2", .ssh = (char *)"kvm2.lan",
	    .user = (char *)"admin", .port = 22, .transport = HOSTDEF_LIBSSH,
	    .accel = HOSTDEF_ACCEL_KVM, .autoconnect = false };
	struct hostlist l = { 0 };
	struct diags d = { 0 };
	char *added, *removed;

	(void)state;
	added = hostsfile_text_add(old, &h);
	/* the old text stays as it was, the new host after a blank line */
	assert_memory_equal(added, old, sizeof old - 1);
	assert_string_equal(added + sizeof old - 1,
	    "\n[kvm2]\nssh = kvm2.lan\nuser = admin\nport = 22\n"
	    "transport = libssh\naccelerator = kvm\nautoconnect = no\n");
	hostsfile_parse("hosts", added, strlen(added), &l, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(hostsfile_find(&l, "kvm2")->accel, HOSTDEF_ACCEL_KVM);
	hostsfile_clear(&l);
	/* removing kvm2 gives the old text back */
	removed = hostsfile_text_remove(added, "kvm2");
	assert_string_equal(removed, old);
	free(removed);
	/* removing kvm1 keeps the comments of the others */
	removed = hostsfile_text_remove(old, "kvm1");
	assert_string_equal(removed, "; hosts of the lab\n\n; the test driver\n"
	    "[lab]\nuri = test:///default\n");
	free(removed);
	assert_null(hostsfile_text_remove(old, "nope"));
	free(added);
	/* into an empty file */
	added = hostsfile_text_add(NULL, &(struct hostdef){ .name = (char *)"x",
	    .uri = (char *)"qemu:///system", .autoconnect = true });
	assert_string_equal(added, "[x]\nuri = qemu:///system\n");
	free(added);
	assert_true(hostsfile_name_ok("kvm-1.lan_2"));
	assert_false(hostsfile_name_ok("a b"));
	assert_false(hostsfile_name_ok(""));
	assert_false(hostsfile_name_ok("[x]"));
}

static void
test_hostsfile_write(void **state)
{
	char *dir = testutil_tmpdir();
	char *path = testutil_path(dir, "deep/er/hosts");
	char *err = NULL;
	struct hostlist l = { 0 };
	struct diags d = { 0 };

	(void)state;
	assert_int_equal(hostsfile_write(path, "[a]\nssh = a\n", &err), 0);
	hostsfile_load(path, &l, &d);
	assert_int_equal(l.n, 1);
	hostsfile_clear(&l);
	/* a missing file is an empty list, and no problem */
	hostsfile_load("/nonexistent/vmdeck/hosts", &l, &d);
	assert_int_equal(l.n, 0);
	assert_int_equal(d.n, 0);
	/* an unwritable place says why */
	assert_int_equal(hostsfile_write("/proc/vmdeck-hosts", "x", &err), -1);
	assert_non_null(strstr(err, "Could not write /proc/vmdeck-hosts"));
	free(err);
	free(path);
	testutil_rmtree(dir);
	free(dir);
}

/* Where there is no ssh binary: libssh's parser resolves the alias for
 * the URI (Host blocks, Include, ~ expanded, the hosts file's user and
 * port first). */
static void
test_sshresolve_libssh(void **state)
{
	static const char inctext[] = "Host kvm2\n    HostName 10.9.9.9\n"
	    "    Port 2200\n";
	char *dir = testutil_tmpdir(), *inc, *cfgpath, *text, *err = NULL;
	struct sshresolve r;

	(void)state;

	inc = testutil_write(dir, "inc", inctext, strlen(inctext));
	text = xasprintf("Include %s\n"
	    "Host kvm1\n"
	    "    HostName 10.1.2.3\n"
	    "    User admin\n"
	    "    Port 2222\n"
	    "    IdentityFile ~/.ssh/id_kvm\n"
	    "    UserKnownHostsFile /lab/known\n"
	    "    ProxyJump jumpy\n", inc);
	cfgpath = testutil_write(dir, "config", text, strlen(text));
	assert_int_equal(sshresolve_libssh("kvm1", cfgpath, NULL, 0, &r, &err),
	    0);
	assert_true(r.found && r.from_libssh);
	assert_string_equal(r.hostname, "10.1.2.3");
	assert_string_equal(r.user, "admin");
	assert_int_equal(r.port, 2222);
	assert_int_equal(r.nidentities, 1);
	assert_non_null(strstr(r.identities[0], "/.ssh/id_kvm"));
	assert_true(r.identities[0][0] == '/');
	assert_string_equal(r.known_hosts[0], "/lab/known");
	assert_non_null(strstr(r.proxycommand, "jumpy"));
	sshresolve_clear(&r);
	/* through Include */
	assert_int_equal(sshresolve_libssh("kvm2", cfgpath, NULL, 0, &r, &err),
	    0);
	assert_int_equal(r.port, 2200);
	sshresolve_clear(&r);
	/* the hosts file's user and port first */
	assert_int_equal(sshresolve_libssh("kvm2", cfgpath, "root", 2022, &r,
	    &err), 0);
	assert_string_equal(r.hostname, "10.9.9.9");
	assert_string_equal(r.user, "root");
	assert_int_equal(r.port, 2022);
	sshresolve_clear(&r);
	/* nothing matches: the alias itself */
	assert_int_equal(sshresolve_libssh("web", cfgpath, NULL, 0, &r, &err),
	    0);
	assert_string_equal(r.hostname, "web");
	assert_int_equal(r.port, 22);
	sshresolve_clear(&r);
	/* no ssh binary: nothing resolved by ssh -G, and the caller
	 * (hosturi_for, sshsess) takes libssh's parser */
	{
		char *path = getenv("PATH") ? xstrdup(getenv("PATH")) : NULL;

		setenv("PATH", "/nonexistent-vmdeck", 1);
		assert_int_equal(sshresolve("kvm1", cfgpath, NULL, 0, 5000, &r,
		    &err), 0);
		assert_false(r.found);
		sshresolve_clear(&r);
		if (path != NULL)
			setenv("PATH", path, 1);
		free(path);
	}
	/* a config ssh -G refuses: its own words, file and line, no
	 * resolution (the key check stops on it) */
	free(cfgpath);
	cfgpath = testutil_write(dir, "bad", "Host kvm1\n  Bogus yes\n", 20);
	if (access("/usr/bin/ssh", X_OK) == 0) {
		assert_int_equal(sshresolve("kvm1", cfgpath, NULL, 0, 5000, &r,
		    &err), -1);
		assert_non_null(strstr(err, "line 2"));
		assert_non_null(strstr(err, "Bad configuration option: bogus"));
		free(err);
		err = NULL;
	}
	free(text);
	free(inc);
	free(cfgpath);
	testutil_rmtree(dir);
	free(dir);
}

static void
test_hosturi(void **state)
{
	struct hostdef h = { .name = (char *)"k", .ssh = (char *)"kvm1",
	    .autoconnect = true };
	struct hosturi_ssh cfg = { .hostname = "10.0.0.5", .user = "root",
	    .port = 2222, .identity = "/home/u/.ssh/id kvm" };
	char *u;

	(void)state;
	/* the user's ssh: the alias stays, batch mode */
	u = hosturi_build(&h, &cfg, "/home/u");
	assert_string_equal(u, "qemu+ssh://kvm1/system?no_tty=1");
	free(u);
	h.user = (char *)"admin";
	h.port = 22;
	h.keyfile = (char *)"/k/id";
	u = hosturi_build(&h, &cfg, "/home/u");
	assert_string_equal(u, "qemu+ssh://admin@kvm1:22/system?no_tty=1&"
	    "keyfile=/k/id");
	free(u);
	/* libssh: the alias resolved here, the hosts file's values first */
	h.transport = HOSTDEF_LIBSSH;
	h.keyfile = NULL;
	h.port = 0;
	u = hosturi_build(&h, &cfg, "/home/u");
	assert_string_equal(u, "qemu+libssh://admin@10.0.0.5:2222/system?"
	    "keyfile=/home/u/.ssh/id%20kvm&known_hosts=/home/u/.ssh/known_hosts");
	free(u);
	/* an IPv6 destination, no config */
	h.ssh = (char *)"fe80::1";
	h.user = NULL;
	h.known_hosts = (char *)"/lab/known";
	u = hosturi_build(&h, NULL, "/home/u");
	assert_string_equal(u, "qemu+libssh://[fe80::1]/system?known_hosts="
	    "/lab/known");
	free(u);
	/* a uri is used as it is */
	h.uri = (char *)"qemu+tls://kvm1/system";
	u = hosturi_build(&h, &cfg, "/home/u");
	assert_string_equal(u, "qemu+tls://kvm1/system");
	free(u);
	u = hosturi_escape("a b&c=d/é", "/");
	assert_string_equal(u, "a%20b%26c%3Dd/%C3%A9");
	free(u);
}

/* The escaper is libxml2's: on 2,000 generated strings of every byte,
 * what it writes parses back (xmlURIUnescapeString) to the input, holds
 * only unreserved characters, '%' and those kept, and a URI built with
 * it gives its user back through xmlParseURI, as libvirt reads it. */
static void
test_hosturi_escape_generated(void **state)
{
	unsigned seed = 12345;

	(void)state;
	for (int n = 0; n < 2000; n++) {
		char in[40], *e, *back, *uri;
		size_t len = 1 + (size_t)(n % 38);
		xmlURIPtr p;

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (char)(1 + (seed >> 16) % 255);
		}
		in[len] = '\0';
		e = hosturi_escape(in, "/");
		for (const char *c = e; *c != '\0'; c++)
			if (!isalnum((unsigned char)*c) &&
			    strchr("-._~!*'()%/", *c) == NULL)
				fail_msg("'%c' left in %s", *c, e);
		back = xmlURIUnescapeString(e, 0, NULL);
		assert_string_equal(back, in);
		xmlFree(back);
		free(e);
		e = hosturi_escape(in, NULL);
		uri = xasprintf("qemu+ssh://%s@h/system", e);
		p = xmlParseURI(uri);
		assert_non_null(p);
		assert_string_equal(p->server, "h");
		/* xmlParseURI hands the user part over unescaped */
		assert_string_equal(p->user, in);
		xmlFreeURI(p);
		free(uri);
		free(e);
	}
}

/* Which URIs reach this machine: parsed as libvirt parses them, and a
 * qemu+unix URI through vmdeck's own tunnel is another host. */
static void
test_hosturi_is_local(void **state)
{
	static const struct {
		const char *uri;
		bool local;
	} cases[] = {
		{ "qemu:///system", true },
		{ "qemu:///session", true },
		{ "test:///default", true },
		{ "test:///tmp/node.xml", true },
		{ "qemu+unix:///system?socket=/run/libvirt/libvirt-sock", true },
		{ "qemu+ssh://root@kvm1/system", false },
		{ "qemu+tcp://localhost/system", false },
		{ "qemu+libssh://[fe80::1]:2222/system?known_hosts=/k", false },
		{ "qemu+ssh://kvm1/system?socket=/x:///", false },
		{ "::not a uri", false },
	};
	struct sshtunnel *t;
	char *err = NULL, *uri;

	(void)state;
	assert_true(hosturi_is_local(NULL));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (hosturi_is_local(cases[i].uri) != cases[i].local)
			fail_msg("%s: not %s", cases[i].uri, cases[i].local ?
			    "local" : "remote");
	/* a tunnel's socket (no session behind it: nothing connects) */
	t = sshtunnel_open(NULL, "/var/run/libvirt/libvirt-sock", &err);
	assert_non_null(t);
	uri = xasprintf("qemu+unix:///system?socket=%s", sshtunnel_path(t));
	assert_false(hosturi_is_local(uri));
	sshtunnel_close(t);
	assert_true(hosturi_is_local(uri));
	free(uri);
}

static void
test_backoff(void **state)
{
	int64_t ms = 0;
	const int64_t want[] = { 1000, 2000, 4000, 8000, 16000, 30000, 30000 };

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		ms = host_backoff_next(ms);
		assert_int_equal(ms, want[i]);
	}
}

/* What a host row says for each kind of failure, from the messages
 * libvirt and ssh give. */
static void
test_probe_classify(void **state)
{
	static const struct {
		const char *msg;
		enum hostprobe_state want;
	} cases[] = {
		{ "unable to connect to server at 'h:1': Connection refused",
		    HOSTPROBE_UNREACHABLE },
		{ "Cannot recv data: ssh: Could not resolve hostname nope: Name "
		    "or service not known", HOSTPROBE_UNREACHABLE },
		{ "ssh: connect to host 10.9.9.9 port 22: No route to host",
		    HOSTPROBE_UNREACHABLE },
		{ "Cannot recv data: @@@@@@@@@@@\r\n@    WARNING: REMOTE HOST "
		    "IDENTIFICATION HAS CHANGED!     @\r\nHost key verification "
		    "failed.", HOSTPROBE_KEY_CHANGED },
		{ "No ED25519 host key is known for [127.0.0.1]:2222 and you "
		    "have requested strict checking.\r\nHost key verification "
		    "failed.", HOSTPROBE_KEY_UNKNOWN },
		/* libvirt's libssh transport */
		{ "authentication failed: !!! SSH HOST KEY VERIFICATION FAILED "
		    "!!!: Identity of host '127.0.0.1:22522' differs from stored "
		    "identity.", HOSTPROBE_KEY_CHANGED },
		{ "libssh transport error: no suitable callback for host key "
		    "verification", HOSTPROBE_KEY_UNKNOWN },
		{ "root@127.0.0.1: Permission denied (publickey,password).",
		    HOSTPROBE_AUTH_FAILED },
		{ "Failed to connect socket to '/var/run/libvirt/libvirt-sock': "
		    "No such file or directory", HOSTPROBE_NO_LIBVIRT },
		/* vmdeck's own SSH session (remote/sshsess) */
		{ "The host key of [h]:22 (ssh-ed25519 SHA256:abc) is marked "
		    "@revoked in /k:3; vmdeck refuses it.", HOSTPROBE_KEY_REVOKED },
		{ "The host key of h has CHANGED: it now offers ssh-ed25519 "
		    "SHA256:abc, and /k:1 holds another.", HOSTPROBE_KEY_CHANGED },
		{ "The host key of h is not known (ssh-ed25519 SHA256:abc) and "
		    "was not accepted.", HOSTPROBE_KEY_UNKNOWN },
		{ "SSH login to lab as root failed: the server took none of the "
		    "agent's keys or the keys in ~/.ssh", HOSTPROBE_AUTH_FAILED },
		{ "lab: no SSH server answered: Connection refused",
		    HOSTPROBE_UNREACHABLE },
		{ "lab: no answer after 10 s (Timeout connecting to lab)",
		    HOSTPROBE_NO_ANSWER },
		{ "Could not connect to qemu+ssh://h/system: no answer after "
		    "10 s", HOSTPROBE_NO_ANSWER },
		{ "something else entirely", HOSTPROBE_ERROR },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(hostprobe_classify(0, cases[i].msg),
		    cases[i].want);
	assert_string_equal(hostprobe_state_name(HOSTPROBE_KEY_CHANGED),
	    "host key changed");
	assert_string_equal(hostprobe_state_name(HOSTPROBE_KEY_REVOKED),
	    "host key revoked");
}

/* Probing at once: a refused port answers at once, the test driver
 * connects, neither waits for the other. */
static void
test_probe_run(void **state)
{
	const char *uris[] = { "qemu+tcp://127.0.0.1:1/system",
	    "test:///default" };
	struct hostprobe r[2];

	(void)state;
	hostprobe_run(uris, NULL, 2, 10000, r);
	assert_int_equal(r[0].state, HOSTPROBE_UNREACHABLE);
	assert_non_null(strstr(r[0].reason, "Connection refused"));
	assert_int_equal(r[1].state, HOSTPROBE_CONNECTED);
	assert_int_equal(r[1].cpus, 16);
	assert_true(r[1].lib_version >= 9000000);
	hostprobe_free(r, 2);
}

/* libvirt.conf's uri_default as libvirt's reader takes it: either quote,
 * blanks around '=', comments and other keys skipped, the first one wins;
 * none gives NULL. */
static void
test_conf_uri_default(void **state)
{
	char *dir = testutil_tmpdir(), *path = NULL, *uri;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "uri_default = \"qemu:///session\"\n", "qemu:///session" },
		{ "# uri_default = \"x:///\"\nuri_default='test:///default'\n",
		    "test:///default" },
		{ "uri_aliases = [ \"a=qemu:///system\" ]\n"
		    "  uri_default\t=\t\"qemu+ssh://h/system\"\n"
		    "uri_default = \"qemu:///system\"\n", "qemu+ssh://h/system" },
		{ "uri_default_x = \"no\"\n", NULL },
		{ "", NULL },
	};

	(void)state;
	path = testutil_path(dir, "libvirt.conf");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		free(testutil_write(dir, "libvirt.conf", cases[i].text,
		    strlen(cases[i].text)));
		uri = host_conf_uri_default(path);
		if (cases[i].want == NULL)
			assert_null(uri);
		else
			assert_string_equal(uri, cases[i].want);
		free(uri);
	}
	unlink(path);
	assert_null(host_conf_uri_default(path));
	free(path);
	testutil_rmtree(dir);
	free(dir);
}

/* -r: a connection opened then is read-only, and libvirt itself refuses
 * a start on it (the TUI and the subcommands refuse before asking). */
static void
test_readonly_connection(void **state)
{
	char *err = NULL;
	virConnectPtr c;
	virDomainPtr d;
	virErrorPtr e;

	(void)state;
	host_set_readonly(true);
	assert_true(host_readonly());
	c = host_open_uri("test:///default", &err);
	host_set_readonly(false);
	assert_non_null(c);
	assert_int_equal(virConnectIsAlive(c), 1);
	d = virDomainLookupByName(c, "test");
	assert_non_null(d);
	assert_int_equal(virDomainSuspend(d), -1);
	e = virGetLastError();
	assert_non_null(e);
	assert_int_equal(e->code, VIR_ERR_OPERATION_DENIED);
	virDomainFree(d);
	virConnectClose(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostsfile_parse),
		cmocka_unit_test(test_hostsfile_errors),
		cmocka_unit_test(test_hostsfile_add_remove),
		cmocka_unit_test(test_hostsfile_write),
		cmocka_unit_test(test_sshresolve_libssh),
		cmocka_unit_test(test_hosturi),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_probe_classify),
		cmocka_unit_test(test_probe_run),
		cmocka_unit_test(test_conf_uri_default),
		cmocka_unit_test(test_hosturi_escape_generated),
		cmocka_unit_test(test_hosturi_is_local),
		cmocka_unit_test(test_readonly_connection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
