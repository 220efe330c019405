/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fmt.h"
#include "xalloc.h"

void
diag_add(struct diags *d, const char *file, int line, const char *fmt, ...)
{
	char *what, *msg;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) < 0)
		fatal("out of memory formatting a message");
	va_end(ap);
	if (line > 0)
		msg = xasprintf("%s:%d: %s", file, line, what);
	else
		msg = xasprintf("%s: %s", file, what);
	free(what);
	/* a file's bytes quoted in the message (ESC, bidi overrides) are
	 * written out, never sent to a terminal */
	what = fmt_sanitize(msg, false);
	free(msg);
	msg = what;
	d->msgs = xreallocarray(d->msgs, d->n + 1, sizeof *d->msgs);
	d->msgs[d->n++] = msg;
}

void
diag_append_all(struct diags *dst, const struct diags *src)
{
	dst->msgs = xreallocarray(dst->msgs, dst->n + src->n + 1,
	    sizeof *dst->msgs);
	for (size_t i = 0; i < src->n; i++)
		dst->msgs[dst->n++] = xstrdup(src->msgs[i]);
}

void
diag_clear(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->msgs[i]);
	free(d->msgs);
	d->msgs = NULL;
	d->n = 0;
}
