/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "vncclient.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rfb/rfbclient.h>

#include "../util/msglog.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"

/* An input event for the thread. */
struct vncclient_input {
	bool key;
	struct vnckey_event ev;
	int x, y, buttons;
};

struct vncclient {
	atomic_int refs;		/* the UI's and the thread's */
	pthread_mutex_t lock;		/* everything below */
	enum vncclient_state state;
	char *why;
	uint32_t *fb;			/* the shared copy */
	int w, h;
	bool damaged, resized;
	struct vncrect damage;
	struct vncclient_input *in;	/* queued for the thread */
	size_t nin, cap;
	bool stop;

	/* the thread's own */
	int fd;
	int wake_pipe[2];		/* UI to thread: input or stop */
	char *password;
	char *label;
	void (*wake)(void *);
	void *ctx;
	struct vncrect pending;		/* this update's damage so far */
	bool has_pending;
	uint8_t *cl_fb;			/* libvncclient's framebuffer: ours
					 * to free (its cleanup does not) */
	char *refused;			/* a desktop too large, said */
};

/* the tag for rfbClientSetClientData */
static char vncclient_tag;

/* libvncclient logs to stderr, over the screen: into the message log. */
static void vncclient_log(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void
vncclient_log(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n > 0)
		msglog_add(MSGLOG_INFO, "VNC: %s", buf);
}

static void
vncclient_unref(struct vncclient *c)
{
	if (atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	pthread_mutex_destroy(&c->lock);
	free(c->why);
	free(c->refused);
	free(c->fb);
	free(c->in);
	if (c->password != NULL)
		explicit_bzero(c->password, strlen(c->password));
	free(c->password);
	free(c->label);
	close(c->wake_pipe[0]);
	close(c->wake_pipe[1]);
	free(c);
}

static void
vncclient_union(struct vncrect *a, struct vncrect b)
{
	int x0 = a->x < b.x ? a->x : b.x, y0 = a->y < b.y ? a->y : b.y;
	int x1 = a->x + a->w > b.x + b.w ? a->x + a->w : b.x + b.w;
	int y1 = a->y + a->h > b.y + b.h ? a->y + a->h : b.y + b.h;

	*a = (struct vncrect){ x0, y0, x1 - x0, y1 - y0 };
}

/* Wake the UI, unless it has let go (then the context may be gone). */
static void
vncclient_notify(struct vncclient *c)
{
	pthread_mutex_lock(&c->lock);
	if (!c->stop)
		c->wake(c->ctx);
	pthread_mutex_unlock(&c->lock);
}

static void
vncclient_set_state(struct vncclient *c, enum vncclient_state s, char *why)
{
	pthread_mutex_lock(&c->lock);
	if (c->state != VNCCLIENT_ENDED) {
		c->state = s;
		free(c->why);
		c->why = why;
		why = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	free(why);
	vncclient_notify(c);
}

/* --- libvncclient's callbacks, on the thread ----------------------------- */

static struct vncclient *
vncclient_of(rfbClient *cl)
{
	return rfbClientGetClientData(cl, &vncclient_tag);
}

static rfbBool
vncclient_malloc_fb(rfbClient *cl)
{
	struct vncclient *c = vncclient_of(cl);
	size_t n = (size_t)cl->width * (size_t)cl->height;

	/* two copies of the desktop: bounded, and the end says why */
	if (n > VNCCLIENT_MAX_PIXELS) {
		free(c->refused);
		c->refused = xasprintf("The screen of %s is %dx%d pixels, more "
		    "than the %u vmdeck shows.", c->label, cl->width,
		    cl->height, VNCCLIENT_MAX_PIXELS);
		return FALSE;
	}
	free(c->cl_fb);
	c->cl_fb = cl->frameBuffer = xcalloc(n ? n : 1, 4);
	pthread_mutex_lock(&c->lock);
	free(c->fb);
	c->fb = xcalloc(n ? n : 1, 4);
	c->w = cl->width;
	c->h = cl->height;
	c->damaged = c->resized = true;
	c->damage = (struct vncrect){ 0, 0, cl->width, cl->height };
	pthread_mutex_unlock(&c->lock);
	c->has_pending = false;
	vncclient_notify(c);
	return TRUE;
}

static void
vncclient_got_update(rfbClient *cl, int x, int y, int w, int h)
{
	struct vncclient *c = vncclient_of(cl);
	struct vncrect r = { x, y, w, h };

	if (!c->has_pending)
		c->pending = r;
	else
		vncclient_union(&c->pending, r);
	c->has_pending = true;
}

/* The end of an update: its rectangle into the shared copy. */
static void
vncclient_finished(rfbClient *cl)
{
	struct vncclient *c = vncclient_of(cl);
	struct vncrect r = c->pending;

	if (!c->has_pending)
		return;
	c->has_pending = false;
	pthread_mutex_lock(&c->lock);
	if (c->fb != NULL && c->w == cl->width && c->h == cl->height) {
		/* clip: a server may send a rectangle past the edge */
		int x1 = r.x + r.w > c->w ? c->w : r.x + r.w;
		int y1 = r.y + r.h > c->h ? c->h : r.y + r.h;

		r.x = r.x < 0 ? 0 : r.x;
		r.y = r.y < 0 ? 0 : r.y;
		for (int y = r.y; y < y1; y++)
			memcpy(c->fb + (size_t)y * (size_t)c->w + (size_t)r.x,
			    cl->frameBuffer + ((size_t)y * (size_t)c->w +
			    (size_t)r.x) * 4, (size_t)(x1 - r.x) * 4);
		r.w = x1 - r.x;
		r.h = y1 - r.y;
		if (r.w > 0 && r.h > 0) {
			if (c->damaged)
				vncclient_union(&c->damage, r);
			else
				c->damage = r;
			c->damaged = true;
		}
	}
	if (c->state == VNCCLIENT_CONNECTING)
		c->state = VNCCLIENT_OPEN;
	pthread_mutex_unlock(&c->lock);
	vncclient_notify(c);
}

static char *
vncclient_password(rfbClient *cl)
{
	struct vncclient *c = vncclient_of(cl);

	/* libvncclient frees what this returns */
	return strdup(c->password ? c->password : "");
}

/* --- the thread ---------------------------------------------------------- */

/* Keys go out at most VNCCLIENT_KEY_BURST per VNCCLIENT_KEY_GAP_MS: a
 * guest's keyboard queue is short (QEMU's PS/2 queue drops what does not
 * fit) and a slow guest drains it slowly, so a pasted line sent at once
 * loses keys. 16 per 20 ms is 800 events a second, 200 or more
 * characters. */
#define VNCCLIENT_KEY_BURST 2
#define VNCCLIENT_KEY_GAP_MS 20

/* Send what the UI queued, keys paced (the rest stays queued). Returns
 * false when the connection failed; *wait_ms gets how soon to come back
 * for the rest (-1: nothing left). */
static bool
vncclient_send_input(struct vncclient *c, rfbClient *cl, int64_t *next_keys,
    int *wait_ms)
{
	struct vncclient_input *in, *out;
	size_t n, take = 0, keys = 0;
	bool ok = true;
	char drain[64];
	int64_t now = time_mono_ms();

	while (read(c->wake_pipe[0], drain, sizeof drain) > 0)
		;
	*wait_ms = -1;
	/* what may go now is copied out: the lock is never held while the
	 * socket is written (the UI queues under it) */
	pthread_mutex_lock(&c->lock);
	in = c->in;
	n = c->nin;
	for (; take < n; take++)
		if (in[take].key) {
			if (now < *next_keys || keys == VNCCLIENT_KEY_BURST)
				break;
			keys++;
		}
	out = take > 0 ? xreallocarray(NULL, take, sizeof *out) : NULL;
	if (take > 0)
		memcpy(out, in, take * sizeof *out);
	if (take > 0 && take < n)
		memmove(in, in + take, (n - take) * sizeof *in);
	c->nin = n - take;
	pthread_mutex_unlock(&c->lock);
	if (keys == VNCCLIENT_KEY_BURST)
		*next_keys = now + VNCCLIENT_KEY_GAP_MS;
	if (take < n) {
		int64_t left = *next_keys - time_mono_ms();

		*wait_ms = left > 0 ? (int)left : 0;
	}
	for (size_t i = 0; i < take && ok; i++)
		ok = out[i].key ? SendKeyEvent(cl, out[i].ev.sym,
		    out[i].ev.down) : SendPointerEvent(cl, out[i].x, out[i].y,
		    out[i].buttons);
	free(out);
	return ok;
}

static bool
vncclient_stopping(struct vncclient *c)
{
	bool stop;

	pthread_mutex_lock(&c->lock);
	stop = c->stop;
	pthread_mutex_unlock(&c->lock);
	return stop;
}

static void *
vncclient_main(void *arg)
{
	struct vncclient *c = arg;
	rfbClient *cl = rfbGetClient(8, 3, 4);
	char *why = NULL;

	rfbClientSetClientData(cl, &vncclient_tag, c);
	cl->MallocFrameBuffer = vncclient_malloc_fb;
	cl->GotFrameBufferUpdate = vncclient_got_update;
	cl->FinishedFrameBufferUpdate = vncclient_finished;
	cl->GetPassword = vncclient_password;
	cl->canHandleNewFBSize = TRUE;
	/* exact pixels: a text screen is read back glyph by glyph, which
	 * JPEG's artefacts would spoil (tight stays, lossless) */
	cl->appData.enableJPEG = FALSE;
	cl->format.redShift = 16;
	cl->format.greenShift = 8;
	cl->format.blueShift = 0;
	cl->format.redMax = cl->format.greenMax = cl->format.blueMax = 255;
	cl->sock = c->fd;
	cl->listenSpecified = TRUE;	/* connected already: no connect */
	if (!rfbInitClient(cl, NULL, NULL)) {
		/* it freed the client and closed the socket */
		free(c->cl_fb);
		c->cl_fb = NULL;
		vncclient_set_state(c, VNCCLIENT_ENDED, c->refused ?
		    xstrdup(c->refused) : xasprintf("The VNC "
		    "server of %s did not complete the handshake (wrong "
		    "password, or not a VNC server); see the message log.",
		    c->label));
		vncclient_unref(c);
		return NULL;
	}
	int64_t next_keys = 0;

	while (!vncclient_stopping(c)) {
		struct pollfd p[2] = {
			{ cl->sock, POLLIN, 0 },
			{ c->wake_pipe[0], POLLIN, 0 },
		};
		int wait_ms;

		if (!vncclient_send_input(c, cl, &next_keys, &wait_ms)) {
			why = xasprintf("The VNC connection to %s broke while "
			    "sending input.", c->label);
			break;
		}
		if (cl->buffered == 0) {
			if (poll(p, 2, wait_ms >= 0 ? wait_ms : 1000) < 0 &&
			    errno != EINTR) {
				why = xasprintf("The VNC connection to %s failed: "
				    "%s.", c->label, strerror(errno));
				break;
			}
			if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
		}
		if (!HandleRFBServerMessage(cl)) {
			why = c->refused ? xstrdup(c->refused) : xasprintf("The "
			    "VNC connection to %s ended (the VM stopped, or its "
			    "display went away).", c->label);
			break;
		}
	}
	rfbClientCleanup(cl);		/* closes the socket */
	free(c->cl_fb);
	c->cl_fb = NULL;
	vncclient_set_state(c, VNCCLIENT_ENDED, why ? why :
	    xasprintf("The VNC view of %s was closed.", c->label));
	vncclient_unref(c);
	return NULL;
}

/* --- the UI's side ------------------------------------------------------- */

struct vncclient *
vncclient_start(int fd, const char *password, const char *label,
    void (*wake)(void *), void *ctx)
{
	struct vncclient *c = xcalloc(1, sizeof *c);
	pthread_t t;

	rfbClientLog = vncclient_log;
	rfbClientErr = vncclient_log;
	atomic_init(&c->refs, 2);
	pthread_mutex_init(&c->lock, NULL);
	c->state = VNCCLIENT_CONNECTING;
	c->fd = fd;
	c->password = password ? xstrdup(password) : NULL;
	c->label = xstrdup(label);
	c->wake = wake;
	c->ctx = ctx;
	if (pipe2(c->wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		fatal("vncclient: pipe: %s", strerror(errno));
	if (pthread_create(&t, NULL, vncclient_main, c) != 0)
		fatal("vncclient: cannot start a thread");
	pthread_detach(t);
	return c;
}

enum vncclient_state
vncclient_state(struct vncclient *c, char **why)
{
	enum vncclient_state s;

	pthread_mutex_lock(&c->lock);
	s = c->state;
	if (why != NULL)
		*why = c->why ? xstrdup(c->why) : NULL;
	pthread_mutex_unlock(&c->lock);
	return s;
}

bool
vncclient_take_damage(struct vncclient *c, struct vncrect *damage,
    bool *resized)
{
	bool any;

	pthread_mutex_lock(&c->lock);
	any = c->damaged;
	*damage = c->damage;
	*resized = c->resized;
	c->damaged = c->resized = false;
	pthread_mutex_unlock(&c->lock);
	return any;
}

const uint32_t *
vncclient_lock(struct vncclient *c, int *w, int *h, int *stride)
{
	pthread_mutex_lock(&c->lock);
	if (c->fb == NULL) {
		pthread_mutex_unlock(&c->lock);
		return NULL;
	}
	*w = c->w;
	*h = c->h;
	*stride = c->w;
	return c->fb;
}

void
vncclient_unlock(struct vncclient *c)
{
	pthread_mutex_unlock(&c->lock);
}

static void
vncclient_queue(struct vncclient *c, struct vncclient_input in)
{
	pthread_mutex_lock(&c->lock);
	if (c->nin == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->in = xreallocarray(c->in, c->cap, sizeof *c->in);
	}
	c->in[c->nin++] = in;
	pthread_mutex_unlock(&c->lock);
	if (write(c->wake_pipe[1], "", 1) < 0 && errno != EAGAIN)
		msglog_add(MSGLOG_WARN, "VNC: cannot wake the session: %s",
		    strerror(errno));
}

void
vncclient_key(struct vncclient *c, struct vnckey_event ev)
{
	vncclient_queue(c, (struct vncclient_input){ .key = true, .ev = ev });
}

void
vncclient_pointer(struct vncclient *c, int x, int y, int buttons)
{
	vncclient_queue(c, (struct vncclient_input){ .x = x, .y = y,
	    .buttons = buttons });
}

void
vncclient_stop(struct vncclient *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_mutex_unlock(&c->lock);
	if (write(c->wake_pipe[1], "", 1) < 0 && errno != EAGAIN)
		msglog_add(MSGLOG_WARN, "VNC: cannot wake the session: %s",
		    strerror(errno));
	vncclient_unref(c);
}
