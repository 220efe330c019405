/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * Unit tests of templates and VM specs: every key, every error with
 * file:line, --set overrides, user templates overriding shipped ones, and
 * spec -> XML -> spec for every shipped template (checked against
 * libvirt's schema where virt-xml-validate is installed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unistd.h>

#include "../../src/create/accel.h"
#include "../../src/create/create.h"
#include "../../src/create/imgfmt.h"
#include "../../src/config/shipped.h"
#include "../../src/create/template.h"
#include "../../src/create/seed.h"
#include "../../src/create/tiny.h"
#include "../../src/vm/vmdelete.h"
#include "../../src/create/vmspec.h"
#include "../../src/util/diag.h"
#include "../../src/util/xalloc.h"
#include "../common/testutil.h"

static void
test_every_key(void **state)
{
	static const char text[] =
	    "[template]\n"
	    "name = full\n"
	    "description = every key\n"
	    "os = windows\n"
	    "variant = win11\n"
	    "arch = x86_64\n"
	    "machine = q35\n"
	    "firmware = uefi\n"
	    "accel = tcg\n"
	    "vcpus = 2\n"
	    "max_vcpus = 4\n"
	    "memory = 2G\n"
	    "max_memory = 4096\n"
	    "graphics = vnc\n"
	    "console = none\n"
	    "tpm = yes\n"
	    "autostart = yes\n"
	    "kernel = /k\n"
	    "initrd = /i\n"
	    "cmdline = console=ttyS0 quiet\n"
	    "[disk]\n"
	    "size = 20G\n"
	    "source = backing\n"
	    "image = /img/base.qcow2\n"
	    "pool = fast\n"
	    "format = qcow2\n"
	    "bus = sata\n"
	    "target = sda\n"
	    "[disk2]\n"
	    "source = cdrom\n"
	    "image = /iso/x.iso\n"
	    "[nic]\n"
	    "bridge = br0\n"
	    "model = e1000e\n"
	    "mac = 52:54:00:00:00:01\n"
	    "[nic2]\n"
	    "network = lab\n"
	    "[cloud-init]\n"
	    "user-data = /u\n"
	    "meta-data = /m\n";
	struct template t;
	struct diags d = { 0 };

	(void)state;
	assert_int_equal(template_parse(&t, "stem", "t.ini", text, strlen(text),
	    &d), 0);
	assert_int_equal(d.n, 0);
	assert_string_equal(t.name, "full");
	assert_string_equal(t.description, "every key");
	assert_string_equal(t.spec.os, "windows");
	assert_string_equal(t.spec.variant, "win11");
	assert_string_equal(t.spec.machine, "q35");
	assert_int_equal(t.spec.firmware, VMSPEC_UEFI);
	assert_int_equal(t.spec.accel, VMSPEC_ACCEL_TCG);
	assert_int_equal(t.spec.vcpus, 2);
	assert_int_equal(t.spec.max_vcpus, 4);
	assert_int_equal(t.spec.memory_kib, 2 * 1024 * 1024);
	assert_int_equal(t.spec.max_memory_kib, 4 * 1024 * 1024);
	assert_int_equal(t.spec.graphics, VMSPEC_GRAPHICS_VNC);
	assert_false(t.spec.serial);
	assert_true(t.spec.tpm);
	assert_true(t.spec.autostart);
	assert_string_equal(t.spec.cmdline, "console=ttyS0 quiet");
	assert_int_equal(t.spec.ndisks, 2);
	assert_int_equal(t.spec.disks[0].size, 20ULL << 30);
	assert_int_equal(t.spec.disks[0].source, VMSPEC_SOURCE_BACKING);
	assert_string_equal(t.spec.disks[0].pool, "fast");
	assert_string_equal(t.spec.disks[0].target, "sda");
	assert_int_equal(t.spec.disks[1].source, VMSPEC_SOURCE_CDROM);
	assert_int_equal(t.spec.nnics, 2);
	assert_string_equal(t.spec.nics[0].bridge, "br0");
	assert_null(t.spec.nics[0].network);
	assert_string_equal(t.spec.nics[1].network, "lab");
	assert_string_equal(t.spec.user_data, "/u");
	assert_string_equal(t.spec.meta_data, "/m");
	template_free(&t);
}

static void
test_errors_name_the_line(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "[template]\nvcpus = 0\n", "t.ini:2: [template] vcpus = 0: "
		    "expected a whole number from 1 to 4096" },
		{ "[template]\nmemory = lots\n", "t.ini:2: [template] memory = "
		    "lots: expected a size such as 512M or 4G" },
		{ "[template]\nfirmware = coreboot\n", "t.ini:2: [template] "
		    "firmware = coreboot: expected bios or uefi" },
		{ "[template]\ncolour = red\n", "t.ini:2: [template] colour = "
		    "red: unknown key (see vmdeck-templates(5))" },
		{ "[disk]\nsize = huge\n", "t.ini:2: [disk] size = huge: "
		    "expected a size of at least 1M, such as 20G" },
		{ "[disk]\nsource = torrent\n", "t.ini:2: [disk] source = "
		    "torrent: expected empty, backing, copy, cdrom or path" },
		{ "[disk9]\nsize = 1G\n", "t.ini:2: [disk9] size = 1G: too "
		    "many disks (at most 8)" },
		{ "[nic]\nspeed = 10G\n", "t.ini:2: [nic] speed = 10G: unknown "
		    "nic key (network, bridge, model, mac)" },
		{ "[volume]\nsize = 1G\n", "t.ini:2: [volume] size = 1G: "
		    "unknown section (template, disk, disk2 …, nic, nic2 …, "
		    "cloud-init)" },
		{ "[template]\nname = bad name\n", "t.ini:2: name: 'bad name' is "
		    "not a valid template name" },
		{ "[disk]\nsource = empty\n", "t.ini: disk 1 is new and empty "
		    "but has no size" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct template t;
		struct diags d = { 0 };

		assert_int_equal(template_parse(&t, "x", "t.ini", bad[i].text,
		    strlen(bad[i].text), &d), -1);
		if (d.n != 1 || strcmp(d.msgs[0], bad[i].msg) != 0)
			fail_msg("[%s] gave %zu message(s): [%s]", bad[i].msg,
			    d.n, d.n ? d.msgs[0] : "");
		diag_clear(&d);
	}
}

static void
test_set_args(void **state)
{
	struct vmspec s;
	const char *why = NULL;

	(void)state;
	vmspec_init(&s);
	assert_int_equal(vmspec_set_arg(&s, "vcpus=8", &why), 0);
	assert_int_equal(s.vcpus, 8);
	assert_int_equal(vmspec_set_arg(&s, "memory=512", &why), 0);
	assert_int_equal(s.memory_kib, 512 * 1024);
	assert_int_equal(vmspec_set_arg(&s, "disk.size=40G", &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "disk2.source=cdrom", &why), 0);
	assert_int_equal(s.ndisks, 2);
	assert_int_equal(s.disks[0].size, 40ULL << 30);
	assert_int_equal(vmspec_set_arg(&s, "nic.network=lab", &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "cloud-init.user-data=/u", &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "novalue", &why), -1);
	assert_string_equal(why, "expected KEY=VALUE");
	assert_int_equal(vmspec_set_arg(&s, "disk.colour=red", &why), -1);
	vmspec_free(&s);

	uint64_t b;
	assert_true(vmspec_parse_size("20GiB", &b));
	assert_int_equal(b, 20ULL << 30);
	assert_true(vmspec_parse_size("1.5G", &b));
	assert_int_equal(b, 3ULL << 29);
	assert_true(vmspec_parse_size("4096", &b));
	assert_false(vmspec_parse_size("-1G", &b));
	assert_false(vmspec_parse_size("2X", &b));
	assert_true(vmspec_name_ok("web-01.lab_a+b"));
	assert_false(vmspec_name_ok(".hidden"));
	assert_false(vmspec_name_ok("a b"));
	assert_false(vmspec_name_ok(""));
}

static void
test_validate(void **state)
{
	struct vmspec s;
	char *err = NULL;
	const char *why;

	(void)state;
	vmspec_init(&s);
	assert_int_equal(vmspec_validate(&s, &err), -1);
	assert_non_null(strstr(err, "is not a valid VM name"));
	free(err);
	vmspec_set(&s, "template", "name", "ok", &why);
	assert_int_equal(vmspec_validate(&s, &err), 0);
	vmspec_set(&s, "disk", "source", "backing", &why);
	assert_int_equal(vmspec_validate(&s, &err), -1);
	assert_string_equal(err, "VM 'ok': disk 1 needs an image "
	    "(disk.image=PATH).");
	free(err);
	vmspec_set(&s, "disk", "image", "/i", &why);
	assert_int_equal(vmspec_validate(&s, &err), 0);
	vmspec_set(&s, "template", "max_vcpus", "1", &why);
	vmspec_set(&s, "template", "vcpus", "2", &why);
	assert_int_equal(vmspec_validate(&s, &err), -1);
	free(err);
	vmspec_free(&s);
}

static void
test_user_overrides_shipped(void **state)
{
	char *dir = testutil_tmpdir();
	static const char mine[] = "[template]\ndescription = mine\n"
	    "vcpus = 16\n";
	static const char broken[] = "[template]\nvcpus = many\n";
	char *p;
	struct template_set set;
	struct diags d = { 0 };
	const char *dirs[] = { dir, NULL };

	(void)state;
	p = testutil_write(dir, "tiny-linux.ini", mine, strlen(mine));
	free(p);
	p = testutil_write(dir, "broken.ini", broken, strlen(broken));
	free(p);
	template_set_load(&set, dirs, &d);
	const struct template *t = template_set_find(&set, "tiny-linux");
	assert_non_null(t);
	assert_string_equal(t->description, "mine");
	assert_int_equal(t->spec.vcpus, 16);
	assert_int_equal(set.n, shipped_templates_count);
	assert_null(template_set_find(&set, "broken"));
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.msgs[0], "broken.ini:2: [template] vcpus"));
	diag_clear(&d);
	template_set_free(&set);
	testutil_rmtree(dir);
	free(dir);
}

/* Whether libvirt's schema accepts xml (true when the validator is not
 * installed: nothing to check against). */
static bool
schema_ok(const char *xml, const char *dir)
{
	char *p, *cmd;
	int rc;

	if (access("/usr/bin/virt-xml-validate", X_OK) != 0)
		return true;
	p = testutil_write(dir, "domain.xml", xml, strlen(xml));
	cmd = xasprintf("/usr/bin/virt-xml-validate %s domain "
	    ">/dev/null 2>&1", p);
	rc = system(cmd);
	if (rc != 0)
		fprintf(stderr, "schema rejects:\n%s\n", xml);
	free(cmd);
	free(p);
	return rc == 0;
}

static void
test_round_trip_shipped(void **state)
{
	struct template_set set;
	struct diags d = { 0 };
	char *dir = testutil_tmpdir();

	(void)state;
	template_set_load(&set, NULL, &d);
	assert_int_equal(d.n, 0);
	assert_int_equal(set.n, 7);
	for (size_t i = 0; i < set.n; i++) {
		struct vmspec a, b;
		char *xml, *err = NULL;
		const char *why;

		vmspec_copy(&a, &set.t[i].spec);
		vmspec_set(&a, "template", "name", "rt-vm", &why);
		for (size_t k = 0; k < a.ndisks; k++) {
			free(a.disks[k].path);
			a.disks[k].path = xasprintf("/var/lib/libvirt/"
			    "images/rt-%zu.img", k);
		}
		/* "auto" and "busybox" become paths at create time */
		if (strcmp(set.t[i].name, "tiny-linux") == 0) {
			assert_string_equal(a.kernel, "auto");
			assert_string_equal(a.initrd, "busybox");
			vmspec_set(&a, "template", "kernel", "/boot/vmlinuz", &why);
			vmspec_set(&a, "template", "initrd", "/boot/initrd", &why);
		}
		/* the libosinfo metadata create_plan adds */
		if (strcmp(set.t[i].name, "windows-11") == 0)
			a.osinfo_id = xstrdup("http://microsoft.com/win/11");
		xml = vmspec_to_xml(&a, "qemu");
		assert_true(schema_ok(xml, dir));
		if (vmspec_from_xml(&b, xml, &err) < 0)
			fail_msg("%s: %s", set.t[i].name, err);
		assert_string_equal(b.name, "rt-vm");
		if (a.osinfo_id != NULL)
			assert_string_equal(b.osinfo_id, a.osinfo_id);
		else
			assert_null(b.osinfo_id);
		assert_int_equal(b.vcpus, a.vcpus);
		assert_int_equal(b.memory_kib, a.memory_kib);
		assert_int_equal(b.firmware, a.firmware);
		assert_int_equal(b.graphics, a.graphics);
		assert_int_equal(b.serial, a.serial);
		assert_int_equal(b.tpm, a.tpm);
		assert_string_equal(b.machine, a.machine);
		assert_int_equal(b.ndisks, a.ndisks);
		for (size_t k = 0; k < a.ndisks; k++)
			assert_string_equal(b.disks[k].path, a.disks[k].path);
		assert_int_equal(b.nnics, a.nnics);
		for (size_t k = 0; k < a.nnics; k++)
			assert_string_equal(b.nics[k].model, a.nics[k].model ?
			    a.nics[k].model : "virtio");
		if (a.kernel != NULL)
			assert_string_equal(b.kernel, a.kernel);
		/* and XML -> spec -> XML is stable */
		char *again = vmspec_to_xml(&b, "qemu");
		struct vmspec c;
		assert_int_equal(vmspec_from_xml(&c, again, &err), 0);
		char *third = vmspec_to_xml(&c, "qemu");
		assert_string_equal(again, third);
		free(xml);
		free(again);
		free(third);
		vmspec_free(&a);
		vmspec_free(&b);
		vmspec_free(&c);
	}
	template_set_free(&set);
	testutil_rmtree(dir);
	free(dir);
}

static void
test_from_bad_xml(void **state)
{
	struct vmspec s;
	char *err = NULL;

	(void)state;
	assert_int_equal(vmspec_from_xml(&s, "<domain><name>x</name>", &err), -1);
	assert_non_null(strstr(err, "The domain XML is not well-formed: line"));
	free(err);
	assert_int_equal(vmspec_from_xml(&s, "<domain/>", &err), -1);
	assert_string_equal(err, "The domain XML has no <name>.");
	free(err);
}

/* The tiny-linux initramfs is a newc cpio that cpio(1) reads back. */
static void
test_tiny_initrd(void **state)
{
	char *dir = testutil_tmpdir();
	char *bb = testutil_write(dir, "busybox", "#!fake busybox\n", 15);
	char *out = testutil_path(dir, "initrd.cpio");
	char *err = NULL, *cmd, *list;
	FILE *p;
	char buf[4096];
	size_t n;

	(void)state;
	/* the kernel's power-button modules go in where they are found */
	char *m1 = testutil_write(dir, "mods/kernel/drivers/input/evdev.ko",
	    "e", 1);
	char *m2 = testutil_write(dir, "mods/kernel/drivers/acpi/button.ko",
	    "b", 1);
	/* and the drivers for disks, network and CD-ROMs */
	char *m3 = testutil_write(dir, "mods/kernel/drivers/net/virtio_net.ko",
	    "n", 1);
	char *m4 = testutil_write(dir, "mods/kernel/fs/isofs/isofs.ko", "i",
	    1);
	char *mods = testutil_path(dir, "mods");

	assert_int_equal(tiny_write_initrd(bb, mods, out, &err), 0);
	free(m1);
	free(m2);
	free(m3);
	free(m4);
	free(mods);
	cmd = xasprintf("cpio -it --quiet < %s 2>&1", out);
	p = popen(cmd, "r");
	n = fread(buf, 1, sizeof buf - 1, p);
	buf[n] = '\0';
	pclose(p);
	list = buf;
	assert_non_null(strstr(list, "bin/busybox\n"));
	assert_non_null(strstr(list, "init\n"));
	assert_non_null(strstr(list, "dev/console\n"));
	assert_non_null(strstr(list, "lib/evdev.ko\n"));
	assert_non_null(strstr(list, "lib/button.ko\n"));
	assert_non_null(strstr(list, "lib/virtio_net.ko\n"));
	assert_non_null(strstr(list, "lib/isofs.ko\n"));
	assert_non_null(strstr(list, "bin/dhcp-up\n"));
	/* a module the kernel lacks is left out */
	assert_null(strstr(list, "lib/sr_mod.ko"));
	free(cmd);
	/* the init script powers off on the ACPI button */
	cmd = xasprintf("cpio -i --quiet --to-stdout init < %s", out);
	p = popen(cmd, "r");
	n = fread(buf, 1, sizeof buf - 1, p);
	buf[n] = '\0';
	pclose(p);
	assert_non_null(strstr(buf, "insmod"));
	assert_non_null(strstr(buf, "Power Button"));
	assert_non_null(strstr(buf, "poweroff -f"));
	/* virtio's transport before its drivers; an address asked for */
	assert_true(strstr(buf, "virtio_pci ") < strstr(buf, "virtio_net "));
	assert_non_null(strstr(buf, "udhcpc"));
	free(cmd);
	assert_int_equal(tiny_write_initrd("/nonexistent/busybox", NULL, out, &err),
	    -1);
	assert_non_null(strstr(err, "busybox-static"));
	free(err);
	free(bb);
	free(out);
	testutil_rmtree(dir);
	free(dir);
}

/* The seed: user-data with the user's keys, an ISO labelled cidata. */
static void
test_seed(void **state)
{
	char *dir = testutil_tmpdir();
	char *key = testutil_write(dir, "ssh/id_ed25519.pub",
	    "ssh-ed25519 AAAAC3Nz me@host\n", 29);
	char *key2 = testutil_write(dir, "ssh/other.pub",
	    "ssh-ed25519 AAAAC3Nz me@host\n", 29);
	char *ssh = testutil_path(dir, "ssh");
	struct seed_keys k;
	char *ud;
	struct vmspec s;
	const char *why;
	char *err = NULL, *iso, *cmd, buf[256];
	FILE *p;
	size_t n;

	(void)state;
	/* two files with one key: the key once */
	seed_keys_find(&k, ssh, false);
	assert_int_equal(k.n, 1);
	ud = seed_user_data("alice", &k);
	seed_keys_clear(&k);
	assert_non_null(strstr(ud, "#cloud-config\n"));
	assert_non_null(strstr(ud, "  - name: alice\n"));
	assert_non_null(strstr(ud, "    ssh_authorized_keys:\n"
	    "      - ssh-ed25519 AAAAC3Nz me@host\n"));
	free(ud);
	/* no keys: no empty ssh_authorized_keys entry */
	unlink(key);
	unlink(key2);
	seed_keys_find(&k, ssh, false);
	assert_int_equal(k.n, 0);
	ud = seed_user_data("alice", &k);
	assert_null(strstr(ud, "ssh_authorized_keys"));
	free(ud);
	seed_keys_clear(&k);
	free(key2);
	vmspec_init(&s);
	vmspec_set(&s, "template", "name", "ci1", &why);
	iso = seed_build(&s, NULL, dir, &err);
	if (iso == NULL)
		fail_msg("%s", err);
	cmd = xasprintf("xorriso -indev %s -pvd_info 2>/dev/null | "
	    "grep -c 'Volume Id    : cidata'", iso);
	p = popen(cmd, "r");
	n = fread(buf, 1, sizeof buf - 1, p);
	buf[n] = '\0';
	pclose(p);
	assert_string_equal(buf, "1\n");
	free(cmd);
	cmd = xasprintf("xorriso -osirrox on -indev %s -extract /meta-data "
	    "%s/md >/dev/null 2>&1 && cat %s/md", iso, dir, dir);
	p = popen(cmd, "r");
	n = fread(buf, 1, sizeof buf - 1, p);
	buf[n] = '\0';
	pclose(p);
	assert_string_equal(buf, "instance-id: ci1\nlocal-hostname: ci1\n");
	free(cmd);
	unlink(iso);
	free(iso);
	/* a user-data file that is not there */
	vmspec_set(&s, "cloud-init", "user-data", "/nonexistent/ud", &why);
	assert_null(seed_build(&s, NULL, dir, &err));
	assert_non_null(strstr(err, "Could not read cloud-init file "
	    "/nonexistent/ud"));
	free(err);
	vmspec_free(&s);
	free(key);
	free(ssh);
	testutil_rmtree(dir);
	free(dir);
}

/* Formats come from qemu-img's JSON, never from a name. */
static void
test_image_formats(void **state)
{
	char *dir = testutil_tmpdir();
	char *img = testutil_qcow2(dir, "cloud.img");
	char *iso = testutil_iso(dir, "x.iso");
	char *page = testutil_write(dir, "page.img", "<html>404</html>", 16);
	char zeros[1024] = { 0 };
	char *blank = testutil_write(dir, "blank.raw", zeros, sizeof zeros);
	char *f, *err = NULL;

	(void)state;
	/* the outermost "format" only; nested and longer keys do not count */
	f = imgfmt_from_qemu_json("{\"backing-filename-format\": \"raw\", "
	    "\"children\": [{\"info\": {\"format\": \"file\"}}], "
	    "\"format-specific\": {\"type\": \"qcow2\"}, "
	    "\"filename\": \"a \\\"format\\\": x\", "
	    "\"format\": \"qcow2\"}");
	assert_string_equal(f, "qcow2");
	free(f);
	assert_null(imgfmt_from_qemu_json("{\"children\": [{\"format\": "
	    "\"raw\"}]}"));
	assert_null(imgfmt_from_qemu_json("{\"format\": 3}"));
	assert_null(imgfmt_from_qemu_json("{\"format"));
	assert_null(imgfmt_from_qemu_json(""));
	/* an .img that is qcow2 inside, read by qemu-img on a local host */
	virConnectPtr conn = virConnectOpen("test:///default");
	assert_non_null(conn);
	f = imgfmt_detect(conn, img, &err);
	if (f == NULL)
		fail_msg("%s", err);
	assert_string_equal(f, "qcow2");
	free(f);
	f = imgfmt_detect(conn, iso, &err);
	assert_string_equal(f, "raw");
	free(f);
	assert_null(imgfmt_detect(conn, "/nonexistent/x.img", &err));
	assert_non_null(strstr(err, "Cannot read '/nonexistent/x.img'"));
	free(err);
	virConnectClose(conn);
	/* signatures: an ISO is an ISO; a raw image must look like a disk */
	assert_true(imgfmt_is_iso(iso, &err));
	assert_false(imgfmt_is_iso(img, &err));
	assert_non_null(strstr(err, "is not an ISO 9660 image"));
	free(err);
	assert_false(imgfmt_raw_is_disk(page, &err));
	assert_non_null(strstr(err, "a saved error page"));
	free(err);
	assert_false(imgfmt_raw_is_disk(blank, &err));
	assert_non_null(strstr(err, "no partition table"));
	free(err);
	free(img);
	free(iso);
	free(page);
	free(blank);
	testutil_rmtree(dir);
	free(dir);
}

/* What needs UEFI or a TPM is refused where the host offers neither,
 * naming the package. */
static void
test_caps_refusals(void **state)
{
	static const char none[] = "<domainCapabilities><os supported='yes'>"
	    "<enum name='firmware'/><loader supported='yes'/></os><devices>"
	    "<tpm supported='no'/></devices></domainCapabilities>";
	static const char all[] = "<domainCapabilities><os supported='yes'>"
	    "<enum name='firmware'><value>efi</value></enum><loader "
	    "supported='yes'><value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>"
	    "</loader></os><devices><tpm supported='yes'><enum "
	    "name='backendModel'><value>emulator</value></enum></tpm>"
	    "</devices></domainCapabilities>";
	struct vmspec s;
	const char *why;
	char *err = NULL;

	(void)state;
	vmspec_init(&s);
	vmspec_set(&s, "template", "name", "w11", &why);
	assert_int_equal(create_check_caps(none, &s, &err), 0);
	vmspec_set(&s, "template", "firmware", "uefi", &why);
	assert_int_equal(create_check_caps(none, &s, &err), -1);
	assert_non_null(strstr(err, "VM 'w11' needs UEFI firmware"));
	assert_non_null(strstr(err, "apt-get install ovmf"));
	free(err);
	assert_int_equal(create_check_caps(all, &s, &err), 0);
	vmspec_set(&s, "template", "tpm", "yes", &why);
	assert_int_equal(create_check_caps(all, &s, &err), 0);
	vmspec_set(&s, "template", "firmware", "bios", &why);
	assert_int_equal(create_check_caps(none, &s, &err), -1);
	assert_non_null(strstr(err, "swtpm"));
	free(err);
	vmspec_free(&s);
}

/* Which start failures are KVM's, for the retry under TCG. */
static void
test_kvm_failures(void **state)
{
	(void)state;
	assert_true(accel_kvm_failure("internal error: qemu unexpectedly "
	    "closed the monitor: error: failed to set MSR 0x10a to 0x69"));
	assert_true(accel_kvm_failure("Could not access KVM kernel module: "
	    "Permission denied"));
	assert_false(accel_kvm_failure("Cannot access storage file "
	    "'/x.qcow2': No such file or directory"));
	assert_false(accel_kvm_failure("network 'default' is not active"));
	assert_false(accel_kvm_failure(NULL));
}

/* Delete with storage: the disks and the VM's own seed, not an
 * installer ISO. */
static void
test_delete_paths(void **state)
{
	static const char xml[] = "<domain><name>web1</name><devices>"
	    "<disk type='file' device='disk'><source file='/p/web1-disk1.qcow2'/>"
	    "<target dev='vda' bus='virtio'/></disk>"
	    "<disk type='file' device='cdrom'><source file='/p/web1-seed.iso'/>"
	    "<target dev='sda' bus='sata'/></disk>"
	    "<disk type='file' device='cdrom'><source file='/p/debian.iso'/>"
	    "<target dev='sdb' bus='sata'/></disk>"
	    "<disk type='file' device='cdrom'><source file='/p/web10-seed.iso'/>"
	    "<target dev='sdc' bus='sata'/></disk></devices></domain>";
	char **paths, *err = NULL;
	long n;

	(void)state;
	n = vmdelete_paths("web1", xml, &paths, &err);
	assert_int_equal(n, 2);
	assert_string_equal(paths[0], "/p/web1-disk1.qcow2");
	assert_string_equal(paths[1], "/p/web1-seed.iso");
	for (long i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	assert_int_equal(vmdelete_paths("x", "<not xml", &paths, &err), -1);
	free(err);
}

/* Every key of the table is in vmdeck-templates(5) under its section,
 * and the unknown-key message of its section names it. */
static void
test_keys_documented(void **state)
{
	FILE *f = fopen("man/vmdeck-templates.5", "r");
	char *man = calloc(1, 1 << 17);
	const char *key, *section;
	size_t n;

	(void)state;
	assert_non_null(f);
	n = fread(man, 1, (1 << 17) - 1, f);
	fclose(f);
	assert_true(n > 0);
	for (size_t i = 0; (key = vmspec_key(i, &section)) != NULL; i++) {
		char head[64], want[64];
		const char *start, *end, *hit, *unknown;

		snprintf(head, sizeof head, ".Ss [%s]", section);
		start = strstr(man, head);
		if (start == NULL) {
			fail_msg("vmdeck-templates.5 has no section %s", head);
			continue;
		}
		end = strstr(start + 1, ".Ss ");
		if (end == NULL)
			end = strstr(start + 1, ".Sh ");
		snprintf(want, sizeof want, "Cm %s", key);
		hit = strstr(start, want);
		/* the key's own word, not a longer one (max_vcpus in vcpus) */
		while (hit != NULL && (hit[strlen(want)] != '\n' &&
		    hit[strlen(want)] != ' '))
			hit = strstr(hit + 1, want);
		if (hit == NULL || (end != NULL && hit > end))
			fail_msg("vmdeck-templates.5 lacks key %s in [%s]", key,
			    section);
		unknown = vmspec_unknown_key_text(section);
		assert_non_null(unknown);
		if (strcmp(section, "template") != 0 && strstr(unknown, key) ==
		    NULL)
			fail_msg("the unknown-key message of [%s] lacks %s",
			    section, key);
	}
	free(man);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_set_args),
		cmocka_unit_test(test_validate),
		cmocka_unit_test(test_user_overrides_shipped),
		cmocka_unit_test(test_round_trip_shipped),
		cmocka_unit_test(test_from_bad_xml),
		cmocka_unit_test(test_tiny_initrd),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_image_formats),
		cmocka_unit_test(test_caps_refusals),
		cmocka_unit_test(test_kvm_failures),
		cmocka_unit_test(test_delete_paths),
		cmocka_unit_test(test_keys_documented),
	};

	return cmocka_run_group_tests_name("templates", tests, NULL, NULL);
}
