/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * fwd_idle — the SSH session's pump thread rests once its last forward
 * has closed (tests/ssh/idle.sh): opens a session to DEST with SSH_CONFIG,
 * forwards a connection to the server's own sshd (127.0.0.1:PORT), reads
 * its banner through the channel, closes it, waits (deadline 10 s) for
 * the forward to be dropped, then counts the process's CPU time over
 * 2 s. Prints the figures; exits 1 when more than 100 ms were used (a
 * pump polling unread bytes uses the whole 2 s).
 *
 *     fwd_idle SSH_CONFIG DEST PORT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../src/remote/sshsess.h"
#include "../../src/util/timeutil.h"

static int64_t
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
main(int argc, char **argv)
{
	struct sshsess_target t = { 0 };
	struct sshsess *s = NULL;
	char *err = NULL, banner[64] = "";
	int fd;
	ssize_t n;
	int64_t until, c0, c1;

	if (argc != 4) {
		fprintf(stderr, "usage: fwd_idle SSH_CONFIG DEST PORT\n");
		return 2;
	}
	t.ssh_config = argv[1];
	t.dest = argv[2];
	t.home = getenv("HOME") ? getenv("HOME") : "/";
	t.timeout_s = 10;
	if (sshsess_open(&t, NULL, NULL, &s, &err) != SSHSESS_OK) {
		printf("fwd_idle: no session: %s\n", err ? err : "?");
		return 1;
	}
	fd = sshsess_forward(s, "127.0.0.1", atoi(argv[3]), NULL, &err);
	if (fd < 0) {
		printf("fwd_idle: no forward: %s\n", err ? err : "?");
		return 1;
	}
	n = read(fd, banner, sizeof banner - 1);
	banner[n > 0 ? n : 0] = '\0';
	if (strncmp(banner, "SSH-2.0-", 8) != 0) {
		printf("fwd_idle: the forward did not carry the banner\n");
		return 1;
	}
	close(fd);
	until = time_mono_ms() + 10000;
	while (sshsess_forwards(s) > 0 && time_mono_ms() < until)
		time_sleep_ms(10);
	if (sshsess_forwards(s) > 0) {
		printf("fwd_idle: the closed forward was not dropped in 10 s\n");
		return 1;
	}
	c0 = cpu_ms();
	time_sleep_ms(2000);
	c1 = cpu_ms();
	printf("fwd_idle: %lld ms of CPU in the 2 s after the last forward "
	    "closed\n", (long long)(c1 - c0));
	sshsess_close(s);
	return c1 - c0 > 100 ? 1 : 0;
}
