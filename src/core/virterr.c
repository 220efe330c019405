/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "virterr.h"

#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../util/fmt.h"
#include "../util/xalloc.h"

static void
virterr_silent(void *opaque, virErrorPtr err)
{
	(void)opaque;
	(void)err;
}

void
virterr_install(void)
{
	virSetErrorFunc(NULL, virterr_silent);
}

char *
virterr_take(void)
{
	virErrorPtr err = virGetLastError();
	char *msg;

	char *one;
	size_t n = 0;

	if (err == NULL || err->message == NULL)
		return xstrdup("unknown error");
	/* QEMU's multi-line errors (CR LF between, one at the end) on one
	 * line: "; " between the lines, nothing after the last */
	one = xcalloc(2 * strlen(err->message) + 1, 1);
	for (const char *p = err->message; *p != '\0'; ) {
		if (*p == '\r' || *p == '\n') {
			p += strspn(p, "\r\n");
			if (*p != '\0' && n > 0) {
				one[n++] = ';';
				one[n++] = ' ';
			}
			continue;
		}
		one[n++] = *p++;
	}
	while (n > 0 && one[n - 1] == ' ')
		n--;
	one[n] = '\0';
	/* the server's words: written out where they hold controls */
	msg = fmt_sanitize(one, true);
	free(one);
	virResetLastError();
	return msg;
}

bool
virterr_is_no_domain(void)
{
	virErrorPtr err = virGetLastError();

	return err != NULL && err->code == VIR_ERR_NO_DOMAIN;
}
