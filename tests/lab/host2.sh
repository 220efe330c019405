#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# host2.sh up|down DIR — a second KVM host on this machine for the
# migration lab and bench/fleet: its own network namespace (10.231.0.2,
# a veth to the host's 10.231.0.1) and mount namespace (its own
# /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/cache/libvirt,
# /var/log/libvirt and the lab pool's directory, all empty), its own
# host_uuid, and an sshd on 10.231.0.2:22 in front of its libvirtd
# (root logs in with DIR/id; DIR/known_hosts knows its key).
#   up:   prints nothing on success; exit 1 with the reason on stderr
#   down: stops what up started and removes the namespace
# Needs root, iproute2's ip and util-linux's unshare.
set -u
cmd=${1:?usage: host2.sh up|down DIR}
dir=${2:?usage: host2.sh up|down DIR}
NS=vmdeck-lab2
POOLDIR=${HOST2_POOLDIR:-/var/lib/vmdeck-lab/migrate}

down() {
	if [ -f "$dir/ns.pid" ]; then
		# every process of the mount namespace: the daemons, their QEMUs
		for p in $(ip netns pids "$NS" 2>/dev/null); do
			kill "$p" 2>/dev/null
		done
		sleep 0.5
		for p in $(ip netns pids "$NS" 2>/dev/null); do
			kill -9 "$p" 2>/dev/null
		done
		rm -f "$dir/ns.pid"
	fi
	ip link del vmdlab0 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	return 0
}

if [ "$cmd" = down ]; then
	down
	exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "host2: needs root" >&2; exit 1; }
command -v ip >/dev/null || { echo "host2: no ip (iproute2)" >&2; exit 1; }
command -v unshare >/dev/null || { echo "host2: no unshare" >&2; exit 1; }
down
mkdir -p "$dir/etc/qemu" "$dir/etc/storage" "$POOLDIR" /run/sshd
ip netns add "$NS" || { echo "host2: ip netns add failed" >&2; exit 1; }
ip link add vmdlab0 type veth peer name vmdlab1 &&
    ip link set vmdlab1 netns "$NS" &&
    ip addr add 10.231.0.1/24 dev vmdlab0 && ip link set vmdlab0 up &&
    ip netns exec "$NS" ip addr add 10.231.0.2/24 dev vmdlab1 &&
    ip netns exec "$NS" ip link set vmdlab1 up &&
    ip netns exec "$NS" ip link set lo up ||
    { echo "host2: the veth pair could not be made" >&2; down; exit 1; }

# its own configuration: another host UUID, no cgroups (the machine's
# cgroup tree is shared, and a VM keeps its name and may get the same id
# on both sides), TCG like the lab
cat > "$dir/etc/libvirtd.conf" <<CONF
host_uuid = "6d3c2222-0000-4000-8000-00000000beef"
unix_sock_group = "root"
CONF
cat > "$dir/etc/qemu.conf" <<CONF
cgroup_controllers = [ ]
migration_address = "10.231.0.2"
CONF
: > "$dir/etc/virtlogd.conf"
: > "$dir/etc/libvirt.conf"
rm -f "$dir/hostkey" "$dir/hostkey.pub" "$dir/id" "$dir/id.pub"
ssh-keygen -q -t ed25519 -N '' -C host2 -f "$dir/hostkey" </dev/null &&
    ssh-keygen -q -t ed25519 -N '' -C host2-user -f "$dir/id" </dev/null ||
    { echo "host2: ssh-keygen failed" >&2; down; exit 1; }
cp "$dir/id.pub" "$dir/authorized_keys"
cat > "$dir/sshd_config" <<CONF
Port 22
ListenAddress 10.231.0.2
HostKey $dir/hostkey
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel VERBOSE
MaxStartups 200
MaxSessions 200
CONF
echo "10.231.0.2 $(cut -d' ' -f1,2 "$dir/hostkey.pub")" > "$dir/known_hosts"
rm -f "$dir/sshd.pid" "$dir/sshd.log"

cat > "$dir/inside.sh" <<INSIDE
set -e
mount --make-rprivate /
# the boot files vmdeck makes (tiny-linux's initrd) are shared, as on
# hosts that mount them from one place
mkdir -p /var/lib/libvirt/boot "$dir/boot"
mount --bind /var/lib/libvirt/boot "$dir/boot"
for d in /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt $POOLDIR; do
	mkdir -p "\$d"
	mount -t tmpfs -o mode=0755 tmpfs "\$d"
done
mount --bind "$dir/etc" /etc/libvirt
# another host has its own root: this machine's shell start-up files
# (a pyenv hook in ~/.bashrc hung every ssh command here) stay out
for f in /root/.bashrc /root/.bash_profile /root/.profile; do
	if [ -f "\$f" ]; then mount --bind /dev/null "\$f"; fi
done
mkdir -p /var/lib/libvirt/images /var/lib/libvirt/qemu /var/cache/libvirt/qemu \
    /var/lib/libvirt/boot
mount --bind "$dir/boot" /var/lib/libvirt/boot
virtlogd -d -p "$dir/virtlogd.pid"
libvirtd -d -p "$dir/libvirtd.pid"
/usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
echo \$\$ > "$dir/ns.pid"
exec sleep 2147483647
INSIDE
ip netns exec "$NS" unshare -m --propagation private sh "$dir/inside.sh" \
    </dev/null >"$dir/inside.log" 2>&1 &
i=0
while [ $i -lt 100 ]; do
	[ -s "$dir/sshd.pid" ] && [ -s "$dir/ns.pid" ] &&
	    ip netns exec "$NS" nsenter -t "$(cat "$dir/ns.pid")" -m \
	    test -S /run/libvirt/libvirt-sock && break
	sleep 0.1
	i=$((i + 1))
done
if [ $i -ge 100 ]; then
	echo "host2: its libvirtd or sshd did not come up: $(cat "$dir/inside.log")" >&2
	down
	exit 1
fi
exit 0
