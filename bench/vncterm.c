/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * vncterm VMDECK — what the VNC view writes to its terminal, measured
 * through the real program: vmdeck in a pseudo-terminal (tests/tui's
 * harness, COLORTERM=truecolor), its VM's display a VNC server in this
 * process (libvncserver) with a 1024x768 desktop. For each drawing path
 * (blocks, libchafa's symbols, a text screen of 128x48 8x16 cells) at
 * 160x48 and 240x67 picture cells: the bytes of a full frame (every pixel
 * changed), of a frame with one changed 64x64 rectangle, the CPU vmdeck
 * spent per full frame (libvncclient's decoding included), and the bytes
 * written in 3 s of a still screen. Prints figures; never passes or fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rfb/rfb.h>

#include "../src/util/timeutil.h"
#include "../src/vnc/vgafont.h"
#include "../tests/common/testutil.h"
#include "../tests/common/vncserve.h"
#include "../tests/tui/harness.h"

#define W 1024
#define H 768
#define FRAMES 8

enum path { BLOCKS, SYMBOLS, TEXT };
static const char *const path_name[] = { "blocks", "symbols", "text" };

static struct vgafont font;
static unsigned frame_no;
static struct vncserve vs;

/* The rectangle drawn anew, frame k: for pixels a desktop (gradient and
 * windows) whose colours move with k; for text, 8x16 cells of letters
 * and colours that change with k. */
static void
paint(enum path p, int x0, int y0, int w, int h, unsigned k)
{
	for (int y = y0; y < y0 + h; y++)
		for (int x = x0; x < x0 + w; x++) {
			uint32_t c;

			if (p == TEXT) {
				int col = x / 8, row = y / 16;
				unsigned seed = (unsigned)(row * 128 + col) * 2654435761u +
				    k * 40503u;
				int code = 'A' + (int)(seed >> 20) % 58;
				uint8_t b = font.glyph[code][y % 16];
				bool ink = (b >> (7 - x % 8)) & 1;
				static const uint32_t pal[] = { 0xaaaaaa, 0x55ff55,
				    0xffff55, 0x5555ff };

				c = ink ? pal[(seed >> 8) % 4] : 0;
			} else {
				bool win = (x / 160 + y / 128 + k) % 3 == 0;

				c = win ? ((y % 128) < 18 ? 0x3050a0 : 0xeeeeee) :
				    (uint32_t)((x * 255 / W + k * 37) & 0xff) << 16 |
				    (uint32_t)((y * 255 / H + k * 11) & 0xff) << 8 | 0x60;
			}
			vncserve_put(&vs, x, y, c);
		}
}

/* Read what vmdeck writes until it has written nothing for 400 ms. */
static void
settle(struct tui *t)
{
	int64_t deadline = time_mono_ms() + 15000;
	uint64_t b = tui_bytes(t);
	int64_t quiet = time_mono_ms();

	while (time_mono_ms() < deadline && time_mono_ms() - quiet < 400) {
		tui_pump(t, 50);
		if (tui_bytes(t) != b) {
			b = tui_bytes(t);
			quiet = time_mono_ms();
		}
	}
}

/* vmdeck's CPU time so far, in ms (its /proc stat's utime + stime). */
static double
cpu_of(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	if (fgets(buf, sizeof buf, f) != NULL && (p = strrchr(buf, ')')) != NULL)
		sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
		    &ut, &st);
	fclose(f);
	return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static void
measure(const char *bin, const char *uri, enum path p, int cols, int rows)
{
	const char *argv[] = { bin, "-c", uri, NULL };
	const char *env[] = { "COLORTERM=truecolor", NULL };
	struct tui *t;
	uint64_t b0, full = 0, small = 0, still;
	double c0, cpu;
	char title[64];

	t = tui_spawn(argv, env, rows + 1, cols);
	if (!tui_wait_row_has(t, " vga ", "running", 20000)) {
		printf("  %s %dx%d: the VM list never appeared\n",
		    path_name[p], cols, rows);
		tui_free(t);
		return;
	}
	tui_send(t, "v");
	snprintf(title, sizeof title, p == TEXT ? "text 128x48" : "1024x768 fit");
	if (!tui_wait_text(t, title, 20000)) {
		printf("  %s %dx%d: the view never said \"%s\"\n", path_name[p],
		    cols, rows, title);
		tui_free(t);
		return;
	}
	if (p == SYMBOLS) {
		tui_send(t, "\035");
		tui_wait_text(t, "Draw with blocks", 5000);
		tui_send(t, "5");
		tui_wait_text(t, "fit symbols", 5000);
	}
	settle(t);
	c0 = cpu_of(tui_pid(t));
	for (int i = 0; i < FRAMES; i++) {
		b0 = tui_bytes(t);
		paint(p, 0, 0, W, H, ++frame_no);
		rfbMarkRectAsModified(vs.s, 0, 0, W, H);
		settle(t);
		full += tui_bytes(t) - b0;
	}
	cpu = (cpu_of(tui_pid(t)) - c0) / FRAMES;
	for (int i = 0; i < FRAMES; i++) {
		b0 = tui_bytes(t);
		paint(p, 480, 352, 64, 64, ++frame_no);
		rfbMarkRectAsModified(vs.s, 480, 352, 544, 416);
		settle(t);
		small += tui_bytes(t) - b0;
	}
	b0 = tui_bytes(t);
	for (int64_t end = time_mono_ms() + 3000; time_mono_ms() < end;)
		tui_pump(t, 100);
	still = tui_bytes(t) - b0;
	printf("  %-7s %dx%d: full frame %llu bytes (vmdeck's CPU %.1f ms), "
	    "one 64x64 change %llu bytes (%.1f %%), still screen %llu "
	    "bytes in 3 s\n", path_name[p], cols, rows,
	    (unsigned long long)(full / FRAMES), cpu,
	    (unsigned long long)(small / FRAMES),
	    full ? 100.0 * (double)small / (double)full : 0.0,
	    (unsigned long long)still);
	tui_send(t, "\033[24~");
	tui_wait_row_has(t, " vga ", "running", 5000);
	tui_send(t, "q");
	tui_wait_exit(t, 5000);
	tui_free(t);
}

int
main(int argc, char **argv)
{
	static const int sizes[][2] = { { 160, 48 }, { 240, 67 } };
	char *err = NULL, *dir, *uri;

	if (argc != 2) {
		fprintf(stderr, "usage: vncterm VMDECK\n");
		return 2;
	}
	if (vgafont_load(&font, &err) < 0) {
		printf("vncterm: no VGA BIOS font (%s): nothing measured\n", err);
		free(err);
		return 0;
	}
	if (vncserve_start(&vs, W, H, 16900 + getpid() % 500) < 0) {
		printf("vncterm: no free port for the VNC server\n");
		return 0;
	}
	dir = testutil_tmpdir();
	uri = vncserve_node_uri(&vs, dir, "vga");
	printf("vncterm: bytes vmdeck writes to a truecolor terminal for a "
	    "1024x768 VNC screen, %d frames each (the real program in a "
	    "pseudo-terminal)\n", FRAMES);
	for (int p = BLOCKS; p <= TEXT; p++)
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			/* VNCTERM_ONLY=PATH: that drawing path alone */
			if (getenv("VNCTERM_ONLY") != NULL &&
			    strcmp(getenv("VNCTERM_ONLY"), path_name[p]) != 0)
				continue;
			paint(p, 0, 0, W, H, ++frame_no);
			measure(argv[1], uri, p, sizes[i][0], sizes[i][1]);
		}
	vncserve_stop(&vs);
	vgafont_free(&font);
	testutil_rmtree(dir);
	free(uri);
	free(dir);
	return 0;
}
