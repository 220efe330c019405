/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The results view of an action on the marked VMs: one row per VM, by
 * host — waiting, running, done or failed with libvirt's reason — as the
 * hosts' workers get through them (in parallel across hosts, in order
 * within one). It only reads the bulk table (core/bulk); closing it
 * leaves the jobs running.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/bulk.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "app.h"
#include "draw.h"
#include "term.h"
#include "theme.h"
#include "view.h"

struct bulkview {
	struct bulk *b;
	long top, sel;
	long page;
	struct bulk_tally last;
	bool said;			/* the end told on the status line */
};

static void
bv_draw(struct view *v, struct app *app, struct ui_area area)
{
	struct bulkview *bv = v->priv;
	size_t n = bulk_count(bv->b);
	char *sum = bulk_headline(bv->b), title[256], line[1024];
	int rows = area.h - 5, hostw = 4, namew = 4;

	erase();
	snprintf(title, sizeof title, "%s", sum);
	free(sum);
	draw_box(area.y, area.x, area.h - 2, area.w, theme_attr(THEME_TITLE),
	    title);
	for (size_t i = 0; i < n; i++) {
		struct bulk_row r;

		bulk_row_get(bv->b, i, &r);
		if (fmt_width(r.host_label) > hostw)
			hostw = fmt_width(r.host_label);
		if (fmt_width(r.name) > namew)
			namew = fmt_width(r.name);
		bulk_row_clear(&r);
	}
	hostw = hostw > 20 ? 20 : hostw;
	namew = namew > 32 ? 32 : namew;
	snprintf(line, sizeof line, "%-*s  %-*s  %-7s  %s", hostw, "Host",
	    namew, "VM", "State", "What happened");
	draw_text(area.y + 1, area.x + 1, area.w - 2, theme_attr(THEME_HEADER),
	    line, true);
	bv->page = rows > 1 ? rows : 1;
	if (bv->sel < bv->top)
		bv->top = bv->sel;
	if (bv->sel >= bv->top + rows)
		bv->top = bv->sel - rows + 1;
	for (int k = 0; k < rows && (size_t)(bv->top + k) < n; k++) {
		size_t i = (size_t)(bv->top + k);
		struct bulk_row r;
		int x = area.x + 1;
		attr_t base = (long)i == bv->sel ? theme_attr(THEME_SELECTION) :
		    theme_attr(THEME_NORMAL);

		bulk_row_get(bv->b, i, &r);
		draw_text(area.y + 2 + k, x, hostw + 2, base, "", true);
		draw_text(area.y + 2 + k, x, hostw, base, r.host_label, true);
		x += hostw + 2;
		draw_text(area.y + 2 + k, x, namew + 2, base, "", true);
		draw_text(area.y + 2 + k, x, namew, base, r.name, true);
		x += namew + 2;
		draw_text(area.y + 2 + k, x, 9, (long)i == bv->sel ? base :
		    theme_attr(r.state == BULK_OK ? THEME_RUNNING :
		    r.state == BULK_FAILED ? THEME_ERROR : THEME_PAUSED),
		    bulk_state_name(r.state), true);
		x += 9;
		draw_text(area.y + 2 + k, x, area.x + area.w - 1 - x, base,
		    r.msg ? r.msg : "", true);
		bulk_row_clear(&r);
	}
	draw_text(area.y + area.h - 2, area.x, area.w, theme_attr(THEME_HINT),
	    " j/k move · PageUp/PageDown · q or Esc back (what runs goes on)",
	    true);
	draw_text(area.y + area.h - 1, area.x, area.w, theme_attr(
	    app->status_error ? THEME_ERROR : THEME_STATUS), app->status ?
	    app->status : "", true);
}

static unsigned
bv_key(struct view *v, struct app *app, int key)
{
	struct bulkview *bv = v->priv;
	long n = (long)bulk_count(bv->b);

	(void)app;
	if (key == 'q' || key == 27)
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	if (key == 'j' || key == UI_KEY(KEY_DOWN))
		bv->sel++;
	else if (key == 'k' || key == UI_KEY(KEY_UP))
		bv->sel--;
	else if (key == UI_KEY(KEY_NPAGE) || key == ' ')
		bv->sel += bv->page;
	else if (key == UI_KEY(KEY_PPAGE))
		bv->sel -= bv->page;
	else if (key == 'g' || key == UI_KEY(KEY_HOME))
		bv->sel = 0;
	else if (key == 'G' || key == UI_KEY(KEY_END))
		bv->sel = n - 1;
	else
		return UI_HANDLED;
	if (bv->sel >= n)
		bv->sel = n - 1;
	if (bv->sel < 0)
		bv->sel = 0;
	return UI_HANDLED | UI_REDRAW;
}

/* A redraw whenever a row changed; the end said once on the status
 * line. */
static unsigned
bv_poll(struct view *v, struct app *app, int64_t now, int64_t *next)
{
	struct bulkview *bv = v->priv;
	struct bulk_tally t = bulk_tally(bv->b);
	unsigned r = 0;

	if (memcmp(&t, &bv->last, sizeof t) != 0) {
		bv->last = t;
		r = UI_REDRAW;
	}
	if (t.waiting + t.running > 0)
		*next = now + 200;
	else if (!bv->said) {
		char *head = bulk_headline(bv->b), *msg = xasprintf("%s.", head);

		app_status(app, t.failed > 0, msg);
		free(msg);
		free(head);
		bv->said = true;
		r = UI_REDRAW;
	}
	return r;
}

static void
bv_free(struct view *v)
{
	struct bulkview *bv = v->priv;

	bulk_unref(bv->b);
	free(bv);
	free(v);
}

static const struct view_ops bulk_ops = {
	.name = "results", .free = bv_free, .draw = bv_draw, .key = bv_key,
	.poll = bv_poll,
};

struct view *
view_bulk_new(struct bulk *b)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct bulkview *bv = xcalloc(1, sizeof *bv);

	bv->b = bulk_ref(b);
	bv->last.waiting = (size_t)-1;		/* the first poll draws */
	v->ops = &bulk_ops;
	v->flags = VIEW_FULLSCREEN;
	v->priv = bv;
	return v;
}
