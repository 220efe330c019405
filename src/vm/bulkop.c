/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "bulkop.h"

#include <stdlib.h>
#include <string.h>

#include "../core/domain.h"
#include "../core/tags.h"
#include "../core/virterr.h"
#include "../util/xalloc.h"
#include "snapshot.h"
#include "vmdelete.h"

struct bulkop *
bulkop_copy(const struct bulkop *op)
{
	struct bulkop *c = xcalloc(1, sizeof *c);

	c->kind = op->kind;
	c->nwords = op->nwords;
	c->words = xcalloc(op->nwords ? op->nwords : 1, sizeof *c->words);
	for (size_t i = 0; i < op->nwords; i++)
		c->words[i] = xstrdup(op->words[i]);
	c->snap_name = op->snap_name ? xstrdup(op->snap_name) : NULL;
	return c;
}

void
bulkop_free(struct bulkop *op)
{
	if (op == NULL)
		return;
	for (size_t i = 0; i < op->nwords; i++)
		free(op->words[i]);
	free(op->words);
	free(op->snap_name);
	free(op);
}

const char *
bulkop_verb(const struct bulkop *op, int action)
{
	switch (op->kind) {
	case BULKOP_TAG:
		return "tag";
	case BULKOP_UNDEFINE_STORAGE:
		return "delete with storage";
	case BULKOP_SNAPSHOT:
		return "snapshot";
	case BULKOP_ACTION:
		break;
	}
	return action >= 0 && action < DOMAIN_ACTION_COUNT ?
	    domain_action_verb((enum domain_action)action) : "act on";
}

/* The tag edit on dom: the new list in *msg. */
static int
bulkop_tag(virDomainPtr dom, const char *name, const struct bulkop *op,
    char **msg)
{
	struct tags s;
	char *list;

	if (tags_get(dom, &s, msg) < 0)
		return -1;
	if (tags_edit(&s, (const char *const *)op->words, op->nwords,
	    msg) < 0 || tags_set(dom, &s, msg) < 0) {
		tags_clear(&s);
		return -1;
	}
	list = tags_join(&s);
	*msg = s.n ? xasprintf("VM '%s': tags %s.", name, list) :
	    xasprintf("VM '%s' has no tags.", name);
	free(list);
	tags_clear(&s);
	return 0;
}

void
bulkop_run(virConnectPtr conn, const char *why, struct bulk *b, size_t i,
    const struct bulkop *op)
{
	struct bulk_row r;
	virDomainPtr dom;
	char *msg = NULL, *err = NULL;
	int rc = -1;

	bulk_row_get(b, i, &r);
	if (conn == NULL) {
		msg = xasprintf("VM '%s' was not reached: %s", r.name,
		    why ? why : "its host is not connected");
		bulk_set(b, i, BULK_FAILED, msg);
		free(msg);
		bulk_row_clear(&r);
		return;
	}
	bulk_set(b, i, BULK_RUNNING, NULL);
	dom = domain_lookup(conn, r.uuid[0] ? r.uuid : r.name, &err);
	if (dom == NULL) {
		msg = xasprintf("VM '%s' is gone from %s since it was chosen "
		    "(%s)", r.name, r.host_label, err);
		free(err);
		bulk_set(b, i, BULK_FAILED, msg);
		free(msg);
		bulk_row_clear(&r);
		return;
	}
	switch (op->kind) {
	case BULKOP_ACTION:
		rc = domain_action_run(dom, (enum domain_action)r.action, r.name,
		    &msg);
		if (rc == 0)
			msg = domain_action_done((enum domain_action)r.action,
			    r.name);
		break;
	case BULKOP_TAG:
		rc = bulkop_tag(dom, r.name, op, &msg);
		break;
	case BULKOP_SNAPSHOT: {
		struct snap_request rq = { op->snap_name, NULL, false, false };

		rc = snapshot_create(dom, &rq, &msg);
		break;
	}
	case BULKOP_UNDEFINE_STORAGE:
		rc = vmdelete_all(dom, r.name, &msg);
		break;
	}
	bulk_set(b, i, rc == 0 ? BULK_OK : BULK_FAILED, msg ? msg :
	    rc == 0 ? "done" : "failed");
	free(msg);
	virDomainFree(dom);
	bulk_row_clear(&r);
}
