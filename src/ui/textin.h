/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * textin — one line of text typed into a field: Backspace takes the last
 * character (UTF-8 aware), printable characters are added while they fit.
 */
#ifndef VMDECK_UI_TEXTIN_H
#define VMDECK_UI_TEXTIN_H

#include <stdbool.h>
#include <stddef.h>

/* Edit text (a string in a buffer of cap bytes) with key. Returns false
 * for keys it does not edit with. */
bool textin_key(char *text, size_t cap, int key);

#endif
