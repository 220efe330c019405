/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vterm.h>

#include "../../src/util/timeutil.h"
#include "../../src/util/xalloc.h"

struct tui {
	pid_t pid;
	int fd;			/* pty master; -1 once closed */
	int rows, cols;
	VTerm *vt;
	VTermScreen *screen;
	bool altscreen;
	bool cursor_visible;
	bool exited;
	int status;
	uint64_t bytes;		/* read from the program so far */
	bool saw_sixel;		/* a sixel image (ESC P … q) went by */
	char tail[16];		/* the last bytes, for sequences across reads */
	size_t tail_len;
};

static int
tui_settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct tui *t = user;

	if (prop == VTERM_PROP_ALTSCREEN)
		t->altscreen = val->boolean;
	else if (prop == VTERM_PROP_CURSORVISIBLE)
		t->cursor_visible = val->boolean;
	return 1;
}

static const VTermScreenCallbacks screen_cbs = {
	.settermprop = tui_settermprop,
};

/* libvterm's answers to the program's queries go back down the pty. */
static void
tui_output(const char *s, size_t len, void *user)
{
	struct tui *t = user;

	if (t->fd >= 0 && write(t->fd, s, len) < 0)
		return;
}

/* The programs not freed yet: a test that fails half-way leaves its own,
 * and tui_free_all ends them. */
#define TUI_LIVE_MAX 16
static struct tui *tui_live[TUI_LIVE_MAX];

struct tui *
tui_spawn(const char *const *argv, const char *const *env, int rows, int cols)
{
	struct tui *t = xcalloc(1, sizeof *t);

	for (int i = 0; i < TUI_LIVE_MAX; i++)
		if (tui_live[i] == NULL) {
			tui_live[i] = t;
			break;
		}
	struct winsize ws = { .ws_row = (unsigned short)rows,
	    .ws_col = (unsigned short)cols };

	t->rows = rows;
	t->cols = cols;
	t->cursor_visible = true;
	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	vterm_output_set_callback(t->vt, tui_output, t);
	t->screen = vterm_obtain_screen(t->vt);
	vterm_screen_set_callbacks(t->screen, &screen_cbs, t);
	vterm_screen_enable_altscreen(t->screen, 1);
	vterm_screen_reset(t->screen, 1);

	t->pid = forkpty(&t->fd, NULL, NULL, &ws);
	if (t->pid < 0)
		fatal("forkpty failed: %s", strerror(errno));
	if (t->pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LANG", "C.UTF-8", 1);
		unsetenv("LC_ALL");
		unsetenv("NO_COLOR");
		unsetenv("LIBVIRT_DEFAULT_URI");
		/* no user's settings unless a test gives its own */
		setenv("XDG_CONFIG_HOME", "/nonexistent/vmdeck-tests", 1);
		for (size_t i = 0; env != NULL && env[i] != NULL; i++)
			putenv(xstrdup(env[i]));
		execv(argv[0], (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	fcntl(t->fd, F_SETFL, fcntl(t->fd, F_GETFL) | O_NONBLOCK);
	return t;
}

/* Count what the program writes, and look for a sixel image's start
 * (ESC P, parameters, q), also across reads. */
static void
harness_watch(struct tui *t, const char *buf, size_t n)
{
	char joined[sizeof t->tail + 8192];
	size_t k = t->tail_len, all = t->tail_len + n, keep;

	t->bytes += n;
	/* TUI_TRACE=FILE: what the program wrote, kept for a person */
	if (getenv("TUI_TRACE") != NULL) {
		FILE *f = fopen(getenv("TUI_TRACE"), "a");

		if (f != NULL) {
			fprintf(f, "\n[%zu bytes]\n", n);
			fwrite(buf, 1, n, f);
			fclose(f);
		}
	}
	memcpy(joined, t->tail, k);
	memcpy(joined + k, buf, n);
	for (size_t i = 0; i + 1 < all && !t->saw_sixel; i++)
		if (joined[i] == '\033' && joined[i + 1] == 'P') {
			size_t j = i + 2;

			while (j < all && ((joined[j] >= '0' && joined[j] <= '9') ||
			    joined[j] == ';'))
				j++;
			if (j < all && joined[j] == 'q')
				t->saw_sixel = true;
		}
	keep = all < sizeof t->tail ? all : sizeof t->tail;
	memcpy(t->tail, joined + all - keep, keep);
	t->tail_len = keep;
}

uint64_t
tui_bytes(const struct tui *t)
{
	return t->bytes;
}

bool
tui_saw_sixel(const struct tui *t)
{
	return t->saw_sixel;
}

bool
tui_pump(struct tui *t, int timeout_ms)
{
	struct pollfd pfd = { .fd = t->fd, .events = POLLIN };
	char buf[8192];

	if (t->fd < 0)
		return false;
	if (poll(&pfd, 1, timeout_ms) <= 0)
		return true;
	for (;;) {
		ssize_t n = read(t->fd, buf, sizeof buf);

		if (n > 0) {
			harness_watch(t, buf, (size_t)n);
			vterm_input_write(t->vt, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return true;
		/* EOF or EIO: the program closed the terminal */
		close(t->fd);
		t->fd = -1;
		return false;
	}
}

char *
tui_row(struct tui *t, int r, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int c = 0; c < t->cols && o + 8 < len; c++) {
		VTermScreenCell cell;
		VTermPos pos = { .row = r, .col = c };

		if (!vterm_screen_get_cell(t->screen, pos, &cell))
			break;
		if (cell.width == 0)	/* right half of a wide character */
			continue;
		uint32_t ch = cell.chars[0] ? cell.chars[0] : ' ';
		if (ch < 0x80)
			buf[o++] = (char)ch;
		else if (ch < 0x800) {
			buf[o++] = (char)(0xC0 | (ch >> 6));
			buf[o++] = (char)(0x80 | (ch & 0x3F));
		} else if (ch < 0x10000) {
			buf[o++] = (char)(0xE0 | (ch >> 12));
			buf[o++] = (char)(0x80 | ((ch >> 6) & 0x3F));
			buf[o++] = (char)(0x80 | (ch & 0x3F));
		} else {
			buf[o++] = (char)(0xF0 | (ch >> 18));
			buf[o++] = (char)(0x80 | ((ch >> 12) & 0x3F));
			buf[o++] = (char)(0x80 | ((ch >> 6) & 0x3F));
			buf[o++] = (char)(0x80 | (ch & 0x3F));
		}
	}
	buf[o] = '\0';
	return buf;
}

int
tui_find(struct tui *t, const char *s)
{
	char buf[4096];

	for (int r = 0; r < t->rows; r++)
		if (strstr(tui_row(t, r, buf, sizeof buf), s) != NULL)
			return r;
	return -1;
}

bool
tui_until(struct tui *t, bool (*pred)(struct tui *, const void *, const void *),
    const void *a, const void *b, int timeout_ms)
{
	int64_t deadline = time_mono_ms() + timeout_ms;

	for (;;) {
		if (pred(t, a, b))
			return true;
		int64_t left = deadline - time_mono_ms();
		if (left <= 0)
			return false;
		if (!tui_pump(t, (int)left))
			return pred(t, a, b);
	}
}

static bool
has_text(struct tui *t, const void *a, const void *b)
{
	(void)b;
	return tui_find(t, a) >= 0;
}

static bool
lacks_text(struct tui *t, const void *a, const void *b)
{
	(void)b;
	return tui_find(t, a) < 0;
}

static bool
row_has_both(struct tui *t, const void *a, const void *b)
{
	char buf[4096];

	for (int r = 0; r < t->rows; r++) {
		tui_row(t, r, buf, sizeof buf);
		if (strstr(buf, a) != NULL && strstr(buf, b) != NULL)
			return true;
	}
	return false;
}

bool
tui_wait_text(struct tui *t, const char *s, int timeout_ms)
{
	return tui_until(t, has_text, s, NULL, timeout_ms);
}

bool
tui_wait_row_has(struct tui *t, const char *a, const char *b, int timeout_ms)
{
	return tui_until(t, row_has_both, a, b, timeout_ms);
}

bool
tui_wait_gone(struct tui *t, const char *s, int timeout_ms)
{
	return tui_until(t, lacks_text, s, NULL, timeout_ms);
}

void
tui_send(struct tui *t, const char *keys)
{
	size_t len = strlen(keys);

	while (len > 0 && t->fd >= 0) {
		ssize_t n = write(t->fd, keys, len);

		if (n < 0 && errno == EAGAIN) {
			tui_pump(t, 10);
			continue;
		}
		if (n <= 0)
			break;
		keys += n;
		len -= (size_t)n;
	}
}

void
tui_resize(struct tui *t, int rows, int cols)
{
	struct winsize ws = { .ws_row = (unsigned short)rows,
	    .ws_col = (unsigned short)cols };

	t->rows = rows;
	t->cols = cols;
	vterm_set_size(t->vt, rows, cols);
	if (t->fd >= 0)
		ioctl(t->fd, TIOCSWINSZ, &ws);	/* the kernel sends SIGWINCH */
}

int
tui_wait_exit(struct tui *t, int timeout_ms)
{
	int64_t deadline = time_mono_ms() + timeout_ms;

	while (!t->exited) {
		pid_t p = waitpid(t->pid, &t->status, WNOHANG);

		if (p == t->pid) {
			t->exited = true;
			break;
		}
		int64_t left = deadline - time_mono_ms();
		if (left <= 0)
			return -1;
		/* keep reading, so the program never blocks on a full pty */
		if (!tui_pump(t, left < 20 ? (int)left : 20))
			poll(NULL, 0, 2);
	}
	while (tui_pump(t, 0) && t->fd >= 0) {
		struct pollfd pfd = { .fd = t->fd, .events = POLLIN };
		if (poll(&pfd, 1, 0) <= 0)
			break;
	}
	if (WIFSIGNALED(t->status))
		fprintf(stderr, "tui: the program was killed by signal %d (%s)\n",
		    WTERMSIG(t->status), strsignal(WTERMSIG(t->status)));
	return WIFEXITED(t->status) ? WEXITSTATUS(t->status) : -1;
}

bool
tui_altscreen(const struct tui *t)
{
	return t->altscreen;
}

bool
tui_cursor_visible(const struct tui *t)
{
	return t->cursor_visible;
}

int
tui_fg(struct tui *t, int r, int c)
{
	VTermScreenCell cell;
	VTermPos pos = { .row = r, .col = c };

	if (!vterm_screen_get_cell(t->screen, pos, &cell) ||
	    VTERM_COLOR_IS_DEFAULT_FG(&cell.fg))
		return -1;
	if (VTERM_COLOR_IS_INDEXED(&cell.fg))
		return cell.fg.indexed.idx;
	return 256;		/* an RGB colour */
}

static uint32_t
harness_rgb(struct tui *t, VTermColor *col)
{
	vterm_screen_convert_color_to_rgb(t->screen, col);
	return (uint32_t)col->rgb.red << 16 | (uint32_t)col->rgb.green << 8 |
	    col->rgb.blue;
}

void
tui_cell(struct tui *t, int r, int c, uint32_t *fg, uint32_t *bg,
    uint32_t *ch)
{
	VTermScreenCell cell;
	VTermPos pos = { .row = r, .col = c };

	*fg = *bg = *ch = 0;
	if (!vterm_screen_get_cell(t->screen, pos, &cell))
		return;
	*fg = harness_rgb(t, &cell.fg);
	*bg = harness_rgb(t, &cell.bg);
	*ch = cell.chars[0];
}

pid_t
tui_pid(const struct tui *t)
{
	return t->pid;
}

void
tui_dump(struct tui *t)
{
	char buf[4096];

	fprintf(stderr, "---- screen %dx%d ----\n", t->cols, t->rows);
	for (int r = 0; r < t->rows; r++)
		fprintf(stderr, "%2d|%s|\n", r, tui_row(t, r, buf, sizeof buf));
	fprintf(stderr, "----\n");
}

void
tui_free(struct tui *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < TUI_LIVE_MAX; i++)
		if (tui_live[i] == t)
			tui_live[i] = NULL;
	if (!t->exited && t->pid > 0) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, &t->status, 0);
	}
	if (t->fd >= 0)
		close(t->fd);
	vterm_free(t->vt);
	free(t);
}

void
tui_free_all(void)
{
	for (int i = 0; i < TUI_LIVE_MAX; i++)
		tui_free(tui_live[i]);
}

bool
tui_open_pool(struct tui *t, const char *pool)
{
	char want[512];
	bool there = false;

	tui_send(t, "P");
	if (!tui_wait_text(t, "Storage pools of", 10000))
		return false;
	snprintf(want, sizeof want, "Volumes of '%s'", pool);
	for (int i = 0; i < 50 && !(there = tui_wait_text(t, want, 1000)); i++)
		tui_send(t, "j");
	if (!there)
		return false;
	/* its volumes read: the title says so once they are (a header row
	 * on the screen may still be the last pool's, mid-redraw) */
	snprintf(want, sizeof want, "Volumes of '%s' ─", pool);
	if (!tui_wait_text(t, want, 10000))
		return false;
	tui_send(t, "\t");
	return tui_wait_text(t, "u upload", 5000);
}

int
tui_time_help_keys(struct tui *t, const char *until, const char *fail,
    int max, int64_t *ms)
{
	int n = 0;

	while (n + 2 <= max && tui_find(t, until) < 0 &&
	    (fail == NULL || tui_find(t, fail) < 0)) {
		int64_t k0 = time_mono_ms();

		tui_send(t, "?");
		if (!tui_wait_text(t, "Keys and settings", 5000))
			break;
		ms[n++] = time_mono_ms() - k0;
		k0 = time_mono_ms();
		tui_send(t, "\033");
		if (!tui_wait_gone(t, "Keys and settings", 5000))
			break;
		ms[n++] = time_mono_ms() - k0;
	}
	return n;
}
