/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * Unit tests of vmdeck's own known_hosts decisions (known, unknown,
 * changed, known with another key type, revoked; plain, bracketed,
 * wildcard, negated and hashed names) and of the lines it appends, hashed
 * ones as the hand-written SHA-1 and base64 wrote them before GLib's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "../../src/remote/knownhosts.h"
#include "../common/testutil.h"

/* One key and another of the same type, and an RSA-typed stand-in. */
#define KEY_A "AAAAC3NzaC1lZDI1NTE5AAAAIC8oFfCSNObZkikpuDXz0iAFOglWv7wzyuvBBqSN0xRO"
#define KEY_B "AAAAC3NzaC1lZDI1NTE5AAAAIPF1BDf7ahczsdJo5x1iSxu1GevDkLpZ6Wz5/yQFmdEe"
#define KEY_R "AAAAB3NzaC1yc2EAAAADAQABAAABAQC+13pmocBDrr+z+4g80yYXGhijBZNg7tsNpauq9N2lOi/1zZuhlbCV65zplDr+8X/FLcnytawJPCq/IS0H+pOGj0BU3lxkcAQeovN+JGtIrtI7bysPgoc4nNpYafZknlJqNvOhBlhfHKUvVmW4BwXk0f6jEUf5vahSs6gVYL1vfokv94qIqTPf9dQT/TxZH5griHUV2jjyIngoF/CDl0itOulk80muX3XswSrrmJrp/DREG7MgHaPlibYahQ/mrPAroSpIF3qE+0kDKlQlqWxRp2dsQ2lno4/97Eg8Hth0yAQbjJkxp0hsrqq0bZzE8cBQ5S7s653Be6gP3Ojk4QOv"
#define KEY_E256 "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBAexPWvW5zNPZvoo/dbvezDGLAmpjkHjBchgt5bzdL5jDJCskL2js09dRMZlqvTtHpBcveLWGz5ECHg2vaXvav0="
#define KEY_E384 "AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBCKvlAgAr0vwpkJDuMpT4Lev4aRWPH4xQYlHlq6eyHiIYnsZYsyulsqa6c+Vo0XHpQ+LkQoBYZAAtg8qBUiH9yRGA9Ur3KLc6SyZ7v3IBBf7ISTghpUlJ3kQIwvm6j5cQA=="
#define ED "ssh-ed25519"
/* known_hosts text given as a C string */
#define CHECK(text, name, type, blob, line) \
	knownhosts_check((text), strlen(text), (name), (type), (blob), (line))

/* Hashed names as the hand-written SHA-1, HMAC and base64 wrote them
 * before GLib's took their place (knownhosts_line, salts 5 + 13i + 71s):
 * byte for byte the same. */
static void
test_hashed_lines_as_before(void **state)
{
	static const char *const names[] = { "kvm1", "[127.0.0.1]:2222",
	    "web1.example", "", "\xce\x9a\xce\x91\xce\x9b\xce\x97.example" };
	static const char *const before[] = {
		"|1|BRIfLDlGU2BteoeUoa67yNXi7/w=|FRqjBI24XuL4IuyXlpcKnYQBIrQ= ssh-ed25519 AAAAC3Nz\n",
		"|1|BRIfLDlGU2BteoeUoa67yNXi7/w=|VEPRlRD90fIECUxvTfrAU4yt3eQ= ssh-ed25519 AAAAC3Nz\n",
		"|1|BRIfLDlGU2BteoeUoa67yNXi7/w=|nhbmuY6xKT66Bh1HPye/lgspA2E= ssh-ed25519 AAAAC3Nz\n",
		"|1|BRIfLDlGU2BteoeUoa67yNXi7/w=|XDstPbMk4ojsnHRXFjRnrOfMdZ4= ssh-ed25519 AAAAC3Nz\n",
		"|1|BRIfLDlGU2BteoeUoa67yNXi7/w=|eyn4luN0jx/77PLyfKeSOhm68OQ= ssh-ed25519 AAAAC3Nz\n",
		"|1|TFlmc4CNmqe0wc7b6PUCDxwpNkM=|h9S0Ic+czmQcijelhA5xrsvkItk= ssh-ed25519 AAAAC3Nz\n",
		"|1|TFlmc4CNmqe0wc7b6PUCDxwpNkM=|Vz4oP5YjHkFKHOb78Q6DHt+x0xA= ssh-ed25519 AAAAC3Nz\n",
		"|1|TFlmc4CNmqe0wc7b6PUCDxwpNkM=|GOevqR/SR2EBJ6TA3QzgaocBPXo= ssh-ed25519 AAAAC3Nz\n",
		"|1|TFlmc4CNmqe0wc7b6PUCDxwpNkM=|j2pfZLoi/Jg1JDV3mrkfYaGLb3U= ssh-ed25519 AAAAC3Nz\n",
		"|1|TFlmc4CNmqe0wc7b6PUCDxwpNkM=|QLZ+tLQ95XlOn6oYrvgwD7Y9NOM= ssh-ed25519 AAAAC3Nz\n",
		"|1|k6CtusfU4e77CBUiLzxJVmNwfYo=|929IWUnJhBnJrVQmhvOf8BS5wwk= ssh-ed25519 AAAAC3Nz\n",
		"|1|k6CtusfU4e77CBUiLzxJVmNwfYo=|aa3YoflssQ3Q7N04J5GC9immdUI= ssh-ed25519 AAAAC3Nz\n",
		"|1|k6CtusfU4e77CBUiLzxJVmNwfYo=|ZkYChPTuZBmjWMoGB/4mL2TX9Ks= ssh-ed25519 AAAAC3Nz\n",
		"|1|k6CtusfU4e77CBUiLzxJVmNwfYo=|dGqBxfp4HhaZ4DIi9PX2LWeSnsw= ssh-ed25519 AAAAC3Nz\n",
		"|1|k6CtusfU4e77CBUiLzxJVmNwfYo=|ymfLj7ESbqYntk54eqromr6GAuI= ssh-ed25519 AAAAC3Nz\n"
	};
	unsigned char salt[KNOWNHOSTS_SALT_LEN];
	size_t k = 0;

	(void)state;
	for (int s = 0; s < 3; s++) {
		for (int i = 0; i < KNOWNHOSTS_SALT_LEN; i++)
			salt[i] = (unsigned char)(s * 71 + i * 13 + 5);
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			char *l = knownhosts_line(names[i], ED, "AAAAC3Nz", salt);

			assert_string_equal(l, before[k++]);
			free(l);
		}
	}
	/* and a line ssh-keygen -H hashed is found under its name */
	assert_int_equal(CHECK("|1|X+MbemxZ5H57yLNyVo6UuT+bYjc=|"
	    "WVrTJta/jnovneep0dXSy0B2Mrg= " ED " " KEY_B "\n", "kvm1", ED,
	    KEY_B, NULL), KNOWNHOSTS_KNOWN);
	/* a name typed in upper case is looked up lower-cased, as ssh
	 * does (ssh -G 9.2 lower-cases HostName and HostKeyAlias too) */
	char *upper = knownhosts_name("KVM1", 22);

	assert_int_equal(CHECK("|1|X+MbemxZ5H57yLNyVo6UuT+bYjc=|"
	    "WVrTJta/jnovneep0dXSy0B2Mrg= " ED " " KEY_B "\n", upper, ED,
	    KEY_B, NULL), KNOWNHOSTS_KNOWN);
	free(upper);
	/* a salt that is not base64 (GLib's decoder skips such bytes)
	 * matches nothing */
	assert_int_equal(CHECK("|1|X+Mbe!xZ5H57yLNyVo6UuT+bYjc=|"
	    "WVrTJta/jnovneep0dXSy0B2Mrg= " ED " " KEY_B "\n", "kvm1", ED,
	    KEY_B, NULL), KNOWNHOSTS_UNKNOWN);
}

static void
test_knownhosts_name(void **state)
{
	char *n;

	(void)state;
	n = knownhosts_name("web1.example", 22);
	assert_string_equal(n, "web1.example");
	free(n);
	n = knownhosts_name("web1.example", 0);
	assert_string_equal(n, "web1.example");
	free(n);
	n = knownhosts_name("127.0.0.1", 2222);
	assert_string_equal(n, "[127.0.0.1]:2222");
	free(n);
}

static void
test_knownhosts_verdicts(void **state)
{
	static const char text[] =
	    "# a comment\n"
	    "\n"
	    "web1,10.0.0.1 " ED " " KEY_A " user@box\n"
	    "web2 " ED " " KEY_B "\n"
	    "[web3]:2222 ssh-rsa " KEY_R "\n"
	    "@cert-authority *.example " ED " " KEY_B "\n"
	    "db* ecdsa-sha2-nistp256 " KEY_E256 "\n"
	    "broken-line-without-key\n";
	int line = -1;

	(void)state;
	/* known by either of its names, case folded */
	assert_int_equal(CHECK(text, "web1", ED, KEY_A, &line),
	    KNOWNHOSTS_KNOWN);
	assert_int_equal(line, 3);
	assert_int_equal(CHECK(text, "10.0.0.1", ED, KEY_A, NULL),
	    KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK(text, "WEB1", ED, KEY_A, NULL),
	    KNOWNHOSTS_KNOWN);
	/* another key of the same type: changed, and which line says so */
	assert_int_equal(CHECK(text, "web2", ED, KEY_A, &line),
	    KNOWNHOSTS_CHANGED);
	assert_int_equal(line, 4);
	/* nobody's name */
	assert_int_equal(CHECK(text, "web4", ED, KEY_A, &line),
	    KNOWNHOSTS_UNKNOWN);
	assert_int_equal(line, 0);
	/* a port is part of the name */
	assert_int_equal(CHECK(text, "web3", "ssh-rsa", KEY_R, NULL),
	    KNOWNHOSTS_UNKNOWN);
	assert_int_equal(CHECK(text, "[web3]:2222", "ssh-rsa", KEY_R,
	    NULL), KNOWNHOSTS_KNOWN);
	/* only a key of another type is known */
	assert_int_equal(CHECK(text, "[web3]:2222", ED, KEY_A,
	    &line), KNOWNHOSTS_OTHER);
	assert_int_equal(line, 5);
	/* every ecdsa-sha2-* is one type: a new curve is a changed key */
	assert_int_equal(CHECK(text, "db7", "ecdsa-sha2-nistp384",
	    KEY_E384, NULL), KNOWNHOSTS_CHANGED);
	/* cert-authority lines are not host keys */
	assert_int_equal(CHECK(text, "x.example", ED, KEY_B, NULL),
	    KNOWNHOSTS_UNKNOWN);
	/* an empty file knows nothing */
	assert_int_equal(CHECK("", "web1", ED, KEY_A, NULL),
	    KNOWNHOSTS_UNKNOWN);
}

static void
test_knownhosts_patterns(void **state)
{
	static const char text[] =
	    "*.lab,!secret.lab " ED " " KEY_A "\n"
	    "node?? " ED " " KEY_B "\n";

	(void)state;
	assert_int_equal(CHECK(text, "a.lab", ED, KEY_A, NULL),
	    KNOWNHOSTS_KNOWN);
	/* negation wins over a match */
	assert_int_equal(CHECK(text, "secret.lab", ED, KEY_A, NULL),
	    KNOWNHOSTS_UNKNOWN);
	assert_int_equal(CHECK(text, "node42", ED, KEY_B, NULL),
	    KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK(text, "node7", ED, KEY_B, NULL),
	    KNOWNHOSTS_UNKNOWN);
	/* brackets are literal, not a character class */
	assert_int_equal(CHECK("[a]:1 " ED " " KEY_A "\n", "[a]:1",
	    ED, KEY_A, NULL), KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK("[a]:1 " ED " " KEY_A "\n", "a",
	    ED, KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
	/* stars: anywhere, several, none left to match */
	assert_int_equal(CHECK("*a*b " ED " " KEY_A "\n", "xaxxb",
	    ED, KEY_A, NULL), KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK("a** " ED " " KEY_A "\n", "a",
	    ED, KEY_A, NULL), KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK("*a*b " ED " " KEY_A "\n", "xaxba",
	    ED, KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
	/* many stars against a long name that almost matches: quick (the
	 * fuzzer once found a recursive matcher taking minutes) */
	{
		char name[201];

		memset(name, 'a', 200);
		name[200] = '\0';
		assert_int_equal(CHECK("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b "
		    ED " " KEY_A "\n", name, ED, KEY_A, NULL),
		    KNOWNHOSTS_UNKNOWN);
	}
}

static void
test_knownhosts_revoked(void **state)
{
	static const char text[] =
	    "web1 " ED " " KEY_A "\n"
	    "@revoked web1 " ED " " KEY_A "\n"
	    "@revoked * " ED " " KEY_B "\n";
	int line;

	(void)state;
	/* revoked wins over known, in any order */
	assert_int_equal(CHECK(text, "web1", ED, KEY_A, &line),
	    KNOWNHOSTS_REVOKED);
	assert_int_equal(line, 2);
	assert_int_equal(CHECK(text, "other", ED, KEY_B, &line),
	    KNOWNHOSTS_REVOKED);
	assert_int_equal(line, 3);
	/* a revoked key does not make another host's key changed */
	assert_int_equal(CHECK("@revoked * " ED " " KEY_B "\n",
	    "web9", ED, KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
}

static void
test_knownhosts_hashed(void **state)
{
	/* written by OpenSSH's ssh-keygen -H for [10.1.2.3]:2222 */
	static const char text[] =
	    "|1|lPJfqOZV9My10hyVFRTzmynlMLg=|45qVSMJozvahEq1+TwT0Ql90/p8= "
	    ED " " KEY_A "\n";
	static const unsigned char salt[KNOWNHOSTS_SALT_LEN] = "0123456789abcdefghi";
	char *line;

	(void)state;
	assert_int_equal(CHECK(text, "[10.1.2.3]:2222", ED, KEY_A,
	    NULL), KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK(text, "[10.1.2.3]:2222", ED, KEY_B,
	    NULL), KNOWNHOSTS_CHANGED);
	assert_int_equal(CHECK(text, "10.1.2.3", ED, KEY_A, NULL),
	    KNOWNHOSTS_UNKNOWN);
	/* garbage in the hashed field names nobody */
	assert_int_equal(CHECK("|1|x|y " ED " " KEY_A "\n", "x",
	    ED, KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
	/* a line vmdeck writes hashed is read back, and names no other */
	line = knownhosts_line("[h]:2", ED, KEY_B, salt);
	assert_true(strncmp(line, "|1|", 3) == 0);
	assert_null(strstr(line, "[h]"));
	assert_int_equal(CHECK(line, "[h]:2", ED, KEY_B, NULL),
	    KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK(line, "[h]:3", ED, KEY_B, NULL),
	    KNOWNHOSTS_UNKNOWN);
	free(line);
	line = knownhosts_line("web1", ED, KEY_A, NULL);
	assert_string_equal(line, "web1 " ED " " KEY_A "\n");
	free(line);
}

/* What OpenSSH's reader does that a C-string, split-on-any-space reader
 * got wrong (each case was accepted or missed before). */
static void
test_knownhosts_openssh_rules(void **state)
{
	static const char nul[] = "x y z\0garbage\n@revoked web1 " ED " "
	    KEY_A "\nweb1 " ED " " KEY_A "\n";
	char big[1100 + 200], *blob_ws;
	int line = 0;

	(void)state;
	/* a NUL ends its line only: the revocation after it still counts */
	assert_int_equal(knownhosts_check(nul, sizeof nul - 1, "web1", ED,
	    KEY_A, &line), KNOWNHOSTS_REVOKED);
	assert_int_equal(line, 2);
	/* whitespace inside a blob is skipped as base64 skips it */
	blob_ws = strdup("@revoked web1 " ED " AAAAC3Nza\vC1lZDI1NTE5\fAAAAIC8oFfCSNObZkikpuDXz0iAFOglWv7wzyuvBBqSN0xRO\r\n"
	    "web1 " ED " " KEY_A "\n");
	assert_int_equal(CHECK(blob_ws, "web1", ED, KEY_A, NULL),
	    KNOWNHOSTS_REVOKED);
	free(blob_ws);
	/* rsa-sha2-256/512 name the RSA key type */
	assert_int_equal(CHECK("@revoked web3 rsa-sha2-512 " KEY_R "\n"
	    "web3 ssh-rsa " KEY_R "\n", "web3", "ssh-rsa", KEY_R, NULL),
	    KNOWNHOSTS_REVOKED);
	assert_int_equal(CHECK("web3 rsa-sha2-256 " KEY_R "\n", "web3",
	    "ssh-rsa", KEY_R, NULL), KNOWNHOSTS_KNOWN);
	/* a line typed with OpenSSH's short type names (any case) is one
	 * ssh skips as a parse error: neither the host's key nor a
	 * revocation (as ssh: the differential test) */
	assert_int_equal(CHECK("@revoked web1 ED25519 " KEY_A "\n"
	    "web1 " ED " " KEY_A "\n", "web1", ED, KEY_A, NULL),
	    KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK("@revoked web3 rsa " KEY_R "\n"
	    "web3 ssh-rsa " KEY_R "\n", "web3", "ssh-rsa", KEY_R, NULL),
	    KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK("web1 ed25519 " KEY_A "\n", "web1", ED, KEY_A,
	    NULL), KNOWNHOSTS_UNKNOWN);
	/* a NUL right after the host field is a separator to OpenSSH (its
	 * C string ends there and it reads on after it) */
	{
		static const char sep[] = "@revoked web1\0" ED " " KEY_A "\n"
		    "web1 " ED " " KEY_A "\n";

		assert_int_equal(knownhosts_check(sep, sizeof sep - 1, "web1",
		    ED, KEY_A, &line), KNOWNHOSTS_REVOKED);
	}
	/* a CR is not a separator */
	assert_int_equal(CHECK("web1\r" ED " " KEY_A "\n", "web1", ED, KEY_A,
	    NULL), KNOWNHOSTS_UNKNOWN);
	/* a blob of another type than its name: the line is skipped */
	assert_int_equal(CHECK("web1 ssh-rsa " KEY_A "\n", "web1", ED, KEY_A,
	    NULL), KNOWNHOSTS_UNKNOWN);
	/* unpadded base64 that leaves bits over is not a key */
	assert_int_equal(CHECK("web1 " ED " AAAAC3NzaC1lZDI1NTE5AAAAIC8oFfCSNObZkikpuDXz0iAFOglWv7wzyuvBBqSN0xROx\n",
	    "web1", ED, KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
	/* a hashed name in non-canonical base64 names nobody */
	assert_int_equal(CHECK("|1|lPJfqOZV9My10hyVFRTzmynlMLh=|45qVSMJozvahEq1+TwT0Ql90/p8= "
	    ED " " KEY_A "\n", "[10.1.2.3]:2222", ED, KEY_A, NULL),
	    KNOWNHOSTS_UNKNOWN);
	/* a sub-pattern of 1,023 characters ends the list unmatched */
	memset(big, 'a', 1023);
	snprintf(big + 1023, sizeof big - 1023, ",web1 " ED " " KEY_A "\n");
	assert_int_equal(CHECK(big, "web1", ED, KEY_A, NULL),
	    KNOWNHOSTS_UNKNOWN);
	snprintf(big + 1022, sizeof big - 1022, ",web1 " ED " " KEY_A "\n");
	assert_int_equal(CHECK(big, "web1", ED, KEY_A, NULL),
	    KNOWNHOSTS_KNOWN);
	/* a negation anywhere in the list skips the line */
	assert_int_equal(CHECK("*,!web1 " ED " " KEY_A "\n", "web1", ED,
	    KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
	/* an unknown marker, or a marker ended by a space further on */
	assert_int_equal(CHECK("@foo web1 " ED " " KEY_A "\n", "web1", ED,
	    KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
	assert_int_equal(CHECK("@revoked\tweb1 " ED " " KEY_A "\nweb1 " ED
	    " " KEY_A "\n", "web1", ED, KEY_A, NULL), KNOWNHOSTS_KNOWN);
	/* the last line, without a newline, holding hosts only: OpenSSH
	 * reads its key from the bytes an earlier line left in its line
	 * buffer past that line's end (ssh-keygen -F 9.2 lists these) */
	assert_int_equal(CHECK("xxxx " ED " " KEY_A "\nweb1", "web1", ED,
	    KEY_A, NULL), KNOWNHOSTS_KNOWN);
	assert_int_equal(CHECK("web1 " ED " " KEY_A "\nxxxxxxxxxxxxx " ED " "
	    KEY_A "\n@revoked web1", "web1", ED, KEY_A, NULL),
	    KNOWNHOSTS_REVOKED);
	/* not where the offsets differ, nor after a newline */
	assert_int_equal(CHECK("xxx " ED " " KEY_A "\nweb1", "web1", ED,
	    KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
	assert_int_equal(CHECK("xxxx " ED " " KEY_A "\nweb1\n", "web1", ED,
	    KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
}

/* RevokedHostKeys: a flat list of keys; missing file or KRL refuses. */
static void
test_knownhosts_revoked_file(void **state)
{
	char *dir = testutil_tmpdir(), *path, *err = NULL;
	int line = 0;

	(void)state;
	free(testutil_write(dir, "revoked", "# old keys\n" ED " " KEY_B
	    " c\nssh-rsa " KEY_R "\n", strlen("# old keys\n" ED " " KEY_B " c\nssh-rsa " KEY_R "\n")));
	path = testutil_path(dir, "revoked");
	assert_int_equal(knownhosts_revoked_file(path, "ssh-rsa", KEY_R, &line,
	    &err), 1);
	assert_int_equal(line, 3);
	assert_int_equal(knownhosts_revoked_file(path, ED, KEY_A, &line,
	    &err), 0);
	free(path);
	path = testutil_path(dir, "missing");
	assert_int_equal(knownhosts_revoked_file(path, ED, KEY_A, &line,
	    &err), -1);
	assert_non_null(strstr(err, "missing"));
	free(err);
	free(path);
	testutil_rmtree(dir);
	free(dir);
}

static void
test_knownhosts_append(void **state)
{
	static const char unended[] = "x " ED " " KEY_B;
	char *dir = testutil_tmpdir(), *path, *err = NULL, buf[512];
	struct stat st;
	FILE *f;
	size_t n;

	(void)state;
	/* a new file in a new directory, private */
	path = testutil_path(dir, "ssh/known_hosts");
	assert_int_equal(knownhosts_append(path, "a " ED " " KEY_A "\n", &err),
	    0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
	/* a last line without its newline gets one */
	free(testutil_write(dir, "kh", unended, strlen(unended)));
	path = testutil_path(dir, "kh");
	assert_int_equal(knownhosts_append(path, "a " ED " " KEY_A "\n", &err),
	    0);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	assert_string_equal(buf, "x " ED " " KEY_B "\na " ED " " KEY_A "\n");
	assert_int_equal(knownhosts_check_file(path, "a", ED, KEY_A, NULL),
	    KNOWNHOSTS_KNOWN);
	assert_int_equal(knownhosts_check_file(path, "x", ED, KEY_A, NULL),
	    KNOWNHOSTS_CHANGED);
	free(path);
	/* a file that cannot be written says which and why */
	path = testutil_path(dir, "kh/under-a-file");
	assert_int_equal(knownhosts_append(path, "a b c\n", &err), -1);
	assert_non_null(strstr(err, "under-a-file"));
	free(err);
	free(path);
	assert_int_equal(knownhosts_check_file("/nonexistent/kh", "a", ED,
	    KEY_A, NULL), KNOWNHOSTS_UNKNOWN);
	testutil_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hashed_lines_as_before),
		cmocka_unit_test(test_knownhosts_name),
		cmocka_unit_test(test_knownhosts_verdicts),
		cmocka_unit_test(test_knownhosts_patterns),
		cmocka_unit_test(test_knownhosts_revoked),
		cmocka_unit_test(test_knownhosts_hashed),
		cmocka_unit_test(test_knownhosts_append),
		cmocka_unit_test(test_knownhosts_openssh_rules),
		cmocka_unit_test(test_knownhosts_revoked_file),
	};

	return cmocka_run_group_tests_name("knownhosts", tests, NULL, NULL);
}
