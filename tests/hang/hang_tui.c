/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * hang_tui — the full-screen view against a host that never answers
 * (tests/hang/hang.sh): vmdeck --timeout 2 -c URI shows the host as "no
 * answer" within 20 s, and q still quits at once.
 *
 *     hang_tui VMDECK URI
 */
#include <stdio.h>

#include "../tui/harness.h"

int
main(int argc, char **argv)
{
	struct tui *t;
	bool shown;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: hang_tui VMDECK URI\n");
		return 2;
	}
	const char *args[] = { argv[1], "--timeout", "2", "-c", argv[2], NULL };

	t = tui_spawn(args, NULL, 30, 120);
	shown = tui_wait_text(t, "no answer", 20000);
	if (!shown)
		tui_dump(t);
	tui_send(t, "q");
	rc = tui_wait_exit(t, 10000);
	tui_free(t);
	printf("hang: %s: the view shows \"no answer\"%s; q exits %d\n",
	    shown ? "ok" : "FAILED", shown ? "" : " (not within 20 s)", rc);
	return shown && rc == 0 ? 0 : 1;
}
