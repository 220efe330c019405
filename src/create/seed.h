/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * seed — the cloud-init NoCloud seed for a new VM: an ISO 9660 image
 * labelled "cidata" holding user-data and meta-data, built here with
 * xorriso and uploaded into a storage pool as a volume (so it works for
 * remote hosts too), then attached as a CD-ROM.
 *
 * Without a user-data file, vmdeck writes one: a user named as you, with
 * passwordless sudo and your SSH public keys (the .pub files of ~/.ssh and
 * the agent's keys); with no key at all the caller warns first.
 */
#ifndef VMDECK_CREATE_SEED_H
#define VMDECK_CREATE_SEED_H

#include <stdbool.h>
#include <stddef.h>

#include <libvirt/libvirt.h>

#include "vmspec.h"

struct seed_keys {
	char **keys;		/* "type base64 comment" lines, owned */
	size_t n;
};

/* The public keys of ssh_dir's *.pub files and, when agent, of the SSH
 * agent (ssh-add -L), each once. Free with seed_keys_clear. */
void seed_keys_find(struct seed_keys *k, const char *ssh_dir, bool agent);
void seed_keys_clear(struct seed_keys *k);
/* The user-data vmdeck writes for user with keys (no
 * ssh_authorized_keys entry when there are none). Caller frees. */
char *seed_user_data(const char *user, const struct seed_keys *k);
/* The guest user's name: yours, or "vmdeck" for root. */
const char *seed_user(void);
/* $HOME/.ssh. Caller frees. */
char *seed_ssh_dir(void);

/* Build the seed ISO for s into a new file under dir, its user-data (when
 * s has none of its own) with keys (NULL: found here). Returns its path
 * (caller unlinks and frees), or NULL with *err set. */
char *seed_build(const struct vmspec *s, const struct seed_keys *keys,
    const char *dir, char **err);

/* Upload the file at iso into pool as a new raw volume called name.
 * Returns the volume (caller frees; delete it to undo), or NULL with *err
 * set. */
virStorageVolPtr seed_upload(virConnectPtr conn, const char *pool,
    const char *name, const char *iso, char **err);

#endif
