/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * paths — file system steps several modules share.
 */
#ifndef VMDECK_UTIL_PATHS_H
#define VMDECK_UTIL_PATHS_H

/* Make every directory above the file at path (mode 0700), as mkdir -p
 * of its directory. Returns 0, or -1 with errno set. */
int paths_mkdir_parents(const char *path);

/* $VAR/vmdeck/sub when VAR (XDG_CONFIG_HOME, XDG_STATE_HOME …) is an
 * absolute path, else $HOME/FALLBACK/vmdeck/sub (sub may be ""). Caller
 * frees. */
char *paths_xdg(const char *var, const char *fallback, const char *sub);
/* $XDG_CACHE_HOME/vmdeck/sub (else ~/.cache/vmdeck/sub; sub may be "").
 * Caller frees. */
char *paths_cache(const char *sub);

#endif
