# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by tests/lab/run.sh (its ok, bad, URI, VMDECK, kernel), or run
# alone: VMDECK_BIN=build/vmdeck sh tests/lab/snapshot.sh
# Snapshots and managed save of a tiny-linux VM with a qcow2 disk under
# TCG: what the guest holds in memory and wrote to its disk comes back
# with an internal snapshot's revert; a disk-only snapshot of the running
# VM is external, its overlay made and the guest running on; its revert
# is refused on this libvirt (before 9.9) and its delete merges the
# overlay without losing what the guest wrote after it (the guest reads it
# back after a restart); a managed save keeps a running
# counter's count; a VM whose snapshots are mixed (made with virsh) is
# refused, and every image it or a snapshot uses survives.

if [ -z "${URI:-}" ]; then
	. "$(cd "$(dirname "$0")" && pwd)/alone.sh"
	snap_alone=1
fi
here=${here:-$(cd "$(dirname "$0")" && pwd)}
. "$here/guest.sh"
SNAP=vmdeck-lab-snap
IMG=/var/lib/libvirt/images

snap_pty() {
	lab_pty "$SNAP"
}
# the guest's answer to a command: its last line
snap_sh() {
	lab_sh "$SNAP" "$1" | tail -n 1
}
snap_ready() {
	p=$(snap_pty)
	[ -n "$p" ] && timeout 60 sh -c "grep -m 1 -a 'vmdeck tiny-linux: ready' < $p" >/dev/null
}
# the guest writes WORD at the start of its disk (raw, written through),
# and reads it back
snap_disk_write() {
	snap_sh "printf '%-16s' $1 | dd of=/dev/vda bs=16 count=1 conv=notrunc,fsync 2>/dev/null; sync" >/dev/null
}
snap_disk_read() {
	snap_sh "dd if=/dev/vda bs=16 count=1 2>/dev/null | tr -d ' '; echo"
}
snap_state() {
	virsh -q -c "$URI" domstate "$SNAP" 2>/dev/null | head -n 1
}
snap_gone() {
	virsh -q -c "$URI" destroy "$SNAP" >/dev/null 2>&1
	virsh -q -c "$URI" undefine "$SNAP" --snapshots-metadata \
	    --managed-save --remove-all-storage >/dev/null 2>&1
	# overlays outside the pool's volumes that an earlier run left
	rm -f "$IMG/$SNAP"-*.qcow2 "$IMG/$SNAP".*.mem
	virsh -q -c "$URI" pool-refresh default >/dev/null 2>&1
}
# every file the VM's disk chain names exists, and qemu-img finds no error
# (snap_images_sound leaks: leaked clusters, its exit 3, allowed)
snap_images_sound() {
	snap_top=$(virsh -q -c "$URI" domblklist "$SNAP" | awk '$1 == "vda" { print $2 }')
	[ -n "$snap_top" ] || return 1
	for f in $(qemu-img info -U --backing-chain "$snap_top" 2>/dev/null |
	    sed -n 's/^image: //p'); do
		[ -f "$f" ] || { echo "lab: note: $f is gone"; return 1; }
		qemu-img check -U -q "$f"
		rc=$?
		[ "$rc" -eq 0 ] || { [ "$rc" -eq 3 ] && [ "${1:-}" = leaks ]; } ||
		    { echo "lab: note: $f has errors (qemu-img check: $rc)"; return 1; }
	done
	return 0
}

# Disk full while a snapshot with memory is made: the VM's disk moved to a
# tmpfs with 1 MiB to spare (the guest's memory does not fit beside it).
# The snapshot fails saying the space is short, none is listed, the guest
# runs on holding what it held, and the disk's data and image are sound.
snap_disk_full() {
	full=/run/vmdeck-lab-full
	disk=$(virsh -q -c "$URI" domblklist "$SNAP" | awk '$1 == "vda" { print $2 }')
	saved=$(mktemp)
	virsh -q -c "$URI" dumpxml --inactive "$SNAP" > "$saved"
	virsh -q -c "$URI" destroy "$SNAP" >/dev/null 2>&1
	mkdir -p "$full"
	# a compact copy (the room freed by earlier snapshots' memory is not
	# carried over), and room for it and 1 MiB more: the memory won't fit
	qemu-img convert -O qcow2 "$disk" "$IMG/$SNAP-full.qcow2"
	kib=$(($(du -k "$IMG/$SNAP-full.qcow2" | cut -f 1) + 1024))
	if ! mount -t tmpfs -o size=${kib}k,mode=0755 vmdeck-lab-full "$full" 2>/dev/null; then
		rm -f "$IMG/$SNAP-full.qcow2"
		echo "lab: SKIPPED: snapshots: disk full: no tmpfs can be mounted here"
		skipped=$((skipped + 1))
		virsh -q -c "$URI" start "$SNAP" >/dev/null 2>&1
		snap_ready
		rm -f "$saved"
		return
	fi
	mv "$IMG/$SNAP-full.qcow2" "$full/disk.qcow2"
	sed "s|$disk|$full/disk.qcow2|" "$saved" | virsh -q -c "$URI" define /dev/stdin >/dev/null 2>&1
	if virsh -q -c "$URI" start "$SNAP" >/dev/null 2>&1 && snap_ready; then
		snap_sh 'echo kept > /mark' >/dev/null
		out=$("$VMDECK" snapshot create "$SNAP" full1 -c "$URI" 2>&1)
		rc=$?
		listed=$(virsh -q -c "$URI" snapshot-list --name "$SNAP" 2>&1)
		ours=$("$VMDECK" snapshot list "$SNAP" --json -c "$URI" 2>&1)
		state=$(snap_state)
		mark=$(snap_sh 'cat /mark')
		virsh -q -c "$URI" destroy "$SNAP" >/dev/null 2>&1
		qemu-img check -q "$full/disk.qcow2" >/dev/null 2>&1
		chk=$?
		if [ "$rc" -ne 0 ] && echo "$out" | grep -q "free, less than the 128 MiB of memory the snapshot saves" &&
		    [ -z "$listed" ] && ! echo "$ours" | grep -q full1 &&
		    [ "$state" = running ] && [ "$mark" = kept ] &&
		    { [ "$chk" -eq 0 ] || [ "$chk" -eq 3 ]; } &&
		    qemu-io -f qcow2 -r -c "read -P 0x5a 0 64k" "$full/disk.qcow2" 2>&1 | grep -q "read 65536"; then
			ok "snapshots: disk full while making one: fails with libvirt's reason and the space that is short, none listed, the guest runs on holding what it held, the disk's data intact (qemu-img check $chk)"
		else
			bad "snapshots: disk full: exit $rc, '$out'; listed '$listed'; ours '$ours'; state $state; the guest says '$mark'; qemu-img check $chk"
		fi
	else
		bad "snapshots: disk full: the VM did not start from the tmpfs"
	fi
	virsh -q -c "$URI" destroy "$SNAP" >/dev/null 2>&1
	virsh -q -c "$URI" define "$saved" >/dev/null 2>&1
	umount "$full"
	rmdir "$full"
	rm -f "$saved"
	virsh -q -c "$URI" start "$SNAP" >/dev/null 2>&1
	snap_ready
}

# The host stops answering in the middle of a revert: QEMU is stopped so
# that the revert is held up in libvirtd, then libvirtd too. vmdeck ends
# the call within its keepalive (about 15 s) saying the connection was
# lost; once both go on, the revert finishes on the host and vmdeck's
# list of snapshots is the host's. (A QEMU that libvirt kills leaves
# leaked clusters, which qemu-img check reports and repairs harmlessly:
# the images are checked for errors, not leaks.)
snap_host_drop() {
	"$VMDECK" snapshot create "$SNAP" s2 -c "$URI" >/dev/null 2>&1
	snap_sh 'echo later > /mark' >/dev/null
	qpid=$(pgrep -f "guest=$SNAP," | head -n 1)
	lpid=$(pgrep -xo libvirtd)
	if [ -z "$qpid" ] || [ -z "$lpid" ]; then
		bad "snapshots: host drop: no QEMU ($qpid) or libvirtd ($lpid) process"
		return
	fi
	out=$(mktemp)
	kill -STOP "$qpid"
	t0=$(date +%s)
	"$VMDECK" snapshot revert "$SNAP" s2 -c "$URI" > "$out" 2>&1 &
	vpid=$!
	# the revert is under way once libvirtd holds the VM's job for it
	# (a job query waits for it), at most 10 s
	for i in $(seq 100); do
		timeout 1 virsh -q -c "$URI" domjobinfo "$SNAP" >/dev/null 2>&1 ||
		    break
		sleep 0.1
	done
	kill -STOP "$lpid"
	wait "$vpid"
	rc=$?
	took=$(($(date +%s) - t0))
	kill -CONT "$lpid"
	kill -CONT "$qpid" 2>/dev/null
	# the host finishes the revert by itself (libvirt 9.0 starts a new
	# QEMU for it): its job ends and the guest answers
	for i in $(seq 100); do
		timeout 1 virsh -q -c "$URI" domjobinfo "$SNAP" >/dev/null 2>&1 &&
		    [ "$(snap_state)" = running ] && break
		sleep 0.2
	done
	snap_ready
	truth=$(virsh -q -c "$URI" snapshot-current --name "$SNAP" 2>&1)
	ours=$("$VMDECK" snapshot list "$SNAP" --json -c "$URI" 2>&1)
	if [ "$rc" -ne 0 ] && [ "$took" -le 40 ] &&
	    grep -q "connection to the host was lost" "$out" &&
	    echo "$ours" | tr -d ' \n' | grep -q "\"name\":\"$truth\"[^}]*\"current\":true" &&
	    [ "$(snap_state)" = running ] && [ "$(snap_sh 'echo alive')" = alive ] &&
	    snap_images_sound leaks; then
		ok "snapshots: the host stops answering mid-revert: vmdeck ends in ${took} s saying the connection was lost; afterwards its list is the host's (current '$truth'), the guest runs, the images check clean"
	else
		bad "snapshots: host drop mid-revert: exit $rc after ${took} s, '$(cat "$out")'; host's current '$truth'; ours '$ours'; state $(snap_state)"
	fi
	rm -f "$out"
	"$VMDECK" snapshot delete "$SNAP" s2 -c "$URI" >/dev/null 2>&1
	# the killed QEMU's leaked clusters repaired, for the checks after
	virsh -q -c "$URI" destroy "$SNAP" >/dev/null 2>&1
	qemu-img check -q -r leaks "$IMG/$SNAP-disk1.qcow2" >/dev/null 2>&1
	virsh -q -c "$URI" start "$SNAP" >/dev/null 2>&1
	snap_ready
}

snapshot_lab() {
	snap_gone
	if [ -z "$kernel" ]; then
		bad "snapshots: no guest kernel"
		return
	fi
	if ! VMDECK_TINY_KERNEL="$kernel" "$VMDECK" create -t tiny-linux \
	    -n "$SNAP" -c "$URI" --set disk.size=64M --set accel=tcg --start \
	    >/dev/null 2>&1 || ! snap_ready; then
		bad "snapshots: the tiny-linux VM with a qcow2 disk did not boot"
		snap_gone
		return
	fi
	# internal, with memory: what the guest holds in memory and wrote
	# to its disk (/dev/vda, raw: busybox has no mkfs) comes back
	snap_sh 'echo before > /mark' >/dev/null
	snap_disk_write before
	out=$("$VMDECK" snapshot create "$SNAP" s1 -c "$URI" 2>&1)
	snap_disk_write after
	if echo "$out" | grep -q "with its memory: internal" &&
	    [ "$(snap_sh 'echo after > /mark; cat /mark')" = after ] &&
	    [ "$(snap_disk_read)" = after ] &&
	    "$VMDECK" snapshot revert "$SNAP" s1 -c "$URI" >/dev/null 2>&1 &&
	    [ "$(snap_state)" = running ] &&
	    [ "$(snap_sh 'cat /mark')" = before ] &&
	    [ "$(snap_disk_read)" = before ]; then
		ok "snapshots: internal with memory; after a revert the guest runs and holds what it held ('before' in memory and on its disk)"
	else
		bad "snapshots: internal snapshot and revert: $out; state $(snap_state), the guest says $(snap_sh 'cat /mark'), its disk $(snap_disk_read)"
	fi
	# never mixed: a disk-only one beside an internal one is refused
	out=$("$VMDECK" snapshot create "$SNAP" d0 --disk-only -c "$URI" 2>&1)
	if [ $? -ne 0 ] && echo "$out" | grep -q "never mixes"; then
		ok "snapshots: a disk-only (external) snapshot beside an internal one is refused"
	else
		bad "snapshots: mixing was not refused: $out"
	fi
	"$VMDECK" snapshot delete "$SNAP" s1 -c "$URI" >/dev/null 2>&1
	# external, disk-only, while it runs
	out=$("$VMDECK" snapshot create "$SNAP" d1 --disk-only -c "$URI" 2>&1)
	overlay=$(virsh -q -c "$URI" domblklist "$SNAP" | awk '$1 == "vda" { print $2 }')
	if echo "$out" | grep -q "external" && [ -f "$IMG/$SNAP-vda.d1.qcow2" ] &&
	    [ "$overlay" = "$IMG/$SNAP-vda.d1.qcow2" ] &&
	    [ "$(snap_state)" = running ] &&
	    [ "$(snap_sh 'echo alive')" = alive ]; then
		ok "snapshots: disk-only on the running VM: external, its overlay made, the guest runs on"
	else
		bad "snapshots: disk-only external snapshot: $out; vda is $overlay"
	fi
	# its revert: refused on this libvirt, with the reason
	out=$("$VMDECK" snapshot revert "$SNAP" d1 -c "$URI" 2>&1)
	if [ $? -ne 0 ] && echo "$out" | grep -q "cannot revert to an external snapshot"; then
		ok "snapshots: revert of the external snapshot refused with the version reason"
	elif [ $? -eq 0 ]; then
		ok "snapshots: revert of the external snapshot done (libvirt 9.9 or later)"
	else
		bad "snapshots: revert of the external snapshot: $out"
	fi
	# what the guest writes after it survives its delete (a merge): read
	# back by the guest after a restart
	snap_disk_write merged
	virsh -q -c "$URI" destroy "$SNAP" >/dev/null 2>&1
	out=$("$VMDECK" snapshot delete "$SNAP" d1 -c "$URI" 2>&1)
	virsh -q -c "$URI" start "$SNAP" >/dev/null 2>&1
	snap_ready
	ready=$?
	if echo "$out" | grep -q "merged and removed" &&
	    [ ! -e "$IMG/$SNAP-vda.d1.qcow2" ] &&
	    snap_images_sound && [ "$ready" -eq 0 ] &&
	    [ "$(snap_disk_read)" = merged ]; then
		ok "snapshots: deleting the external one merges its overlay: what the guest wrote after it is on its disk after a restart, the overlay gone, qemu-img check clean"
	else
		bad "snapshots: delete of the external snapshot: $out; the guest's disk says '$(snap_disk_read)'"
	fi
	# managed save: a counter keeps its count
	if [ "$ready" -eq 0 ]; then
		snap_sh '(i=0; while :; do i=$((i+1)); echo $i > /count; sleep 1; done) &' >/dev/null
		n1=$(snap_sh 'cat /count')
		if "$VMDECK" save "$SNAP" -c "$URI" >/dev/null 2>&1 &&
		    [ "$(snap_state)" = "shut off" ] &&
		    virsh -q -c "$URI" dominfo "$SNAP" | grep -q "Managed save: *yes" &&
		    "$VMDECK" restore "$SNAP" -c "$URI" >/dev/null 2>&1; then
			n2=$(snap_sh 'cat /count')
			# and it goes on counting from there
			n3=$n2
			for i in $(seq 40); do
				n3=$(snap_sh 'cat /count')
				[ "${n3:-0}" -gt "${n2:-0}" ] 2>/dev/null && break
			done
			if [ "${n2:-0}" -ge "${n1:-1}" ] 2>/dev/null && [ "${n1:-0}" -ge 1 ] &&
			    [ "${n3:-0}" -gt "${n2:-0}" ] 2>/dev/null; then
				ok "snapshots: managed save and restore keep a running counter's count ($n1 before, $n2 after, then $n3)"
			else
				bad "snapshots: after restore the counter says $n2 (it said $n1)"
			fi
		else
			bad "snapshots: vmdeck save / restore: state $(snap_state)"
		fi
		# a VM with no saved state is not restored by mistake
		out=$("$VMDECK" restore "$SNAP" -c "$URI" 2>&1)
		virsh -q -c "$URI" destroy "$SNAP" >/dev/null 2>&1
		out=$("$VMDECK" restore "$SNAP" -c "$URI" 2>&1)
		if [ $? -ne 0 ] && echo "$out" | grep -q "has no saved state"; then
			ok "snapshots: restore of a VM with no saved state is refused"
		else
			bad "snapshots: restore without a saved state: $out"
		fi
		virsh -q -c "$URI" start "$SNAP" >/dev/null 2>&1
		snap_ready
	else
		bad "snapshots: the VM did not boot again for the managed save"
	fi
	snap_disk_full
	snap_host_drop
	# the #811 shape, made with virsh: an internal parent, an external
	# child; vmdeck adds nothing to the mix and removes no image in use
	virsh -q -c "$URI" snapshot-create-as "$SNAP" int >/dev/null 2>&1
	virsh -q -c "$URI" snapshot-create-as "$SNAP" ext --disk-only \
	    --diskspec vda,file="$IMG/$SNAP-ext.qcow2" >/dev/null 2>&1
	out=$("$VMDECK" snapshot create "$SNAP" more -c "$URI" 2>&1)
	refused=$?
	"$VMDECK" snapshot revert "$SNAP" int -c "$URI" >/dev/null 2>&1
	"$VMDECK" snapshot delete "$SNAP" ext -c "$URI" >/dev/null 2>&1
	if [ "$refused" -ne 0 ] && echo "$out" | grep -q "internal and external" &&
	    snap_images_sound; then
		ok "snapshots: a mixed VM (virsh's internal parent, external child) gets no new snapshot, and after a revert and a delete every image it uses exists and checks clean"
	else
		bad "snapshots: the #811 shape: $out; images: $(virsh -q -c "$URI" domblklist "$SNAP")"
	fi
	snap_gone
}

snapshot_lab
if [ -n "${snap_alone:-}" ]; then
	echo "lab: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
fi
