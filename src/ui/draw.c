/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "../util/fmt.h"

static bool unicode;

void
draw_init(bool utf8)
{
	unicode = utf8;
}

int
draw_text(int y, int x, int width, attr_t attr, const char *s, bool pad)
{
	mbstate_t st;
	int used = 0;
	char *safe = NULL;

	/* controls, bidi overrides and zero-width characters from files,
	 * libvirt or the network are written out (<U+202E>), never sent */
	if (s != NULL && !fmt_is_clean(s, false))
		s = safe = fmt_sanitize(s, false);
	memset(&st, 0, sizeof st);
	attr_set(attr, PAIR_NUMBER(attr), NULL);
	move(y, x);
	while (s != NULL && *s != '\0' && used < width) {
		wchar_t wc[2] = { 0, 0 };
		uint32_t cp;
		size_t n;
		int w;

		/* a terminal without UTF-8: the text's own UTF-8 (│ · …,
		 * names) as ASCII stand-ins, not a '?' a byte */
		if (!unicode && (unsigned char)*s >= 0x80 &&
		    (n = fmt_utf8_decode(s, &cp)) > 0)
			wc[0] = (wchar_t)fmt_ascii(cp);
		else
			n = mbrtowc(&wc[0], s, MB_CUR_MAX, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			wc[0] = L'?';
			n = 1;
		}
		w = wcwidth(wc[0]);
		if (w < 0) {		/* control character */
			wc[0] = L'?';
			w = 1;
		}
		if (used + w > width)
			break;
		addnwstr(wc, 1);
		used += w;
		s += n;
	}
	if (pad)
		for (int i = used; i < width; i++)
			addch(' ');
	attr_set(A_NORMAL, 0, NULL);
	free(safe);
	return used;
}

void
draw_fill(int y, int x, int width, attr_t attr)
{
	draw_text(y, x, width, attr, "", true);
}

void
draw_box(int y, int x, int h, int w, attr_t attr, const char *title)
{
	if (h < 2 || w < 2)
		return;
	attr_set(attr, PAIR_NUMBER(attr), NULL);
	if (unicode) {
		mvhline_set(y, x + 1, WACS_HLINE, w - 2);
		mvhline_set(y + h - 1, x + 1, WACS_HLINE, w - 2);
		mvvline_set(y + 1, x, WACS_VLINE, h - 2);
		mvvline_set(y + 1, x + w - 1, WACS_VLINE, h - 2);
		mvadd_wch(y, x, WACS_ULCORNER);
		mvadd_wch(y, x + w - 1, WACS_URCORNER);
		mvadd_wch(y + h - 1, x, WACS_LLCORNER);
		mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	} else {
		mvhline(y, x + 1, '-', w - 2);
		mvhline(y + h - 1, x + 1, '-', w - 2);
		mvvline(y + 1, x, '|', h - 2);
		mvvline(y + 1, x + w - 1, '|', h - 2);
		mvaddch(y, x, '+');
		mvaddch(y, x + w - 1, '+');
		mvaddch(y + h - 1, x, '+');
		mvaddch(y + h - 1, x + w - 1, '+');
	}
	attr_set(A_NORMAL, 0, NULL);
	if (title != NULL && w > 6) {
		mvaddch(y, x + 1, ' ');
		int used = draw_text(y, x + 2, w - 5, attr | A_BOLD, title, false);
		mvaddch(y, x + 2 + used, ' ');
	}
}
