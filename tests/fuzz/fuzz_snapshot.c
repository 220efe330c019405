/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: what a snapshot list is read from — a snapshot's XML
 * as libvirt writes it, and qemu-img info's JSON (the image format and
 * each internal snapshot's memory size) — on any bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/create/imgfmt.h"
#include "../../src/vm/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
seen(const char *name, unsigned long long bytes, void *ctx)
{
	size_t *n = ctx;

	*n += strlen(name) + (bytes > 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct snapshot s;
	char *err = NULL, *fmt;
	size_t n = 0;

	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (snapshot_parse(text, &s, &err) == 0) {
		(void)snapshot_kind(&s);
		snapshot_clear(&s);
	}
	free(err);
	fmt = imgfmt_from_qemu_json(text);
	free(fmt);
	(void)imgfmt_snapshot_states(text, seen, &n);
	free(text);
	return 0;
}
