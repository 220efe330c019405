#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# completion.sh — completion/vmdeck.bash loaded in bash and asked, as a
# Tab would, for subcommands, verbs, options, hosts-file names, templates,
# the VMs of the host on the line, and file names where a file goes.
# Needs VMDECK_BIN.
set -eu
bin=$(cd "$(dirname "${VMDECK_BIN:?VMDECK_BIN}")" && pwd)/$(basename "$VMDECK_BIN")
src=$(cd "$(dirname "$0")/../.." && pwd)/completion/vmdeck.bash
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$tmp/bin" "$tmp/config/vmdeck" "$tmp/files"
ln -s "$bin" "$tmp/bin/vmdeck"
printf '[kvm-east]\nuri = test:///default\n[kvm-west]\nssh = west\n' \
	> "$tmp/config/vmdeck/hosts"
: > "$tmp/files/shot-one.png"

pass=0
fail=0
# ask EXPECTED WORDS... : the completions of the last word (may be
# empty), sorted and joined by spaces, must be EXPECTED
ask() {
	want=$1
	shift
	got=$(cd "$tmp/files" && HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" \
		PATH="$tmp/bin:$PATH" bash -c '
		. "$0"
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_vmdeck
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
		"$src" vmdeck "$@")
	got=${got% }
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		echo "completion: FAIL: vmdeck $*<Tab>: [$got], not [$want]"
		fail=$((fail + 1))
	fi
}

ask "snapshot" sn
ask "autostart define delete info list refresh start stop" pool ""
ask "create delete list revert" snapshot ""
ask "--readonly" --rea
ask "kvm-east kvm-west" list -H ""
ask "tiny-linux" create -t ti
ask "test" start -c test:///default ""
ask "test" -c test:///default shutdown t
ask "test" -H kvm-east console ""
ask "qcow2 raw" vol create p v 1G --format ""
ask "shot-one.png" screenshot test sh
ask "kvm-east kvm-west" migrate test ""
ask "" tag test ""
echo "completion: $pass passed, $fail failed (bash; zsh's _vmdeck asks the same command)"
[ "$fail" -eq 0 ]
