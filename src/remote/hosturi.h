/*
 * hosturi — the libvirt URI for a host of the hosts file.
 *
 * A host with "uri" uses it as it is. A host with "ssh" becomes
 *   qemu+ssh://[user@]DEST[:port]/system?no_tty=1[&keyfile=…]
 * for the user's own ssh, which reads ~/.ssh/config itself (so an alias
 * stays an alias), and no_tty=1 makes it run in batch mode: no password
 * prompt can appear behind the screen; or
 *   qemu+libssh://[user@]HOST[:port]/system?known_hosts=…[&keyfile=…]
 * for libvirt's libssh transport, with the alias resolved from
 * ~/.ssh/config here (HostName, User, Port, IdentityFile,
 * UserKnownHostsFile), the hosts file's own values first.
 */
#ifndef VMDECK_REMOTE_HOSTURI_H
#define VMDECK_REMOTE_HOSTURI_H

#include "../model/hostsfile.h"
#include "sshconfig.h"

/* The URI of h; cfg is what ~/.ssh/config says of h->ssh (may be NULL);
 * home is for the default known_hosts. Caller frees. */
char *hosturi_build(const struct hostdef *h, const struct sshconfig_host *cfg,
    const char *home);
/* The URI of h with ~/.ssh/config (under $HOME) read for its alias.
 * Caller frees. */
char *hosturi_for(const struct hostdef *h);
/* s with what a URI cannot hold as it is %-escaped (keep: the characters
 * also left as they are). Caller frees. */
char *hosturi_escape(const char *s, const char *keep);

#endif
