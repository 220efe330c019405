#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Differential test of vmdeck's host-key decision against OpenSSH's: a
# loopback sshd with an ed25519, an RSA and an ECDSA host key; for each of
# N generated cases (known_hosts lines plain, bracketed, bare-host,
# hashed, wildcard, negated, @revoked, rsa-sha2 labels, whitespace inside
# blobs, CR separators, NUL bytes, garbage, a last line without a newline
# that takes its key from the line before; one or two UserKnownHostsFiles;
# HostKeyAlias; RevokedHostKeys) the real
#   ssh -F CFG -o BatchMode=yes -o StrictHostKeyChecking=yes DEST true
# and vmdeck's session (kh_decide) each accept or refuse the server's key.
# vmdeck accepting what ssh refuses fails the suite; the other way round
# is reported (and fails too: none is expected).
#   diff.sh [CASES]
set -u
n=${1:-150}
: "${KH_DECIDE:?}"
sshd=$(command -v sshd || echo /usr/sbin/sshd)
if [ ! -x "$sshd" ] || ! command -v ssh >/dev/null || ! command -v ssh-keygen >/dev/null; then
	echo "ssh-diff: SKIPPED: needs ssh, ssh-keygen and sshd (openssh-server)"
	exit 0
fi
d=$(mktemp -d /tmp/vmdeck-sshdiff.XXXXXX)
trap 'kill $(cat "$d/sshd.pid" 2>/dev/null) 2>/dev/null; rm -rf "$d"' EXIT
for t in ed25519 rsa ecdsa; do
	ssh-keygen -q -t $t -N '' -f "$d/hk_$t" || exit 1
	ssh-keygen -q -t $t -N '' -f "$d/ot_$t" || exit 1
done
port=$((20000 + RANDOM % 20000))
cat >"$d/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $d/hk_ed25519
HostKey $d/hk_rsa
HostKey $d/hk_ecdsa
PidFile $d/sshd.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile /dev/null
CFG
"$sshd" -f "$d/sshd_config" -E "$d/sshd.log" || { echo "ssh-diff: SKIPPED: sshd did not start: $(tail -1 "$d/sshd.log")"; exit 0; }
for _ in $(seq 100); do [ -s "$d/sshd.pid" ] && break; sleep 0.05; done

algo() { case $1 in ed25519) echo ssh-ed25519;; rsa) echo rsa-sha2-512;; ecdsa) echo ecdsa-sha2-nistp256;; esac; }
pick() { local a=("$@"); echo "${a[RANDOM % ${#a[@]}]}"; }
# one known_hosts line for name naming key file $2.pub, in a random shape
line() {
	local name=$1 pub=$2 type blob shape
	read -r type blob _ <"$pub"
	shape=$(pick plain plain plain revoked rsalabel ws cr hashed hashed wild neg badmark cert bad64 long nulsep short)
	case $shape in
	plain) printf '%s %s %s\n' "$name" "$type" "$blob";;
	revoked) printf '@revoked %s %s %s\n' "$(pick "$name" '*' '127.0.0.1')" "$type" "$blob";;
	rsalabel) [ "$type" = ssh-rsa ] && type=$(pick rsa-sha2-256 rsa-sha2-512)
		printf '%s%s %s %s\n' "$(pick '' '@revoked ')" "$name" "$type" "$blob";;
	ws) printf '%s%s %s %s%s%s\n' "$(pick '' '@revoked ')" "$name" "$type" "${blob:0:20}" "$(pick $'\v' $'\f' $'\r')" "${blob:20}";;
	cr) printf '%s\r%s %s\n' "$name" "$type" "$blob";;
	hashed) printf '%s %s %s\n' "$name" "$type" "$blob" >"$d/h"
		ssh-keygen -q -H -f "$d/h" >/dev/null 2>&1; grep -v '^#' "$d/h"; rm -f "$d/h" "$d/h.old";;
	wild) printf '%s %s %s\n' "$(pick '127.0.0.*' '[127.0.0.1]:*' '*' 'x,*1*' '[127.0.0.?]:*' 'ALIAS*')" "$type" "$blob";;
	neg) printf '%s %s %s\n' "$(pick "*,!$name" "!$name,*" "*,!127.0.0.1" "*,!nomatch")" "$type" "$blob";;
	badmark) printf '%s %s %s %s\n' "$(pick @foo @revoked@ @cert-authority)" "$name" "$type" "$blob";;
	cert) printf '@cert-authority %s %s %s\n' "$name" "$type" "$blob";;
	bad64) printf '%s %s %sx\n' "$name" "$type" "$blob";;
	long) printf '%s,%s %s %s\n' "$(head -c $(pick 1021 1022 1023 1024) /dev/zero | tr '\0' a)" "$name" "$type" "$blob";;
	# a NUL after the host field (OpenSSH reads on after it), before or
	# after a blank
	nulsep) printf '%s%s%b%s %s\n' "$(pick '' '@revoked ')" "$name" "$(pick '\0' '\0 ' ' \0' '\0\0')" "$type" "$blob";;
	# OpenSSH's short type names, any case
	short) case $type in ssh-ed25519) type=$(pick ed25519 ED25519 Ed25519);; ecdsa*) type=$(pick ecdsa ECDSA);; *) type=$(pick rsa RSA);; esac
		printf '%s%s %s %s\n' "$(pick '' '@revoked ')" "$name" "$type" "$blob";;
	esac
}

fail=0 same=0 looser=0 stricter=0 accepted=0
for i in $(seq "$n"); do
	t=$(pick ed25519 rsa ecdsa)
	alias=$(pick "" "" "" "ALIASX")
	bracket="[127.0.0.1]:$port"
	: >"$d/kh1"; : >"$d/kh2"; : >"$d/rev"
	nl=$((RANDOM % 4 + 1))
	for _ in $(seq $nl); do
		name=$(pick "$bracket" "$bracket" 127.0.0.1 "${alias:-$bracket}" other.example)
		key=$(pick "$d/hk_$t" "$d/hk_$t" "$d/ot_$t" "$d/hk_$(pick ed25519 rsa ecdsa)")
		file=$(pick kh1 kh1 kh2)
		[ $((RANDOM % 12)) = 0 ] && printf 'junk\0 ' >>"$d/$file"
		[ $((RANDOM % 10)) = 0 ] && printf '# comment\n\n   \t\n' >>"$d/$file"
		line "$name" "$key.pub" >>"$d/$file"
	done
	if [ $((RANDOM % 5)) = 0 ]; then
		# the file's last line without a newline, hosts only: OpenSSH
		# reads its key from the bytes the line before left in its line
		# buffer (where the filler's host field is as long as it)
		file=$(pick kh1 kh2)
		last="$(pick '' '' '@revoked ')$(pick "$bracket" 127.0.0.1 "${alias:-$bracket}")"
		read -r type blob _ <"$(pick "$d/hk_$t" "$d/hk_$t" "$d/ot_$t").pub"
		filler=$(head -c $((${#last} + $(pick 0 0 0 1 -1))) /dev/zero | tr '\0' f)
		printf '%s %s %s\n%s' "$filler" "$type" "$blob" "$last" >>"$d/$file"
	fi
	revoked=""
	if [ $((RANDOM % 6)) = 0 ]; then
		cp "$(pick "$d/hk_$t.pub" "$d/ot_$t.pub")" "$d/rev"
		revoked="RevokedHostKeys $d/rev"
	fi
	cat >"$d/cfg" <<CFG
Host target
  HostName 127.0.0.1
  Port $port
  User nobody
  HostKeyAlgorithms $(algo $t)
  UserKnownHostsFile $d/kh1 $d/kh2
  GlobalKnownHostsFile /dev/null
  IdentitiesOnly yes
  IdentityFile /dev/null
  ConnectTimeout 10
  ${alias:+HostKeyAlias $alias}
  $revoked
CFG
	out=$(timeout 20 ssh -F "$d/cfg" -o BatchMode=yes -o StrictHostKeyChecking=yes target true 2>&1 </dev/null)
	if grep -q "Permission denied" <<<"$out"; then ossh=accept; else ossh=refuse; fi
	mine=$(timeout 20 "$KH_DECIDE" "$d/cfg" target)
	[ "$ossh" = accept ] && accepted=$((accepted + 1))
	if [ "$ossh" = "${mine%% *}" ]; then
		same=$((same + 1))
	else
		fail=1
		if [ "$ossh" = refuse ]; then looser=$((looser + 1)); what="vmdeck ACCEPTS what OpenSSH refuses"
		else stricter=$((stricter + 1)); what="vmdeck refuses what OpenSSH accepts"; fi
		echo "ssh-diff case $i ($t key${alias:+, HostKeyAlias $alias}${revoked:+, RevokedHostKeys}): $what"
		echo "  OpenSSH: $(tail -1 <<<"$out")"
		echo "  vmdeck:  $mine"
		for f in kh1 kh2; do echo "  $f:"; cat -A "$d/$f" | cut -c1-160 | sed 's/^/    /'; done
		mkdir -p /tmp/vmdeck-sshdiff-failed; cp -r "$d" "/tmp/vmdeck-sshdiff-failed/case$i"
	fi
done
echo "ssh-diff: $n cases against $(ssh -V 2>&1): $same agree ($accepted accepted by OpenSSH), $looser where vmdeck is looser, $stricter where it is stricter"
exit $fail
