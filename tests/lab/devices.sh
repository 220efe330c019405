# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by tests/lab/run.sh (its ok, bad, URI, VMDECK, kernel), or run
# alone: VMDECK_BIN=build/vmdeck sh tests/lab/devices.sh
# Guest addresses and live devices on a running tiny-linux guest (TCG):
# its NIC on the default NAT network gets a DHCP lease (busybox's udhcpc)
# that vmdeck addr and the VM list's IP column show; a disk hot-plugged
# with vmdeck edit appears in the guest's /sys/block with its size and goes
# again when detached (its file kept); an ISO put in the CD-ROM drive the
# VM lacked (a SCSI drive, added live) is mounted in the guest and its
# file read, then changed for another ISO (the drive plugged in again:
# libvirt 9.0 cannot open the tray of a drive added live); after a
# restart the drive's tray is opened for a change and an eject.

if [ -z "${URI:-}" ]; then
	. "$(cd "$(dirname "$0")" && pwd)/alone.sh"
	dev_alone=1
fi
here=${here:-$(cd "$(dirname "$0")" && pwd)}
. "$here/guest.sh"
DEV=vmdeck-lab-dev
DIMG=/var/lib/libvirt/images

dev_pty() {
	lab_pty "$DEV"
}
dev_sh() {
	lab_sh "$DEV" "$1"
}
dev_gone() {
	virsh -q -c "$URI" destroy "$DEV" >/dev/null 2>&1
	virsh -q -c "$URI" undefine "$DEV" >/dev/null 2>&1
	rm -f "$DIMG/$DEV"-*
}
# dev_until SECONDS COMMAND PATTERN: the guest's answer to COMMAND,
# asked every second until it matches PATTERN (grep -E) or time is up
dev_until() {
	n=0
	while :; do
		a=$(dev_sh "$2")
		echo "$a" | grep -qE "$3" && { echo "$a"; return 0; }
		n=$((n + 1))
		[ "$n" -ge "$1" ] && { echo "$a"; return 1; }
		sleep 1
	done
}

devices_lab() {
	if ! command -v xorriso >/dev/null; then
		echo "lab: SKIPPED: devices: xorriso is not installed (for the ISOs)"
		skipped=$((skipped + 1))
		return
	fi
	dev_gone
	"$VMDECK" host-setup -c "$URI" >/dev/null 2>&1
	"$VMDECK" net start default -c "$URI" >/dev/null 2>&1
	if ! VMDECK_TINY_KERNEL="$kernel" "$VMDECK" create -t tiny-linux \
	    -n "$DEV" --set nic.network=default --start -c "$URI" >/dev/null 2>&1 ||
	    ! timeout 60 sh -c "grep -m 1 -a 'vmdeck tiny-linux: ready' < $(dev_pty)" >/dev/null; then
		bad "devices: the tiny-linux VM with a NIC did not boot"
		dev_gone
		return
	fi

	# the guest's address: its DHCP lease, read by vmdeck addr
	n=0 addr=""
	while [ "$n" -lt 90 ]; do
		addr=$("$VMDECK" addr "$DEV" -c "$URI" 2>&1)
		echo "$addr" | grep -q "libvirt's DHCP leases" && break
		n=$((n + 1))
		sleep 1
	done
	ip=$(echo "$addr" | sed -n 's/.* \([0-9]*\.[0-9]*\.[0-9]*\.[0-9]*\)\/[0-9]*.*/\1/p' | head -n 1)
	held=$(dev_sh "ip -4 addr show")
	if [ -n "$ip" ] && echo "$held" | grep -q "inet $ip/"; then
		ok "devices: the guest's NIC on 'default' gets a DHCP lease in ${n} s; vmdeck addr shows $ip from the leases, the guest holds it"
		if [ -x "${LAB_TUI:-}" ]; then
			if "$LAB_TUI" ipcol "$VMDECK" "$URI" "$DEV" "$ip"; then
				ok "devices: the VM list's IP column and the VM view show $ip"
			else
				bad "devices: the IP column (see above)"
			fi
		fi
	else
		bad "devices: no lease in 90 s: vmdeck addr says '$addr'; the guest: $held"
	fi

	# a disk hot-plugged, seen in the guest, detached again
	qemu-img create -q -f qcow2 "$DIMG/$DEV-hot.qcow2" 64M
	out=$("$VMDECK" edit "$DEV" --attach "$DIMG/$DEV-hot.qcow2" -c "$URI" 2>&1)
	tgt=$(echo "$out" | sed -n 's/.*disk \(vd[a-z]\) (.*/\1/p')
	seen=$(dev_until 30 "cat /sys/block/${tgt:-vdX}/size 2>/dev/null || echo none" '^131072$')
	seen_rc=$?
	if echo "$out" | grep -q "disk $tgt ($DIMG/$DEV-hot.qcow2) added: live and saved" &&
	    [ "$seen_rc" -eq 0 ] &&
	    virsh -q -c "$URI" dumpxml --inactive "$DEV" | grep -q "$DEV-hot.qcow2"; then
		ok "devices: a disk attached to the running guest: '$out'; the guest's /sys/block/$tgt has its 64 MiB; the definition has it too"
	else
		bad "devices: hot-plug: '$out'; the guest's $tgt size: $seen"
	fi
	out=$("$VMDECK" edit "$DEV" --detach "${tgt:-vdX}" -c "$URI" 2>&1)
	gone=$(dev_until 30 "ls /sys/block | grep -c '^$tgt\$'" '^0$')
	gone_rc=$?
	if [ "$gone_rc" -eq 0 ] &&
	    echo "$out" | grep -qE "disk $tgt removed: (live and saved|saved; the running guest was asked)" && [ -f "$DIMG/$DEV-hot.qcow2" ] &&
	    ! virsh -q -c "$URI" dumpxml --inactive "$DEV" | grep -q "$DEV-hot.qcow2"; then
		ok "devices: the disk detached live: '$out'; gone from the guest's /sys/block and the definition, its file kept"
	else
		bad "devices: detach: '$out'; the guest's /sys/block: $gone"
	fi

	# CD-ROM: a drive added live with an ISO, mounted; another ISO; eject
	iso=$(mktemp -d)
	mkdir -p "$iso/a" "$iso/b"
	echo "first disc" > "$iso/a/hello.txt"
	echo "second disc" > "$iso/b/hello.txt"
	xorriso -as mkisofs -quiet -V ONE -o "$DIMG/$DEV-one.iso" "$iso/a" 2>/dev/null
	xorriso -as mkisofs -quiet -V TWO -o "$DIMG/$DEV-two.iso" "$iso/b" 2>/dev/null
	rm -rf "$iso"
	# the guest's CD-ROM: its first sr device (a drive plugged in again
	# may come back as sr1)
	rd='sr=$(ls /dev/sr* 2>/dev/null | head -n 1); mount -t iso9660 -o ro "$sr" /mnt 2>&1 && { cat /mnt/hello.txt; umount /mnt; }'
	dev_sh "mkdir -p /mnt" >/dev/null
	out=$("$VMDECK" edit "$DEV" --cdrom "$DIMG/$DEV-one.iso" -c "$URI" 2>&1)
	read1=$(dev_until 30 "$rd" '^first disc$')
	rc1=$?
	if echo "$out" | grep -q "CD-ROM sda now holds $DIMG/$DEV-one.iso: live and saved" && [ "$rc1" -eq 0 ]; then
		ok "devices: an ISO for the VM without a CD-ROM drive: '$out'; the guest mounts it and reads 'first disc'"
	else
		bad "devices: CD-ROM in: '$out'; the guest read '$read1'"
	fi
	# a drive added while the VM runs: libvirt 9.0 cannot open its tray,
	# so vmdeck plugs it in again with the new ISO
	out=$("$VMDECK" edit "$DEV" --cdrom "$DIMG/$DEV-two.iso" -c "$URI" 2>&1)
	read2=$(dev_until 30 "$rd" '^second disc$')
	rc2=$?
	if echo "$out" | grep -q "now holds $DIMG/$DEV-two.iso: live (the drive plugged in again" && [ "$rc2" -eq 0 ]; then
		ok "devices: another ISO in the drive added live: '$out'; the guest reads 'second disc'"
	else
		bad "devices: CD-ROM change (drive added live): '$out'; the guest read '$read2'"
	fi
	# a drive the VM started with: its tray opened, media changed, ejected
	virsh -q -c "$URI" destroy "$DEV" >/dev/null 2>&1
	virsh -q -c "$URI" start "$DEV" >/dev/null 2>&1
	timeout 60 sh -c "grep -m 1 -a 'vmdeck tiny-linux: ready' < $(dev_pty)" >/dev/null
	dev_sh "mkdir -p /mnt" >/dev/null
	out=$("$VMDECK" edit "$DEV" --cdrom "$DIMG/$DEV-one.iso" -c "$URI" 2>&1)
	read3=$(dev_until 30 "$rd" '^first disc$')
	rc3=$?
	out2=$("$VMDECK" edit "$DEV" --eject -c "$URI" 2>&1)
	read4=$(dev_until 30 "$rd" 'No medium|no medium|failed|Invalid')
	rc4=$?
	if echo "$out" | grep -q "now holds $DIMG/$DEV-one.iso: live and saved" && [ "$rc3" -eq 0 ] &&
	    echo "$out2" | grep -q "CD-ROM sda ejected: live and saved" && [ "$rc4" -eq 0 ] &&
	    ! virsh -q -c "$URI" dumpxml "$DEV" | grep -q "$DEV-one.iso" &&
	    ! virsh -q -c "$URI" dumpxml --inactive "$DEV" | grep -q "$DEV-one.iso"; then
		ok "devices: the drive the VM started with: media changed live (the guest reads 'first disc'), then ejected (the guest finds no medium)"
	else
		bad "devices: CD-ROM change/eject: '$out' / '$out2'; the guest read '$read3', then '$read4'"
	fi
	dev_gone
}

devices_lab
if [ -n "${dev_alone:-}" ]; then
	echo "lab: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
fi
