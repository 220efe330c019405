/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * tags — a VM's tags, kept in the domain's own metadata (an element
 * <tags><tag>web</tag>…</tags> in vmdeck's namespace, urn:vmdeck:tags:1),
 * so they travel with the VM and every client of the host sees them.
 *
 * tags_parse / tags_xml turn that element into a set and back (pure);
 * tags_edit applies "+web -old db" words to a set; tags_get / tags_set
 * read and write a domain's (live and persistent, as it has them).
 */
#ifndef VMDECK_CORE_TAGS_H
#define VMDECK_CORE_TAGS_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#define TAGS_NS_URI "urn:vmdeck:tags:1"
#define TAGS_NS_PREFIX "vmdeck"

struct tags {
	char **t;			/* sorted, no two alike; owned */
	size_t n;
};

/* Whether text can be a tag: 1 to 64 bytes of UTF-8, no white space, no
 * control character, no ',' (the lists join tags with it). False with
 * *why otherwise. */
bool tags_valid(const char *text, const char **why);
/* The set in the metadata element xml (NULL or "": none). Returns 0, or
 * -1 with *err (caller frees) when it is not a <tags> element. */
int tags_parse(const char *xml, struct tags *s, char **err);
/* The metadata element for s (caller frees). */
char *tags_xml(const struct tags *s);
/* Apply words to s: "+web" or "web" adds, "-old" removes. Returns 0, or
 * -1 with *err naming the word that is not a tag (s unchanged then). */
int tags_edit(struct tags *s, const char *const *words, size_t n,
    char **err);
/* s as "db,web" (caller frees; "" when empty). */
char *tags_join(const struct tags *s);
bool tags_has(const struct tags *s, const char *tag);
void tags_clear(struct tags *s);

/* A domain's tags (none when it has no such metadata). Returns 0, or -1
 * with *err and libvirt's reason. */
int tags_get(virDomainPtr dom, struct tags *s, char **err);
/* Write s as the domain's tags, to its persistent definition and, when it
 * runs, live; an empty set removes the element. Returns 0, or -1 with
 * *err and libvirt's reason. */
int tags_set(virDomainPtr dom, const struct tags *s, char **err);

#endif
