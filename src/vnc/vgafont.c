/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vgafont.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <zlib.h>

#include "../util/fmt.h"
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
	f->glyph = xcalloc(256, sizeof *f->glyph);
	f->unicode = xcalloc(256, sizeof *f->unicode);
	f->n = 256;
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
	vgafont_free(f);
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

/* Whether the font has a glyph drawn as g. */
static bool
vgafont_has(const struct vgafont *f, const uint8_t *g)
{
	for (int c = 0; c < f->n; c++)
		if (memcmp(f->glyph[c], g, VGAFONT_H) == 0)
			return true;
	return false;
}

/* Whether u may stand in a terminal cell by itself: no control, no
 * character a terminal takes as an instruction or joins to its
 * neighbour (the view writes what a cell reads as). */
static bool
vgafont_cell_char(uint32_t u)
{
	return u >= 0x20 && u != 0x7f && u <= 0x10ffff &&
	    !(u >= 0xd800 && u <= 0xdfff) && !fmt_cp_unsafe(u) &&
	    !(u >= 0x0300 && u <= 0x036f) && !(u >= 0x20d0 && u <= 0x20ff);
}

/* Add glyph g standing for u, unless the font draws it already or u is
 * no character of a cell. */
static int
vgafont_add(struct vgafont *f, const uint8_t *g, uint32_t u)
{
	if (!vgafont_cell_char(u) || f->n >= VGAFONT_MAX || vgafont_has(f, g))
		return 0;
	f->glyph = xrealloc(f->glyph, (size_t)(f->n + 1) * sizeof *f->glyph);
	f->unicode = xrealloc(f->unicode, (size_t)(f->n + 1) *
	    sizeof *f->unicode);
	memcpy(f->glyph[f->n], g, VGAFONT_H);
	f->unicode[f->n] = u;
	f->n++;
	return 1;
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* A UTF-8 sequence at p (at most n bytes): its code point and length, or
 * 0 for none. */
static uint32_t
utf8_at(const uint8_t *p, size_t n, size_t *len)
{
	int k = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 :
	    (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	uint32_t u = k == 1 ? p[0] : k == 2 ? p[0] & 0x1fu : k == 3 ?
	    p[0] & 0x0fu : p[0] & 0x07u;

	if (k == 0 || (size_t)k > n)
		return *len = 1, 0;
	for (int i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return *len = 1, 0;
		u = u << 6 | (p[i] & 0x3fu);
	}
	*len = (size_t)k;
	return u;
}

int
vgafont_add_psf(struct vgafont *f, const uint8_t *d, size_t len, char **err)
{
	size_t count, size, hdr, height, width, table;
	bool unicode, psf2;
	int added = 0;

	if (len >= 4 && d[0] == 0x36 && d[1] == 0x04) {
		/* version 1: 256 or 512 glyphs 8 wide, d[3] rows */
		psf2 = false;
		count = d[2] & 1 ? 512 : 256;
		unicode = (d[2] & 6) != 0;
		height = size = d[3];
		width = 8;
		hdr = 4;
	} else if (len >= 32 && le32(d) == 0x864ab572u) {
		psf2 = true;
		hdr = le32(d + 8);
		unicode = le32(d + 12) & 1;
		count = le32(d + 16);
		size = le32(d + 20);
		height = le32(d + 24);
		width = le32(d + 28);
	} else {
		*err = xstrdup("not a PSF font (no PSF 1 or 2 magic number)");
		return -1;
	}
	if (width != 8 || height != VGAFONT_H || size != VGAFONT_H) {
		*err = xasprintf("its glyphs are %zux%zu; only 8x16 fonts read "
		    "a text screen", width, height);
		return -1;
	}
	if (!unicode) {
		*err = xstrdup("it has no Unicode table, so its glyphs stand "
		    "for no known characters");
		return -1;
	}
	if (hdr > len || count > (len - hdr) / size) {
		*err = xstrdup("it ends inside its glyphs");
		return -1;
	}
	table = hdr + count * size;
	/* each glyph's entry: its characters, then sequences of several
	 * (skipped), ended by 0xFFFF (PSF 1) or 0xFF (PSF 2, UTF-8) */
	for (size_t g = 0; g < count && table < len; g++) {
		uint32_t first = 0;
		bool seq = false;

		while (table < len) {
			if (!psf2) {
				if (table + 2 > len) {
					table = len;
					break;
				}
				uint32_t u = (uint32_t)d[table] |
				    (uint32_t)d[table + 1] << 8;

				table += 2;
				if (u == 0xffff)
					break;
				if (u == 0xfffe)
					seq = true;
				else if (!seq && first == 0)
					first = u;
			} else {
				size_t k;

				if (d[table] == 0xff) {
					table++;
					break;
				}
				if (d[table] == 0xfe) {
					seq = true;
					table++;
					continue;
				}
				uint32_t u = utf8_at(d + table, len - table, &k);

				table += k;
				if (!seq && first == 0)
					first = u;
			}
		}
		added += vgafont_add(f, d + hdr + g * size, first);
	}
	return added;
}

int
vgafont_add_psf_file(struct vgafont *f, const char *path, char **err)
{
	gzFile z = gzopen(path, "rb");
	size_t len = 0, cap = 1 << 16;
	uint8_t *buf;
	char *why = NULL;
	int n;

	if (z == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	buf = xcalloc(1, cap);
	for (;;) {
		int got;

		if (len == cap) {
			if (cap >= (size_t)4 << 20) {
				why = xstrdup("larger than any console font");
				break;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		got = gzread(z, buf + len, (unsigned)(cap - len));
		if (got < 0) {
			int e;

			why = xasprintf("unreadable: %s", gzerror(z, &e));
			break;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	gzclose(z);
	n = why == NULL ? vgafont_add_psf(f, buf, len, &why) : -1;
	free(buf);
	if (n < 0) {
		*err = xasprintf("%s: %s", path, why);
		free(why);
	}
	return n;
}

int
vgafont_add_console_fonts(struct vgafont *f)
{
	static const char *const sets[] = { "Uni2", "Lat15" };
	static const char *const faces[] = { "Fixed16", "Terminus16",
		"TerminusBold16", "VGA16" };
	int added = 0;

	for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++)
		for (size_t i = 0; i < sizeof faces / sizeof faces[0]; i++) {
			char path[128], *err = NULL;
			int n;

			snprintf(path, sizeof path,
			    "/usr/share/consolefonts/%s-%s.psf.gz", sets[s],
			    faces[i]);
			if (access(path, R_OK) != 0)
				continue;
			n = vgafont_add_psf_file(f, path, &err);
			free(err);	/* a broken font of the host: not used */
			if (n >= 0) {
				added += n;
				f->psf_files++;
			}
		}
	return added;
}

void
vgafont_free(struct vgafont *f)
{
	free(f->source);
	free(f->glyph);
	free(f->unicode);
	f->source = NULL;
	f->glyph = NULL;
	f->unicode = NULL;
	f->n = 0;
}
