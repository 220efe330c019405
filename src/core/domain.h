/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * domain — one VM as vmdeck shows it, fetched from libvirt, and the
 * lifecycle actions on it.
 *
 * struct domain_info is a value: plain fields and an owned name, copied
 * across threads. The fetch and action functions block on libvirt and run
 * on a host's worker thread or in headless subcommands, never on the UI
 * thread. On failure they return -1 and set *err to a whole sentence that
 * names the VM, the host and libvirt's reason (caller frees).
 */
#ifndef VMDECK_CORE_DOMAIN_H
#define VMDECK_CORE_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libvirt/libvirt.h>

#define DOMAIN_UUID_LEN 37	/* "xxxxxxxx-...-xxxxxxxxxxxx" and NUL */

enum domain_state {
	DOMAIN_STATE_NOSTATE,
	DOMAIN_STATE_RUNNING,
	DOMAIN_STATE_BLOCKED,
	DOMAIN_STATE_PAUSED,
	DOMAIN_STATE_SHUTDOWN,		/* being shut down */
	DOMAIN_STATE_SHUTOFF,
	DOMAIN_STATE_CRASHED,
	DOMAIN_STATE_PMSUSPENDED,
	DOMAIN_STATE_COUNT,
};

struct domain_info {
	char uuid[DOMAIN_UUID_LEN];
	char *name;			/* owned */
	int id;				/* -1 when not running */
	enum domain_state state;
	unsigned vcpus;			/* 0 when unknown */
	uint64_t mem_kib;		/* current memory; 0 when unknown */
	uint64_t maxmem_kib;		/* maximum memory; 0 when unknown */
	bool autostart;
	bool persistent;
	bool saved;			/* a managed save image waits */
	int snapshots;			/* how many; -1 when unknown */
	char ip[48];			/* its first IPv4 address from a DHCP
					 * lease or the host's ARP table, or
					 * "" (read only when asked) */
	char tags[256];			/* "db,web" (cut with "…" past 255
					 * bytes), or "" (read only when
					 * asked) */
};

enum domain_action {
	DOMAIN_ACTION_START,
	DOMAIN_ACTION_SHUTDOWN,
	DOMAIN_ACTION_REBOOT,
	DOMAIN_ACTION_DESTROY,
	DOMAIN_ACTION_SUSPEND,
	DOMAIN_ACTION_RESUME,
	DOMAIN_ACTION_AUTOSTART_ON,
	DOMAIN_ACTION_AUTOSTART_OFF,
	DOMAIN_ACTION_UNDEFINE,
	DOMAIN_ACTION_MEMSTATS_PERIOD,	/* ask the balloon for figures, 5 s */
	DOMAIN_ACTION_SAVE,		/* managed save: memory to disk, off */
	DOMAIN_ACTION_RESTORE,		/* start from the managed save */
	DOMAIN_ACTION_SAVE_REMOVE,	/* drop the managed save */
	DOMAIN_ACTION_COUNT,
};

/* "running", "shut off", …: the words virsh uses. */
const char *domain_state_name(enum domain_state state);
/* Map a virDomainState value; unknown values give NOSTATE. */
enum domain_state domain_state_from_virt(int state);
/* The state for the lists: "saved" for a shut-off VM with a managed
 * save image, else domain_state_name. */
const char *domain_state_label(const struct domain_info *d);
/* Whether the state counts as active (has a running QEMU). */
bool domain_state_is_active(enum domain_state state);

/* What an action is, for every place that offers it: the TUI's commands
 * (its own word where it has one, the name as well), the headless
 * subcommands (HEADLESS), the confirmation rule (DESTRUCTIVE asks first,
 * naming the VM; confirm = all asks before every one) and which VMs it
 * suits. */
enum {
	DOMAIN_ACT_DESTRUCTIVE = 1 << 0,	/* asks first */
	DOMAIN_ACT_HEADLESS = 1 << 1,		/* a subcommand: vmdeck NAME VM */
	DOMAIN_ACT_NEEDS_RUNNING = 1 << 2,	/* on an active VM only */
	DOMAIN_ACT_NEEDS_OFF = 1 << 3,		/* on a shut-off VM only */
	DOMAIN_ACT_NAMES_VOLUMES = 1 << 4,	/* the question lists the VM's
						 * volumes, which may go too */
};

struct domain_action_row {
	const char *name;	/* command and subcommand word: "destroy" */
	const char *tui;	/* the TUI's own word, or NULL: "force-off" */
	const char *verb;	/* for messages: "force off" */
	const char *done;	/* printf format with the VM name */
	const char *help;	/* for the help screen and --help */
	const char *note;	/* DESTRUCTIVE: what follows, for the question */
	unsigned flags;		/* DOMAIN_ACT_* */
};

/* A pair of actions one command toggles between ("pause": suspend or
 * resume), picked by the VM's state. */
struct domain_toggle {
	const char *name;
	const char *help;
	enum domain_action off, on;	/* when is_on() is false / true */
	bool (*is_on)(const struct domain_info *d);
};

/* Row of action (never NULL for a valid action). */
const struct domain_action_row *domain_action_row(enum domain_action action);
/* Toggle i, or NULL past the last. */
const struct domain_toggle *domain_toggle(size_t i);
/* The action toggle t means for d. */
enum domain_action domain_toggle_pick(const struct domain_toggle *t,
    const struct domain_info *d);
/* Infinitive for messages: "start", "shut down", "force off". */
const char *domain_action_verb(enum domain_action action);
/* Subcommand word: "start", "shutdown", "destroy", …; NULL for actions
 * that are not HEADLESS. */
const char *domain_action_command(enum domain_action action);
/* Find an action by its name; -1 when none. */
int domain_action_from_command(const char *word);
/* Sentence for success: "Started VM 'x'.", "Shutdown of VM 'x' requested."
 * Caller frees. */
char *domain_action_done(enum domain_action action, const char *name);

/* Free the name and zero the struct. Accepts NULL. */
void domain_info_clear(struct domain_info *info);
/* Deep copy src into dst (dst is overwritten, not cleared first). */
void domain_info_copy(struct domain_info *dst, const struct domain_info *src);
/* Free an array of n infos and the array. Accepts NULL. */
void domain_info_array_free(struct domain_info *infos, size_t n);

/* Fill info for one domain (one or more libvirt calls). */
int domain_info_fetch(virDomainPtr dom, struct domain_info *info, char **err);

/* List every domain of conn, active and inactive, with state, vCPUs,
 * memory, autostart and persistence, using bulk calls where the driver
 * offers them. *out is a new array of *n infos (caller frees with
 * domain_info_array_free). */
int domain_list_fetch(virConnectPtr conn, struct domain_info **out, size_t *n,
    char **err);

/* Find a domain by UUID string, else by name. Returns a reference the
 * caller frees with virDomainFree, or NULL with *err set. */
virDomainPtr domain_lookup(virConnectPtr conn, const char *key, char **err);

/* Define xml on conn, validated against libvirt's schema where the
 * driver can (VIR_DOMAIN_DEFINE_VALIDATE; drivers that cannot are asked
 * without it). NULL on failure, libvirt's error left set. */
virDomainPtr domain_define(virConnectPtr conn, const char *xml);

/* Whether listing and fetching count each domain's snapshots (a call per
 * domain: only for a list that shows them). Off by default; set before
 * any thread fetches. */
void domain_set_count_snapshots(bool on);
/* Whether fetching reads each running domain's first IPv4 address (a
 * call per running domain: only for a list that shows them). */
void domain_set_read_ip(bool on);
/* Whether listing and fetching read each domain's tags (a call per
 * domain: only for a list that shows or filters by them). Off by
 * default; set before any thread fetches. */
void domain_set_read_tags(bool on);
/* Whether they are read now. */
bool domain_reads_tags(void);
bool domain_reads_ip(void);

/* Run an action on dom. name is for messages. */
int domain_action_run(virDomainPtr dom, enum domain_action action,
    const char *name, char **err);

#endif
