/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: the theme parser on any bytes.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../src/config/themefile.h"
#include "../../src/util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct theme t;
	struct diags d = { 0 };

	theme_parse(&t, "fuzz", "fuzz", (const char *)data, size, &d);
	for (int s = 0; s < THEME_SLOT_COUNT; s++)
		(void)theme_to_basic(&t.slot[s].fg);
	theme_free(&t);
	diag_clear(&d);
	return 0;
}
