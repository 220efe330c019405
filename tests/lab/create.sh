# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by run.sh: a new user's first minutes, for every shipped template,
# on this machine's real libvirtd. Uses run.sh's VMDECK, URI, NAME, CACHE,
# kernel, ok, bad, skipped, wait_for.
#
# Images are stand-ins made here: a qcow2 named *.img (as Ubuntu's cloud
# images are) and a tiny bootable ISO whose boot sector writes
# "vmdeck-iso-boot" to COM1 over and over (a reader that opens the serial
# PTY late still hears it), so a BIOS guest booting from it says so on
# its serial line.

IMAGES=/var/lib/libvirt/images
CNAME=$NAME-t

# domain $1 has no definition
gone() {
	! virsh -q -c "$URI" dominfo "$1" >/dev/null 2>&1
}
# the files of pool default, one per line, sorted
pool_files() {
	virsh -q -c "$URI" pool-refresh default >/dev/null 2>&1
	virsh -q -c "$URI" vol-list default 2>/dev/null | awk '{ print $1 }' | sort
}
running_for() {	# running_for NAME SECONDS: still running after SECONDS
	end=$(( $(date +%s) + $2 ))
	while [ "$(date +%s)" -lt "$end" ]; do
		[ "$(virsh -q -c "$URI" domstate "$1" 2>/dev/null)" = running ] ||
		    return 1
		sleep 0.5
	done
	[ "$(virsh -q -c "$URI" domstate "$1" 2>/dev/null)" = running ]
}

# --- virt-manager's defaults: a default pool and the default network ----
if out=$("$VMDECK" host-setup -c "$URI" 2>&1) &&
    virsh -q -c "$URI" pool-info default 2>/dev/null | grep -q "State: *running" &&
    virsh -q -c "$URI" net-info default 2>/dev/null | grep -q "Active: *yes" &&
    virsh -q -c "$URI" net-info default 2>/dev/null | grep -q "Autostart: *yes"; then
	ok "vmdeck host-setup: pool 'default' at $IMAGES and network 'default', running and autostarted"
else
	bad "vmdeck host-setup: $out"
fi

# --- stand-in images ------------------------------------------------------
d=$(mktemp -d)
# push cs; pop ds; call +0; pop si; add si,0x12; mov dx,0x3f8;
# 1: lodsb; test al,al; jz 2; out dx,al; jmp 1; 2: jmp to the call, nop; the text
printf '\016\037\350\000\000\136\203\306\022\272\370\003\254\204\300\164\003\356\353\370\353\354\220vmdeck-iso-boot\r\n\000' > "$d/boot.bin"
truncate -s 2048 "$d/boot.bin"
xorriso -as mkisofs -quiet -V VMDECKBOOT -b boot.bin -no-emul-boot \
    -boot-load-size 4 -o "$IMAGES/vmdeck-lab-boot.iso" "$d" >/dev/null 2>&1
rm -rf "$d"
qemu-img create -q -f qcow2 "$IMAGES/vmdeck-lab-cloud.img" 256M
echo '<html>404 Not Found</html>' > "$IMAGES/vmdeck-lab-page.img"
before=$(pool_files)

# --- the accelerator: auto checks KVM for real, and says why ------------
xdg=$(mktemp -d)
kvm_works=no
if out=$(XDG_CACHE_HOME=$xdg VMDECK_TINY_KERNEL=$kernel "$VMDECK" create \
    -t tiny-linux -n "$CNAME" --print-xml -c "$URI" 2>&1); then
	if echo "$out" | grep -q 'domain type="qemu"' &&
	    echo "$out" | grep -q "TCG (software emulation, slow): KVM is offered but fails to run a guest here: .*"; then
		ok "accelerator auto: KVM offered but failing here, TCG chosen, the reason named ($(echo "$out" | grep -o 'failed to set MSR[^ ]* [^ ]*' | head -n 1))"
	elif echo "$out" | grep -q 'domain type="kvm"' &&
	    echo "$out" | grep -q "KVM: checked on this host"; then
		ok "accelerator auto: KVM runs a guest here, KVM chosen"
		kvm_works=yes
	elif echo "$out" | grep -q 'domain type="qemu"' &&
	    echo "$out" | grep -q "offers no KVM"; then
		ok "accelerator auto: no KVM offered here, TCG"
	else
		bad "accelerator auto: no clear decision: $(echo "$out" | tail -n 3)"
	fi
	grep -q "	tcg	\|	kvm	" "$xdg/vmdeck/accel" 2>/dev/null ||
	    bad "accelerator auto: the answer was not cached in $xdg/vmdeck/accel"
else
	bad "create --print-xml tiny-linux: $out"
fi
rm -rf "$xdg"

# accelerator = kvm on a host where KVM fails: the start fails with KVM's
# reason, and the VM is rolled back, unless --keep-on-failure
cfg=$(mktemp -d)
mkdir -p "$cfg/vmdeck"
printf '[kvmhost]\nuri = %s\naccelerator = kvm\n' "$URI" > "$cfg/vmdeck/hosts"
if [ "$kvm_works" = yes ] || ! virsh -q -c "$URI" domcapabilities --virttype kvm >/dev/null 2>&1; then
	echo "lab: SKIPPED: accelerator = kvm on a host where KVM fails: KVM works here, or is not offered at all"
	skipped=$((skipped + 1))
elif out=$(XDG_CONFIG_HOME=$cfg VMDECK_TINY_KERNEL=$kernel "$VMDECK" create \
    -H kvmhost -t tiny-linux -n "$CNAME" --start 2>&1); then
	bad "accelerator = kvm: the start succeeded on a host where KVM fails"
elif echo "$out" | grep -q "Could not start VM '$CNAME', so it was removed again" &&
    echo "$out" | grep -qi "kvm\|MSR" && gone "$CNAME"; then
	ok "accelerator = kvm: the failed start names KVM's reason and leaves nothing"
	out=$(XDG_CONFIG_HOME=$cfg VMDECK_TINY_KERNEL=$kernel "$VMDECK" create \
	    -H kvmhost -t tiny-linux -n "$CNAME" --start --keep-on-failure 2>&1)
	if echo "$out" | grep -q "kept, as asked" && ! gone "$CNAME"; then
		ok "create --keep-on-failure: the VM that did not start is kept"
	else
		bad "create --keep-on-failure: $out"
	fi
	virsh -q -c "$URI" undefine "$CNAME" >/dev/null 2>&1
else
	bad "accelerator = kvm: unclear failure: $out"
fi
rm -rf "$cfg"

# --- every shipped template creates and starts --------------------------
# template, the --set for its image, what shows it booted
for spec in \
    "debian-12-cloud disk.image=$IMAGES/vmdeck-lab-cloud.img running" \
    "ubuntu-24.04-cloud disk.image=$IMAGES/vmdeck-lab-cloud.img running" \
    "alpine-iso disk2.image=$IMAGES/vmdeck-lab-boot.iso serial" \
    "freebsd-14 disk2.image=$IMAGES/vmdeck-lab-boot.iso serial" \
    "windows-11 disk2.image=$IMAGES/vmdeck-lab-boot.iso running"; do
	set -- $spec
	t=$1 img=$2 how=$3
	virsh -q -c "$URI" destroy "$CNAME" >/dev/null 2>&1
	"$VMDECK" undefine "$CNAME" --storage -c "$URI" >/dev/null 2>&1
	if ! out=$("$VMDECK" create -t "$t" -n "$CNAME" --set memory=512M \
	    --set "$img" --start -c "$URI" 2>&1); then
		bad "template $t: create --start failed: $out"
		continue
	fi
	xml=$(virsh -q -c "$URI" dumpxml "$CNAME")
	if [ "$how" = serial ]; then
		pty=$(serial_pty "$CNAME")
		if [ -n "$pty" ] && timeout 60 sh -c "grep -m 1 -a vmdeck-iso-boot < $pty" >/dev/null; then
			ok "template $t: starts under TCG and boots the ISO (its boot sector speaks on the serial line)"
		else
			bad "template $t: no word from the ISO's boot sector in 60 s"
		fi
	elif running_for "$CNAME" 5; then
		ok "template $t: starts and keeps running (firmware up)"
	else
		bad "template $t: not running 5 s after the start: $(tail -n 3 /var/log/libvirt/qemu/$CNAME.log)"
	fi
	case $t in
	*-cloud)
		vx=$(virsh -q -c "$URI" vol-dumpxml --pool default "$CNAME-disk1.qcow2" 2>&1)
		if echo "$vx" | grep -A2 "<backingStore>" | grep -q "<format type='qcow2'/>" &&
		    echo "$xml" | grep -q "$CNAME-seed.iso"; then
			ok "template $t: the overlay's backing format is qcow2 (read from the image, named .img), the seed attached"
		else
			bad "template $t: wrong backing format or no seed: $vx"
		fi ;;
	windows-11)
		if echo "$xml" | grep -q "<tpm model='tpm-crb'>" &&
		    echo "$xml" | grep -q "<loader .*OVMF"; then
			ok "template windows-11: UEFI firmware and a TPM 2.0"
		else
			bad "template windows-11: no UEFI loader or TPM in the XML"
		fi ;;
	esac
	echo "$xml" | grep -q "org.qemu.guest_agent.0" ||
	    bad "template $t: no guest agent channel"
	virsh -q -c "$URI" destroy "$CNAME" >/dev/null 2>&1
	if out=$("$VMDECK" undefine "$CNAME" --storage -c "$URI" 2>&1) && gone "$CNAME" &&
	    [ "$(pool_files)" = "$before" ]; then
		ok "template $t: undefine --storage removes the VM, its volumes and seed, keeps the shared images"
	else
		bad "template $t: undefine --storage: $out; pool now: $(pool_files | tr '\n' ' ')"
	fi
done

# --- bad input: refused before anything is made -------------------------
refused() {	# refused WHAT EXPECTED ARGS...: create fails saying EXPECTED
	what=$1 want=$2
	shift 2
	if out=$("$@" 2>&1); then
		bad "$what: accepted"
	elif echo "$out" | grep -q -- "$want" && gone "$CNAME" &&
	    [ "$(pool_files)" = "$before" ]; then
		ok "$what: refused, nothing made ($(echo "$out" | tail -n 1 | cut -c1-110)…)"
	else
		bad "$what: $out"
	fi
}
refused "a cloud image that is not an image" "is not a disk or CD image" \
    "$VMDECK" create -t debian-12-cloud -n "$CNAME" \
    --set disk.image="$IMAGES/vmdeck-lab-page.img" -c "$URI"
refused "an ISO path that does not exist" "is not on the host" \
    "$VMDECK" create -t alpine-iso -n "$CNAME" \
    --set disk2.image=/nonexistent/alpine.iso -c "$URI"
refused "a disk image given as the ISO" "is not an ISO 9660 image" \
    "$VMDECK" create -t alpine-iso -n "$CNAME" \
    --set disk2.image="$IMAGES/vmdeck-lab-cloud.img" -c "$URI"
rodir=/var/lib/vmdeck-lab-ro
mkdir -p "$rodir"
if mount --bind "$rodir" "$rodir" 2>/dev/null &&
    mount -o remount,ro,bind "$rodir" 2>/dev/null &&
    virsh -q -c "$URI" pool-create-as vmdeck-lab-ro dir --target "$rodir" >/dev/null 2>&1; then
	refused "a read-only pool directory" "is not writable (Read-only file system)" \
	    "$VMDECK" create -t alpine-iso -n "$CNAME" --set disk.pool=vmdeck-lab-ro \
	    --set disk2.image="$IMAGES/vmdeck-lab-boot.iso" -c "$URI"
	virsh -q -c "$URI" pool-destroy vmdeck-lab-ro >/dev/null 2>&1
else
	echo "lab: SKIPPED: a read-only pool directory: cannot bind-mount $rodir read-only here"
	skipped=$((skipped + 1))
fi
umount "$rodir" 2>/dev/null
rmdir "$rodir" 2>/dev/null
# no kernel anywhere and apt unreachable: apt's tools that fail, an empty
# cache, no VMDECK_TINY_KERNEL
if ls /boot/vmlinuz-* >/dev/null 2>&1; then
	echo "lab: SKIPPED: no kernel and apt unreachable: this machine has a kernel in /boot"
	skipped=$((skipped + 1))
else
	fake=$(mktemp -d)
	for tool in apt-cache apt-get; do
		printf '#!/bin/sh\necho "E: Failed to fetch http://deb.debian.org/: unreachable" >&2\nexit 100\n' > "$fake/$tool"
		chmod 755 "$fake/$tool"
	done
	refused "no kernel and apt unreachable" "Fix: run apt-get update as root, or set VMDECK_TINY_KERNEL" \
	    env -u VMDECK_TINY_KERNEL PATH="$fake:$PATH" XDG_CACHE_HOME="$fake" \
	    "$VMDECK" create -t tiny-linux -n "$CNAME" --start -c "$URI"
	rm -rf "$fake"
fi
rm -f "$IMAGES/vmdeck-lab-page.img"

# --- the TUI: n, tiny-linux, Create, a shell, o shuts it down -----------
# the kernel as this machine gives it: /boot's, else Debian's cloud kernel
# fetched once into a cache kept beside the lab's
if [ -x "${LAB_TUI:-}" ]; then
	if env -u VMDECK_TINY_KERNEL XDG_CACHE_HOME="$CACHE/xdg" \
	    "$LAB_TUI" create "$VMDECK" "$URI" "$CNAME" "$NAME"; then
		ok "TUI: n, tiny-linux, Create: a shell on its serial console, o shuts it down"
	else
		bad "TUI create checks (see above)"
	fi
	virsh -q -c "$URI" destroy "$CNAME" >/dev/null 2>&1
	virsh -q -c "$URI" undefine "$CNAME" >/dev/null 2>&1
fi
rm -f "$IMAGES/vmdeck-lab-boot.iso" "$IMAGES/vmdeck-lab-cloud.img"
virsh -q -c "$URI" pool-refresh default >/dev/null 2>&1
