/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * harness — the real vmdeck binary in a pseudo-terminal, its screen read
 * back through libvterm, so tests assert what a person would see.
 *
 * Every wait has a deadline; none sleeps a fixed time.
 */
#ifndef VMDECK_TESTS_TUI_HARNESS_H
#define VMDECK_TESTS_TUI_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct tui;

/* Start argv[0] with argv under a pty of rows x cols, TERM=xterm-256color
 * and a UTF-8 locale; env adds or overrides NAME=VALUE entries (NULL-ended,
 * may be NULL). Never NULL. */
struct tui *tui_spawn(const char *const *argv, const char *const *env,
    int rows, int cols);
/* Read what the program wrote, waiting at most timeout_ms for the first
 * byte. Returns false once the pty is closed. */
bool tui_pump(struct tui *t, int timeout_ms);
/* Text of row r (UTF-8, trailing blanks kept) into buf. Returns buf. */
char *tui_row(struct tui *t, int r, char *buf, size_t len);
/* The row number whose text contains s, or -1. */
int tui_find(struct tui *t, const char *s);
/* Wait until some row contains s. */
bool tui_wait_text(struct tui *t, const char *s, int timeout_ms);
/* Pump until pred(t, a, b) holds (true) or timeout_ms pass (false). */
bool tui_until(struct tui *t, bool (*pred)(struct tui *, const void *,
    const void *), const void *a, const void *b, int timeout_ms);
/* Wait until one row contains both a and b. */
bool tui_wait_row_has(struct tui *t, const char *a, const char *b,
    int timeout_ms);
/* Wait until no row contains s. */
bool tui_wait_gone(struct tui *t, const char *s, int timeout_ms);
/* Type keys (bytes, as a terminal sends them). */
void tui_send(struct tui *t, const char *keys);
/* Resize the terminal (the program gets SIGWINCH). */
void tui_resize(struct tui *t, int rows, int cols);
/* Wait for the program to exit; returns its exit status, or -1 on
 * timeout or a signal. */
int tui_wait_exit(struct tui *t, int timeout_ms);
/* Whether the screen is the alternate one, and the cursor visible. */
bool tui_altscreen(const struct tui *t);
bool tui_cursor_visible(const struct tui *t);
/* Foreground colour index of the cell at (r, c); -1 for the default. */
int tui_fg(struct tui *t, int r, int c);
/* How many bytes the program has written so far. */
uint64_t tui_bytes(const struct tui *t);
/* Whether it has written a sixel image (ESC P … q). */
bool tui_saw_sixel(const struct tui *t);
/* The colours of the cell at r, c as 0xRRGGBB (the defaults as libvterm
 * has them), and its first character. */
void tui_cell(struct tui *t, int r, int c, uint32_t *fg, uint32_t *bg,
    uint32_t *ch);
/* In vmdeck's lists: P (the host's storage), down the pools until
 * pool's volumes show, then Tab to them. False when it does not get
 * there. */
bool tui_open_pool(struct tui *t, const char *pool);
/* Until a row shows until (or fail, may be NULL) or max keys are sent:
 * ? opens vmdeck's help and Esc closes it, each key's time to the
 * screen's change in ms[] (room for max). Returns how many were timed. */
int tui_time_help_keys(struct tui *t, const char *until, const char *fail,
    int max, int64_t *ms);
/* The program's process id. */
pid_t tui_pid(const struct tui *t);
/* Print the screen to stderr (for a failing test). */
void tui_dump(struct tui *t);
/* Kill the program if it still runs and free everything. */
void tui_free(struct tui *t);
/* tui_free every program not freed yet (a failed test's, from its
 * teardown). */
void tui_free_all(void);

#endif
