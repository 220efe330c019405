/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * image — screenshots as PNG (libpng's simplified API), and the PPM that
 * QEMU's screenshots come in.
 *
 * Pure, no I/O: bytes in, bytes out.
 */
#ifndef VMDECK_UTIL_IMAGE_H
#define VMDECK_UTIL_IMAGE_H

#include <stddef.h>
#include <stdint.h>

/* A PNG of w x h RGB pixels (rows of 3 * w bytes, stride bytes apart),
 * its rows filtered as libpng chooses. Returns the bytes (caller frees)
 * and their count in *len. */
uint8_t *image_png_from_rgb(const uint8_t *rgb, int w, int h, size_t stride,
    size_t *len);
/* The pixels of a binary PPM (P6, max value up to 255): *w, *h and a
 * pointer into ppm where its 3 * w * h bytes start. Returns 0, or -1 with
 * *err (caller frees) saying what is wrong. */
int image_ppm_pixels(const uint8_t *ppm, size_t len, int *w, int *h,
    const uint8_t **pixels, char **err);
/* The most pixels image_png_decode takes (a 5K screen and more): 16 Mi,
 * 64 MiB of output and as much again while decoding. */
#define IMAGE_MAX_PIXELS (16u * 1024 * 1024)
/* The pixels of a PNG (any colour type, palette included, any bit depth,
 * interlaced or not; alpha dropped) as 32-bit 0x00RRGGBB values, w * h
 * of them (caller frees). NULL with *err (caller frees, libpng's reason
 * in it) for a damaged image, and for one past IMAGE_MAX_PIXELS or
 * claiming more pixels than its bytes can hold, refused before any
 * memory is taken for them. */
uint32_t *image_png_decode(const uint8_t *png, size_t len, int *w, int *h,
    char **err);
/* PNG bytes of a PPM (as above); NULL with *err when it is not one. */
uint8_t *image_png_from_ppm(const uint8_t *ppm, size_t len, size_t *outlen,
    char **err);

#endif
