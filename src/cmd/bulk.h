/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * bulk (cmd) — a VM action or a tag edit on a set of VMs from the
 * command line: the VMs the command names on every host given, or those
 * --filter matches.
 */
#ifndef VMDECK_CMD_BULK_H
#define VMDECK_CMD_BULK_H

#include "../vm/bulkop.h"
#include "cmd.h"

/* Run op (action: the core/domain action, or -1) on c's set of VMs;
 * print a line or a JSON object per VM. Returns the exit status: 1 when
 * any host was not reached, any name not found or any VM failed. */
int cmd_bulk(struct cmd_ctx *c, const struct bulkop *op, int action);

#endif
