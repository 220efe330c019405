/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "sshtunnel.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../util/msglog.h"
#include "../util/xalloc.h"

struct sshtunnel {
	struct sshsess *s;
	char *remote;
	char *dir, *path;
	int lfd;
	int stop[2];		/* a byte on stop[1] ends the thread */
	pthread_t th;
	atomic_size_t count;
	pthread_mutex_t lock;
	char *refused;		/* the last channel the host refused: why */
};

static void *
sshtunnel_accept(void *arg)
{
	struct sshtunnel *t = arg;

	for (;;) {
		struct pollfd p[2] = { { t->lfd, POLLIN, 0 },
		    { t->stop[0], POLLIN, 0 } };
		char *err = NULL;
		int fd;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		fd = accept4(t->lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		if (sshsess_forward_fd(t->s, fd, t->remote, &err) < 0) {
			msglog_add(MSGLOG_WARN, "%s", err);
			pthread_mutex_lock(&t->lock);
			free(t->refused);
			t->refused = err;
			pthread_mutex_unlock(&t->lock);
			continue;
		}
		atomic_fetch_add(&t->count, 1);
	}
	return NULL;
}

/* A private directory for the socket: $XDG_RUNTIME_DIR when short
 * enough for a socket's path, else /tmp. */
static char *
sshtunnel_dir(void)
{
	const char *run = getenv("XDG_RUNTIME_DIR");
	char *tmpl = run != NULL && run[0] == '/' && strlen(run) < 60 ?
	    xasprintf("%s/vmdeck-XXXXXX", run) : xstrdup("/tmp/vmdeck-XXXXXX");

	if (mkdtemp(tmpl) == NULL) {
		free(tmpl);
		return NULL;
	}
	return tmpl;
}

/* The paths of the tunnels open in this process, for
 * sshtunnel_is_ours(): a connection through one looks local
 * (qemu+unix:///system?socket=PATH) and is not. */
static pthread_mutex_t sshtunnel_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static char **sshtunnel_reg;
static size_t sshtunnel_nreg;

static void
sshtunnel_register(const char *path, bool add)
{
	pthread_mutex_lock(&sshtunnel_reg_lock);
	if (add) {
		sshtunnel_reg = xreallocarray(sshtunnel_reg, sshtunnel_nreg + 1,
		    sizeof *sshtunnel_reg);
		sshtunnel_reg[sshtunnel_nreg++] = xstrdup(path);
	} else
		for (size_t i = 0; i < sshtunnel_nreg; i++)
			if (strcmp(sshtunnel_reg[i], path) == 0) {
				free(sshtunnel_reg[i]);
				sshtunnel_reg[i] = sshtunnel_reg[--sshtunnel_nreg];
				break;
			}
	pthread_mutex_unlock(&sshtunnel_reg_lock);
}

bool
sshtunnel_is_ours(const char *path)
{
	bool ours = false;

	pthread_mutex_lock(&sshtunnel_reg_lock);
	for (size_t i = 0; i < sshtunnel_nreg && !ours; i++)
		ours = strcmp(sshtunnel_reg[i], path) == 0;
	pthread_mutex_unlock(&sshtunnel_reg_lock);
	return ours;
}

struct sshtunnel *
sshtunnel_open(struct sshsess *s, const char *remote_path, char **err)
{
	struct sshtunnel *t = xcalloc(1, sizeof *t);
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	t->s = s;
	pthread_mutex_init(&t->lock, NULL);
	t->remote = xstrdup(remote_path);
	t->lfd = -1;
	t->stop[0] = t->stop[1] = -1;
	t->dir = sshtunnel_dir();
	if (t->dir == NULL) {
		*err = xasprintf("no private directory for libvirt's socket: %s",
		    strerror(errno));
		sshtunnel_close(t);
		return NULL;
	}
	t->path = xasprintf("%s/libvirt.sock", t->dir);
	sshtunnel_register(t->path, true);
	snprintf(a.sun_path, sizeof a.sun_path, "%s", t->path);
	t->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (t->lfd < 0 || bind(t->lfd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    listen(t->lfd, 16) < 0 || pipe2(t->stop, O_CLOEXEC) < 0) {
		*err = xasprintf("could not listen on %s: %s", t->path,
		    strerror(errno));
		sshtunnel_close(t);
		return NULL;
	}
	if (pthread_create(&t->th, NULL, sshtunnel_accept, t) != 0) {
		*err = xstrdup("no thread for libvirt's tunnel");
		close(t->stop[1]);
		t->stop[1] = -1;
		sshtunnel_close(t);
		return NULL;
	}
	return t;
}

const char *
sshtunnel_path(const struct sshtunnel *t)
{
	return t->path;
}

char *
sshtunnel_refused(struct sshtunnel *t)
{
	char *why;

	pthread_mutex_lock(&t->lock);
	why = t->refused ? xstrdup(t->refused) : NULL;
	pthread_mutex_unlock(&t->lock);
	return why;
}

size_t
sshtunnel_count(struct sshtunnel *t)
{
	return atomic_load(&t->count);
}

void
sshtunnel_close(struct sshtunnel *t)
{
	if (t == NULL)
		return;
	if (t->stop[1] >= 0) {
		char c = 1;

		if (write(t->stop[1], &c, 1) == 1)
			pthread_join(t->th, NULL);
		close(t->stop[1]);
	}
	if (t->stop[0] >= 0)
		close(t->stop[0]);
	if (t->lfd >= 0)
		close(t->lfd);
	if (t->path != NULL) {
		unlink(t->path);
		sshtunnel_register(t->path, false);
	}
	if (t->dir != NULL)
		rmdir(t->dir);
	free(t->path);
	free(t->dir);
	free(t->remote);
	free(t->refused);
	pthread_mutex_destroy(&t->lock);
	free(t);
}
