/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * remotebench VMDECK XDG_CONFIG_HOME REACHABLE RUNS — the full-screen view
 * on a hosts file of many hosts: time from exec to the first frame (which
 * must not wait for any host), and to every one of REACHABLE hosts shown
 * connected ("● name"), the dead ones (closed ports, hung hosts) doing
 * what they will. Prints medians; never judges them.
 *
 * remotebench tarpit PORT PIDFILE — a hung host on 127.0.0.1:PORT: it
 * listens and never accepts, so the first connections complete and then
 * hear nothing, and once the small backlog is full new ones get no answer
 * to their SYN at all (as a blackholed address). Writes PIDFILE when
 * listening; runs until killed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../src/util/timeutil.h"
#include "../tests/tui/harness.h"
#include "sample.h"

/* Rows showing a connected host. */
static int
connected(struct tui *t)
{
	char row[4096];
	int n = 0;

	for (int r = 0; r < 200; r++)
		if (strstr(tui_row(t, r, row, sizeof row), "│● ") != NULL)
			n++;
	return n;
}

static int
tarpit(int port, const char *pidfile)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
	    .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	FILE *f;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof one) < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(fd, 2) < 0) {
		perror("remotebench tarpit");
		return 1;
	}
	if ((f = fopen(pidfile, "w")) == NULL)
		return 1;
	fprintf(f, "%ld\n", (long)getpid());
	fclose(f);
	for (;;)
		pause();
}

int
main(int argc, char **argv)
{
	int want, runs;

	if (argc == 4 && strcmp(argv[1], "tarpit") == 0)
		return tarpit(atoi(argv[2]), argv[3]);
	int64_t *first, *all;
	char env0[512];

	if (argc != 5 || (want = atoi(argv[3])) < 1 ||
	    (runs = atoi(argv[4])) < 1) {
		fprintf(stderr, "usage: remotebench VMDECK XDG REACHABLE RUNS\n");
		return 2;
	}
	snprintf(env0, sizeof env0, "XDG_CONFIG_HOME=%s", argv[2]);
	first = calloc((size_t)runs, sizeof *first);
	all = calloc((size_t)runs, sizeof *all);
	for (int i = 0; i < runs; i++) {
		const char *args[] = { argv[1], NULL };
		const char *env[] = { env0, "LIBVIRT_DEFAULT_URI=test:///default",
		    NULL };
		int64_t t0 = time_mono_ms();
		/* tall enough for 60 hosts of two rows each */
		struct tui *t = tui_spawn(args, env, 130, 160);

		if (!tui_wait_text(t, "Hosts", 60000)) {
			fprintf(stderr, "remotebench: no first frame\n");
			return 1;
		}
		first[i] = time_mono_ms() - t0;
		while (connected(t) < want && time_mono_ms() - t0 < 120000)
			tui_pump(t, 5);
		if (connected(t) < want) {
			tui_dump(t);
			fprintf(stderr, "remotebench: %d of %d hosts connected\n",
			    connected(t), want);
			return 1;
		}
		all[i] = time_mono_ms() - t0;
		tui_send(t, "q");
		tui_wait_exit(t, 10000);
		tui_free(t);
	}
	sample_sort(first, runs);
	sample_sort(all, runs);
	printf("first_frame_ms=%lld all_reachable_ms=%lld runs=%d\n",
	    (long long)first[runs / 2], (long long)all[runs / 2], runs);
	return 0;
}
