/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "textin.h"

#include <string.h>
#include <wchar.h>

#include "term.h"
#include "view.h"

bool
textin_key(char *text, size_t cap, int key)
{
	size_t len = strlen(text);

	if (key == UI_KEY(KEY_BACKSPACE) || key == 127 || key == 8) {
		/* drop one UTF-8 character */
		while (len > 0 && ((unsigned char)text[len - 1] & 0xC0) == 0x80)
			len--;
		if (len > 0)
			len--;
		text[len] = '\0';
		return true;
	}
	if (!(key & UI_KEYCODE) && key >= ' ') {
		char mb[8];
		mbstate_t st;
		size_t n;

		memset(&st, 0, sizeof st);
		n = wcrtomb(mb, (wchar_t)key, &st);
		if (n != (size_t)-1 && len + n < cap) {
			memcpy(text + len, mb, n);
			text[len + n] = '\0';
		}
		return true;
	}
	return false;
}

