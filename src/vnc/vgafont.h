/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vgafont — the 8x16 glyphs a VM's text screen is drawn with, to read the
 * screen back as text (textscreen).
 *
 * QEMU draws VGA text mode with the font its VGA BIOS put in the card's
 * memory, and Linux's VGA console keeps that font; Linux's framebuffer
 * console draws with its built-in VGA 8x16 font, the same glyphs. The font
 * is taken from the host's own SeaBIOS VGA BIOS ROM (Debian's seabios
 * package, which QEMU uses): the 4,096 bytes whose glyph 0x20 and 0x00
 * are empty, 0xDB is solid and every capital letter has pixels — found
 * by those properties, so no font data is kept in vmdeck.
 * Code points are IBM code page 437's (glibc's iconv for 0x80–0xFF, the
 * graphic symbols for 0x01–0x1F and 0x7F).
 */
#ifndef VMDECK_VNC_VGAFONT_H
#define VMDECK_VNC_VGAFONT_H

#include <stddef.h>
#include <stdint.h>

#define VGAFONT_H 16

struct vgafont {
	uint8_t glyph[256][VGAFONT_H];	/* row bits, MSB leftmost */
	uint32_t unicode[256];		/* what code c stands for */
	char *source;			/* the file it came from */
};

/* The font from a VGA BIOS ROM image (bytes), or -1 when it holds none. */
int vgafont_from_rom(struct vgafont *f, const uint8_t *rom, size_t len);
/* The font from the first VGA BIOS ROM found on this machine (SeaBIOS's,
 * where QEMU takes it). Returns 0, or -1 with *err (caller frees) saying
 * which files were tried and which package brings them. */
int vgafont_load(struct vgafont *f, char **err);
void vgafont_free(struct vgafont *f);

#endif
