/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "seed.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "../util/proc.h"
#include "../util/xalloc.h"
#include "../core/virterr.h"

/* Whether line (one line, no newline) looks like a public key. */
static bool
key_line_ok(const char *line)
{
	return strncmp(line, "ssh-", 4) == 0 || strncmp(line, "ecdsa-", 6) == 0 ||
	    strncmp(line, "sk-", 3) == 0;
}

/* Add line to keys unless there already. */
static void
keys_add(struct seed_keys *k, const char *line)
{
	for (size_t i = 0; i < k->n; i++)
		if (strcmp(k->keys[i], line) == 0)
			return;
	k->keys = xreallocarray(k->keys, k->n + 1, sizeof *k->keys);
	k->keys[k->n++] = xstrdup(line);
}

/* Every key line of text (lines of "type base64 comment"). */
static void
keys_from_text(struct seed_keys *k, char *text)
{
	char *save = NULL;

	/* strtok_r: the UI thread and workers look for keys at once */
	for (char *line = strtok_r(text, "\r\n", &save); line != NULL;
	    line = strtok_r(NULL, "\r\n", &save))
		if (key_line_ok(line))
			keys_add(k, line);
}

void
seed_keys_find(struct seed_keys *k, const char *ssh_dir, bool agent)
{
	DIR *d = opendir(ssh_dir);
	struct dirent *de;
	const char *sock = getenv("SSH_AUTH_SOCK");

	memset(k, 0, sizeof *k);
	while (d != NULL && (de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		char *path, line[16384];
		FILE *f;

		if (l < 5 || strcmp(de->d_name + l - 4, ".pub") != 0)
			continue;
		path = xasprintf("%s/%s", ssh_dir, de->d_name);
		f = fopen(path, "r");
		free(path);
		if (f == NULL)
			continue;
		if (fgets(line, sizeof line, f) != NULL)
			keys_from_text(k, line);
		fclose(f);
	}
	if (d != NULL)
		closedir(d);
	if (agent && sock != NULL && *sock != '\0') {
		const char *argv[] = { "ssh-add", "-L", NULL };
		char *out = NULL;

		if (proc_run(argv, NULL, 5000, &out, NULL) == 0)
			keys_from_text(k, out);
		free(out);
	}
}

void
seed_keys_clear(struct seed_keys *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->keys[i]);
	free(k->keys);
	memset(k, 0, sizeof *k);
}

char *
seed_user_data(const char *user, const struct seed_keys *k)
{
	char *out = xasprintf("#cloud-config\n# written by vmdeck\nusers:\n"
	    "  - name: %s\n    sudo: ALL=(ALL) NOPASSWD:ALL\n"
	    "    shell: /bin/bash\n", user);

	if (k->n > 0) {
		char *more = xasprintf("%s    ssh_authorized_keys:\n", out);

		free(out);
		out = more;
	}
	for (size_t i = 0; i < k->n; i++) {
		char *more = xasprintf("%s      - %s\n", out, k->keys[i]);

		free(out);
		out = more;
	}
	return out;
}

const char *
seed_user(void)
{
	const char *user = getenv("USER");

	return user && *user && strcmp(user, "root") ? user : "vmdeck";
}

char *
seed_ssh_dir(void)
{
	const char *home = getenv("HOME");

	return xasprintf("%s/.ssh", home ? home : "");
}

/* Copy the file at from (or text when from is NULL) to path. */
static int
put_file(const char *path, const char *from, const char *text, char **err)
{
	FILE *out = fopen(path, "w");
	int rc = 0;

	if (out == NULL) {
		*err = xasprintf("Could not write %s: %s", path, strerror(errno));
		return -1;
	}
	if (from != NULL) {
		FILE *in = fopen(from, "r");
		char buf[8192];
		size_t n;

		if (in == NULL) {
			*err = xasprintf("Could not read cloud-init file %s: %s",
			    from, strerror(errno));
			fclose(out);
			return -1;
		}
		while ((n = fread(buf, 1, sizeof buf, in)) > 0)
			fwrite(buf, 1, n, out);
		fclose(in);
	} else
		fputs(text, out);
	if (fclose(out) != 0) {
		*err = xasprintf("Could not write %s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

char *
seed_build(const struct vmspec *s, const struct seed_keys *keys,
    const char *dir, char **err)
{
	char *work = xasprintf("%s/vmdeck-seed-XXXXXX", dir);
	char *ud, *md, *iso, *text;
	pid_t pid;
	int status = -1;

	if (mkdtemp(work) == NULL) {
		*err = xasprintf("Could not make a directory under %s: %s", dir,
		    strerror(errno));
		free(work);
		return NULL;
	}
	ud = xasprintf("%s/user-data", work);
	md = xasprintf("%s/meta-data", work);
	iso = xasprintf("%s.iso", work);
	if (s->user_data != NULL)
		text = NULL;
	else if (keys != NULL)
		text = seed_user_data(seed_user(), keys);
	else {
		char *ssh = seed_ssh_dir();
		struct seed_keys k;

		seed_keys_find(&k, ssh, true);
		text = seed_user_data(seed_user(), &k);
		seed_keys_clear(&k);
		free(ssh);
	}
	int bad = put_file(ud, s->user_data, text, err);
	free(text);
	if (!bad) {
		text = xasprintf("instance-id: %s\nlocal-hostname: %s\n", s->name,
		    s->name);
		bad = put_file(md, s->meta_data, text, err);
		free(text);
	}
	if (!bad) {
		pid = fork();
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);

			dup2(null, 1);
			dup2(null, 2);
			execlp("xorriso", "xorriso", "-as", "mkisofs", "-quiet",
			    "-V", "cidata", "-J", "-r", "-o", iso, ud, md,
			    (char *)NULL);
			_exit(127);
		}
		if (pid > 0)
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			*err = xasprintf("Could not build the cloud-init seed for "
			    "VM '%s': %s", s->name, WIFEXITED(status) &&
			    WEXITSTATUS(status) == 127 ? "xorriso is not installed "
			    "(Debian package xorriso)" : "xorriso failed");
			bad = 1;
		}
	}
	unlink(ud);
	unlink(md);
	rmdir(work);
	free(ud);
	free(md);
	free(work);
	if (bad) {
		unlink(iso);
		free(iso);
		return NULL;
	}
	return iso;
}

static int
seed_read(virStreamPtr st, char *data, size_t n, void *opaque)
{
	(void)st;
	return (int)read(*(int *)opaque, data, n);
}

virStorageVolPtr
seed_upload(virConnectPtr conn, const char *poolname, const char *name,
    const char *iso, char **err)
{
	struct vmspec_disk d = { .source = VMSPEC_SOURCE_EMPTY,
	    .format = (char *)"raw" };
	virStoragePoolPtr pool = virStoragePoolLookupByName(conn, poolname);
	virStorageVolPtr vol = NULL;
	virStreamPtr st = NULL;
	struct stat sb;
	char *xml, *why;
	int fd = -1;

	if (pool == NULL || stat(iso, &sb) < 0)
		goto fail;
	d.size = (uint64_t)sb.st_size;
	xml = vmspec_volume_xml(name, &d);
	vol = virStorageVolCreateXML(pool, xml, 0);
	free(xml);
	if (vol == NULL)
		goto fail;
	fd = open(iso, O_RDONLY);
	st = virStreamNew(conn, 0);
	if (fd < 0 || st == NULL ||
	    virStorageVolUpload(vol, st, 0, d.size, 0) < 0 ||
	    virStreamSendAll(st, seed_read, &fd) < 0 ||
	    virStreamFinish(st) < 0)
		goto fail;
	virStreamFree(st);
	close(fd);
	virStoragePoolFree(pool);
	return vol;
fail:
	why = virterr_take();
	*err = xasprintf("Could not put the cloud-init seed '%s' into pool "
	    "'%s': %s", name, poolname, why);
	free(why);
	if (st != NULL) {
		virStreamAbort(st);
		virStreamFree(st);
		virResetLastError();
	}
	if (vol != NULL) {
		virStorageVolDelete(vol, 0);
		virStorageVolFree(vol);
		virResetLastError();
	}
	if (fd >= 0)
		close(fd);
	if (pool != NULL)
		virStoragePoolFree(pool);
	return NULL;
}
