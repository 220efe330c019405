/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * silent — a TCP listener on 127.0.0.1 that takes every connection and
 * never says a word: the host that hangs clients without deadlines.
 * Prints its port, then serves until killed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof a;
	int s = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(s, 64) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) < 0) {
		perror("silent");
		return 1;
	}
	printf("%d\n", ntohs(a.sin_port));
	fflush(stdout);
	for (;;)
		if (accept(s, NULL, NULL) < 0)
			perror("silent: accept");	/* kept open, unread */
}
