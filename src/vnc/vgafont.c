/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vgafont.h"

#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "../util/xalloc.h"

/* Code page 437's pictures for the control codes (0x01–0x1F) and 0x7F,
 * which iconv maps to controls. */
static const uint16_t cp437_low[32] = {
	0x0020, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
	0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
	0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
	0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,
};

static void
vgafont_unicode(struct vgafont *f)
{
	iconv_t cd = iconv_open("UTF-32LE", "CP437");

	for (int c = 0; c < 256; c++) {
		char in = (char)c, out[8], *ip = &in, *op = out;
		size_t il = 1, ol = sizeof out;

		if (c < 0x20) {
			f->unicode[c] = cp437_low[c];
			continue;
		}
		if (c == 0x7f) {
			f->unicode[c] = 0x2302;		/* ⌂ */
			continue;
		}
		if (c < 0x7f || cd == (iconv_t)-1 ||
		    iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
		    ol != sizeof out - 4) {
			f->unicode[c] = c < 0x7f ? (uint32_t)c : '?';
			continue;
		}
		f->unicode[c] = (uint32_t)(uint8_t)out[0] |
		    (uint32_t)(uint8_t)out[1] << 8 |
		    (uint32_t)(uint8_t)out[2] << 16 |
		    (uint32_t)(uint8_t)out[3] << 24;
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	f->unicode[0xff] = 0x00A0;	/* a no-break space: a space here */
}

static bool
all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

int
vgafont_from_rom(struct vgafont *f, const uint8_t *rom, size_t len)
{
	const size_t size = 256 * VGAFONT_H;

	memset(f, 0, sizeof *f);
	for (size_t o = 0; len >= size && o <= len - size; o++) {
		const uint8_t *g = rom + o;
		bool letters = true;

		if (!all_bytes(g, VGAFONT_H, 0) ||
		    !all_bytes(g + 0x20 * VGAFONT_H, VGAFONT_H, 0) ||
		    !all_bytes(g + 0xDB * VGAFONT_H, VGAFONT_H, 0xff))
			continue;
		for (int c = 'A'; c <= 'Z' && letters; c++)
			letters = !all_bytes(g + c * VGAFONT_H, VGAFONT_H, 0);
		if (!letters)
			continue;
		memcpy(f->glyph, g, size);
		vgafont_unicode(f);
		return 0;
	}
	return -1;
}

int
vgafont_load(struct vgafont *f, char **err)
{
	static const char *const roms[] = {
		"/usr/share/seabios/vgabios-stdvga.bin",
		"/usr/share/qemu/vgabios-stdvga.bin",
		"/usr/share/seabios/vgabios-cirrus.bin",
		"/usr/share/seabios/vgabios-qxl.bin",
	};

	for (size_t i = 0; i < sizeof roms / sizeof roms[0]; i++) {
		gchar *data = NULL;
		gsize len = 0;
		int rc;

		if (!g_file_get_contents(roms[i], &data, &len, NULL))
			continue;
		rc = vgafont_from_rom(f, (const uint8_t *)data, len);
		g_free(data);
		if (rc == 0) {
			f->source = xstrdup(roms[i]);
			return 0;
		}
	}
	*err = xstrdup("no VGA BIOS font on this machine "
	    "(/usr/share/seabios/vgabios-stdvga.bin; apt-get install seabios)");
	return -1;
}

void
vgafont_free(struct vgafont *f)
{
	free(f->source);
	f->source = NULL;
}
