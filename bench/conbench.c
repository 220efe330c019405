/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * conbench VMDECK URI NAME KIB RUNS — the serial console path, through
 * virsh console and through vmdeck's console (full screen), on the same
 * running tiny-linux guest in the same run:
 *   throughput: the guest prints KIB KiB of zeros through od -v (65
 *   bytes a line with CR LF); time from Enter to the end marker on screen;
 *   echo latency: 25 characters typed one at a time at the shell prompt,
 *   time from each key to its echo on screen (median and 90th
 *   percentile).
 * Both clients run in the same kind of pseudo-terminal (120x40), read
 * back through libvterm. Prints figures; never judges them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/console/vt.h"
#include "../tests/tui/harness.h"
#include "sample.h"

static int64_t
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Pump until s is on screen; returns the µs it took, or -1. */
static int64_t
wait_us(struct tui *t, const char *s, int64_t limit_us)
{
	int64_t t0 = now_us();

	while (tui_find(t, s) < 0) {
		if (now_us() - t0 > limit_us || !tui_pump(t, 2))
			return -1;
	}
	return now_us() - t0;
}

struct figures {
	double bytes_per_s;
	int64_t echo_med_us, echo_p90_us;
};

static int
measure(struct tui *t, const char *who, int kib, struct figures *f)
{
	char cmd[256];
	int64_t echo[25];
	int64_t us;
	bool prompt = false;

	for (int i = 0; i < 30 && !prompt; i++) {
		tui_send(t, "\r");
		prompt = wait_us(t, "/ # ", 1000000) >= 0;
	}
	if (!prompt) {
		fprintf(stderr, "conbench: %s: no shell prompt\n", who);
		tui_dump(t);
		return -1;
	}
	tui_send(t, "clear\r");
	wait_us(t, "/ # ", 2000000);
	/* echo latency: one key at a time */
	char typed[64] = "/ # echo ";
	tui_send(t, "echo ");
	if (wait_us(t, typed, 2000000) < 0)
		return -1;
	for (int i = 0; i < 25; i++) {
		char key[2] = { (char)('a' + i), '\0' };
		size_t l = strlen(typed);

		typed[l] = key[0];
		typed[l + 1] = '\0';
		int64_t t0 = now_us();
		tui_send(t, key);
		if (wait_us(t, typed, 2000000) < 0) {
			fprintf(stderr, "conbench: %s: no echo of '%s'\n", who,
			    key);
			return -1;
		}
		echo[i] = now_us() - t0;
	}
	tui_send(t, "\r");
	wait_us(t, "\n/ # ", 2000000);
	sample_sort(echo, 25);
	f->echo_med_us = echo[12];
	f->echo_p90_us = echo[22];
	/* throughput */
	snprintf(cmd, sizeof cmd, "clear; dd if=/dev/zero bs=1k count=%d "
	    "2>/dev/null | od -v; echo END-$((6*7))\r", kib);
	tui_send(t, cmd);
	us = wait_us(t, "END-42", 600000000);
	if (us < 0) {
		fprintf(stderr, "conbench: %s: the burst never ended\n", who);
		return -1;
	}
	f->bytes_per_s = (double)kib * 1024 / 16 * 65 / ((double)us / 1e6);
	return 0;
}

static int
run_virsh(const char *uri, const char *name, int kib, struct figures *f)
{
	const char *args[] = { "/usr/bin/virsh", "-c", uri, "console", name, "--force",
	    NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 120);
	int rc;

	if (wait_us(t, "Escape character", 20000000) < 0) {
		tui_dump(t);
		tui_free(t);
		return -1;
	}
	rc = measure(t, "virsh", kib, f);
	tui_send(t, "\035");
	tui_wait_exit(t, 10000);
	tui_free(t);
	return rc;
}

static int
run_vmdeck(const char *vmdeck, const char *uri, const char *name, int kib,
    struct figures *f)
{
	const char *args[] = { vmdeck, "-c", uri, NULL };
	struct tui *t = tui_spawn(args, NULL, 40, 120);
	char filter[128];
	int rc;

	if (wait_us(t, name, 20000000) < 0) {
		tui_dump(t);
		tui_free(t);
		return -1;
	}
	snprintf(filter, sizeof filter, "/%s\r", name);
	tui_send(t, filter);
	tui_send(t, "c");
	if (wait_us(t, "F10 SttySize", 10000000) < 0) {
		tui_dump(t);
		tui_free(t);
		return -1;
	}
	tui_send(t, "\033[23~");		/* F11: full screen */
	wait_us(t, "F11 pane", 5000000);
	rc = measure(t, "vmdeck", kib, f);
	tui_send(t, "\035q");
	tui_wait_exit(t, 10000);
	tui_free(t);
	return rc;
}

/* vmdeck's own ceiling, without a guest: the same od -v text fed
 * straight into a 120x39 screen model, in MB/s. */
static double
model_mb_per_s(void)
{
	static const char line[] = "0000000 000000 000000 000000 000000 "
	    "000000 000000 000000 000000\r\n";
	size_t total = 0;
	struct vt *vt = vt_new(39, 120, VT_SCROLLBACK_DEFAULT);
	int64_t t0 = now_us();

	while (total < 64u << 20) {
		vt_feed(vt, line, sizeof line - 1);
		total += sizeof line - 1;
	}
	double s = (double)(now_us() - t0) / 1e6;
	vt_free(vt);
	return (double)total / 1e6 / s;
}

int
main(int argc, char **argv)
{
	int kib, runs;

	if (argc != 6 || (kib = atoi(argv[4])) < 1 || (runs = atoi(argv[5])) < 1) {
		fprintf(stderr, "usage: conbench VMDECK URI NAME KIB RUNS\n");
		return 2;
	}
	printf("screen model alone (no guest, no terminal): %.1f MB/s of od "
	    "-v lines into a 120x39 screen with scrollback\n",
	    model_mb_per_s());
	fflush(stdout);
	for (int r = 0; r < runs; r++) {
		struct figures v, d;

		if (run_virsh(argv[2], argv[3], kib, &v) < 0 ||
		    run_vmdeck(argv[1], argv[2], argv[3], kib, &d) < 0)
			return 1;
		printf("run %d: throughput virsh %.0f B/s, vmdeck %.0f B/s "
		    "(%.2fx); echo median virsh %.2f ms, vmdeck %.2f ms (added "
		    "%.2f ms); echo p90 virsh %.2f ms, vmdeck %.2f ms\n", r + 1,
		    v.bytes_per_s, d.bytes_per_s, d.bytes_per_s / v.bytes_per_s,
		    (double)v.echo_med_us / 1000, (double)d.echo_med_us / 1000,
		    (double)(d.echo_med_us - v.echo_med_us) / 1000,
		    (double)v.echo_p90_us / 1000, (double)d.echo_p90_us / 1000);
		fflush(stdout);
	}
	return 0;
}
