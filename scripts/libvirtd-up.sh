#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# libvirtd-up.sh VMDECK — make sure a local libvirtd answers on
# qemu:///system (asked with "VMDECK list", so no other client is needed).
# As root, starts virtlogd and libvirtd (daemonized) when none runs; as
# another user, says what it found and leaves things as they are.
# Exit 0 when the daemon answers, 1 when it does not.
set -u

vmdeck=${1:?usage: libvirtd-up.sh PATH-TO-VMDECK}
sock=/run/libvirt/libvirt-sock
answers() {
	[ -S "$sock" ] && timeout 10 "$vmdeck" list -c qemu:///system >/dev/null 2>&1
}

# Without udev, /dev/kvm stays root's (0600): QEMU cannot open it and
# libvirtd then probes QEMU again on every define (~44 s each). As root,
# give it what Debian's udev rule gives it: group kvm, mode 0660.
if [ "$(id -u)" -eq 0 ] && [ -c /dev/kvm ] && getent group kvm >/dev/null 2>&1; then
	chgrp kvm /dev/kvm 2>/dev/null && chmod 0660 /dev/kvm 2>/dev/null
fi
answers && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "vmdeck: no local libvirtd answers at $sock; start it (as root:" \
	     "virtlogd -d && libvirtd -d) or use -c URI" >&2
	exit 1
fi
if ! command -v libvirtd >/dev/null 2>&1; then
	echo "vmdeck: libvirtd is not installed (Debian package libvirt-daemon-system)" >&2
	exit 1
fi
mkdir -p /var/log/libvirt /var/run/libvirt /var/lib/libvirt
# A second instance exits at once on the pidfile lock, so starting without
# looking first is safe; one that is still going away when we look gets a
# successor on the next try.
start() {
	virtlogd -d >/dev/null 2>&1
	libvirtd -d >/dev/null 2>&1
}
start
i=0
while [ $i -lt 100 ]; do
	answers && exit 0
	i=$((i + 1))
	[ $((i % 30)) -eq 0 ] && start
	sleep 0.1
done
echo "vmdeck: started libvirtd, but $sock does not answer after 10 s" >&2
exit 1
