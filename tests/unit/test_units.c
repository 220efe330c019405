/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * Unit tests of the pure modules: formatting, states, sort and filter,
 * option parsing, the event queue, the store and the key bindings.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>
#include <poll.h>

#include "../../src/cmd/direct.h"
#include "../../src/config/config.h"
#include "../../src/core/domain.h"
#include "../../src/core/domlist.h"
#include "../../src/core/filter.h"
#include "../../src/core/evq.h"
#include "../../src/host/store.h"
#include "../../src/ui/commands.h"
#include "../../src/ui/keymap.h"
#include "../../src/ui/view.h"
#include "../../src/ui/term.h"
#include "../../src/cmd/cli.h"
#include "../../src/util/diag.h"
#include "../../src/util/fmt.h"
#include "../../src/util/msglog.h"

static void
test_fmt_kib(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(fmt_kib(b, sizeof b, 0), "0 KiB");
	assert_string_equal(fmt_kib(b, sizeof b, 512), "512 KiB");
	assert_string_equal(fmt_kib(b, sizeof b, 1024), "1 MiB");
	assert_string_equal(fmt_kib(b, sizeof b, 1536), "1.5 MiB");
	assert_string_equal(fmt_kib(b, sizeof b, 2097152), "2 GiB");
	assert_string_equal(fmt_kib(b, sizeof b, 1310720), "1.3 GiB");
	/* 1023.99 MiB rounds up into the next unit, never "1024 MiB" */
	assert_string_equal(fmt_kib(b, sizeof b, 1048575), "1 GiB");
	assert_string_equal(fmt_kib(b, sizeof b, 150ULL * 1048576), "150 GiB");
	assert_string_equal(fmt_kib(b, sizeof b, 3ULL << 30), "3 TiB");
	assert_string_equal(fmt_kib_typed(b, sizeof b, 2097152), "2G");
	assert_string_equal(fmt_kib_typed(b, sizeof b, 1536), "1.5M");
}

/* fmt_json_str into memory. Caller frees. */
static char *
json_of(const char *in)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fmt_json_str(f, in);
	fclose(f);
	return buf;
}

static void
test_fmt_json_str(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "a\"b\\c\nd\x01\t", "\"a\\\"b\\\\c\\nd\\u0001\\t\"" },
		{ "", "\"\"" },
		/* planes 1 and 16 pass as they are; a bidi override is escaped */
		{ "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", "\"\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"" },
		{ "x\xe2\x80\xaey", "\"x\\u202ey\"" },
		/* not UTF-8: a lone continuation, an overlong NUL, a surrogate,
		 * past U+10FFFF, a sequence cut by the end: one U+FFFD a byte */
		{ "\x80", "\"\\ufffd\"" },
		{ "\xc0\x80", "\"\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
		{ "ok\xe2\x82", "\"ok\\ufffd\\ufffd\"" },
	};
	char *big = calloc(5001, 1), *j;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		j = json_of(cases[i].in);
		assert_string_equal(j, cases[i].out);
		free(j);
	}
	j = json_of(NULL);
	assert_string_equal(j, "null");
	free(j);
	/* 5,000 bytes of quotes: 10,002 out, none lost */
	memset(big, '"', 5000);
	j = json_of(big);
	assert_int_equal(strlen(j), 10002);
	free(j);
	free(big);
}

static void
test_fmt_width(void **state)
{
	(void)state;
	assert_int_equal(fmt_width("abc"), 3);
	assert_int_equal(fmt_width(""), 0);
}

/* ASCII stand-ins for a terminal without UTF-8: every one printable;
 * box lines, blocks, arrows, accents, punctuation as a reader expects. */
static void
test_fmt_ascii(void **state)
{
	static const struct {
		uint32_t cp;
		char want;
	} cases[] = {
		{ 'A', 'A' }, { ' ', ' ' }, { 0xa0, ' ' }, { 0x2500, '-' },
		{ 0x2550, '-' }, { 0x2502, '|' }, { 0x2551, '|' }, { 0x250c, '+' },
		{ 0x2554, '+' }, { 0x253c, '+' }, { 0x2591, '.' }, { 0x2592, ':' },
		{ 0x2593, '#' }, { 0x2588, '#' }, { 0x2580, '#' }, { 0x00e9, 'e' },
		{ 0x00c7, 'C' }, { 0x00d7, 'x' }, { 0x00f7, '/' }, { 0x00ff, 'y' },
		{ 0x2026, '.' }, { 0x2014, '-' }, { 0x201c, '"' }, { 0x2019, '\'' },
		{ 0x2192, '>' }, { 0x25bc, 'v' }, { 0x2713, 'v' }, { 0x2717, 'x' },
		{ 0x263a, '?' }, { 0x4e2d, '?' },
	};
	uint32_t cp;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (fmt_ascii(cases[i].cp) != cases[i].want)
			fail_msg("U+%04X: '%c', not '%c'", cases[i].cp,
			    fmt_ascii(cases[i].cp), cases[i].want);
	for (cp = 0x20; cp <= 0x10ffff; cp++) {
		char c = fmt_ascii(cp);

		if (c < 0x20 || c > 0x7e)
			fail_msg("U+%04X gives a control", cp);
	}
	assert_int_equal(fmt_utf8_decode("\xe2\x94\x82x", &cp), 3);
	assert_int_equal(cp, 0x2502);
	assert_int_equal(fmt_utf8_decode("\xe2\x94", &cp), 0);
	assert_int_equal(fmt_utf8_decode("\xc0\x80", &cp), 0);	/* overlong */
}

/* What reaches a terminal: controls, bidi overrides and zero-width
 * characters written out; other text (accents, CJK, tabs) as it is. */
static void
test_fmt_sanitize(void **state)
{
	char *t;

	(void)state;
	t = fmt_sanitize("a\x1b[31mb\x07" "c\x7f", false);
	assert_string_equal(t, "a\\x1b[31mb\\x07c\\x7f");
	free(t);
	t = fmt_sanitize("good\xe2\x80\xae" "evil ad\xe2\x80\x8b" "min \xef\xbb\xbf"
	    "\xc2\x9b", false);
	assert_string_equal(t, "good<U+202E>evil ad<U+200B>min <U+FEFF><U+009B>");
	free(t);
	t = fmt_sanitize("caf\xc3\xa9 \xe6\x97\xa5\tx\ny", true);
	assert_string_equal(t, "caf\xc3\xa9 \xe6\x97\xa5\tx\ny");
	free(t);
	t = fmt_sanitize("x\ny", false);
	assert_string_equal(t, "x\\x0ay");
	free(t);
	assert_true(fmt_is_clean("plain caf\xc3\xa9", false));
	assert_false(fmt_is_clean("rtl\xe2\x81\xa6", false));	/* U+2066 */
	assert_false(fmt_is_clean("x\ny", false));
	assert_true(fmt_is_clean("x\ny", true));
	/* JSON says them as \u escapes */
	t = json_of("a\xe2\x80\xae" "b\x7f");
	assert_string_equal(t, "\"a\\u202eb\\u007f\"");
	free(t);
}

/* Wrapping: at the last space within the width, else at the width; a
 * newline ends a row; every byte lands in exactly one row. */
static void
test_fmt_wrap(void **state)
{
	size_t skip;
	const char *s = "the quick brown fox\njumps";

	(void)state;
	assert_int_equal(fmt_wrap(s, 12, &skip), 9);		/* "the quick" */
	assert_int_equal(skip, 1);
	assert_int_equal(fmt_wrap(s + 10, 12, &skip), 9);	/* "brown fox" */
	assert_int_equal(skip, 1);				/* the newline */
	assert_int_equal(fmt_wrap("abcdefghij", 4, &skip), 4);
	assert_int_equal(skip, 0);
	assert_int_equal(fmt_wrap("x", 0, &skip), 1);	/* at least one */
	assert_int_equal(fmt_wrap("", 5, &skip), 0);
	/* wide characters count two columns: 3 of them in 7 */
	char *old = strdup(setlocale(LC_CTYPE, NULL));

	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		assert_int_equal(fmt_wrap("\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6"
		    "\x97\xa5", 7, &skip), 9);
	setlocale(LC_CTYPE, old);
	free(old);
	/* every byte once: the rows put back together are the text */
	{
		const char *t = "a long line of words that wraps, and some "
		    "verylongwordthatdoesnotfit at all\nend";
		char back[256] = "";
		size_t at = 0, n;

		while (t[at] != '\0') {
			n = fmt_wrap(t + at, 10, &skip);
			assert_true(n > 0 || skip > 0);
			assert_true(fmt_width(back) >= 0);
			strncat(back, t + at, n + skip);
			at += n + skip;
		}
		assert_string_equal(back, t);
	}
}

static void
test_domain_states(void **state)
{
	(void)state;
	assert_string_equal(domain_state_name(DOMAIN_STATE_RUNNING), "running");
	assert_string_equal(domain_state_name(DOMAIN_STATE_SHUTOFF), "shut off");
	assert_string_equal(domain_state_name((enum domain_state)99),
	    "no state");
	assert_int_equal(domain_state_from_virt(VIR_DOMAIN_PAUSED),
	    DOMAIN_STATE_PAUSED);
	assert_int_equal(domain_state_from_virt(42), DOMAIN_STATE_NOSTATE);
	assert_true(domain_state_is_active(DOMAIN_STATE_PAUSED));
	assert_false(domain_state_is_active(DOMAIN_STATE_SHUTOFF));
}

static void
test_domain_actions(void **state)
{
	char *s;

	(void)state;
	assert_int_equal(domain_action_from_command("destroy"),
	    DOMAIN_ACTION_DESTROY);
	assert_int_equal(domain_action_from_command("bogus"), -1);
	assert_string_equal(domain_action_verb(DOMAIN_ACTION_DESTROY),
	    "force off");
	s = domain_action_done(DOMAIN_ACTION_START, "vm1");
	assert_string_equal(s, "Started VM 'vm1'.");
	free(s);
	/* every action has words, every subcommand maps back */
	for (int a = 0; a < DOMAIN_ACTION_COUNT; a++) {
		const char *c = domain_action_command((enum domain_action)a);

		assert_non_null(domain_action_verb((enum domain_action)a));
		if (c != NULL)
			assert_int_equal(domain_action_from_command(c), a);
	}
}

static void
make_dom(struct domain_info *d, const char *name, enum domain_state st,
    unsigned vcpus, uint64_t mem, int n)
{
	memset(d, 0, sizeof *d);
	d->name = strdup(name);
	snprintf(d->uuid, sizeof d->uuid, "00000000-0000-0000-0000-%012d", n);
	d->state = st;
	d->vcpus = vcpus;
	d->maxmem_kib = d->mem_kib = mem;
}

/* domlist_view through a filter parsed from text, sorted by name */
static size_t
view_filtered(const struct domain_info *d, size_t n, const char *text,
    size_t *idx)
{
	struct filter f;
	char *err = NULL;
	size_t count;

	if (filter_parse(text, &f, &err) < 0)
		fail_msg("%s", err);
	count = domlist_view(d, n, &f, NULL, DOMLIST_SORT_NAME, NULL, idx);
	filter_clear(&f);
	return count;
}

/* Filter expressions: words, key:value and key=value terms, globs,
 * states, tags, hosts, addresses; a key that is none of them named with
 * its column. */
static void
test_filter_expressions(void **state)
{
	struct domain_info d = { .name = (char *)"web-01",
	    .state = DOMAIN_STATE_RUNNING };
	struct filter f;
	char *err = NULL;
	static const struct { const char *text, *host; bool pass; } cases[] = {
		{ "", NULL, true },
		{ "WEB", NULL, true },
		{ "web db", NULL, false },		/* every term holds */
		{ "kvm", "kvm1", true },		/* a word: the host too */
		{ "name:web-*", NULL, true },
		{ "name:web-0?", NULL, true },
		{ "name:db*", NULL, false },
		{ "name=eb-0", NULL, true },
		{ "state:running", NULL, true },
		{ "state:run", NULL, true },
		{ "state:off", NULL, false },
		{ "tag:web", NULL, true },
		{ "tag:we", NULL, false },		/* whole tags only */
		{ "tag:a&b", NULL, true },
		{ "tag:web state=running host:kvm", "kvm2", true },
		{ "host:kvm", NULL, false },
		{ "host:kvm", "kvm1", true },
		{ "ip:10.0.", NULL, true },
		{ "ip:192.", NULL, false },
		{ "tag:", NULL, true },			/* still being typed */
	};

	(void)state;
	snprintf(d.tags, sizeof d.tags, "a&b,prod,web");
	snprintf(d.ip, sizeof d.ip, "10.0.3.7");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		if (filter_parse(cases[i].text, &f, &err) < 0)
			fail_msg("'%s': %s", cases[i].text, err);
		f.words_match_host = true;
		if (filter_match(&f, &d, cases[i].host) != cases[i].pass)
			fail_msg("'%s' on host %s: expected %s", cases[i].text,
			    cases[i].host ? cases[i].host : "(none)",
			    cases[i].pass ? "a match" : "none");
		filter_clear(&f);
	}
	/* a word matches the host only where the list asks it to */
	assert_int_equal(filter_parse("kvm", &f, &err), 0);
	assert_false(filter_match(&f, &d, "kvm1"));
	filter_clear(&f);
	assert_int_equal(filter_parse("web tag:x", &f, &err), 0);
	assert_true(f.wants_tags);
	assert_false(f.wants_ip);
	filter_clear(&f);
	/* a shut-off VM answers to off and shutoff */
	d.state = DOMAIN_STATE_SHUTOFF;
	assert_int_equal(filter_parse("state:off", &f, &err), 0);
	assert_true(filter_match(&f, &d, NULL));
	filter_clear(&f);
	assert_int_equal(filter_parse("state:shutoff", &f, &err), 0);
	assert_true(filter_match(&f, &d, NULL));
	filter_clear(&f);
	assert_int_equal(filter_parse("web colour:red", &f, &err), -1);
	assert_string_equal(err, "filter: column 5: 'colour' is not one of "
	    "name, state, tag, host, ip (then ':' and a value)");
	assert_int_equal(f.n, 0);
	free(err);
}

static void
test_domlist_sort_filter(void **state)
{
	struct domain_info d[4];
	size_t idx[4], n;

	(void)state;
	make_dom(&d[0], "web", DOMAIN_STATE_SHUTOFF, 2, 1024, 0);
	make_dom(&d[1], "DB", DOMAIN_STATE_RUNNING, 8, 4096, 1);
	make_dom(&d[2], "cache", DOMAIN_STATE_CRASHED, 1, 512, 2);
	make_dom(&d[3], "webapp", DOMAIN_STATE_RUNNING, 2, 2048, 3);

	n = domlist_view(d, 4, NULL, NULL, DOMLIST_SORT_NAME, NULL, idx);
	assert_int_equal(n, 4);
	/* byte order: upper case first */
	assert_string_equal(d[idx[0]].name, "DB");
	assert_string_equal(d[idx[1]].name, "cache");
	assert_string_equal(d[idx[3]].name, "webapp");

	n = domlist_view(d, 4, NULL, NULL, DOMLIST_SORT_STATE, NULL, idx);
	assert_string_equal(d[idx[0]].name, "cache");	/* crashed first */
	assert_string_equal(d[idx[1]].name, "DB");	/* running, by name */
	assert_string_equal(d[idx[2]].name, "webapp");
	assert_string_equal(d[idx[3]].name, "web");	/* shut off last */

	n = domlist_view(d, 4, NULL, NULL, DOMLIST_SORT_VCPUS, NULL, idx);
	assert_string_equal(d[idx[0]].name, "DB");
	assert_string_equal(d[idx[1]].name, "web");	/* tie: by name */

	n = domlist_view(d, 4, NULL, NULL, DOMLIST_SORT_MEMORY, NULL, idx);
	assert_string_equal(d[idx[0]].name, "DB");
	assert_string_equal(d[idx[3]].name, "cache");

	/* filter: substring, any case */
	n = view_filtered(d, 4, "WEB", idx);
	assert_int_equal(n, 2);
	assert_string_equal(d[idx[0]].name, "web");
	n = view_filtered(d, 4, "zzz", idx);
	assert_int_equal(n, 0);
	n = view_filtered(d, 4, "", idx);
	assert_int_equal(n, 4);

	/* find by UUID */
	n = domlist_view(d, 4, NULL, NULL, DOMLIST_SORT_NAME, NULL, idx);
	assert_int_equal(domlist_find(d, idx, n, d[3].uuid), 3);
	assert_int_equal(domlist_find(d, idx, n, "nope"), -1);
	assert_int_equal(domlist_find(d, idx, n, NULL), -1);

	assert_int_equal(domlist_sort_next(DOMLIST_SORT_VCPUS),
	    DOMLIST_SORT_HOST);
	assert_int_equal(domlist_sort_next(DOMLIST_SORT_HOST),
	    DOMLIST_SORT_TAG);
	assert_int_equal(domlist_sort_next(DOMLIST_SORT_TAG),
	    DOMLIST_SORT_NAME);
	/* by tag: tagged VMs grouped by their tags, untagged last */
	snprintf(d[0].tags, sizeof d[0].tags, "web");
	snprintf(d[2].tags, sizeof d[2].tags, "db");
	snprintf(d[3].tags, sizeof d[3].tags, "web");
	n = domlist_view(d, 4, NULL, NULL, DOMLIST_SORT_TAG, NULL, idx);
	assert_int_equal(idx[0], 2);
	assert_string_equal(d[idx[1]].tags, "web");
	assert_string_equal(d[idx[2]].tags, "web");
	assert_int_equal(idx[3], 1);
	d[0].tags[0] = d[2].tags[0] = d[3].tags[0] = '\0';
	/* one host's list: by host is by name */
	n = domlist_view(d, 4, NULL, NULL, DOMLIST_SORT_HOST, NULL, idx);
	assert_string_equal(d[idx[0]].name, "DB");
	assert_string_equal(d[idx[3]].name, "webapp");

	/* by live figures: largest first, no figure last */
	float cpu[4] = { 5, NAN, 90, 5 };
	n = domlist_view(d, 4, NULL, NULL, DOMLIST_SORT_CPU, cpu, idx);
	assert_string_equal(d[idx[0]].name, "cache");	/* 90 */
	assert_string_equal(d[idx[1]].name, "web");	/* 5, by name */
	assert_string_equal(d[idx[2]].name, "webapp");	/* 5 */
	assert_string_equal(d[idx[3]].name, "DB");	/* none */
	assert_true(domlist_sort_uses_figures(DOMLIST_SORT_NET));
	assert_false(domlist_sort_uses_figures(DOMLIST_SORT_VCPUS));
	assert_string_equal(domlist_sort_name(DOMLIST_SORT_VCPUS), "vcpus");
	for (int i = 0; i < 4; i++)
		domain_info_clear(&d[i]);
}

static int
parse(struct cli *cli, char **err, ...)
{
	char *argv[16];
	int argc = 0;
	va_list ap;

	argv[argc++] = (char *)"vmdeck";
	va_start(ap, err);
	for (char *a; (a = va_arg(ap, char *)) != NULL;)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	*err = NULL;
	return cli_parse(cli, argc, argv, err);
}

static void
test_cli(void **state)
{
	struct cli cli;
	char *err;

	(void)state;
	assert_int_equal(parse(&cli, &err, NULL), 0);
	assert_int_equal(cli.command, CLI_TUI);
	assert_int_equal(cli.nuris, 0);
	cli_free(&cli);

	assert_int_equal(parse(&cli, &err, "-c", "test:///default",
	    "--connect=qemu:///system", "-cqemu:///session", NULL), 0);
	assert_int_equal(cli.nuris, 3);
	assert_string_equal(cli.uris[0], "test:///default");
	assert_string_equal(cli.uris[1], "qemu:///system");
	assert_string_equal(cli.uris[2], "qemu:///session");
	cli_free(&cli);

	assert_int_equal(parse(&cli, &err, "list", "--json", NULL), 0);
	assert_int_equal(cli.command, CLI_LIST);
	assert_true(cli.json);
	cli_free(&cli);

	assert_int_equal(parse(&cli, &err, "start", "vm1", "-c", "x:///", NULL),
	    0);
	assert_int_equal(cli.command, CLI_ACTION);
	assert_string_equal(cli.word, "start");
	assert_string_equal(cli.name, "vm1");
	cli_free(&cli);

	/* which subcommands act on one host: the table's column */
	assert_int_equal(parse(&cli, &err, "list", NULL), 0);
	assert_false(cli_one_host(&cli));
	cli_free(&cli);
	assert_int_equal(parse(&cli, &err, "clone", "vm1", "-n", "vm2", NULL),
	    0);
	assert_true(cli_one_host(&cli));
	cli_free(&cli);
	/* the VM actions take names (or --filter) on every host given */
	assert_int_equal(parse(&cli, &err, "undefine", "vm1", NULL), 0);
	assert_false(cli_one_host(&cli));
	assert_false(cli_bulk(&cli));
	cli_free(&cli);
	assert_int_equal(parse(&cli, &err, NULL), 0);
	assert_false(cli_one_host(&cli));
	cli_free(&cli);

	/* getopt_long: clustered letters, unambiguous prefixes of long
	 * names, --opt=value */
	assert_int_equal(parse(&cli, &err, "-hV", NULL), 0);
	assert_true(cli.help && cli.version);
	cli_free(&cli);
	assert_int_equal(parse(&cli, &err, "--vers", NULL), 0);
	assert_true(cli.version);
	cli_free(&cli);
	assert_int_equal(parse(&cli, &err, "--help-conf", NULL), 0);
	assert_true(cli.help_config);
	cli_free(&cli);
	assert_int_equal(parse(&cli, &err, "list", "--conn=test:///default",
	    NULL), 0);
	assert_string_equal(cli.uris[0], "test:///default");
	cli_free(&cli);

	/* -r: looking is allowed, changing is refused before libvirt */
	{
		static const char *const ok[][4] = {
			{ "-r", "list", NULL },
			{ "-r", "pool", "list", NULL },
			{ "-r", "net", "leases", "default" },
			{ "-r", "snapshot", "list", "vm" },
			{ "-r", "tag", "vm", NULL },
			{ "--readonly", NULL },
		};
		static const char *const no[][4] = {
			{ "-r", "start", "vm", NULL },
			{ "-r", "pool", "start", "p" },
			{ "-r", "snapshot", "create", "vm" },
			{ "-r", "tag", "vm", "+web" },
			{ "-r", "host-setup", NULL },
		};

		for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
			assert_int_equal(parse(&cli, &err, ok[i][0], ok[i][1],
			    ok[i][2], ok[i][3], NULL), 0);
			assert_true(cli.readonly);
			cli_free(&cli);
		}
		for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
			assert_int_equal(parse(&cli, &err, no[i][0], no[i][1],
			    no[i][2], no[i][3], NULL), -1);
			assert_non_null(strstr(err, "-r (--readonly) refuses "
			    "it"));
			free(err);
			cli_free(&cli);
		}
	}

	/* a name that looks like an option, after -- */
	assert_int_equal(parse(&cli, &err, "start", "--", "-odd", NULL), 0);
	assert_string_equal(cli.name, "-odd");
	cli_free(&cli);

	static const struct {
		const char *a, *b, *msg;
	} bad[] = {
		{ "start", NULL, "vmdeck start needs the name of a VM" },
		{ "frobnicate", NULL, "unknown command 'frobnicate'" },
		{ "--bogus", NULL, "unknown or ambiguous option '--bogus'" },
		{ "-z", NULL, "unknown option '-z'" },
		{ "-c", NULL, "option -c needs URI" },
		{ "--connect", NULL, "option --connect needs URI" },
		{ "--json", NULL, "--json goes with the commands that print: list, top, hosts, addr" },
		{ "--once", NULL, "--once goes with the top command" },
		{ "-d", NULL, "option -d needs SECONDS" },
		{ "--help=x", NULL, "option --help takes no value" },
		/* --he is --help or --help-config */
		{ "--he", NULL, "unknown or ambiguous option '--he'" },
		{ "list", "extra", "unexpected argument 'extra' after list" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse(&cli, &err, bad[i].a, bad[i].b, NULL), -1);
		assert_non_null(err);
		if (strstr(err, bad[i].msg) == NULL)
			fail_msg("'%s' gave '%s'", bad[i].a, err);
		free(err);
		cli_free(&cli);
	}
	assert_int_equal(parse(&cli, &err, "top", "--once", "--json", "-d", "0.5",
	    NULL), 0);
	assert_int_equal(cli.command, CLI_TOP);
	assert_true(cli.once);
	assert_true(cli.json);
	assert_string_equal(cli.delay, "0.5");
	cli_free(&cli);

	assert_int_equal(parse(&cli, &err, "--version", NULL), 0);
	assert_true(cli.version);
	cli_free(&cli);

	/* pool, vol, net: virsh's order, each verb's words and options */
	assert_int_equal(parse(&cli, &err, "vol", "create", "default", "a.qcow2",
	    "10G", "--format", "raw", NULL), 0);
	assert_int_equal(cli.command, CLI_VOL);
	assert_string_equal(cli.verb, "create");
	assert_int_equal(cli.nargs, 3);
	assert_string_equal(cli.args[2], "10G");
	assert_string_equal(cli.format, "raw");
	cli_free(&cli);
	assert_int_equal(parse(&cli, &err, "vol", "resize", "a", "20G", "--pool",
	    "default", "--shrink", NULL), 0);
	assert_string_equal(cli.pool, "default");
	assert_true(cli.shrink);
	cli_free(&cli);
	assert_int_equal(parse(&cli, &err, "net", "leases", "default", "--json",
	    NULL), 0);
	assert_int_equal(cli.command, CLI_NET);
	assert_true(cli.json);
	cli_free(&cli);
	assert_int_equal(parse(&cli, &err, "addr", "web", "--json", NULL), 0);
	assert_int_equal(cli.command, CLI_ADDR);
	assert_string_equal(cli.name, "web");
	cli_free(&cli);
	static const struct { const char *a[6]; const char *says; } vbad[] = {
		{ { "pool", NULL }, "vmdeck pool needs one of list, info" },
		{ { "pool", "frob", NULL }, "vmdeck pool takes list, info, start, "
		    "stop, autostart, refresh, define or delete, not 'frob'" },
		{ { "pool", "start", NULL }, "vmdeck pool start needs POOL" },
		{ { "pool", "start", "a", "b", NULL }, "unexpected argument 'b' "
		    "after pool start" },
		{ { "pool", "define", "p", NULL }, "pool define needs --path DIR" },
		{ { "vol", "delete", "a", NULL }, "vol delete needs --pool POOL" },
		{ { "vol", "create", "p", "n", NULL }, "vol create needs POOL NAME "
		    "SIZE" },
		{ { "vol", "list", "p", "--shrink", NULL }, "--shrink does not go "
		    "with vol list" },
		{ { "net", "start", "n", "--json", NULL }, "--json goes with the "
		    "commands that print" },
		{ { "net", "define", "n", NULL }, "needs --subnet CIDR" },
		{ { "list", "--pool", "p", NULL }, "--pool does not go with list" },
		{ { "addr", NULL }, "vmdeck addr needs the name of a VM" },
	};
	for (size_t i = 0; i < sizeof vbad / sizeof vbad[0]; i++) {
		char *argv[8] = { (char *)"vmdeck" };
		int argc = 1;

		for (int k = 0; vbad[i].a[k] != NULL; k++)
			argv[argc++] = (char *)vbad[i].a[k];
		err = NULL;
		assert_int_equal(cli_parse(&cli, argc, argv, &err), -1);
		if (strstr(err, vbad[i].says) == NULL)
			fail_msg("'%s …' gave '%s'", vbad[i].a[0], err);
		free(err);
		cli_free(&cli);
	}
}

static void
test_evq(void **state)
{
	struct evq *q = evq_new();
	struct pollfd pfd = { .fd = evq_fd(q), .events = POLLIN };
	struct event *list;

	(void)state;
	assert_int_equal(poll(&pfd, 1, 0), 0);
	assert_null(evq_drain(q));
	for (int i = 0; i < 3; i++)
		evq_push(q, event_new(EVENT_MESSAGE, i));
	assert_int_equal(poll(&pfd, 1, 0), 1);
	list = evq_drain(q);
	/* drained: the fd is quiet again, events come oldest first */
	assert_int_equal(poll(&pfd, 1, 0), 0);
	for (int i = 0; i < 3; i++) {
		struct event *ev = list;

		assert_non_null(ev);
		assert_int_equal(ev->host, i);
		list = ev->next;
		event_free(ev);
	}
	assert_null(list);
	/* events left in the queue are freed with it */
	evq_push(q, event_new(EVENT_MESSAGE, 0));
	evq_free(q);
}

static void
test_store(void **state)
{
	const char *uris[] = { "test:///a", "test:///b" };
	struct store s;
	struct event *ev;

	(void)state;
	store_init(&s, uris, 2, 4);
	ev = event_new(EVENT_DOMAIN_LIST, 1);
	ev->list = calloc(2, sizeof *ev->list);
	ev->nlist = 2;
	make_dom(&ev->list[0], "one", DOMAIN_STATE_RUNNING, 1, 1, 1);
	make_dom(&ev->list[1], "two", DOMAIN_STATE_SHUTOFF, 1, 1, 2);
	assert_true(store_apply(&s, ev) & STORE_CHANGED_DOMAINS);
	event_free(ev);
	assert_int_equal(s.hosts[1].ndoms, 2);
	assert_true(s.hosts[1].listed);
	assert_int_equal(s.hosts[0].ndoms, 0);

	/* an update replaces by UUID, or appends */
	ev = event_new(EVENT_DOMAIN_UPDATE, 1);
	make_dom(&ev->info, "two", DOMAIN_STATE_RUNNING, 4, 1, 2);
	store_apply(&s, ev);
	event_free(ev);
	assert_int_equal(s.hosts[1].ndoms, 2);
	assert_int_equal(store_find(&s.hosts[1], s.hosts[1].doms[1].uuid)->vcpus,
	    4);
	ev = event_new(EVENT_DOMAIN_UPDATE, 1);
	make_dom(&ev->info, "three", DOMAIN_STATE_RUNNING, 1, 1, 3);
	store_apply(&s, ev);
	event_free(ev);
	assert_int_equal(s.hosts[1].ndoms, 3);

	/* removal, and removal of what is not there */
	ev = event_new(EVENT_DOMAIN_REMOVED, 1);
	snprintf(ev->info.uuid, sizeof ev->info.uuid, "%s",
	    s.hosts[1].doms[0].uuid);
	assert_true(store_apply(&s, ev) & STORE_CHANGED_DOMAINS);
	assert_int_equal(store_apply(&s, ev), 0);
	event_free(ev);
	assert_int_equal(s.hosts[1].ndoms, 2);

	/* host state with its reason; a bad host index is ignored */
	ev = event_new(EVENT_HOST_STATE, 0);
	ev->state = HOST_STATE_DISCONNECTED;
	ev->text = strdup("Could not connect to test:///a: no.");
	assert_true(store_apply(&s, ev) & STORE_CHANGED_HOSTS);
	event_free(ev);
	assert_int_equal(s.hosts[0].state, HOST_STATE_DISCONNECTED);
	assert_string_equal(s.hosts[0].reason,
	    "Could not connect to test:///a: no.");
	/* connecting, then connected again: reported as a reconnection */
	ev = event_new(EVENT_HOST_STATE, 0);
	ev->state = HOST_STATE_CONNECTING;
	assert_false(store_apply(&s, ev) & STORE_CHANGED_RECONNECTED);
	ev->state = HOST_STATE_CONNECTED;
	assert_true(store_apply(&s, ev) & STORE_CHANGED_RECONNECTED);
	assert_false(store_apply(&s, ev) & STORE_CHANGED_RECONNECTED);
	event_free(ev);
	ev = event_new(EVENT_HOST_STATE, 7);
	assert_int_equal(store_apply(&s, ev), 0);
	event_free(ev);
	assert_string_equal(store_host_state_name(HOST_STATE_CONNECTED),
	    "connected");
	store_free(&s);
}

static void
test_bindings(void **state)
{
	struct diags d = { 0 };
	char name[32];
	size_t n;
	const struct binding *b;
	const struct command *cmd;

	(void)state;
	/* the defaults parse, and every command is reachable: by a key, or
	 * (issue 15's rule) by name from the list's ':' prompt */
	commands_register();
	assert_int_equal(keymap_init(&d), 0);
	assert_int_equal(d.n, 0);
	b = keymap_bindings(&n);
	for (size_t c = 0; (cmd = keymap_command(c)) != NULL; c++) {
		bool bound = false;

		for (size_t i = 0; i < n; i++)
			bound |= b[i].cmd == cmd;
		if (!bound && !(cmd->scopes & CMD_LIST))
			fail_msg("command %s has no key", cmd->name);
	}
	assert_string_equal(keymap_lookup('q')->name, "quit");
	assert_string_equal(keymap_lookup('F')->name, "force-off");
	assert_string_equal(keymap_lookup(':')->name, "prompt");
	assert_string_equal(keymap_lookup(UI_KEY(KEY_DOWN))->name, "down");
	assert_null(keymap_lookup('Q'));
	assert_string_equal(keymap_lookup(' ')->name, "mark");

	/* key names both ways */
	assert_int_equal(keymap_key_parse("^L"), 12);
	assert_int_equal(keymap_key_parse("^]"), 29);
	assert_int_equal(keymap_key_parse("Tab"), '\t');
	assert_int_equal(keymap_key_parse("F5"), UI_KEY(KEY_F(5)));
	assert_int_equal(keymap_key_parse("Colon"), ':');
	assert_int_equal(keymap_key_parse("F13"), -1);
	assert_int_equal(keymap_key_parse("Nope"), -1);
	assert_string_equal(keymap_key_name(12, name, sizeof name), "^L");
	assert_string_equal(keymap_key_name(UI_KEY(KEY_NPAGE), name,
	    sizeof name), "PageDown");
	assert_string_equal(keymap_key_name(UI_KEY(KEY_F(1)), name,
	    sizeof name), "F1");
	/* every key name the parser knows prints back as itself */
	static const char *const names[] = { "Tab", "Enter", "Esc", "Space",
	    "Hash", "Colon", "Semicolon", "Equals", "LeftBracket",
	    "RightBracket", "Up", "PageDown", "F12", "^A", "x", "?" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		assert_string_equal(keymap_key_name(keymap_key_parse(names[i]),
		    name, sizeof name), names[i]);

	/* a user's [keys]: replaces, adds, unbinds; errors name file:line */
	assert_int_equal(keymap_parse("keys", "[keys]\n; c\n"
	    "x = quit\n"
	    "q = help\n"
	    "y = frob\n"
	    "Bogus = quit\n"
	    "x = sort\n"
	    "D = none\n", &d), -1);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.msgs[0], "keys:5: unknown command 'frob' for "
	    "key 'y'");
	assert_string_equal(d.msgs[1], "keys:6: unknown key 'Bogus' (see the "
	    "KEYS section of vmdeck(1) for key names)");
	assert_string_equal(d.msgs[2], "keys:7: key 'x' is bound twice; the "
	    "later binding wins");
	assert_string_equal(keymap_lookup('q')->name, "help");
	assert_string_equal(keymap_lookup('x')->name, "sort");
	assert_null(keymap_lookup('D'));
	assert_string_equal(keymap_lookup('j')->name, "down");
	diag_clear(&d);

	/* the key tables: the hosts pane looks at its own first, a console
	 * with the keyboard and the VNC screen only at theirs */
	assert_int_equal(keymap_init(&d), 0);
	assert_string_equal(keymap_lookup_in(CMD_HOSTS, 'r')->name, "refresh");
	assert_string_equal(keymap_lookup_in(CMD_LIST, 'r')->name, "reboot");
	assert_string_equal(keymap_lookup_in(CMD_HOSTS, 'q')->name, "quit");
	assert_string_equal(keymap_lookup_in(CMD_CONSOLE,
	    UI_KEY(KEY_F(12)))->name, "console-leave");
	assert_null(keymap_lookup_in(CMD_CONSOLE, 'q'));
	assert_string_equal(keymap_lookup_in(CMD_VNC, 29)->name, "vnc-menu");
	assert_string_equal(keymap_keys_for(CMD_CONSOLE, "console-leave", name,
	    sizeof name), "^] or F12");
	assert_string_equal(keymap_key_for(CMD_LIST, "start", name,
	    sizeof name), "u");
	assert_string_equal(keymap_key_for(CMD_LIST, "restore", name,
	    sizeof name), ":restore");
	/* another escape key moves ^] in both tables (as ui.c does) */
	assert_int_equal(keymap_set(KEYMAP_CONSOLE, 29, NULL), 0);
	assert_int_equal(keymap_set(KEYMAP_CONSOLE, 1, "console-leave"), 0);
	assert_null(keymap_lookup_in(CMD_CONSOLE, 29));
	assert_string_equal(keymap_lookup_in(CMD_CONSOLE, 1)->name,
	    "console-leave");
	assert_string_equal(keymap_keys_for(CMD_CONSOLE, "console-leave", name,
	    sizeof name), "F12 or ^A");
	assert_int_equal(keymap_set(KEYMAP_CONSOLE, 1, "no-such"), -1);
	diag_clear(&d);
	keymap_reset();
}

static void
test_msglog(void **state)
{
	struct msglog_entry e;

	(void)state;
	msglog_clear();
	for (int i = 0; i < MSGLOG_MAX + 5; i++)
		msglog_add(MSGLOG_INFO, "message %d", i);
	assert_int_equal(msglog_count(), MSGLOG_MAX);
	assert_int_equal(msglog_get(0, &e), 0);
	assert_string_equal(e.text, "message 5");	/* oldest kept */
	free(e.text);
	assert_int_equal(msglog_get(MSGLOG_MAX, &e), -1);
	msglog_clear();
	assert_int_equal(msglog_count(), 0);
}

/* The man page names every option, subcommand and default key. */
static void
test_man_page_complete(void **state)
{
	FILE *f = fopen("man/vmdeck.1", "r");
	char *man = calloc(1, 1 << 17);
	size_t n, nb;
	const struct binding *b;
	char *err = NULL;

	(void)state;
	assert_non_null(f);
	n = fread(man, 1, (1 << 17) - 1, f);
	fclose(f);
	assert_true(n > 0);
	for (size_t i = 0; cli_long_option(i) != NULL; i++) {
		char want[64];

		snprintf(want, sizeof want, "Fl Fl %s", cli_long_option(i));
		if (strstr(man, want) == NULL)
			fail_msg("man page lacks option --%s", cli_long_option(i));
	}
	for (size_t i = 0; cli_subcommand(i) != NULL; i++) {
		char want[64];

		snprintf(want, sizeof want, "Cm %s", cli_subcommand(i));
		if (strstr(man, want) == NULL)
			fail_msg("man page lacks command %s", cli_subcommand(i));
	}
	for (size_t i = 0; cli_verb_row(i) != NULL; i++) {
		const struct cli_verb *v = cli_verb_row(i);
		char want[64];

		snprintf(want, sizeof want, "Cm %s %s", v->command == CLI_POOL ?
		    "pool" : v->command == CLI_VOL ? "vol" : "net", v->word);
		if (strstr(man, want) == NULL)
			fail_msg("man page lacks command %s", want + 3);
	}
	struct diags dd = { 0 };
	commands_register();
	assert_int_equal(keymap_init(&dd), 0);
	diag_clear(&dd);
	(void)err;
	b = keymap_bindings(&nb);
	for (size_t i = 0; i < nb; i++) {
		char name[32], want[64];

		keymap_key_name(b[i].key, name, sizeof name);
		/* mdoc escapes a lone ? as \&? */
		snprintf(want, sizeof want, "Ic %s%s", strcmp(name, "?") == 0 ?
		    "\\&" : "", name);
		char lit[64];
		snprintf(lit, sizeof lit, "Li %s ", name);
		if (strstr(man, want) == NULL && strstr(man, lit) == NULL)
			fail_msg("man page lacks key %s (%s)", name,
			    b[i].cmd->name);
	}
	for (size_t i = 0; config_option(i) != NULL; i++) {
		char want[64];

		snprintf(want, sizeof want, "It Cm %s", config_option(i)->name);
		if (strstr(man, want) == NULL)
			fail_msg("man page lacks setting %s",
			    config_option(i)->name);
	}
	/* every command by name (the TUI's word and the action's name), and
	 * every command is reachable: bound where its scope looks, or from
	 * the list's ':' prompt */
	const struct command *cmd;
	for (size_t i = 0; (cmd = keymap_command(i)) != NULL; i++) {
		const char *names[] = { cmd->name, cmd->alias };

		for (size_t k = 0; k < 2; k++) {
			char want[64];

			if (names[k] == NULL)
				continue;
			snprintf(want, sizeof want, "Cm %s", names[k]);
			if (strstr(man, want) == NULL)
				fail_msg("man page lacks command %s", names[k]);
		}
		bool bound = false;
		for (size_t k = 0; k < nb; k++)
			bound |= b[k].cmd == cmd;
		if (!bound && !(cmd->scopes & (CMD_LIST | CMD_HOSTS)))
			fail_msg("command %s has no key in its scope and no ':'",
			    cmd->name);
	}
	/* every VM action by its name, a subcommand or not */
	for (int a = 0; a < DOMAIN_ACTION_COUNT; a++) {
		char want[64];

		snprintf(want, sizeof want, "Cm %s",
		    domain_action_row((enum domain_action)a)->name);
		if (strstr(man, want) == NULL)
			fail_msg("man page lacks action %s", want + 3);
	}
	keymap_reset();
	free(man);
}

static void
test_console_escape(void **state)
{
	(void)state;
	assert_int_equal(console_escape_byte("^]"), 29);
	assert_int_equal(console_escape_byte("^a"), 1);
	assert_int_equal(console_escape_byte("^@"), 0);
	assert_int_equal(console_escape_byte("F12"), -1);
	assert_int_equal(console_escape_byte("^"), -1);
	assert_int_equal(console_escape_byte("^1"), -1);
	assert_int_equal(console_escape_byte(NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_kib),
		cmocka_unit_test(test_fmt_json_str),
		cmocka_unit_test(test_fmt_width),
		cmocka_unit_test(test_fmt_wrap),
		cmocka_unit_test(test_fmt_sanitize),
		cmocka_unit_test(test_fmt_ascii),
		cmocka_unit_test(test_domain_states),
		cmocka_unit_test(test_domain_actions),
		cmocka_unit_test(test_domlist_sort_filter),
		cmocka_unit_test(test_filter_expressions),
		cmocka_unit_test(test_cli),
		cmocka_unit_test(test_evq),
		cmocka_unit_test(test_store),
		cmocka_unit_test(test_bindings),
		cmocka_unit_test(test_msglog),
		cmocka_unit_test(test_man_page_complete),
		cmocka_unit_test(test_console_escape),
	};

	return cmocka_run_group_tests_name("unit", tests, NULL, NULL);
}
