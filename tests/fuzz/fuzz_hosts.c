/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * libFuzzer target: the hosts file and ssh -G's answer on any bytes —
 * parse, build every host's URI from what "ssh -G" said, remove each host
 * from the text and add it back.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/config/hostsfile.h"
#include "../../src/config/hosturi.h"
#include "../../src/remote/sshresolve.h"
#include "../../src/util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct hostlist l = { 0 };
	struct diags d = { 0 };

	memcpy(text, data, size);
	text[size] = '\0';
	hostsfile_parse("fuzz", text, size, &l, &d);
	for (size_t i = 0; i < l.n; i++) {
		struct sshresolve res;
		struct hosturi_ssh cfg = { 0 };
		char *uri, *less, *again;

		/* the same bytes as ssh -G's output */
		sshresolve_parse(text, l.hosts[i].ssh ? l.hosts[i].ssh : "x",
		    &res);
		cfg.hostname = res.hostname;
		cfg.user = res.user;
		cfg.port = res.port;
		cfg.identity = res.nidentities ? res.identities[0] : NULL;
		cfg.known_hosts = res.nknown ? res.known_hosts[0] : NULL;
		uri = hosturi_build(&l.hosts[i], &cfg, "/home/fuzz");
		sshresolve_clear(&res);
		free(uri);
		less = hostsfile_text_remove(text, l.hosts[i].name);
		again = hostsfile_text_add(less, &l.hosts[i]);
		free(less);
		free(again);
	}
	hostsfile_clear(&l);
	diag_clear(&d);
	free(text);
	return 0;
}
