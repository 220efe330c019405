#include "vmspec.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "../util/words.h"
#include "../util/xalloc.h"
#include "../core/xmlutil.h"

void
vmspec_init(struct vmspec *s)
{
	memset(s, 0, sizeof *s);
	s->arch = xstrdup("x86_64");
	s->machine = xstrdup("pc");
	s->os = xstrdup("linux");
	s->vcpus = 1;
	s->memory_kib = 1024 * 1024;
	s->serial = true;
}

static void
disk_free(struct vmspec_disk *d)
{
	free(d->image);
	free(d->pool);
	free(d->format);
	free(d->image_format);
	free(d->bus);
	free(d->target);
	free(d->path);
	memset(d, 0, sizeof *d);
}

static void
nic_free(struct vmspec_nic *n)
{
	free(n->network);
	free(n->bridge);
	free(n->model);
	free(n->mac);
	memset(n, 0, sizeof *n);
}

void
vmspec_free(struct vmspec *s)
{
	char **strs[] = { &s->name, &s->description, &s->os, &s->variant,
	    &s->arch, &s->machine, &s->kernel, &s->initrd, &s->cmdline,
	    &s->user_data, &s->meta_data, &s->uuid };

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	for (size_t i = 0; i < s->ndisks; i++)
		disk_free(&s->disks[i]);
	for (size_t i = 0; i < s->nnics; i++)
		nic_free(&s->nics[i]);
	memset(s, 0, sizeof *s);
}

void
vmspec_copy(struct vmspec *dst, const struct vmspec *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
	dst->description = xstrdup(src->description);
	dst->os = xstrdup(src->os);
	dst->variant = xstrdup(src->variant);
	dst->arch = xstrdup(src->arch);
	dst->machine = xstrdup(src->machine);
	dst->kernel = xstrdup(src->kernel);
	dst->initrd = xstrdup(src->initrd);
	dst->cmdline = xstrdup(src->cmdline);
	dst->user_data = xstrdup(src->user_data);
	dst->meta_data = xstrdup(src->meta_data);
	dst->uuid = xstrdup(src->uuid);
	for (size_t i = 0; i < src->ndisks; i++) {
		const struct vmspec_disk *a = &src->disks[i];
		struct vmspec_disk *b = &dst->disks[i];

		b->image = xstrdup(a->image);
		b->pool = xstrdup(a->pool);
		b->format = xstrdup(a->format);
		b->image_format = xstrdup(a->image_format);
		b->bus = xstrdup(a->bus);
		b->target = xstrdup(a->target);
		b->path = xstrdup(a->path);
	}
	for (size_t i = 0; i < src->nnics; i++) {
		const struct vmspec_nic *a = &src->nics[i];
		struct vmspec_nic *b = &dst->nics[i];

		b->network = xstrdup(a->network);
		b->bridge = xstrdup(a->bridge);
		b->model = xstrdup(a->model);
		b->mac = xstrdup(a->mac);
	}
}

bool
vmspec_parse_size(const char *text, uint64_t *bytes)
{
	char *end;
	double v;
	uint64_t mult = 1;

	errno = 0;
	v = strtod(text, &end);
	if (end == text || errno != 0 || v < 0)
		return false;
	while (*end == ' ')
		end++;
	switch (toupper((unsigned char)*end)) {
	case '\0': break;
	case 'K': mult = 1ULL << 10; end++; break;
	case 'M': mult = 1ULL << 20; end++; break;
	case 'G': mult = 1ULL << 30; end++; break;
	case 'T': mult = 1ULL << 40; end++; break;
	default: return false;
	}
	if (strcasecmp(end, "ib") == 0 || strcasecmp(end, "b") == 0)
		end += strlen(end);
	if (*end != '\0' || v * (double)mult > 1e18)
		return false;
	*bytes = (uint64_t)(v * (double)mult);
	return true;
}

bool
vmspec_name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 64 || name[0] == '.' || name[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) &&
		    strchr("._-+", name[i]) == NULL)
			return false;
	return true;
}

static int
set_bool(bool *field, const char *value, const char **why)
{
	if (words_bool(value, field))
		return 0;
	*why = "expected yes or no";
	return -1;
}

static int
set_count(unsigned *field, const char *value, unsigned max, const char **why)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (end == value || *end != '\0' || errno != 0 || v < 1 ||
	    v > (long)max) {
		*why = "expected a whole number from 1 to 4096";
		return -1;
	}
	*field = (unsigned)v;
	return 0;
}

static int
set_memory(uint64_t *kib, const char *value, const char **why)
{
	uint64_t b;

	/* a bare number is MiB, as virt-install's --memory */
	if (strspn(value, "0123456789") == strlen(value) && *value != '\0') {
		b = strtoull(value, NULL, 10) << 20;
	} else if (!vmspec_parse_size(value, &b)) {
		*why = "expected a size such as 512M or 4G";
		return -1;
	}
	if (b < (16ULL << 20)) {
		*why = "at least 16M";
		return -1;
	}
	*kib = b >> 10;
	return 0;
}

/* Which disk or NIC a section names: "disk" 0, "disk2" 1 … -1 if none. */
static int
section_index(const char *section, const char *kind)
{
	size_t n = strlen(kind);
	long i;

	if (strncmp(section, kind, n) != 0)
		return -1;
	if (section[n] == '\0')
		return 0;
	i = strtol(section + n, NULL, 10);
	if (i < 2 || strspn(section + n, "0123456789") != strlen(section + n))
		return -1;
	return (int)i - 1;
}

static int
disk_set(struct vmspec *s, int i, const char *key, const char *value,
    const char **why)
{
	struct vmspec_disk *d;

	if (i >= VMSPEC_MAX_DISKS) {
		*why = "too many disks (at most 8)";
		return -1;
	}
	while (s->ndisks <= (size_t)i) {
		d = &s->disks[s->ndisks++];
		d->source = VMSPEC_SOURCE_EMPTY;
	}
	d = &s->disks[i];
	if (strcmp(key, "size") == 0) {
		if (!vmspec_parse_size(value, &d->size) || d->size < (1 << 20)) {
			*why = "expected a size of at least 1M, such as 20G";
			return -1;
		}
	} else if (strcmp(key, "source") == 0) {
		static const char *const words[] = { "empty", "backing", "copy",
		    "cdrom", "path" };
		size_t k;

		for (k = 0; k < 5; k++)
			if (strcasecmp(value, words[k]) == 0)
				break;
		if (k == 5) {
			*why = "expected empty, backing, copy, cdrom or path";
			return -1;
		}
		d->source = (enum vmspec_source)k;
	} else if (strcmp(key, "image") == 0)
		words_set(&d->image, value);
	else if (strcmp(key, "pool") == 0)
		words_set(&d->pool, value);
	else if (strcmp(key, "format") == 0) {
		if (strcmp(value, "qcow2") != 0 && strcmp(value, "raw") != 0) {
			*why = "expected qcow2 or raw";
			return -1;
		}
		words_set(&d->format, value);
	} else if (strcmp(key, "bus") == 0) {
		static const char *const buses[] = { "virtio", "sata", "scsi",
		    "ide", "usb" };
		bool ok = false;

		for (size_t k = 0; k < 5; k++)
			ok |= strcmp(value, buses[k]) == 0;
		if (!ok) {
			*why = "expected virtio, sata, scsi, ide or usb";
			return -1;
		}
		words_set(&d->bus, value);
	} else if (strcmp(key, "target") == 0)
		words_set(&d->target, value);
	else {
		*why = "unknown disk key (size, source, image, pool, format, "
		    "bus, target)";
		return -1;
	}
	return 0;
}

static int
nic_set(struct vmspec *s, int i, const char *key, const char *value,
    const char **why)
{
	struct vmspec_nic *n;

	if (i >= VMSPEC_MAX_NICS) {
		*why = "too many network interfaces (at most 8)";
		return -1;
	}
	while (s->nnics <= (size_t)i)
		s->nnics++;
	n = &s->nics[i];
	if (strcmp(key, "network") == 0) {
		words_set(&n->network, value);
		words_set(&n->bridge, "");
	} else if (strcmp(key, "bridge") == 0) {
		words_set(&n->bridge, value);
		words_set(&n->network, "");
	} else if (strcmp(key, "model") == 0)
		words_set(&n->model, value);
	else if (strcmp(key, "mac") == 0)
		words_set(&n->mac, value);
	else {
		*why = "unknown nic key (network, bridge, model, mac)";
		return -1;
	}
	return 0;
}

int
vmspec_set(struct vmspec *s, const char *section, const char *key,
    const char *value, const char **why)
{
	int i;

	if ((i = section_index(section, "disk")) >= 0)
		return disk_set(s, i, key, value, why);
	if ((i = section_index(section, "nic")) >= 0)
		return nic_set(s, i, key, value, why);
	if (strcmp(section, "cloud-init") == 0) {
		s->cloud_init = true;
		if (strcmp(key, "user-data") == 0)
			words_set(&s->user_data, value);
		else if (strcmp(key, "meta-data") == 0)
			words_set(&s->meta_data, value);
		else {
			*why = "unknown cloud-init key (user-data, meta-data)";
			return -1;
		}
		return 0;
	}
	if (strcmp(section, "template") != 0) {
		*why = "unknown section (template, disk, disk2 …, nic, nic2 …, "
		    "cloud-init)";
		return -1;
	}
	if (strcmp(key, "name") == 0) {
		if (!vmspec_name_ok(value)) {
			*why = "a name is letters, digits and . _ - +, at most "
			    "64, not starting with . or -";
			return -1;
		}
		words_set(&s->name, value);
	} else if (strcmp(key, "description") == 0)
		words_set(&s->description, value);
	else if (strcmp(key, "os") == 0) {
		if (strcmp(value, "linux") != 0 && strcmp(value, "windows") != 0 &&
		    strcmp(value, "bsd") != 0 && strcmp(value, "other") != 0) {
			*why = "expected linux, windows, bsd or other";
			return -1;
		}
		words_set(&s->os, value);
	} else if (strcmp(key, "variant") == 0)
		words_set(&s->variant, value);
	else if (strcmp(key, "arch") == 0)
		words_set(&s->arch, value);
	else if (strcmp(key, "machine") == 0)
		words_set(&s->machine, value);
	else if (strcmp(key, "firmware") == 0) {
		if (strcasecmp(value, "bios") == 0)
			s->firmware = VMSPEC_BIOS;
		else if (strcasecmp(value, "uefi") == 0)
			s->firmware = VMSPEC_UEFI;
		else {
			*why = "expected bios or uefi";
			return -1;
		}
	} else if (strcmp(key, "accel") == 0) {
		if (strcasecmp(value, "auto") == 0)
			s->accel = VMSPEC_ACCEL_AUTO;
		else if (strcasecmp(value, "kvm") == 0)
			s->accel = VMSPEC_ACCEL_KVM;
		else if (strcasecmp(value, "tcg") == 0)
			s->accel = VMSPEC_ACCEL_TCG;
		else {
			*why = "expected auto, kvm or tcg";
			return -1;
		}
	} else if (strcmp(key, "vcpus") == 0)
		return set_count(&s->vcpus, value, 4096, why);
	else if (strcmp(key, "max_vcpus") == 0)
		return set_count(&s->max_vcpus, value, 4096, why);
	else if (strcmp(key, "memory") == 0)
		return set_memory(&s->memory_kib, value, why);
	else if (strcmp(key, "max_memory") == 0)
		return set_memory(&s->max_memory_kib, value, why);
	else if (strcmp(key, "graphics") == 0) {
		if (strcasecmp(value, "none") == 0)
			s->graphics = VMSPEC_GRAPHICS_NONE;
		else if (strcasecmp(value, "vnc") == 0)
			s->graphics = VMSPEC_GRAPHICS_VNC;
		else {
			*why = "expected none or vnc";
			return -1;
		}
	} else if (strcmp(key, "console") == 0) {
		if (strcasecmp(value, "serial") == 0)
			s->serial = true;
		else if (strcasecmp(value, "none") == 0)
			s->serial = false;
		else {
			*why = "expected serial or none";
			return -1;
		}
	} else if (strcmp(key, "tpm") == 0)
		return set_bool(&s->tpm, value, why);
	else if (strcmp(key, "autostart") == 0)
		return set_bool(&s->autostart, value, why);
	else if (strcmp(key, "kernel") == 0)
		words_set(&s->kernel, value);
	else if (strcmp(key, "initrd") == 0)
		words_set(&s->initrd, value);
	else if (strcmp(key, "cmdline") == 0)
		words_set(&s->cmdline, value);
	else {
		*why = "unknown key (see vmdeck-templates(5))";
		return -1;
	}
	return 0;
}

int
vmspec_set_arg(struct vmspec *s, const char *arg, const char **why)
{
	const char *eq = strchr(arg, '=');
	char section[32], key[64];
	const char *dot;
	size_t klen;

	if (eq == NULL || eq == arg) {
		*why = "expected KEY=VALUE";
		return -1;
	}
	klen = (size_t)(eq - arg);
	dot = memchr(arg, '.', klen);
	if (dot != NULL) {
		size_t slen = (size_t)(dot - arg);

		if (slen >= sizeof section || klen - slen - 1 >= sizeof key) {
			*why = "key too long";
			return -1;
		}
		snprintf(section, sizeof section, "%.*s", (int)slen, arg);
		snprintf(key, sizeof key, "%.*s", (int)(klen - slen - 1), dot + 1);
	} else {
		if (klen >= sizeof key) {
			*why = "key too long";
			return -1;
		}
		snprintf(section, sizeof section, "template");
		snprintf(key, sizeof key, "%.*s", (int)klen, arg);
	}
	return vmspec_set(s, section, key, eq + 1, why);
}

int
vmspec_validate(const struct vmspec *s, char **err)
{
	if (!vmspec_name_ok(s->name)) {
		*err = xasprintf("'%s' is not a valid VM name: use letters, "
		    "digits and . _ - +, at most 64, not starting with . or -",
		    s->name ? s->name : "");
		return -1;
	}
	if (s->max_vcpus != 0 && s->max_vcpus < s->vcpus) {
		*err = xasprintf("VM '%s': max_vcpus (%u) is below vcpus (%u).",
		    s->name, s->max_vcpus, s->vcpus);
		return -1;
	}
	if (s->max_memory_kib != 0 && s->max_memory_kib < s->memory_kib) {
		*err = xasprintf("VM '%s': max_memory is below memory.", s->name);
		return -1;
	}
	for (size_t i = 0; i < s->ndisks; i++) {
		const struct vmspec_disk *d = &s->disks[i];

		if (d->source == VMSPEC_SOURCE_EMPTY && d->size == 0) {
			*err = xasprintf("VM '%s': disk %zu is new and empty but "
			    "has no size.", s->name, i + 1);
			return -1;
		}
		if (d->source != VMSPEC_SOURCE_EMPTY &&
		    (d->image == NULL || *d->image == '\0')) {
			*err = xasprintf("VM '%s': disk %zu needs an image "
			    "(disk%s.image=PATH).", s->name, i + 1,
			    i == 0 ? "" : "N");
			return -1;
		}
	}
	if (s->initrd != NULL && s->kernel == NULL) {
		*err = xasprintf("VM '%s': an initrd needs a kernel.", s->name);
		return -1;
	}
	return 0;
}

/* --- XML out ----------------------------------------------------------- */


static xmlNodePtr
child_attr(xmlNodePtr parent, const char *name, const char *a,
    const char *v)
{
	xmlNodePtr n = xmlutil_add(parent, name, NULL);

	xmlutil_set(n, a, v);
	return n;
}

/* The target name of disk i: vda, vdb … for virtio, sda … otherwise. */
static void
disk_target(const struct vmspec *s, size_t i, char *buf, size_t len)
{
	const struct vmspec_disk *d = &s->disks[i];
	const char *bus = d->bus ? d->bus : d->source == VMSPEC_SOURCE_CDROM ?
	    "sata" : "virtio";
	char prefix = strcmp(bus, "virtio") == 0 ? 'v' :
	    strcmp(bus, "ide") == 0 ? 'h' : 's';
	size_t same = 0;

	if (d->target != NULL) {
		snprintf(buf, len, "%s", d->target);
		return;
	}
	for (size_t k = 0; k < i; k++) {
		const struct vmspec_disk *o = &s->disks[k];
		const char *ob = o->bus ? o->bus :
		    o->source == VMSPEC_SOURCE_CDROM ? "sata" : "virtio";
		char op = strcmp(ob, "virtio") == 0 ? 'v' :
		    strcmp(ob, "ide") == 0 ? 'h' : 's';

		if (op == prefix && o->target == NULL)
			same++;
	}
	snprintf(buf, len, "%cd%c", prefix, (char)('a' + same));
}

char *
vmspec_to_xml(const struct vmspec *s, const char *type)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr dom = xmlNewNode(NULL, BAD_CAST "domain");
	xmlNodePtr n, os, devs, feat;
	char buf[64];

	xmlDocSetRootElement(doc, dom);
	xmlutil_set(dom, "type", type);
	xmlutil_add(dom, "name", s->name);
	if (s->uuid != NULL)
		xmlutil_add(dom, "uuid", s->uuid);
	if (s->description != NULL)
		xmlutil_add(dom, "description", s->description);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)
	    (s->max_memory_kib ? s->max_memory_kib : s->memory_kib));
	child_attr(dom, "memory", "unit", "KiB");
	xmlNodeSetContent(xmlGetLastChild(dom), BAD_CAST buf);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)s->memory_kib);
	n = xmlutil_add(dom, "currentMemory", buf);
	xmlutil_set(n, "unit", "KiB");
	snprintf(buf, sizeof buf, "%u", s->max_vcpus ? s->max_vcpus : s->vcpus);
	n = xmlutil_add(dom, "vcpu", buf);
	xmlutil_set(n, "placement", "static");
	if (s->max_vcpus > s->vcpus) {
		snprintf(buf, sizeof buf, "%u", s->vcpus);
		xmlutil_set(n, "current", buf);
	}

	os = xmlutil_add(dom, "os", NULL);
	if (s->firmware == VMSPEC_UEFI)
		xmlutil_set(os, "firmware", "efi");
	n = xmlutil_add(os, "type", "hvm");
	xmlutil_set(n, "arch", s->arch ? s->arch : "x86_64");
	xmlutil_set(n, "machine", s->machine ? s->machine : "pc");
	if (s->kernel != NULL) {
		xmlutil_add(os, "kernel", s->kernel);
		if (s->initrd != NULL)
			xmlutil_add(os, "initrd", s->initrd);
		if (s->cmdline != NULL)
			xmlutil_add(os, "cmdline", s->cmdline);
	} else {
		bool cdrom = false;

		for (size_t i = 0; i < s->ndisks; i++)
			cdrom |= s->disks[i].source == VMSPEC_SOURCE_CDROM;
		child_attr(os, "boot", "dev", "hd");
		if (cdrom)
			child_attr(os, "boot", "dev", "cdrom");
	}
	feat = xmlutil_add(dom, "features", NULL);
	xmlutil_add(feat, "acpi", NULL);
	xmlutil_add(feat, "apic", NULL);
	if (strcmp(type, "kvm") == 0)
		child_attr(dom, "cpu", "mode", "host-passthrough");
	n = child_attr(dom, "clock", "offset",
	    s->os && strcmp(s->os, "windows") == 0 ? "localtime" : "utc");
	xmlutil_add(dom, "on_poweroff", "destroy");
	xmlutil_add(dom, "on_reboot", "restart");
	xmlutil_add(dom, "on_crash", "destroy");

	devs = xmlutil_add(dom, "devices", NULL);
	for (size_t i = 0; i < s->ndisks; i++) {
		const struct vmspec_disk *d = &s->disks[i];
		bool cd = d->source == VMSPEC_SOURCE_CDROM;
		const char *file = d->path ? d->path : d->image;
		char target[16];

		n = xmlutil_add(devs, "disk", NULL);
		xmlutil_set(n, "type", "file");
		xmlutil_set(n, "device", cd ? "cdrom" : "disk");
		xmlNodePtr drv = child_attr(n, "driver", "name", "qemu");
		xmlutil_set(drv, "type", cd ? "raw" : d->format ? d->format :
		    d->source == VMSPEC_SOURCE_PATH ? "raw" : "qcow2");
		if (file != NULL)
			child_attr(n, "source", "file", file);
		disk_target(s, i, target, sizeof target);
		xmlNodePtr t = child_attr(n, "target", "dev", target);
		xmlutil_set(t, "bus", d->bus ? d->bus : cd ? "sata" : "virtio");
		if (cd)
			xmlutil_add(n, "readonly", NULL);
	}
	for (size_t i = 0; i < s->nnics; i++) {
		const struct vmspec_nic *c = &s->nics[i];

		n = xmlutil_add(devs, "interface", NULL);
		xmlutil_set(n, "type", c->bridge ? "bridge" : "network");
		if (c->mac != NULL)
			child_attr(n, "mac", "address", c->mac);
		if (c->bridge != NULL)
			child_attr(n, "source", "bridge", c->bridge);
		else
			child_attr(n, "source", "network",
			    c->network ? c->network : "default");
		child_attr(n, "model", "type", c->model ? c->model : "virtio");
	}
	if (s->serial) {
		n = child_attr(devs, "serial", "type", "pty");
		child_attr(n, "target", "port", "0");
		n = child_attr(devs, "console", "type", "pty");
		xmlNodePtr t = child_attr(n, "target", "type", "serial");
		xmlutil_set(t, "port", "0");
	}
	if (s->graphics == VMSPEC_GRAPHICS_VNC) {
		n = child_attr(devs, "graphics", "type", "vnc");
		xmlutil_set(n, "autoport", "yes");
		xmlutil_set(n, "listen", "127.0.0.1");
		n = xmlutil_add(devs, "video", NULL);
		child_attr(n, "model", "type", "virtio");
		child_attr(devs, "input", "type", "tablet");
		xmlutil_set(xmlGetLastChild(devs), "bus", "usb");
	}
	if (s->tpm) {
		n = child_attr(devs, "tpm", "model", "tpm-crb");
		xmlNodePtr b = child_attr(n, "backend", "type", "emulator");
		xmlutil_set(b, "version", "2.0");
	}
	/* the guest agent's line: addresses, fs-freeze, hostname */
	n = child_attr(devs, "channel", "type", "unix");
	xmlNodePtr ga = child_attr(n, "target", "type", "virtio");
	xmlutil_set(ga, "name", "org.qemu.guest_agent.0");
	child_attr(devs, "memballoon", "model", "virtio");
	n = child_attr(devs, "rng", "model", "virtio");
	child_attr(n, "backend", "model", "random");
	xmlNodeSetContent(xmlGetLastChild(n), BAD_CAST "/dev/urandom");

	return xmlutil_dump(doc);
}

char *
vmspec_volume_xml(const char *name, const struct vmspec_disk *d)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr vol = xmlNewNode(NULL, BAD_CAST "volume");
	xmlNodePtr n;
	char buf[32];

	xmlDocSetRootElement(doc, vol);
	xmlutil_add(vol, "name", name);
	snprintf(buf, sizeof buf, "%llu", (unsigned long long)d->size);
	n = xmlutil_add(vol, "capacity", buf);
	xmlutil_set(n, "unit", "bytes");
	n = xmlutil_add(vol, "target", NULL);
	child_attr(n, "format", "type", d->format ? d->format : "qcow2");
	if (d->source == VMSPEC_SOURCE_BACKING && d->image != NULL) {
		n = xmlutil_add(vol, "backingStore", NULL);
		xmlutil_add(n, "path", d->image);
		/* never guessed: create_plan read it (imgfmt) */
		if (d->image_format != NULL)
			child_attr(n, "format", "type", d->image_format);
	}
	return xmlutil_dump(doc);
}

/* --- XML in ------------------------------------------------------------ */

static char *
xp_string(xmlXPathContextPtr ctx, const char *expr)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	char *r = NULL;

	if (o != NULL && o->type == XPATH_STRING && o->stringval != NULL &&
	    o->stringval[0] != '\0')
		r = xstrdup((const char *)o->stringval);
	xmlXPathFreeObject(o);
	return r;
}

static char *
node_attr(xmlNodePtr n, const char *child_name, const char *a)
{
	xmlNodePtr c = xmlutil_child(n, child_name);
	xmlChar *v = c ? xmlGetProp(c, BAD_CAST a) : NULL;
	char *r = v ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return r;
}

static uint64_t
to_kib(const char *value, const char *unit)
{
	uint64_t v = value ? strtoull(value, NULL, 10) : 0;

	if (unit == NULL || strcasecmp(unit, "KiB") == 0 ||
	    strcasecmp(unit, "k") == 0)
		return v;
	if (strcasecmp(unit, "b") == 0 || strcasecmp(unit, "bytes") == 0)
		return v / 1024;
	if (strcasecmp(unit, "MiB") == 0 || strcasecmp(unit, "M") == 0)
		return v * 1024;
	if (strcasecmp(unit, "GiB") == 0 || strcasecmp(unit, "G") == 0)
		return v * 1024 * 1024;
	return v;
}

int
vmspec_from_xml(struct vmspec *s, const char *xml, char **err)
{
	xmlDocPtr doc = xmlutil_parse(xml);
	xmlXPathContextPtr ctx;
	xmlXPathObjectPtr o;
	char *v, *u;

	vmspec_init(s);
	if (doc == NULL) {
		xmlErrorPtr e = xmlGetLastError();
		char *why = xstrdup(e && e->message ? e->message : "parse error");
		size_t l = strlen(why);

		while (l > 0 && why[l - 1] == '\n')	/* libxml2 ends in one */
			why[--l] = '\0';
		*err = xasprintf("The domain XML is not well-formed: line %d: %s.",
		    e ? e->line : 0, why);
		free(why);
		vmspec_free(s);
		return -1;
	}
	ctx = xmlXPathNewContext(doc);
	s->name = xp_string(ctx, "string(/domain/name)");
	s->uuid = xp_string(ctx, "string(/domain/uuid)");
	s->description = xp_string(ctx, "string(/domain/description)");
	v = xp_string(ctx, "string(/domain/vcpu)");
	u = xp_string(ctx, "string(/domain/vcpu/@current)");
	s->max_vcpus = v ? (unsigned)atoi(v) : 1;
	s->vcpus = u ? (unsigned)atoi(u) : s->max_vcpus;
	if (s->max_vcpus == s->vcpus)
		s->max_vcpus = 0;
	free(v);
	free(u);
	v = xp_string(ctx, "string(/domain/memory)");
	u = xp_string(ctx, "string(/domain/memory/@unit)");
	s->max_memory_kib = to_kib(v, u);
	free(v);
	free(u);
	v = xp_string(ctx, "string(/domain/currentMemory)");
	u = xp_string(ctx, "string(/domain/currentMemory/@unit)");
	s->memory_kib = v ? to_kib(v, u) : s->max_memory_kib;
	if (s->memory_kib == s->max_memory_kib)
		s->max_memory_kib = 0;
	free(v);
	free(u);
	free(s->arch);
	s->arch = xp_string(ctx, "string(/domain/os/type/@arch)");
	free(s->machine);
	s->machine = xp_string(ctx, "string(/domain/os/type/@machine)");
	v = xp_string(ctx, "string(/domain/os/@firmware)");
	u = xp_string(ctx, "string(/domain/os/loader)");
	s->firmware = (v && strcmp(v, "efi") == 0) || u ? VMSPEC_UEFI :
	    VMSPEC_BIOS;
	free(v);
	free(u);
	s->kernel = xp_string(ctx, "string(/domain/os/kernel)");
	s->initrd = xp_string(ctx, "string(/domain/os/initrd)");
	s->cmdline = xp_string(ctx, "string(/domain/os/cmdline)");
	v = xp_string(ctx, "string(/domain/devices/graphics/@type)");
	s->graphics = v && strcmp(v, "vnc") == 0 ? VMSPEC_GRAPHICS_VNC :
	    VMSPEC_GRAPHICS_NONE;
	free(v);
	v = xp_string(ctx, "string(/domain/devices/serial/@type)");
	s->serial = v != NULL;
	free(v);
	v = xp_string(ctx, "string(/domain/devices/tpm/@model)");
	s->tpm = v != NULL;
	free(v);
	v = xp_string(ctx, "string(/domain/clock/@offset)");
	free(s->os);
	s->os = xstrdup(v && strcmp(v, "localtime") == 0 ? "windows" : "linux");
	free(v);

	o = xmlXPathEvalExpression(BAD_CAST "/domain/devices/disk", ctx);
	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr &&
	    s->ndisks < VMSPEC_MAX_DISKS; i++) {
		xmlNodePtr n = o->nodesetval->nodeTab[i];
		struct vmspec_disk *d = &s->disks[s->ndisks++];
		xmlChar *dev = xmlGetProp(n, BAD_CAST "device");

		d->source = dev && xmlStrcmp(dev, BAD_CAST "cdrom") == 0 ?
		    VMSPEC_SOURCE_CDROM : VMSPEC_SOURCE_PATH;
		xmlFree(dev);
		d->path = node_attr(n, "source", "file");
		if (d->path == NULL)
			d->path = node_attr(n, "source", "dev");
		d->image = xstrdup(d->path);
		d->format = node_attr(n, "driver", "type");
		d->bus = node_attr(n, "target", "bus");
		d->target = node_attr(n, "target", "dev");
	}
	xmlXPathFreeObject(o);
	o = xmlXPathEvalExpression(BAD_CAST "/domain/devices/interface", ctx);
	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr &&
	    s->nnics < VMSPEC_MAX_NICS; i++) {
		xmlNodePtr n = o->nodesetval->nodeTab[i];
		struct vmspec_nic *c = &s->nics[s->nnics++];

		c->network = node_attr(n, "source", "network");
		c->bridge = node_attr(n, "source", "bridge");
		c->model = node_attr(n, "model", "type");
		c->mac = node_attr(n, "mac", "address");
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	if (s->name == NULL) {
		*err = xstrdup("The domain XML has no <name>.");
		vmspec_free(s);
		return -1;
	}
	return 0;
}
