# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by tests/lab/run.sh (its ok, bad), or run alone:
#   VMDECK_BIN=build/vmdeck sh tests/lab/uridefault.sh
# libvirt.conf's uri_default, differentially: for generated files (each
# quoting and spacing libvirt's reader takes, duplicates, comments, other
# keys before it) the connection `vmdeck list` opens with no -c must be
# the one `virsh uri` names. /etc/libvirt/libvirt.conf is put back after.

if [ -z "${URI:-}" ]; then
	. "$(cd "$(dirname "$0")" && pwd)/alone.sh"
	ud_alone=1
fi
conf=/etc/libvirt/libvirt.conf
if [ "$(id -u)" -ne 0 ] || [ ! -f "$conf" ] || ! command -v virsh >/dev/null ||
    ! command -v jq >/dev/null; then
	echo "lab: SKIPPED: uri_default needs root, $conf, virsh and jq"
	skipped=$((skipped + 1))
else
	ud_tmp=$(mktemp -d)
	cp "$conf" "$ud_tmp/orig.conf"
	printf '<node><domain type="test"><name>b-vm</name><memory>1024</memory><os><type>hvm</type></os></domain></node>\n' \
		> "$ud_tmp/b.xml"
	A=test:///default
	B="test://$ud_tmp/b.xml"
	ud_form() {	# FORM VALUE: one line of libvirt.conf
		case $1 in
		1) printf 'uri_default = "%s"\n' "$2" ;;
		2) printf 'uri_default="%s"\n' "$2" ;;
		3) printf "uri_default = '%s'\n" "$2" ;;
		4) printf '  uri_default\t=\t"%s"\n' "$2" ;;
		5) printf 'uri_default = "%s"  # a note\n' "$2" ;;
		6) printf '#uri_default = "%s"\n' "$2" ;;
		7) printf 'uri_aliases = [ "b=%s" ]\n' "$2" ;;
		esac
	}
	ud_n=0 ud_agree=0 ud_diff=""
	for f1 in 1 2 3 4 5 6 7; do
		for f2 in 0 1 2 3 4 5 6; do
			{
				cat "$ud_tmp/orig.conf"
				ud_form "$f1" "$A"
				[ "$f2" -eq 0 ] || ud_form "$f2" "$B"
			} > "$conf"
			want=$(env -u LIBVIRT_DEFAULT_URI timeout 20 virsh uri 2>/dev/null)
			got=$(env -u LIBVIRT_DEFAULT_URI XDG_CONFIG_HOME="$ud_tmp/cfg" \
				timeout 20 "$VMDECK" list --json 2>/dev/null |
				jq -r '.[0].host // empty' 2>/dev/null)
			# no uri_default at all: both fall to the local daemon
			[ -n "$want" ] || continue
			ud_n=$((ud_n + 1))
			if [ "$want" = "$got" ]; then
				ud_agree=$((ud_agree + 1))
			else
				ud_diff="$ud_diff [forms $f1+$f2: virsh $want, vmdeck ${got:-nothing}]"
			fi
		done
	done
	cp "$ud_tmp/orig.conf" "$conf"
	rm -rf "$ud_tmp"
	if [ "$ud_n" -gt 20 ] && [ "$ud_agree" -eq "$ud_n" ]; then
		ok "uri_default: vmdeck opens what virsh uri names in all $ud_n generated libvirt.conf files"
	else
		bad "uri_default: $ud_agree of $ud_n agree with virsh:$ud_diff"
	fi
fi
if [ -n "${ud_alone:-}" ]; then
	echo "lab: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
fi
