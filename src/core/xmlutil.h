/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * xmlutil — the few libxml2 steps every XML-editing module repeats:
 * reading text without touching the network or printing, finding a child
 * element, and writing a document back out as text.
 */
#ifndef VMDECK_CORE_XMLUTIL_H
#define VMDECK_CORE_XMLUTIL_H

#include <libxml/tree.h>

/* Parse xml quietly (no network, no messages); NULL when malformed. */
xmlDocPtr xmlutil_parse(const char *xml);
/* The first child element of n called name, or NULL (n may be NULL). */
xmlNodePtr xmlutil_child(xmlNodePtr n, const char *name);
/* Attribute name of n as a string of ours (caller frees); NULL when n is
 * NULL or has no such attribute. */
char *xmlutil_prop(xmlNodePtr n, const char *name);
/* A new child element of parent called name, with text (may be NULL). */
xmlNodePtr xmlutil_add(xmlNodePtr parent, const char *name,
    const char *text);
/* Set attribute name of n to value. */
void xmlutil_set(xmlNodePtr n, const char *name, const char *value);
/* In the XML text xml, the root's child a, its child b: the value of its
 * attribute attr, or its text when attr is NULL. NULL when absent or
 * empty. Caller frees. */
char *xmlutil_leaf(const char *xml, const char *a, const char *b,
    const char *attr);
/* Where libxml2's own messages go (it prints them to stderr, over the
 * full-screen view: a bad test:// file's "I/O warning …"): every line,
 * sanitized, to say(), from this thread and every thread started after.
 * NULL: stderr, sanitized, as "vmdeck: libxml2: …". */
void xmlutil_route_errors(void (*say)(const char *line));
/* Initialise libxml2 once, from the main thread before any other uses
 * it: its first-use setup is not thread-safe (two hosts' workers parsing
 * at once leaked one of its mutexes). */
void xmlutil_init(void);
/* doc as indented text; frees doc. Caller frees the string. */
char *xmlutil_dump(xmlDocPtr doc);

#endif
