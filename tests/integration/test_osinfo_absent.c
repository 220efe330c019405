/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * A machine without libosinfo (a library name that cannot be loaded, set
 * before the first lookup: a process of its own): the lookup says what
 * to install, any-os refuses with that reason, and a template with its
 * own values is made from them, the note saying why.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/core/virterr.h"
#include "../../src/create/create.h"
#include "../../src/create/osinfo.h"
#include "../../src/create/template.h"
#include "../../src/util/diag.h"
#include "../common/testutil.h"

static void
test_osinfo_absent(void **state)
{
	virConnectPtr conn = virConnectOpen("test:///default");
	struct create_opts o = { .start = false };
	struct create_result r = { 0 };
	struct template_set set;
	struct diags d = { 0 };
	struct osinfo_os os;
	struct vmspec s;
	char *dir = testutil_tmpdir(), *err = NULL;
	char *iso = testutil_iso(dir, "x.iso");
	const char *why;

	(void)state;
	virterr_install();
	osinfo_set_library("libosinfo-vmdeck-absent.so.0");
	assert_int_equal(osinfo_find("win11", &os, &err), -1);
	assert_non_null(strstr(err, "libosinfo is not installed"));
	assert_non_null(strstr(err, "apt-get install libosinfo-1.0-0 "
	    "osinfo-db"));
	free(err);
	err = NULL;
	assert_non_null(conn);
	template_set_load(&set, NULL, &d);
	/* any-os cannot do without it */
	vmspec_copy(&s, &template_set_find(&set, "any-os")->spec);
	assert_int_equal(vmspec_set_arg(&s, "name=a1", &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "variant=win11", &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "disk.pool=default-pool", &why), 0);
	assert_int_equal(vmspec_set(&s, "disk2", "image", iso, &why), 0);
	assert_int_equal(create_plan(conn, &s, &o, &r, &err), -1);
	assert_non_null(strstr(err, "libosinfo is not installed"));
	assert_non_null(strstr(err, "this template takes its sizes from "
	    "osinfo-db"));
	free(err);
	err = NULL;
	create_result_clear(&r);
	vmspec_free(&s);
	/* windows-11 has its own: made from them, and said */
	vmspec_copy(&s, &template_set_find(&set, "windows-11")->spec);
	assert_int_equal(vmspec_set_arg(&s, "name=w1", &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "disk.pool=default-pool", &why), 0);
	assert_int_equal(vmspec_set(&s, "disk2", "image", iso, &why), 0);
	assert_int_equal(create_plan(conn, &s, &o, &r, &err), 0);
	assert_non_null(strstr(r.note, "osinfo: libosinfo is not installed"));
	assert_non_null(strstr(r.note, "the template's own values stand."));
	assert_non_null(strstr(r.xml, "<currentMemory unit=\"KiB\">8388608<"));
	assert_null(strstr(r.xml, "libosinfo"));
	create_result_clear(&r);
	vmspec_free(&s);
	template_set_free(&set);
	free(iso);
	testutil_rmtree(dir);
	free(dir);
	virConnectClose(conn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_osinfo_absent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
