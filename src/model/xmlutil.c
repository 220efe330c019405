#include "xmlutil.h"

#include <string.h>

#include <libxml/parser.h>

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
