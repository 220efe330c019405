# SPDX-License-Identifier: GPL-2.0-or-later
# Copyright (C) 2026 the vmdeck authors
# vmdeck — build, check, run, bench, install.
#
#   make run     install what is missing, build, start a local libvirtd
#                when root, open vmdeck on the default connection
#   make check   install what is missing, then every test (see below)
#   make         build only: every library already there (no dpkg needed)
#   make install PREFIX=/usr/local DESTDIR=
#   make deb     a Debian package (debian/, dpkg-buildpackage, lintian)
#
# CC, CFLAGS, CPPFLAGS and LDFLAGS come from the environment or the command
# line (Debian's hardening flags reach every compile and link); a change
# of them, of PREFIX or of the version rebuilds everything.

.DELETE_ON_ERROR:
# plain make builds vmdeck, not the first rule's target
.DEFAULT_GOAL := all

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DATADIR  ?= $(PREFIX)/share/vmdeck
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
VERSION  := 0.1.0

CC       ?= cc
PKG_CONFIG ?= pkg-config
PKG      := $(PKG_CONFIG)
CFLAGS   ?= -O2 -g
CPPFLAGS ?=
LDFLAGS  ?=
BUILD    ?= build
WERROR   ?= -Werror
SANITIZE ?=

WARN     := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wwrite-strings $(WERROR)
# vmdeck's own flags, then the user's (a later -O wins)
VMDECK_CFLAGS = -std=c11 $(WARN) -MMD -MP -D_GNU_SOURCE \
            -DVMDECK_VERSION='"$(VERSION)"' -DVMDECK_DATADIR='"$(DATADIR)"'
BASEFLAGS = $(VMDECK_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(SANITIZE)
LINK      = $(CC) $(CFLAGS) $(SANITIZE) $(LDFLAGS)

# Only src/ui and main.c see curses: the other folders compile without
# its flags, and check-layers checks every include against the floors.
# pkg-config's errors are shown, and a missing library stops the build
# at its flags file (below) with pkg-config's own words
PKGS_CORE := libvirt libssh inih libxml-2.0 vterm zlib libpng chafa glib-2.0 libvncclient
PKGS_TEST := cmocka libvncserver
CORE_CFLAGS = $(BASEFLAGS) $(shell $(PKG) --cflags $(PKGS_CORE))
UI_CFLAGS   = $(CORE_CFLAGS) $(shell $(PKG) --cflags ncursesw)
TEST_CFLAGS = $(UI_CFLAGS) $(shell $(PKG) --cflags $(PKGS_TEST))
LIBS        = $(shell $(PKG) --libs $(PKGS_CORE) ncursesw) -lpthread -lm
# libvncserver: a VNC server inside the VNC console's integration test
TEST_LIBS   = $(LIBS) $(shell $(PKG) --libs $(PKGS_TEST)) -lutil

# Everything the objects depend on besides their sources: compiler,
# flags, version and paths. The file changes only when they do.
FLAGS_FILE := $(BUILD)/gen/flags
FLAGS_TEXT := $(CC) | $(VMDECK_CFLAGS) | $(CPPFLAGS) | $(CFLAGS) | $(SANITIZE) | $(LDFLAGS)
ifneq ($(file <$(FLAGS_FILE)),$(FLAGS_TEXT))
$(FLAGS_FILE): FORCE
endif
$(FLAGS_FILE):
	@$(PKG) --print-errors --exists $(PKGS_CORE) ncursesw
	$(shell mkdir -p $(@D))$(file >$@,$(FLAGS_TEXT))
FORCE:
.PHONY: FORCE

# the floors, bottom first (check-layers: a file includes only its own
# folder and folders below it)
FLOORS   := util core remote stats config create vm storage,net host console,vnc cmd,ui
comma    := ,
# every folder but ui: compiled without curses, linked into the tests
CORE_DIRS := $(filter-out ui,$(subst $(comma), ,$(FLOORS)))
CORE_SRC := $(foreach d,$(CORE_DIRS),$(wildcard src/$(d)/*.c))
UI_SRC   := $(wildcard src/ui/*.c)
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/shipped.o
UI_OBJ   := $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o

UNIT_SRC  := $(wildcard tests/unit/test_*.c)
INTEG_SRC := $(wildcard tests/integration/test_*.c)
TUI_SRC   := $(wildcard tests/tui/test_*.c)
UNIT_BIN  := $(UNIT_SRC:%.c=$(BUILD)/%)
INTEG_BIN := $(INTEG_SRC:%.c=$(BUILD)/%)
TUI_BIN   := $(TUI_SRC:%.c=$(BUILD)/%)
HARNESS   := $(BUILD)/tests/tui/harness.o
COMMON    := $(BUILD)/tests/common/testutil.o $(BUILD)/tests/common/vncserve.o
BENCH_BIN := $(BUILD)/bench/firstframe $(BUILD)/bench/runstat $(BUILD)/bench/soak \
             $(BUILD)/bench/conbench $(BUILD)/bench/remotebench $(BUILD)/bench/snapui \
             $(BUILD)/bench/storui $(BUILD)/bench/fleetbench $(BUILD)/bench/vncbench \
             $(BUILD)/bench/vncterm

.PHONY: flake fuzz fuzz-run bench-stats bench-create bench-console bench-remote \
	bench-snapshot bench-storage bench-fleet bench-vnc
.PHONY: all run check deps-build deps-check deps-run test unit integration json \
        tui lab asan check-layers check-license lint-man bench install uninstall clean \
        check-build check-flags deb

# make (all): the build alone, no package checks (a machine without dpkg
# builds too). Targets that may install packages (run, check) re-enter
# make afterwards, so that the pkg-config flags are read once the
# packages are there.
all: $(BUILD)/vmdeck

deps-build:
	@scripts/deps.sh build
deps-check:
	@scripts/deps.sh check
deps-run:
	@scripts/deps.sh run

$(BUILD)/vmdeck: $(MAIN_OBJ) $(UI_OBJ) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(LIBS)

# shipped themes and templates, compiled in
$(BUILD)/gen/shipped.c: scripts/embed.sh $(wildcard themes/*.ini) \
		$(wildcard templates/*.ini)
	@mkdir -p $(dir $@)
	scripts/embed.sh shipped_themes $(sort $(wildcard themes/*.ini)) > $@
	scripts/embed.sh shipped_templates $(sort $(wildcard templates/*.ini)) \
		| grep -v '^#include' >> $@
$(BUILD)/gen/shipped.o: $(BUILD)/gen/shipped.c $(FLAGS_FILE)
	$(CC) $(CORE_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/src/ui/%.o: CFLAGS_FOR = $(UI_CFLAGS)
$(BUILD)/src/main.o: CFLAGS_FOR = $(UI_CFLAGS)
$(BUILD)/tests/%.o: CFLAGS_FOR = $(TEST_CFLAGS)
$(BUILD)/%.o: %.c $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(CC) $(or $(CFLAGS_FOR),$(CORE_CFLAGS)) -c -o $@ $<

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(COMMON) $(UI_OBJ) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/tests/integration/%: $(BUILD)/tests/integration/%.o $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/tests/tui/%: $(BUILD)/tests/tui/%.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/tests/hang/hang_tui: $(BUILD)/tests/hang/hang_tui.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/tests/hang/silent: $(BUILD)/tests/hang/silent.o
	$(LINK) -o $@ $(filter %.o,$^)
$(BUILD)/tests/hang/%.o: CFLAGS_FOR = $(TEST_CFLAGS)
# hang: every subcommand and the view against a host that never speaks
hang: $(BUILD)/vmdeck $(BUILD)/tests/hang/hang_tui $(BUILD)/tests/hang/silent
	@SILENT=$(BUILD)/tests/hang/silent HANG_TUI=$(BUILD)/tests/hang/hang_tui \
		VMDECK_BIN=$(BUILD)/vmdeck tests/hang/hang.sh
.PHONY: hang
$(BUILD)/tests/lab/lab_tui: $(BUILD)/tests/lab/lab_tui.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/firstframe: $(BUILD)/bench/firstframe.o $(BUILD)/bench/sample.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/soak: $(BUILD)/bench/soak.o $(BUILD)/bench/sample.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/remotebench: $(BUILD)/bench/remotebench.o $(BUILD)/bench/sample.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/snapui: $(BUILD)/bench/snapui.o $(BUILD)/bench/sample.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/fleetbench: $(BUILD)/bench/fleetbench.o $(BUILD)/bench/sample.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/storui: $(BUILD)/bench/storui.o $(BUILD)/bench/sample.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/conbench: $(BUILD)/bench/conbench.o $(BUILD)/bench/sample.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/vncbench: $(BUILD)/bench/vncbench.o $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(LIBS)
$(BUILD)/bench/vncterm: $(BUILD)/bench/vncterm.o $(HARNESS) $(COMMON) $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(TEST_LIBS)
$(BUILD)/bench/runstat: $(BUILD)/bench/runstat.o $(BUILD)/bench/sample.o $(BUILD)/src/util/timeutil.o
	$(LINK) -o $@ $(filter %.o,$^)
$(BUILD)/bench/%.o: CFLAGS_FOR = $(TEST_CFLAGS)

# ---- tests ---------------------------------------------------------------
# check: strict build, layer rule, man page lint, unit, integration, TUI,
# lab (skips with a reason where impossible), then all but lab again under
# ASan+UBSan.
check: deps-check
	$(MAKE) --no-print-directory WERROR=-Werror test
	$(MAKE) --no-print-directory lab
	$(MAKE) --no-print-directory asan

test: check-layers lint-man check-license check-flags unit integration json completion cli \
	tui hang ssh-diff ssh-idle fuzz
	$(MAKE) --no-print-directory CC=clang check-build

# check-build: vmdeck, every test and bench built with $(CC) and -Werror in
# a folder of its own (make CC=clang check-build)
CHECK_BUILD = build/check-$(notdir $(firstword $(CC)))
check-build:
	@$(MAKE) --no-print-directory BUILD=$(CHECK_BUILD) WERROR=-Werror \
		$(CHECK_BUILD)/vmdeck \
		$(subst $(BUILD)/,$(CHECK_BUILD)/,$(UNIT_BIN) $(INTEG_BIN) $(TUI_BIN) $(BENCH_BIN)) \
		$(CHECK_BUILD)/tests/lab/lab_tui
	@echo "check-build: vmdeck, tests and benches build with $(CC) -Werror"

# check-flags: CFLAGS, CPPFLAGS and LDFLAGS from the command line reach
# every compile and link, and a changed PREFIX rebuilds
check-flags:
	@tests/build/flags.sh "$(MAKE)"

# the floors (every include at or below its folder) and no cycle
# between the object files of src/
check-layers: $(MAIN_OBJ) $(UI_OBJ) $(CORE_OBJ)
	@scripts/floors.sh includes $(FLOORS)
	@scripts/floors.sh cycles $(filter $(BUILD)/src/%,$^)

# every source file says its licence (LICENSE: GPL-2.0-or-later, as
# libvncclient, which vmdeck links, is)
check-license:
	@missing=$$(grep -L 'SPDX-License-Identifier: GPL-2.0-or-later' \
	    $$(find src tests bench scripts -name '*.[ch]' -o -name '*.sh') \
	    Makefile man/*.[1-9] completion/*); \
	if [ -n "$$missing" ]; then echo "check-license: no SPDX line in: $$missing"; exit 1; fi; \
	echo 'check-license: every source file has its SPDX line'

lint-man:
	mandoc -Tlint -W warning $(wildcard man/*.[1-9])
	@echo 'lint-man: mandoc -Tlint reports nothing'

unit: $(UNIT_BIN)
	@set -e; for t in $^; do echo "== $$t"; $$t; done
integration: $(INTEG_BIN)
	@set -e; for t in $^; do echo "== $$t"; $$t; done
# cli: --help's synopsis, getopt_long's forms, -r refusing a start
cli: $(BUILD)/vmdeck
	@VMDECK_BIN=$(BUILD)/vmdeck tests/cli/cli.sh
.PHONY: cli
# completion: the bash completion asked as a Tab would
completion: $(BUILD)/vmdeck
	@VMDECK_BIN=$(BUILD)/vmdeck tests/completion/completion.sh
.PHONY: completion
# json: every --json output read back by jq, long and every-plane names
json: $(BUILD)/vmdeck
	@VMDECK_BIN=$(BUILD)/vmdeck tests/json/json.sh
tui: $(TUI_BIN) $(BUILD)/vmdeck
	@set -e; for t in $(TUI_BIN); do echo "== $$t"; VMDECK_BIN=$(BUILD)/vmdeck $$t; done
lab: $(BUILD)/vmdeck $(BUILD)/tests/lab/lab_tui
	@VMDECK_BIN=$(BUILD)/vmdeck LAB_TUI=$(BUILD)/tests/lab/lab_tui tests/lab/run.sh

# flake: the TUI suite and the lab RUNS times each, plain and ASan, and a
# table of failures per test (not part of check: minutes per run)
RUNS ?= 5
ASAN_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
flake: deps-check
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(TUI_BIN) $(BUILD)/tests/lab/lab_tui
	@$(MAKE) --no-print-directory BUILD=build/asan SANITIZE='$(ASAN_SAN)' \
		build/asan/vmdeck build/asan/tests/tui/test_tui build/asan/tests/lab/lab_tui
	scripts/flake.sh $(RUNS)

# ---- fuzzing: libFuzzer targets for every parser, briefly in check ------
FUZZ_SECONDS ?= 5
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SAN  := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all

fuzz:
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang \
		WERROR= SANITIZE='$(FUZZ_SAN)' fuzz-run

fuzz-run: $(FUZZ_BIN)
	@set -e; for f in $(FUZZ_BIN); do \
		name=$$(basename $$f); corpus=build/fuzz/corpus-$$name; \
		mkdir -p $$corpus; cp tests/fuzz/seeds/* themes/*.ini templates/*.ini $$corpus/ 2>/dev/null || true; \
		if [ $$name = fuzz_font ]; then cp tests/fuzz/seeds-font/* $$corpus/; fi; \
		echo "== $$f ($(FUZZ_SECONDS) s)"; \
		if ! $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 $$corpus \
			> build/fuzz/$$name.log 2>&1; then \
			tail -n 40 build/fuzz/$$name.log; exit 1; fi; \
		grep -E '^Done [0-9]+ runs' build/fuzz/$$name.log; \
	done; \
	if command -v ssh-keygen >/dev/null; then \
		echo "== build/fuzz/fuzz_knownhosts against ssh-keygen -F ($(FUZZ_SECONDS) s)"; \
		if ! FUZZ_ORACLE=1 build/fuzz/fuzz_knownhosts -max_total_time=$(FUZZ_SECONDS) \
			-max_len=4096 -timeout=10 build/fuzz/corpus-fuzz_knownhosts \
			> build/fuzz/fuzz_knownhosts-oracle.log 2>&1; then \
			tail -n 40 build/fuzz/fuzz_knownhosts-oracle.log; exit 1; fi; \
		grep -E '^Done [0-9]+ runs' build/fuzz/fuzz_knownhosts-oracle.log; \
	else echo "fuzz_knownhosts oracle: SKIPPED: no ssh-keygen"; fi

build/fuzz/fuzz_%: build/fuzz/tests/fuzz/fuzz_%.o $(UI_OBJ) $(CORE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS)

asan:
	$(MAKE) --no-print-directory BUILD=build/asan \
		SANITIZE='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		unit integration tui

# ---- running -------------------------------------------------------------
run: deps-run
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck
	@scripts/libvirtd-up.sh $(BUILD)/vmdeck || true
	$(BUILD)/vmdeck $(ARGS)

bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(BENCH_BIN)
	BUILD=$(BUILD) bench/list

bench-snapshot:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(BENCH_BIN)
	BUILD=$(BUILD) bench/snapshot

bench-storage:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(BENCH_BIN)
	BUILD=$(BUILD) bench/storage

bench-create:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck
	BUILD=$(BUILD) bench/create

bench-console:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(BENCH_BIN)
	BUILD=$(BUILD) bench/console

bench-fleet:
	@scripts/deps.sh bench check
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(BENCH_BIN)
	BUILD=$(BUILD) bench/fleet

bench-remote:
	@scripts/deps.sh bench check
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(BENCH_BIN)
	BUILD=$(BUILD) bench/remote

bench-vnc:
	@scripts/deps.sh bench check
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(BUILD)/bench/vncbench \
		$(BUILD)/bench/vncterm
	BUILD=$(BUILD) bench/vnc

bench-stats:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory $(BUILD)/vmdeck $(BENCH_BIN)
	BUILD=$(BUILD) bench/stats

# the manuals' FILES name the data directory this build was made for
MAN_SED = sed -e 's|/usr/local/share/vmdeck|$(DATADIR)|g' \
	-e 's|/usr/local/share/bash-completion/completions|$(BASHCOMPDIR)|g' \
	-e 's|/usr/local/share/zsh/vendor-completions|$(ZSHCOMPDIR)|g'
install: $(BUILD)/vmdeck
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/vmdeck $(DESTDIR)$(BINDIR)/vmdeck
	$(MAN_SED) man/vmdeck.1 > $(DESTDIR)$(MANDIR)/man1/vmdeck.1
	install -d $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/themes
	for m in vmdeck-themes.5 vmdeck-templates.5; do \
		$(MAN_SED) man/$$m > $(DESTDIR)$(MANDIR)/man5/$$m || exit 1; done
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 644 completion/vmdeck.bash $(DESTDIR)$(BASHCOMPDIR)/vmdeck
	install -m 644 completion/_vmdeck $(DESTDIR)$(ZSHCOMPDIR)/_vmdeck
	install -m 644 themes/*.ini $(DESTDIR)$(DATADIR)/themes/
	install -d $(DESTDIR)$(DATADIR)/templates
	install -m 644 templates/*.ini $(DESTDIR)$(DATADIR)/templates/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vmdeck $(DESTDIR)$(MANDIR)/man1/vmdeck.1 \
		$(DESTDIR)$(MANDIR)/man5/vmdeck-themes.5 \
		$(DESTDIR)$(MANDIR)/man5/vmdeck-templates.5 \
		$(DESTDIR)$(BASHCOMPDIR)/vmdeck $(DESTDIR)$(ZSHCOMPDIR)/_vmdeck
	rm -rf $(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(DATADIR)/templates

# deb: a Debian package of this tree (debian/), built by dpkg-buildpackage
# in a copy under build/deb, then lintian (no errors allowed) and
# hardening-check on its binary
DEB_DIR := build/deb
deb:
	@scripts/deps.sh build deb
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/vmdeck-$(VERSION)
	tar -cf - --exclude=./build --exclude=./.git . | \
		tar -xf - -C $(DEB_DIR)/vmdeck-$(VERSION)
	cd $(DEB_DIR)/vmdeck-$(VERSION) && \
		env -u MAKEFLAGS -u MFLAGS dpkg-buildpackage -us -uc -b > ../build.log 2>&1 || \
		{ tail -n 40 ../build.log; exit 1; }
	lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs \
		$(DEB_DIR)/vmdeck_$(VERSION)_*.changes
	@# control-flow protection: vmdeck is compiled with -fcf-protection
	@# (debian/rules), but Debian 12's crt1.o and crti.o carry no IBT/SHSTK
	@# note, so no program linked there has it (virsh neither)
	hardening-check --nocfprotection \
		$(DEB_DIR)/vmdeck-$(VERSION)/debian/vmdeck/usr/bin/vmdeck
	@ls $(DEB_DIR)/*.deb

clean:
	rm -rf $(BUILD) build/asan build/fuzz build/check-* $(DEB_DIR)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- SSH against OpenSSH: the host-key decision, differentially --------
$(BUILD)/tests/ssh/kh_decide: $(BUILD)/tests/ssh/kh_decide.o $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(LIBS)
$(BUILD)/tests/ssh/%.o: CFLAGS_FOR = $(TEST_CFLAGS)
ssh-diff: $(BUILD)/tests/ssh/kh_decide
	@KH_DECIDE=$(BUILD)/tests/ssh/kh_decide tests/ssh/diff.sh $(SSH_DIFF_CASES)
SSH_DIFF_CASES ?= 150
$(BUILD)/tests/ssh/fwd_idle: $(BUILD)/tests/ssh/fwd_idle.o $(CORE_OBJ)
	$(LINK) -o $@ $(filter %.o,$^) $(LIBS)
ssh-idle: $(BUILD)/tests/ssh/fwd_idle
	@FWD_IDLE=$(BUILD)/tests/ssh/fwd_idle tests/ssh/idle.sh
.PHONY: ssh-diff ssh-idle
