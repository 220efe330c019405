/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "xmlutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "../util/fmt.h"
#include "../util/xalloc.h"

xmlDocPtr
xmlutil_parse(const char *xml)
{
	return xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

xmlNodePtr
xmlutil_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(c->name, BAD_CAST name) == 0)
			return c;
	return NULL;
}

char *
xmlutil_prop(xmlNodePtr n, const char *name)
{
	xmlChar *v = n ? xmlGetProp(n, BAD_CAST name) : NULL;
	char *s = v ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

char *
xmlutil_dump(xmlDocPtr doc)
{
	xmlChar *out = NULL;
	int len = 0;
	char *res;

	xmlDocDumpFormatMemory(doc, &out, &len, 1);
	xmlFreeDoc(doc);
	res = xstrdup((const char *)out);
	xmlFree(out);
	return res;
}

xmlNodePtr
xmlutil_add(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
}

void
xmlutil_set(xmlNodePtr n, const char *name, const char *value)
{
	xmlSetProp(n, BAD_CAST name, BAD_CAST value);
}

char *
xmlutil_leaf(const char *xml, const char *a, const char *b, const char *attr)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlNodePtr n = doc ? xmlDocGetRootElement(doc) : NULL;
	xmlChar *v = NULL;
	char *r = NULL;

	n = xmlutil_child(xmlutil_child(n, a), b);
	if (n != NULL)
		v = attr ? xmlGetProp(n, BAD_CAST attr) : xmlNodeGetContent(n);
	if (v != NULL && *v != '\0')
		r = xstrdup((const char *)v);
	xmlFree(v);
	if (doc != NULL)
		xmlFreeDoc(doc);
	return r;
}

static void (*xmlutil_say)(const char *line);

/* libxml2 hands its messages over in pieces: a line at a time out. */
static void xmlutil_error(void *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
xmlutil_error(void *ctx, const char *fmt, ...)
{
	static _Thread_local char line[1024];
	static _Thread_local size_t len;
	char piece[1024], *nl, *p = piece;
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vsnprintf(piece, sizeof piece, fmt, ap);
	va_end(ap);
	while (*p != '\0') {
		nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (len + n >= sizeof line)
			n = sizeof line - 1 - len;
		memcpy(line + len, p, n);
		len += n;
		line[len] = '\0';
		if (nl == NULL)
			break;
		if (len > 0) {
			char *safe = fmt_sanitize(line, false);

			if (xmlutil_say != NULL)
				xmlutil_say(safe);
			else
				fprintf(stderr, "vmdeck: libxml2: %s\n", safe);
			free(safe);
		}
		len = 0;
		p = nl + 1;
	}
}

void
xmlutil_init(void)
{
	xmlInitParser();
}

void
xmlutil_route_errors(void (*say)(const char *line))
{
	xmlutil_say = say;
	xmlSetGenericErrorFunc(NULL, xmlutil_error);
	xmlThrDefSetGenericErrorFunc(NULL, xmlutil_error);
}
