#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# cli.sh — the command line as a user meets it: --help's synopsis has a
# line for every subcommand (the words the completion offers) and -H
# wherever -c is; getopt_long's forms (-hV, --vers); -r refusing a start
# before connecting, the VM left running. Needs VMDECK_BIN.
set -u
bin=${VMDECK_BIN:?VMDECK_BIN}
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "cli: FAIL: $*"; fail=$((fail + 1)); }

help=$("$bin" --help)
synopsis=$(echo "$help" | sed -n '1,/^$/p')
for w in $("$bin" --complete 1 vmdeck | tail -n +2); do
	if echo "$synopsis" | grep -q "vmdeck $w\\b" ||
	    echo "$synopsis" | grep -A3 'ACTION:' | grep -q "\\b$w\\b"; then
		ok
	else
		bad "--help's synopsis has no line for $w"
	fi
done
echo "$synopsis" | grep -- '-c URI' | grep -v -- '-H NAME' | grep -q . &&
	bad "a synopsis line with -c URI but no -H NAME"
"$bin" -hV | grep -q '^usage: vmdeck' && ok || bad "-hV printed no usage"
[ "$("$bin" --vers)" = "$("$bin" -V)" ] && ok || bad "--vers is not --version"

out=$("$bin" -r start test -c test:///default 2>&1)
rc=$?
[ "$rc" -eq 2 ] && ok || bad "-r start exited $rc"
echo "$out" | grep -q 'vmdeck start changes the host; -r (--readonly) refuses it' &&
	ok || bad "-r start said: $out"
out=$("$bin" -r list -c test:///default 2>&1)
echo "$out" | grep -q ' test  running' && ok || bad "-r list: $out"
echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
