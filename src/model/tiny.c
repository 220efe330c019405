#include "tiny.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../util/xalloc.h"

static const char init_script[] =
	"#!/bin/busybox sh\n"
	"/bin/busybox --install -s /bin\n"
	"mount -t proc proc /proc\n"
	"mount -t sysfs sys /sys\n"
	"mount -t devtmpfs dev /dev\n"
	"echo \"" TINY_BANNER " ($(uname -r))\"\n"
	"while true; do\n"
	"\tsetsid cttyhack sh\n"
	"done\n";

/* One newc cpio entry. */
static int
cpio_entry(FILE *f, unsigned ino, const char *name, unsigned mode,
    unsigned rmaj, unsigned rmin, const void *data, size_t size)
{
	static const char zeros[4] = { 0 };
	size_t namesize = strlen(name) + 1;

	fprintf(f, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX"
	    "%08X", ino, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, rmaj, rmin,
	    namesize, 0u);
	fwrite(name, 1, namesize, f);
	fwrite(zeros, 1, (4 - (110 + namesize) % 4) % 4, f);
	if (size > 0) {
		fwrite(data, 1, size, f);
		fwrite(zeros, 1, (4 - size % 4) % 4, f);
	}
	return ferror(f) ? -1 : 0;
}

int
tiny_write_initrd(const char *busybox_path, const char *out_path, char **err)
{
	FILE *in = fopen(busybox_path, "rb"), *out;
	struct stat st;
	char *bb = NULL, *tmp;
	int rc = 0;

	if (in == NULL || fstat(fileno(in), &st) < 0) {
		*err = xasprintf("tiny-linux needs a static busybox at %s "
		    "(Debian package busybox-static): %s", busybox_path,
		    strerror(errno));
		if (in != NULL)
			fclose(in);
		return -1;
	}
	bb = xcalloc(1, (size_t)st.st_size + 1);
	if (fread(bb, 1, (size_t)st.st_size, in) != (size_t)st.st_size) {
		*err = xasprintf("Could not read %s.", busybox_path);
		fclose(in);
		free(bb);
		return -1;
	}
	fclose(in);
	tmp = xasprintf("%s.tmp", out_path);
	out = fopen(tmp, "wb");
	if (out == NULL) {
		*err = xasprintf("Could not write %s: %s", tmp, strerror(errno));
		free(bb);
		free(tmp);
		return -1;
	}
	rc |= cpio_entry(out, 1, "bin", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, 2, "bin/busybox", 0100755, 0, 0, bb,
	    (size_t)st.st_size);
	rc |= cpio_entry(out, 3, "init", 0100755, 0, 0, init_script,
	    strlen(init_script));
	rc |= cpio_entry(out, 4, "dev", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, 5, "dev/console", 020600, 5, 1, NULL, 0);
	rc |= cpio_entry(out, 6, "proc", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, 7, "sys", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, 8, "TRAILER!!!", 0, 0, 0, NULL, 0);
	free(bb);
	if (fclose(out) != 0 || rc != 0 || rename(tmp, out_path) != 0) {
		*err = xasprintf("Could not write %s: %s", out_path,
		    strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	chmod(out_path, 0644);
	free(tmp);
	return 0;
}

/* The host's kernel, or NULL. Caller frees. */
static char *
tiny_kernel(void)
{
	const char *env = getenv("VMDECK_TINY_KERNEL");
	struct utsname u;
	char *best = NULL;
	time_t best_t = 0;
	DIR *d;
	struct dirent *de;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (uname(&u) == 0) {
		char *p = xasprintf("/boot/vmlinuz-%s", u.release);

		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	if ((d = opendir("/boot")) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (strncmp(de->d_name, "vmlinuz-", 8) != 0)
			continue;
		p = xasprintf("/boot/%s", de->d_name);
		if (stat(p, &st) == 0 && st.st_mtime >= best_t &&
		    access(p, R_OK) == 0) {
			free(best);
			best = p;
			best_t = st.st_mtime;
		} else
			free(p);
	}
	closedir(d);
	return best;
}

int
tiny_prepare(virConnectPtr conn, struct vmspec *s, char **err)
{
	bool want_kernel = s->kernel && strcmp(s->kernel, "auto") == 0;
	bool want_initrd = s->initrd && strcmp(s->initrd, "busybox") == 0;
	char *uri, *dir, *path;

	if (!want_kernel && !want_initrd)
		return 0;
	uri = virConnectGetURI(conn);
	if (uri != NULL && strstr(uri, ":///") == NULL) {
		*err = xasprintf("VM '%s': tiny-linux makes its boot files on this "
		    "machine, and %s is another host; give files on that host "
		    "with --set kernel=PATH --set initrd=PATH.", s->name, uri);
		free(uri);
		return -1;
	}
	if (want_kernel) {
		char *k = tiny_kernel();

		if (k == NULL) {
			*err = xasprintf("VM '%s': no kernel to boot: none in /boot "
			    "and VMDECK_TINY_KERNEL is not set (a Debian kernel "
			    "package's vmlinuz will do).", s->name);
			free(uri);
			return -1;
		}
		free(s->kernel);
		s->kernel = k;
	}
	if (want_initrd) {
		/* where the hypervisor's own user can read it */
		bool sys = uri != NULL && strstr(uri, "/system") != NULL;
		const char *cache = getenv("XDG_CACHE_HOME");
		const char *home = getenv("HOME");

		dir = sys ? xstrdup("/var/lib/libvirt/boot") :
		    cache && *cache == '/' ? xasprintf("%s/vmdeck", cache) :
		    xasprintf("%s/.cache/vmdeck", home ? home : "/tmp");
		mkdir(dir, 0755);
		path = xasprintf("%s/vmdeck-tiny-initrd.cpio", dir);
		free(dir);
		if (tiny_write_initrd("/bin/busybox", path, err) < 0) {
			free(path);
			free(uri);
			return -1;
		}
		free(s->initrd);
		s->initrd = path;
	}
	free(uri);
	return 0;
}
