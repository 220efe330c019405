/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"
#include "../config/inifile.h"
#include "../config/shipped.h"

struct parse_ctx {
	struct template *t;
	struct diags *d;
	size_t errors;
};

static void
template_handler(void *user, const char *section, const char *name,
    const char *value, const char *file, int line)
{
	struct parse_ctx *p = user;
	const char *why = NULL;

	if (strcmp(section, "template") == 0 && strcmp(name, "name") == 0) {
		if (!vmspec_name_ok(value)) {
			diag_add(p->d, file, line, "name: '%s' is not a valid "
			    "template name", value);
			p->errors++;
			return;
		}
		free(p->t->name);
		p->t->name = xstrdup(value);
		return;
	}
	if (strcmp(section, "template") == 0 &&
	    strcmp(name, "description") == 0) {
		free(p->t->description);
		p->t->description = xstrdup(value);
		return;
	}
	if (vmspec_set(&p->t->spec, section, name, value, &why) < 0) {
		diag_add(p->d, file, line, "[%s] %s = %s: %s", section, name,
		    value, why);
		p->errors++;
	}
}

int
template_parse(struct template *t, const char *name, const char *file,
    const char *buf, size_t len, struct diags *d)
{
	struct parse_ctx p = { .t = t, .d = d };
	size_t before = d->n;

	memset(t, 0, sizeof *t);
	t->name = xstrdup(name);
	t->file = xstrdup(file);
	vmspec_init(&t->spec);
	if (inifile_parse(file, buf, len, template_handler, &p, d) < 0 ||
	    p.errors > 0 || d->n > before) {
		template_free(t);
		return -1;
	}
	t->spec.given = 0;	/* the template's values are no user's */
	for (size_t i = 0; i < t->spec.ndisks; i++) {
		const struct vmspec_disk *k = &t->spec.disks[i];

		if (k->source == VMSPEC_SOURCE_EMPTY && k->size == 0) {
			diag_add(d, file, 0, "disk %zu is new and empty but has "
			    "no size", i + 1);
			template_free(t);
			return -1;
		}
	}
	return 0;
}

void
template_free(struct template *t)
{
	free(t->name);
	free(t->description);
	free(t->file);
	vmspec_free(&t->spec);
	memset(t, 0, sizeof *t);
}

const struct template *
template_set_find(const struct template_set *set, const char *name)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->t[i].name, name) == 0)
			return &set->t[i];
	return NULL;
}

static void
template_set_put(struct template_set *set, struct template *t)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->t[i].name, t->name) == 0) {
			template_free(&set->t[i]);
			set->t[i] = *t;
			return;
		}
	set->t = xreallocarray(set->t, set->n + 1, sizeof *set->t);
	set->t[set->n++] = *t;
}

/* inifile_each: one user template file */
static void
template_file(void *user, const char *stem, const char *path,
    const char *text, size_t len, struct diags *d)
{
	struct template t;

	if (template_parse(&t, stem, path, text, len, d) == 0)
		template_set_put(user, &t);
}

void
template_set_load(struct template_set *set, const char *const *dirs,
    struct diags *d)
{
	memset(set, 0, sizeof *set);
	for (size_t i = 0; i < shipped_templates_count; i++) {
		struct template t;
		char *file = xasprintf("templates/%s.ini",
		    shipped_templates[i].name);

		if (template_parse(&t, shipped_templates[i].name, file,
		    shipped_templates[i].text,
		    strlen(shipped_templates[i].text), d) == 0)
			template_set_put(set, &t);
		free(file);
	}
	for (size_t i = 0; dirs != NULL && dirs[i] != NULL; i++)
		inifile_each(dirs[i], template_file, set, d);
}

void
template_set_free(struct template_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		template_free(&set->t[i]);
	free(set->t);
	memset(set, 0, sizeof *set);
}
