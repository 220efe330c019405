/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "devices.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "../core/xmlutil.h"
#include "../util/xalloc.h"

int
console_devices_parse(const char *xml, struct console_device **out)
{
	xmlDocPtr doc = xmlutil_parse(xml);
	xmlNodePtr devs;
	size_t n = 0, nserial = 0, nconsole = 0;

	*out = NULL;
	if (doc == NULL)
		return -1;
	devs = xmlutil_child(xmlDocGetRootElement(doc), "devices");
	for (xmlNodePtr c = devs ? devs->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		bool serial = xmlStrcmp(c->name, (const xmlChar *)"serial") == 0;
		if (!serial &&
		    xmlStrcmp(c->name, (const xmlChar *)"console") != 0)
			continue;
		/* without an alias (an inactive XML, the test driver), the
		 * name libvirt's QEMU driver gives: serialN, consoleN by
		 * position among their kind */
		size_t ordinal = serial ? nserial++ : nconsole++;
		xmlNodePtr target = xmlutil_child(c, "target");
		char *ttype = xmlutil_prop(target, "type");
		char *port = xmlutil_prop(target, "port");
		/* a <console> of target type serial mirrors a <serial> */
		if (!serial && (ttype == NULL || strcmp(ttype, "serial") == 0)) {
			free(ttype);
			free(port);
			continue;
		}
		char *alias = xmlutil_prop(xmlutil_child(c, "alias"), "name");
		if (alias == NULL)
			alias = xasprintf("%s%zu", serial ? "serial" : "console",
			    ordinal);
		struct console_device *d;

		*out = xreallocarray(*out, n + 1, sizeof **out);
		d = &(*out)[n++];
		d->alias = alias;
		d->label = xasprintf("%s (%s%s%s%s)", alias,
		    ttype ? ttype : (serial ? "serial" : "console"),
		    port ? ", port " : "", port ? port : "",
		    serial ? "" : ", console");
		free(ttype);
		free(port);
	}
	xmlFreeDoc(doc);
	return (int)n;
}

void
console_devices_free(struct console_device *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].alias);
		free(d[i].label);
	}
	free(d);
}
