/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vnckeys.h"

#include <string.h>

/* The characters a US keyboard types with Shift. QEMU and most VNC
 * servers turn a keysym into the key that carries it and leave Shift as
 * the client says it is, so '!' without Shift arrives as '1': these are
 * sent with Shift held, as VNC viewers do for a US map. */
static const char vnckey_shifted[] = "~!@#$%^&*()_+{}|:\"<>?";

bool
vnckey_from_char(uint32_t ch, struct vnckey *k)
{
	k->mods = 0;
	switch (ch) {
	case '\r':
	case '\n':
		k->sym = VNCKEY_RETURN;
		return true;
	case '\t':
		k->sym = VNCKEY_TAB;
		return true;
	case 8:
	case 127:
		k->sym = VNCKEY_BACKSPACE;
		return true;
	case 27:
		k->sym = VNCKEY_ESCAPE;
		return true;
	default:
		break;
	}
	if (ch >= 1 && ch <= 26) {		/* Ctrl-A … Ctrl-Z */
		k->sym = 'a' + ch - 1;
		k->mods = VNCKEY_MOD_CTRL;
		return true;
	}
	if (ch >= 28 && ch <= 31) {		/* Ctrl-\ ] ^ _ */
		static const char sym[] = "\\]^_";

		k->sym = (uint32_t)sym[ch - 28];
		k->mods = VNCKEY_MOD_CTRL;
		return true;
	}
	if (ch == 0 || (ch >= 0xd800 && ch <= 0xdfff) || ch > 0x10ffff ||
	    (ch >= 0x80 && ch < 0xa0))
		return false;
	k->sym = ch <= 0xff ? ch : 0x01000000u + ch;
	if ((ch >= 'A' && ch <= 'Z') ||
	    (ch < 0x80 && strchr(vnckey_shifted, (int)ch) != NULL))
		k->mods = VNCKEY_MOD_SHIFT;
	return true;
}

size_t
vnckey_events(struct vnckey k, struct vnckey_event *out)
{
	static const struct {
		unsigned mod;
		uint32_t sym;
	} mods[] = {
		{ VNCKEY_MOD_CTRL, VNCKEY_CONTROL_L },
		{ VNCKEY_MOD_ALT, VNCKEY_ALT_L },
		{ VNCKEY_MOD_SHIFT, VNCKEY_SHIFT_L },
	};
	size_t n = 0;

	for (size_t i = 0; i < 3; i++)
		if (k.mods & mods[i].mod)
			out[n++] = (struct vnckey_event){ mods[i].sym, true };
	out[n++] = (struct vnckey_event){ k.sym, true };
	out[n++] = (struct vnckey_event){ k.sym, false };
	for (size_t i = 3; i-- > 0;)
		if (k.mods & mods[i].mod)
			out[n++] = (struct vnckey_event){ mods[i].sym, false };
	return n;
}

struct vnckey
vnckey_ctrl_alt_del(void)
{
	return (struct vnckey){ VNCKEY_DELETE, VNCKEY_MOD_CTRL |
	    VNCKEY_MOD_ALT };
}

struct vnckey
vnckey_ctrl_alt_f(int n)
{
	if (n < 1)
		n = 1;
	if (n > 12)
		n = 12;
	return (struct vnckey){ VNCKEY_F1 + (uint32_t)(n - 1),
	    VNCKEY_MOD_CTRL | VNCKEY_MOD_ALT };
}

/* The next character of UTF-8 text at *p (advanced), or 0xfffd for a
 * malformed sequence (one byte skipped). */
static uint32_t
vnckey_utf8(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	int n = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ?
	    2 : (c & 0xf8) == 0xf0 ? 3 : -1;

	if (n < 0) {
		(*p)++;
		return 0xfffd;
	}
	c &= n == 0 ? 0x7f : (0x3f >> n);
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			(*p)++;
			return 0xfffd;
		}
		c = c << 6 | (s[i] & 0x3f);
	}
	*p += n + 1;
	return c;
}

size_t
vnckey_type_text(const char *text, struct vnckey_event *out, size_t cap,
    size_t *skipped)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t n = 0, skip = 0;

	while (*p != '\0') {
		struct vnckey k;
		struct vnckey_event ev[VNCKEY_MAX_EVENTS];
		uint32_t c = vnckey_utf8(&p);
		size_t m;

		if (c == 0xfffd || !vnckey_from_char(c, &k)) {
			skip++;
			continue;
		}
		m = vnckey_events(k, ev);
		if (n + m > cap) {
			skip++;
			continue;
		}
		memcpy(out + n, ev, m * sizeof *ev);
		n += m;
	}
	if (skipped)
		*skipped = skip;
	return n;
}
