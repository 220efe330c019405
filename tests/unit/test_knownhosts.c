/*
 * Unit tests of vmdeck's own known_hosts decisions (known, unknown,
 * changed, known with another key type, revoked; plain, bracketed,
 * wildcard, negated and hashed names), of the lines it appends, and of
 * the SHA-1, HMAC and base64 underneath.
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
#include "../../src/util/base64.h"
#include "../../src/util/sha1.h"
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

static void
hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static void
test_sha1_vectors(void **state)
{
	unsigned char d[SHA1_LEN], key[20];
	char h[2 * SHA1_LEN + 1];
	char *million = malloc(1000000);

	(void)state;
	sha1("abc", 3, d);
	hex(d, SHA1_LEN, h);
	assert_string_equal(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
	sha1("", 0, d);
	hex(d, SHA1_LEN, h);
	assert_string_equal(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	hex(d, SHA1_LEN, h);
	assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	memset(million, 'a', 1000000);
	sha1(million, 1000000, d);
	hex(d, SHA1_LEN, h);
	assert_string_equal(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	free(million);
	/* RFC 2202, test cases 1 and 2 */
	memset(key, 0x0b, sizeof key);
	sha1_hmac(key, 20, "Hi There", 8, d);
	hex(d, SHA1_LEN, h);
	assert_string_equal(h, "b617318655057264e28bc0b6fb378c8ef146be00");
	sha1_hmac("Jefe", 4, "what do ya want for nothing?", 28, d);
	hex(d, SHA1_LEN, h);
	assert_string_equal(h, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
}

static void
test_base64(void **state)
{
	unsigned char out[16];
	char *s;

	(void)state;
	s = base64_encode("foobar", 6);
	assert_string_equal(s, "Zm9vYmFy");
	free(s);
	s = base64_encode("fo", 2);
	assert_string_equal(s, "Zm8=");
	free(s);
	s = base64_encode("", 0);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(base64_decode("Zm9vYg==", out, sizeof out), 4);
	assert_memory_equal(out, "foob", 4);
	assert_int_equal(base64_decode("Zm9vYg", out, sizeof out), 4);
	assert_int_equal(base64_decode("Zm9v!mFy", out, sizeof out), -1);
	assert_int_equal(base64_decode("Zm9vYmFy", out, 3), -1);
	assert_int_equal(base64_decode("Zm=9", out, sizeof out), -1);
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
	static const unsigned char salt[SHA1_LEN] = "0123456789abcdefghi";
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
		cmocka_unit_test(test_sha1_vectors),
		cmocka_unit_test(test_base64),
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
