/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vncview.h"

#include <errno.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../vnc/textscreen.h"
#include "../vnc/vgafont.h"
#include "../vnc/vncclient.h"
#include "../vnc/vncfb.h"
#include "../vnc/vnckeys.h"
#include "../vnc/vncmap.h"
#include "../vnc/vncopen.h"
#include "../config/config.h"
#include "../util/fdio.h"
#include "../util/fmt.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "app.h"
#include "keymap.h"
#include "draw.h"
#include "term.h"
#include "theme.h"
#include "view.h"
#include "vncinput.h"

#define VNCVIEW_RETRY_MS 30000	/* after a VM's restart, try this long */
#define VNCVIEW_RETRIES 3	/* ends of a running VM's display retried */
#define VNCVIEW_STATUS_MS 5000	/* an action's message shown in the title */

struct vncview {
	int host;
	char uuid[DOMAIN_UUID_LEN];
	char *name;
	struct vncopen *open;		/* asking the host for the display */
	struct vncclient *c;		/* the session, once open */
	char *ended;			/* why it is over, or NULL */
	enum vncmap_mode mode;
	int pan_x, pan_y;
	enum vncfb_colors colors;
	enum vncfb_style style;
	enum vncfb_pixels pixels;	/* images instead of cells, or NONE */
	enum vncfb_pixels can_pixels;	/* what the terminal takes */
	struct vncmap map;		/* as last painted */
	int rows, cols;			/* the picture's area, last painted */
	struct vncfb_cell *cells;	/* rows x cols */
	struct vncfb_cell *shown;	/* what the terminal has, rows x cols */
	bool full;			/* paint everything next time */
	bool pending;			/* damage waiting */
	struct vncrect damage;		/* in framebuffer pixels */
	int buttons;			/* mouse buttons held */
	bool was_top;			/* painted last time (no overlay) */
	int area_y, area_x;		/* the picture's area on the screen */
	int dom_id;			/* the VM's id when it was opened */
	bool saw_down;			/* ended, and since seen off or away */
	int64_t retry_until;		/* after a restart: keep trying till */
	int64_t retry_at;		/* the next try */
	int retries;			/* tries after ends while it ran */
	mmask_t old_mask;
	bool pane;			/* in the pane under the lists */
	struct ui_area pane_area;	/* its inside, set by draw */
	struct view *view;
	/* text screens read as text (vnc_text = auto; the menu toggles) */
	bool text_on;
	bool texting;			/* drawn as text now */
	struct textscreen ts;		/* the grid and its cells */
	int64_t next_find;		/* pixels now: look for text again */
	bool look;			/* pixels changed since the last look */
	int tpan_x, tpan_y;		/* the grid's first cell shown */
	bool retitle;			/* the title is out of date: draw it */
	int cur_col, cur_row;		/* the cursor cell drawn, or -1 */
};

/* The VGA BIOS font and the host's console-setup fonts, loaded once (a
 * 40 KB ROM, a few 5 KB PSF files) when a view first wants text; the
 * ROM's absence is said in the view's title. */
static struct vgafont vncview_font;
static int vncview_font_state;		/* 0 untried, 1 loaded, -1 none */
static char *vncview_font_why;

static bool
vncview_font_ready(void)
{
	if (vncview_font_state == 0) {
		vncview_font_state = vgafont_load(&vncview_font,
		    &vncview_font_why) == 0 ? 1 : -1;
		if (vncview_font_state > 0)
			vgafont_add_console_fonts(&vncview_font);
	}
	return vncview_font_state > 0;
}

static const struct view_ops vncview_ops;

/* The VNC view on app's stack, or NULL. */
static struct view *
vncview_find(struct app *app)
{
	return app_find_view(app, &vncview_ops);
}

static void
vncview_wake(void *q)
{
	evq_wake(q);
}

/* The colours the terminal takes: the setting, or what it says. */
static enum vncfb_colors
vncview_colors(const struct app *app)
{
	const char *ct = getenv("COLORTERM");

	switch (app->cfg->vnc_colors) {
	case CONFIG_VNC_TRUECOLOR:
		return VNCFB_TRUECOLOR;
	case CONFIG_VNC_256:
		return VNCFB_256;
	case CONFIG_VNC_16:
		return VNCFB_16;
	default:
		break;
	}
	if (ct != NULL && (strcmp(ct, "truecolor") == 0 ||
	    strcmp(ct, "24bit") == 0))
		return VNCFB_TRUECOLOR;
	return COLORS >= 256 ? VNCFB_256 : VNCFB_16;
}

/* The images the terminal takes: the setting, or libchafa's list. */
static enum vncfb_pixels
vncview_pixels(const struct app *app)
{
	extern char **environ;

	switch (app->cfg->vnc_graphics) {
	case CONFIG_VNCG_CELLS:
		return VNCFB_PIXELS_NONE;
	case CONFIG_VNCG_SIXEL:
		return VNCFB_PIXELS_SIXEL;
	case CONFIG_VNCG_KITTY:
		return VNCFB_PIXELS_KITTY;
	default:
		return vncfb_detect_pixels((const char *const *)environ);
	}
}

static void
vncview_connect(struct app *app, struct vncview *v)
{
	vncclient_stop(v->c);
	v->c = NULL;
	vncopen_free(v->open);
	free(v->ended);
	v->ended = NULL;
	v->open = vncopen_start(app->hosts[v->host], app->q, v->uuid, v->name);
	v->full = true;
}

/* --- drawing ------------------------------------------------------------- */

/* The screen's size, 0 x 0 before the first picture. */
static void
vncview_size(struct vncview *v, int *w, int *h)
{
	int stride;

	*w = *h = 0;
	if (v->c != NULL && vncclient_lock(v->c, w, h, &stride) != NULL)
		vncclient_unlock(v->c);
}

/* The status of the view (its screen w x h), for its bar or its pane's
 * title. */
static void
vncview_title(struct app *app, struct vncview *v, int w, int h, char *line,
    size_t len, bool pane)
{
	const char *state;

	if (v->ended != NULL)
		state = v->ended;
	else if (v->c == NULL || w == 0)
		state = "connecting…";
	else
		state = NULL;
	char menu[32], lists[32], panekey[32], zoom[32];

	keymap_key_for(CMD_VNC, "vnc-menu", menu, sizeof menu);
	keymap_key_for(CMD_VNC, "vnc-close", lists, sizeof lists);
	keymap_key_for(CMD_VNC, "vnc-pane", panekey, sizeof panekey);
	keymap_key_for(CMD_VNC, "vnc-zoom", zoom, sizeof zoom);
	if (state != NULL)
		snprintf(line, len, " %s: %s  │ %s%s lists", v->name, state,
		    v->ended ? "Enter connects again · " : "", lists);
	else if (v->texting && (v->ts.cols > v->cols || v->ts.rows > v->rows)) {
		/* a grid larger than the area: which part of it is shown */
		int c1 = v->tpan_x + v->cols, r1 = v->tpan_y + v->rows;

		snprintf(line, len, " %s  %dx%d text %dx%d, columns %d–%d rows "
		    "%d–%d shown  │ %s menu · %s lists · %s %s · Shift-arrows "
		    "pan ", v->name, w, h, v->ts.cols, v->ts.rows, v->tpan_x + 1,
		    c1 > v->ts.cols ? v->ts.cols : c1, v->tpan_y + 1,
		    r1 > v->ts.rows ? v->ts.rows : r1, menu, lists, panekey,
		    pane ? "full screen" : "pane");
	} else if (v->texting)
		snprintf(line, len, " %s  %dx%d text %dx%d  │ %s menu · %s lists "
		    "· %s %s ", v->name, w, h, v->ts.cols, v->ts.rows, menu,
		    lists, panekey, pane ? "full screen" : "pane");
	else
		snprintf(line, len, " %s  %dx%d %s%s%s  │ %s menu · %s lists · "
		    "%s %s · %s zoom%s ", v->name, w, h, v->mode == VNCMAP_FIT ?
		    "fit" : "1:1", v->pixels == VNCFB_PIXELS_SIXEL ? " sixel" :
		    v->pixels == VNCFB_PIXELS_KITTY ? " kitty" :
		    v->style == VNCFB_SYMBOLS ? " symbols" : "", " pixels", menu,
		    lists,
		    panekey, pane ? "full screen" : "pane", zoom,
		    v->mode == VNCMAP_ONE ? " · Shift-arrows pan" : "");
	/* what an action just said (the lists' status line is hidden) */
	if (app->status != NULL && app->status_user &&
	    time_mono_ms() - app->status_ms < VNCVIEW_STATUS_MS) {
		size_t n = strlen(line);

		snprintf(line + n, len - n, " │ %s", app->status);
		app_redraw_in(app, VNCVIEW_STATUS_MS -
		    (time_mono_ms() - app->status_ms) + 1);
	}
}

static void
vncview_draw(struct view *view, struct app *app, struct ui_area area)
{
	(void)area;
	struct vncview *v = view->priv;
	int rows = area.h, cols = area.w, w, h;
	char line[512];

	if (v->pane) {
		/* a frame whose inside the picture is painted into */
		if (area.h < 3 || area.w < 3)
			return;
		vncview_size(v, &w, &h);
		vncview_title(app, v, w, h, line, sizeof line, true);
		draw_box(area.y, area.x, area.h, area.w,
		    theme_attr(THEME_TITLE), line);
		v->pane_area = (struct ui_area){ area.y + 1, area.x + 1,
		    area.h - 2, area.w - 2 };
		return;
	}
	vncview_size(v, &w, &h);
	if (w == 0) {
		/* no picture yet: say why in the middle */
		draw_text(rows / 2, 2, cols - 4, A_BOLD, v->ended ? v->ended :
		    "connecting…", false);
	}
	vncview_title(app, v, w, h, line, sizeof line, false);
	draw_text(rows - 1, 0, cols, theme_attr(THEME_STATUS), line, true);
}

static size_t
vncview_sgr(char *p, uint32_t c, bool fg, enum vncfb_colors colors)
{
	switch (colors) {
	case VNCFB_TRUECOLOR:
		return (size_t)sprintf(p, "\033[%d;2;%u;%u;%um", fg ? 38 : 48,
		    c >> 16 & 0xff, c >> 8 & 0xff, c & 0xff);
	case VNCFB_256:
		return (size_t)sprintf(p, "\033[%d;5;%um", fg ? 38 : 48, c);
	default:
		return (size_t)sprintf(p, "\033[%um", c < 8 ? (fg ? 30 : 40) + c :
		    (fg ? 90 : 100) + c - 8);
	}
}

/* Write the cells of rect to the terminal, cursor and attributes saved
 * around it so curses' idea of the screen still holds. With all false,
 * only the cells that differ from what the terminal was last given are
 * written (a damaged rectangle often reads the same: a cursor's blink
 * over a text screen, a guest drawing what it drew before), so a still
 * screen writes nothing. */
static void
vncview_emit(struct vncview *v, struct vncrect r, bool utf8, bool all)
{
	size_t cap = (size_t)r.w * (size_t)r.h * 64 + (size_t)r.h * 16 + 32;
	char *buf = xcalloc(1, cap), *p = buf;
	uint32_t fg = UINT32_MAX, bg = UINT32_MAX;
	bool any = false;

	p += sprintf(p, "\0337");
	for (int y = r.y; y < r.y + r.h; y++) {
		bool moved = false;

		for (int x = r.x; x < r.x + r.w; x++) {
			const struct vncfb_cell *c = &v->cells[y * v->cols + x];
			struct vncfb_cell *was = &v->shown[y * v->cols + x];
			/* a half block, a symbol of chafa's or a character
			 * of a text screen; without UTF-8 what is not ASCII
			 * is a space in the background (lower) colour */
			bool glyph = c->ch != ' ' && (c->ch < 0x80 || utf8);

			if (!all && c->ch == was->ch && c->fg == was->fg &&
			    c->bg == was->bg) {
				moved = false;	/* the next one needs a move */
				continue;
			}
			*was = *c;
			any = true;
			if (!moved)
				p += sprintf(p, "\033[%d;%dH", v->area_y + y + 1,
				    v->area_x + x + 1);
			moved = true;
			if (c->bg != bg) {
				p += vncview_sgr(p, c->bg, false, v->colors);
				bg = c->bg;
			}
			if (glyph && c->fg != fg) {
				p += vncview_sgr(p, c->fg, true, v->colors);
				fg = c->fg;
			}
			if (glyph && c->ch < 0x80)
				*p++ = (char)c->ch;
			else if (glyph)
				p += fmt_utf8(c->ch, p);
			else
				*p++ = ' ';
		}
	}
	p += sprintf(p, "\033[0m\0338");
	/* a terminal that takes nothing more: the rest is dropped */
	if (any)
		(void)fdio_write_all(STDOUT_FILENO, buf, (size_t)(p - buf));
	free(buf);
}

/* Images: the cells that changed as one image placed over them (the
 * whole picture after a layout change). */
static void
vncview_image(struct vncview *v, const struct vncmap *m, const uint32_t *px,
    int stride)
{
	struct winsize ws;
	struct vncrect r = m->cells, src = m->src;
	int cw = 10, ch = 20;
	size_t len;
	char *img, *buf, *p;

	if (!v->full && !v->pending)
		return;
	if (!v->full) {
		if (!vncmap_damage(m, v->damage, &r)) {
			v->pending = false;
			return;
		}
		src = vncmap_source(m, r);
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_xpixel > 0 &&
	    ws.ws_ypixel > 0 && ws.ws_col > 0 && ws.ws_row > 0) {
		cw = ws.ws_xpixel / ws.ws_col;
		ch = ws.ws_ypixel / ws.ws_row;
	}
	img = vncfb_image(px, stride, src, r.w, r.h, cw, ch, v->pixels, &len);
	buf = xcalloc(1, len + 64);
	p = buf + sprintf(buf, "\0337\033[%d;%dH", v->area_y + r.y + 1,
	    v->area_x + r.x + 1);
	memcpy(p, img, len);
	p += len;
	p += sprintf(p, "\0338");
	/* a terminal that takes nothing more: the rest is dropped */
	(void)fdio_write_all(STDOUT_FILENO, buf, (size_t)(p - buf));
	free(buf);
	free(img);
	v->full = v->pending = false;
}

/* A colour of the screen as the terminal takes it. */
static uint32_t
vncview_color(const struct vncview *v, uint32_t rgb)
{
	return vncfb_color(rgb, v->colors);
}

/* The terminal cell for text cell (col, row): its character in its
 * colours, or, for a cell that is no glyph, its two halves' average
 * colours as a half block (the pixels, one cell per character cell). */
static struct vncfb_cell
vncview_text_cell(const struct vncview *v, const uint32_t *px, int stride,
    int col, int row, bool utf8)
{
	const struct textcell *c = &v->ts.cells[row * v->ts.cols + col];

	/* the guest's text cursor: its cell in reverse video (steady: the
	 * guest's blinking writes nothing; the terminal's own cursor is
	 * curses', which may move by reprinting what it thinks is there) */
	bool cur = col == v->ts.cur_col && row == v->ts.cur_row;

	/* a blank cell's ink is the colour its cursor lines had: the same
	 * reverse cell whether the blinking lines are on or off */
	uint32_t ink = c->fg == c->bg && cur ? v->ts.cur_color : c->fg;

	if (c->code != TEXTCELL_NONE) {
		uint32_t u = vncview_font.unicode[c->code];

		/* a terminal without UTF-8: an ASCII stand-in (box lines
		 * as - | +), not a space */
		return (struct vncfb_cell){ utf8 || u < 0x80 ? u :
		    (uint32_t)fmt_ascii(u),
		    vncview_color(v, cur ? c->bg : ink),
		    vncview_color(v, cur ? ink : c->bg) };
	}
	int x0 = v->ts.x0 + col * v->ts.cw, y0 = v->ts.y0 + row * v->ts.ch;
	uint32_t top = vncfb_average(px, stride, x0, x0 + v->ts.cw, y0,
	    y0 + v->ts.ch / 2);
	uint32_t bot = vncfb_average(px, stride, x0, x0 + v->ts.cw,
	    y0 + v->ts.ch / 2, y0 + v->ts.ch);

	return (struct vncfb_cell){ VNCFB_UPPER_HALF, vncview_color(v, top),
	    vncview_color(v, bot) };
}

/* Keep the window on the grid inside it: all of it when it fits in
 * rows x cols. */
static void
vncview_text_clamp(struct vncview *v, int rows, int cols)
{
	int mx = v->ts.cols > cols ? v->ts.cols - cols : 0;
	int my = v->ts.rows > rows ? v->ts.rows - rows : 0;

	v->tpan_x = v->tpan_x < 0 ? 0 : v->tpan_x > mx ? mx : v->tpan_x;
	v->tpan_y = v->tpan_y < 0 ? 0 : v->tpan_y > my ? my : v->tpan_y;
}

/* The screen as text, where it reads as text: the grid found (again on a
 * new size, or each second while it is pixels), the damaged cells read
 * again, one terminal cell per character cell from the pan on, and the
 * changed cells written. Returns false (nothing drawn) for pixels. */
static bool
vncview_text_paint(struct vncview *v, const uint32_t *px, int w, int h,
    int stride, int rows, int cols, bool utf8)
{
	int64_t now = time_mono_ms();
	struct vncrect r;
	bool text;

	if (w != v->ts.fb_w || h != v->ts.fb_h ||
	    (!v->texting && now >= v->next_find && (v->full || v->pending ||
	    v->look))) {
		textscreen_find(&v->ts, px, w, h, stride);
		v->look = false;
		/* pixels: looked at again in a second; a blank frame (the
		 * first update not in yet) at the next update */
		if (!textscreen_is_text(&v->ts) && !v->ts.blank)
			v->next_find = now + 1000;
		/* a grid read anew: every cell of it (pixels still
		 * pixels: only their damage, as before the look) */
		if (textscreen_is_text(&v->ts))
			v->full = true;
	} else if (v->texting && v->pending)
		textscreen_update(&v->ts, px, stride, v->damage.x, v->damage.y,
		    v->damage.w, v->damage.h);
	text = textscreen_is_text(&v->ts);
	if (text != v->texting) {
		v->texting = text;
		v->full = true;
		v->retitle = true;	/* "text 80x25" or "pixels" */
		if (!v->ts.blank)
			v->next_find = now + 1000;
	}
	if (!text) {
		/* changed pixels not looked at: looked at when due, also
		 * if the screen then stays still (vncview_poll wakes us) */
		if (v->full || v->pending)
			v->look = v->look || now < v->next_find;
		return false;
	}
	/* a grid larger than the area: when the guest's cursor moves out
	 * of the window, the window follows it (the typing stays in view,
	 * as in a terminal); Shift-arrows still look elsewhere meanwhile */
	if (v->ts.cur_col >= 0 && (v->ts.cur_col != v->cur_col ||
	    v->ts.cur_row != v->cur_row)) {
		int ox = v->tpan_x, oy = v->tpan_y;

		if (v->ts.cur_col < v->tpan_x)
			v->tpan_x = v->ts.cur_col;
		else if (v->ts.cur_col >= v->tpan_x + cols)
			v->tpan_x = v->ts.cur_col - cols + 1;
		if (v->ts.cur_row < v->tpan_y)
			v->tpan_y = v->ts.cur_row;
		else if (v->ts.cur_row >= v->tpan_y + rows)
			v->tpan_y = v->ts.cur_row - rows + 1;
		vncview_text_clamp(v, rows, cols);
		if (v->tpan_x != ox || v->tpan_y != oy)
			v->full = v->retitle = true;
	}
	vncview_text_clamp(v, rows, cols);
	if (v->full)
		r = (struct vncrect){ 0, 0, cols, rows };
	else if (v->pending) {
		int c0 = (v->damage.x - v->ts.x0) / v->ts.cw - v->tpan_x;
		int r0 = (v->damage.y - v->ts.y0) / v->ts.ch - v->tpan_y;
		int c1 = (v->damage.x + v->damage.w - 1 - v->ts.x0) / v->ts.cw -
		    v->tpan_x;
		int r1 = (v->damage.y + v->damage.h - 1 - v->ts.y0) / v->ts.ch -
		    v->tpan_y;

		c0 = c0 < 0 ? 0 : c0;
		r0 = r0 < 0 ? 0 : r0;
		c1 = c1 >= cols ? cols - 1 : c1;
		r1 = r1 >= rows ? rows - 1 : r1;
		if (c1 < c0 || r1 < r0) {
			v->pending = false;
			return true;
		}
		r = (struct vncrect){ c0, r0, c1 - c0 + 1, r1 - r0 + 1 };
	} else
		return true;
	uint32_t black = vncview_color(v, 0);
	bool all = v->full;

	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++) {
			int gx = x + v->tpan_x, gy = y + v->tpan_y;

			v->cells[y * cols + x] = gx < v->ts.cols && gy < v->ts.rows ?
			    vncview_text_cell(v, px, stride, gx, gy, utf8) :
			    (struct vncfb_cell){ ' ', black, black };
		}
	v->full = v->pending = false;
	vncview_emit(v, r, utf8, all);
	/* the cursor moved: its old and new cells drawn again */
	if (v->ts.cur_col != v->cur_col || v->ts.cur_row != v->cur_row) {
		int cells[2][2] = { { v->cur_col, v->cur_row },
			{ v->ts.cur_col, v->ts.cur_row } };

		v->cur_col = v->ts.cur_col;
		v->cur_row = v->ts.cur_row;
		for (int k = 0; k < 2; k++) {
			int x = cells[k][0] - v->tpan_x, y = cells[k][1] - v->tpan_y;

			if (cells[k][0] < 0 || x < 0 || y < 0 || x >= cols ||
			    y >= rows || cells[k][0] >= v->ts.cols ||
			    cells[k][1] >= v->ts.rows)
				continue;
			v->cells[y * cols + x] = vncview_text_cell(v, px, stride,
			    cells[k][0], cells[k][1], utf8);
			vncview_emit(v, (struct vncrect){ x, y, 1, 1 }, utf8,
			    false);
		}
	}
	return true;
}

static void
vncview_paint(struct view *view, struct app *app)
{
	struct vncview *v = view->priv;
	int rows, cols, w, h, stride;
	const uint32_t *px;
	struct vncrect r;
	struct vncmap m;

	if (app->views[app->nviews - 1] != view) {
		v->was_top = false;	/* an overlay covers it */
		return;
	}
	if (!v->was_top)
		v->full = true;		/* curses blanked what the overlay left */
	v->was_top = true;
	if (v->c == NULL || (px = vncclient_lock(v->c, &w, &h, &stride)) ==
	    NULL)
		return;
	/* the area: the pane's inside, or all but the status line */
	int ay = 0, ax = 0;

	if (v->pane) {
		ay = v->pane_area.y;
		ax = v->pane_area.x;
		rows = v->pane_area.h;
		cols = v->pane_area.w;
	} else {
		getmaxyx(stdscr, rows, cols);
		rows--;
	}
	if (ay != v->area_y || ax != v->area_x) {
		v->area_y = ay;
		v->area_x = ax;
		v->full = true;
	}
	if (rows < 1 || cols < 1) {
		vncclient_unlock(v->c);
		return;
	}
	vncmap_layout(&m, w, h, cols, rows, v->mode, &v->pan_x, &v->pan_y);
	if (rows != v->rows || cols != v->cols || memcmp(&m, &v->map,
	    sizeof m) != 0) {
		free(v->cells);
		free(v->shown);
		v->cells = xcalloc((size_t)rows * (size_t)cols,
		    sizeof *v->cells);
		v->shown = xcalloc((size_t)rows * (size_t)cols,
		    sizeof *v->shown);
		v->rows = rows;
		v->cols = cols;
		v->map = m;
		v->full = true;
	}
	if (v->pixels != VNCFB_PIXELS_NONE) {
		vncview_image(v, &m, px, stride);
		vncclient_unlock(v->c);
		return;
	}
	bool texting = v->text_on && vncview_text_paint(v, px, w, h, stride,
	    rows, cols, app->utf8);

	/* the title drawn before this paint says no longer what is shown
	 * (text or pixels, the columns and rows of a larger grid) */
	if (v->retitle)
		app_redraw_in(app, 0);
	v->retitle = false;
	if (texting) {
		vncclient_unlock(v->c);
		return;
	}
	if (v->full) {
		uint32_t black = v->colors == VNCFB_256 ? 16 : 0;

		for (int i = 0; i < rows * cols; i++)
			v->cells[i] = (struct vncfb_cell){ ' ', black, black };
		vncfb_render(&m, px, stride, m.cells, v->colors, v->style,
		    v->cells, cols);
		r = (struct vncrect){ 0, 0, cols, rows };
	} else if (!v->pending || !vncmap_damage(&m, v->damage, &r)) {
		v->pending = false;
		vncclient_unlock(v->c);
		return;
	} else
		vncfb_render(&m, px, stride, r, v->colors, v->style, v->cells,
		    cols);
	vncclient_unlock(v->c);
	bool all = v->full;

	v->full = v->pending = false;
	vncview_emit(v, r, app->utf8, all);
}

/* --- the session's news -------------------------------------------------- */

/* The session's news; retries after an end come each second. */
static bool vncview_news(struct app *app, struct vncview *v);

static unsigned
vncview_poll(struct view *view, struct app *app, int64_t now, int64_t *next)
{
	struct vncview *v = view->priv;
	unsigned r = vncview_news(app, v) ? UI_REDRAW : 0;

	*next = now + 1000;
	/* a look for text due on a screen that stopped changing */
	if (v->look && v->text_on && !v->texting) {
		if (now >= v->next_find)
			r |= UI_REDRAW;
		else if (v->next_find < *next)
			*next = v->next_find;
	}
	return r;
}

static bool
vncview_news(struct app *app, struct vncview *v)
{
	struct vncrect d;
	bool resized, news = false;
	char *why = NULL;

	if (v->open != NULL) {
		int fd;
		char *password = NULL, *err = NULL;

		if (!vncopen_result(v->open, &fd, &password, &err))
			return false;
		vncopen_free(v->open);
		v->open = NULL;
		if (fd < 0) {
			v->ended = err;
			app_status(app, true, err);
		} else {
			char *label = xasprintf("VM '%s'", v->name);

			v->c = vncclient_start(fd, password, label, vncview_wake,
			    app->q);
			free(label);
		}
		if (password != NULL)
			explicit_bzero(password, strlen(password));
		free(password);
		return true;
	}
	if (v->ended != NULL) {
		/* the VM stopped or its host went away: show its screen again
		 * once it runs (a new QEMU, a new display) */
		const struct store_host *sh = &app->store.hosts[v->host];
		const struct domain_info *di = store_find(
		    &app->store.hosts[v->host], v->uuid);

		if (sh->state != HOST_STATE_CONNECTED || di == NULL ||
		    di->state != DOMAIN_STATE_RUNNING) {
			v->saw_down = true;
			return false;
		}
		if (v->saw_down || di->id != v->dom_id) {
			/* a new QEMU: its display may take a moment to appear,
			 * so try for a while */
			v->dom_id = di->id;
			v->saw_down = false;
			v->retry_until = time_mono_ms() + VNCVIEW_RETRY_MS;
			v->retry_at = 0;
		}
		if (v->retry_until != 0 && time_mono_ms() >= v->retry_until)
			v->retry_until = 0;
		if (time_mono_ms() < v->retry_until &&
		    time_mono_ms() >= v->retry_at) {
			char *msg = xasprintf("Showing the screen of VM '%s' "
			    "again…", v->name);

			v->retry_at = time_mono_ms() + 2000;
			vncview_connect(app, v);
			app_status(app, false, msg);
			free(msg);
			return true;
		}
		return false;
	}
	if (v->c == NULL)
		return false;
	if (v->ended == NULL &&
	    vncclient_state(v->c, &why) == VNCCLIENT_ENDED) {
		/* an end while the VM runs on (a display that changed under
		 * the session): a few more tries before it is left to Enter */
		if (v->retries < VNCVIEW_RETRIES && v->retry_until == 0) {
			v->retries++;
			v->retry_until = time_mono_ms() + VNCVIEW_RETRY_MS;
			v->retry_at = time_mono_ms() + 1000;
		}
		v->ended = why;
		app_status(app, true, why);
		news = true;
	} else
		free(why);
	if (vncclient_take_damage(v->c, &d, &resized)) {
		if (resized || !v->pending)
			v->damage = d;
		else {
			int x1 = d.x + d.w > v->damage.x + v->damage.w ?
			    d.x + d.w : v->damage.x + v->damage.w;
			int y1 = d.y + d.h > v->damage.y + v->damage.h ?
			    d.y + d.h : v->damage.y + v->damage.h;

			v->damage.x = d.x < v->damage.x ? d.x : v->damage.x;
			v->damage.y = d.y < v->damage.y ? d.y : v->damage.y;
			v->damage.w = x1 - v->damage.x;
			v->damage.h = y1 - v->damage.y;
		}
		v->pending = true;
		v->full |= resized;
		news = true;
	}
	return news;
}

/* --- keys, mouse and the menu -------------------------------------------- */

static void vncview_toggle_pane(struct vncview *v);

static void
vncview_send(struct vncview *v, struct vnckey k)
{
	struct vnckey_event ev[VNCKEY_MAX_EVENTS];
	size_t n;

	if (v->c == NULL || v->ended != NULL)
		return;
	n = vnckey_events(k, ev);
	for (size_t i = 0; i < n; i++)
		vncclient_key(v->c, ev[i]);
}

static void
vncview_type(struct app *app, void *ctx, const char *text)
{
	struct vncview *v = ctx;
	struct vnckey_event ev[4096];
	size_t skipped, n;

	if (v->c == NULL || v->ended != NULL) {
		app_status(app, true, "The VNC view is not connected.");
		return;
	}
	n = vnckey_type_text(text, ev, sizeof ev / sizeof ev[0], &skipped);
	for (size_t i = 0; i < n; i++)
		vncclient_key(v->c, ev[i]);
	if (skipped > 0) {
		char *msg = xasprintf("Typed the text; %zu character%s had no key "
		    "and %s left out.", skipped, skipped == 1 ? "" : "s",
		    skipped == 1 ? "was" : "were");

		app_status(app, true, msg);
		free(msg);
	} else
		app_status(app, false, "Typed the text into the VM.");
}

enum {
	MENU_BACK, MENU_CAD, MENU_TYPE, MENU_ZOOM, MENU_STYLE, MENU_TEXT,
	MENU_PANE,
	MENU_ESCAPE, MENU_F10, MENU_F11, MENU_F12,
	MENU_F1,	/* … F12 */
	MENU_COUNT = MENU_F1 + 12,
};

static void
vncview_pick(struct app *app, void *ctx, size_t i)
{
	struct vncview *v = ctx;
	char *msg;

	switch (i) {
	case MENU_BACK:
		app_close(app, v->view);
		return;
	case MENU_CAD:
		vncview_send(v, vnckey_ctrl_alt_del());
		app_status(app, false, "Sent Ctrl-Alt-Del.");
		return;
	case MENU_TYPE:
		msg = xasprintf("Type into %s (as key presses):", v->name);
		app_push(app, view_input_new("Type text", msg, vncview_type, v,
		    NULL));
		free(msg);
		return;
	case MENU_ZOOM:
		v->mode = v->mode == VNCMAP_FIT ? VNCMAP_ONE : VNCMAP_FIT;
		v->full = true;
		return;
	case MENU_STYLE:
		/* blocks, symbols, then images where the terminal takes them */
		if (v->pixels != VNCFB_PIXELS_NONE) {
			v->pixels = VNCFB_PIXELS_NONE;
			v->style = VNCFB_BLOCKS;
		} else if (v->style == VNCFB_BLOCKS)
			v->style = VNCFB_SYMBOLS;
		else if (v->can_pixels != VNCFB_PIXELS_NONE)
			v->pixels = v->can_pixels;
		else
			v->style = VNCFB_BLOCKS;
		v->full = true;
		return;
	case MENU_TEXT:
		if (!v->text_on && !vncview_font_ready()) {
			msg = xasprintf("Text screens cannot be read as text: %s.",
			    vncview_font_why);
			app_status(app, true, msg);
			free(msg);
			return;
		}
		v->text_on = !v->text_on;
		v->texting = false;
		v->ts.fb_w = v->ts.fb_h = -1;	/* look again */
		v->next_find = 0;
		v->full = true;
		app_status(app, false, v->text_on ? "Text screens are read as "
		    "text." : "The screen is drawn as pixels.");
		return;
	case MENU_PANE:
		vncview_toggle_pane(v);
		return;
	case MENU_F10:
	case MENU_F11:
	case MENU_F12:
		vncview_send(v, (struct vnckey){ VNCKEY_F1 + 9 +
		    (uint32_t)(i - MENU_F10), 0 });
		return;
	case MENU_ESCAPE: {
		struct vnckey k;

		if (vnckey_from_char((uint32_t)app->escape_key, &k))
			vncview_send(v, k);
		return;
	}
	default:
		if (i >= MENU_F1 && i < MENU_COUNT) {
			vncview_send(v, vnckey_ctrl_alt_f((int)(i - MENU_F1) + 1));
			msg = xasprintf("Sent Ctrl-Alt-F%zu.", i - MENU_F1 + 1);
			app_status(app, false, msg);
			free(msg);
		}
	}
}

static void
vncview_menu(struct app *app, struct vncview *v)
{
	char back[64], zoom[96], pane[80], k[32];
	const char *fixed[MENU_F1] = {
		back,
		"Send Ctrl-Alt-Del",
		"Type text…",
		zoom,
		"Draw with blocks / symbols (libchafa) / images",
		"Text screens as text / always pixels",
		pane,
		"Send the escape key itself",
		"Send F10 itself",
		"Send F11 itself",
		"Send F12 itself",
	};
	const char *labels[MENU_COUNT];
	char fkeys[12][24];

	/* with the keys that do the same without the menu */
	snprintf(back, sizeof back, "Back to the lists (%s)",
	    keymap_key_for(CMD_VNC, "vnc-close", k, sizeof k));
	snprintf(zoom, sizeof zoom, "Zoom: fit to the terminal / one pixel per "
	    "half cell (%s)", keymap_key_for(CMD_VNC, "vnc-zoom", k, sizeof k));
	snprintf(pane, sizeof pane, "Full screen / a pane under the lists (%s)",
	    keymap_key_for(CMD_VNC, "vnc-pane", k, sizeof k));
	for (int i = 0; i < MENU_F1; i++)
		labels[i] = fixed[i];
	for (int i = 0; i < 12; i++) {
		snprintf(fkeys[i], sizeof fkeys[i], "Send Ctrl-Alt-F%d", i + 1);
		labels[MENU_F1 + i] = fkeys[i];
	}
	app_push(app, view_choose_new("VNC", labels, MENU_COUNT, vncview_pick,
	    v, NULL));
}

static void
vncview_mouse(struct vncview *v, const MEVENT *mouse)
{
	MEVENT me = *mouse;
	int x, y, wheel = 0;

	if (v->c == NULL || v->ended != NULL)
		return;
	if (v->texting) {
		/* a character cell: the pixel in its middle */
		int col = me.x - v->area_x + v->tpan_x;
		int row = me.y - v->area_y + v->tpan_y;

		if (me.x < v->area_x || me.y < v->area_y || col >= v->ts.cols ||
		    row >= v->ts.rows || me.x - v->area_x >= v->cols ||
		    me.y - v->area_y >= v->rows)
			return;
		x = v->ts.x0 + col * v->ts.cw + v->ts.cw / 2;
		y = v->ts.y0 + row * v->ts.ch + v->ts.ch / 2;
	} else if (!vncmap_point(&v->map, me.x - v->area_x, me.y - v->area_y,
	    0, &x, &y))
		return;
	if (me.bstate & BUTTON1_PRESSED)
		v->buttons |= 1;
	if (me.bstate & BUTTON1_RELEASED)
		v->buttons &= ~1;
	if (me.bstate & BUTTON2_PRESSED)
		v->buttons |= 2;
	if (me.bstate & BUTTON2_RELEASED)
		v->buttons &= ~2;
	if (me.bstate & BUTTON3_PRESSED)
		v->buttons |= 4;
	if (me.bstate & BUTTON3_RELEASED)
		v->buttons &= ~4;
	if (me.bstate & BUTTON4_PRESSED)
		wheel = 8;
	if (me.bstate & BUTTON5_PRESSED)
		wheel = 16;
	if (me.bstate & BUTTON1_CLICKED) {
		/* a click reported whole: press and release */
		vncclient_pointer(v->c, x, y, v->buttons | 1);
		vncclient_pointer(v->c, x, y, v->buttons & ~1);
		return;
	}
	vncclient_pointer(v->c, x, y, v->buttons | wheel);
	if (wheel)
		vncclient_pointer(v->c, x, y, v->buttons);
}

static unsigned
vncview_key(struct view *view, struct app *app, int key)
{
	struct vncview *v = view->priv;
	struct vnckey k;

	/* the screen's own keys (its key table); the rest are the guest's */
	const struct command *cmd = keymap_lookup_in(CMD_VNC, key);
	if (cmd != NULL) {
		struct cmd_target t = { view, CMD_VNC, v->host, v->uuid, v->name,
		    NULL };

		return cmd->run(app, cmd, &t);
	}
	if (key == UI_KEY(KEY_MOUSE)) {
		vncview_mouse(v, &app->mouse);
		return UI_HANDLED;
	}
	if (v->ended != NULL) {
		if (key == '\r') {
			v->retries = 0;
			vncview_connect(app, v);
			return UI_HANDLED | UI_REDRAW;
		}
		return UI_HANDLED;
	}
	if (v->texting) {
		/* a grid larger than the terminal: a character cell a step */
		int dx = key == UI_KEY(KEY_SLEFT) ? -8 : key == UI_KEY(KEY_SRIGHT) ?
		    8 : 0;
		int dy = key == UI_KEY(KEY_SR) ? -4 : key == UI_KEY(KEY_SF) ? 4 : 0;

		if (dx != 0 || dy != 0) {
			v->tpan_x += dx;
			v->tpan_y += dy;
			vncview_text_clamp(v, v->rows, v->cols);
			v->full = true;
			return UI_HANDLED | UI_REDRAW;
		}
	} else if (v->mode == VNCMAP_ONE) {
		int dx = key == UI_KEY(KEY_SLEFT) ? -8 : key == UI_KEY(KEY_SRIGHT) ?
		    8 : 0;
		int dy = key == UI_KEY(KEY_SR) ? -4 : key == UI_KEY(KEY_SF) ? 4 : 0;

		if (dx != 0 || dy != 0) {
			v->pan_x += dx;
			v->pan_y += 2 * dy;
			v->full = true;
			return UI_HANDLED | UI_REDRAW;
		}
	}
	if (vncinput_key(key, &k))
		vncview_send(v, k);
	return UI_HANDLED;
}

static void
vncview_free(struct view *view)
{
	struct vncview *v = view->priv;

	vncopen_free(v->open);
	vncclient_stop(v->c);
	mousemask(v->old_mask, NULL);
	/* the terminal holds the picture, curses thinks it blank */
	clearok(curscr, TRUE);
	free(v->ended);
	free(v->cells);
	free(v->shown);
	free(v->name);
	textscreen_free(&v->ts);
	free(v);
	free(view);
}

/* The terminal changed size: everything is painted again. */
static void
vncview_resize(struct view *view, struct app *app)
{
	struct vncview *v = view->priv;

	(void)app;
	v->full = true;
}

static const struct view_ops vncview_ops = {
	.name = "vnc", .free = vncview_free, .draw = vncview_draw,
	.key = vncview_key, .poll = vncview_poll, .paint = vncview_paint,
	.resize = vncview_resize,
};

/* Full screen or a pane under the lists; every key is the guest's
 * either way. */
static void
vncview_flags(struct vncview *v)
{
	v->view->flags = (v->pane ? VIEW_PANE : VIEW_FULLSCREEN) |
	    VIEW_GRABS_KEYS;
}

static void
vncview_toggle_pane(struct vncview *v)
{
	v->pane = !v->pane;
	vncview_flags(v);
	v->full = true;
	clearok(curscr, TRUE);
}

/* The commands of the VNC key table; each finds the open screen. */
unsigned
vncview_menu_open(struct app *app)
{
	struct view *view = vncview_find(app);

	if (view == NULL) {
		app_status(app, true, "No VNC view is open.");
		return UI_HANDLED | UI_REDRAW;
	}
	vncview_menu(app, view->priv);
	return UI_HANDLED | UI_REDRAW;
}

unsigned
vncview_close(struct app *app)
{
	struct view *view = vncview_find(app);

	if (view != NULL)
		app_close(app, view);
	return UI_HANDLED | UI_REDRAW;
}

unsigned
vncview_pane(struct app *app)
{
	struct view *view = vncview_find(app);

	if (view != NULL)
		vncview_toggle_pane(view->priv);
	return UI_HANDLED | UI_REDRAW;
}

unsigned
vncview_zoom(struct app *app)
{
	struct view *view = vncview_find(app);

	if (view != NULL)
		vncview_pick(app, view->priv, MENU_ZOOM);
	return UI_HANDLED | UI_REDRAW;
}

unsigned
vncview_open_selected(struct app *app)
{
	const struct domain_info *d = app_selected(app);
	struct vncview *v;
	struct view *view;
	char *msg, key[32];

	if (d == NULL) {
		app_status(app, true, "No VM selected.");
		return UI_HANDLED | UI_REDRAW;
	}
	if (d->state != DOMAIN_STATE_RUNNING) {
		msg = xasprintf("VM '%s' is not running; start it (%s) to see its "
		    "screen.", d->name, keymap_key_for(CMD_LIST, "start", key,
		    sizeof key));
		app_status(app, true, msg);
		free(msg);
		return UI_HANDLED | UI_REDRAW;
	}
	if (vncview_find(app) != NULL) {
		app_status(app, true, "A VNC view is open already.");
		return UI_HANDLED | UI_REDRAW;
	}
	v = xcalloc(1, sizeof *v);
	v->host = (int)app->cur;
	snprintf(v->uuid, sizeof v->uuid, "%s", d->uuid);
	v->name = xstrdup(d->name);
	v->dom_id = d->id;
	v->colors = vncview_colors(app);
	v->pixels = v->can_pixels = vncview_pixels(app);
	v->text_on = app->cfg->vnc_text == CONFIG_VNC_TEXT_AUTO &&
	    vncview_font_ready();
	v->cur_col = v->cur_row = -1;
	textscreen_init(&v->ts, &vncview_font);
	/* presses, releases and motion, for the guest's pointer */
	mousemask(ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION, &v->old_mask);
	view = xcalloc(1, sizeof *view);
	view->ops = &vncview_ops;
	view->priv = v;
	v->view = view;
	vncview_flags(v);
	app_push(app, view);
	vncview_connect(app, v);
	return UI_HANDLED | UI_REDRAW;
}
