/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * devices — which serial consoles a VM has, read from its live domain
 * XML: each <serial> and each <console> that is not the mirror of a
 * <serial> port (a <console> with target type "serial" is the same line
 * as serial port 0). The alias names what virDomainOpenConsole opens.
 */
#ifndef VMDECK_CONSOLE_DEVICES_H
#define VMDECK_CONSOLE_DEVICES_H

#include <stddef.h>

struct console_device {
	char *alias;		/* "serial0", "console1": virDomainOpenConsole's
				 * dev_name (where the XML has none, the name
				 * libvirt's QEMU driver would give) */
	char *label;		/* "serial0 (isa-serial, port 0)" for a chooser */
};

/* The consoles in xml, in document order, into *out (caller frees with
 * console_devices_free). Returns how many (0 for none), or -1 when the
 * XML cannot be read. */
int console_devices_parse(const char *xml, struct console_device **out);
/* Free n devices and the array. Accepts NULL. */
void console_devices_free(struct console_device *d, size_t n);

#endif
