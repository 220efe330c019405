/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* Migration arithmetic: the options as libvirt's flags, and the
 * progress bar that goes back only with its reason (a new memory pass,
 * a total that grew), the time left and the figures' line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/vm/migrate.h"

#define MIB (1024ull * 1024)

static void
test_migrate_flags(void **state)
{
	struct migrate_opts o = { .live = true, .persistent = true };

	(void)state;
	assert_int_equal(migrate_flags(&o), VIR_MIGRATE_LIVE |
	    VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_ABORT_ON_ERROR);
	o.copy_storage = true;
	o.p2p = true;
	o.tunnelled = true;
	o.undefine_source = true;
	o.auto_converge = o.compressed = o.postcopy = true;
	unsigned long f = migrate_flags(&o);
	assert_true(f & VIR_MIGRATE_NON_SHARED_DISK);
	assert_false(f & VIR_MIGRATE_NON_SHARED_INC);
	assert_true(f & VIR_MIGRATE_PEER2PEER);
	assert_true(f & VIR_MIGRATE_TUNNELLED);
	assert_true(f & VIR_MIGRATE_UNDEFINE_SOURCE);
	assert_true(f & VIR_MIGRATE_AUTO_CONVERGE);
	assert_true(f & VIR_MIGRATE_COMPRESSED);
	assert_true(f & VIR_MIGRATE_POSTCOPY);
	o.copy_inc = true;
	f = migrate_flags(&o);
	assert_true(f & VIR_MIGRATE_NON_SHARED_INC);
	assert_false(f & VIR_MIGRATE_NON_SHARED_DISK);
	/* tunnelled only with p2p */
	o.p2p = false;
	assert_false(migrate_flags(&o) & VIR_MIGRATE_TUNNELLED);
	/* offline: the definition, persistent, nothing live */
	struct migrate_opts off = { .offline = true, .copy_storage = true,
	    .postcopy = true };
	f = migrate_flags(&off);
	assert_true(f & VIR_MIGRATE_OFFLINE);
	assert_true(f & VIR_MIGRATE_PERSIST_DEST);
	assert_false(f & (VIR_MIGRATE_LIVE | VIR_MIGRATE_NON_SHARED_DISK |
	    VIR_MIGRATE_POSTCOPY));
}

static void
test_migrate_progress(void **state)
{
	struct migrate_progress p = { 0 };
	struct migrate_stats s = { .active = true, .data_total = 1024 * MIB,
	    .data_remaining = 1024 * MIB, .iteration = 1, .mem_bps = 100 * MIB,
	    .downtime_ms = -1 };
	char *line;

	(void)state;
	migrate_progress_update(&p, &s);
	assert_true(p.percent < 0.01);
	s.data_remaining = 512 * MIB;
	migrate_progress_update(&p, &s);
	assert_int_equal((int)p.percent, 50);
	assert_true(p.has_eta);
	assert_int_equal(p.eta_s, 6);	/* 512 MiB at 100 MiB/s, rounded up */
	/* a figure read out of order in the same pass: the bar holds */
	s.data_remaining = 700 * MIB;
	migrate_progress_update(&p, &s);
	assert_int_equal((int)p.percent, 50);
	assert_string_equal(p.note, "");
	s.data_remaining = 24 * MIB;
	migrate_progress_update(&p, &s);
	assert_int_equal((int)(p.percent + 0.5), 98);
	/* pass 2: the guest wrote again: back, and said so */
	s.iteration = 2;
	s.data_remaining = 256 * MIB;
	s.dirty_rate = 1200;
	s.downtime_ms = 30;
	migrate_progress_update(&p, &s);
	assert_int_equal((int)p.percent, 75);
	assert_non_null(strstr(p.note, "pass 2 began"));
	assert_non_null(strstr(p.note, "256 MiB left"));
	line = migrate_progress_line(&p, &s);
	assert_non_null(strstr(line, "75% · 768 MiB of 1 GiB · 256 MiB left"));
	assert_non_null(strstr(line, "pass 2"));
	assert_non_null(strstr(line, "dirty 1200 pages/s"));
	assert_non_null(strstr(line, "downtime 30 ms"));
	assert_non_null(strstr(line, "about 3 s left"));
	free(line);
	/* the total grew (disks found more to send): back, said */
	s.data_total = 2048 * MIB;
	s.data_remaining = 1536 * MIB;
	migrate_progress_update(&p, &s);
	assert_int_equal((int)p.percent, 25);
	assert_non_null(strstr(p.note, "more to send"));
	/* done: no time left to tell */
	s.data_remaining = 0;
	migrate_progress_update(&p, &s);
	assert_int_equal((int)p.percent, 100);
	assert_false(p.has_eta);
	/* no figures at all: 0 %, no division by zero */
	struct migrate_progress q = { 0 };
	struct migrate_stats z = { .downtime_ms = -1 };
	migrate_progress_update(&q, &z);
	assert_true(q.percent == 0);
	line = migrate_progress_line(&q, &z);
	assert_non_null(strstr(line, "0%"));
	free(line);
}

static void
test_migrate_checks_sentence(void **state)
{
	struct migrate_check c[3] = {
		{ (char *)"a", true, true, NULL },
		{ (char *)"b", false, true, (char *)"kvm2 has no network 'lan'" },
		{ (char *)"c", true, false, (char *)"not compared" },
	};
	struct migrate_checks cs = { c, 3 };
	char *s;

	(void)state;
	s = migrate_checks_failed(&cs);
	assert_string_equal(s, "kvm2 has no network 'lan'");
	free(s);
	cs.n = 1;
	assert_null(migrate_checks_failed(&cs));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_flags),
		cmocka_unit_test(test_migrate_progress),
		cmocka_unit_test(test_migrate_checks_sentence),
	};

	return cmocka_run_group_tests_name("migrate", tests, NULL, NULL);
}
