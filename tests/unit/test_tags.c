/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* Tags: which words are tags, the metadata element and back (XML's
 * special characters and UTF-8 kept), "+web -old" edits, and what another
 * client may have written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/core/tags.h"

static void
test_tags_valid(void **state)
{
	const char *why;

	(void)state;
	assert_true(tags_valid("web", &why));
	assert_true(tags_valid("a&b<c>'\"", &why));
	assert_true(tags_valid("étage-2", &why));
	assert_false(tags_valid("", &why));
	assert_string_equal(why, "it is empty");
	assert_false(tags_valid("two words", &why));
	assert_false(tags_valid("tab\there", &why));
	assert_false(tags_valid("a,b", &why));
	assert_string_equal(why, "it holds a ','");
	assert_false(tags_valid("\xff\xfe", &why));
	assert_string_equal(why, "it is not UTF-8");
	char longer[66];
	memset(longer, 'x', 65);
	longer[65] = '\0';
	assert_false(tags_valid(longer, &why));
	longer[64] = '\0';
	assert_true(tags_valid(longer, &why));
}

static void
test_tags_round_trip(void **state)
{
	struct tags s = { 0 }, back;
	const char *words[] = { "+web", "a&b<c>", "+étage", "db", "+web" };
	char *err = NULL, *xml, *list;

	(void)state;
	assert_int_equal(tags_edit(&s, words, 5, &err), 0);
	assert_int_equal(s.n, 4);		/* web once */
	list = tags_join(&s);
	assert_string_equal(list, "a&b<c>,db,web,étage");
	free(list);
	xml = tags_xml(&s);
	assert_non_null(strstr(xml, "<tag>a&amp;b&lt;c&gt;</tag>"));
	assert_int_equal(tags_parse(xml, &back, &err), 0);
	assert_int_equal(back.n, 4);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(back.t[i], s.t[i]);
	free(xml);
	tags_clear(&back);
	/* removing, and a bad word leaves the set as it was */
	const char *more[] = { "-db", "-absent" };
	assert_int_equal(tags_edit(&s, more, 2, &err), 0);
	assert_false(tags_has(&s, "db"));
	assert_true(tags_has(&s, "web"));
	const char *bad[] = { "+ok", "+not ok" };
	assert_int_equal(tags_edit(&s, bad, 2, &err), -1);
	assert_string_equal(err, "'+not ok' is not a tag: it holds a space or "
	    "a control character.");
	free(err);
	assert_false(tags_has(&s, "ok"));
	tags_clear(&s);
	list = tags_join(&s);
	assert_string_equal(list, "");
	free(list);
}

static void
test_tags_parse_others(void **state)
{
	struct tags s;
	char *err = NULL;

	(void)state;
	/* nothing, then what another client wrote: bad tags left out */
	assert_int_equal(tags_parse(NULL, &s, &err), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(tags_parse("<tags xmlns='urn:vmdeck:tags:1'><tag>b"
	    "</tag><tag></tag><tag>x y</tag><other/><tag>a</tag><tag>b</tag>"
	    "</tags>", &s, &err), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.t[0], "a");
	assert_string_equal(s.t[1], "b");
	tags_clear(&s);
	assert_int_equal(tags_parse("<labels/>", &s, &err), -1);
	assert_non_null(strstr(err, "not a <tags> element"));
	free(err);
	err = NULL;
	assert_int_equal(tags_parse("<tags", &s, &err), -1);
	free(err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags_valid),
		cmocka_unit_test(test_tags_round_trip),
		cmocka_unit_test(test_tags_parse_others),
	};

	return cmocka_run_group_tests_name("tags", tests, NULL, NULL);
}
