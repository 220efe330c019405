/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * edit — a domain's XML in the user's own editor ($VISUAL, $EDITOR, vi),
 * as virsh edit does, with one promise more: an edit libvirt refuses comes
 * back in the editor, same text, libvirt's reason on top, until it is
 * saved valid or emptied to discard it. UI thread; curses steps aside
 * while the editor runs.
 */
#ifndef VMDECK_UI_EDIT_H
#define VMDECK_UI_EDIT_H

struct app;

/* Edit xml of VM name (uuid) on host; error, when not NULL, is why the
 * last try was refused. Submits the result, or says it was discarded. */
void edit_xml(struct app *app, int host, const char *uuid, const char *name,
    const char *xml, const char *error);

#endif
