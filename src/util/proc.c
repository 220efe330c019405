/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeutil.h"
#include "xalloc.h"

#define PROC_MAX_OUTPUT (1024 * 1024)

struct sink {
	int fd;
	char *buf;
	size_t len;
};

/* Read what is there; 0 at end of file. */
static int
sink_read(struct sink *s)
{
	char tmp[4096];
	ssize_t n = read(s->fd, tmp, sizeof tmp);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (n == 0)
		return 0;
	if (s->len < PROC_MAX_OUTPUT) {
		size_t take = (size_t)n;

		if (take > PROC_MAX_OUTPUT - s->len)
			take = PROC_MAX_OUTPUT - s->len;
		s->buf = xrealloc(s->buf, s->len + take + 1);
		memcpy(s->buf + s->len, tmp, take);
		s->len += take;
		s->buf[s->len] = '\0';
	}
	return 1;
}

int
proc_run(const char *const argv[], const char *dir, int timeout_ms,
    char **out, char **errtext)
{
	return proc_run_ticking(argv, dir, timeout_ms, NULL, NULL, out,
	    errtext);
}

int
proc_run_ticking(const char *const argv[], const char *dir,
    int timeout_ms, void (*tick)(void *ctx), void *ctx, char **out,
    char **errtext)
{
	int po[2], pe[2], status = 0;
	struct sink sinks[2] = { { .fd = -1 }, { .fd = -1 } };
	int64_t until = time_mono_ms() + timeout_ms;
	int timed_out = 0;
	pid_t pid;

	if (pipe2(po, O_CLOEXEC) < 0)
		return 127;
	if (pipe2(pe, O_CLOEXEC) < 0) {
		close(po[0]);
		close(po[1]);
		return 127;
	}
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		if (dir != NULL && chdir(dir) < 0)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	if (pid < 0) {
		close(po[0]);
		close(pe[0]);
		return 127;
	}
	sinks[0].fd = po[0];
	sinks[1].fd = pe[0];
	while (sinks[0].fd >= 0 || sinks[1].fd >= 0) {
		struct pollfd p[2] = { { .fd = sinks[0].fd, .events = POLLIN },
		    { .fd = sinks[1].fd, .events = POLLIN } };
		int64_t left = until - time_mono_ms();

		if (left <= 0) {
			timed_out = 1;
			kill(pid, SIGKILL);
			break;
		}
		if (tick != NULL && left > 250)
			left = 250;
		if (poll(p, 2, (int)left) < 0 && errno != EINTR)
			break;
		if (tick != NULL)
			tick(ctx);
		for (int i = 0; i < 2; i++)
			if (p[i].fd >= 0 && p[i].revents != 0 &&
			    sink_read(&sinks[i]) == 0) {
				close(sinks[i].fd);
				sinks[i].fd = -1;
			}
	}
	for (int i = 0; i < 2; i++)
		if (sinks[i].fd >= 0)
			close(sinks[i].fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (out != NULL)
		*out = sinks[0].buf ? sinks[0].buf : xstrdup("");
	else
		free(sinks[0].buf);
	if (errtext != NULL)
		*errtext = sinks[1].buf ? sinks[1].buf : xstrdup("");
	else
		free(sinks[1].buf);
	if (timed_out || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The parent of pid, from /proc/PID/stat, or -1. */
static pid_t
proc_parent(pid_t pid)
{
	char path[64], buf[512], *close_paren;
	int fd, ppid;
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* "pid (comm) state ppid …": comm may hold spaces and parens */
	if ((close_paren = strrchr(buf, ')')) == NULL ||
	    sscanf(close_paren + 1, " %*c %d", &ppid) != 1)
		return -1;
	return (pid_t)ppid;
}

int
proc_end_children(const char *prog, const char *arg)
{
	DIR *dir = opendir("/proc");
	struct dirent *e;
	int ended = 0;

	if (dir == NULL)
		return 0;
	while ((e = readdir(dir)) != NULL) {
		char path[64], buf[4096];
		pid_t pid = (pid_t)atoi(e->d_name);
		const char *base;
		bool has = false;
		ssize_t n;
		int fd;

		if (pid <= 0 || proc_parent(pid) != getpid())
			continue;
		snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		base = strrchr(buf, '/');
		if (strcmp(base ? base + 1 : buf, prog) != 0)
			continue;
		for (ssize_t i = 0; i < n; i += (ssize_t)strlen(buf + i) + 1)
			has |= strcmp(buf + i, arg) == 0;
		if (has && kill(pid, SIGTERM) == 0)
			ended++;
	}
	closedir(dir);
	return ended;
}
