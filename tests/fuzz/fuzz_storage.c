/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: the text the storage, network, device and tag code
 * reads — a volume's XML, the record of unfinished uploads, a subnet and
 * a DHCP range as typed, a domain's XML edited for device changes (disks
 * attached and detached, a NIC added and removed, a CD-ROM's media), and
 * the tags element another client may have written — on any bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/net/net.h"
#include "../../src/storage/storage_priv.h"
#include "../../src/core/tags.h"
#include "../../src/vm/vmedit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *out, *err = NULL;
	struct vol_info v = { 0 };
	uint32_t a, s, e;
	int p;
	const char *why;
	struct vmedit add = { .autostart = -1, .attach = (char *)"/i/a.qcow2",
	    .attach_format = "qcow2", .disk_bus = (char *)"scsi",
	    .add_nic = (char *)"default", .cdrom = (char *)"/i/x.iso" };
	struct vmedit drop = { .autostart = -1, .detach = (char *)"vdb",
	    .remove_nic = (char *)"52:54:00:00:00:01", .cdrom = (char *)"" };

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	storage_vol_from_xml(&v, text);
	free(v.path);
	free(v.format);
	free(v.backing);
	free(storage_incomplete_in(text, "qemu:///system", "/p/v.raw"));
	if (net_parse_cidr(text, &a, &p, &why))
		(void)net_parse_range("10.0.0.2-10.0.0.9", a, p, &s, &e, &why);
	(void)net_parse_range(text, 0x0a000000u, 8, &s, &e, &why);
	struct tags tg;

	if (tags_parse(text, &tg, &err) == 0) {
		out = tags_xml(&tg);
		free(out);
		tags_clear(&tg);
	}
	free(err);
	err = NULL;
	out = vmedit_xml(text, &add, &err);
	free(out);
	free(err);
	err = NULL;
	out = vmedit_xml(text, &drop, &err);
	free(out);
	free(err);
	free(text);
	return 0;
}
