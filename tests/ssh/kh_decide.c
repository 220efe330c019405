/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * kh_decide — vmdeck's host-key decision for one destination, for the
 * differential test against OpenSSH (tests/ssh/diff.sh): opens a session
 * the way a host's worker does (sshsess_open: ssh -G, known_hosts files,
 * RevokedHostKeys), asks nothing, and prints "accept" (the key passed:
 * logged in or refused only at login) or "refuse <reason>".
 *
 *     kh_decide SSH_CONFIG DEST
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../src/remote/sshsess.h"

int
main(int argc, char **argv)
{
	struct sshsess_target t = { 0 };
	struct sshsess *s = NULL;
	char *err = NULL;
	enum sshsess_result r;

	if (argc != 3) {
		fprintf(stderr, "usage: kh_decide SSH_CONFIG DEST\n");
		return 2;
	}
	t.ssh_config = argv[1];
	t.dest = argv[2];
	t.home = getenv("HOME") ? getenv("HOME") : "/";
	t.timeout_s = 10;
	r = sshsess_open(&t, NULL, NULL, &s, &err);
	if (r == SSHSESS_OK || r == SSHSESS_AUTH_FAILED)
		printf("accept\n");
	else
		printf("refuse %s: %s\n", sshsess_result_name(r),
		    err ? err : "");
	sshsess_close(s);
	free(err);
	return 0;
}
