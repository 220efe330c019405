# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# bash completion for vmdeck: every Tab asks vmdeck itself
# (vmdeck --complete CWORD WORD...), whose answer comes from its own
# tables (subcommands, verbs, options), the templates, the hosts file and
# the VMs of the hosts named on the line.
_vmdeck()
{
	local IFS=$'\n' kind line
	local -a out
	out=($("${COMP_WORDS[0]}" --complete "$COMP_CWORD" "${COMP_WORDS[@]}" \
		</dev/null 2>/dev/null))
	kind=${out[0]}
	COMPREPLY=("${out[@]:1}")
	if [ "$kind" = files ]; then
		COMPREPLY=($(compgen -f -- "${COMP_WORDS[COMP_CWORD]}"))
		compopt -o filenames 2>/dev/null
	fi
	return 0
}
complete -F _vmdeck vmdeck
