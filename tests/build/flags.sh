#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# flags.sh MAKE — the Makefile honours the packager's flags: CFLAGS,
# CPPFLAGS (from the environment) and LDFLAGS (on the command line) reach
# every compile and link of vmdeck; a changed PREFIX, version or CFLAGS
# makes a built object out of date, an unchanged build is up to date.
set -eu
make=${1:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
bad() { echo "check-flags: FAIL: $*"; fail=1; }

CFLAGS='-O1 -DVMDECK_PROBE_CFLAGS' CPPFLAGS='-DVMDECK_PROBE_CPPFLAGS' \
	$make --no-print-directory -n -B BUILD="$tmp/a" \
	LDFLAGS='-Wl,--hash-style=gnu' "$tmp/a/vmdeck" > "$tmp/n.out"
compiles=$(grep -c -- ' -c -o ' "$tmp/n.out" || true)
[ "$compiles" -gt 50 ] || bad "only $compiles compiles printed"
grep -- ' -c -o ' "$tmp/n.out" | grep -v -- '-DVMDECK_PROBE_CFLAGS' |
	head -1 | grep -q . && bad "a compile without CFLAGS"
grep -- ' -c -o ' "$tmp/n.out" | grep -v -- '-DVMDECK_PROBE_CPPFLAGS' |
	head -1 | grep -q . && bad "a compile without CPPFLAGS"
grep -- ' -c -o ' "$tmp/n.out" | grep -v -- '-O1' | head -1 | grep -q . &&
	bad "a compile without the user's -O1"
grep -- "-o $tmp/a/vmdeck " "$tmp/n.out" | grep -q -- '-Wl,--hash-style=gnu' ||
	bad "the link lacks LDFLAGS"

# plain make builds vmdeck (its first rule is another's)
$make --no-print-directory -n BUILD="$tmp/d" 2>&1 | grep -q -- "-o $tmp/d/vmdeck " ||
	bad "plain make does not build vmdeck"

# make (all) checks no Debian packages: a machine without dpkg builds
if $make --no-print-directory -n BUILD="$tmp/c" all 2>&1 | grep -q 'deps\.sh'; then
	bad "make all runs the package check"
fi

# one object built for real, then what makes it out of date
obj="$tmp/b/src/util/fmt.o"
$make --no-print-directory BUILD="$tmp/b" "$obj" > /dev/null
$make --no-print-directory -q BUILD="$tmp/b" "$obj" ||
	bad "an unchanged build is not up to date"
for change in PREFIX=/usr VERSION=9.9.9 CFLAGS=-O0 CPPFLAGS=-DX=1; do
	if $make --no-print-directory -q BUILD="$tmp/b" "$change" "$obj"; then
		bad "$change does not rebuild"
	fi
done
[ "$fail" -eq 0 ] || exit 1
echo "check-flags: CFLAGS, CPPFLAGS and LDFLAGS reach $compiles compiles and the link; PREFIX, VERSION, CFLAGS, CPPFLAGS changes rebuild; plain make builds vmdeck; make all needs no dpkg"
