/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* The result table of an action on many VMs: rows grouped by host in the
 * order marked, outcomes that stay once set, the tally and summary, the
 * question naming every VM by host (10,000 of them too), and the command
 * line's names, --filter and tag --filter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/cmd/cli.h"
#include "../../src/core/bulk.h"

static void
test_bulk_table(void **state)
{
	struct bulk *b = bulk_new("shut down");
	struct bulk_row r;
	struct bulk_tally t;
	char *s;

	(void)state;
	bulk_add(b, 2, "kvm2", "u1", "a", 1);
	bulk_add(b, 0, "kvm0", "u2", "b", 1);
	bulk_add(b, 2, "kvm2", "u3", "c", 1);
	bulk_add(b, 0, "kvm0", "u4", "d", 1);
	bulk_group(b);
	assert_int_equal(bulk_count(b), 4);
	assert_int_equal(bulk_hosts(b), 2);
	/* hosts in the order they first came; rows in order within one */
	const char *want[] = { "a", "c", "b", "d" };
	for (size_t i = 0; i < 4; i++) {
		bulk_row_get(b, i, &r);
		assert_string_equal(r.name, want[i]);
		assert_int_equal(r.state, BULK_WAITING);
		assert_null(r.msg);
		bulk_row_clear(&r);
	}
	assert_int_equal(bulk_row_host(b, 0), 2);
	assert_int_equal(bulk_row_host(b, 3), 0);
	assert_int_equal(bulk_row_host(b, 9), -1);
	s = bulk_question(b, "shut down");
	assert_string_equal(s, "Shut down 4 VMs on 2 hosts?\nkvm2 (2): a, c\n"
	    "kvm0 (2): b, d");
	free(s);

	bulk_set(b, 0, BULK_RUNNING, NULL);
	bulk_set(b, 0, BULK_OK, "Asked VM 'a' to shut down.");
	bulk_set(b, 1, BULK_FAILED, "Could not shut down VM 'c': not running");
	/* done stays done: a late "running" does not undo it */
	bulk_set(b, 1, BULK_RUNNING, "late");
	bulk_set(b, 2, BULK_RUNNING, NULL);
	bulk_set(b, 7, BULK_OK, "past the end: ignored");
	bulk_row_get(b, 1, &r);
	assert_int_equal(r.state, BULK_FAILED);
	assert_string_equal(r.msg, "Could not shut down VM 'c': not running");
	bulk_row_clear(&r);
	t = bulk_tally(b);
	assert_int_equal(t.ok, 1);
	assert_int_equal(t.failed, 1);
	assert_int_equal(t.running, 1);
	assert_int_equal(t.waiting, 1);
	s = bulk_summary(b);
	assert_string_equal(s, "4 VMs: 1 done, 1 failed, 1 running, 1 waiting");
	free(s);
	assert_string_equal(bulk_what(b), "shut down");
	assert_string_equal(bulk_state_name(BULK_FAILED), "failed");
	/* a reference held elsewhere (a job) keeps it */
	bulk_ref(b);
	bulk_unref(b);
	bulk_row_get(b, 3, &r);
	assert_string_equal(r.host_label, "kvm0");
	bulk_row_clear(&r);
	bulk_unref(b);
	bulk_unref(NULL);
}

/* 10,000 marked VMs on 100 hosts: one question, every VM in it. */
static void
test_bulk_many(void **state)
{
	struct bulk *b = bulk_new("start");
	char name[32], host[32], *q;
	size_t lines = 0;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		snprintf(name, sizeof name, "vm%05d", i);
		snprintf(host, sizeof host, "kvm%02d", i % 100);
		bulk_add(b, i % 100, host, "", name, 0);
	}
	bulk_group(b);
	assert_int_equal(bulk_hosts(b), 100);
	q = bulk_question(b, "start");
	assert_true(strncmp(q, "Start 10000 VMs on 100 hosts?\nkvm00 (100): "
	    "vm00000, vm00100,", 48) == 0);
	for (const char *p = q; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_int_equal(lines, 100);
	assert_non_null(strstr(q, "vm09999"));
	free(q);
	bulk_unref(b);
}

static void
test_bulk_cli(void **state)
{
	struct cli cli;
	char *err = NULL;
	char *a1[] = { (char *)"vmdeck", (char *)"shutdown", (char *)"web1", (char *)"web2", (char *)"-H", (char *)"kvm1", (char *)"-H",
	    (char *)"kvm2", (char *)"--json", NULL };
	char *a2[] = { (char *)"vmdeck", (char *)"start", (char *)"--filter", (char *)"tag=web state=off",
	    NULL };
	char *a3[] = { (char *)"vmdeck", (char *)"tag", (char *)"+web", (char *)"--filter", (char *)"name:db*", (char *)"-old",
	    NULL };
	char *a4[] = { (char *)"vmdeck", (char *)"tag", (char *)"--filter", (char *)"x", NULL };
	char *a5[] = { (char *)"vmdeck", (char *)"clone", (char *)"a", (char *)"--filter", (char *)"x", (char *)"-n", (char *)"b",
	    NULL };
	char *a6[] = { (char *)"vmdeck", (char *)"start", NULL };

	(void)state;
	assert_int_equal(cli_parse(&cli, 9, a1, &err), 0);
	assert_int_equal(cli.nnames, 2);
	assert_string_equal(cli.names[1], "web2");
	assert_int_equal(cli.nhosts, 2);
	assert_true(cli_bulk(&cli));
	assert_false(cli_one_host(&cli));
	cli_free(&cli);
	assert_int_equal(cli_parse(&cli, 4, a2, &err), 0);
	assert_null(cli.name);
	assert_string_equal(cli.filter, "tag=web state=off");
	assert_true(cli_bulk(&cli));
	cli_free(&cli);
	/* tag --filter: every word a change, the first one too */
	assert_int_equal(cli_parse(&cli, 6, a3, &err), 0);
	assert_null(cli.name);
	assert_int_equal(cli.nwords, 2);
	assert_string_equal(cli.words[0], "+web");
	assert_string_equal(cli.words[1], "-old");
	cli_free(&cli);
	assert_int_equal(cli_parse(&cli, 4, a4, &err), -1);
	assert_non_null(strstr(err, "needs the changes"));
	free(err);
	cli_free(&cli);
	assert_int_equal(cli_parse(&cli, 7, a5, &err), -1);
	assert_non_null(strstr(err, "--filter goes with the VM actions"));
	free(err);
	cli_free(&cli);
	assert_int_equal(cli_parse(&cli, 2, a6, &err), -1);
	assert_non_null(strstr(err, "needs the name of a VM"));
	free(err);
	cli_free(&cli);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bulk_table),
		cmocka_unit_test(test_bulk_many),
		cmocka_unit_test(test_bulk_cli),
	};

	return cmocka_run_group_tests_name("bulk", tests, NULL, NULL);
}
