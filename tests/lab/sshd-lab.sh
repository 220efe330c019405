# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced: a throwaway sshd on 127.0.0.1 for the lab and bench/remote.
#   lab_sshd_up DIR PORT   keys, config and sshd in DIR; root may log in
#                          with DIR/id; DIR/known_hosts knows the host key;
#                          the ssh alias vmdeck-lab-ssh (and vmdeck-lab-ssh-*)
#                          reaches it (a file in
#                          /etc/ssh/ssh_config.d: OpenSSH takes the home
#                          directory from the password database, so a
#                          throwaway HOME cannot carry it)
#   lab_sshd_restart DIR   start it again (after a new host key)
#   lab_sshd_down DIR      stop it and remove the alias
LAB_SSH_ALIAS=vmdeck-lab-ssh
LAB_SSH_CONF=/etc/ssh/ssh_config.d/vmdeck-lab.conf

lab_sshd_restart() {
	[ -f "$1/sshd.pid" ] && kill "$(cat "$1/sshd.pid")" 2>/dev/null
	rm -f "$1/sshd.pid"
	/usr/sbin/sshd -f "$1/sshd_config" -E "$1/sshd.log" || return 1
	_i=0
	while [ ! -s "$1/sshd.pid" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -s "$1/sshd.pid" ]
}

lab_sshd_up() {
	ssh-keygen -q -t ed25519 -N '' -C lab-host -f "$1/hostkey" &&
	ssh-keygen -q -t ed25519 -N '' -C lab-user -f "$1/id" || return 1
	cp "$1/id.pub" "$1/authorized_keys"
	mkdir -p /run/sshd /etc/ssh/ssh_config.d
	cat > "$1/sshd_config" <<EOF
Port $2
ListenAddress 127.0.0.1
HostKey $1/hostkey
PidFile $1/sshd.pid
AuthorizedKeysFile $1/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 200
MaxSessions 200
EOF
	lab_sshd_restart "$1" || return 1
	echo "[127.0.0.1]:$2 $(cut -d' ' -f1,2 "$1/hostkey.pub")" > "$1/known_hosts"
	cat > "$LAB_SSH_CONF" <<EOF
Host $LAB_SSH_ALIAS $LAB_SSH_ALIAS-*
    HostName 127.0.0.1
    Port $2
    User root
    IdentityFile $1/id
    IdentitiesOnly yes
    UserKnownHostsFile $1/known_hosts
    StrictHostKeyChecking yes
EOF
}

lab_sshd_down() {
	[ -f "$1/sshd.pid" ] && kill "$(cat "$1/sshd.pid")" 2>/dev/null
	rm -f "$LAB_SSH_CONF"
}
