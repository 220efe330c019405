/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <vterm.h>

#include "../util/color.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "sbring.h"

/* libvterm 0.1.4 crashes writing a wide character into one column */
#define VT_MIN_COLS 2

struct vt {
	VTerm *term;
	VTermScreen *screen;
	struct sbring sb;
	char *out;			/* bytes for the guest */
	size_t nout, capout;
	bool damaged;
	bool cursor_visible;
	int filter;			/* VT_F_*: where in an escape sequence */
	int seps;			/* separators in this CSI so far */
	int digits;			/* digits in its current parameter */
	unsigned rep;			/* its first parameter */
	bool plain;			/* no leader, no intermediate so far */
	char last[4];			/* the last printable character */
	size_t nlast;			/* its bytes; 0: none of some width */
	char pend[4];			/* a UTF-8 character coming in */
	size_t npend;
	int want;			/* its bytes still to come */
	int rows, cols;
};

static const struct vt_cell vt_blank = { .ch = 0, .fg = -1, .bg = -1,
    .width = 1 };

static int16_t
vt_color(const VTermColor *c, bool fg)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
		return -1;
	if (VTERM_COLOR_IS_INDEXED(c))
		return c->indexed.idx;
	return (int16_t)color_rgb_to_256((uint32_t)c->rgb.red << 16 |
	    (uint32_t)c->rgb.green << 8 | c->rgb.blue);
}

/* libvterm's cell as ours. */
static void
vt_from_vterm(const VTermScreenCell *in, struct vt_cell *out)
{
	uint32_t ch = in->chars[0];

	out->ch = ch == (uint32_t)-1 ? 0 : ch;
	out->width = in->width < 0 ? 0 : (uint8_t)in->width;
	out->fg = vt_color(&in->fg, true);
	out->bg = vt_color(&in->bg, false);
	out->attrs = (in->attrs.bold ? VT_ATTR_BOLD : 0) |
	    (in->attrs.underline ? VT_ATTR_UNDERLINE : 0) |
	    (in->attrs.italic ? VT_ATTR_ITALIC : 0) |
	    (in->attrs.blink ? VT_ATTR_BLINK : 0) |
	    (in->attrs.reverse ? VT_ATTR_REVERSE : 0);
}

/* Ours back as libvterm's, for lines coming back from the scrollback. */
static void
vt_to_vterm(const struct vt_cell *in, VTermScreenCell *out)
{
	memset(out, 0, sizeof *out);
	/* the right half of a wide character, as libvterm marks it */
	out->chars[0] = in->width == 0 ? (uint32_t)-1 : in->ch;
	out->width = (char)(in->width ? in->width : 1);
	vterm_color_indexed(&out->fg, (uint8_t)(in->fg < 0 ? 7 : in->fg));
	vterm_color_indexed(&out->bg, (uint8_t)(in->bg < 0 ? 0 : in->bg));
	if (in->fg < 0)
		out->fg.type |= VTERM_COLOR_DEFAULT_FG;
	if (in->bg < 0)
		out->bg.type |= VTERM_COLOR_DEFAULT_BG;
	out->attrs.bold = !!(in->attrs & VT_ATTR_BOLD);
	out->attrs.underline = !!(in->attrs & VT_ATTR_UNDERLINE);
	out->attrs.italic = !!(in->attrs & VT_ATTR_ITALIC);
	out->attrs.blink = !!(in->attrs & VT_ATTR_BLINK);
	out->attrs.reverse = !!(in->attrs & VT_ATTR_REVERSE);
}

static int
vt_damage(VTermRect rect, void *user)
{
	struct vt *vt = user;

	(void)rect;
	vt->damaged = true;
	return 1;
}

static int
vt_moverect(VTermRect dest, VTermRect src, void *user)
{
	struct vt *vt = user;

	(void)dest;
	(void)src;
	vt->damaged = true;
	return 1;
}

static int
vt_movecursor(VTermPos pos, VTermPos oldpos, int visible, void *user)
{
	struct vt *vt = user;

	(void)pos;
	(void)oldpos;
	(void)visible;
	vt->damaged = true;
	return 1;
}

static int
vt_settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct vt *vt = user;

	if (prop == VTERM_PROP_CURSORVISIBLE)
		vt->cursor_visible = val->boolean;
	vt->damaged = true;
	return 1;
}

static int
vt_pushline(int cols, const VTermScreenCell *cells, void *user)
{
	struct vt *vt = user;
	struct vt_cell line[cols > 0 ? cols : 1];

	for (int i = 0; i < cols; i++)
		vt_from_vterm(&cells[i], &line[i]);
	sbring_push(&vt->sb, line, (size_t)(cols > 0 ? cols : 0));
	return 1;
}

static int
vt_popline(int cols, VTermScreenCell *cells, void *user)
{
	struct vt *vt = user;
	struct vt_cell line[cols > 0 ? cols : 1];

	if (cols <= 0 || sbring_pop(&vt->sb, line, (size_t)cols) < 0)
		return 0;
	/* a line from a wider screen may end in half a wide character;
	 * libvterm 0.1.4 crashes on a wide one in the last column */
	for (int i = 0; i < cols; i++) {
		bool whole = i + 1 < cols && line[i + 1].width == 0;

		if ((line[i].width == 2 && !whole) ||
		    (line[i].width == 0 && (i == 0 || line[i - 1].width != 2))) {
			line[i].ch = ' ';
			line[i].width = 1;
		}
	}
	for (int i = 0; i < cols; i++)
		vt_to_vterm(&line[i], &cells[i]);
	return 1;
}

static const VTermScreenCallbacks vt_callbacks = {
	.damage = vt_damage,
	.moverect = vt_moverect,
	.movecursor = vt_movecursor,
	.settermprop = vt_settermprop,
	.sb_pushline = vt_pushline,
	.sb_popline = vt_popline,
};

static void
vt_out(const char *s, size_t len, void *user)
{
	struct vt *vt = user;

	if (vt->nout + len > vt->capout) {
		vt->capout = (vt->nout + len) * 2;
		vt->out = xrealloc(vt->out, vt->capout);
	}
	memcpy(vt->out + vt->nout, s, len);
	vt->nout += len;
}

struct vt *
vt_new(int rows, int cols, size_t scrollback)
{
	struct vt *vt = xcalloc(1, sizeof *vt);

	vt->rows = rows < 1 ? 1 : rows;
	vt->cols = cols < VT_MIN_COLS ? VT_MIN_COLS : cols;
	vt->term = vterm_new(vt->rows, vt->cols);
	if (vt->term == NULL)
		fatal("out of memory for a console screen");
	vterm_set_utf8(vt->term, 1);
	vterm_output_set_callback(vt->term, vt_out, vt);
	vt->screen = vterm_obtain_screen(vt->term);
	vterm_screen_set_callbacks(vt->screen, &vt_callbacks, vt);
	vterm_screen_set_damage_merge(vt->screen, VTERM_DAMAGE_SCROLL);
	vterm_screen_enable_altscreen(vt->screen, 1);
	vterm_screen_reset(vt->screen, 1);
	sbring_init(&vt->sb, scrollback);
	vt->cursor_visible = true;
	vt->damaged = true;
	return vt;
}

void
vt_free(struct vt *vt)
{
	if (vt == NULL)
		return;
	vterm_free(vt->term);
	sbring_free(&vt->sb);
	free(vt->out);
	free(vt);
}

/*
 * The guards between the guest and libvterm 0.1.4, whose parser a guest
 * can crash or hang (each found by tests/fuzz/fuzz_console):
 *  - a CSI of 17 or more parameters ("\033[1;1;...;1m", 16 separators)
 *    crashes it: separators past the 15th, and their digits, are dropped;
 *  - REP ("\033[3b", repeat the last character) with no last character
 *    of some width (nothing printed yet, or a combining mark last) loops
 *    forever: REP never reaches it; the sequence is cancelled (CAN) and
 *    the filter repeats the last character itself, as REP means;
 *  - digits past the 4th of a parameter are dropped (no count on a
 *    screen needs more).
 * Where it is unsure whether libvterm still reads an escape sequence (a
 * control or a high byte inside it), it assumes it does.
 */
#define VT_MAX_SEPS 15
#define VT_MAX_DIGITS 4
#define VT_MAX_REP 9999
enum { VT_F_GROUND, VT_F_ESC, VT_F_CSI, VT_F_CSI_DROP };

/* Append one byte to the bytes for libvterm, passing them on when full. */
static void
vt_put(struct vt *vt, char *out, size_t *k, size_t cap, char c)
{
	if (*k == cap) {
		vterm_input_write(vt->term, out, *k);
		*k = 0;
	}
	out[(*k)++] = c;
}

/* Follow the last printable character (a whole UTF-8 sequence) in the
 * text between escapes, for REP. */
static void
vt_track_char(struct vt *vt, unsigned char c)
{
	if (c >= 0x20 && c < 0x7f) {
		vt->last[0] = (char)c;
		vt->nlast = 1;
		vt->want = 0;
		return;
	}
	if (c >= 0x80 && c < 0xc0 && vt->want > 0) {
		vt->pend[vt->npend++] = (char)c;
		if (--vt->want == 0) {
			wchar_t wc = 0;
			mbstate_t st = { 0 };
			size_t r = mbrtowc(&wc, vt->pend, vt->npend, &st);
			int w = r == vt->npend ? wcwidth(wc) : -1;

			/* a combining mark (width 0) would loop: none */
			vt->nlast = w > 0 ? vt->npend : 0;
			memcpy(vt->last, vt->pend, vt->npend);
		}
		return;
	}
	vt->want = 0;
	if (c >= 0xc2 && c <= 0xf4) {
		vt->pend[0] = (char)c;
		vt->npend = 1;
		vt->want = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
	} else if (c >= 0x80)
		vt->nlast = 0;		/* invalid: shown as U+FFFD */
}

void
vt_feed(struct vt *vt, const char *buf, size_t n)
{
	char out[4096];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		bool param = c >= 0x30 && c <= 0x3f;

		switch (vt->filter) {
		case VT_F_GROUND:
			if (c == 0x1b)
				vt->filter = VT_F_ESC;
			else if (c >= 0x20)
				vt_track_char(vt, c);
			break;
		case VT_F_ESC:
			if (c == '[') {
				vt->filter = VT_F_CSI;
				vt->seps = 0;
				vt->digits = 0;
				vt->rep = 0;
				vt->plain = true;
			} else if (c == 0x18 || c == 0x1a ||
			    (c >= 0x30 && c <= 0x7e))
				vt->filter = VT_F_GROUND;
			break;
		case VT_F_CSI:
		case VT_F_CSI_DROP:
			if (param && vt->filter == VT_F_CSI &&
			    (c == ';' || c == ':')) {
				vt->digits = 0;
				if (++vt->seps > VT_MAX_SEPS)
					vt->filter = VT_F_CSI_DROP;
			}
			if (param && vt->filter == VT_F_CSI_DROP)
				continue;	/* dropped */
			if (c >= '0' && c <= '9') {
				if (++vt->digits > VT_MAX_DIGITS)
					continue;
				if (vt->seps == 0)
					vt->rep = vt->rep * 10 + (unsigned)(c - '0');
			} else if (param && c != ';' && c != ':')
				vt->plain = false;	/* a private leader */
			else if (c >= 0x20 && c <= 0x2f)
				vt->plain = false;	/* an intermediate */
			if (c == 0x1b)
				vt->filter = VT_F_ESC;
			else if (c == 0x18 || c == 0x1a ||
			    (c >= 0x40 && c <= 0x7e))
				vt->filter = VT_F_GROUND;	/* ended */
			if (c == 'b' && vt->plain) {
				/* REP: cancel it, repeat the character here */
				unsigned times = vt->rep ? vt->rep : 1;

				vt_put(vt, out, &k, sizeof out, 0x18);
				for (unsigned t = 0; vt->nlast > 0 && t < times &&
				    t < VT_MAX_REP; t++)
					for (size_t j = 0; j < vt->nlast; j++)
						vt_put(vt, out, &k, sizeof out,
						    vt->last[j]);
				continue;
			}
			break;
		}
		vt_put(vt, out, &k, sizeof out, (char)c);
	}
	if (k > 0)
		vterm_input_write(vt->term, out, k);
	vterm_screen_flush_damage(vt->screen);
}

void
vt_resize(struct vt *vt, int rows, int cols)
{
	if (rows < 1)
		rows = 1;
	if (cols < VT_MIN_COLS)
		cols = VT_MIN_COLS;
	if (rows == vt->rows && cols == vt->cols)
		return;
	/* libvterm 0.1.4, shrinking a screen with text below the cursor,
	 * pushes lines until that text fits and moves the cursor above the
	 * screen (row -6 after "\033[10Hx\033[H" and 25 rows to 4), which
	 * corrupts it for what follows (insert mode then crashed). Put the
	 * cursor on the last line with text first; then back where it was,
	 * less what scrolled away. */
	VTermState *state = vterm_obtain_state(vt->term);
	VTermPos was, now;
	int last = -1;

	vterm_state_get_cursorpos(state, &was);
	for (int r = vt->rows - 1; r > was.row && last < 0; r--)
		for (int c = 0; c < vt->cols; c++) {
			VTermScreenCell cell;
			VTermPos p = { .row = r, .col = c };

			if (vterm_screen_get_cell(vt->screen, p, &cell) &&
			    cell.chars[0] != 0 && cell.chars[0] != ' ') {
				last = r;
				break;
			}
		}
	bool moved = rows < vt->rows && last > was.row;
	if (moved) {
		char cup[32];
		int n = snprintf(cup, sizeof cup, "\033[%d;%dH", last + 1,
		    was.col + 1);

		vterm_input_write(vt->term, cup, (size_t)n);
	}
	vt->rows = rows;
	vt->cols = cols;
	vterm_set_size(vt->term, rows, cols);
	if (moved) {
		/* what scrolled away: the last line moved to now.row */
		vterm_state_get_cursorpos(state, &now);
		int row = was.row - (last - now.row);
		char cup[32];
		int n = snprintf(cup, sizeof cup, "\033[%d;%dH",
		    (row < 0 ? 0 : row) + 1, was.col + 1);

		vterm_input_write(vt->term, cup, (size_t)n);
	}
	/* nor does it fit the scrolling region to the new size (a region
	 * below the last row made a negative memmove): reset it, keeping
	 * the cursor (DECSC, DECSTBM, DECRC) */
	vterm_input_write(vt->term, "\0337\033[r\0338", 8);
	/* libvterm 0.1.4 can leave the cursor above the screen when it
	 * shrinks with text below the cursor (row -6 after "\033[10Hx\033[H"
	 * and 25 rows to 4), and the next erase then writes out of bounds:
	 * put the cursor back on the screen */
	VTermPos pos;
	vterm_state_get_cursorpos(vterm_obtain_state(vt->term), &pos);
	if (pos.row < 0 || pos.row >= rows || pos.col < 0 || pos.col >= cols) {
		char cup[32];
		int n = snprintf(cup, sizeof cup, "\033[%d;%dH",
		    pos.row < 0 ? 1 : pos.row >= rows ? rows : pos.row + 1,
		    pos.col < 0 ? 1 : pos.col >= cols ? cols : pos.col + 1);

		vterm_input_write(vt->term, cup, (size_t)n);
	}
	vterm_screen_flush_damage(vt->screen);
	vt->damaged = true;
}

void
vt_size(const struct vt *vt, int *rows, int *cols)
{
	*rows = vt->rows;
	*cols = vt->cols;
}

void
vt_cell(const struct vt *vt, int row, int col, struct vt_cell *out)
{
	*out = vt_blank;
	if (col < 0 || col >= vt->cols || row >= vt->rows)
		return;
	if (row < 0) {
		const struct sbring_line *l = sbring_get(&vt->sb,
		    (size_t)(-row - 1));

		if (l != NULL && (size_t)col < l->n)
			*out = l->cells[col];
		return;
	}
	VTermScreenCell c;
	VTermPos pos = { .row = row, .col = col };

	if (vterm_screen_get_cell(vt->screen, pos, &c))
		vt_from_vterm(&c, out);
}

size_t
vt_scrollback(const struct vt *vt)
{
	return vt->sb.count;
}

bool
vt_cursor(const struct vt *vt, int *row, int *col)
{
	VTermPos pos;

	vterm_state_get_cursorpos(vterm_obtain_state(vt->term), &pos);
	*row = pos.row;
	*col = pos.col;
	return vt->cursor_visible;
}

static VTermModifier
vt_mods(unsigned mods)
{
	return (VTermModifier)((mods & VT_MOD_SHIFT ? VTERM_MOD_SHIFT : 0) |
	    (mods & VT_MOD_ALT ? VTERM_MOD_ALT : 0) |
	    (mods & VT_MOD_CTRL ? VTERM_MOD_CTRL : 0));
}

void
vt_key(struct vt *vt, enum vt_key key, unsigned mods)
{
	static const VTermKey map[] = {
		[VT_KEY_ENTER] = VTERM_KEY_ENTER,
		[VT_KEY_TAB] = VTERM_KEY_TAB,
		[VT_KEY_BACKSPACE] = VTERM_KEY_BACKSPACE,
		[VT_KEY_ESCAPE] = VTERM_KEY_ESCAPE,
		[VT_KEY_UP] = VTERM_KEY_UP,
		[VT_KEY_DOWN] = VTERM_KEY_DOWN,
		[VT_KEY_LEFT] = VTERM_KEY_LEFT,
		[VT_KEY_RIGHT] = VTERM_KEY_RIGHT,
		[VT_KEY_INS] = VTERM_KEY_INS,
		[VT_KEY_DEL] = VTERM_KEY_DEL,
		[VT_KEY_HOME] = VTERM_KEY_HOME,
		[VT_KEY_END] = VTERM_KEY_END,
		[VT_KEY_PAGEUP] = VTERM_KEY_PAGEUP,
		[VT_KEY_PAGEDOWN] = VTERM_KEY_PAGEDOWN,
	};

	if (key > VT_KEY_F0 && key <= VT_KEY_F0 + 24)
		vterm_keyboard_key(vt->term,
		    VTERM_KEY_FUNCTION(key - VT_KEY_F0), vt_mods(mods));
	else if (key > VT_KEY_NONE && (size_t)key < sizeof map / sizeof map[0])
		vterm_keyboard_key(vt->term, map[key], vt_mods(mods));
}

void
vt_char(struct vt *vt, uint32_t ch, unsigned mods)
{
	if (ch > 0x10ffff || (ch >= 0xd800 && ch <= 0xdfff))
		return;			/* no character: nothing to send */
	vterm_keyboard_unichar(vt->term, ch, vt_mods(mods));
}

size_t
vt_output(struct vt *vt, const char **buf)
{
	size_t n = vt->nout;

	*buf = vt->out;
	vt->nout = 0;
	return n;
}

bool
vt_take_damage(struct vt *vt)
{
	bool d = vt->damaged;

	vt->damaged = false;
	return d;
}

char *
vt_row_text(const struct vt *vt, int r, char *buf, size_t len)
{
	size_t n = 0, keep = 0;

	if (len == 0)
		return buf;
	for (int c = 0; c < vt->cols; c++) {
		struct vt_cell cell;
		char u[4];
		size_t k;

		vt_cell(vt, r, c, &cell);
		if (cell.width == 0)
			continue;
		k = fmt_utf8(cell.ch ? cell.ch : ' ', u);
		if (n + k + 1 > len)
			break;
		memcpy(buf + n, u, k);
		n += k;
		if (cell.ch != 0 && cell.ch != ' ')
			keep = n;
	}
	buf[keep] = '\0';
	return buf;
}
