/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * filter — which VMs a list shows, or a headless command acts on: words
 * that must all hold.
 *
 *   WORD          the VM's name contains WORD (any case); where
 *                 words_match_host is set (a list of every host), its
 *                 host's name may contain it instead
 *   name:GLOB     the name matches GLOB (* ? [...]); without those
 *                 characters, contains it
 *   state:WORD    its state: running, paused, off (shut off), saved,
 *                 crashed, … (the start of the state's name is enough)
 *   tag:TAG       it has the tag
 *   host:WORD     its host's name contains WORD
 *   ip:PREFIX     its address starts with PREFIX
 *
 * key=value is the same as key:value. filter_parse reads the text once;
 * filter_match asks of one VM.
 */
#ifndef VMDECK_CORE_FILTER_H
#define VMDECK_CORE_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "domain.h"

enum filter_key {
	FILTER_WORD, FILTER_NAME, FILTER_STATE, FILTER_TAG, FILTER_HOST,
	FILTER_IP,
};

struct filter_term {
	enum filter_key key;
	char *value;			/* owned; "" matches everything */
};

struct filter {
	struct filter_term *t;
	size_t n;
	bool wants_tags;		/* a tag: term: the VMs' tags needed */
	bool wants_ip;			/* an ip: term */
	bool words_match_host;		/* a plain word may match the host's
					 * name (set by a list of every
					 * host) */
};

/* Parse text into f. Returns 0, or -1 with *err (caller frees) saying
 * what is wrong and at which column (1-based), f then empty. */
int filter_parse(const char *text, struct filter *f, char **err);
/* Whether d (on the host called host; may be NULL) passes every term.
 * An empty filter passes everything. */
bool filter_match(const struct filter *f, const struct domain_info *d,
    const char *host);
void filter_clear(struct filter *f);

#endif
