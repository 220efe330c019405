# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# Sourced by the lab sections that talk to a guest's shell: the serial
# console's PTY of a running lab VM, and a command typed into it.
here=${here:-$(cd "$(dirname "$0")" && pwd)}

# lab_pty NAME: the PTY of VM NAME's serial console
lab_pty() {
	virsh -q -c "$URI" dumpxml "$1" |
	    sed -n "s/.*<source path='\(\/dev\/pts\/[0-9]*\)'.*/\1/p" | head -n 1
}
# lab_sh NAME COMMAND: what the guest answers, CRs gone
lab_sh() {
	"$here/gsh" "$(lab_pty "$1")" "$2" | tr -d '\r'
}
