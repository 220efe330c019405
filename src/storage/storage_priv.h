/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * storage_priv — storage.c's readers of text, for the fuzz target and the
 * tests only: a volume's XML as libvirt writes it, and the record of
 * unfinished uploads.
 */
#ifndef VMDECK_STORAGE_STORAGE_PRIV_H
#define VMDECK_STORAGE_STORAGE_PRIV_H

#include "storage.h"

/* Path, format, capacity, allocation and backing file of a volume's XML
 * into v (its fields NULL or 0 where the XML lacks them). */
void storage_vol_from_xml(struct vol_info *v, const char *xml);
/* In the record's text (lines "URI TAB PATH TAB WHY"), the last why for
 * (uri, path), or NULL. Caller frees. */
char *storage_incomplete_in(const char *text, const char *uri,
    const char *path);

#endif
