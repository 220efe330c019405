/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The serial consoles in the full-screen program (see conview.h).
 */
#include "conview.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "../console/chan.h"
#include "../util/color.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "app.h"
#include "keymap.h"
#include "draw.h"
#include "term.h"
#include "theme.h"
#include <term.h>		/* after curses: cur_term, tigetstr */

/* After a restart (of the VM or its host's daemon), opening again is
 * tried this often, this far apart, before it is given up with the
 * reason. */
#define CONVIEW_REATTACH_TRIES 15
#define CONVIEW_REATTACH_MS 2000

struct app_console {
	unsigned id;			/* for overlays that outlive it */
	int host;
	char uuid[DOMAIN_UUID_LEN];
	char *name;
	char *dev;			/* the device chosen, or NULL */
	struct chan *chan;		/* NULL once ended */
	struct vt *vt;
	enum chan_state state;		/* as last seen */
	bool asked;			/* busy / choose overlay shown */
	char *why;			/* how it ended */
	int dom_id;			/* the VM's id when it opened */
	bool saw_stopped;		/* the VM was off since it ended */
	int reattach;			/* tries of attaching again (0: none) */
	int64_t retry_at;		/* when to try again */
	int scroll;			/* lines scrolled back */
	int oy, ox;			/* where its screen was drawn */
	FILE *log;			/* :log FILE, or NULL */
	char *log_path;
	bool log_bol;			/* the log is at a line's start */
	char *buf;			/* chan_read's buffer */
	size_t cap;
};

/* The view: every open console, the one shown, how. */
struct conview {
	struct app_console *cons[CONVIEW_MAX];
	int ncons;
	int con;			/* the one shown */
	bool focus;			/* it has the keyboard */
	bool full;			/* full screen, not a pane */
	unsigned ids;			/* the last console id given */
	bool dirty;			/* output not drawn yet */
	struct ui_area area;		/* where it was last drawn */
	int64_t drawn_ms;		/* when it was last drawn */
	struct view *view;
};

static const struct view_ops conview_ops;

/* The console view on app's stack, or NULL. */
static struct conview *
conview_find(struct app *app)
{
	struct view *v = app_find_view(app, &conview_ops);

	return v != NULL ? v->priv : NULL;
}

static struct app_console *
conview_shown(struct app *app)
{
	struct conview *cv = conview_find(app);

	return cv != NULL && cv->con >= 0 && cv->con < cv->ncons ?
	    cv->cons[cv->con] : NULL;
}

static struct app_console *
conview_by_id(struct app *app, unsigned id)
{
	struct conview *cv = conview_find(app);

	for (int i = 0; cv != NULL && i < cv->ncons; i++)
		if (cv->cons[i]->id == id)
			return cv->cons[i];
	return NULL;
}

/* Full screen or a pane; the keyboard or not: the view's flags say. */
static void
conview_flags(struct conview *cv)
{
	cv->view->flags = (cv->full ? VIEW_FULLSCREEN : VIEW_PANE) |
	    (cv->focus ? VIEW_GRABS_KEYS : 0);
}

/* Say something in the status line and the log. */
static void
conview_say(struct app *app, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
conview_say(struct app *app, bool error, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		fatal("out of memory");
	va_end(ap);
	app_status(app, error, msg);
	free(msg);
}

/* Start (or restart) the stream of c. */
static void
conview_start(struct app *app, struct app_console *c, bool force)
{
	const struct domain_info *d = store_find(&app->store.hosts[c->host],
	    c->uuid);

	if (c->chan == NULL)
		c->chan = chan_new(app->hosts[c->host], app->q, c->uuid,
		    c->name);
	c->state = CHAN_OPENING;
	c->asked = false;
	c->dom_id = d ? d->id : -1;
	c->saw_stopped = false;
	chan_open(c->chan, c->dev, force);
}

static void
conview_focus(struct app *app, struct conview *cv, bool on)
{
	if (on == cv->focus)
		return;
	cv->focus = on;
	conview_flags(cv);
	app_sync_keys(app);		/* ^C, ^Z, ^S go to the guest */
}

bool
conview_has_focus(struct app *app)
{
	struct conview *cv = conview_find(app);

	return cv != NULL && cv->ncons > 0 && cv->focus;
}

bool
conview_is_open(struct app *app)
{
	struct conview *cv = conview_find(app);

	return cv != NULL && cv->ncons > 0;
}

unsigned
conview_open_selected(struct app *app)
{
	const struct domain_info *d = app_selected(app);
	struct conview *cv = conview_find(app);
	struct app_console *c;
	char key[32];

	if (d == NULL) {
		app_status(app, true, "No VM selected.");
		return UI_HANDLED | UI_REDRAW;
	}
	for (int i = 0; cv != NULL && i < cv->ncons; i++) {
		c = cv->cons[i];
		if (c->host == (int)app->cur && strcmp(c->uuid, d->uuid) == 0) {
			cv->con = i;
			/* ended, or left busy or unchosen: ask again */
			if (d->state == DOMAIN_STATE_RUNNING && (c->chan == NULL ||
			    c->state == CHAN_BUSY || c->state == CHAN_CHOOSE))
				conview_start(app, c, false);
			conview_focus(app, cv, true);
			return UI_HANDLED | UI_REDRAW;
		}
	}
	if (d->state != DOMAIN_STATE_RUNNING) {
		conview_say(app, true, "VM '%s' is not running; start it (%s) and "
		    "its console opens.", d->name, keymap_key_for(CMD_LIST,
		    "start", key, sizeof key));
		return UI_HANDLED | UI_REDRAW;
	}
	if (cv != NULL && cv->ncons == CONVIEW_MAX) {
		conview_say(app, true, "%d consoles are open already; close one "
		    "(%s) first.", CONVIEW_MAX, keymap_key_for(CMD_LIST,
		    "console-close", key, sizeof key));
		return UI_HANDLED | UI_REDRAW;
	}
	if (cv == NULL) {
		struct view *v = xcalloc(1, sizeof *v);

		cv = xcalloc(1, sizeof *cv);
		cv->view = v;
		v->ops = &conview_ops;
		v->priv = cv;
		conview_flags(cv);
		app_push(app, v);
	}
	c = xcalloc(1, sizeof *c);
	c->id = ++cv->ids;
	c->host = (int)app->cur;
	snprintf(c->uuid, sizeof c->uuid, "%s", d->uuid);
	c->name = xstrdup(d->name);
	c->vt = vt_new(24, 80, VT_SCROLLBACK_DEFAULT);
	cv->cons[cv->ncons] = c;
	cv->con = cv->ncons++;
	conview_start(app, c, false);
	conview_focus(app, cv, true);
	char k[3][48];

	conview_say(app, false, "Opening the console… %s returns to the "
	    "lists, %s switches full screen, %s tells the guest its size.",
	    keymap_keys_for(CMD_CONSOLE, "console-leave", k[0], sizeof k[0]),
	    keymap_key_for(CMD_CONSOLE, "console-full", k[1], sizeof k[1]),
	    keymap_key_for(CMD_CONSOLE, "console-stty", k[2], sizeof k[2]));
	return UI_HANDLED | UI_REDRAW;
}

static void
conview_free(struct app_console *c)
{
	chan_close(c->chan);
	vt_free(c->vt);
	if (c->log != NULL)
		fclose(c->log);
	free(c->log_path);
	free(c->name);
	free(c->dev);
	free(c->why);
	free(c->buf);
	free(c);
}

/* Close console i; the last one closes the view. */
static void
conview_remove(struct app *app, struct conview *cv, int i)
{
	conview_free(cv->cons[i]);
	memmove(&cv->cons[i], &cv->cons[i + 1],
	    (size_t)(cv->ncons - i - 1) * sizeof cv->cons[0]);
	cv->ncons--;
	if (cv->con >= cv->ncons)
		cv->con = cv->ncons - 1;
	if (cv->ncons == 0) {
		cv->full = false;
		conview_focus(app, cv, false);
		app_close(app, cv->view);
	}
}

/* --- the log ----------------------------------------------------------- */

/* Write n bytes of output to c's log, each line after a timestamp. */
static void
conview_log_bytes(struct app_console *c, const char *buf, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (c->log_bol) {
			char stamp[40];
			struct timespec ts;
			struct tm tm;

			clock_gettime(CLOCK_REALTIME, &ts);
			localtime_r(&ts.tv_sec, &tm);
			strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
			fprintf(c->log, "[%s.%03ld] ", stamp, ts.tv_nsec / 1000000);
			c->log_bol = false;
		}
		const char *nl = memchr(buf + i, '\n', n - i);
		size_t k = nl ? (size_t)(nl - (buf + i)) + 1 : n - i;

		fwrite(buf + i, 1, k, c->log);
		i += k;
		if (nl)
			c->log_bol = true;
	}
	fflush(c->log);
}

unsigned
conview_log(struct app *app, const char *path)
{
	struct app_console *c = conview_shown(app);

	if (c == NULL) {
		app_status(app, true, "No console is open: :log FILE logs the "
		    "shown console (open one with c).");
		return UI_HANDLED | UI_REDRAW;
	}
	if (c->log != NULL) {
		fclose(c->log);
		c->log = NULL;
		conview_say(app, false, "Stopped logging the console of VM '%s' "
		    "to %s.", c->name, c->log_path);
		free(c->log_path);
		c->log_path = NULL;
	}
	if (path == NULL || *path == '\0' || strcmp(path, "off") == 0)
		return UI_HANDLED | UI_REDRAW;
	c->log = fopen(path, "ae");
	if (c->log == NULL) {
		conview_say(app, true, "Could not log the console to %s: %s.",
		    path, strerror(errno));
		return UI_HANDLED | UI_REDRAW;
	}
	c->log_path = xstrdup(path);
	c->log_bol = true;
	conview_say(app, false, "Logging the console of VM '%s' to %s, with "
	    "timestamps (:log off stops).", c->name, path);
	return UI_HANDLED | UI_REDRAW;
}

/* --- following the streams ------------------------------------------- */

/* Send what the vt has for the guest (keys, answers to queries). */
static void
conview_flush_vt(struct app_console *c)
{
	const char *out;
	size_t n = vt_output(c->vt, &out);

	if (c->chan != NULL)
		chan_write(c->chan, out, n);
}

/* A line of vmdeck's own in the console's screen, in reverse video. */
static void
conview_note(struct app_console *c, const char *text)
{
	char *line = xasprintf("\r\n\033[7m[vmdeck: %s]\033[0m\r\n", text);

	vt_feed(c->vt, line, strlen(line));
	free(line);
}

struct conview_pick {
	unsigned id;
	struct console_device *devs;
	size_t n;
};

static void
conview_pick_free(void *ctx)
{
	struct conview_pick *p = ctx;

	console_devices_free(p->devs, p->n);
	free(p);
}

static void
conview_picked(struct app *app, void *ctx, size_t i)
{
	struct conview_pick *p = ctx;
	struct app_console *c = conview_by_id(app, p->id);

	if (c == NULL || i >= p->n)
		return;
	free(c->dev);
	c->dev = xstrdup(p->devs[i].alias);
	conview_start(app, c, false);
}

static void
conview_forced(struct app *app, void *ctx)
{
	struct app_console *c = conview_by_id(app, *(unsigned *)ctx);

	if (c == NULL)
		return;
	conview_start(app, c, true);
	conview_focus(app, conview_find(app), true);
}

/* The stream ended: say why, give the lists back, keep the screen. */
static void
conview_ended(struct app *app, struct conview *cv, int i, char *why)
{
	struct app_console *c = cv->cons[i];

	free(c->why);
	c->why = why ? why : xstrdup("the console closed");
	conview_note(c, c->why);
	chan_close(c->chan);
	c->chan = NULL;
	c->state = CHAN_ENDED;
	if (i == cv->con) {
		cv->full = false;
		conview_focus(app, cv, false);
	}
	conview_say(app, true, "Console of VM '%s': %s", c->name, c->why);
}

static bool
conview_poll_one(struct app *app, struct conview *cv, int i)
{
	struct app_console *c = cv->cons[i];
	bool changed = false;
	char *why = NULL;

	if (c->chan == NULL) {
		/* ended: reattach once the VM runs again after being off (a
		 * restart), never while another client holds it */
		const struct domain_info *d = store_find(
		    &app->store.hosts[c->host], c->uuid);

		if (app->store.hosts[c->host].state != HOST_STATE_CONNECTED)
			return false;
		if (d == NULL || d->state != DOMAIN_STATE_RUNNING) {
			c->saw_stopped = true;
			c->reattach = 0;
		} else if ((c->reattach == 0 && (c->saw_stopped ||
		    d->id != c->dom_id)) || (c->reattach > 0 &&
		    time_mono_ms() >= c->retry_at)) {
			/* said attached once it is: a restarted daemon's stale
			 * console lock can refuse the first opens */
			c->saw_stopped = false;
			c->reattach++;
			conview_start(app, c, false);
			conview_say(app, false, "Attaching the console of VM '%s' "
			    "again…", c->name);
			return true;
		}
		return false;
	}
	/* the host's connection dropped: its streams may never say so */
	const struct store_host *h = &app->store.hosts[c->host];
	if (h->state == HOST_STATE_DISCONNECTED) {
		conview_ended(app, cv, i, xasprintf("the connection to %s was lost "
		    "(%s); the console comes back with it", h->uri,
		    h->reason ? h->reason : "no reason given"));
		c->saw_stopped = true;		/* reattach on reconnecting */
		return true;
	}
	size_t n = chan_read(c->chan, &c->buf, &c->cap);
	if (n > 0) {
		vt_feed(c->vt, c->buf, n);
		if (c->log != NULL)
			conview_log_bytes(c, c->buf, n);
		changed = true;
	}
	conview_flush_vt(c);
	chan_write(c->chan, NULL, 0);
	if (vt_take_damage(c->vt))
		changed = true;

	enum chan_state s = chan_state(c->chan, &why);
	if (s == c->state) {
		free(why);
		return changed;
	}
	c->state = s;
	changed = true;
	switch (s) {
	case CHAN_OPEN:
		if (c->reattach > 0) {
			conview_note(c, "reattached");
			conview_say(app, false, "The console of VM '%s' is attached "
			    "again.", c->name);
			c->reattach = 0;
		} else {
			char k[2][48];

			conview_say(app, false, "Console of VM '%s' on %s: %s "
			    "returns to the lists, %s full screen.", c->name,
			    app->store.hosts[c->host].uri, keymap_keys_for(
			    CMD_CONSOLE, "console-leave", k[0], sizeof k[0]),
			    keymap_key_for(CMD_CONSOLE, "console-full", k[1],
			    sizeof k[1]));
		}
		free(why);
		break;
	case CHAN_BUSY: {
		unsigned *id = xmemdup(&c->id, sizeof c->id);
		char *q = xasprintf("%s\nTake it over? The other client's console "
		    "closes.", why);

		if (i == cv->con)
			conview_focus(app, cv, false);
		app_push(app, view_confirm_fn_new(q, conview_forced, id, free));
		free(q);
		free(why);
		break;
	}
	case CHAN_CHOOSE: {
		struct conview_pick *p = xcalloc(1, sizeof *p);
		char **labels;
		char *title;

		p->id = c->id;
		p->n = chan_devices(c->chan, &p->devs);
		title = xasprintf("VM '%s' has %zu consoles: which one?", c->name,
		    p->n);
		labels = xcalloc(p->n ? p->n : 1, sizeof *labels);
		for (size_t k = 0; k < p->n; k++)
			labels[k] = p->devs[k].label;
		if (i == cv->con)
			conview_focus(app, cv, false);
		app_push(app, view_choose_new(title, (const char *const *)labels,
		    p->n, conview_picked, p, conview_pick_free));
		free(labels);
		free(title);
		free(why);
		break;
	}
	case CHAN_ENDED:
		if (c->reattach > 0 && c->reattach < CONVIEW_REATTACH_TRIES) {
			/* not yet: again in a moment, the reason kept */
			c->retry_at = time_mono_ms() + CONVIEW_REATTACH_MS;
			chan_close(c->chan);
			c->chan = NULL;
			c->state = CHAN_ENDED;
			conview_say(app, true, "The console of VM '%s' did not "
			    "attach again yet (%s); trying again (%d of %d).",
			    c->name, why ? why : "no reason given", c->reattach,
			    CONVIEW_REATTACH_TRIES);
			free(why);
			break;
		}
		if (c->reattach > 0) {
			char *more = xasprintf("could not attach again after %d "
			    "tries: %s; c opens it again", c->reattach,
			    why ? why : "no reason given");

			free(why);
			why = more;
			c->reattach = 0;
		}
		conview_ended(app, cv, i, why);
		break;
	case CHAN_OPENING:
		free(why);
		break;
	}
	return changed;
}

/* Output redraws at once after a pause (an echo), and at most every
 * CONVIEW_BURST_MS while it pours; ended consoles look for their VM's
 * restart every second. */
#define CONVIEW_BURST_MS 15

static unsigned
conview_poll(struct view *v, struct app *app, int64_t now, int64_t *next)
{
	struct conview *cv = v->priv;

	for (int i = 0; i < cv->ncons; i++)
		cv->dirty |= conview_poll_one(app, cv, i);
	*next = now + 1000;
	if (!cv->dirty)
		return 0;
	if (now - cv->drawn_ms >= CONVIEW_BURST_MS) {
		cv->drawn_ms = now;	/* drawn this turn (or hidden: then the
					 * next try in a burst's time) */
		return UI_REDRAW;
	}
	*next = cv->drawn_ms + CONVIEW_BURST_MS;
	return 0;
}

/* --- keys -------------------------------------------------------------- */

/* Keys with a modifier that ncurses only knows by terminfo name
 * ("kUP5": Ctrl-Up), looked up once. */
static struct {
	const char *cap;
	enum vt_key key;
	int code;
} extended[] = {
	{ "kUP", VT_KEY_UP, 0 }, { "kDN", VT_KEY_DOWN, 0 },
	{ "kLFT", VT_KEY_LEFT, 0 }, { "kRIT", VT_KEY_RIGHT, 0 },
	{ "kHOM", VT_KEY_HOME, 0 }, { "kEND", VT_KEY_END, 0 },
	{ "kDC", VT_KEY_DEL, 0 }, { "kIC", VT_KEY_INS, 0 },
	{ "kPRV", VT_KEY_PAGEUP, 0 }, { "kNXT", VT_KEY_PAGEDOWN, 0 },
};
#define NEXTENDED (sizeof extended / sizeof extended[0])
/* xterm's modifier numbers: 2 Shift, 3 Alt, 4 Shift-Alt, 5 Ctrl, 6
 * Shift-Ctrl, 7 Alt-Ctrl */
static const unsigned xterm_mods[8] = {
	0, 0, VT_MOD_SHIFT, VT_MOD_ALT, VT_MOD_SHIFT | VT_MOD_ALT, VT_MOD_CTRL,
	VT_MOD_SHIFT | VT_MOD_CTRL, VT_MOD_ALT | VT_MOD_CTRL,
};
static int extended_codes[NEXTENDED][8];
static bool extended_done;

static void
conview_extended_init(void)
{
	extended_done = true;
	if (cur_term == NULL)
		return;
	for (size_t i = 0; i < NEXTENDED; i++)
		for (int m = 2; m < 8; m++) {
			char name[16];
			char *seq;

			snprintf(name, sizeof name, "%s%d", extended[i].cap, m);
			seq = tigetstr(name);
			if (seq != NULL && seq != (char *)-1)
				extended_codes[i][m] = key_defined(seq);
		}
}

bool
conview_translate(int key, enum vt_key *vkey, uint32_t *ch, unsigned *mods)
{
	static const struct {
		int code;
		enum vt_key key;
		unsigned mods;
	} map[] = {
		{ KEY_UP, VT_KEY_UP, 0 }, { KEY_DOWN, VT_KEY_DOWN, 0 },
		{ KEY_LEFT, VT_KEY_LEFT, 0 }, { KEY_RIGHT, VT_KEY_RIGHT, 0 },
		{ KEY_HOME, VT_KEY_HOME, 0 }, { KEY_END, VT_KEY_END, 0 },
		{ KEY_PPAGE, VT_KEY_PAGEUP, 0 }, { KEY_NPAGE, VT_KEY_PAGEDOWN, 0 },
		{ KEY_IC, VT_KEY_INS, 0 }, { KEY_DC, VT_KEY_DEL, 0 },
		{ KEY_BACKSPACE, VT_KEY_BACKSPACE, 0 },
		{ KEY_ENTER, VT_KEY_ENTER, 0 },
		{ KEY_BTAB, VT_KEY_TAB, VT_MOD_SHIFT },
		{ KEY_SR, VT_KEY_UP, VT_MOD_SHIFT },
		{ KEY_SF, VT_KEY_DOWN, VT_MOD_SHIFT },
		{ KEY_SLEFT, VT_KEY_LEFT, VT_MOD_SHIFT },
		{ KEY_SRIGHT, VT_KEY_RIGHT, VT_MOD_SHIFT },
		{ KEY_SHOME, VT_KEY_HOME, VT_MOD_SHIFT },
		{ KEY_SEND, VT_KEY_END, VT_MOD_SHIFT },
		{ KEY_SDC, VT_KEY_DEL, VT_MOD_SHIFT },
		{ KEY_SIC, VT_KEY_INS, VT_MOD_SHIFT },
	};

	*vkey = VT_KEY_NONE;
	*ch = 0;
	*mods = 0;
	if (!(key & UI_KEYCODE)) {
		if (key < 0 || key > 0x10ffff)
			return false;
		*ch = (uint32_t)key;
		return true;
	}
	int code = key & ~UI_KEYCODE;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].code == code) {
			*vkey = map[i].key;
			*mods = map[i].mods;
			return true;
		}
	/* F1-F12; xterm's F13-F60 are F1-F12 with Shift, Ctrl, Ctrl-Shift
	 * and Alt */
	if (code >= KEY_F(1) && code <= KEY_F(60)) {
		static const unsigned fmods[5] = { 0, VT_MOD_SHIFT, VT_MOD_CTRL,
		    VT_MOD_CTRL | VT_MOD_SHIFT, VT_MOD_ALT };
		int n = code - KEY_F(1);

		*vkey = (enum vt_key)(VT_KEY_F0 + 1 + n % 12);
		*mods = fmods[n / 12];
		return true;
	}
	if (!extended_done)
		conview_extended_init();
	for (size_t i = 0; i < NEXTENDED; i++)
		for (int m = 2; m < 8; m++)
			if (extended_codes[i][m] > 0 &&
			    extended_codes[i][m] == code) {
				*vkey = extended[i].key;
				*mods = xterm_mods[m];
				return true;
			}
	return false;
}

static void
conview_scroll(struct app *app, int nlines)
{
	struct app_console *c = conview_shown(app);

	if (c == NULL)
		return;
	c->scroll += nlines;
	if (c->scroll > (int)vt_scrollback(c->vt))
		c->scroll = (int)vt_scrollback(c->vt);
	if (c->scroll < 0)
		c->scroll = 0;
}

/* The wheel scrolls; other mouse events mean nothing to a serial line.
 * Whether it was for this console (in its pane, or full screen). */
static bool
conview_mouse(struct app *app, struct conview *cv)
{
	const MEVENT *me = &app->mouse;

	if (!(me->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)))
		return cv->focus;
	if (!cv->full && !cv->focus && (me->y < cv->area.y ||
	    me->y >= cv->area.y + cv->area.h))
		return false;		/* the lists' wheel */
	conview_scroll(app, me->bstate & BUTTON4_PRESSED ? 3 : -3);
	return true;
}

static unsigned
conview_key(struct view *v, struct app *app, int key)
{
	struct conview *cv = v->priv;
	struct app_console *c = conview_shown(app);
	enum vt_key vkey;
	uint32_t ch;
	unsigned mods;

	if (key == UI_KEY(KEY_MOUSE))
		return conview_mouse(app, cv) ? UI_HANDLED | UI_REDRAW :
		    UI_UNHANDLED;
	if (!cv->focus)
		return UI_UNHANDLED;	/* the lists' keys */
	if (c == NULL) {
		conview_focus(app, cv, false);
		return UI_HANDLED | UI_REDRAW;
	}
	/* the console's own keys (its key table); the rest are the guest's */
	const struct command *cmd = keymap_lookup_in(CMD_CONSOLE, key);
	if (cmd != NULL) {
		struct cmd_target t = { v, CMD_CONSOLE, c->host, c->uuid,
		    c->name, NULL };

		return cmd->run(app, cmd, &t);
	}
	if (c->chan == NULL || c->state != CHAN_OPEN ||
	    !conview_translate(key, &vkey, &ch, &mods))
		return UI_HANDLED;
	/* the screen changes when the guest echoes, not now */
	unsigned r = c->scroll > 0 ? UI_HANDLED | UI_REDRAW : UI_HANDLED;
	c->scroll = 0;
	if (vkey != VT_KEY_NONE)
		vt_key(c->vt, vkey, mods);
	else
		vt_char(c->vt, ch, mods);
	conview_flush_vt(c);
	return r;
}

/* --- commands ------------------------------------------------------------ */

unsigned
conview_leave(struct app *app)
{
	struct conview *cv = conview_find(app);
	char k[4][32];

	if (cv == NULL)
		return UI_HANDLED;
	cv->full = false;
	conview_flags(cv);
	conview_focus(app, cv, false);
	conview_say(app, false, "Back to the lists; %s returns to the console, "
	    "%s full screen, %s next, %s closes.",
	    keymap_key_for(CMD_LIST, "console", k[0], sizeof k[0]),
	    keymap_key_for(CMD_LIST, "console-full", k[1], sizeof k[1]),
	    keymap_key_for(CMD_LIST, "console-next", k[2], sizeof k[2]),
	    keymap_key_for(CMD_LIST, "console-close", k[3], sizeof k[3]));
	return UI_HANDLED | UI_REDRAW;
}

unsigned
conview_scroll_page(struct app *app, int dir)
{
	struct app_console *c = conview_shown(app);
	int rows, cols;

	if (c == NULL)
		return UI_HANDLED;
	vt_size(c->vt, &rows, &cols);
	conview_scroll(app, dir * (rows / 2 > 0 ? rows / 2 : 1));
	return UI_HANDLED | UI_REDRAW;
}

unsigned
conview_toggle_full(struct app *app)
{
	if (conview_shown(app) == NULL) {
		app_status(app, true, "No console is open (c opens the selected "
		    "VM's).");
		return UI_HANDLED | UI_REDRAW;
	}
	struct conview *cv = conview_find(app);

	cv->full = !cv->full;
	conview_flags(cv);
	conview_focus(app, cv, true);
	return UI_HANDLED | UI_REDRAW;
}

unsigned
conview_next(struct app *app)
{
	struct conview *cv = conview_find(app);
	struct app_console *c;

	if (cv == NULL || cv->ncons == 0) {
		app_status(app, true, "No console is open (c opens the selected "
		    "VM's).");
		return UI_HANDLED | UI_REDRAW;
	}
	cv->con = (cv->con + 1) % cv->ncons;
	c = cv->cons[cv->con];
	conview_say(app, false, "Console %d of %d: VM '%s' on %s.", cv->con + 1,
	    cv->ncons, c->name, app->store.hosts[c->host].uri);
	return UI_HANDLED | UI_REDRAW;
}

unsigned
conview_close_shown(struct app *app)
{
	struct app_console *c = conview_shown(app);

	if (c == NULL) {
		app_status(app, true, "No console is open.");
		return UI_HANDLED | UI_REDRAW;
	}
	struct conview *cv = conview_find(app);

	conview_say(app, false, "Closed the console of VM '%s'.", c->name);
	conview_remove(app, cv, cv->con);
	return UI_HANDLED | UI_REDRAW;
}

unsigned
conview_stty(struct app *app)
{
	struct app_console *c = conview_shown(app);
	int rows, cols;
	char line[64];

	if (c == NULL || c->chan == NULL || c->state != CHAN_OPEN) {
		app_status(app, true, "No open console to size (c opens one).");
		return UI_HANDLED | UI_REDRAW;
	}
	vt_size(c->vt, &rows, &cols);
	snprintf(line, sizeof line, "stty rows %d cols %d\r", rows, cols);
	chan_write(c->chan, line, strlen(line));
	conview_say(app, false, "Typed 'stty rows %d cols %d' into VM '%s' (a "
	    "serial line has no resize signal).", rows, cols, c->name);
	return UI_HANDLED | UI_REDRAW;
}

/* --- drawing ------------------------------------------------------------- */

/* The curses colour for a palette index on this terminal. */
static short
conview_colour(int idx)
{
	if (idx < 0)
		return -1;
	if (COLORS >= 256 || idx < COLORS)
		return (short)idx;
	return (short)color_index_to_basic((unsigned)idx);
}

static void
conview_put(struct app *app, int y, int x, const struct vt_cell *cell)
{
	attr_t attr = A_NORMAL;
	int pair = 0;
	wchar_t wc[2] = { cell->ch ? (wchar_t)cell->ch : L' ', 0 };
	cchar_t cc;

	if (cell->attrs & VT_ATTR_BOLD)
		attr |= A_BOLD;
	if (cell->attrs & VT_ATTR_UNDERLINE)
		attr |= A_UNDERLINE;
	if (cell->attrs & VT_ATTR_ITALIC)
		attr |= A_ITALIC;
	if (cell->attrs & VT_ATTR_BLINK)
		attr |= A_BLINK;
	if (cell->attrs & VT_ATTR_REVERSE)
		attr |= A_REVERSE;
	if (app->color && (cell->fg >= 0 || cell->bg >= 0)) {
		pair = alloc_pair(conview_colour(cell->fg),
		    conview_colour(cell->bg));
		if (pair < 0)
			pair = 0;
	}
	if (wc[0] < L' ' || (wc[0] >= 0x7f && wc[0] < 0xa0))
		wc[0] = L' ';
	if (!app->utf8 && wc[0] > 0x7e)
		wc[0] = L'?';
	setcchar(&cc, wc, attr, 0, &pair);
	mvadd_wch(y, x, &cc);
}

/* The guest's screen (scrolled back by c->scroll) at (y, x). */
static void
conview_draw_screen(struct app *app, struct app_console *c, int y, int x,
    int h, int w)
{
	int rows, cols;

	vt_resize(c->vt, h, w);
	vt_size(c->vt, &rows, &cols);
	c->oy = y;
	c->ox = x;
	for (int r = 0; r < rows; r++) {
		int vr = r - c->scroll;

		for (int col = 0; col < cols; col++) {
			struct vt_cell cell;

			vt_cell(c->vt, vr, col, &cell);
			if (cell.width == 0)
				continue;	/* under a wide character */
			if (cell.width == 2 && col + 1 >= cols)
				cell.ch = ' ';
			conview_put(app, y + r, x + col, &cell);
		}
	}
}

static const char *
conview_state_word(const struct app_console *c)
{
	switch (c->state) {
	case CHAN_OPENING: return "connecting…";
	case CHAN_CHOOSE: return "choose a device";
	case CHAN_BUSY: return "in use by another client";
	case CHAN_OPEN: return NULL;
	case CHAN_ENDED: return "closed";
	}
	return NULL;
}

/* "console 1/2: VM on HOST · state · scrolled back N" */
static char *
conview_title(struct app *app, const struct app_console *c)
{
	const char *st = conview_state_word(c);
	char scroll[48] = "";

	if (c->scroll > 0)
		snprintf(scroll, sizeof scroll, " · %d lines back", c->scroll);
	const struct conview *cv = conview_find(app);

	return xasprintf("console %d/%d: %s on %s%s%s%s%s", cv->con + 1,
	    cv->ncons, c->name, app->store.hosts[c->host].label,
	    st ? " · " : "", st ? st : "", scroll, c->log ? " · logging" : "");
}

static void
conview_draw(struct view *v, struct app *app, struct ui_area area)
{
	struct conview *cv = v->priv;
	struct app_console *c = conview_shown(app);
	char *title;

	cv->area = area;
	cv->dirty = false;
	cv->drawn_ms = time_mono_ms();
	if (c == NULL)
		return;
	title = conview_title(app, c);
	if (cv->full) {
		char k[5][48];
		char *bar = xasprintf(" %s │ %s lists · %s pane · %s stty size · "
		    "%s/%s scroll", title,
		    keymap_keys_for(CMD_CONSOLE, "console-leave", k[0],
		    sizeof k[0]),
		    keymap_keys_for(CMD_CONSOLE, "console-full", k[1], sizeof k[1]),
		    keymap_keys_for(CMD_CONSOLE, "console-stty", k[2], sizeof k[2]),
		    keymap_key_for(CMD_CONSOLE, "console-scroll-back", k[3],
		    sizeof k[3]), keymap_key_for(CMD_CONSOLE,
		    "console-scroll-forward", k[4], sizeof k[4]));

		conview_draw_screen(app, c, area.y, area.x, area.h - 1, area.w);
		draw_text(area.y + area.h - 1, area.x, area.w,
		    theme_attr(THEME_STATUS) | A_REVERSE, bar, true);
		free(bar);
	} else if (area.h >= 3 && area.w >= 3) {
		draw_box(area.y, area.x, area.h, area.w, theme_attr(cv->focus ?
		    THEME_TITLE : THEME_BORDER), title);
		conview_draw_screen(app, c, area.y + 1, area.x + 1, area.h - 2,
		    area.w - 2);
	}
	free(title);
}

/* The terminal's cursor where the guest's is, while it has the
 * keyboard. */
static bool
conview_cursor(struct view *v, struct app *app)
{
	struct conview *cv = v->priv;
	struct app_console *c = conview_shown(app);
	int r, col;

	if (c == NULL || !cv->focus || c->state != CHAN_OPEN || c->scroll != 0 ||
	    !vt_cursor(c->vt, &r, &col))
		return false;
	move(c->oy + r, c->ox + col);
	return true;
}

static void
conview_free_view(struct view *v)
{
	struct conview *cv = v->priv;

	for (int i = 0; i < cv->ncons; i++)
		conview_free(cv->cons[i]);
	free(cv);
	free(v);
}

static const struct view_ops conview_ops = {
	.name = "console", .free = conview_free_view, .draw = conview_draw,
	.key = conview_key, .poll = conview_poll, .cursor = conview_cursor,
};
