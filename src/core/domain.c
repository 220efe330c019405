/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "domain.h"
#include "tags.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>

#include "../util/xalloc.h"
#include "virterr.h"

static const char *const state_names[DOMAIN_STATE_COUNT] = {
	[DOMAIN_STATE_NOSTATE] = "no state",
	[DOMAIN_STATE_RUNNING] = "running",
	[DOMAIN_STATE_BLOCKED] = "blocked",
	[DOMAIN_STATE_PAUSED] = "paused",
	[DOMAIN_STATE_SHUTDOWN] = "in shutdown",
	[DOMAIN_STATE_SHUTOFF] = "shut off",
	[DOMAIN_STATE_CRASHED] = "crashed",
	[DOMAIN_STATE_PMSUSPENDED] = "pmsuspended",
};

/* One row per action. Adding one: its enum value, its row here, its
 * case in domain_action_run, a default key in ui/keymap.c if it wants
 * one, and the man page. */
static const struct domain_action_row actions[DOMAIN_ACTION_COUNT] = {
	[DOMAIN_ACTION_START] = { "start", NULL, "start", "Started VM '%s'.",
	    "start the VM", NULL, DOMAIN_ACT_HEADLESS | DOMAIN_ACT_NEEDS_OFF },
	[DOMAIN_ACTION_SHUTDOWN] = { "shutdown", NULL, "shut down",
	    "Asked VM '%s' to shut down.", "ask the VM to shut down (ACPI)",
	    NULL, DOMAIN_ACT_HEADLESS | DOMAIN_ACT_NEEDS_RUNNING },
	[DOMAIN_ACTION_REBOOT] = { "reboot", NULL, "reboot",
	    "Asked VM '%s' to reboot.", "ask the VM to reboot", NULL,
	    DOMAIN_ACT_HEADLESS | DOMAIN_ACT_NEEDS_RUNNING },
	[DOMAIN_ACTION_DESTROY] = { "destroy", "force-off", "force off",
	    "Forced VM '%s' off.", "force the VM off",
	    "Like pulling the plug: the guest cannot save its work.",
	    DOMAIN_ACT_DESTRUCTIVE | DOMAIN_ACT_HEADLESS |
	    DOMAIN_ACT_NEEDS_RUNNING },
	[DOMAIN_ACTION_SUSPEND] = { "suspend", NULL, "pause",
	    "Paused VM '%s'.", "pause the VM", NULL,
	    DOMAIN_ACT_HEADLESS | DOMAIN_ACT_NEEDS_RUNNING },
	[DOMAIN_ACTION_RESUME] = { "resume", NULL, "resume",
	    "Resumed VM '%s'.", "resume the paused VM", NULL,
	    DOMAIN_ACT_HEADLESS | DOMAIN_ACT_NEEDS_RUNNING },
	[DOMAIN_ACTION_AUTOSTART_ON] = { "autostart-on", NULL,
	    "enable autostart for", "VM '%s' will start with its host.",
	    "start the VM with its host", NULL, 0 },
	[DOMAIN_ACTION_AUTOSTART_OFF] = { "autostart-off", NULL,
	    "disable autostart for",
	    "VM '%s' will no longer start with its host.",
	    "no longer start the VM with its host", NULL, 0 },
	[DOMAIN_ACTION_UNDEFINE] = { "undefine", "delete", "delete",
	    "Deleted the definition of VM '%s'.",
	    "delete the VM's definition, and its volumes if asked to", NULL,
	    DOMAIN_ACT_DESTRUCTIVE | DOMAIN_ACT_HEADLESS |
	    DOMAIN_ACT_NAMES_VOLUMES },
	[DOMAIN_ACTION_MEMSTATS_PERIOD] = { "memstats", NULL,
	    "turn on memory figures for",
	    "VM '%s' now reports memory figures every 5 s (if its guest "
	    "has a balloon driver).", "ask the guest for memory figures "
	    "every 5 s", NULL, DOMAIN_ACT_NEEDS_RUNNING },
	[DOMAIN_ACTION_SAVE] = { "save", NULL, "save",
	    "Saved VM '%s': its memory is in the host's managed image, and "
	    "start restores it.", "save the running VM's memory on its host "
	    "and stop it (start restores it)", NULL,
	    DOMAIN_ACT_HEADLESS | DOMAIN_ACT_NEEDS_RUNNING },
	[DOMAIN_ACTION_RESTORE] = { "restore", NULL, "restore",
	    "Restored VM '%s' from its saved state.", "start the saved VM "
	    "from its saved memory", NULL,
	    DOMAIN_ACT_HEADLESS | DOMAIN_ACT_NEEDS_OFF },
	[DOMAIN_ACTION_SAVE_REMOVE] = { "managedsave-remove", NULL,
	    "remove the saved state of",
	    "Removed the saved state of VM '%s'; its next start boots afresh.",
	    "remove the saved VM's saved memory", "What it saved is lost: "
	    "its next start boots afresh.",
	    DOMAIN_ACT_DESTRUCTIVE | DOMAIN_ACT_HEADLESS |
	    DOMAIN_ACT_NEEDS_OFF },
};

static bool
domain_is_paused(const struct domain_info *d)
{
	return d->state == DOMAIN_STATE_PAUSED ||
	    d->state == DOMAIN_STATE_PMSUSPENDED;
}

static bool
domain_is_autostart(const struct domain_info *d)
{
	return d->autostart;
}

static const struct domain_toggle toggles[] = {
	{ "pause", "pause (suspend) or resume the VM", DOMAIN_ACTION_SUSPEND,
	    DOMAIN_ACTION_RESUME, domain_is_paused },
	{ "autostart", "toggle starting the VM with its host",
	    DOMAIN_ACTION_AUTOSTART_ON, DOMAIN_ACTION_AUTOSTART_OFF,
	    domain_is_autostart },
};

const struct domain_action_row *
domain_action_row(enum domain_action action)
{
	return &actions[action];
}

const struct domain_toggle *
domain_toggle(size_t i)
{
	return i < sizeof toggles / sizeof toggles[0] ? &toggles[i] : NULL;
}

enum domain_action
domain_toggle_pick(const struct domain_toggle *t, const struct domain_info *d)
{
	return d != NULL && t->is_on(d) ? t->on : t->off;
}

const char *
domain_state_name(enum domain_state state)
{
	if ((unsigned)state >= DOMAIN_STATE_COUNT)
		return state_names[DOMAIN_STATE_NOSTATE];
	return state_names[state];
}

enum domain_state
domain_state_from_virt(int state)
{
	switch (state) {
	case VIR_DOMAIN_RUNNING: return DOMAIN_STATE_RUNNING;
	case VIR_DOMAIN_BLOCKED: return DOMAIN_STATE_BLOCKED;
	case VIR_DOMAIN_PAUSED: return DOMAIN_STATE_PAUSED;
	case VIR_DOMAIN_SHUTDOWN: return DOMAIN_STATE_SHUTDOWN;
	case VIR_DOMAIN_SHUTOFF: return DOMAIN_STATE_SHUTOFF;
	case VIR_DOMAIN_CRASHED: return DOMAIN_STATE_CRASHED;
	case VIR_DOMAIN_PMSUSPENDED: return DOMAIN_STATE_PMSUSPENDED;
	default: return DOMAIN_STATE_NOSTATE;
	}
}

const char *
domain_state_label(const struct domain_info *d)
{
	return d->saved && d->state == DOMAIN_STATE_SHUTOFF ? "saved" :
	    domain_state_name(d->state);
}

bool
domain_state_is_active(enum domain_state state)
{
	return state != DOMAIN_STATE_SHUTOFF && state != DOMAIN_STATE_NOSTATE &&
	    state != DOMAIN_STATE_CRASHED;
}

const char *
domain_action_verb(enum domain_action action)
{
	return actions[action].verb;
}

const char *
domain_action_command(enum domain_action action)
{
	return actions[action].flags & DOMAIN_ACT_HEADLESS ?
	    actions[action].name : NULL;
}

int
domain_action_from_command(const char *word)
{
	for (int a = 0; a < DOMAIN_ACTION_COUNT; a++)
		if (strcmp(actions[a].name, word) == 0)
			return a;
	return -1;
}

char *
domain_action_done(enum domain_action action, const char *name)
{
	char *s;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (asprintf(&s, actions[action].done, name) < 0)
		fatal("out of memory formatting a message");
#pragma GCC diagnostic pop
	return s;
}

void
domain_info_clear(struct domain_info *info)
{
	if (info == NULL)
		return;
	free(info->name);
	memset(info, 0, sizeof *info);
}

void
domain_info_copy(struct domain_info *dst, const struct domain_info *src)
{
	*dst = *src;
	dst->name = xstrdup(src->name);
}

void
domain_info_array_free(struct domain_info *infos, size_t n)
{
	if (infos == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(infos[i].name);
	free(infos);
}

static bool count_snapshots;

void
domain_set_count_snapshots(bool on)
{
	count_snapshots = on;
}

/* How many snapshots dom has, or -1 (not counted, or unknown). */
static int
domain_snapshot_count(virDomainPtr dom)
{
	int n = count_snapshots ? virDomainSnapshotNum(dom, 0) : -1;

	if (count_snapshots && n < 0)
		virResetLastError();
	return n;
}

static atomic_bool read_ip;

/* set by the UI thread while workers list: atomic */
static atomic_bool read_tags;

void
domain_set_read_tags(bool on)
{
	atomic_store(&read_tags, on);
}

bool
domain_reads_tags(void)
{
	return atomic_load(&read_tags);
}

bool
domain_reads_ip(void)
{
	return atomic_load(&read_ip);
}

/* dom's tags joined into buf ("" when none, or not read). */
static void
domain_read_tags(virDomainPtr dom, char *buf, size_t len)
{
	struct tags s;
	char *err = NULL, *all;

	buf[0] = '\0';
	if (!read_tags)
		return;
	if (tags_get(dom, &s, &err) < 0) {
		free(err);
		return;
	}
	all = tags_join(&s);
	if (strlen(all) < len)
		snprintf(buf, len, "%s", all);
	else {
		/* the whole tags that fit before a "…" */
		size_t keep = len - sizeof "…";

		while (keep > 0 && all[keep] != ',')
			keep--;
		snprintf(buf, len, "%.*s…", (int)keep, all);
	}
	free(all);
	tags_clear(&s);
}

void
domain_set_read_ip(bool on)
{
	read_ip = on;
}

/* The first IPv4 address of a running dom into ip: libvirt's DHCP
 * leases, then the host's ARP table (the guest agent is left to the VM
 * view: asking a guest without one costs its timeout). */
static void
domain_first_ip(virDomainPtr dom, char *ip, size_t len)
{
	static const unsigned sources[] = {
		VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE,
		VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP,
	};

	ip[0] = '\0';
	for (size_t s = 0; s < 2 && ip[0] == '\0'; s++) {
		virDomainInterfacePtr *ifs = NULL;
		int n = virDomainInterfaceAddresses(dom, &ifs, sources[s], 0);

		if (n < 0)
			virResetLastError();
		for (int i = 0; i < n; i++) {
			for (unsigned a = 0; ip[0] == '\0' &&
			    a < ifs[i]->naddrs; a++)
				if (ifs[i]->addrs[a].type ==
				    VIR_IP_ADDR_TYPE_IPV4 && ifs[i]->addrs[a].addr)
					snprintf(ip, len, "%s",
					    ifs[i]->addrs[a].addr);
			virDomainInterfaceFree(ifs[i]);
		}
		free(ifs);
	}
}

/* The parts of an info that need no call to the daemon. */
static void
domain_info_identity(virDomainPtr dom, struct domain_info *info)
{
	unsigned int id = virDomainGetID(dom);

	memset(info, 0, sizeof *info);
	info->name = xstrdup(virDomainGetName(dom));
	virDomainGetUUIDString(dom, info->uuid);
	info->id = id == (unsigned int)-1 ? -1 : (int)id;
}

/* State, vCPUs and memory from virDomainGetInfo. */
static int
domain_info_basic(virDomainPtr dom, struct domain_info *info, char **err)
{
	virDomainInfo vi;

	if (virDomainGetInfo(dom, &vi) < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not read VM '%s': %s", info->name, why);
		free(why);
		return -1;
	}
	info->state = domain_state_from_virt(vi.state);
	info->vcpus = vi.nrVirtCpu;
	info->mem_kib = vi.memory;
	info->maxmem_kib = vi.maxMem;
	return 0;
}

int
domain_info_fetch(virDomainPtr dom, struct domain_info *info, char **err)
{
	int flag;

	domain_info_identity(dom, info);
	if (domain_info_basic(dom, info, err) < 0) {
		domain_info_clear(info);
		return -1;
	}
	/* these two fail only for odd drivers; a failure leaves "no" */
	if (virDomainGetAutostart(dom, &flag) == 0)
		info->autostart = flag != 0;
	else
		virResetLastError();
	flag = virDomainIsPersistent(dom);
	if (flag < 0)
		virResetLastError();
	info->persistent = flag == 1;
	flag = virDomainHasManagedSaveImage(dom, 0);
	if (flag < 0)
		virResetLastError();
	info->saved = flag == 1;
	info->snapshots = domain_snapshot_count(dom);
	domain_read_tags(dom, info->tags, sizeof info->tags);
	if (read_ip && info->id >= 0)
		domain_first_ip(dom, info->ip, sizeof info->ip);
	return 0;
}

static int
uuid_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Sorted UUID strings of the domains matching flags, or -1. */
static int
domain_uuid_set(virConnectPtr conn, unsigned int flags,
    char (**uuids)[DOMAIN_UUID_LEN])
{
	virDomainPtr *doms = NULL;
	int n = virConnectListAllDomains(conn, &doms, flags);

	if (n < 0)
		return -1;
	*uuids = xcalloc((size_t)n, DOMAIN_UUID_LEN);
	for (int i = 0; i < n; i++) {
		virDomainGetUUIDString(doms[i], (*uuids)[i]);
		virDomainFree(doms[i]);
	}
	free(doms);
	qsort(*uuids, (size_t)n, DOMAIN_UUID_LEN, uuid_cmp);
	return n;
}

static bool
uuid_in_set(const char (*uuids)[DOMAIN_UUID_LEN], int n, const char *uuid)
{
	return n > 0 &&
	    bsearch(uuid, uuids, (size_t)n, DOMAIN_UUID_LEN, uuid_cmp) != NULL;
}

/* Apply one bulk stats record to the matching info. Returns true when the
 * record gave state, vCPUs and memory, so no per-domain call is needed. */
static bool
domain_info_from_stats(struct domain_info *info, virDomainStatsRecordPtr rec)
{
	bool have_state = false, have_vcpu = false, have_mem = false;

	for (int p = 0; p < rec->nparams; p++) {
		virTypedParameterPtr tp = &rec->params[p];

		if (strcmp(tp->field, "state.state") == 0 &&
		    tp->type == VIR_TYPED_PARAM_INT) {
			info->state = domain_state_from_virt(tp->value.i);
			have_state = true;
		} else if (strcmp(tp->field, "vcpu.current") == 0 &&
		    tp->type == VIR_TYPED_PARAM_UINT) {
			info->vcpus = tp->value.ui;
			have_vcpu = true;
		} else if (strcmp(tp->field, "balloon.current") == 0 &&
		    tp->type == VIR_TYPED_PARAM_ULLONG) {
			info->mem_kib = tp->value.ul;
			have_mem = true;
		} else if (strcmp(tp->field, "balloon.maximum") == 0 &&
		    tp->type == VIR_TYPED_PARAM_ULLONG)
			info->maxmem_kib = tp->value.ul;
	}
	return have_state && have_vcpu && have_mem && info->maxmem_kib != 0;
}

int
domain_list_fetch(virConnectPtr conn, struct domain_info **out, size_t *n,
    char **err)
{
	virDomainPtr *doms = NULL;
	virDomainStatsRecordPtr *recs = NULL;
	char (*autostart)[DOMAIN_UUID_LEN] = NULL;
	char (*persistent)[DOMAIN_UUID_LEN] = NULL;
	char (*saved)[DOMAIN_UUID_LEN] = NULL;
	struct domain_info *infos;
	int ndoms, nauto, npers, nsaved, nrecs;

	*out = NULL;
	*n = 0;
	ndoms = virConnectListAllDomains(conn, &doms, 0);
	if (ndoms < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not list VMs: %s", why);
		free(why);
		return -1;
	}
	nauto = domain_uuid_set(conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART,
	    &autostart);
	if (nauto < 0)
		virResetLastError();
	npers = domain_uuid_set(conn, VIR_CONNECT_LIST_DOMAINS_PERSISTENT,
	    &persistent);
	if (npers < 0)
		virResetLastError();
	nsaved = domain_uuid_set(conn, VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE,
	    &saved);
	if (nsaved < 0)
		virResetLastError();

	infos = xcalloc((size_t)ndoms, sizeof *infos);
	for (int i = 0; i < ndoms; i++) {
		domain_info_identity(doms[i], &infos[i]);
		infos[i].autostart = uuid_in_set(
		    (const char (*)[DOMAIN_UUID_LEN])autostart, nauto,
		    infos[i].uuid);
		infos[i].persistent = uuid_in_set(
		    (const char (*)[DOMAIN_UUID_LEN])persistent, npers,
		    infos[i].uuid);
		infos[i].saved = uuid_in_set(
		    (const char (*)[DOMAIN_UUID_LEN])saved, nsaved,
		    infos[i].uuid);
		infos[i].snapshots = domain_snapshot_count(doms[i]);
		domain_read_tags(doms[i], infos[i].tags, sizeof infos[i].tags);
		if (read_ip && infos[i].id >= 0)
			domain_first_ip(doms[i], infos[i].ip,
			    sizeof infos[i].ip);
	}

	/* One bulk call for state, vCPUs and memory; the array is in the
	 * same order as doms (NULL-terminated for virDomainListGetStats). */
	bool *complete = xcalloc((size_t)ndoms, sizeof *complete);
	if (ndoms > 0) {
		virDomainPtr *list = xcalloc((size_t)ndoms + 1, sizeof *list);

		memcpy(list, doms, (size_t)ndoms * sizeof *list);
		nrecs = virDomainListGetStats(list, VIR_DOMAIN_STATS_STATE |
		    VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_BALLOON, &recs,
		    VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
		free(list);
		if (nrecs < 0) {
			virResetLastError();
			nrecs = 0;
		}
		/* records come back in list order, but match by UUID to be
		 * safe against a domain that vanished in between */
		for (int r = 0, i = 0; r < nrecs; r++) {
			char uuid[DOMAIN_UUID_LEN];

			virDomainGetUUIDString(recs[r]->dom, uuid);
			for (int k = 0; k < ndoms; k++, i = (i + 1) % ndoms)
				if (strcmp(infos[i].uuid, uuid) == 0)
					break;
			if (strcmp(infos[i].uuid, uuid) == 0) {
				complete[i] = domain_info_from_stats(&infos[i],
				    recs[r]);
				i = (i + 1) % ndoms;
			}
		}
		virDomainStatsRecordListFree(recs);
	}

	/* Drivers without full bulk stats (the test driver, older hosts):
	 * ask per domain. A domain gone in between is left out. */
	size_t kept = 0;
	for (int i = 0; i < ndoms; i++) {
		char *ignored = NULL;

		if (!complete[i] &&
		    domain_info_basic(doms[i], &infos[i], &ignored) < 0) {
			free(ignored);
			virResetLastError();
			domain_info_clear(&infos[i]);
			virDomainFree(doms[i]);
			continue;
		}
		virDomainFree(doms[i]);
		if (kept != (size_t)i) {
			infos[kept] = infos[i];
			memset(&infos[i], 0, sizeof infos[i]);
		}
		kept++;
	}
	free(complete);
	free(doms);
	free(autostart);
	free(persistent);
	free(saved);
	*out = infos;
	*n = kept;
	return 0;
}

virDomainPtr
domain_lookup(virConnectPtr conn, const char *key, char **err)
{
	virDomainPtr dom = virDomainLookupByUUIDString(conn, key);

	if (dom == NULL) {
		virResetLastError();
		dom = virDomainLookupByName(conn, key);
	}
	if (dom == NULL) {
		char *why = virterr_take();

		*err = xasprintf("No VM '%s' on this host: %s", key, why);
		free(why);
	}
	return dom;
}

int
domain_action_run(virDomainPtr dom, enum domain_action action,
    const char *name, char **err)
{
	int rc;

	switch (action) {
	case DOMAIN_ACTION_START:
		rc = virDomainCreate(dom);
		break;
	case DOMAIN_ACTION_SHUTDOWN:
		rc = virDomainShutdown(dom);
		break;
	case DOMAIN_ACTION_REBOOT:
		rc = virDomainReboot(dom, 0);
		break;
	case DOMAIN_ACTION_DESTROY:
		rc = virDomainDestroy(dom);
		break;
	case DOMAIN_ACTION_SUSPEND:
		rc = virDomainSuspend(dom);
		break;
	case DOMAIN_ACTION_RESUME:
		rc = virDomainResume(dom);
		break;
	case DOMAIN_ACTION_AUTOSTART_ON:
	case DOMAIN_ACTION_AUTOSTART_OFF:
		rc = virDomainSetAutostart(dom,
		    action == DOMAIN_ACTION_AUTOSTART_ON);
		break;
	case DOMAIN_ACTION_UNDEFINE:
		/* also drop managed save and snapshot metadata, as the user
		 * asked to delete the VM; drivers that refuse the flags get a
		 * plain undefine */
		/* and its UEFI variables and TPM state, which nothing else
		 * uses */
		rc = virDomainUndefineFlags(dom,
		    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
		    VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
		    VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
		    VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_TPM);
		if (rc < 0) {
			virErrorPtr e = virGetLastError();

			if (e != NULL && (e->code == VIR_ERR_INVALID_ARG ||
			    e->code == VIR_ERR_NO_SUPPORT)) {
				virResetLastError();
				rc = virDomainUndefine(dom);
			}
		}
		break;
	case DOMAIN_ACTION_MEMSTATS_PERIOD:
		rc = virDomainSetMemoryStatsPeriod(dom, 5,
		    VIR_DOMAIN_AFFECT_LIVE);
		break;
	case DOMAIN_ACTION_SAVE:
		rc = virDomainManagedSave(dom, 0);
		break;
	case DOMAIN_ACTION_RESTORE:
		/* start restores a managed save; without one it would boot */
		rc = virDomainHasManagedSaveImage(dom, 0);
		if (rc == 0) {
			*err = xasprintf("VM '%s' has no saved state (save makes "
			    "one; start starts it afresh).", name);
			return -1;
		}
		if (rc > 0)
			rc = virDomainCreate(dom);
		break;
	case DOMAIN_ACTION_SAVE_REMOVE:
		rc = virDomainManagedSaveRemove(dom, 0);
		break;
	default:
		rc = -1;
		break;
	}
	if (rc < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not %s VM '%s': %s",
		    domain_action_verb(action), name, why);
		free(why);
		return -1;
	}
	return 0;
}

virDomainPtr
domain_define(virConnectPtr conn, const char *xml)
{
	virDomainPtr dom = virDomainDefineXMLFlags(conn, xml,
	    VIR_DOMAIN_DEFINE_VALIDATE);

	if (dom == NULL) {
		virErrorPtr e = virGetLastError();

		if (e != NULL && (e->code == VIR_ERR_NO_SUPPORT ||
		    e->code == VIR_ERR_INVALID_ARG)) {
			virResetLastError();
			dom = virDomainDefineXML(conn, xml);
		}
	}
	return dom;
}
