/*
 * remotebench VMDECK XDG_CONFIG_HOME REACHABLE RUNS — the full-screen view
 * on a hosts file of many hosts: time from exec to the first frame (which
 * must not wait for any host), and to every one of REACHABLE hosts shown
 * connected ("● name"), the dead ones (closed ports, blackholed
 * addresses) doing what they will. Prints medians; never judges them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
main(int argc, char **argv)
{
	int want, runs;
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
