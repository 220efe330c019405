/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "fmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "xalloc.h"

char *
fmt_kib(char *buf, size_t len, uint64_t kib)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	unsigned u = 0;
	uint64_t whole = kib, rest = 0;

	while (whole >= 1024 && u + 1 < sizeof unit / sizeof unit[0]) {
		rest = whole % 1024;
		whole /= 1024;
		u++;
	}
	/* one decimal, rounded; 1023.96 rounds up to the next unit */
	unsigned tenth = (unsigned)((rest * 10 + 512) / 1024);
	if (tenth == 10) {
		whole++;
		tenth = 0;
		if (whole == 1024 && u + 1 < sizeof unit / sizeof unit[0]) {
			whole = 1;
			u++;
		}
	}
	if (tenth == 0 || whole >= 100)
		snprintf(buf, len, "%llu %s", (unsigned long long)whole, unit[u]);
	else
		snprintf(buf, len, "%llu.%u %s", (unsigned long long)whole, tenth,
		    unit[u]);
	return buf;
}

char *
fmt_kib_typed(char *buf, size_t len, uint64_t kib)
{
	char *sp;

	fmt_kib(buf, len, kib);
	if ((sp = strchr(buf, ' ')) != NULL) {	/* "2 GiB" -> "2G" */
		sp[0] = sp[1];
		sp[1] = '\0';
	}
	return buf;
}

bool
fmt_cp_unsafe(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9f) ||	/* C1 controls */
	    c == 0x061c ||			/* Arabic letter mark */
	    (c >= 0x200b && c <= 0x200f) ||	/* zero width, LRM, RLM */
	    (c >= 0x2028 && c <= 0x202e) ||	/* separators, embeddings,
						 * overrides */
	    (c >= 0x2060 && c <= 0x2069) ||	/* word joiner, isolates */
	    c == 0xfeff;			/* zero-width no-break */
}

size_t
fmt_unsafe_at(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c;
	size_t n;

	if (p[0] < 0x20 || p[0] == 0x7f) {
		*cp = p[0];
		return p[0] != '\0';
	}
	if (p[0] < 0x80)
		return 0;
	/* decode one UTF-8 sequence; only 2 and 3 bytes can be unsafe */
	if ((p[0] & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
		c = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		n = 2;
	} else if ((p[0] & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 &&
	    (p[2] & 0xc0) == 0x80) {
		c = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 |
		    (p[2] & 0x3f);
		n = 3;
	} else
		return 0;
	if (fmt_cp_unsafe(c)) {
		*cp = c;
		return n;
	}
	return 0;
}

bool
fmt_is_clean(const char *s, bool newlines)
{
	uint32_t cp;

	for (; *s != '\0'; s++)
		if (fmt_unsafe_at(s, &cp) > 0 && !(newlines && cp == '\n') &&
		    cp != '\t')
			return false;
	return true;
}

char *
fmt_sanitize(const char *s, bool newlines)
{
	size_t cap = strlen(s) * 8 + 1, o = 0;
	char *out = xcalloc(1, cap);

	while (*s != '\0') {
		uint32_t cp;
		size_t n = fmt_unsafe_at(s, &cp);

		if (n == 0 || (newlines && cp == '\n') || cp == '\t') {
			out[o++] = *s++;
			continue;
		}
		o += (size_t)snprintf(out + o, cap - o, cp < 0x80 ? "\\x%02x" :
		    "<U+%04X>", (unsigned)cp);
		s += n;
	}
	out[o] = '\0';
	return out;
}

/* The length of the well-formed UTF-8 sequence at p (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF) and its code point
 * in *cp, or 0 when the bytes there are not one. */
static size_t
fmt_utf8_at(const unsigned char *p, uint32_t *cp)
{
	size_t n = p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc0 ? 2 : 0;
	static const uint32_t least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t c;

	if (n == 0 || p[0] > 0xf4)
		return 0;
	c = p[0] & (0x7fu >> n);
	for (size_t k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[k] & 0x3f);
	}
	if (c < least[n] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t
fmt_utf8_decode(const char *s, uint32_t *cp)
{
	return fmt_utf8_at((const unsigned char *)s, cp);
}

char
fmt_ascii(uint32_t u)
{
	/* U+00C0–U+00FF: the letter under the accent (× ÷ as x /) */
	static const char latin1[] =
	    "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYPsaaaaaaaceeeeiiiidnooooo/ouuuuypy";
	/* U+2500–U+254F: which box lines are straight */
	static const uint16_t horiz[] = { 0x2500, 0x2501, 0x2504, 0x2505, 0x2508,
		0x2509, 0x254c, 0x254d, 0x2550 };
	static const uint16_t vert[] = { 0x2502, 0x2503, 0x2506, 0x2507, 0x250a,
		0x250b, 0x254e, 0x254f, 0x2551 };

	if (u >= 0x20 && u < 0x7f)
		return (char)u;
	if (u == 0xa0)
		return ' ';
	if (u >= 0xc0 && u <= 0xff)
		return latin1[u - 0xc0];
	for (size_t i = 0; i < sizeof horiz / sizeof horiz[0]; i++)
		if (u == horiz[i])
			return '-';
	for (size_t i = 0; i < sizeof vert / sizeof vert[0]; i++)
		if (u == vert[i])
			return '|';
	if (u >= 0x2574 && u <= 0x257f)		/* half lines */
		return u % 2 == 0 ? '-' : '|';
	if (u >= 0x2500 && u <= 0x2573)		/* corners, tees, crosses */
		return '+';
	switch (u) {
	case 0x2026:			/* … */
		return '.';
	case 0x2013: case 0x2014: case 0x2212:	/* – — − */
		return '-';
	case 0x2018: case 0x2019:
		return '\'';
	case 0x201c: case 0x201d:
		return '"';
	case 0x2713: case 0x2714:	/* ✓ */
		return 'v';
	case 0x2717: case 0x2718:	/* ✗ */
		return 'x';
	case 0x25cf:			/* ● */
		return '*';
	case 0x2591:
		return '.';			/* light shade */
	case 0x2592:
		return ':';
	case 0x2190: case 0x25c4: case 0x25c0:
		return '<';
	case 0x2192: case 0x25ba: case 0x25b6:
		return '>';
	case 0x2191: case 0x25b2:
		return '^';
	case 0x2193: case 0x25bc:
		return 'v';
	case 0x2194:
		return '-';
	case 0x2195: case 0x21a8:
		return '|';
	case 0x00b7: case 0x2219:
		return '.';
	case 0x2022: case 0x25cb: case 0x25d8: case 0x25d9: case 0x263c:
		return '*';
	default:
		break;
	}
	if (u >= 0x2580 && u <= 0x259f)		/* blocks, dark shade */
		return '#';
	return '?';
}

void
fmt_json_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	while (*p != '\0') {
		uint32_t cp;
		size_t n;

		if (*p == '"' || *p == '\\') {
			putc('\\', f);
			putc(*p++, f);
		} else if (*p == '\n') {
			fputs("\\n", f);
			p++;
		} else if (*p == '\t') {
			fputs("\\t", f);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p++);
		} else if (*p < 0x80) {
			putc(*p++, f);
		} else if ((n = fmt_utf8_at(p, &cp)) == 0) {
			fputs("\\ufffd", f);	/* a byte that is no UTF-8 */
			p++;
		} else if (fmt_cp_unsafe(cp)) {
			/* bidi overrides, zero-width and C1: escaped too
			 * (all in the BMP: one \u each) */
			fprintf(f, "\\u%04x", (unsigned)cp);
			p += n;
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
	putc('"', f);
}

int
fmt_width(const char *s)
{
	mbstate_t st;
	int w = 0;

	memset(&st, 0, sizeof st);
	while (*s != '\0') {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);

		if (n == (size_t)-1 || n == (size_t)-2) {
			/* invalid byte: count it as one column and go on */
			memset(&st, 0, sizeof st);
			w++;
			s++;
			continue;
		}
		int cw = wcwidth(wc);
		if (cw > 0)
			w += cw;
		s += n;
	}
	return w;
}

size_t
fmt_wrap(const char *s, int width, size_t *skip)
{
	mbstate_t st;
	const char *p = s, *space = NULL;
	int w = 0;

	memset(&st, 0, sizeof st);
	*skip = 0;
	while (*p != '\0' && *p != '\n') {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, MB_CUR_MAX, &st);
		int cw = 1;

		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			n = 1;
		} else if ((cw = wcwidth(wc)) < 0)
			cw = 0;
		if (w + cw > width && p > s) {
			/* past the width: break at the last space, if any */
			if (space != NULL) {
				*skip = 1;
				return (size_t)(space - s);
			}
			return (size_t)(p - s);
		}
		if (*p == ' ')
			space = p;
		w += cw;
		p += n;
	}
	if (*p == '\n')
		*skip = 1;
	return (size_t)(p - s);
}

size_t
fmt_utf8(uint32_t cp, char *p)
{
	if (cp < 0x80) {
		p[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (char)(0xc0 | cp >> 6);
		p[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (char)(0xe0 | cp >> 12);
		p[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		p[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	p[0] = (char)(0xf0 | cp >> 18);
	p[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	p[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	p[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

