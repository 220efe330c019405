/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vmspec.h"

#include <ctype.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

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

/* --- the keys ------------------------------------------------------------ */

/* Where a key lives: the spec, one of its disks, one of its NICs. */
enum key_part { P_TEMPLATE, P_DISK, P_NIC, P_CLOUD };

/* How a key's text becomes its field. */
enum key_type {
	K_STR,		/* char *, as written */
	K_NAME,		/* char *: a VM name (vmspec_name_ok) */
	K_STRWORD,	/* char *: one of words, as written */
	K_CHOICE,	/* an enum (int): the place of one of words, any case */
	K_BOOLWORD,	/* bool: words[0] true, words[1] false, any case */
	K_BOOL,		/* bool: yes or no */
	K_COUNT,	/* unsigned: 1 to 4096 */
	K_MEMORY,	/* uint64_t KiB: a size of at least 16M; bare: MiB */
	K_SIZE,		/* uint64_t bytes: a size of at least 1M */
};

/* One row per key: the parser, free, copy, the unknown-key messages and
 * the man page test (every key is in vmdeck-templates(5)) read them. */
static const struct vmspec_key {
	enum key_part part;
	const char *key;
	enum key_type type;
	size_t off;			/* in struct vmspec, _disk or _nic */
	size_t clears;			/* K_STR: a field it empties, or 0 */
	const char *const *words;	/* K_STRWORD, K_CHOICE, K_BOOLWORD */
	const char *why;		/* what a bad value is told */
} keys[] = {
#define S(f) offsetof(struct vmspec, f)
#define D(f) offsetof(struct vmspec_disk, f)
#define N(f) offsetof(struct vmspec_nic, f)
#define W(...) (const char *const[]){ __VA_ARGS__, NULL }
	{ P_TEMPLATE, "name", K_NAME, S(name), 0, NULL, "a name is letters, "
	    "digits and . _ - +, at most 64, not starting with . or -" },
	{ P_TEMPLATE, "description", K_STR, S(description), 0, NULL, NULL },
	{ P_TEMPLATE, "os", K_STRWORD, S(os), 0,
	    W("linux", "windows", "bsd", "other"),
	    "expected linux, windows, bsd or other" },
	{ P_TEMPLATE, "variant", K_STR, S(variant), 0, NULL, NULL },
	{ P_TEMPLATE, "osinfo", K_BOOLWORD, S(from_osinfo), 0,
	    W("recommended", "no"), "expected recommended or no" },
	{ P_TEMPLATE, "arch", K_STR, S(arch), 0, NULL, NULL },
	{ P_TEMPLATE, "machine", K_STR, S(machine), 0, NULL, NULL },
	{ P_TEMPLATE, "firmware", K_CHOICE, S(firmware), 0, W("bios", "uefi"),
	    "expected bios or uefi" },
	{ P_TEMPLATE, "accel", K_CHOICE, S(accel), 0, W("auto", "kvm", "tcg"),
	    "expected auto, kvm or tcg" },
	{ P_TEMPLATE, "vcpus", K_COUNT, S(vcpus), 0, NULL,
	    "expected a whole number from 1 to 4096" },
	{ P_TEMPLATE, "max_vcpus", K_COUNT, S(max_vcpus), 0, NULL,
	    "expected a whole number from 1 to 4096" },
	{ P_TEMPLATE, "memory", K_MEMORY, S(memory_kib), 0, NULL,
	    "expected a size such as 512M or 4G" },
	{ P_TEMPLATE, "max_memory", K_MEMORY, S(max_memory_kib), 0, NULL,
	    "expected a size such as 512M or 4G" },
	{ P_TEMPLATE, "graphics", K_CHOICE, S(graphics), 0, W("none", "vnc"),
	    "expected none or vnc" },
	{ P_TEMPLATE, "console", K_BOOLWORD, S(serial), 0, W("serial", "none"),
	    "expected serial or none" },
	{ P_TEMPLATE, "tpm", K_BOOL, S(tpm), 0, NULL, "expected yes or no" },
	{ P_TEMPLATE, "autostart", K_BOOL, S(autostart), 0, NULL,
	    "expected yes or no" },
	{ P_TEMPLATE, "kernel", K_STR, S(kernel), 0, NULL, NULL },
	{ P_TEMPLATE, "initrd", K_STR, S(initrd), 0, NULL, NULL },
	{ P_TEMPLATE, "cmdline", K_STR, S(cmdline), 0, NULL, NULL },
	{ P_DISK, "size", K_SIZE, D(size), 0, NULL,
	    "expected a size of at least 1M, such as 20G" },
	{ P_DISK, "source", K_CHOICE, D(source), 0,
	    W("empty", "backing", "copy", "cdrom", "path"),
	    "expected empty, backing, copy, cdrom or path" },
	{ P_DISK, "image", K_STR, D(image), 0, NULL, NULL },
	{ P_DISK, "pool", K_STR, D(pool), 0, NULL, NULL },
	{ P_DISK, "format", K_STRWORD, D(format), 0, W("qcow2", "raw"),
	    "expected qcow2 or raw" },
	{ P_DISK, "bus", K_STRWORD, D(bus), 0,
	    W("virtio", "sata", "scsi", "ide", "usb"),
	    "expected virtio, sata, scsi, ide or usb" },
	{ P_DISK, "target", K_STR, D(target), 0, NULL, NULL },
	{ P_NIC, "network", K_STR, N(network), N(bridge), NULL, NULL },
	{ P_NIC, "bridge", K_STR, N(bridge), N(network), NULL, NULL },
	{ P_NIC, "model", K_STR, N(model), 0, NULL, NULL },
	{ P_NIC, "mac", K_STR, N(mac), 0, NULL, NULL },
	{ P_CLOUD, "user-data", K_STR, S(user_data), 0, NULL, NULL },
	{ P_CLOUD, "meta-data", K_STR, S(meta_data), 0, NULL, NULL },
#undef S
#undef D
#undef N
#undef W
};

#define NKEYS (sizeof keys / sizeof keys[0])

/* K_CHOICE stores an int into these enums */
_Static_assert(sizeof(enum vmspec_firmware) == sizeof(int) &&
    sizeof(enum vmspec_accel) == sizeof(int) &&
    sizeof(enum vmspec_graphics) == sizeof(int) &&
    sizeof(enum vmspec_source) == sizeof(int), "enums are ints");

/* Each part's section name and what an unknown key there is told. */
static const struct {
	const char *section;		/* "disk": also disk2 … */
	const char *unknown;
} parts[] = {
	[P_TEMPLATE] = { "template", "unknown key (see vmdeck-templates(5))" },
	[P_DISK] = { "disk", "unknown disk key (size, source, image, pool, "
	    "format, bus, target)" },
	[P_NIC] = { "nic", "unknown nic key (network, bridge, model, mac)" },
	[P_CLOUD] = { "cloud-init", "unknown cloud-init key (user-data, "
	    "meta-data)" },
};

const char *
vmspec_key(size_t i, const char **section)
{
	if (i >= NKEYS)
		return NULL;
	*section = parts[keys[i].part].section;
	return keys[i].key;
}

const char *
vmspec_unknown_key_text(const char *section)
{
	for (size_t p = 0; p < sizeof parts / sizeof parts[0]; p++)
		if (strcmp(parts[p].section, section) == 0)
			return parts[p].unknown;
	return NULL;
}

/* The struct a key of part p lives in: the spec, disk i or NIC i. */
static void *
key_base(struct vmspec *s, enum key_part p, size_t i)
{
	return p == P_DISK ? (void *)&s->disks[i] : p == P_NIC ?
	    (void *)&s->nics[i] : (void *)s;
}

#define KFIELD(T, base, off) ((T *)(void *)((char *)(base) + (off)))

/* Every string a key row names in base (of part p), freed or copied from
 * src; then the strings no key sets. */
static void
strings_free(void *base, enum key_part p)
{
	for (size_t k = 0; k < NKEYS; k++)
		if (keys[k].part == p && (keys[k].type == K_STR ||
		    keys[k].type == K_NAME || keys[k].type == K_STRWORD)) {
			free(*KFIELD(char *, base, keys[k].off));
			*KFIELD(char *, base, keys[k].off) = NULL;
		}
}

static void
strings_copy(void *base, enum key_part p)
{
	for (size_t k = 0; k < NKEYS; k++)
		if (keys[k].part == p && (keys[k].type == K_STR ||
		    keys[k].type == K_NAME || keys[k].type == K_STRWORD))
			*KFIELD(char *, base, keys[k].off) = xstrdup(
			    *KFIELD(char *, base, keys[k].off));
}

void
vmspec_free(struct vmspec *s)
{
	strings_free(s, P_TEMPLATE);
	strings_free(s, P_CLOUD);
	free(s->uuid);
	free(s->osinfo_id);
	for (size_t i = 0; i < s->ndisks; i++) {
		strings_free(&s->disks[i], P_DISK);
		free(s->disks[i].image_format);
		free(s->disks[i].path);
	}
	for (size_t i = 0; i < s->nnics; i++)
		strings_free(&s->nics[i], P_NIC);
	memset(s, 0, sizeof *s);
}

void
vmspec_copy(struct vmspec *dst, const struct vmspec *src)
{
	*dst = *src;
	strings_copy(dst, P_TEMPLATE);
	strings_copy(dst, P_CLOUD);
	dst->uuid = xstrdup(src->uuid);
	dst->osinfo_id = xstrdup(src->osinfo_id);
	for (size_t i = 0; i < src->ndisks; i++) {
		strings_copy(&dst->disks[i], P_DISK);
		dst->disks[i].image_format = xstrdup(src->disks[i].image_format);
		dst->disks[i].path = xstrdup(src->disks[i].path);
	}
	for (size_t i = 0; i < src->nnics; i++)
		strings_copy(&dst->nics[i], P_NIC);
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
set_count(unsigned *field, const char *value)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(value, &end, 10);
	if (end == value || *end != '\0' || errno != 0 || v < 1 || v > 4096)
		return -1;
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
	} else if (!vmspec_parse_size(value, &b))
		return -1;
	if (b < (16ULL << 20)) {
		*why = "at least 16M";
		return -1;
	}
	*kib = b >> 10;
	return 0;
}

/* The place of value among words (case as told), or -1. */
static int
word_place(const char *const *words, const char *value, bool any_case)
{
	for (int k = 0; words[k] != NULL; k++)
		if ((any_case ? strcasecmp : strcmp)(words[k], value) == 0)
			return k;
	return -1;
}

/* Set the field of row k in base from value. */
static int
key_set(const struct vmspec_key *k, void *base, const char *value,
    const char **why)
{
	int w;

	*why = k->why;
	switch (k->type) {
	case K_NAME:
		if (!vmspec_name_ok(value))
			return -1;
		/* fall through */
	case K_STR:
		words_set(KFIELD(char *, base, k->off), value);
		if (k->clears != 0)
			words_set(KFIELD(char *, base, k->clears), "");
		return 0;
	case K_STRWORD:
		if (word_place(k->words, value, false) < 0)
			return -1;
		words_set(KFIELD(char *, base, k->off), value);
		return 0;
	case K_CHOICE:
		if ((w = word_place(k->words, value, true)) < 0)
			return -1;
		/* the enums here are ints: their values are the words'
		 * places */
		*KFIELD(int, base, k->off) = w;
		return 0;
	case K_BOOLWORD:
		if ((w = word_place(k->words, value, true)) < 0)
			return -1;
		*KFIELD(bool, base, k->off) = w == 0;
		return 0;
	case K_BOOL:
		return words_bool(value, KFIELD(bool, base, k->off)) ? 0 : -1;
	case K_COUNT:
		return set_count(KFIELD(unsigned, base, k->off), value);
	case K_MEMORY:
		return set_memory(KFIELD(uint64_t, base, k->off), value, why);
	case K_SIZE:
		if (!vmspec_parse_size(value, KFIELD(uint64_t, base, k->off)) ||
		    *KFIELD(uint64_t, base, k->off) < (1 << 20))
			return -1;
		return 0;
	}
	return -1;
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

int
vmspec_set(struct vmspec *s, const char *section, const char *key,
    const char *value, const char **why)
{
	enum key_part p;
	int i = 0;

	if ((i = section_index(section, "disk")) >= 0) {
		if (i >= VMSPEC_MAX_DISKS) {
			*why = "too many disks (at most 8)";
			return -1;
		}
		while (s->ndisks <= (size_t)i)
			s->disks[s->ndisks++].source = VMSPEC_SOURCE_EMPTY;
		p = P_DISK;
	} else if ((i = section_index(section, "nic")) >= 0) {
		if (i >= VMSPEC_MAX_NICS) {
			*why = "too many network interfaces (at most 8)";
			return -1;
		}
		while (s->nnics <= (size_t)i)
			s->nnics++;
		p = P_NIC;
	} else if (strcmp(section, "cloud-init") == 0) {
		s->cloud_init = true;
		p = P_CLOUD;
		i = 0;
	} else if (strcmp(section, "template") == 0) {
		p = P_TEMPLATE;
		i = 0;
	} else {
		*why = "unknown section (template, disk, disk2 …, nic, nic2 …, "
		    "cloud-init)";
		return -1;
	}
	for (size_t k = 0; k < NKEYS; k++)
		if (keys[k].part == p && strcmp(keys[k].key, key) == 0) {
			static const struct {
				enum key_part p;
				const char *key;
				unsigned bit;
			} given[] = {
				{ P_TEMPLATE, "vcpus", VMSPEC_GIVEN_VCPUS },
				{ P_TEMPLATE, "memory", VMSPEC_GIVEN_MEMORY },
				{ P_TEMPLATE, "firmware", VMSPEC_GIVEN_FIRMWARE },
				{ P_TEMPLATE, "machine", VMSPEC_GIVEN_MACHINE },
				{ P_DISK, "size", VMSPEC_GIVEN_DISK_SIZE },
				{ P_DISK, "bus", VMSPEC_GIVEN_DISK_BUS },
				{ P_NIC, "model", VMSPEC_GIVEN_NIC_MODEL },
			};

			if (key_set(&keys[k], key_base(s, p, (size_t)i), value,
			    why) < 0)
				return -1;
			for (size_t g = 0; g < sizeof given / sizeof given[0];
			    g++)
				if (given[g].p == p &&
				    strcmp(given[g].key, key) == 0)
					s->given |= given[g].bit;
			return 0;
		}
	*why = parts[p].unknown;
	return -1;
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
	if (s->osinfo_id != NULL) {
		/* as virt-install and virt-manager write it */
		xmlNodePtr md = xmlNewChild(dom, NULL, BAD_CAST "metadata", NULL);
		xmlNodePtr li = xmlNewChild(md, NULL, BAD_CAST "libosinfo", NULL);
		xmlNsPtr ns = xmlNewNs(li, BAD_CAST VMSPEC_LIBOSINFO_NS,
		    BAD_CAST "libosinfo");

		xmlSetNs(li, ns);
		n = xmlNewChild(li, ns, BAD_CAST "os", NULL);
		xmlutil_set(n, "id", s->osinfo_id);
	}
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
	return xmlutil_prop(xmlutil_child(n, child_name), a);
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
	xmlXPathRegisterNs(ctx, BAD_CAST "lo", BAD_CAST VMSPEC_LIBOSINFO_NS);
	s->osinfo_id = xp_string(ctx,
	    "string(/domain/metadata/lo:libosinfo/lo:os/@id)");
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
