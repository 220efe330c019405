/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"

bool
words_bool(const char *v, bool *out)
{
	if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") ||
	    !strcasecmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") ||
	    !strcasecmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return false;
	return true;
}

void
words_set(char **field, const char *value)
{
	free(*field);
	*field = *value ? xstrdup(value) : NULL;
}
