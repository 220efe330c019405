#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# floors.sh includes FLOORS... — every #include "…" in src/ names a
# header of the includer's own folder or of a folder on a lower floor.
# FLOORS are the folders bottom first; folders on one floor are joined
# by commas ("console,vnc") and may not include each other. main.c is on
# top. Only src/ui and main.c include curses.
#
# floors.sh cycles OBJECT... — no two object files need each other, even
# through others: an edge from each object to the objects defining the
# symbols it uses (nm), given to tsort, which names every loop it finds.
set -u

floor_of() {	# folder -> its floor number, or nothing
	n=0
	for f in $floors; do
		case ",$f," in *",$1,"*) echo "$n"; return ;; esac
		n=$((n + 1))
	done
}

includes() {
	floors=$*
	bad=0
	top=$(echo "$floors" | wc -w)
	for file in src/main.c src/*/*.[ch]; do
		dir=$(dirname "$file")
		folder=${dir#src/}
		[ "$file" = src/main.c ] && folder=main
		if [ "$folder" = main ]; then mine=$top; else mine=$(floor_of "$folder"); fi
		if [ -z "$mine" ]; then
			echo "floors: $file: folder $folder is on no floor (Makefile FLOORS)"
			bad=1
			continue
		fi
		if [ "$folder" != ui ] && [ "$folder" != main ] &&
		    grep -nE '^#[[:space:]]*include[[:space:]]*<(ncursesw?/)?n?curses\.h>' "$file" >/dev/null; then
			echo "floors: $file includes curses (only src/ui and main.c may)"
			bad=1
		fi
		grep -nE '^#[[:space:]]*include[[:space:]]*"' "$file" |
		    sed -E 's/^([0-9]+):.*"([^"]*)".*/\1 \2/' |
		while read -r line inc; do
			target=$(realpath -m --relative-to=. "$dir/$inc")
			case $target in src/*/*) ;; *) continue ;; esac
			tdir=$(dirname "$target")
			tfolder=${tdir#src/}
			[ "$tfolder" = "$folder" ] && continue
			theirs=$(floor_of "$tfolder")
			if [ -z "$theirs" ] || [ "$theirs" -ge "$mine" ]; then
				echo "floors: $file:$line includes $target: $tfolder is not below $folder"
				echo bad
			fi
		done | grep -v '^bad$' && bad=1
	done
	if [ "$bad" -ne 0 ]; then
		echo "floors: the order is: $floors < main"
		return 1
	fi
	echo "floors: every include in src/ is of its own folder or one below ($floors < main); curses only in ui and main.c"
}

cycles() {
	d=$(mktemp -d)
	trap 'rm -rf "$d"' EXIT
	for o in "$@"; do
		nm --defined-only "$o" | awk -v o="$o" '$2 ~ /^[TDBRGSV]$/ { print $3, o }'
	done | sort -u > "$d/def"
	for o in "$@"; do
		nm --undefined-only "$o" | awk -v o="$o" '{ print $NF, o }'
	done | sort -u > "$d/use"
	# "user definer" for every symbol one object uses and another defines
	join "$d/use" "$d/def" | awk '$2 != $3 { print $2, $3 }' | sort -u > "$d/edges"
	# every object is a node, also one with no edges
	for o in "$@"; do echo "$o $o"; done >> "$d/edges"
	if ! tsort "$d/edges" > /dev/null 2> "$d/loops"; then
		echo "floors: object files that need each other (each loop tsort found):"
		sed -n -e 's/^tsort: .*input contains a loop:$/  a loop:/p' -e 's/^tsort: /    /p' "$d/loops"
		return 1
	fi
	echo "floors: no cycle between the $# object files"
}

cmd=$1
shift
case $cmd in
includes) includes "$@" ;;
cycles) cycles "$@" ;;
*) echo "usage: floors.sh includes FLOORS... | cycles OBJECT..." >&2; exit 2 ;;
esac
