/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: the key-binding parser ([keys] text, on top of the
 * defaults) on any bytes, and every bound key printed back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/ui/commands.h"
#include "../../src/ui/keymap.h"
#include "../../src/util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = { 0 };
	char *text = malloc(size + 1);
	const struct binding *b;
	size_t n;
	char name[64];

	memcpy(text, data, size);
	text[size] = '\0';		/* keymap_parse takes a string */
	commands_register();
	keymap_init(&d);
	keymap_parse("fuzz", text, &d);
	b = keymap_bindings(&n);
	for (size_t i = 0; i < n; i++)
		keymap_key_name(b[i].key, name, sizeof name);
	keymap_reset();
	diag_clear(&d);
	free(text);
	return 0;
}
