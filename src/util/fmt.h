/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * fmt — turning numbers into the short text the views and `list` print.
 * Pure functions; they write into a caller's buffer and return it.
 */
#ifndef VMDECK_UTIL_FMT_H
#define VMDECK_UTIL_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* Size in KiB as "512 MiB", "1.5 GiB", "2 TiB": binary units, at most one
 * decimal, trailing ".0" dropped. Returns buf. */
char *fmt_kib(char *buf, size_t len, uint64_t kib);

/* The same size as a user types it back: "512M", "1.5G". Returns buf. */
char *fmt_kib_typed(char *buf, size_t len, uint64_t kib);

/* Encode the character cp as UTF-8 into p (room for 4 bytes). Returns
 * the length. */
size_t fmt_utf8(uint32_t cp, char *p);
/* The length of the well-formed UTF-8 sequence at s and its code point in
 * *cp, or 0 when the bytes there are not one. */
size_t fmt_utf8_decode(const char *s, uint32_t *cp);
/* An ASCII character standing for cp in a terminal without UTF-8: box
 * lines as - | +, blocks and shades as # : ., arrows as < > ^ v, Latin-1
 * letters without their accents, dashes, quotes, an ellipsis as one dot,
 * '?' for the rest (ASCII stays itself, a no-break space a space). */
char fmt_ascii(uint32_t cp);

/* Write s to f as a JSON string, quotes included, whole however long;
 * NULL as null. Bytes that are not UTF-8 become U+FFFD, so the output is
 * valid JSON whatever s holds; control, bidi and zero-width characters
 * are escaped. */
void fmt_json_str(FILE *f, const char *s);

/* Width in terminal columns of the UTF-8 string s (control chars count 0). */
int fmt_width(const char *s);

/* The first row of s wrapped at width columns: its length in bytes (at
 * least one character), ending at a newline, else before the last space
 * that keeps it within width, else where width ends. *skip gets the bytes
 * to skip after it (the newline or the space: 0 or 1). */
size_t fmt_wrap(const char *s, int width, size_t *skip);

/* What must not reach a terminal as it is: at s, a control character
 * (C0, DEL, C1), a bidirectional embedding, override or isolate, or a
 * zero-width character. Its length in bytes (its code point in *cp), or
 * 0 for anything else (the end of s included). */
size_t fmt_unsafe_at(const char *s, uint32_t *cp);
/* Whether the code point (past ASCII) is one a terminal must not be
 * given as it is: C1 controls, bidi marks and overrides, zero widths. */
bool fmt_cp_unsafe(uint32_t c);
/* Whether s holds none of them (tabs allowed; newlines when newlines). */
bool fmt_is_clean(const char *s, bool newlines);
/* s with each of them written out visibly: \xNN for ASCII controls,
 * <U+XXXX> for the others (tabs kept; newlines kept when newlines).
 * Caller frees. Names that need it look different from the names they
 * imitate. */
char *fmt_sanitize(const char *s, bool newlines);

#endif
