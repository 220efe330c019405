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
