/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The VNC console against a VNC server under the test's control
 * (libvncserver in this process, on one end of a socket pair, serving a
 * synthetic framebuffer): vmdeck's client shows the expected cells,
 * follows updates and a size change, and its pointer and key events
 * reach the server with the right coordinates and keysyms. Every wait
 * has a deadline.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <cmocka.h>
#include <rfb/rfb.h>

#include "../../src/vnc/vncclient.h"
#include "../../src/vnc/vncfb.h"
#include "../../src/vnc/vncmap.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int wakes;			/* the client's news */
static int ptr_x = -1, ptr_y = -1, ptr_buttons = -1;
static uint32_t key_sym;
static int key_down = -1;
static volatile bool server_stop;

static void
wake(void *ctx)
{
	(void)ctx;
	pthread_mutex_lock(&lock);
	wakes++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static void
on_pointer(int buttons, int x, int y, rfbClientPtr cl)
{
	(void)cl;
	pthread_mutex_lock(&lock);
	ptr_x = x;
	ptr_y = y;
	ptr_buttons = buttons;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

/* The guest's side of the keyboard, as QEMU does it for a US map: the
 * keysym names a key (the key carrying it, shifted or not), Shift is
 * what the client holds, and the guest types the key's character with or
 * without Shift. */
static char guest_typed[512];
static size_t guest_len;
static bool guest_shift;

static char
us_key_char(uint32_t sym, bool shift)
{
	static const char lower[] = "`1234567890-=[]\\;',./";
	static const char upper[] = "~!@#$%^&*()_+{}|:\"<>?";
	const char *p;

	if (sym >= 'a' && sym <= 'z')
		return (char)(shift ? sym - 'a' + 'A' : sym);
	if (sym >= 'A' && sym <= 'Z')		/* the same key as a-z */
		return (char)(shift ? sym : sym - 'A' + 'a');
	if (sym == ' ')
		return ' ';
	if (sym < 0x80 && sym > 0 && (p = strchr(lower, (int)sym)) != NULL)
		return shift ? upper[p - lower] : *p;
	if (sym < 0x80 && sym > 0 && (p = strchr(upper, (int)sym)) != NULL)
		return shift ? *p : lower[p - upper];
	return '?';
}

static void
on_key(rfbBool down, rfbKeySym sym, rfbClientPtr cl)
{
	(void)cl;
	pthread_mutex_lock(&lock);
	if (sym == VNCKEY_SHIFT_L)
		guest_shift = down;
	else if (down && guest_len + 1 < sizeof guest_typed)
		guest_typed[guest_len++] = us_key_char((uint32_t)sym,
		    guest_shift);
	key_sym = (uint32_t)sym;
	key_down = down;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static void *
serve(void *arg)
{
	rfbScreenInfoPtr s = arg;

	while (!server_stop)
		rfbProcessEvents(s, 10000);
	return NULL;
}

/* Wait up to ms for cond_fn to hold, checking it at each wake. */
static bool
wait_for(bool (*fn)(void *), void *arg, int ms)
{
	struct timespec end;
	bool ok;

	clock_gettime(CLOCK_REALTIME, &end);
	end.tv_sec += ms / 1000;
	pthread_mutex_lock(&lock);
	while (!(ok = fn(arg)))
		if (pthread_cond_timedwait(&cond, &lock, &end) != 0) {
			ok = fn(arg);
			break;
		}
	pthread_mutex_unlock(&lock);
	return ok;
}

/* libvncserver's default 32-bit format: red in the lowest byte. */
static void
paint(char *fb, int w, int x0, int y0, int pw, int ph, uint32_t rgb)
{
	for (int y = y0; y < y0 + ph; y++)
		for (int x = x0; x < x0 + pw; x++) {
			unsigned char *p = (unsigned char *)fb + (y * w + x) * 4;

			p[0] = (unsigned char)(rgb >> 16);
			p[1] = (unsigned char)(rgb >> 8);
			p[2] = (unsigned char)rgb;
			p[3] = 0;
		}
}

struct probe {
	struct vncclient *c;
	int x, y;
	uint32_t want;
	int w, h;
};

/* The client's copy has the pixel (locks its framebuffer; our lock is
 * held by wait_for, the client's is another). */
static bool
has_pixel(void *arg)
{
	struct probe *p = arg;
	int w, h, stride;
	const uint32_t *fb = vncclient_lock(p->c, &w, &h, &stride);
	bool ok;

	if (fb == NULL)
		return false;
	ok = p->x < w && p->y < h && fb[p->y * stride + p->x] == p->want &&
	    (p->w == 0 || (w == p->w && h == p->h));
	vncclient_unlock(p->c);
	return ok;
}

static bool
pointer_is(void *arg)
{
	const int *want = arg;

	return ptr_x == want[0] && ptr_y == want[1] && ptr_buttons == want[2];
}

static bool
key_is(void *arg)
{
	const uint32_t *want = arg;

	return key_sym == want[0] && key_down == (int)want[1];
}

static bool
guest_has(void *arg)
{
	return guest_len == strlen(arg);
}

static bool
ended(void *arg)
{
	return vncclient_state(arg, NULL) == VNCCLIENT_ENDED;
}

static void
test_vnc_session(void **state)
{
	enum { W = 64, H = 32 };
	int sv[2];
	rfbScreenInfoPtr s;
	char *fb = calloc(W * H, 4), *fb2;
	pthread_t t;
	struct vncclient *c;
	struct probe p = { 0 };
	struct vncmap m;
	struct vncfb_cell cells[W * (H / 2)];
	struct vncrect damage;
	bool resized;
	int w, h, stride;
	const uint32_t *px;
	char *why = NULL;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	rfbLogEnable(0);
	s = rfbGetScreen(NULL, NULL, W, H, 8, 3, 4);
	paint(fb, W, 0, 0, W / 2, H, 0xff0000);		/* left red */
	paint(fb, W, W / 2, 0, W / 2, H, 0x0000ff);	/* right blue */
	s->frameBuffer = fb;
	s->inetdSock = sv[0];		/* the one client, on our socket */
	s->ptrAddEvent = on_pointer;
	s->kbdAddEvent = on_key;
	rfbInitServer(s);
	server_stop = false;
	assert_int_equal(pthread_create(&t, NULL, serve, s), 0);

	c = vncclient_start(sv[1], NULL, "the test server", wake, NULL);
	p = (struct probe){ c, W - 1, H - 1, 0x0000ff, 0, 0 };
	assert_true(wait_for(has_pixel, &p, 10000));
	assert_int_equal(vncclient_state(c, NULL), VNCCLIENT_OPEN);
	assert_true(vncclient_take_damage(c, &damage, &resized));
	assert_true(resized);

	/* the cells: 1:1, red spaces on the left, blue on the right */
	px = vncclient_lock(c, &w, &h, &stride);
	assert_non_null(px);
	vncmap_layout(&m, w, h, W, H / 2, VNCMAP_ONE, NULL, NULL);
	vncfb_render(&m, px, stride, m.cells, VNCFB_TRUECOLOR, VNCFB_BLOCKS,
	    cells, W);
	vncclient_unlock(c);
	/* (the server draws its cursor at the top left) */
	assert_int_equal(cells[10 * W + 5].ch, ' ');
	assert_int_equal(cells[10 * W + 5].bg, 0xff0000);
	assert_int_equal(cells[W - 1].bg, 0x0000ff);
	assert_int_equal(cells[(H / 2 - 1) * W + W / 2].bg, 0x0000ff);

	/* an update: a green square, and its damage */
	paint(fb, W, 10, 10, 4, 4, 0x00ff00);
	rfbMarkRectAsModified(s, 10, 10, 14, 14);
	p = (struct probe){ c, 11, 11, 0x00ff00, 0, 0 };
	assert_true(wait_for(has_pixel, &p, 10000));
	assert_true(vncclient_take_damage(c, &damage, &resized));
	assert_false(resized);
	assert_true(damage.x <= 10 && damage.y <= 10 &&
	    damage.x + damage.w >= 14 && damage.y + damage.h >= 14);

	/* a click at a cell: the server gets that cell's pixel */
	{
		int x, y, want[3];

		assert_true(vncmap_point(&m, 12, 3, 1, &x, &y));
		want[0] = x;
		want[1] = y;
		want[2] = 1;
		vncclient_pointer(c, x, y, 1);
		assert_true(wait_for(pointer_is, want, 10000));
		assert_int_equal(x, 12);
		assert_int_equal(y, 7);
	}
	/* a key: Return, down then up */
	{
		uint32_t down[2] = { VNCKEY_RETURN, 1 }, up[2] = {
		    VNCKEY_RETURN, 0 };

		vncclient_key(c, (struct vnckey_event){ VNCKEY_RETURN, true });
		assert_true(wait_for(key_is, down, 10000));
		vncclient_key(c, (struct vnckey_event){ VNCKEY_RETURN, false });
		assert_true(wait_for(key_is, up, 10000));
	}

	/* every printable ASCII character, as the terminal's keys give them
	 * and as the menu's typed text: the guest types each one back */
	{
		char all[96];
		struct vnckey k;
		struct vnckey_event ev[VNCKEY_MAX_EVENTS * 96];
		size_t n = 0;

		for (int ch = ' '; ch <= '~'; ch++)
			all[ch - ' '] = (char)ch;
		all[95] = '\0';
		pthread_mutex_lock(&lock);
		guest_len = 0;
		pthread_mutex_unlock(&lock);
		for (int i = 0; all[i]; i++) {
			assert_true(vnckey_from_char((unsigned char)all[i], &k));
			n = vnckey_events(k, ev);
			for (size_t j = 0; j < n; j++)
				vncclient_key(c, ev[j]);
		}
		assert_true(wait_for(guest_has, all, 10000));
		guest_typed[guest_len] = '\0';
		assert_string_equal(guest_typed, all);
		pthread_mutex_lock(&lock);
		guest_len = 0;
		pthread_mutex_unlock(&lock);
		n = vnckey_type_text(all, ev, sizeof ev / sizeof ev[0], NULL);
		for (size_t j = 0; j < n; j++)
			vncclient_key(c, ev[j]);
		assert_true(wait_for(guest_has, all, 10000));
		guest_typed[guest_len] = '\0';
		assert_string_equal(guest_typed, all);
	}

	/* a new size (desktop-size): the same session, the new screen */
	fb2 = calloc(80 * 40, 4);
	paint(fb2, 80, 0, 0, 80, 40, 0xffff00);
	rfbNewFramebuffer(s, fb2, 80, 40, 8, 3, 4);
	p = (struct probe){ c, 79, 39, 0xffff00, 80, 40 };
	assert_true(wait_for(has_pixel, &p, 10000));
	assert_true(vncclient_take_damage(c, &damage, &resized));
	assert_true(resized);
	assert_int_equal(vncclient_state(c, NULL), VNCCLIENT_OPEN);

	/* the server goes: the session ends, saying so */
	server_stop = true;
	pthread_join(t, NULL);
	rfbShutdownServer(s, TRUE);
	assert_true(wait_for(ended, c, 10000));
	vncclient_state(c, &why);
	assert_non_null(strstr(why, "the test server"));
	free(why);
	vncclient_stop(c);
	rfbScreenCleanup(s);
	free(fb);
	free(fb2);
}

/* A server with a VNC password: the right one opens the session, a wrong
 * one ends it, saying the handshake failed. */
static void
run_password(const char *server_pw, const char *client_pw, bool want_open)
{
	enum { W = 16, H = 8 };
	int sv[2];
	rfbScreenInfoPtr s;
	char *fb = calloc(W * H, 4);
	const char *list[] = { server_pw, NULL };
	pthread_t t;
	struct vncclient *c;
	struct probe p;
	char *why = NULL;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	s = rfbGetScreen(NULL, NULL, W, H, 8, 3, 4);
	paint(fb, W, 0, 0, W, H, 0x00ff00);
	s->frameBuffer = fb;
	s->inetdSock = sv[0];
	s->authPasswdData = (void *)list;
	s->passwordCheck = rfbCheckPasswordByList;
	rfbInitServer(s);
	server_stop = false;
	assert_int_equal(pthread_create(&t, NULL, serve, s), 0);
	c = vncclient_start(sv[1], client_pw, "the locked server", wake, NULL);
	if (want_open) {
		p = (struct probe){ c, W - 1, H - 1, 0x00ff00, 0, 0 };
		assert_true(wait_for(has_pixel, &p, 10000));
	} else {
		assert_true(wait_for(ended, c, 10000));
		vncclient_state(c, &why);
		assert_non_null(strstr(why, "the locked server"));
		assert_non_null(strstr(why, "handshake"));
		free(why);
	}
	vncclient_stop(c);
	server_stop = true;
	pthread_join(t, NULL);
	rfbShutdownServer(s, TRUE);
	rfbScreenCleanup(s);
	free(fb);
}

static void
test_vnc_password(void **state)
{
	(void)state;
	rfbLogEnable(0);
	run_password("sesame", "sesame", true);
	run_password("sesame", "wrong", false);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vnc_session),
		cmocka_unit_test(test_vnc_password),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
