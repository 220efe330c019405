/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * png — images out as PNG, and the PPM that QEMU's screenshots come in.
 *
 * Pure, no I/O: bytes in, bytes out. The deflate of the pixel rows is
 * zlib's (already in the build through libvncclient).
 */
#ifndef VMDECK_UTIL_PNG_H
#define VMDECK_UTIL_PNG_H

#include <stddef.h>
#include <stdint.h>

/* A PNG of w x h RGB pixels (rows of 3 * w bytes, stride bytes apart).
 * Returns the bytes (caller frees) and their count in *len. */
uint8_t *png_encode_rgb(const uint8_t *rgb, int w, int h, size_t stride,
    size_t *len);
/* The pixels of a binary PPM (P6, max value up to 255): *w, *h and a
 * pointer into ppm where its 3 * w * h bytes start. Returns 0, or -1 with
 * *err (caller frees) saying what is wrong. */
int png_ppm_pixels(const uint8_t *ppm, size_t len, int *w, int *h,
    const uint8_t **pixels, char **err);
/* The most pixels png_decode takes (a 5K screen and more): 16 Mi, at
 * most 64 MiB of output and as much again while inflating. */
#define PNG_MAX_PIXELS (16u * 1024 * 1024)
/* The pixels of a PNG (8 bits a sample; grey, grey+alpha, RGB or RGBA;
 * not interlaced: what QEMU and libvirt's test driver send) as 32-bit
 * 0x00RRGGBB values, w * h of them (caller frees). NULL with *err (caller
 * frees) for anything else, and for an image past PNG_MAX_PIXELS or
 * claiming more pixels than its data can inflate to, refused before any
 * memory is taken for them. */
uint32_t *png_decode(const uint8_t *png, size_t len, int *w, int *h,
    char **err);
/* PNG bytes of a PPM (as above); NULL with *err when it is not one. */
uint8_t *png_from_ppm(const uint8_t *ppm, size_t len, size_t *outlen,
    char **err);

#endif
