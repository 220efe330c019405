/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "imgfmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libvirt/virterror.h>

#include "../util/proc.h"
#include "../util/xalloc.h"
#include "../core/virterr.h"
#include "../core/xmlutil.h"
#include "../config/hosturi.h"

bool
imgfmt_conn_is_local(virConnectPtr conn)
{
	char *uri = virConnectGetURI(conn);
	bool local = hosturi_is_local(uri);

	if (uri == NULL)
		virResetLastError();
	free(uri);
	return local;
}

bool
imgfmt_conn_is_qemu(virConnectPtr conn)
{
	const char *type = virConnectGetType(conn);

	virResetLastError();
	return type != NULL && strcmp(type, "QEMU") == 0;
}

char *
imgfmt_of_volume(virStorageVolPtr vol)
{
	char *xml = virStorageVolGetXMLDesc(vol, 0);
	char *r = xmlutil_leaf(xml, "target", "format", "type");

	free(xml);
	virResetLastError();
	return r;
}

/*
 * qemu-img's JSON: the format is the "format" member of the outermost
 * object. A small scanner (strings skipped, depth counted) finds it;
 * a JSON library for one member of one trusted program's output is more
 * than this needs, and GLib (already linked) has none.
 */
char *
imgfmt_from_qemu_json(const char *j)
{
	int depth = 0;

	for (const char *p = j; p != NULL && *p != '\0'; p++) {
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		else if (*p == '"') {
			const char *s = ++p;

			while (*p != '\0' && *p != '"')
				p += *p == '\\' && p[1] != '\0' ? 2 : 1;
			if (*p == '\0')
				return NULL;
			if (depth == 1 && p - s == 6 && strncmp(s, "format", 6) == 0) {
				const char *v = p + 1, *e;

				v += strspn(v, " \t\r\n");
				if (*v++ != ':')
					continue;
				v += strspn(v, " \t\r\n");
				if (*v++ != '"')
					return NULL;
				e = strchr(v, '"');
				if (e == NULL || e == v)
					return NULL;
				return xasprintf("%.*s", (int)(e - v), v);
			}
		}
	}
	return NULL;
}

/* The end of the JSON string whose opening quote is at p (its closing
 * quote), or NULL when it has none. */
static const char *
json_string_end(const char *p)
{
	for (p++; *p != '\0' && *p != '"'; p += *p == '\\' && p[1] ? 2 : 1)
		;
	return *p == '"' ? p : NULL;
}

/*
 * The same kind of scanner as above, for the snapshots: inside the
 * top-level "snapshots" array each object's "name" (a string) and
 * "vm-state-size" (a number). Other members with those names (a qcow2
 * bitmap's "name" under format-specific) sit at other depths.
 */
size_t
imgfmt_snapshot_states(const char *json,
    void (*fn)(const char *name, unsigned long long bytes, void *ctx),
    void *ctx)
{
	int depth = 0, snaps = -1;	/* the array's depth once inside it */
	char *name = NULL;
	unsigned long long bytes = 0;
	bool have_bytes = false;
	size_t n = 0;

	for (const char *p = json; p != NULL && *p != '\0'; p++) {
		if (*p == '{' || *p == '[') {
			depth++;
			continue;
		}
		if (*p == '}' || *p == ']') {
			if (snaps >= 0 && *p == '}' && depth == snaps + 1) {
				if (name != NULL && have_bytes) {
					fn(name, bytes, ctx);
					n++;
				}
				free(name);
				name = NULL;
				have_bytes = false;
			}
			if (depth-- == snaps)
				snaps = -1;
			continue;
		}
		if (*p != '"')
			continue;
		const char *s = p + 1, *e = json_string_end(p), *v;

		if (e == NULL)
			break;
		p = e;
		v = e + 1 + strspn(e + 1, " \t\r\n");
		if (*v != ':')
			continue;		/* a value, not a key */
		v++;
		v += strspn(v, " \t\r\n");
		if (depth == 1 && e - s == 9 && strncmp(s, "snapshots", 9) == 0 &&
		    *v == '[') {
			snaps = 2;
			continue;
		}
		if (snaps < 0 || depth != snaps + 1)
			continue;
		if (e - s == 4 && strncmp(s, "name", 4) == 0 && *v == '"') {
			const char *ve = json_string_end(v);

			if (ve == NULL)
				break;
			free(name);
			name = xasprintf("%.*s", (int)(ve - v - 1), v + 1);
			p = ve;
		} else if (e - s == 13 && strncmp(s, "vm-state-size", 13) == 0 &&
		    *v >= '0' && *v <= '9') {
			bytes = strtoull(v, NULL, 10);
			have_bytes = true;
		}
	}
	free(name);
	return n;
}

long
imgfmt_snapshot_states_of(const char *path,
    void (*fn)(const char *name, unsigned long long bytes, void *ctx),
    void *ctx)
{
	const char *argv[] = { "qemu-img", "info", "-U", "--output=json", path,
	    NULL };
	char *out = NULL, *errtext = NULL;
	long n = -1;

	if (proc_run(argv, NULL, IMGFMT_TIMEOUT_MS, &out, &errtext) == 0)
		n = (long)imgfmt_snapshot_states(out, fn, ctx);
	free(out);
	free(errtext);
	return n;
}

char *
imgfmt_detect(virConnectPtr conn, const char *path, char **err)
{
	virStorageVolPtr vol = virStorageVolLookupByPath(conn, path);
	const char *argv[] = { "qemu-img", "info", "-U", "--output=json", path,
	    NULL };
	char *out = NULL, *errtext = NULL, *fmt;
	int rc;

	if (vol != NULL) {
		fmt = imgfmt_of_volume(vol);
		virStorageVolFree(vol);
		if (fmt != NULL)
			return fmt;
	}
	virResetLastError();
	if (!imgfmt_conn_is_local(conn)) {
		*err = xasprintf("'%s' is not a volume of any storage pool on the "
		    "host, so its format cannot be read from here; put it in a "
		    "pool's directory and refresh the pool (virsh pool-refresh "
		    "POOL).", path);
		return NULL;
	}
	if (access(path, R_OK) < 0) {
		*err = xasprintf("Cannot read '%s': %s.", path, strerror(errno));
		return NULL;
	}
	rc = proc_run(argv, NULL, IMGFMT_TIMEOUT_MS, &out, &errtext);
	fmt = rc == 0 ? imgfmt_from_qemu_json(out) : NULL;
	if (fmt == NULL) {
		errtext[strcspn(errtext, "\n")] = '\0';
		*err = rc == 127 ? xasprintf("Cannot read the format of '%s': "
		    "qemu-img is not installed (Debian package qemu-utils).",
		    path) : rc < 0 ? xasprintf("Cannot read the format of '%s': "
		    "qemu-img info took longer than %d s.", path,
		    IMGFMT_TIMEOUT_MS / 1000) : xasprintf("Cannot read the "
		    "format of '%s': %s", path, *errtext ? errtext :
		    "qemu-img info said nothing");
	}
	free(out);
	free(errtext);
	return fmt;
}

/* Read len bytes at off of the file at path into buf. */
static bool
read_at(const char *path, off_t off, void *buf, size_t len, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		*err = xasprintf("Cannot read '%s': %s.", path, strerror(errno));
		return false;
	}
	n = pread(fd, buf, len, off);
	close(fd);
	if (n != (ssize_t)len) {
		*err = xasprintf("'%s' is not a disk or CD image: it is too short "
		    "(a saved error page instead of the download?).", path);
		return false;
	}
	return true;
}

bool
imgfmt_is_iso(const char *path, char **err)
{
	char sig[5];

	if (!read_at(path, 32769, sig, sizeof sig, err))
		return false;
	if (memcmp(sig, "CD001", 5) != 0) {
		*err = xasprintf("'%s' is not an ISO 9660 image (no CD001 "
		    "signature at byte 32769); give the installer's .iso file.",
		    path);
		return false;
	}
	return true;
}

bool
imgfmt_raw_is_disk(const char *path, char **err)
{
	unsigned char mbr[2];

	if (!read_at(path, 510, mbr, sizeof mbr, err))
		return false;
	if (mbr[0] != 0x55 || mbr[1] != 0xaa) {
		*err = xasprintf("'%s' is not a disk image: qemu-img reads it as "
		    "raw data and it has no partition table (a saved error "
		    "page instead of the download?).", path);
		return false;
	}
	return true;
}
