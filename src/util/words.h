/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * words — reading the small values of INI files the same way everywhere:
 * yes/no and copies of strings.
 */
#ifndef VMDECK_UTIL_WORDS_H
#define VMDECK_UTIL_WORDS_H

#include <stdbool.h>

/* yes, true, on, 1 and no, false, off, 0 (any case) into *out. Returns
 * false (and leaves *out) for anything else. */
bool words_bool(const char *value, bool *out);
/* Replace *field (freed) with a copy of value, or NULL when value is
 * empty. */
void words_set(char **field, const char *value);

#endif
