/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "filter.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/xalloc.h"

static const struct {
	const char *word;
	enum filter_key key;
} keys[] = {
	{ "name", FILTER_NAME }, { "state", FILTER_STATE },
	{ "tag", FILTER_TAG }, { "host", FILTER_HOST }, { "ip", FILTER_IP },
};

void
filter_clear(struct filter *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->t[i].value);
	free(f->t);
	memset(f, 0, sizeof *f);
}

int
filter_parse(const char *text, struct filter *f, char **err)
{
	const char *p = text ? text : "";

	memset(f, 0, sizeof *f);
	for (;;) {
		const char *start, *sep;
		size_t len;
		struct filter_term t = { FILTER_WORD, NULL };

		p += strspn(p, " \t");
		if (*p == '\0')
			return 0;
		start = p;
		len = strcspn(p, " \t");
		p += len;
		sep = memchr(start, ':', len);
		if (sep == NULL)
			sep = memchr(start, '=', len);
		if (sep != NULL) {
			size_t k, klen = (size_t)(sep - start);

			for (k = 0; k < sizeof keys / sizeof *keys; k++)
				if (strlen(keys[k].word) == klen &&
				    strncasecmp(keys[k].word, start, klen) == 0)
					break;
			if (k == sizeof keys / sizeof *keys) {
				*err = xasprintf("filter: column %zu: '%.*s' is not "
				    "one of name, state, tag, host, ip (then ':' "
				    "and a value)", (size_t)(start - text) + 1,
				    (int)klen, start);
				filter_clear(f);
				return -1;
			}
			t.key = keys[k].key;
			t.value = xasprintf("%.*s", (int)(len - klen - 1), sep + 1);
		} else
			t.value = xasprintf("%.*s", (int)len, start);
		f->wants_tags |= t.key == FILTER_TAG;
		f->wants_ip |= t.key == FILTER_IP;
		f->t = xreallocarray(f->t, f->n + 1, sizeof *f->t);
		f->t[f->n++] = t;
	}
}

/* Whether the VM's state answers to word: the start of its name, with
 * "off" for "shut off" and "saved" for a saved one. */
static bool
state_is(const struct domain_info *d, const char *word)
{
	const char *name = domain_state_label(d);
	size_t len = strlen(word);

	if (strncasecmp(name, word, len) == 0)
		return true;
	if (d->state == DOMAIN_STATE_SHUTOFF &&
	    (strcasecmp(word, "off") == 0 || strcasecmp(word, "shutoff") == 0))
		return true;
	return false;
}

/* Whether the comma-joined list has tag. */
static bool
has_tag(const char *list, const char *tag)
{
	size_t len = strlen(tag);

	for (const char *p = list; *p != '\0'; ) {
		size_t n = strcspn(p, ",");

		if (n == len && strncmp(p, tag, len) == 0)
			return true;
		p += n + (p[n] == ',');
	}
	return false;
}

static bool
term_match(const struct filter *f, const struct filter_term *t,
    const struct domain_info *d, const char *host)
{
	const char *v = t->value;

	if (*v == '\0')
		return true;
	switch (t->key) {
	case FILTER_WORD:
		return (d->name != NULL && strcasestr(d->name, v) != NULL) ||
		    (f->words_match_host && host != NULL &&
		    strcasestr(host, v) != NULL);
	case FILTER_NAME:
		if (strpbrk(v, "*?[") != NULL)
			return d->name != NULL && fnmatch(v, d->name, 0) == 0;
		return d->name != NULL && strcasestr(d->name, v) != NULL;
	case FILTER_STATE:
		return state_is(d, v);
	case FILTER_TAG:
		return has_tag(d->tags, v);
	case FILTER_HOST:
		return host != NULL && strcasestr(host, v) != NULL;
	case FILTER_IP:
		return strncmp(d->ip, v, strlen(v)) == 0;
	}
	return false;
}

bool
filter_match(const struct filter *f, const struct domain_info *d,
    const char *host)
{
	for (size_t i = 0; i < f->n; i++)
		if (!term_match(f, &f->t[i], d, host))
			return false;
	return true;
}
