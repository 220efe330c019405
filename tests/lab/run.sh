#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Lab test: a real libvirtd and a tiny TCG guest (a Debian cloud kernel and
# a busybox initramfs) driven by vmdeck's headless commands on
# qemu:///system. Where the machine cannot (not root, no QEMU, no
# libvirtd, no kernel to be had) it says why and counts as skipped.
#
# Prints "lab: N passed, N failed, N skipped" last. Every wait has a
# deadline.
set -u

VMDECK=${VMDECK_BIN:-build/vmdeck}
CACHE=${VMDECK_LAB_CACHE:-/var/cache/vmdeck-tests}
URI=qemu:///system
NAME=vmdeck-lab0
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
passed=0 failed=0 skipped=0

# a program that crashes during the lab leaves its core in the working
# directory (core_pattern "core"): its stacks are printed at the end
ulimit -c unlimited 2>/dev/null
coredir=$(pwd)
summary() {
	for c in "$coredir"/core "$coredir"/core.[0-9]*; do
		[ -f "$c" ] || continue
		echo "lab: note: a core dump, $c:"
		timeout 60 gdb -batch -ex 'thread apply all bt' "$VMDECK" "$c" 2>/dev/null |
		    grep -E '^Core was|^Program term|^#|^Thread' | head -n 120
		rm -f "$c"
	done
	echo "lab: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit $?
}
skip() {
	echo "lab: SKIPPED: $*"
	skipped=$((skipped + 1))
	summary
}
ok() {
	echo "lab: ok: $*"
	passed=$((passed + 1))
}
bad() {
	echo "lab: FAILED: $*"
	failed=$((failed + 1))
}

[ "$(id -u)" -eq 0 ] || skip "needs root to run libvirtd and QEMU"
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 is not installed"
command -v libvirtd >/dev/null || skip "libvirtd is not installed"
[ -x /bin/busybox ] || skip "busybox-static is not installed"
command -v cpio >/dev/null || skip "cpio is not installed"
"$top/scripts/libvirtd-up.sh" "$VMDECK" || skip "libvirtd did not start"

# --- the guest: kernel from Debian's archive, initramfs built here -------
mkdir -p "$CACHE" || skip "cannot create $CACHE"
kernel=$(ls "$CACHE"/vmlinuz-* 2>/dev/null | head -n 1)
# the drivers tiny-linux's initramfs carries (src/create/tiny.c's list);
# a cache from before it kept them is filled again
TINY_MODULES="evdev button virtio virtio_ring virtio_pci_legacy_dev
virtio_pci_modern_dev virtio_pci virtio_blk failover net_failover virtio_net
scsi_common scsi_mod virtio_scsi sd_mod cdrom sr_mod isofs"
if [ -z "$kernel" ] || [ ! -f "$CACHE/modules/virtio_net.ko" ]; then
	pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null |
	    awk '/Depends: linux-image-/ { print $2; exit }')
	[ -n "$pkg" ] || { apt-get update -q >/dev/null 2>&1; pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }'); }
	[ -n "$pkg" ] || skip "no Debian cloud kernel package is known to apt"
	(cd "$CACHE" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
	    skip "could not download $pkg"
	rm -rf "$CACHE/x" "$CACHE"/vmlinuz-* "$CACHE/modules" "$CACHE"/modules-*
	dpkg-deb -x "$CACHE"/"$pkg"_*.deb "$CACHE/x" || skip "could not unpack $pkg"
	cp "$CACHE"/x/boot/vmlinuz-* "$CACHE"/
	mkdir -p "$CACHE/modules"
	for m in $TINY_MODULES; do
		find "$CACHE/x/lib/modules" -name "$m.ko" -exec cp {} "$CACHE/modules/" \;
	done
	rm -rf "$CACHE/x" "$CACHE"/*.deb
	kernel=$(ls "$CACHE"/vmlinuz-* | head -n 1)
fi
initrd="$CACHE/initrd.gz"
if [ ! -s "$initrd" ] || [ "$here/guest-init" -nt "$initrd" ]; then
	root=$(mktemp -d)
	mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys" "$root/lib"
	cp /bin/busybox "$root/bin/busybox"
	cp "$CACHE"/modules/*.ko "$root/lib/" 2>/dev/null
	cp "$here/guest-init" "$root/init"
	chmod 755 "$root/init"
	(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -9) > "$initrd.tmp" &&
	    mv "$initrd.tmp" "$initrd"
	rm -rf "$root"
fi
[ -s "$initrd" ] || skip "could not build the initramfs"
# tiny-linux finds a kernel's modules in modules-VERSION
# beside it (as it keeps the kernels it fetches)
kver=${kernel##*/vmlinuz-}
if [ ! -f "$CACHE/modules-$kver/virtio_net.ko" ] && [ -d "$CACHE/modules" ]; then
	mkdir -p "$CACHE/modules-$kver" && cp "$CACHE"/modules/*.ko "$CACHE/modules-$kver/"
fi
chmod 644 "$kernel" "$initrd"
chmod 755 "$CACHE"

log=/var/log/libvirt/qemu/$NAME-serial.log
cleanup() {
	for vm in "$NAME" "$NAME-c" "$NAME-vga" "$NAME-vnc" "$NAME-grub" vmdeck-lab-dev; do
		virsh -q -c "$URI" destroy "$vm" >/dev/null 2>&1
		virsh -q -c "$URI" undefine "$vm" >/dev/null 2>&1
	done
	# what create.sh may leave when interrupted
	virsh -q -c "$URI" destroy "$NAME-t" >/dev/null 2>&1
	"$VMDECK" undefine "$NAME-t" --storage -c "$URI" >/dev/null 2>&1
	rm -f /var/lib/libvirt/images/vmdeck-lab-*
	# what the remote hosts part may leave when interrupted
	rm -f /etc/ssh/ssh_config.d/vmdeck-lab.conf
	pkill -f 'sshd -f /tmp/vmdeck-lab-ssh' 2>/dev/null
	# the migration's second host (tests/lab/host2.sh)
	"$here/host2.sh" down /tmp/vmdeck-lab-host2 2>/dev/null
	for v in vmdeck-lab-mig1 vmdeck-lab-mig2 vmdeck-lab-mig3; do
		virsh -q -c "$URI" destroy "$v" >/dev/null 2>&1
		virsh -q -c "$URI" undefine "$v" >/dev/null 2>&1
	done
}
cleanup
rm -f "$log"
# lab_domain NAME CMDLINE EXTRA DEVICES: the lab guest's domain XML (the
# kernel and initramfs above, TCG), with EXTRA elements and DEVICES
lab_domain() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$kernel</kernel>
    <initrd>$initrd</initrd>
    <cmdline>$2</cmdline>
  </os>
  $3
  <devices>
    $4
    <memballoon model='none'/>
  </devices>
</domain>
XML
}
xml=$(mktemp)
lab_domain "$NAME" "console=ttyS0 panic=-1 vmdeck.busy" \
    "<features><acpi/></features><on_poweroff>destroy</on_poweroff>" \
    "<serial type='pty'><log file='$log' append='off'/><target port='0'/></serial>
    <console type='pty'><target type='serial' port='0'/></console>" > "$xml"
if ! out=$(virsh -q -c "$URI" define "$xml" 2>&1); then
	rm -f "$xml"
	skip "libvirt refused the lab guest: $out"
fi
rm -f "$xml"
trap cleanup EXIT
# virt-manager's defaults, before the first full-screen check (which would
# otherwise be asked about them); checked in create.sh
"$VMDECK" host-setup -c "$URI" >/dev/null 2>&1

# libvirtd 9.0 has been seen to segfault in its RPC thread during the
# console checks (kernel log: "rpc-libvirtd … segfault"); every later
# section would then fail for a reason not vmdeck's. Each section starts
# with this: a dead daemon is said (with the kernel's line) and started
# again.
ensure_libvirtd() {
	if ! timeout 10 virsh -q -c "$URI" uri >/dev/null 2>&1; then
		echo "lab: note: libvirtd is gone before '$1' (the kernel log's last word on it: $(dmesg 2>/dev/null | grep -a 'libvirtd' | tail -n 1)); starting it again"
		"$top/scripts/libvirtd-up.sh" "$VMDECK" ||
		    echo "lab: note: libvirtd did not come back"
	fi
	# the default pool and network running again (a restarted daemon,
	# or a section that took them down): otherwise the full-screen
	# checks are asked to set the host up, and a host whose worker waits
	# on that question does not notice its connection dying (lab-asan
	# flake: the remote TUI's keepalive check)
	"$VMDECK" host-setup -c "$URI" >/dev/null 2>&1
	return 0
}

# wait_for SECONDS COMMAND...: run COMMAND until it succeeds or time runs out
wait_for() {
	limit=$1
	shift
	end=$(( $(date +%s) + limit ))
	while [ "$(date +%s)" -lt "$end" ]; do
		"$@" && return 0
		sleep 0.2
	done
	"$@"
}
state_is() {
	"$VMDECK" list --json -c "$URI" 2>/dev/null |
	    grep "\"name\": \"$NAME\"" | grep -q "\"state\": \"$1\""
}
busy_in_top() {
	"$VMDECK" top --once --json -c "$URI" 2>/dev/null | grep "\"name\": \"$NAME\"" |
	    awk -F'"cpu_pct": ' '{ split($2, a, ","); cpu = a[1] }
		/"mem_used_kib": [0-9]/ && cpu + 0 > 50 { found = 1 }
		END { exit !found }'
}
booted() {
	grep -q "vmdeck-lab: ready" "$log" 2>/dev/null
}

# list: the defined guest shows, shut off
if "$VMDECK" list -c "$URI" | grep -q "$NAME .*shut off"; then
	ok "vmdeck list shows $NAME shut off"
else
	bad "vmdeck list does not show $NAME shut off"
fi

# start: exit 0, then running, then the guest's banner on its serial line;
# each step needs the one before, so a failure does not wait out the rest
if ! "$VMDECK" start "$NAME" -c "$URI"; then
	bad "vmdeck start $NAME"
elif ! wait_for 30 state_is running; then
	bad "$NAME did not reach running"
else
	ok "vmdeck start $NAME: running"
	t0=$(date +%s)
	if ! wait_for 180 booted; then
		bad "guest printed no banner in 180 s; serial log: $(tail -c 400 "$log" 2>/dev/null)"
	else
		ok "guest booted under TCG in $(( $(date +%s) - t0 )) s"
		# live figures: the busy loop shows in vmdeck top
		if wait_for 10 busy_in_top; then
			ok "vmdeck top --json: CPU above 50 % and memory known"
		else
			bad "vmdeck top --json never showed CPU above 50 % with memory: $("$VMDECK" top --once --json -c "$URI" 2>&1 | grep "$NAME")"
		fi
		# the full-screen view: figures, and a daemon that stops answering
		if [ -x "${LAB_TUI:-}" ]; then
			if "$LAB_TUI" "$VMDECK" "$URI" "$NAME" "$(pgrep -xo libvirtd)"; then
				ok "full-screen view: live CPU and stale marking"
			else
				bad "full-screen view checks (see above)"
			fi
		fi
		# shutdown: ACPI power button, the guest powers off
		if ! "$VMDECK" shutdown "$NAME" -c "$URI"; then
			bad "vmdeck shutdown $NAME"
		elif ! wait_for 60 state_is "shut off"; then
			bad "$NAME still not shut off 60 s after shutdown"
		else
			ok "vmdeck shutdown $NAME: shut off by ACPI"
		fi
	fi
fi

# the serial pty of domain $1 (libvirt gives it when the VM starts)
serial_pty() {
	virsh -q -c "$URI" dumpxml "$1" |
	    sed -n "s/.*<source path='\(\/dev\/pts\/[0-9]*\)'.*/\1/p" | head -n 1
}

# create from the tiny-linux template, started: its serial console shows
# the guest's banner (read straight from the pty libvirt gave the serial)
# (the template's own kernel = auto and initrd = busybox: this machine's
# /boot may be empty, so the Debian kernel above stands in for the host's)
create_boots() {
	VMDECK_TINY_KERNEL="$kernel" "$VMDECK" create -t tiny-linux \
	    -n "$NAME-c" -c "$URI" --set accel=tcg --start >/dev/null || return 1
	pty=$(serial_pty "$NAME-c")
	[ -n "$pty" ] || return 1
	timeout 60 sh -c "grep -m 1 -a 'vmdeck tiny-linux: ready' < $pty" >/dev/null
}
virsh -q -c "$URI" destroy "$NAME-c" >/dev/null 2>&1
virsh -q -c "$URI" undefine "$NAME-c" >/dev/null 2>&1
t0=$(date +%s)
if create_boots; then
	ok "vmdeck create -t tiny-linux -n … --start: its own initramfs, banner on the serial console in $(( $(date +%s) - t0 )) s"
	# the serial console, headless, on that guest's shell
	if [ -x "${LAB_TUI:-}" ]; then
		if "$LAB_TUI" tuiconsole "$VMDECK" "$URI" "$NAME-c"; then
			ok "TUI console: typing, top at two sizes, scrollback, :log, power off, reattach"
		else
			bad "TUI console checks (see above)"
		fi
		# the TUI console checks stop libvirtd (SIGSTOP) and go on
		ensure_libvirtd "vmdeck console"
		if "$LAB_TUI" console "$VMDECK" "$URI" "$NAME-c"; then
			ok "vmdeck console: round trip, busy, --force, end of stream"
		else
			bad "vmdeck console checks (see above)"
		fi
	fi
else
	bad "vmdeck create -t tiny-linux --start: no banner on the serial console within 60 s"
fi
ensure_libvirtd "tiny-linux shutdown"
# the tiny guest handles the ACPI power button: shutdown ends it
c_state_is() {
	[ "$(virsh -q -c "$URI" domstate "$NAME-c" 2>/dev/null)" = "$1" ]
}
c_ready() {
	[ -n "$pty" ] && timeout 60 sh -c "grep -m 1 -a 'vmdeck tiny-linux: ready' < $pty" >/dev/null
}
virsh -q -c "$URI" destroy "$NAME-c" >/dev/null 2>&1
if virsh -q -c "$URI" start "$NAME-c" >/dev/null 2>&1; then
	pty=$(serial_pty "$NAME-c")
	if ! c_ready; then
		bad "tiny-linux: no banner after a fresh start"
	elif "$VMDECK" shutdown "$NAME-c" -c "$URI" >/dev/null &&
	    wait_for 60 c_state_is "shut off"; then
		ok "tiny-linux: vmdeck shutdown ends the guest (its init powers off on the ACPI button)"
	else
		bad "tiny-linux: still $(virsh -q -c "$URI" domstate "$NAME-c") 60 s after vmdeck shutdown"
	fi
fi
virsh -q -c "$URI" destroy "$NAME-c" >/dev/null 2>&1
virsh -q -c "$URI" undefine "$NAME-c" >/dev/null 2>&1

ensure_libvirtd "create"
# a new user's first minutes, every template (tests/lab/create.sh)
. "$here/create.sh"

ensure_libvirtd "cloud-init"
# cloud-init: a VM from debian-12-cloud (an overlay on a small stand-in
# image in a pool of the lab's own) gets a "cidata" seed volume holding
# the user-data vmdeck wrote
LABPOOL=vmdeck-lab
LABDIR=/var/lib/vmdeck-lab-pool
seed_made() {
	mkdir -p "$LABDIR"
	virsh -q -c "$URI" pool-info "$LABPOOL" >/dev/null 2>&1 || {
		virsh -q -c "$URI" pool-define-as "$LABPOOL" dir --target "$LABDIR" &&
		virsh -q -c "$URI" pool-start "$LABPOOL"; } >/dev/null 2>&1
	qemu-img create -q -f qcow2 "$LABDIR/base-stand-in.qcow2" 64M || return 1
	virsh -q -c "$URI" pool-refresh "$LABPOOL" >/dev/null 2>&1
	"$VMDECK" create -t debian-12-cloud -n "$NAME-ci" -c "$URI" \
	    --set disk.image="$LABDIR/base-stand-in.qcow2" \
	    --set disk.pool="$LABPOOL" >/dev/null || return 1
	virsh -q -c "$URI" dumpxml "$NAME-ci" | grep -q "$NAME-ci-seed.iso" || return 1
	xorriso -osirrox on -indev "$LABDIR/$NAME-ci-seed.iso" \
	    -extract /user-data "$LABDIR/ud" >/dev/null 2>&1 || return 1
	grep -q '^#cloud-config' "$LABDIR/ud"
}
if seed_made; then
	ok "create -t debian-12-cloud: a cidata seed with vmdeck's user-data, uploaded to the pool"
else
	bad "create -t debian-12-cloud: no cloud-init seed volume"
fi
virsh -q -c "$URI" undefine "$NAME-ci" >/dev/null 2>&1
for v in "$NAME-ci-disk1.qcow2" "$NAME-ci-seed.iso" base-stand-in.qcow2; do
	virsh -q -c "$URI" vol-delete --pool "$LABPOOL" "$v" >/dev/null 2>&1
done
rm -f "$LABDIR/ud"

ensure_libvirtd "screenshot"
# a screen: a VM with VGA and no disk shows SeaBIOS's "No bootable
# device" in text mode (720x400); vmdeck screenshot saves it as PNG
cat > "$LABDIR/vga.xml" <<XML
<domain type='qemu'>
  <name>$NAME-vga</name>
  <memory unit='MiB'>32</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
    <video><model type='vga'/></video>
  </devices>
</domain>
XML
shot="$LABDIR/vga-shot.png"
if virsh -q -c "$URI" create "$LABDIR/vga.xml" >/dev/null 2>&1; then
	i=0
	# until SeaBIOS's text screen is up: the very first frames can still
	# be the 640-pixel graphics mode QEMU starts in (seen under load)
	shot_width() {
		od -An -tu4 --endian=big -j16 -N4 "$shot" 2>/dev/null | tr -d ' '
	}
	while { ! "$VMDECK" screenshot "$NAME-vga" "$shot" -c "$URI" >/dev/null 2>&1 ||
	    [ "$(shot_width)" != 720 ]; } && [ $i -lt 80 ]; do
		sleep 0.25
		i=$((i + 1))
	done
	# the PNG signature, then IHDR's width: 720 = 0x2d0
	sig=$(od -An -tx1 -N8 "$shot" 2>/dev/null | tr -d ' \n')
	width=$(od -An -tu4 --endian=big -j16 -N4 "$shot" 2>/dev/null | tr -d ' ')
	if [ "$sig" = 89504e470d0a1a0a ] && [ "$width" = 720 ]; then
		ok "vmdeck screenshot: the VGA text screen as a 720-pixel-wide PNG"
	else
		bad "vmdeck screenshot: no PNG of the VGA screen (signature '$sig', width '$width')"
	fi
	if msg=$("$VMDECK" screenshot "$NAME-vga" "$LABDIR/no/dir/x.png" -c "$URI" 2>&1); then
		bad "vmdeck screenshot into a missing directory succeeded"
	elif echo "$msg" | grep -q "Could not write"; then
		ok "vmdeck screenshot: an unwritable file is named"
	else
		bad "vmdeck screenshot: unclear error: $msg"
	fi
	# the VNC view of that still screen: nothing written; sixel images
	if [ -x "${LAB_TUI:-}" ]; then
		if "$LAB_TUI" vncstill "$VMDECK" "$URI" "$NAME-vga"; then
			ok "VNC view: a still screen writes nothing; sixel images on request"
		else
			bad "VNC still-screen checks (see above)"
		fi
	fi
	virsh -q -c "$URI" destroy "$NAME-vga" >/dev/null 2>&1
else
	bad "could not start the VGA lab VM"
fi
rm -f "$LABDIR/vga.xml" "$shot"

ensure_libvirtd "VNC GRUB"
# GRUB's graphical menu read as text: a GRUB rescue ISO (grub-mkrescue)
# with one menu entry, booted from a CD-ROM
if ! command -v grub-mkrescue >/dev/null || [ ! -f /usr/share/grub/unicode.pf2 ] ||
    [ ! -d /usr/lib/grub/i386-pc ]; then
	skipped=$((skipped + 1))
	echo "lab: SKIPPED: GRUB's menu as text: no grub-mkrescue, unicode.pf2 or i386-pc modules (grub-pc-bin, grub-common, mtools)"
elif [ ! -x "${LAB_TUI:-}" ]; then
	skipped=$((skipped + 1))
	echo "lab: SKIPPED: GRUB's menu as text: no lab_tui"
else
	mkdir -p "$LABDIR/grub/boot/grub"
	cp /usr/share/grub/unicode.pf2 "$LABDIR/grub/boot/grub/"
	cat > "$LABDIR/grub/boot/grub/grub.cfg" <<'CFG'
set timeout=-1
insmod all_video
loadfont /boot/grub/unicode.pf2
set gfxmode=640x480
terminal_output gfxterm
menuentry "vmdeck grub text 42" { true }
menuentry "Another entry" { true }
CFG
	if ! out=$(timeout 120 grub-mkrescue -o "$LABDIR/grub.iso" "$LABDIR/grub" 2>&1); then
		bad "GRUB's menu as text: grub-mkrescue failed: $(echo "$out" | tail -n 1)"
	else
		cat > "$LABDIR/grubvm.xml" <<XML
<domain type='qemu'>
  <name>$NAME-grub</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>
  <devices>
    <disk type='file' device='cdrom'><source file='$LABDIR/grub.iso'/><target dev='hdc' bus='ide'/><readonly/></disk>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
    <video><model type='vga'/></video>
    <memballoon model='none'/>
  </devices>
</domain>
XML
		if out=$(virsh -q -c "$URI" create "$LABDIR/grubvm.xml" 2>&1); then
			if "$LAB_TUI" vncgrub "$VMDECK" "$URI" "$NAME-grub"; then
				ok "VNC view: GRUB's graphical menu reads as text"
			else
				bad "VNC view: GRUB's menu as text (see above)"
			fi
			virsh -q -c "$URI" destroy "$NAME-grub" >/dev/null 2>&1
		else
			bad "could not start the GRUB lab VM: $out"
		fi
	fi
	rm -rf "$LABDIR/grub" "$LABDIR/grub.iso" "$LABDIR/grubvm.xml"
fi

ensure_libvirtd "storage"
# pools, volumes, upload and download, networks (tests/lab/storage.sh)
. "$here/storage.sh"

ensure_libvirtd "devices"
# guest addresses (a DHCP lease) and live devices: a disk hot-plugged and
# detached, a CD-ROM added, changed and ejected (tests/lab/devices.sh)
. "$here/devices.sh"

ensure_libvirtd "migration"
# live migration to a second libvirtd in its own namespaces on this
# machine, headless and from the migration view (tests/lab/migrate.sh)
. "$here/migrate.sh"

ensure_libvirtd "snapshots"
# snapshots and managed save of a tiny-linux VM with a disk
# (tests/lab/snapshot.sh)
. "$here/snapshot.sh"

ensure_libvirtd "VNC view"
# the VNC view: the lab guest with a shell on its VGA text console, its
# display locked with a password (VNC's limit: 8 characters; libvirt's own
# socket skips it; over SSH vmdeck reads it from the XML)
lab_domain "$NAME-vnc" "console=tty0 vmdeck.vga" "" \
    "<graphics type='vnc' autoport='yes' listen='127.0.0.1' passwd='vmdecklb'/>
    <video><model type='vga'/></video>" > "$LABDIR/vnc.xml"
if [ ! -x "${LAB_TUI:-}" ]; then
	skipped=$((skipped + 1))
	echo "lab: SKIPPED: the VNC view: no lab_tui"
elif out=$(virsh -q -c "$URI" create "$LABDIR/vnc.xml" 2>&1); then
	if "$LAB_TUI" vnc "$VMDECK" "$URI" "$NAME-vnc"; then
		ok "VNC view: the guest's VGA console in cells, typing, menu, zoom, back"
	else
		bad "VNC view checks (see above)"
	fi
	if "$LAB_TUI" vnctext "$VMDECK" "$URI" "$NAME-vnc"; then
		ok "VNC view: the guest's VGA console read as text 80x25: typed command and output as characters, at 100x30 and 200x60"
	else
		bad "VNC text checks (see above)"
	fi
	# left running for the remote hosts' part: the same display over SSH
	VNC_VM="$NAME-vnc"
else
	bad "could not start the VNC lab VM: $out"
fi
rm -f "$LABDIR/vnc.xml"

ensure_libvirtd "remote hosts"
# remote hosts over ssh: the same libvirtd through a throwaway sshd
. "$here/remote.sh"
virsh -q -c "$URI" destroy "$NAME-vnc" >/dev/null 2>&1

# libvirt.conf's uri_default against virsh uri (tests/lab/uridefault.sh)
. "$here/uridefault.sh"

# the Debian package: built, linted, installed, run, removed
# (tests/lab/deb.sh)
. "$here/deb.sh"

# a missing VM: non-zero exit, a clear message
if msg=$("$VMDECK" start no-such-vm-here -c "$URI" 2>&1); then
	bad "starting a missing VM succeeded"
elif echo "$msg" | grep -q "no VM named 'no-such-vm-here'"; then
	ok "a missing VM gives a clear error"
else
	bad "unclear error for a missing VM: $msg"
fi
summary
