# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by tests/lab/run.sh (its ok, bad, here), or run alone:
#   VMDECK_BIN=build/vmdeck sh tests/lab/deb.sh
# The Debian package: make deb builds it (dpkg-buildpackage, lintian with
# no errors, hardening-check), then it is installed on this machine,
# /usr/bin/vmdeck answers --version, lists test:///default, finds its
# templates in /usr/share/vmdeck, its manual names that directory and
# bash finds its completion; then it is removed again.

if [ -z "${URI:-}" ]; then
	. "$(cd "$(dirname "$0")" && pwd)/alone.sh"
	deb_alone=1
fi
# the tree (not $top: a lab section uses that name for a disk path)
deb_top=$(cd "${here:-$(dirname "$0")}/../.." && pwd)

if dpkg-query -W -f='${Status}' vmdeck 2>/dev/null | grep -q 'ok installed'; then
	echo "lab: SKIPPED: a vmdeck package is installed already; not replacing it"
	skipped=$((skipped + 1))
elif ! command -v dpkg-buildpackage >/dev/null || ! command -v lintian >/dev/null; then
	echo "lab: SKIPPED: the package tools are missing (scripts/deps.sh deb)"
	skipped=$((skipped + 1))
elif ! out=$(cd "$deb_top" && env -u MAKEFLAGS -u MFLAGS make --no-print-directory deb 2>&1); then
	bad "make deb: $(echo "$out" | tail -n 15)"
else
	ok "make deb: built, lintian reports no error, hardening-check passes"
	debfile=$(ls "$deb_top"/build/deb/vmdeck_*_*.deb | head -n 1)
	if ! out=$(dpkg -i "$debfile" 2>&1); then
		bad "dpkg -i $debfile: $out"
	else
		v=$(/usr/bin/vmdeck --version 2>&1)
		l=$(/usr/bin/vmdeck list -c test:///default 2>&1)
		t=$(/usr/bin/vmdeck templates 2>&1)
		if [ "$v" = "vmdeck $(sed -n 's/^VERSION *:= *//p' "$deb_top/Makefile")" ] &&
		    echo "$l" | grep -q ' test  running' &&
		    echo "$t" | grep -q '^tiny-linux' &&
		    [ -f /usr/share/vmdeck/templates/tiny-linux.ini ] &&
		    zcat -f /usr/share/man/man1/vmdeck.1* | grep -q '/usr/share/vmdeck/themes' &&
		    bash -c '. /usr/share/bash-completion/completions/vmdeck &&
			COMP_WORDS=(vmdeck sna); COMP_CWORD=1; _vmdeck;
			[ "${COMPREPLY[*]}" = snapshot ]' 2>/dev/null; then
			ok "the installed package: $v, lists test:///default, its templates, manual and completion in /usr"
		else
			bad "the installed package: version [$v], list [$l], templates [$(echo "$t" | head -n 2)]"
		fi
		dpkg -r vmdeck >/dev/null 2>&1 || bad "dpkg -r vmdeck failed"
		[ ! -e /usr/bin/vmdeck ] || bad "/usr/bin/vmdeck is left after dpkg -r"
	fi
fi
if [ -n "${deb_alone:-}" ]; then
	echo "lab: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
fi
