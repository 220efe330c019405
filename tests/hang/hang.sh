#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# No subcommand waits for ever: against a listener that takes the TCP
# connection and never speaks, each of vmdeck's subcommands and the
# full-screen view, given --timeout 2, ends within a bound with "no
# answer" named, and leaves no ssh process behind.
#   SILENT=… HANG_TUI=… VMDECK_BIN=… hang.sh
set -u
: "${SILENT:?}" "${HANG_TUI:?}" "${VMDECK_BIN:?}"
d=$(mktemp -d /tmp/vmdeck-hang.XXXXXX)
"$SILENT" > "$d/port" &
spid=$!
trap 'kill $spid 2>/dev/null; rm -rf "$d"' EXIT
i=0
while [ ! -s "$d/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
p=$(cat "$d/port")
mkdir -p "$d/xdg/vmdeck"
cat > "$d/xdg/vmdeck/hosts" <<EOF2
[silent-ssh]
ssh = 127.0.0.1
port = $p
[silent-libssh]
ssh = 127.0.0.1
port = $p
transport = libssh
[silent-uri]
uri = qemu+ssh://127.0.0.1:$p/system?no_tty=1
EOF2
ssh_uri="qemu+ssh://127.0.0.1:$p/system"
fails=0
check() {
	bound=$1
	shift
	t0=$(date +%s%N)
	out=$(XDG_CONFIG_HOME="$d/xdg" timeout 60 "$VMDECK_BIN" --timeout 2 "$@" 2>&1 </dev/null)
	rc=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	left=$(pgrep -f "ssh.*$p" | wc -l)
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ $ms -lt "$bound" ] &&
	    echo "$out" | grep -q "no answer" && [ "$left" -eq 0 ]; then
		echo "hang: ok: vmdeck $* ends in $ms ms, \"no answer\" named"
	else
		echo "hang: FAILED: vmdeck $*: exit $rc after $ms ms (bound $bound), $left ssh left: $out"
		fails=$((fails + 1))
	fi
}
check 6000 list -c "$ssh_uri"
check 6000 list -c "qemu+libssh://127.0.0.1:$p/system?known_hosts=/dev/null"
check 6000 list -H silent-ssh
check 6000 list -H silent-libssh
check 6000 list -H silent-uri
check 9000 hosts
check 9000 hosts --json
check 6000 top --once -c "$ssh_uri"
check 6000 console -c "$ssh_uri" vm1
check 6000 screenshot -c "$ssh_uri" vm1 "$d/shot.png"
check 6000 start -c "$ssh_uri" vm1
check 6000 host-setup -c "$ssh_uri"
check 6000 create -c "$ssh_uri" --template tiny-linux --name vm1
check 6000 clone -c "$ssh_uri" vm1 --name vm2
if "$HANG_TUI" "$VMDECK_BIN" "$ssh_uri"; then :; else fails=$((fails + 1)); fi
left=$(pgrep -f "ssh.*$p" | wc -l)
if [ "$left" -ne 0 ]; then
	echo "hang: FAILED: $left ssh processes left after the view"
	fails=$((fails + 1))
fi
[ $fails -eq 0 ]
