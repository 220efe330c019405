# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by tests/lab/run.sh (its ok, bad, URI, VMDECK), or run alone:
# VMDECK_BIN=build/vmdeck sh tests/lab/storage.sh
# Storage and networks on a real libvirtd: a directory pool in a temp
# dir (a missing directory and a read-only one refused); a 64 MiB file with holes uploaded
# and downloaded back identical, the holes kept, with progress on a
# terminal; a qcow2 volume grown and qemu-img seeing the new size, its
# shrink refused; an upload cut off by a full file system says how far it
# got and the volume lists as incomplete until an upload finishes; a
# volume a VM uses is not deleted; the host stopping mid-upload ends the
# upload within the keepalive, the volume marked incomplete; the default
# NAT network started
# (dnsmasq) and listed, an overlapping subnet refused, a new one defined
# and removed.

if [ -z "${URI:-}" ]; then
	. "$(cd "$(dirname "$0")" && pwd)/alone.sh"
	storage_alone=1
fi
STPOOL=vmdeck-lab-pool

storage_gone() {
	"$VMDECK" pool delete "$STPOOL" -c "$URI" >/dev/null 2>&1
	virsh -q -c "$URI" pool-destroy "$STPOOL" >/dev/null 2>&1
	virsh -q -c "$URI" pool-undefine "$STPOOL" >/dev/null 2>&1
	virsh -q -c "$URI" net-destroy vmdeck-lab-net >/dev/null 2>&1
	virsh -q -c "$URI" net-undefine vmdeck-lab-net >/dev/null 2>&1
	if [ -n "${ST:-}" ]; then
		umount "$ST/full" 2>/dev/null
		umount "$ST/ro" 2>/dev/null
		rm -rf "$ST"
	fi
}

storage_lab() {
	ST=$(mktemp -d /tmp/vmdeck-lab-storage.XXXXXX)
	chmod 755 "$ST"
	mkdir "$ST/pool"
	storage_gone_on_entry=$(virsh -q -c "$URI" pool-list --all --name 2>/dev/null | grep -x "$STPOOL")
	[ -n "$storage_gone_on_entry" ] && { virsh -q -c "$URI" pool-destroy "$STPOOL"; virsh -q -c "$URI" pool-undefine "$STPOOL"; } >/dev/null 2>&1
	out=$("$VMDECK" pool define "$STPOOL" --path "$ST/missing" -c "$URI" 2>&1)
	rc=$?
	if [ "$rc" -ne 0 ] && echo "$out" | grep -q "No such file or directory (make the directory first)" &&
	    ! virsh -q -c "$URI" pool-list --all --name | grep -qx "$STPOOL"; then
		ok "storage: a pool at a missing directory is refused, nothing defined"
	else
		bad "storage: a pool at a missing directory: exit $rc, $out"
	fi
	# a directory on a read-only file system (root may write anywhere
	# else): refused, nothing defined
	mkdir "$ST/ro"
	if mount -t tmpfs -o ro,size=1m vmdeck-lab-ro "$ST/ro" 2>/dev/null; then
		out=$("$VMDECK" pool define vmdeck-lab-ro --path "$ST/ro" -c "$URI" 2>&1)
		rc=$?
		if [ "$rc" -ne 0 ] && echo "$out" | grep -q "it is not writable (Read-only file system)" &&
		    ! virsh -q -c "$URI" pool-list --all --name | grep -qx vmdeck-lab-ro; then
			ok "storage: a pool on a read-only file system is refused, nothing defined"
		else
			bad "storage: a pool on a read-only file system: exit $rc, $out"
		fi
		umount "$ST/ro"
	else
		echo "lab: SKIPPED: storage: no read-only tmpfs can be mounted here"
		skipped=$((skipped + 1))
	fi
	out=$("$VMDECK" pool define "$STPOOL" --path "$ST/pool" -c "$URI" 2>&1)
	json=$("$VMDECK" pool info "$STPOOL" --json -c "$URI" 2>&1)
	if echo "$json" | grep -q "\"name\":\"$STPOOL\",\"type\":\"dir\",\"active\":true,\"autostart\":true" &&
	    [ "$(virsh -q -c "$URI" pool-info "$STPOOL" | awk '$1 == "State:" { print $2 }')" = running ]; then
		ok "storage: pool define makes a running, autostarted dir pool (virsh agrees)"
	else
		bad "storage: pool define: $out; $json"
	fi

	# upload and download: identical, holes kept, progress on a terminal
	head -c 8M /dev/urandom > "$ST/up.bin"
	truncate -s 64M "$ST/up.bin"
	dd if=/dev/urandom of="$ST/up.bin" bs=1M count=4 seek=40 conv=notrunc status=none
	"$VMDECK" vol create "$STPOOL" up.raw 64M --format raw -c "$URI" >/dev/null 2>&1
	prog=$(script -qc "'$VMDECK' vol upload up.raw '$ST/up.bin' --pool $STPOOL -c $URI" /dev/null 2>&1)
	"$VMDECK" vol download up.raw "$ST/down.bin" --pool "$STPOOL" -c "$URI" >/dev/null 2>&1
	kb=$(du -k "$ST/down.bin" 2>/dev/null | cut -f 1)
	if echo "$prog" | grep -q "Uploaded '$ST/up.bin' (64 MiB) into volume 'up.raw'" &&
	    echo "$prog" | tr '\r' '\n' | grep -q "^ *[0-9]* %  .* of 64 MiB" &&
	    cmp -s "$ST/up.bin" "$ST/down.bin" && [ "${kb:-99999}" -lt 20000 ]; then
		ok "storage: a 64 MiB file with holes uploaded and downloaded back identical (cmp), holes kept ($kb KiB on disk), progress on the terminal"
	else
		bad "storage: upload/download: $(echo "$prog" | tr '\r' '\n' | tail -n 2); cmp $(cmp "$ST/up.bin" "$ST/down.bin" 2>&1); $kb KiB"
	fi

	# a qcow2 volume grown: qemu-img sees it; its shrink refused
	"$VMDECK" vol create "$STPOOL" grow.qcow2 1G -c "$URI" >/dev/null 2>&1
	out=$("$VMDECK" vol resize grow.qcow2 3G --pool "$STPOOL" -c "$URI" 2>&1)
	size=$(qemu-img info --output=json "$ST/pool/grow.qcow2" 2>/dev/null | sed -n 's/.*"virtual-size": \([0-9]*\).*/\1/p')
	shrink=$("$VMDECK" vol resize grow.qcow2 1G --pool "$STPOOL" --shrink -c "$URI" 2>&1)
	if echo "$out" | grep -q "is now 3 GiB (it was 1 GiB)" && [ "$size" = 3221225472 ] &&
	    echo "$shrink" | grep -q "it is qcow2, and shrinking cuts through"; then
		ok "storage: a qcow2 volume grown to 3 GiB (qemu-img says $size bytes); its shrink refused"
	else
		bad "storage: resize: $out; qemu-img $size; $shrink"
	fi

	# an upload cut off by a full file system: how far, and marked
	mkdir "$ST/full"
	if mount -t tmpfs -o size=16m,mode=0755 vmdeck-lab-st "$ST/full" 2>/dev/null; then
		"$VMDECK" pool define vmdeck-lab-full --path "$ST/full" -c "$URI" >/dev/null 2>&1
		"$VMDECK" vol create vmdeck-lab-full cut.raw 64M --format raw -c "$URI" >/dev/null 2>&1
		head -c 48M /dev/urandom > "$ST/random.bin"
		out=$(timeout 60 "$VMDECK" vol upload cut.raw "$ST/random.bin" --pool vmdeck-lab-full -c "$URI" 2>&1)
		rc=$?
		listed=$("$VMDECK" vol list vmdeck-lab-full -c "$URI" 2>&1)
		json=$("$VMDECK" vol list vmdeck-lab-full --json -c "$URI" 2>&1)
		if [ "$rc" -ne 0 ] && echo "$out" | grep -q "did not finish (.* of 48 MiB sent" &&
		    echo "$out" | grep -q "marked incomplete" &&
		    echo "$listed" | grep -q "INCOMPLETE: upload stopped at" &&
		    echo "$json" | grep -q '"incomplete":"upload stopped at'; then
			ok "storage: an upload cut off by a full file system says how far it got; the volume lists as incomplete"
		else
			bad "storage: cut-off upload: exit $rc, $out; $listed"
		fi
		# a finished upload clears the mark
		head -c 1M /dev/urandom > "$ST/small.bin"
		"$VMDECK" vol upload cut.raw "$ST/small.bin" --pool vmdeck-lab-full -c "$URI" >/dev/null 2>&1
		if ! "$VMDECK" vol list vmdeck-lab-full -c "$URI" 2>&1 | grep -q INCOMPLETE; then
			ok "storage: a finished upload into it clears the mark"
		else
			bad "storage: the incomplete mark stayed after a finished upload"
		fi
		"$VMDECK" pool delete vmdeck-lab-full -c "$URI" >/dev/null 2>&1
		umount "$ST/full"
	else
		echo "lab: SKIPPED: storage: cut-off upload: no tmpfs can be mounted here"
		skipped=$((skipped + 1))
	fi

	# a volume a VM uses: not deleted, the VM named; nor is the pool
	cat > "$ST/user.xml" <<EOF
<domain type='qemu'><name>vmdeck-lab-voluser</name><memory>65536</memory>
<os><type arch='x86_64'>hvm</type></os><devices>
<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>
<source file='$ST/pool/grow.qcow2'/><target dev='vda' bus='virtio'/></disk>
</devices></domain>
EOF
	virsh -q -c "$URI" define "$ST/user.xml" >/dev/null 2>&1
	out=$("$VMDECK" vol delete grow.qcow2 --pool "$STPOOL" -c "$URI" 2>&1)
	rc=$?
	pout=$("$VMDECK" pool delete "$STPOOL" -c "$URI" 2>&1)
	prc=$?
	used=$("$VMDECK" vol list "$STPOOL" -c "$URI" 2>&1 | awk '$1 == "grow.qcow2"')
	if [ "$rc" -ne 0 ] && echo "$out" | grep -q "vmdeck-lab-voluser uses it" &&
	    [ -f "$ST/pool/grow.qcow2" ] && [ "$prc" -ne 0 ] &&
	    echo "$used" | grep -q vmdeck-lab-voluser; then
		ok "storage: a volume a VM uses is not deleted (the VM named), nor its pool; the list says who uses it"
	else
		bad "storage: volume in use: exit $rc, $out; pool: $pout; list: $used"
	fi
	virsh -q -c "$URI" undefine vmdeck-lab-voluser >/dev/null 2>&1
	out=$("$VMDECK" vol delete grow.qcow2 --pool "$STPOOL" -c "$URI" 2>&1)
	if echo "$out" | grep -q "Deleted volume 'grow.qcow2'" && [ ! -e "$ST/pool/grow.qcow2" ]; then
		ok "storage: once unused it is deleted"
	else
		bad "storage: delete after the VM went: $out"
	fi

	# the host stops answering mid-upload (libvirtd stopped once the
	# volume has begun to fill): vmdeck ends within its keepalive, says
	# the upload did not finish, and the volume lists as incomplete
	lpid=$(pgrep -xo libvirtd)
	"$VMDECK" vol create "$STPOOL" drop.raw 1G --format raw -c "$URI" >/dev/null 2>&1
	head -c 1G /dev/urandom > "$ST/drop.bin"
	out=$(mktemp)
	t0=$(date +%s)
	"$VMDECK" vol upload drop.raw "$ST/drop.bin" --pool "$STPOOL" -c "$URI" > "$out" 2>&1 &
	vpid=$!
	for i in $(seq 200); do
		[ "$(du -k "$ST/pool/drop.raw" 2>/dev/null | cut -f 1)" -gt 8192 ] 2>/dev/null && break
		sleep 0.05
	done
	[ -n "$lpid" ] && kill -STOP "$lpid"
	wait "$vpid"
	rc=$?
	took=$(($(date +%s) - t0))
	[ -n "$lpid" ] && kill -CONT "$lpid"
	listed=$("$VMDECK" vol list "$STPOOL" -c "$URI" 2>&1 | grep "drop.raw")
	if [ -n "$lpid" ] && [ "$rc" -ne 0 ] && [ "$took" -le 45 ] &&
	    grep -q "did not finish" "$out" && grep -q "marked incomplete" "$out" &&
	    echo "$listed" | grep -q "INCOMPLETE"; then
		ok "storage: the host stops answering mid-upload: vmdeck ends in ${took} s, '$(tail -n 1 "$out")'; the volume lists as incomplete"
	else
		bad "storage: host drop mid-upload: exit $rc after ${took} s, '$(cat "$out")'; listed '$listed'"
	fi
	rm -f "$out" "$ST/drop.bin"
	"$VMDECK" vol delete drop.raw --pool "$STPOOL" -c "$URI" >/dev/null 2>&1

	# the storage view: an upload with its progress bar; one cancelled
	if [ -x "${LAB_TUI:-}" ]; then
		mkdir "$ST/tui"
		"$VMDECK" pool define vmdeck-lab-tui --path "$ST/tui" -c "$URI" >/dev/null 2>&1
		"$VMDECK" vol create vmdeck-lab-tui tui.raw 1G --format raw -c "$URI" >/dev/null 2>&1
		head -c 1G /dev/urandom > "$ST/tui.bin"
		if "$LAB_TUI" upload "$VMDECK" "$URI" vmdeck-lab-tui "$ST/tui.bin"; then
			ok "storage: the storage view uploads with a progress bar, and X cancels one (marked incomplete)"
		else
			bad "storage: the storage view's upload (see above)"
		fi
		"$VMDECK" pool delete vmdeck-lab-tui -c "$URI" >/dev/null 2>&1
		rm -f "$ST/tui.bin"
	fi

	# networks: the default one started (dnsmasq), listed; subnets
	"$VMDECK" host-setup -c "$URI" >/dev/null 2>&1
	"$VMDECK" net start default -c "$URI" >/dev/null 2>&1
	json=$("$VMDECK" net info default --json -c "$URI" 2>&1)
	leases=$("$VMDECK" net leases default -c "$URI" 2>&1)
	lrc=$?
	if echo "$json" | grep -q '"name":"default","active":true' &&
	    echo "$json" | grep -q '"forward":"nat"' && pgrep -f "dnsmasq.*default.conf" >/dev/null &&
	    [ "$lrc" -eq 0 ] && echo "$leases" | grep -q "MAC address"; then
		ok "storage: the default NAT network runs (dnsmasq up), its facts and leases read"
	else
		bad "storage: the default network: $json; leases ($lrc): $leases"
	fi
	subnet=$(echo "$json" | sed -n 's/.*"subnet":"\([^"]*\)".*/\1/p')
	out=$("$VMDECK" net define vmdeck-lab-net --subnet "$subnet" -c "$URI" 2>&1)
	rc=$?
	out2=$("$VMDECK" net define vmdeck-lab-net --subnet 10.213.7.0/24 -c "$URI" 2>&1)
	listed=$("$VMDECK" net list -c "$URI" 2>&1 | awk '$1 == "vmdeck-lab-net"')
	out3=$("$VMDECK" net delete vmdeck-lab-net -c "$URI" 2>&1)
	if [ "$rc" -ne 0 ] && echo "$out" | grep -q "overlaps network 'default'" &&
	    echo "$out2" | grep -q "Defined NAT network 'vmdeck-lab-net' on 10.213.7.0/24" &&
	    echo "$listed" | grep -q "active .* 10.213.7.0/24" &&
	    echo "$out3" | grep -q "Removed network" &&
	    ! virsh -q -c "$URI" net-list --all --name | grep -qx vmdeck-lab-net; then
		ok "storage: a subnet overlapping 'default' ($subnet) is refused; 10.213.7.0/24 defined, running, then removed"
	else
		bad "storage: networks: $out; $out2; $listed; $out3"
	fi
	storage_gone
}

storage_lab
if [ -n "${storage_alone:-}" ]; then
	echo "lab: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
fi
