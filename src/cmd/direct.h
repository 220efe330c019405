/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * direct — `vmdeck console NAME`: the current terminal attached straight
 * to a VM's serial console, in raw mode, like virsh console. The escape
 * byte (default Ctrl-]) or F12 detaches; the terminal is restored on every
 * way out, signals included. Runs libvirt's event loop on this thread.
 */
#ifndef VMDECK_CMD_DIRECT_H
#define VMDECK_CMD_DIRECT_H

#include <stdbool.h>
#include <sys/types.h>

/* Attach to the console of VM name on uri. escape is the byte that
 * detaches (29 for Ctrl-]). Returns the exit status: 0 after detaching or
 * when the console ended, 1 when it could not open (said on stderr). */
int console_direct(const char *uri, const char *name, bool force,
    int escape);

/* The byte a key name ("^]", "^A") sends, or -1 for names that are no
 * single control byte. */
int console_escape_byte(const char *keyname);

/* Where in the n bytes typed the user asks to detach: the escape byte or
 * F12's sequence. Returns its offset, or -1. */
ssize_t console_escape_find(const char *buf, size_t n, int escape);

#endif
