# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by tests/lab/run.sh (its ok, bad, URI, VMDECK, kernel), or run
# alone: VMDECK_BIN=build/vmdeck LAB_TUI=build/tests/lab/lab_tui sh tests/lab/migrate.sh
# Live migration between two libvirtds on this machine: the second in its
# own network and mount namespace with its own host UUID, reached over
# its own sshd (tests/lab/host2.sh). A running tiny-linux TCG guest with a
# counter going in its shell moves there with its disk copied; the counter
# goes on; progress figures were printed; the destination's refusals
# (name taken, a missing network) are named before anything starts; an
# abort (Ctrl-C) of a second migration leaves that VM running on the
# source, as does a destination that stops answering mid-way; and the
# migration view then moves that one from the lists.

if [ -z "${URI:-}" ]; then
	. "$(cd "$(dirname "$0")" && pwd)/alone.sh"
	mig_alone=1
fi
here=${here:-$(cd "$(dirname "$0")" && pwd)}
. "$here/guest.sh"
H2DIR=/tmp/vmdeck-lab-host2
MIGDIR=/var/lib/vmdeck-lab/migrate
MPOOL=vmdlab
M1=vmdeck-lab-mig1
M2=vmdeck-lab-mig2
M3=vmdeck-lab-mig3
M4=vmdeck-lab-mig4
D="qemu+libssh://root@10.231.0.2/system?keyfile=$H2DIR/id&known_hosts=$H2DIR/known_hosts"

mig_gone() {
	for v in "$M1" "$M2" "$M3" "$M4"; do
		virsh -q -c "$URI" destroy "$v" >/dev/null 2>&1
		virsh -q -c "$URI" undefine "$v" >/dev/null 2>&1
	done
	rm -f "$MIGDIR"/vmdeck-lab-mig*
	virsh -q -c "$URI" pool-refresh "$MPOOL" >/dev/null 2>&1
}
# mig_vm NAME: a tiny-linux guest with a 64 MiB disk in the pool, running
mig_vm() {
	virsh -q -c "$URI" vol-create-as "$MPOOL" "$1-disk.qcow2" 64M \
	    --format qcow2 >/dev/null 2>&1 &&
	VMDECK_TINY_KERNEL="$kernel" "$VMDECK" create -t tiny-linux -n "$1" \
	    --set accel=tcg -c "$URI" >/dev/null 2>&1 &&
	"$VMDECK" edit "$1" --attach "$MIGDIR/$1-disk.qcow2" -c "$URI" \
	    >/dev/null 2>&1 &&
	"$VMDECK" start "$1" -c "$URI" >/dev/null 2>&1 &&
	timeout 60 sh -c "grep -m 1 -a 'vmdeck tiny-linux: ready' < $(lab_pty "$1")" >/dev/null
}
# the PTY of NAME's serial console on the second host
pty2() {
	virsh -q -c "$D" dumpxml "$1" 2>/dev/null |
	    sed -n "s/.*<source path='\(\/dev\/pts\/[0-9]*\)'.*/\1/p" | head -n 1
}
state2() {
	virsh -q -c "$D" domstate "$1" 2>/dev/null
}
# until FILE has a progress line (60 s at most)
wait_figures() {
	_n=0
	while ! grep -q 'left' "$1" 2>/dev/null && [ $_n -lt 600 ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
}
# until process PID ends (TENTHS of a second at most)
wait_gone() {
	_n=0
	while kill -0 "$1" 2>/dev/null && [ $_n -lt "$2" ]; do
		sleep 0.1
		_n=$((_n + 1))
	done
}

migrate_lab() {
	if ! "$here/host2.sh" up "$H2DIR" 2>"$H2DIR.err"; then
		echo "lab: SKIPPED: migration: no second host: $(cat "$H2DIR.err")"
		skipped=$((skipped + 1))
		return
	fi
	mig_gone
	# what an interrupted run left on the second host (its definitions
	# outlive its namespace)
	for v in "$M1" "$M2" "$M3" "$M4" "$M3-v"; do
		virsh -q -c "$D" destroy "$v" >/dev/null 2>&1
		virsh -q -c "$D" undefine "$v" >/dev/null 2>&1
	done
	mkdir -p "$MIGDIR"
	virsh -q -c "$URI" pool-info "$MPOOL" >/dev/null 2>&1 || {
		virsh -q -c "$URI" pool-define-as "$MPOOL" dir --target "$MIGDIR" &&
		virsh -q -c "$URI" pool-start "$MPOOL"; } >/dev/null 2>&1
	"$VMDECK" pool define "$MPOOL" --path "$MIGDIR" -c "$D" >/dev/null 2>&1
	if [ "$(virsh -q -c "$D" capabilities 2>/dev/null | sed -n 's/.*<uuid>\(.*\)<\/uuid>.*/\1/p' | head -n 1)" = \
	    "6d3c2222-0000-4000-8000-00000000beef" ]; then
		ok "migration: a second libvirtd in its own namespaces, own host UUID, behind its own sshd"
	else
		bad "migration: the second host does not answer with its own host UUID"
	fi

	if ! mig_vm "$M1"; then
		bad "migration: the tiny-linux guest with a disk did not boot"
		mig_gone
		"$here/host2.sh" down "$H2DIR"
		return
	fi
	lab_sh "$M1" 'echo 64 > /sys/block/vda/queue/read_ahead_kb; (i=0; while :; do i=$((i+1)); echo $i > /c; sleep 1; done) </dev/null >/dev/null 2>&1 &' >/dev/null
	sleep 2
	before=$(lab_sh "$M1" 'cat /c' | grep -E '^[0-9]+$' | tail -n 1)
	t0=$(date +%s)
	# at 16 MiB/s the copy lasts a few seconds: figures every 500 ms
	out=$(timeout 300 "$VMDECK" migrate "$M1" "$D" --copy-storage \
	    --persistent --bandwidth 16 -c "$URI" 2>"$H2DIR.progress")
	rc=$?
	t1=$(date +%s)
	if [ $rc -eq 0 ] && [ "$(state2 "$M1")" = running ]; then
		ok "migration: vmdeck migrate --copy-storage moved the running guest in $((t1 - t0)) s ($out)"
	else
		bad "migration: vmdeck migrate failed (exit $rc): $out $(tail -n 3 "$H2DIR.progress")"
	fi
	if [ "$(grep -c ' of .* left' "$H2DIR.progress")" -ge 2 ]; then
		ok "migration: progress figures on stderr ($(grep -c 'left' "$H2DIR.progress") lines, e.g. '$(grep 'left' "$H2DIR.progress" | tail -n 1)')"
	else
		bad "migration: no progress figures were printed"
	fi
	p2=$(pty2 "$M1")
	a=$([ -n "$p2" ] && "$here/gsh" "$p2" 'cat /c' | tr -d '\r' | grep -E '^[0-9]+$' | tail -n 1)
	sleep 2
	b=$([ -n "$p2" ] && "$here/gsh" "$p2" 'cat /c' | tr -d '\r' | grep -E '^[0-9]+$' | tail -n 1)
	if [ -n "$before" ] && [ -n "$a" ] && [ -n "$b" ] && [ "$a" -ge "$before" ] && [ "$b" -gt "$a" ]; then
		ok "migration: the guest's counter goes on there ($before before, $a then $b after)"
	else
		bad "migration: the counter did not go on (before '$before', after '$a', '$b')"
	fi
	if [ "$(virsh -q -c "$URI" domstate "$M1" 2>/dev/null)" = "shut off" ]; then
		ok "migration: the source keeps the VM's definition, shut off"
	else
		bad "migration: on the source the VM is '$(virsh -q -c "$URI" domstate "$M1" 2>&1)'"
	fi

	# refusals, named before anything starts: the name is taken there
	# (migrating the source's shut-off copy), a network it lacks
	out=$("$VMDECK" migrate "$M1" "$D" -c "$URI" 2>&1)
	if [ $? -eq 1 ] && echo "$out" | grep -q "a VM called '$M1' (or with its UUID) is already on"; then
		ok "migration: a name taken on the destination is refused, named"
	else
		bad "migration: name taken: $out"
	fi
	"$VMDECK" host-setup -c "$URI" >/dev/null 2>&1
	VMDECK_TINY_KERNEL="$kernel" "$VMDECK" create -t tiny-linux -n "$M3" \
	    --set accel=tcg --set nic.network=default -c "$URI" >/dev/null 2>&1
	out=$("$VMDECK" migrate "$M3" "$D" -c "$URI" 2>&1)
	if [ $? -eq 1 ] && echo "$out" | grep -q "has no network called 'default'"; then
		ok "migration: a network missing on the destination is refused, named"
	else
		bad "migration: missing network: $out"
	fi

	# abort: a second guest, slowed to 1 MiB/s, Ctrl-C once figures come
	if mig_vm "$M2"; then
		rm -f "$H2DIR.p2"
		"$VMDECK" migrate "$M2" "$D" --copy-storage --bandwidth 1 \
		    -c "$URI" >/dev/null 2>"$H2DIR.p2" &
		mpid=$!
		wait_figures "$H2DIR.p2"
		kill -INT "$mpid"
		wait_gone "$mpid" 600
		wait "$mpid"
		rc=$?
		if [ $rc -eq 1 ] && grep -q "still running on the source" "$H2DIR.p2" &&
		    [ "$(virsh -q -c "$URI" domstate "$M2")" = running ] &&
		    [ -z "$(state2 "$M2")" ] &&
		    ! virsh -q -c "$D" vol-list "$MPOOL" 2>/dev/null | grep -q "$M2"; then
			ok "migration: Ctrl-C aborts it; the VM runs on the source, nothing of it on the destination (its partial disk copy removed)"
		else
			bad "migration: abort: exit $rc, source '$(virsh -q -c "$URI" domstate "$M2" 2>&1)', destination '$(state2 "$M2")': $(tail -n 2 "$H2DIR.p2")"
		fi
	else
		bad "migration: the second guest did not boot"
	fi

	# the destination stops answering mid-way (every process of the
	# second host stopped: its TCP still takes bytes until its buffers
	# fill, then nothing moves): a guest without disks (its memory only:
	# QEMU's NBD disk copy would wait on TCP when cancelled), 1 MiB/s;
	# vmdeck aborts after 30 s of nothing sent, the VM runs on the source
	VMDECK_TINY_KERNEL="$kernel" "$VMDECK" create -t tiny-linux -n "$M4" \
	    --set accel=tcg -c "$URI" >/dev/null 2>&1 &&
	    "$VMDECK" start "$M4" -c "$URI" >/dev/null 2>&1
	if timeout 60 sh -c "grep -m 1 -a 'vmdeck tiny-linux: ready' < $(lab_pty "$M4")" >/dev/null; then
		rm -f "$H2DIR.p3"
		"$VMDECK" migrate "$M4" "$D" --bandwidth 1 -c "$URI" \
		    >/dev/null 2>"$H2DIR.p3" &
		mpid=$!
		wait_figures "$H2DIR.p3"
		frozen=$(ip netns pids vmdeck-lab2 2>/dev/null)
		kill -STOP $frozen 2>/dev/null
		t0=$(date +%s)
		wait_gone "$mpid" 1200
		t1=$(date +%s)
		kill -9 "$mpid" 2>/dev/null
		wait "$mpid"
		rc=$?
		src_state=$(virsh -q -c "$URI" domstate "$M4" 2>&1)
		kill -CONT $frozen 2>/dev/null
		if [ $rc -eq 1 ] && grep -q "the destination stopped answering" "$H2DIR.p3" &&
		    grep -q "still running on the source" "$H2DIR.p3" &&
		    [ "$src_state" = running ]; then
			ok "migration: a destination that stops answering mid-way: aborted after $((t1 - t0)) s (nothing sent for 30 s), the VM runs on the source, said so"
		else
			bad "migration: destination gone mid-way: exit $rc after $((t1 - t0)) s, source '$src_state': $(tail -n 2 "$H2DIR.p3")"
		fi
		# what it left there, once it answers again
		n=0
		while [ -n "$(state2 "$M4")" ] && [ $n -lt 100 ]; do
			virsh -q -c "$D" destroy "$M4" >/dev/null 2>&1
			sleep 0.2
			n=$((n + 1))
		done
	else
		bad "migration: the disk-less guest did not boot"
	fi
	virsh -q -c "$URI" destroy "$M4" >/dev/null 2>&1
	virsh -q -c "$URI" undefine "$M4" >/dev/null 2>&1

	# the migration view, from the lists: the second guest (running
	# here after the abort) goes there
	if [ -x "${LAB_TUI:-}" ] && [ "$(virsh -q -c "$URI" domstate "$M2" 2>/dev/null)" = running ]; then
		if "$LAB_TUI" migrate "$VMDECK" "$URI" "$D" "$M2"; then
			ok "migration view: options, checks, progress, the end, both lists by events"
		else
			bad "migration view (see above)"
		fi
	fi
	for v in "$M1" "$M2"; do
		virsh -q -c "$D" destroy "$v" >/dev/null 2>&1
		virsh -q -c "$D" undefine "$v" >/dev/null 2>&1
	done

	# one SSH login for everything: a host of the hosts file (its
	# transport left to the default, vmdeck's own session); listing, figures, a console and a VNC screen
	# of a VM there; sshd's own log counts the logins
	if [ -x "${LAB_TUI:-}" ]; then
		initrd=$(ls /var/lib/libvirt/boot/vmdeck-tiny-initrd-*.cpio 2>/dev/null | head -n 1)
		"$VMDECK" create -t tiny-linux -n "$M3-v" --set accel=tcg \
		    --set kernel="$kernel" --set initrd="$initrd" \
		    --set graphics=vnc --start -c "$D" >/dev/null 2>&1
		cfg=$(mktemp -d)
		mkdir -p "$cfg/vmdeck"
		printf '[general]\n' > "$cfg/vmdeck/config"
		cat > "$cfg/vmdeck/hosts" <<HOSTS
[lab2]
ssh = 10.231.0.2
user = root
keyfile = $H2DIR/id
known_hosts = $H2DIR/known_hosts
HOSTS
		l0=$(grep -c 'Accepted publickey' "$H2DIR/sshd.log")
		if XDG_CONFIG_HOME="$cfg" XDG_STATE_HOME="$cfg" "$LAB_TUI" onelogin \
		    "$VMDECK" lab2 "$M3-v"; then
			l1=$(grep -c 'Accepted publickey' "$H2DIR/sshd.log")
			if [ $((l1 - l0)) -eq 1 ]; then
				ok "one SSH login per host: listing, figures, a serial console and a VNC screen over the default transport (vmdeck's session) took exactly 1 login (sshd's log)"
			else
				bad "one SSH login per host: $((l1 - l0)) logins in sshd's log"
			fi
		else
			bad "one SSH login per host: the TUI checks (see above)"
		fi
		rm -rf "$cfg"
		virsh -q -c "$D" destroy "$M3-v" >/dev/null 2>&1
		virsh -q -c "$D" undefine "$M3-v" >/dev/null 2>&1
	fi
	mig_gone
	"$here/host2.sh" down "$H2DIR"
}
migrate_lab
if [ -n "${mig_alone:-}" ]; then
	echo "lab: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
fi
