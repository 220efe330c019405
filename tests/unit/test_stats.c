/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * Unit tests of the live figures: rates from counters, the history rings,
 * graphs drawn to text, the UUID map and per-host VM stats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>

#include "../../src/stats/history.h"
#include "../../src/stats/stats.h"
#include "../../src/stats/vmstats.h"
#include "../../src/util/graph.h"
#include "../../src/util/uuidmap.h"

static struct stats_raw
raw_at(int64_t ms, uint64_t cpu_ns)
{
	struct stats_raw r;

	memset(&r, 0, sizeof r);
	r.when_ms = ms;
	stats_raw_add(&r, "cpu.time", cpu_ns);
	return r;
}

static void
test_raw_fields(void **state)
{
	struct stats_raw r;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_true(stats_raw_add(&r, "cpu.time", 5));
	assert_true(stats_raw_add(&r, "vcpu.current", 2));
	assert_true(stats_raw_add(&r, "block.0.rd.bytes", 100));
	assert_true(stats_raw_add(&r, "block.1.rd.bytes", 50));
	assert_true(stats_raw_add(&r, "block.12.wr.bytes", 7));
	assert_false(stats_raw_add(&r, "block.0.rd.reqs", 3));
	assert_false(stats_raw_add(&r, "block.count", 2));
	assert_false(stats_raw_add(&r, "blockx.0.rd.bytes", 2));
	assert_true(stats_raw_add(&r, "net.0.rx.bytes", 10));
	assert_true(stats_raw_add(&r, "net.1.tx.bytes", 20));
	assert_true(stats_raw_add(&r, "balloon.available", 1000));
	assert_false(r.have & STATS_HAVE_GUEST_MEM);
	assert_true(stats_raw_add(&r, "balloon.unused", 400));
	assert_false(stats_raw_add(&r, "vcpu.0.time", 1));
	assert_int_equal(r.rd_bytes, 150);
	assert_int_equal(r.wr_bytes, 7);
	assert_int_equal(r.rx_bytes, 10);
	assert_int_equal(r.tx_bytes, 20);
	assert_int_equal(r.have, STATS_HAVE_CPU | STATS_HAVE_VCPUS |
	    STATS_HAVE_BLOCK | STATS_HAVE_NET | STATS_HAVE_GUEST_MEM);
}

static void
test_rates(void **state)
{
	struct stats_raw a = raw_at(0, 1000000000ULL);
	struct stats_raw b = raw_at(1000, 1500000000ULL);
	float p[STATS_METRIC_COUNT];

	(void)state;
	/* first sample: nothing to divide by */
	stats_point(NULL, &a, 2, 0, p);
	assert_true(isnan(p[STATS_CPU]));
	assert_true(isnan(p[STATS_DISK_RD]));
	/* normal: 0.5 s of CPU in 1 s over 2 vCPUs */
	stats_point(&a, &b, 2, 0, p);
	assert_float_equal(p[STATS_CPU], 25.0, 0.001);
	/* missing fields stay missing, never 0 */
	assert_true(isnan(p[STATS_DISK_RD]));
	assert_true(isnan(p[STATS_NET_TX]));
	assert_true(isnan(p[STATS_MEM_USED]));
	assert_true(isnan(p[STATS_MEM_ASSIGNED]));
	/* assigned memory from the domain when the sample has none */
	stats_point(&a, &b, 2, 2048, p);
	assert_float_equal(p[STATS_MEM_ASSIGNED], 2048, 0.001);
	/* vCPUs from the sample win over the fallback */
	stats_raw_add(&b, "vcpu.current", 1);
	stats_point(&a, &b, 2, 0, p);
	assert_float_equal(p[STATS_CPU], 50.0, 0.001);
	/* interval jitter: the real elapsed time counts */
	b.when_ms = 1250;
	stats_point(&a, &b, 1, 0, p);
	assert_float_equal(p[STATS_CPU], 40.0, 0.001);
	/* a counter that went backwards (restart) resets, no spike */
	struct stats_raw c = raw_at(2000, 1000);
	stats_point(&b, &c, 1, 0, p);
	assert_true(isnan(p[STATS_CPU]));
	/* no time passed */
	struct stats_raw d = raw_at(1250, 1600000000ULL);
	stats_point(&b, &d, 1, 0, p);
	assert_true(isnan(p[STATS_CPU]));
	/* clamped at 100 */
	struct stats_raw e = raw_at(2250, 9000000000ULL);
	stats_point(&b, &e, 1, 0, p);
	assert_float_equal(p[STATS_CPU], 100.0, 0.001);

	/* byte rates and memory */
	struct stats_raw x, y;
	memset(&x, 0, sizeof x);
	memset(&y, 0, sizeof y);
	y.when_ms = 2000;
	stats_raw_add(&x, "block.0.rd.bytes", 1000);
	stats_raw_add(&y, "block.0.rd.bytes", 5000);
	stats_raw_add(&x, "block.0.wr.bytes", 0);
	stats_raw_add(&y, "block.0.wr.bytes", 0);
	stats_raw_add(&y, "balloon.current", 4096);
	stats_raw_add(&y, "balloon.rss", 3000);
	stats_point(&x, &y, 1, 0, p);
	assert_float_equal(p[STATS_DISK_RD], 2000, 0.001);
	assert_float_equal(p[STATS_DISK_WR], 0, 0.001);
	assert_float_equal(p[STATS_MEM_USED], 3000, 0.001);
	assert_float_equal(p[STATS_MEM_ASSIGNED], 4096, 0.001);
	/* QEMU's resident size counts QEMU too ("226M/128M"): never shown
	 * above the guest's memory */
	{
		struct stats_raw z;

		memset(&z, 0, sizeof z);
		z.when_ms = 2000;
		stats_raw_add(&z, "balloon.rss", 226 * 1024);
		stats_point(NULL, &z, 1, 128 * 1024, p);
		assert_float_equal(p[STATS_MEM_USED], 128 * 1024, 0.001);
		assert_float_equal(p[STATS_MEM_ASSIGNED], 128 * 1024, 0.001);
	}
	/* the guest's own view wins over the host's RSS */
	stats_raw_add(&y, "balloon.available", 4000);
	stats_raw_add(&y, "balloon.unused", 2500);
	stats_point(&x, &y, 1, 0, p);
	assert_float_equal(p[STATS_MEM_USED], 1500, 0.001);
}

/* A VM that is not running shows no live figure, whatever its last
 * sample; the host's-view flag follows the sample's fields. */
static void
test_figures_of_stopped_vm(void **state)
{
	struct vmstat st;

	(void)state;
	memset(&st, 0, sizeof st);
	for (int m = 0; m < STATS_METRIC_COUNT; m++)
		st.now[m] = 42;
	assert_float_equal(vmstats_figure(&st, STATS_CPU, true), 42, 0);
	assert_true(isnan(vmstats_figure(&st, STATS_CPU, false)));
	assert_true(isnan(vmstats_figure(&st, STATS_MEM_USED, false)));
	assert_true(isnan(vmstats_figure(&st, STATS_NET_RX, false)));
	assert_float_equal(vmstats_figure(&st, STATS_MEM_ASSIGNED, false), 42,
	    0);
	assert_true(isnan(vmstats_figure(NULL, STATS_CPU, true)));
	st.has_prev = true;
	stats_raw_add(&st.prev, "balloon.rss", 1000);
	assert_true(vmstats_mem_is_host_view(&st));
	stats_raw_add(&st.prev, "balloon.available", 4000);
	stats_raw_add(&st.prev, "balloon.unused", 2500);
	assert_false(vmstats_mem_is_host_view(&st));
}

static void
test_node_cpu(void **state)
{
	struct stats_node a = { .have_cpu = true, .busy_ns = 100,
	    .total_ns = 1000 };
	struct stats_node b = { .have_cpu = true, .busy_ns = 400,
	    .total_ns = 2000 };

	(void)state;
	assert_float_equal(stats_node_cpu(&a, &b), 30.0, 0.001);
	assert_true(isnan(stats_node_cpu(NULL, &b)));
	assert_true(isnan(stats_node_cpu(&b, &a)));
}

static void
test_format(void **state)
{
	char b[32];

	(void)state;
	assert_float_equal(stats_sum(1, 2), 3, 0);
	assert_float_equal(stats_sum(NAN, 2), 2, 0);
	assert_float_equal(stats_sum(1, NAN), 1, 0);
	assert_true(isnan(stats_sum(NAN, NAN)));
	assert_string_equal(stats_format(b, sizeof b, STATS_CPU, NAN, false),
	    "–");
	assert_string_equal(stats_format(b, sizeof b, STATS_CPU, NAN, true),
	    "-");
	assert_string_equal(stats_format(b, sizeof b, STATS_CPU, 12.4f, false),
	    "12%");
	assert_string_equal(stats_format_kib(b, sizeof b, 512 * 1024), "512M");
	assert_string_equal(stats_format_kib(b, sizeof b, 1536 * 1024), "1.5G");
	assert_string_equal(stats_format_kib(b, sizeof b, 8 * 1048576.0), "8.0G");
	assert_string_equal(stats_format_kib(b, sizeof b, 200 * 1048576.0),
	    "200G");
	assert_string_equal(stats_format_rate(b, sizeof b, 0), "0");
	assert_string_equal(stats_format_rate(b, sizeof b, 999), "999");
	assert_string_equal(stats_format_rate(b, sizeof b, 1500), "1.5K");
	assert_string_equal(stats_format_rate(b, sizeof b, 3.5e6), "3.3M");
}

static void
test_bf16(void **state)
{
	(void)state;
	assert_true(isnan(history_from_bf16(history_to_bf16(NAN))));
	assert_float_equal(history_from_bf16(history_to_bf16(0)), 0, 0);
	assert_float_equal(history_from_bf16(history_to_bf16(100)), 100, 0);
	/* 8 bits of precision: within 0.4 % */
	for (float f = 0.37f; f < 1e9f; f *= 3.1f) {
		float g = history_from_bf16(history_to_bf16(f));
		assert_true(fabsf(g - f) <= f * 0.004f);
	}
}

static void
push_cpu(struct history *h, float cpu)
{
	float v[STATS_METRIC_COUNT];

	for (int m = 0; m < STATS_METRIC_COUNT; m++)
		v[m] = NAN;
	v[STATS_CPU] = cpu;
	history_push(h, v);
}

static void
test_history(void **state)
{
	struct history *h = history_new(4);
	float out[200];
	size_t n;

	(void)state;
	assert_int_equal(history_capacity(h, HISTORY_LEVEL_FINE), HISTORY_FINE);
	assert_int_equal(history_capacity(h, HISTORY_LEVEL_COARSE), 4);
	assert_int_equal(history_window(h, HISTORY_LEVEL_FINE, STATS_CPU, out,
	    10), 0);
	for (int i = 1; i <= 3; i++)
		push_cpu(h, (float)i);
	n = history_window(h, HISTORY_LEVEL_FINE, STATS_CPU, out, 10);
	assert_int_equal(n, 3);
	assert_float_equal(out[0], 1, 0);
	assert_float_equal(out[2], 3, 0);
	/* wrap: after 70 samples the fine ring holds the last 60, in order */
	for (int i = 4; i <= 70; i++)
		push_cpu(h, (float)i);
	n = history_window(h, HISTORY_LEVEL_FINE, STATS_CPU, out, 200);
	assert_int_equal(n, HISTORY_FINE);
	assert_float_equal(out[0], 11, 0);
	assert_float_equal(out[59], 70, 0);
	/* a window asks for the newest */
	n = history_window(h, HISTORY_LEVEL_FINE, STATS_CPU, out, 5);
	assert_int_equal(n, 5);
	assert_float_equal(out[0], 66, 0);
	/* medium: averages of 5 samples: 1..5 → 3, …, 66..70 → 68 */
	n = history_window(h, HISTORY_LEVEL_MEDIUM, STATS_CPU, out, 200);
	assert_int_equal(n, 14);
	assert_float_equal(out[0], 3, 0);
	assert_float_equal(out[13], 68, 0);
	/* coarse: averages of 6 medium points (30 samples): 15.5, 45.5 */
	n = history_window(h, HISTORY_LEVEL_COARSE, STATS_CPU, out, 200);
	assert_int_equal(n, 2);
	assert_float_equal(out[0], 15.5, 0.1);
	assert_float_equal(out[1], 45.5, 0.2);
	/* gaps stay gaps and are left out of averages */
	n = history_window(h, HISTORY_LEVEL_FINE, STATS_NET_RX, out, 1);
	assert_true(isnan(out[0]));
	for (int i = 0; i < 4; i++)
		push_cpu(h, NAN);
	push_cpu(h, 10);		/* completes a medium point: just 10 */
	n = history_window(h, HISTORY_LEVEL_MEDIUM, STATS_CPU, out, 1);
	assert_float_equal(out[0], 10, 0);
	assert_int_equal(history_step(HISTORY_LEVEL_COARSE), 30);
	assert_true(history_bytes(120) < 4500);
	history_free(h);
}

static void
render(const float *v, size_t n, float max, int w, int h,
    enum graph_style style, const char *const *want)
{
	char *rows[8];

	for (int r = 0; r < h; r++)
		rows[r] = calloc(1, GRAPH_ROW_BYTES(w));
	graph_render(v, n, max, w, h, style, rows);
	for (int r = 0; r < h; r++) {
		assert_string_equal(rows[r], want[r]);
		free(rows[r]);
	}
}

static void
test_graph(void **state)
{
	const float v[] = { 0, 50, 100, 25 };
	const float gap[] = { 100, NAN, 100 };

	(void)state;
	/* braille: two samples a cell, four dot rows */
	render(v, 4, 100, 2, 1, GRAPH_BRAILLE,
	    (const char *const[]){ "\u28a0\u28c7" });
	render(v, 4, 100, 2, 2, GRAPH_BRAILLE,
	    (const char *const[]){ " \u2847", "\u28b8\u28e7" });
	/* block: eighths */
	render(v, 4, 100, 4, 1, GRAPH_BLOCK,
	    (const char *const[]){ " \u2584\u2588\u2582" });
	/* ascii: halves, two rows */
	render(v, 4, 100, 4, 2, GRAPH_ASCII,
	    (const char *const[]){ "  # ", " ##." });
	/* newest at the right; old samples fall off the left; gaps blank */
	render(v, 4, 100, 2, 1, GRAPH_ASCII,
	    (const char *const[]){ "#." });
	render(gap, 3, 100, 4, 1, GRAPH_ASCII,
	    (const char *const[]){ " # #" });
	/* a tiny value still shows; above max is clamped */
	const float tiny[] = { 0.1f, 1000 };
	render(tiny, 2, 100, 2, 1, GRAPH_ASCII,
	    (const char *const[]){ ".#" });

	char s[64];
	graph_spark(v, 4, 100, 4, GRAPH_ASCII, s);
	assert_string_equal(s, " =#:");
	graph_spark(v, 4, 100, 4, GRAPH_BLOCK, s);
	assert_string_equal(s, " \u2584\u2588\u2582");
}

static void
test_uuidmap(void **state)
{
	struct uuidmap m = { 0 };
	char key[40];
	int vals[1000];

	(void)state;
	assert_null(uuidmap_get(&m, "x"));
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "uuid-%d", i);
		vals[i] = i;
		uuidmap_put(&m, key, &vals[i]);
	}
	assert_int_equal(m.n, 1000);
	for (int i = 0; i < 1000; i += 2) {
		snprintf(key, sizeof key, "uuid-%d", i);
		assert_ptr_equal(uuidmap_del(&m, key), &vals[i]);
	}
	assert_int_equal(m.n, 500);
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "uuid-%d", i);
		if (i % 2)
			assert_ptr_equal(uuidmap_get(&m, key), &vals[i]);
		else
			assert_null(uuidmap_get(&m, key));
	}
	uuidmap_put(&m, "uuid-1", &vals[7]);
	assert_ptr_equal(uuidmap_get(&m, "uuid-1"), &vals[7]);
	assert_int_equal(m.n, 500);
	assert_null(uuidmap_del(&m, "nope"));
	uuidmap_clear(&m);
	assert_null(uuidmap_get(&m, "uuid-1"));
	uuidmap_free(&m);
}

static struct domain_info doms[2];

static const struct domain_info *
lookup(void *ctx, const char *uuid)
{
	(void)ctx;
	for (int i = 0; i < 2; i++)
		if (strcmp(doms[i].uuid, uuid) == 0 && doms[i].name != NULL)
			return &doms[i];
	return NULL;
}

static void
test_vmstats(void **state)
{
	struct vmstats vs;
	struct stats_sample s[2];
	struct stats_batch b = { .s = s, .n = 2, .cap = 2 };
	float out[10];

	(void)state;
	memset(doms, 0, sizeof doms);
	strcpy(doms[0].uuid, "a");
	doms[0].name = (char *)"a";
	doms[0].vcpus = 1;
	strcpy(doms[1].uuid, "b");
	doms[1].name = (char *)"b";
	doms[1].vcpus = 2;
	doms[1].mem_kib = 1024;
	vmstats_init(&vs, 4);
	strcpy(s[0].uuid, "a");
	s[0].raw = raw_at(0, 0);
	strcpy(s[1].uuid, "b");
	s[1].raw = raw_at(0, 0);
	b.when_ms = 0;
	vmstats_apply(&vs, &b, lookup, NULL, 100);
	assert_true(isnan(vmstats_find(&vs, "a")->now[STATS_CPU]));
	s[0].raw = raw_at(1000, 500000000);
	s[1].raw = raw_at(1000, 1000000000);
	b.when_ms = 1000;
	vmstats_apply(&vs, &b, lookup, NULL, 101);
	assert_float_equal(vmstats_find(&vs, "a")->now[STATS_CPU], 50, 0.01);
	assert_float_equal(vmstats_find(&vs, "b")->now[STATS_CPU], 50, 0.01);
	assert_float_equal(vmstats_find(&vs, "b")->now[STATS_MEM_ASSIGNED], 1024,
	    0.01);
	/* b stops: its history gets a gap, a's goes on */
	b.n = 1;
	s[0].raw = raw_at(2000, 600000000);
	b.when_ms = 2000;
	vmstats_apply(&vs, &b, lookup, NULL, 102);
	assert_int_equal(history_window(vmstats_find(&vs, "b")->hist,
	    HISTORY_LEVEL_FINE, STATS_CPU, out, 10), 3);
	assert_true(isnan(out[2]));
	assert_float_equal(vmstats_find(&vs, "a")->now[STATS_CPU], 10, 0.01);
	assert_int_equal(vs.last_wall, 102);
	/* b is removed: its figures go */
	doms[1].name = NULL;
	vmstats_prune(&vs, lookup, NULL);
	assert_null(vmstats_find(&vs, "b"));
	assert_non_null(vmstats_find(&vs, "a"));
	vmstats_forget(&vs, "a");
	assert_null(vmstats_find(&vs, "a"));
	vmstats_free(&vs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_fields),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_node_cpu),
		cmocka_unit_test(test_figures_of_stopped_vm),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_bf16),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_graph),
		cmocka_unit_test(test_uuidmap),
		cmocka_unit_test(test_vmstats),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
