/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: the config parser (options and [keys]) on any bytes.
 */
#include <stddef.h>
#include <stdint.h>

#include "../../src/config/config.h"
#include "../../src/util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct diags d = { 0 };
	char v[1024];

	config_init(&cfg);
	config_parse(&cfg, "fuzz", (const char *)data, size, &d);
	for (size_t i = 0; config_option(i) != NULL; i++)
		config_value(&cfg, config_option(i)->name, v, sizeof v);
	diag_clear(&d);
	config_free(&cfg);
	return 0;
}
