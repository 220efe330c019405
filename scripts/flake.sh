#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# flake.sh RUNS — run the TUI suite and the lab RUNS times each, plain and
# under ASan+UBSan, and print a table: every test that failed at least
# once, with how often, per build. Not part of make check (it takes
# minutes per run); run it before calling a change done.
# Needs: build/ and build/asan/ built (make flake does that).
set -u
runs=${1:-5}
# the lab takes minutes a run: LAB_RUNS (default RUNS) of it
lab_runs=${LAB_RUNS:-$runs}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# run_suite LABEL CMD...: RUNS times; each failing test's name goes to
# $out/LABEL.fail, one line per failure; the run's log is kept on failure.
run_suite() {
	label=$1
	shift
	: > "$out/$label.fail"
	i=1
	while [ "$i" -le "$runs" ]; do
		log="$out/$label.$i.log"
		"$@" > "$log" 2>&1
		rc=$?
		# cmocka names each failed test; the lab says "lab: FAILED: what"
		sed -n -e 's/^\[  FAILED  \] \(test_[a-z0-9_]*\)$/\1/p' \
		    -e 's/^lab: FAILED: //p' "$log" | sort -u >> "$out/$label.fail"
		if [ "$rc" -ne 0 ] && ! grep -q . "$out/$label.fail"; then
			echo "(run $i exited $rc without naming a test)" >> "$out/$label.fail"
		fi
		if grep -q "lab: SKIPPED" "$log"; then
			echo "(run $i: lab skipped: $(grep 'lab: SKIPPED' "$log" | head -n 1))" >> "$out/$label.fail"
		fi
		[ "$rc" -ne 0 ] && cp "$log" "build/flake-$label-$i.log"
		echo "flake: $label run $i of $runs: exit $rc"
		i=$((i + 1))
	done
}

run_suite tui env VMDECK_BIN=build/vmdeck build/tests/tui/test_tui
run_suite tui-asan env VMDECK_BIN=build/asan/vmdeck \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build/asan/tests/tui/test_tui
tui_runs=$runs
runs=$lab_runs
run_suite lab env VMDECK_BIN=build/vmdeck LAB_TUI=build/tests/lab/lab_tui \
    tests/lab/run.sh
run_suite lab-asan env VMDECK_BIN=build/asan/vmdeck \
    LAB_TUI=build/asan/tests/lab/lab_tui \
    ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 tests/lab/run.sh

echo
printf '%-10s %-60s %s\n' suite test "failed/runs"
any=0
for label in tui tui-asan lab lab-asan; do
	case $label in tui*) n_runs=$tui_runs ;; *) n_runs=$lab_runs ;; esac
	if [ ! -s "$out/$label.fail" ]; then
		printf '%-10s %-60s %s\n' "$label" "(every test)" "0/$n_runs"
		continue
	fi
	sort "$out/$label.fail" | uniq -c | while read -r n name; do
		printf '%-10s %-60.60s %s\n' "$label" "$name" "$n/$n_runs"
	done
	any=1
done
[ "$any" -eq 0 ]
