/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: the template parser on any bytes, and the XML written
 * for whatever it accepted read back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../src/create/template.h"
#include "../../src/create/vmspec.h"
#include "../../src/util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct template t;
	struct diags d = { 0 };

	if (template_parse(&t, "fuzz", "fuzz", (const char *)data, size,
	    &d) == 0) {
		const char *why;
		struct vmspec back;
		char *err = NULL;

		if (t.spec.name == NULL)
			vmspec_set(&t.spec, "template", "name", "fuzz", &why);
		char *xml = vmspec_to_xml(&t.spec, "qemu");
		if (vmspec_from_xml(&back, xml, &err) == 0)
			vmspec_free(&back);
		free(err);
		free(xml);
		template_free(&t);
	}
	diag_clear(&d);
	return 0;
}
