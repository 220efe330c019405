#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# The SSH pump at rest: a loopback sshd with a generated host and user
# key, and fwd_idle (a session, one forward to the sshd itself, closed;
# then the CPU the process uses in 2 s). Skips, saying why, where there is
# no sshd.
set -u
: "${FWD_IDLE:?}"
sshd=$(command -v sshd || echo /usr/sbin/sshd)
if [ ! -x "$sshd" ] || ! command -v ssh-keygen >/dev/null; then
	echo "ssh-idle: SKIPPED: needs ssh-keygen and sshd (openssh-server)"
	exit 0
fi
d=$(mktemp -d /tmp/vmdeck-sshidle.XXXXXX)
trap 'kill $(cat "$d/sshd.pid" 2>/dev/null) 2>/dev/null; rm -rf "$d"' EXIT
ssh-keygen -q -t ed25519 -N '' -f "$d/hk" && ssh-keygen -q -t ed25519 -N '' -f "$d/id" || exit 1
cp "$d/id.pub" "$d/authorized_keys"
port=$((20000 + RANDOM % 20000))
mkdir -p /run/sshd
cat >"$d/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $d/hk
PidFile $d/sshd.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AuthorizedKeysFile $d/authorized_keys
AllowTcpForwarding yes
CFG
"$sshd" -f "$d/sshd_config" -E "$d/sshd.log" || { echo "ssh-idle: SKIPPED: sshd did not start: $(tail -1 "$d/sshd.log")"; exit 0; }
for _ in $(seq 100); do [ -s "$d/sshd.pid" ] && break; sleep 0.05; done
echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$d/hk.pub")" >"$d/known_hosts"
cat >"$d/cfg" <<CFG
Host target
  HostName 127.0.0.1
  Port $port
  User $(id -un)
  IdentityFile $d/id
  IdentitiesOnly yes
  UserKnownHostsFile $d/known_hosts
  GlobalKnownHostsFile /dev/null
CFG
if timeout 60 "$FWD_IDLE" "$d/cfg" target "$port"; then
	echo "ssh-idle: ok: the pump rests after the last forward closes"
else
	echo "ssh-idle: FAILED (sshd log: $(tail -3 "$d/sshd.log"))"
	exit 1
fi
