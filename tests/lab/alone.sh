# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by a lab section run alone (not from tests/lab/run.sh): the
# binary, the URI, the cached lab kernel, and run.sh's counters and
# verdicts.
VMDECK=${VMDECK_BIN:-build/vmdeck}
URI=qemu:///system
kernel=$(ls /var/cache/vmdeck-tests/vmlinuz-* 2>/dev/null | head -n 1)
passed=0 failed=0 skipped=0
ok() { echo "lab: ok: $*"; passed=$((passed + 1)); }
bad() { echo "lab: FAILED: $*"; failed=$((failed + 1)); }
