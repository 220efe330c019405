/*
 * seed — the cloud-init NoCloud seed for a new VM: an ISO 9660 image
 * labelled "cidata" holding user-data and meta-data, built here with
 * xorriso and uploaded into a storage pool as a volume (so it works for
 * remote hosts too), then attached as a CD-ROM.
 *
 * Without a user-data file, vmdeck writes one: a user named as you, with
 * passwordless sudo and your SSH public keys (the .pub files of ~/.ssh).
 */
#ifndef VMDECK_MODEL_SEED_H
#define VMDECK_MODEL_SEED_H

#include <libvirt/libvirt.h>

#include "vmspec.h"

/* The user-data vmdeck writes for user with the public keys found in
 * ssh_dir. Caller frees. */
char *seed_user_data(const char *user, const char *ssh_dir);

/* Build the seed ISO for s into a new file under dir. Returns its path
 * (caller unlinks and frees), or NULL with *err set. */
char *seed_build(const struct vmspec *s, const char *dir, char **err);

/* Upload the file at iso into pool as a new raw volume called name.
 * Returns the volume (caller frees; delete it to undo), or NULL with *err
 * set. */
virStorageVolPtr seed_upload(virConnectPtr conn, const char *pool,
    const char *name, const char *iso, char **err);

#endif
