#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# json.sh — every --json output of vmdeck read back by a real parser (jq):
# VMs, pools, volumes, networks, hosts and snapshots named with 4,990
# bytes and an emoji, and with a character of every Unicode plane (0-16)
# plus a bidi override, quote and backslash. Each output must parse and
# hold the names whole. Needs VMDECK_BIN and jq.
set -eu

bin=${VMDECK_BIN:?VMDECK_BIN}
if ! command -v jq >/dev/null 2>&1; then
	echo "json: SKIPPED: no jq (apt-get install jq)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" \
	XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$XDG_CONFIG_HOME/vmdeck"

# the names: made by printf from octal escapes (plain sh has no \U)
long=$(printf "%4990s" "" | tr ' ' n)$(printf '\360\237\230\200end')
planes="planes-$(printf '\303\251')"	# é, plane 0
for lead in '\360\220' '\360\240' '\360\260' '\361\200' '\361\220' \
    '\361\240' '\361\260' '\362\200' '\362\220' '\362\240' '\362\260' \
    '\363\200' '\363\220' '\363\240' '\363\260' '\364\200'; do
	planes="$planes$(printf "$lead\\204\\200")"	# U+n0100, planes 1-16
done
planes="$planes$(printf '\342\200\256 "\\')"		# U+202E, quote, backslash
node="$tmp/node.xml"
esc() { printf '%s' "$1" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/"/\&quot;/g'; }
{
	echo "<node>"
	for n in "$long" "$planes"; do
		cat <<XML
<domain type='test'><name>$(esc "$n")</name><memory>1048576</memory>
<vcpu>1</vcpu><os><type>hvm</type></os>
<devices><interface type='network'><mac address='52:54:00:00:00:0$(printf %s "$n" | wc -c | cut -c1)'/>
<source network='$(esc "$n")'/></interface></devices></domain>
<network><name>$(esc "$n")</name><bridge name='virbr$(printf %s "$n" | wc -c | cut -c1-2)'/>
<ip address='192.168.$(printf %s "$n" | wc -c | cut -c1-2).1' netmask='255.255.255.0'>
<dhcp><range start='192.168.$(printf %s "$n" | wc -c | cut -c1-2).2' end='192.168.$(printf %s "$n" | wc -c | cut -c1-2).9'/></dhcp></ip></network>
<pool type='dir'><name>$(esc "$n")</name><target><path>/p$(printf %s "$n" | wc -c | tr -d ' ')</path></target>
<volume><name>$(esc "$n")</name><capacity>1048576</capacity>
<target><path>/p$(printf %s "$n" | wc -c | tr -d ' ')/v</path></target></volume></pool>
XML
	done
	echo "</node>"
} > "$node"
uri="test://$node"
# host names are letters, digits and -_. (hostsfile_name_ok)
cat > "$XDG_CONFIG_HOME/vmdeck/hosts" <<INI
[lab-host]
uri = $uri
INI

pass=0
fail=0
# check WHAT NAME... : the JSON in $tmp/out.json parses (arrays or one object a
# line) and holds every NAME whole as a string somewhere
check() {
	what=$1
	shift
	out="$tmp/out.json"
	if ! jq -s . "$out" > /dev/null 2>"$tmp/jq.err"; then
		echo "json: FAIL: $what: not JSON: $(cat "$tmp/jq.err")"
		head -c 400 "$out"; echo
		fail=$((fail + 1))
		return
	fi
	for n in "$@"; do
		if ! jq -s -e --arg n "$n" '[.. | strings | select(. == $n)] |
		    length > 0' "$out" > /dev/null; then
			echo "json: FAIL: $what: lacks the name of $(printf %s "$n" |
			    wc -c) bytes whole"
			fail=$((fail + 1))
			return
		fi
	done
	echo "json: ok: $what"
	pass=$((pass + 1))
}

"$bin" list --json -c "$uri" > "$tmp/out.json" || true
check "list" "$long" "$planes"
"$bin" top --once --json -c "$uri" > "$tmp/out.json" || true
check "top --once" "$long" "$planes"
# KiB are whole numbers
if "$bin" top --once --json -c "$uri" | jq -s -e 'all(.[];
    (.mem_assigned_kib | type == "number" and floor == .) and
    (.mem_used_kib == null or (.mem_used_kib | floor == .)))' >/dev/null
then echo "json: ok: top's KiB are integers"; pass=$((pass + 1))
else echo "json: FAIL: top's KiB are not integers"; fail=$((fail + 1)); fi
"$bin" hosts --json > "$tmp/out.json" || true
check "hosts" "lab-host" "$uri"
"$bin" pool list --json -c "$uri" > "$tmp/out.json" || true
check "pool list" "$long" "$planes"
"$bin" pool info "$planes" --json -c "$uri" > "$tmp/out.json" || true
check "pool info" "$planes"
"$bin" vol list "$long" --json -c "$uri" > "$tmp/out.json" || true
check "vol list" "$long"
"$bin" net list --json -c "$uri" > "$tmp/out.json" || true
check "net list" "$long" "$planes"
"$bin" net info "$planes" --json -c "$uri" > "$tmp/out.json" || true
check "net info" "$planes"
"$bin" net leases "$long" --json -c "$uri" > "$tmp/out.json" 2>/dev/null || true
check "net leases"
"$bin" addr "$planes" --json -c "$uri" > "$tmp/out.json" || true
check "addr" "$planes"
"$bin" tag "$long" +web --json -c "$uri" > "$tmp/out.json" || true
check "tag" "$long"
"$bin" shutdown "$long" "$planes" --json -c "$uri" > "$tmp/out.json" || true
check "shutdown" "$long" "$planes"
"$bin" start --filter 'name:nnn*' --json -c "$uri" > "$tmp/out.json" || true
check "start --filter" "$long"
"$bin" snapshot list "$planes" --json -c "$uri" > "$tmp/out.json" || true
check "snapshot list"
"$bin" migrate "$planes" "test:///default" --json -c "$uri" \
	> "$tmp/out.json" 2>/dev/null || true
check "migrate (refused)" "$planes"
echo "json: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
