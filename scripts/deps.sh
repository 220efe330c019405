#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# deps.sh SET... — make sure the Debian packages vmdeck needs are installed.
# Sets: build (compile vmdeck), check (run every test), run (a local
# libvirtd to talk to), bench (virsh for comparisons), deb (make deb).
# As root, missing packages are installed non-interactively; otherwise the
# exact apt-get line is printed and the script fails.
set -eu

pkgs_build="gcc make pkg-config libncurses-dev libvirt-dev libssh-dev libvterm-dev libinih-dev libxml2-dev zlib1g-dev libchafa-dev libglib2.0-dev libvncserver-dev libpng-dev"
# run: what every shipped template needs on the local host — libvirtd and
# QEMU, busybox for tiny-linux, xorriso for cloud-init seeds, dnsmasq for
# the default NAT network (with iptables), OVMF for UEFI, swtpm for a TPM, qemu-img to read
# image formats, ssh for remote hosts, apt's download for the tiny kernel,
# libosinfo and osinfo-db for any-os (loaded only while a VM is made)
pkgs_run="libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils busybox-static cpio xorriso dnsmasq-base iptables ovmf swtpm swtpm-tools openssh-client libosinfo-1.0-0 osinfo-db"
# deb: the package build and its checks (make deb, and the lab's install)
pkgs_deb="dpkg-dev debhelper fakeroot lintian devscripts"
# check: console-setup-linux's PSF fonts for the VNC text view's tests;
# grub-pc-bin, grub-common and mtools for the lab's GRUB menu (grub-mkrescue)
pkgs_check="libcmocka-dev clang libclang-rt-14-dev mandoc openssh-server jq console-setup-linux grub-pc-bin grub-common mtools $pkgs_run $pkgs_deb"
pkgs_bench="libvirt-clients virtinst"

want=""
for set in "$@"; do
	case "$set" in
	build) want="$want $pkgs_build" ;;
	check) want="$want $pkgs_build $pkgs_check" ;;
	run) want="$want $pkgs_build $pkgs_run" ;;
	bench) want="$want $pkgs_build $pkgs_bench" ;;
	deb) want="$want $pkgs_build $pkgs_deb" ;;
	*) echo "deps.sh: unknown set '$set'" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "vmdeck needs these Debian packages; install them and run make again:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "Installing missing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# libvirt-daemon-system ships conffiles; never stop at a prompt about them
apt-get install -y -q --no-install-recommends \
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confnew \
	$missing
