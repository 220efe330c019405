/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "tiny.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../util/fmt.h"
#include "../util/paths.h"
#include "../util/proc.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "../config/hosturi.h"

/* The kernel modules the initramfs carries, in the order they load
 * (each after those it needs): the power button; virtio's PCI transport,
 * disks and network (hot-plugged ones too: ACPI PCI hot-plug is built
 * into Debian's kernels); SCSI disks and CD-ROMs on virtio-scsi, and
 * ISO 9660 to mount one. A module the kernel lacks is skipped. One list,
 * words apart: the init script loads it, the kernel's unpacking and the
 * initramfs take it. */
#define TINY_MODULE_LIST "evdev button virtio_ring virtio " \
	"virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci virtio_blk " \
	"failover net_failover virtio_net scsi_common scsi_mod virtio_scsi " \
	"sd_mod cdrom sr_mod isofs"

/* A cache's modules-VERSION holds the list above when it has this one
 * (older vmdecks kept the power button's two only). */
#define TINY_MODULES_MARK "virtio_net.ko"

/* PID 1: mount, load the drivers shipped beside it, ask for an address
 * on each network interface (busybox's udhcpc, in the background), power
 * off when the ACPI button is pressed (libvirt's shutdown, and its reboot,
 * which powers off and starts again), a shell on the console for ever. */
static const char init_script[] =
	"#!/bin/busybox sh\n"
	"/bin/busybox --install -s /bin\n"
	"mount -t proc proc /proc\n"
	"mount -t sysfs sys /sys\n"
	"mount -t devtmpfs dev /dev\n"
	/* the button armed before the banner: a shutdown asked for as soon
	 * as the guest says it is ready is not lost */
	"for m in " TINY_MODULE_LIST "; do\n"
	"\t[ -f \"/lib/$m.ko\" ] && insmod \"/lib/$m.ko\" 2>/dev/null\n"
	"done\n"
	"for n in /sys/class/net/*; do\n"
	"\tn=${n##*/}\n"
	"\t[ \"$n\" = lo ] && continue\n"
	"\tip link set \"$n\" up\n"
	"\tudhcpc -b -q -i \"$n\" -s /bin/dhcp-up >/dev/null 2>&1\n"
	"done\n"
	"button=\"\"\n"
	"i=0\n"
	"while [ -z \"$button\" ] && [ -f /lib/button.ko ] && [ $i -lt 50 ]; do\n"
	"\tfor d in /sys/class/input/event*; do\n"
	"\t\tgrep -q \"Power Button\" \"$d/device/name\" 2>/dev/null &&\n"
	"\t\t    button=/dev/input/${d##*/}\n"
	"\tdone\n"
	"\t[ -z \"$button\" ] && sleep 0.1\n"
	"\ti=$((i + 1))\n"
	"done\n"
	"[ -n \"$button\" ] && (head -c 1 \"$button\" >/dev/null;\n"
	"\techo \"" TINY_BANNER_OFF "\"; poweroff -f) &\n"
	"echo \"" TINY_BANNER " ($(uname -r))\"\n"
	"while true; do\n"
	"\tsetsid cttyhack sh\n"
	"done\n";

/* udhcpc's script: the address it was given, and the route. */
static const char dhcp_script[] =
	"#!/bin/busybox sh\n"
	"case \"$1\" in\n"
	"bound|renew)\n"
	"\tip addr flush dev \"$interface\"\n"
	"\tip addr add \"$ip/${mask:-24}\" dev \"$interface\"\n"
	"\t[ -n \"$router\" ] && ip route add default via \"${router%% *}\"\n"
	"\t;;\n"
	"esac\n"
	"exit 0\n";

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

/* The whole file at path (caller frees), its size in *len; NULL if it
 * cannot be read. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *in = fopen(path, "rb");
	struct stat st;
	char *buf;

	if (in == NULL || fstat(fileno(in), &st) < 0 || st.st_size < 0) {
		if (in != NULL)
			fclose(in);
		return NULL;
	}
	buf = xcalloc(1, (size_t)st.st_size + 1);
	if (fread(buf, 1, (size_t)st.st_size, in) != (size_t)st.st_size) {
		fclose(in);
		free(buf);
		return NULL;
	}
	fclose(in);
	*len = (size_t)st.st_size;
	return buf;
}

/* dir/name, or where a kernel's module tree keeps name. Caller frees. */
static char *
module_path(const char *dir, const char *name)
{
	static const char *const sub[] = { "", "kernel/drivers/input/",
	    "kernel/drivers/acpi/", "kernel/drivers/virtio/",
	    "kernel/drivers/block/", "kernel/net/core/", "kernel/drivers/net/",
	    "kernel/drivers/scsi/", "kernel/drivers/cdrom/",
	    "kernel/fs/isofs/" };

	for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++) {
		char *p = xasprintf("%s/%s%s", dir, sub[i], name);

		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return xasprintf("%s/%s", dir, name);
}

int
tiny_write_initrd(const char *busybox_path, const char *modules_dir,
    const char *out_path, char **err)
{
	size_t bblen = 0;
	char *bb = slurp(busybox_path, &bblen), *tmp;
	unsigned ino = 9;
	FILE *out;
	int rc = 0;

	if (bb == NULL) {
		*err = xasprintf("tiny-linux needs a static busybox at %s "
		    "(Debian package busybox-static): %s", busybox_path,
		    strerror(errno));
		return -1;
	}
	tmp = xasprintf("%s.tmp", out_path);
	out = fopen(tmp, "wb");
	if (out == NULL) {
		*err = xasprintf("Could not write %s: %s", tmp, strerror(errno));
		free(bb);
		free(tmp);
		return -1;
	}
	rc |= cpio_entry(out, 1, "bin", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, 2, "bin/busybox", 0100755, 0, 0, bb, bblen);
	rc |= cpio_entry(out, 3, "init", 0100755, 0, 0, init_script,
	    strlen(init_script));
	rc |= cpio_entry(out, 4, "dev", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, 5, "dev/console", 020600, 5, 1, NULL, 0);
	rc |= cpio_entry(out, 6, "proc", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, 7, "sys", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, 8, "lib", 040755, 0, 0, NULL, 0);
	rc |= cpio_entry(out, ino++, "bin/dhcp-up", 0100755, 0, 0, dhcp_script,
	    strlen(dhcp_script));
	free(bb);
	/* the drivers, where the kernel's modules are known */
	for (const char *m = TINY_MODULE_LIST; modules_dir != NULL && *m;
	    m += strcspn(m, " "), m += strspn(m, " ")) {
		char *ko = xasprintf("%.*s.ko", (int)strcspn(m, " "), m);
		char *path = module_path(modules_dir, ko);
		char *name = xasprintf("lib/%s", ko);
		size_t len = 0;
		char *data = slurp(path, &len);

		if (data != NULL)
			rc |= cpio_entry(out, ino++, name, 0100644, 0, 0, data, len);
		free(data);
		free(name);
		free(path);
		free(ko);
	}
	rc |= cpio_entry(out, ino, "TRAILER!!!", 0, 0, 0, NULL, 0);
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

char *
tiny_cache_dir(void)
{
	return paths_cache("kernel");
}

/* The newest readable dir/vmlinuz-*, or NULL. Caller frees. */
static char *
newest_vmlinuz(const char *dir)
{
	char *best = NULL;
	time_t best_t = 0;
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d != NULL && (de = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (strncmp(de->d_name, "vmlinuz-", 8) != 0)
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime >= best_t && access(p, R_OK) == 0) {
			free(best);
			best = p;
			best_t = st.st_mtime;
		} else
			free(p);
	}
	if (d != NULL)
		closedir(d);
	return best;
}

/* The directory with evdev.ko and button.ko for the kernel at path
 * (vmlinuz-VERSION): /lib/modules/VERSION's, or the cache's
 * modules-VERSION beside a fetched kernel. NULL when none. */
static char *
modules_for(const char *kernel)
{
	const char *base = strrchr(kernel, '/');
	const char *ver = base ? base + 1 : kernel;
	char *dir, *cached, *probe;

	if (strncmp(ver, "vmlinuz-", 8) != 0)
		return NULL;
	ver += 8;
	cached = xasprintf("%.*s/modules-%s", (int)(base ? base - kernel : 0),
	    kernel, ver);
	probe = xasprintf("%s/" TINY_MODULES_MARK, cached);
	if (access(probe, R_OK) == 0) {
		free(probe);
		return cached;
	}
	free(probe);
	free(cached);
	dir = xasprintf("/lib/modules/%s/kernel/drivers/acpi", ver);
	probe = xasprintf("%s/button.ko", dir);
	if (access(probe, R_OK) == 0) {
		free(probe);
		free(dir);
		return xasprintf("/lib/modules/%s", ver);
	}
	free(probe);
	free(dir);
	return NULL;
}

char *
tiny_find_kernel(void)
{
	const char *env = getenv("VMDECK_TINY_KERNEL");
	struct utsname u;
	char *k, *cache;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (uname(&u) == 0) {
		k = xasprintf("/boot/vmlinuz-%s", u.release);
		if (access(k, R_OK) == 0)
			return k;
		free(k);
	}
	if ((k = newest_vmlinuz("/boot")) != NULL)
		return k;
	cache = tiny_cache_dir();
	k = newest_vmlinuz(cache);
	free(cache);
	/* one fetched before the cache kept its drivers: fetched again */
	if (k != NULL) {
		char *mods = modules_for(k);

		if (mods == NULL) {
			free(k);
			k = NULL;
		}
		free(mods);
	}
	return k;
}

struct fetch_tick {
	tiny_say say;
	void *ctx;
	const char *dir, *pkg;
	uint64_t size;
	int64_t t0;
};

/* The progress of apt-get download: the size of the .deb so far. */
static void
fetch_tick(void *arg)
{
	struct fetch_tick *t = arg;
	uint64_t have = 0;
	DIR *d = opendir(t->dir);
	struct dirent *de;
	char *text, a[32], b[32];

	while (d != NULL && (de = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (strncmp(de->d_name, t->pkg, strlen(t->pkg)) != 0)
			continue;
		p = xasprintf("%s/%s", t->dir, de->d_name);
		if (stat(p, &st) == 0 && (uint64_t)st.st_size > have)
			have = (uint64_t)st.st_size;
		free(p);
	}
	if (d != NULL)
		closedir(d);
	if (t->say == NULL)
		return;
	text = xasprintf("Fetching Debian's cloud kernel %s: %s of %s (%lld s)…",
	    t->pkg, fmt_kib(a, sizeof a, have / 1024),
	    fmt_kib(b, sizeof b, t->size / 1024),
	    (long long)((time_mono_ms() - t->t0) / 1000));
	t->say(t->ctx, text);
	free(text);
}

/* The last non-empty line of text, for a message (points into text). */
static const char *
last_line(char *text)
{
	char *end = text + strlen(text), *p;

	while (end > text && (end[-1] == '\n' || end[-1] == '\r' ||
	    end[-1] == ' '))
		*--end = '\0';
	p = strrchr(text, '\n');
	return p ? p + 1 : text;
}

/* apt-cache's answer for the cloud kernel's real package, or NULL. */
static char *
cloud_kernel_package(void)
{
	const char *argv[] = { "apt-cache", "depends",
	    "linux-image-cloud-amd64", NULL };
	char *out = NULL, *pkg = NULL, *p;

	if (proc_run(argv, NULL, 30000, &out, NULL) == 0 &&
	    (p = strstr(out, "Depends: linux-image-")) != NULL) {
		p += strlen("Depends: ");
		pkg = xasprintf("%.*s", (int)strcspn(p, " \n<>|"), p);
	}
	free(out);
	return pkg;
}

char *
tiny_fetch_kernel(tiny_say say, void *ctx, char **err)
{
	char *dir = tiny_cache_dir(), *pkg, *out = NULL, *errtext = NULL;
	char *x = NULL, *k = NULL;
	struct fetch_tick t = { .say = say, .ctx = ctx };
	int rc;

	if (paths_mkdir_parents(dir) < 0 || (mkdir(dir, 0755) < 0 &&
	    errno != EEXIST)) {
		*err = xasprintf("tiny-linux: cannot make %s for the kernel: %s.",
		    dir, strerror(errno));
		free(dir);
		return NULL;
	}
	pkg = cloud_kernel_package();
	if (pkg == NULL && geteuid() == 0) {
		const char *upd[] = { "apt-get", "update", "-q", NULL };

		if (say != NULL)
			say(ctx, "Asking Debian's archive for its kernels "
			    "(apt-get update)…");
		proc_run(upd, NULL, 180000, NULL, NULL);
		pkg = cloud_kernel_package();
	}
	if (pkg == NULL) {
		*err = xstrdup("tiny-linux: no kernel in /boot, and apt knows no "
		    "Debian cloud kernel (linux-image-cloud-amd64). Fix: run "
		    "apt-get update as root, or set VMDECK_TINY_KERNEL to a "
		    "vmlinuz file.");
		free(dir);
		return NULL;
	}
	{
		const char *show[] = { "apt-cache", "show", pkg, NULL };
		char *p;

		if (proc_run(show, NULL, 30000, &out, NULL) == 0 &&
		    (p = strstr(out, "\nSize: ")) != NULL)
			t.size = strtoull(p + 7, NULL, 10);
		free(out);
		out = NULL;
	}
	t.dir = dir;
	t.pkg = pkg;
	t.t0 = time_mono_ms();
	{
		const char *dl[] = { "apt-get", "download", "-q", pkg, NULL };

		rc = proc_run_ticking(dl, dir, TINY_FETCH_TIMEOUT_MS, fetch_tick,
		    &t, NULL, &errtext);
	}
	if (rc != 0) {
		*err = xasprintf("tiny-linux: could not fetch Debian's cloud kernel "
		    "%s with apt-get download (%s). Fix: check that this machine "
		    "reaches Debian's archive, or set VMDECK_TINY_KERNEL to a "
		    "vmlinuz file.", pkg, rc < 0 ? "it took too long" :
		    *errtext ? last_line(errtext) : "it failed");
		goto out;
	}
	if (say != NULL)
		say(ctx, "Unpacking the kernel…");
	x = xasprintf("%s/x", dir);
	{
		const char *sh[] = { "sh", "-c",
		    /* $1 the cache, $2 the package: its vmlinuz and the two
		     * modules (the list above), then the package goes */
		    "set -e; cd \"$1\"; rm -rf x; dpkg-deb -x \"$2\"_*.deb x; "
		    "for k in x/boot/vmlinuz-*; do v=${k#x/boot/vmlinuz-}; "
		    "mkdir -p modules-$v; "
		    "for m in $3; do find x/lib/modules -name \"$m.ko\" "
		    "-exec cp {} modules-$v/ \\; ; done; "
		    "cp \"$k\" vmlinuz-$v.tmp; chmod 644 vmlinuz-$v.tmp; "
		    "mv vmlinuz-$v.tmp vmlinuz-$v; done; rm -rf x \"$2\"_*.deb",
		    "tiny", dir, pkg, TINY_MODULE_LIST, NULL };

		free(errtext);
		errtext = NULL;
		rc = proc_run(sh, NULL, 120000, NULL, &errtext);
	}
	if (rc != 0 || (k = newest_vmlinuz(dir)) == NULL)
		*err = xasprintf("tiny-linux: could not unpack %s in %s (%s).",
		    pkg, dir, errtext && *errtext ? last_line(errtext) :
		    "no vmlinuz in it");
out:
	free(x);
	free(errtext);
	free(pkg);
	free(dir);
	return k;
}

/* Copy the file at from to to (mode 0644) unless to already has its
 * size. Returns 0 or -1 with *err. */
static int
copy_file(const char *from, const char *to, char **err)
{
	struct stat a, b;
	size_t len = 0;
	char *data, *tmp;
	FILE *f;

	if (stat(from, &a) == 0 && stat(to, &b) == 0 && a.st_size == b.st_size)
		return 0;
	data = slurp(from, &len);
	if (data == NULL) {
		*err = xasprintf("Could not read %s: %s.", from, strerror(errno));
		return -1;
	}
	tmp = xasprintf("%s.tmp", to);
	f = fopen(tmp, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0 ||
	    rename(tmp, to) != 0) {
		*err = xasprintf("Could not write %s: %s.", to, strerror(errno));
		if (f != NULL)
			unlink(tmp);
		free(tmp);
		free(data);
		return -1;
	}
	chmod(to, 0644);
	free(tmp);
	free(data);
	return 0;
}

/* Where the hypervisor's own user can read boot files: for a system
 * connection /var/lib/libvirt/boot, else the user's cache. */
static char *
boot_dir(bool sys)
{
	return sys ? xstrdup("/var/lib/libvirt/boot") : paths_cache("");
}

/* "6.1.0-28-cloud-amd64" of ".../vmlinuz-6.1.0-28-cloud-amd64", or
 * "custom". */
static const char *
kernel_version(const char *kernel)
{
	const char *base = strrchr(kernel, '/');

	base = base ? base + 1 : kernel;
	if (strncmp(base, "vmdeck-", 7) == 0)
		base += 7;
	return strncmp(base, "vmlinuz-", 8) == 0 && base[8] ? base + 8 :
	    "custom";
}

int
tiny_prepare(virConnectPtr conn, struct vmspec *s, bool make, tiny_say say,
    void *ctx, char **err)
{
	bool want_kernel = s->kernel && strcmp(s->kernel, "auto") == 0;
	bool want_initrd = s->initrd && strcmp(s->initrd, "busybox") == 0;
	char *uri, *dir, *k = NULL, *mods = NULL;
	bool sys;
	int rc = -1;

	if (!want_kernel && !want_initrd)
		return 0;
	uri = virConnectGetURI(conn);
	if (!hosturi_is_local(uri)) {
		*err = xasprintf("VM '%s': tiny-linux makes its boot files on this "
		    "machine, and %s is another host; give files on that host "
		    "with --set kernel=PATH --set initrd=PATH.", s->name, uri);
		free(uri);
		return -1;
	}
	sys = uri != NULL && strstr(uri, "/system") != NULL;
	free(uri);
	dir = boot_dir(sys);
	if (want_kernel) {
		k = tiny_find_kernel();
		if (k == NULL && !make) {
			/* --print-xml: where the kernel create fetches will be */
			char *cache = tiny_cache_dir(), *pkg = cloud_kernel_package();

			if (pkg == NULL) {
				*err = xstrdup("tiny-linux: no kernel in /boot, and apt "
				    "knows no Debian cloud kernel (linux-image-cloud-"
				    "amd64). Fix: run apt-get update as root, or set "
				    "VMDECK_TINY_KERNEL to a vmlinuz file.");
				free(cache);
				goto out;
			}
			k = xasprintf("%s/vmlinuz-%s", cache, pkg +
			    strlen("linux-image-"));
			free(pkg);
			free(cache);
		} else if (k == NULL && (k = tiny_fetch_kernel(say, ctx, err)) ==
		    NULL)
			goto out;
	} else
		k = xstrdup(s->kernel);
	mods = modules_for(k);
	/* a kernel in root's cache: copied where QEMU's user can read it */
	if (want_kernel && sys && strncmp(k, "/boot/", 6) != 0 &&
	    getenv("VMDECK_TINY_KERNEL") == NULL) {
		char *to = xasprintf("%s/vmdeck-vmlinuz-%s", dir,
		    kernel_version(k));

		if (make && (mkdir(dir, 0755), copy_file(k, to, err) < 0)) {
			free(to);
			goto out;
		}
		free(k);
		k = to;
	}
	if (want_kernel) {
		free(s->kernel);
		s->kernel = xstrdup(k);
	}
	if (want_initrd) {
		char *path = xasprintf("%s/vmdeck-tiny-initrd-%s.cpio", dir,
		    kernel_version(k));

		if (make && (mkdir(dir, 0755), tiny_write_initrd("/bin/busybox",
		    mods, path, err) < 0)) {
			free(path);
			goto out;
		}
		free(s->initrd);
		s->initrd = path;
	}
	rc = 0;
out:
	free(mods);
	free(k);
	free(dir);
	return rc;
}
