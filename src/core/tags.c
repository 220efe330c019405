/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "tags.h"

#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>
#include <libxml/tree.h>

#include "virterr.h"
#include "xmlutil.h"
#include "../util/xalloc.h"

bool
tags_valid(const char *text, const char **why)
{
	size_t len = strlen(text);

	if (len == 0)
		return *why = "it is empty", false;
	if (len > 64)
		return *why = "it is longer than 64 bytes", false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p <= ' ' || *p == 0x7f)
			return *why = "it holds a space or a control character",
			    false;
		if (*p == ',')
			return *why = "it holds a ','", false;
	}
	if (!xmlCheckUTF8((const xmlChar *)text))
		return *why = "it is not UTF-8", false;
	return true;
}

static int
tag_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool
tags_has(const struct tags *s, const char *tag)
{
	return s->n > 0 && bsearch(&tag, s->t, s->n, sizeof *s->t, tag_cmp) !=
	    NULL;
}

/* Add tag (copied) unless s has it. */
static void
tags_add(struct tags *s, const char *tag)
{
	if (tags_has(s, tag))
		return;
	s->t = xreallocarray(s->t, s->n + 1, sizeof *s->t);
	s->t[s->n++] = xstrdup(tag);
	qsort(s->t, s->n, sizeof *s->t, tag_cmp);
}

static void
tags_remove(struct tags *s, const char *tag)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->t[i], tag) == 0) {
			free(s->t[i]);
			memmove(&s->t[i], &s->t[i + 1], (s->n - i - 1) *
			    sizeof *s->t);
			s->n--;
			return;
		}
}

void
tags_clear(struct tags *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->t[i]);
	free(s->t);
	s->t = NULL;
	s->n = 0;
}

int
tags_parse(const char *xml, struct tags *s, char **err)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	const char *why;

	memset(s, 0, sizeof *s);
	if (xml == NULL || *xml == '\0')
		return 0;
	doc = xmlutil_parse(xml);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (root == NULL || xmlStrcmp(root->name, BAD_CAST "tags") != 0) {
		*err = xstrdup("The VM's vmdeck metadata is not a <tags> element.");
		xmlFreeDoc(doc);
		return -1;
	}
	for (xmlNodePtr c = root->children; c != NULL; c = c->next) {
		xmlChar *t;

		if (c->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(c->name, BAD_CAST "tag") != 0)
			continue;
		/* one another client wrote badly is left out, not fatal */
		t = xmlNodeGetContent(c);
		if (t != NULL && tags_valid((const char *)t, &why))
			tags_add(s, (const char *)t);
		xmlFree(t);
	}
	xmlFreeDoc(doc);
	return 0;
}

char *
tags_xml(const struct tags *s)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "tags");
	xmlBufferPtr b = xmlBufferCreate();
	char *x;

	xmlDocSetRootElement(doc, root);
	for (size_t i = 0; i < s->n; i++)
		/* xmlNewTextChild escapes what XML holds special */
		xmlNewTextChild(root, NULL, BAD_CAST "tag", BAD_CAST s->t[i]);
	xmlNodeDump(b, doc, root, 0, 0);
	x = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	xmlFreeDoc(doc);
	return x;
}

int
tags_edit(struct tags *s, const char *const *words, size_t n, char **err)
{
	const char *why;

	for (size_t i = 0; i < n; i++) {
		const char *t = words[i] + (words[i][0] == '+' ||
		    words[i][0] == '-');

		if (!tags_valid(t, &why)) {
			*err = xasprintf("'%s' is not a tag: %s.", words[i], why);
			return -1;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (words[i][0] == '-')
			tags_remove(s, words[i] + 1);
		else
			tags_add(s, words[i] + (words[i][0] == '+'));
	}
	return 0;
}

char *
tags_join(const struct tags *s)
{
	size_t len = 1;
	char *out;

	for (size_t i = 0; i < s->n; i++)
		len += strlen(s->t[i]) + 1;
	out = xcalloc(1, len);
	for (size_t i = 0; i < s->n; i++) {
		if (i > 0)
			strcat(out, ",");
		strcat(out, s->t[i]);
	}
	return out;
}

int
tags_get(virDomainPtr dom, struct tags *s, char **err)
{
	char *xml = virDomainGetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT,
	    TAGS_NS_URI, VIR_DOMAIN_AFFECT_CURRENT);
	int rc;

	memset(s, 0, sizeof *s);
	if (xml == NULL) {
		virErrorPtr e = virGetLastError();

		if (e != NULL && e->code == VIR_ERR_NO_DOMAIN_METADATA) {
			virResetLastError();
			return 0;
		}
		char *why = virterr_take();

		*err = xasprintf("Could not read the tags of VM '%s': %s",
		    virDomainGetName(dom), why);
		free(why);
		return -1;
	}
	rc = tags_parse(xml, s, err);
	free(xml);
	return rc;
}

int
tags_set(virDomainPtr dom, const struct tags *s, char **err)
{
	unsigned flags = 0;
	char *xml = s->n ? tags_xml(s) : NULL;
	int rc;

	if (virDomainIsActive(dom) == 1)
		flags |= VIR_DOMAIN_AFFECT_LIVE;
	if (virDomainIsPersistent(dom) == 1)
		flags |= VIR_DOMAIN_AFFECT_CONFIG;
	virResetLastError();
	rc = virDomainSetMetadata(dom, VIR_DOMAIN_METADATA_ELEMENT, xml,
	    s->n ? TAGS_NS_PREFIX : NULL, TAGS_NS_URI, flags);
	free(xml);
	if (rc < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not set the tags of VM '%s': %s",
		    virDomainGetName(dom), why);
		free(why);
		return -1;
	}
	return 0;
}
