/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: the console's feed path — any bytes a guest may send
 * (invalid UTF-8, broken and huge escape sequences, queries) into the
 * screen, with a resize in the middle, then every cell and the
 * scrollback read back as the UI draws them, and a few keys encoded.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../../src/console/vt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_all(struct vt *vt)
{
	int rows, cols, r, c;
	struct vt_cell cell;
	char text[1024];
	const char *out;

	vt_size(vt, &rows, &cols);
	for (r = -(int)vt_scrollback(vt); r < rows; r++) {
		for (c = 0; c < cols; c++)
			vt_cell(vt, r, c, &cell);
		vt_row_text(vt, r, text, sizeof text);
	}
	vt_cursor(vt, &r, &c);
	vt_output(vt, &out);
	vt_take_damage(vt);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt *vt;
	size_t half;

	if (size < 2)
		return 0;
	vt = vt_new(1 + data[0] % 40, 1 + data[1] % 132, 64);
	data += 2;
	size -= 2;
	half = size / 2;
	vt_feed(vt, (const char *)data, half);
	read_all(vt);
	/* the terminal resized mid-stream, to tiny or back */
	vt_resize(vt, 1 + (half ? data[0] : 0) % 12, 1 + (half ? data[1] : 0) % 50);
	vt_feed(vt, (const char *)data + half, size - half);
	vt_key(vt, VT_KEY_UP, VT_MOD_CTRL);
	vt_key(vt, VT_KEY_F0 + 12, 0);
	vt_char(vt, 0x1d, 0);
	vt_char(vt, 0x20ac, VT_MOD_ALT);
	read_all(vt);
	vt_free(vt);
	return 0;
}
