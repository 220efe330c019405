/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vgafont — the 8x16 glyphs a VM's text screen is drawn with, to read the
 * screen back as text (textscreen).
 *
 * QEMU draws VGA text mode with the font its VGA BIOS put in the card's
 * memory, and Linux's VGA console keeps that font; Linux's framebuffer
 * console draws with its built-in VGA 8x16 font, or with the console font
 * the guest's console-setup loads (Debian: Fixed, Terminus, VGA faces).
 * The VGA font is taken from the host's own SeaBIOS VGA BIOS ROM
 * (Debian's seabios package, which QEMU uses): the 4,096 bytes whose glyph
 * 0x20 and 0x00 are empty, 0xDB is solid and every capital letter has
 * pixels — found by those properties, so no font data is kept in vmdeck.
 * Its codes 0–255 are IBM code page 437's (glibc's iconv for 0x80–0xFF,
 * the graphic symbols for 0x01–0x1F and 0x7F). The 8x16 PSF fonts of the
 * host's console-setup (/usr/share/consolefonts) are added after it as
 * codes 256 on: each glyph whose bitmap no earlier code has, with the
 * first character its Unicode table gives it.
 */
#ifndef VMDECK_VNC_VGAFONT_H
#define VMDECK_VNC_VGAFONT_H

#include <stddef.h>
#include <stdint.h>

#define VGAFONT_H 16

#define VGAFONT_MAX 8192		/* codes a font may grow to */

struct vgafont {
	uint8_t (*glyph)[VGAFONT_H];	/* n glyphs: row bits, MSB leftmost */
	uint32_t *unicode;		/* n: what code c stands for */
	int n;				/* 256 after the ROM, more with PSF */
	char *source;			/* the ROM it came from */
	int psf_files;			/* PSF fonts added */
};

/* The font from a VGA BIOS ROM image (bytes), or -1 when it holds none. */
int vgafont_from_rom(struct vgafont *f, const uint8_t *rom, size_t len);
/* The font from the first VGA BIOS ROM found on this machine (SeaBIOS's,
 * where QEMU takes it). Returns 0, or -1 with *err (caller frees) saying
 * which files were tried and which package brings them. */
int vgafont_load(struct vgafont *f, char **err);
/* Add the glyphs of an 8x16 PSF font (version 1 or 2, with a Unicode
 * table) held in data: those whose bitmap the font lacks, up to
 * VGAFONT_MAX. Returns how many were added, or -1 with *err (caller
 * frees) saying why the data is no such font. */
int vgafont_add_psf(struct vgafont *f, const uint8_t *data, size_t len,
    char **err);
/* The same from a file, gzip'ed or not; *err names the file. */
int vgafont_add_psf_file(struct vgafont *f, const char *path, char **err);
/* Add the console-setup fonts a Debian guest's console is drawn with
 * where the host has them (Uni2/Lat15 × Fixed16, Terminus16,
 * TerminusBold16, VGA16 in /usr/share/consolefonts). Returns the glyphs
 * added (0 when none is there). */
int vgafont_add_console_fonts(struct vgafont *f);
void vgafont_free(struct vgafont *f);

#endif
