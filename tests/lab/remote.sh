# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by tests/lab/run.sh (its ok, bad and counters), or run alone:
#   VMDECK_BIN=build/vmdeck sh tests/lab/remote.sh
# Remote hosts over SSH against the lab's own libvirtd: a throwaway sshd
# on 127.0.0.1 with generated host and user keys; an ssh alias in
# /etc/ssh/ssh_config.d (OpenSSH takes the home directory from the
# password database, not $HOME, so a throwaway HOME cannot carry it),
# removed afterwards; a hosts file in a throwaway XDG_CONFIG_HOME.
# qemu+ssh and qemu+libssh must list the same VMs as qemu:///system; a
# closed port is unreachable at once; an unknown and a changed host key
# are refused, each named.

if [ -z "${URI:-}" ]; then
	. "$(cd "$(dirname "$0")" && pwd)/alone.sh"
	remote_alone=1
	# as run.sh: the host set up, so the full-screen checks are not asked
	"$VMDECK" host-setup -c "$URI" >/dev/null 2>&1
fi

here=${here:-$(cd "$(dirname "$0")" && pwd)}
. "$here/sshd-lab.sh"

remote_skip() {
	echo "lab: SKIPPED: $*"
	skipped=$((skipped + 1))
}

# The VM names a `vmdeck list` prints, sorted, on one line.
remote_names() {
	awk 'NR > 1 && $1 != "Id" && !/:$/ { print $2 }' | sort | tr '\n' ' '
}

# A host's "state" in `vmdeck hosts --json`.
remote_state() {
	grep "\"name\": \"$1\"" | sed -n 's/.*"state": "\([^"]*\)".*/\1/p'
}

remote_lab() {
	if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null; then
		remote_skip "remote hosts: sshd or ssh-keygen is not installed"
		return
	fi
	T=$(mktemp -d /tmp/vmdeck-lab-ssh.XXXXXX)
	PORT=${VMDECK_LAB_SSH_PORT:-22522}
	ALIAS=$LAB_SSH_ALIAS
	if ! lab_sshd_up "$T" "$PORT"; then
		bad "remote hosts: sshd did not start on 127.0.0.1:$PORT: $(tail -n 3 "$T/sshd.log" 2>/dev/null)"
		lab_sshd_down "$T"
		rm -rf "$T"
		return
	fi
	mkdir -p "$T/xdg/vmdeck"
	cat > "$T/xdg/vmdeck/hosts" <<EOF
; the lab's hosts: the same libvirtd over libvirt's two ssh transports
; and vmdeck's own (the default; its logins are counted in migrate.sh),
; and a closed port
[over-ssh]
ssh = $ALIAS
transport = ssh

[over-vmdeck]
ssh = $ALIAS-vmdeck

[over-libssh]
ssh = 127.0.0.1
port = $PORT
user = root
keyfile = $T/id
known_hosts = $T/known_hosts
transport = libssh

[closed]
uri = qemu+tcp://127.0.0.1:1/system
EOF
	want=$("$VMDECK" list -c "$URI" 2>/dev/null | remote_names)
	for h in over-ssh over-libssh; do
		got=$(XDG_CONFIG_HOME="$T/xdg" timeout 60 "$VMDECK" list -H "$h" 2>&1)
		if [ -n "$want" ] && [ "$(echo "$got" | remote_names)" = "$want" ]; then
			ok "remote hosts: vmdeck list -H $h lists what qemu:///system lists ($want)"
		else
			bad "remote hosts: vmdeck list -H $h: $got"
		fi
	done
	# storage over SSH: the pools listed, a file uploaded through the
	# stream over each transport and read back on the host
	mkdir -p "$T/rpool"
	"$VMDECK" pool define vmdeck-lab-rpool --path "$T/rpool" -c "$URI" >/dev/null 2>&1
	"$VMDECK" vol create vmdeck-lab-rpool r.raw 4M --format raw -c "$URI" >/dev/null 2>&1
	for h in over-ssh over-libssh; do
		head -c 4M /dev/urandom > "$T/r.bin"
		pools=$(XDG_CONFIG_HOME="$T/xdg" timeout 60 "$VMDECK" pool list -H "$h" 2>&1)
		up=$(XDG_CONFIG_HOME="$T/xdg" timeout 60 "$VMDECK" vol upload r.raw "$T/r.bin" --pool vmdeck-lab-rpool -H "$h" 2>&1)
		if echo "$pools" | grep -q "vmdeck-lab-rpool  *running" &&
		    echo "$up" | grep -q "Uploaded" && cmp -s "$T/r.bin" "$T/rpool/r.raw"; then
			ok "remote hosts: over $h the pools are listed and a 4 MiB upload through the stream arrives whole"
		else
			bad "remote hosts: storage over $h: $pools; $up"
		fi
	done
	"$VMDECK" pool delete vmdeck-lab-rpool -c "$URI" >/dev/null 2>&1
	out=$(XDG_CONFIG_HOME="$T/xdg" timeout 60 "$VMDECK" hosts --json 2>&1)
	closed_ms=$(echo "$out" | grep '"name": "closed"' | sed -n 's/.*"ms": \([0-9]*\).*/\1/p')
	if [ "$(echo "$out" | remote_state over-ssh)" = connected ] &&
	    [ "$(echo "$out" | remote_state over-libssh)" = connected ] &&
	    [ "$(echo "$out" | remote_state closed)" = unreachable ] &&
	    [ "${closed_ms:-99999}" -lt 5000 ]; then
		ok "remote hosts: vmdeck hosts: both transports connected, the closed port unreachable in ${closed_ms} ms"
	else
		bad "remote hosts: vmdeck hosts --json: $out"
	fi
	# the full-screen view on the same hosts
	if [ -x "${LAB_TUI:-}" ]; then
		name=$(echo "$want" | awk '{ print $1 }')
		# the pool and network up, so no setup question comes between
		# the checks and their keys
		"$VMDECK" host-setup -c "$URI" >/dev/null 2>&1
		if "$LAB_TUI" remote "$VMDECK" "$T/xdg" "$name"; then
			ok "remote TUI: hosts by name, unreachable within 5 s, keepalive, reconnect"
		else
			bad "remote TUI checks (see above)"
		fi
		# an sshd that forwards to no socket: the default transport
		# falls back to libvirt's ssh, and says so
		cp "$T/sshd_config" "$T/sshd_config.was"
		echo "AllowStreamLocalForwarding no" >> "$T/sshd_config"
		if lab_sshd_restart "$T" &&
		    "$LAB_TUI" fallback "$VMDECK" "$T/xdg" "$name"; then
			ok "remote TUI: an sshd refusing stream-local forwarding: the host connects with libvirt's ssh transport, the message log says why"
		else
			bad "remote TUI: stream-local fallback (see above)"
		fi
		cp "$T/sshd_config.was" "$T/sshd_config"
		lab_sshd_restart "$T" ||
		    bad "remote hosts: the lab's sshd did not start again"
	fi
	# the host-key checks below ask about libvirt's two transports' hosts
	sed -i '/^\[over-vmdeck\]$/,/^ssh = /d' "$T/xdg/vmdeck/hosts"
	# a VM's screen over SSH: the run's VNC guest, if it runs
	if [ -x "${LAB_TUI:-}" ] && [ -n "${VNC_VM:-}" ]; then
		if "$LAB_TUI" vnc "$VMDECK" over-ssh "$VNC_VM" "$T/xdg"; then
			ok "remote VNC: the guest's screen through vmdeck's SSH session, typing, menu, back"
		else
			bad "remote VNC checks (see above)"
		fi
	fi
	# an unknown host key: nothing in known_hosts
	cp "$T/known_hosts" "$T/known_hosts.good"
	: > "$T/known_hosts"
	out=$(XDG_CONFIG_HOME="$T/xdg" timeout 60 "$VMDECK" hosts --json 2>&1)
	if [ "$(echo "$out" | remote_state over-ssh)" = "host key unknown" ] &&
	    [ "$(echo "$out" | remote_state over-libssh)" = "host key unknown" ] &&
	    [ ! -s "$T/known_hosts" ]; then
		ok "remote hosts: an unknown host key is refused on both transports, and nothing is written to known_hosts"
	else
		bad "remote hosts: unknown key: $out"
	fi
	# a -c URI (no hosts file entry) is checked the same way
	if [ -x "${LAB_TUI:-}" ]; then
		if "$LAB_TUI" hostkey-uri "$VMDECK" "qemu+ssh://$ALIAS/system?no_tty=1" "$T/known_hosts"; then
			ok "remote TUI: -c qemu+ssh:// asks about an unknown key, Esc writes nothing"
		else
			bad "remote TUI -c URI host key checks (see above)"
		fi
	fi
	# the same in the full-screen view: a dialog, a no, r, a yes, then
	# the key changed under open sessions (the old daemon's session
	# processes ended after it restarts with a new key)
	if [ -x "${LAB_TUI:-}" ]; then
		rekey="kids=\$(pgrep -P \$(cat $T/sshd.pid)); rm -f $T/hostkey $T/hostkey.pub; ssh-keygen -q -t ed25519 -N '' -C lab-host-3 -f $T/hostkey && . $here/sshd-lab.sh && lab_sshd_restart $T && kill \$kids"
		if "$LAB_TUI" hostkey "$VMDECK" "$T/xdg" "$T/known_hosts" "$rekey"; then
			ok "remote TUI: host key dialog, yes and no, a key changed mid-session refused"
		else
			bad "remote TUI host key checks (see above)"
		fi
	fi
	# a changed host key: the host's key regenerated, known_hosts keeps
	# the old one
	cp "$T/known_hosts.good" "$T/known_hosts"
	rm -f "$T/hostkey" "$T/hostkey.pub"
	ssh-keygen -q -t ed25519 -N '' -C lab-host-2 -f "$T/hostkey"
	if lab_sshd_restart "$T"; then
		out=$(XDG_CONFIG_HOME="$T/xdg" timeout 60 "$VMDECK" hosts --json 2>&1)
		if [ "$(echo "$out" | remote_state over-ssh)" = "host key changed" ] &&
		    [ "$(echo "$out" | remote_state over-libssh)" = "host key changed" ] &&
		    cmp -s "$T/known_hosts" "$T/known_hosts.good"; then
			ok "remote hosts: a changed host key is refused on both transports, known_hosts untouched"
		else
			bad "remote hosts: changed key: $out"
		fi
	else
		bad "remote hosts: sshd did not restart with a new key"
	fi
	lab_sshd_down "$T"
	rm -rf "$T"
}

remote_lab
if [ -n "${remote_alone:-}" ]; then
	echo "lab: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
fi
