/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The edit form (e): a VM's settings from its persistent XML, changed and
 * saved on the host's worker, which says what waits for a restart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vm/vmedit.h"
#include "../create/vmspec.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"
#include "app.h"
#include "draw.h"
#include "term.h"
#include "textin.h"
#include "theme.h"
#include "view.h"

enum {
	E_VCPUS, E_MAX_VCPUS, E_MEMORY, E_MAX_MEMORY, E_AUTOSTART,
	E_DESCRIPTION, E_DISK, E_NETWORK, E_MODEL, E_ADD_DISK, E_ATTACH,
	E_BUS, E_DETACH, E_ADD_NIC, E_REMOVE_NIC, E_CDROM, E_BOOT, E_SAVE,
	E_COUNT,
};

static const char *const labels[E_COUNT] = {
	"vCPUs", "Max vCPUs", "Memory", "Max memory", "Autostart",
	"Description", "Disk 1 size", "Network", "NIC model", "Add disk",
	"Attach file", "Disk bus", "Detach disk", "Add NIC", "Remove NIC",
	"CD-ROM", "Boot order", "[ Save ]",
};

/* What a field takes, shown beside it while empty. */
static const char *const hints[E_COUNT] = {
	[E_ADD_DISK] = "size of a new volume, e.g. 10G",
	[E_ATTACH] = "path of a file or volume on the host",
	[E_BUS] = "of the disk added or attached: virtio or scsi",
	[E_DETACH] = "target, e.g. vdb",
	[E_ADD_NIC] = "a network, e.g. default",
	[E_REMOVE_NIC] = "its MAC address",
	[E_CDROM] = "an ISO file on the host (cleared: eject)",
	[E_BOOT] = "e.g. hd,cdrom,network (empty: unchanged)",
};

struct editform {
	int host;
	char uuid[DOMAIN_UUID_LEN];
	char *name;
	struct vmspec orig;		/* as read */
	char text[E_COUNT][256];	/* as typed */
	char start[E_COUNT][256];	/* as read, to see what changed */
	bool autostart, autostart0;
	int focus;
	char error[160];
};

static void
edit_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct editform *f = v->priv;
	int rows, cols, y = 2;
	char line[512];

	(void)app;
	getmaxyx(stdscr, rows, cols);
	erase();
	snprintf(line, sizeof line, " Edit VM '%s'   (Up/Down move, Space "
	    "toggles, Enter on Save, Esc cancel)", f->name);
	draw_text(0, 0, cols, theme_attr(THEME_TITLE), line, true);
	snprintf(line, sizeof line, " Firmware %s, machine %s (read-only)",
	    f->orig.firmware == VMSPEC_UEFI ? "UEFI" : "BIOS",
	    f->orig.machine ? f->orig.machine : "?");
	draw_text(1, 0, cols, theme_attr(THEME_SHUTOFF), line, true);
	/* what is there now, for detach and remove */
	line[0] = '\0';
	for (size_t i = 0; i < f->orig.ndisks; i++) {
		size_t l = strlen(line);
		snprintf(line + l, sizeof line - l, "%s%s %s", i ? ", " : " Disks: ",
		    f->orig.disks[i].target ? f->orig.disks[i].target : "?",
		    f->orig.disks[i].path ? f->orig.disks[i].path : "(empty)");
	}
	if (line[0] != '\0')
		draw_text(y++, 0, cols, theme_attr(THEME_SHUTOFF), line, true);
	line[0] = '\0';
	for (size_t i = 0; i < f->orig.nnics; i++) {
		size_t l = strlen(line);
		snprintf(line + l, sizeof line - l, "%s%s on %s", i ? ", " :
		    " NICs: ", f->orig.nics[i].mac ? f->orig.nics[i].mac : "?",
		    f->orig.nics[i].network ? f->orig.nics[i].network :
		    f->orig.nics[i].bridge ? f->orig.nics[i].bridge : "?");
	}
	if (line[0] != '\0')
		draw_text(y++, 0, cols, theme_attr(THEME_SHUTOFF), line, true);
	if (f->error[0] != '\0')
		draw_text(y++, 1, cols - 2, theme_attr(THEME_ERROR), f->error,
		    false);
	for (int i = 0; i < E_COUNT && y < rows - 1; i++, y++) {
		bool focus = i == f->focus;
		attr_t a = theme_attr(focus ? THEME_SELECTION : THEME_NORMAL);

		if (i == E_SAVE) {
			draw_text(y + 1, 16, 10, a, labels[i], false);
			continue;
		}
		draw_text(y, 1, 14, theme_attr(THEME_HEADER), labels[i], true);
		if (i == E_AUTOSTART)
			snprintf(line, sizeof line, "[%c]", f->autostart ? 'x' : ' ');
		else
			snprintf(line, sizeof line, "%s%s", f->text[i],
			    focus ? "_" : "");
		int used = draw_text(y, 16, cols - 17, a, line, focus);
		/* the bus's choices stay in sight */
		if ((f->text[i][0] == '\0' || i == E_BUS) &&
		    hints[i] != NULL && !focus)
			draw_text(y, 16 + used + 1, cols - 18 - used,
			    theme_attr(THEME_SHUTOFF), hints[i], false);
	}
}

/* Read the form into e; false with f->error when a value is wrong. */
static bool
edit_collect(struct editform *f, struct vmedit *e)
{
	uint64_t b;
	const char *why = NULL;
	struct vmspec probe;

	memset(e, 0, sizeof *e);
	e->autostart = f->autostart != f->autostart0 ? f->autostart : -1;
	vmspec_init(&probe);
	for (int i = 0; i < E_COUNT; i++) {
		if (i == E_AUTOSTART || i == E_SAVE ||
		    strcmp(f->text[i], f->start[i]) == 0)
			continue;
		switch (i) {
		case E_VCPUS:
		case E_MAX_VCPUS:
			if (vmspec_set(&probe, "template", "vcpus", f->text[i],
			    &why) < 0)
				goto bad;
			*(i == E_VCPUS ? &e->vcpus : &e->max_vcpus) = probe.vcpus;
			break;
		case E_MEMORY:
		case E_MAX_MEMORY:
			if (vmspec_set(&probe, "template", "memory", f->text[i],
			    &why) < 0)
				goto bad;
			*(i == E_MEMORY ? &e->memory_kib : &e->max_memory_kib) =
			    probe.memory_kib;
			break;
		case E_DESCRIPTION:
			e->description = xstrdup(f->text[i]);
			break;
		case E_DISK:
			if (!vmspec_parse_size(f->text[i], &b)) {
				why = "expected a size such as 40G";
				goto bad;
			}
			e->disk_size = b;
			break;
		case E_NETWORK:
			e->nic_network = xstrdup(f->text[i]);
			break;
		case E_MODEL:
			e->nic_model = xstrdup(f->text[i]);
			break;
		case E_ADD_DISK:
			if (!vmspec_parse_size(f->text[i], &b) || b < (1 << 20)) {
				why = "expected a size of at least 1M, such as 10G";
				goto bad;
			}
			e->add_disk = b;
			break;
		case E_ATTACH:
			e->attach = xstrdup(f->text[i]);
			break;
		case E_BUS:
			if (strcmp(f->text[i], "virtio") != 0 &&
			    strcmp(f->text[i], "scsi") != 0) {
				why = "expected virtio or scsi";
				goto bad;
			}
			e->disk_bus = xstrdup(f->text[i]);
			break;
		case E_CDROM:
			e->cdrom = xstrdup(f->text[i]);
			break;
		case E_DETACH:
			e->detach = xstrdup(f->text[i]);
			break;
		case E_ADD_NIC:
			e->add_nic = xstrdup(f->text[i]);
			break;
		case E_REMOVE_NIC:
			e->remove_nic = xstrdup(f->text[i]);
			break;
		case E_BOOT:
			e->boot = xstrdup(f->text[i]);
			break;
		}
		continue;
bad:
		snprintf(f->error, sizeof f->error, "%s: %s", labels[i], why);
		f->focus = i;
		vmspec_free(&probe);
		vmedit_free(e);
		return false;
	}
	vmspec_free(&probe);
	if (e->add_disk > 0 && e->attach != NULL) {
		/* the new volume is what gets attached: one at a time */
		snprintf(f->error, sizeof f->error, "%s and %s: one at a time "
		    "(save one, then the other)", labels[E_ADD_DISK],
		    labels[E_ATTACH]);
		f->focus = E_ATTACH;
		vmedit_free(e);
		return false;
	}
	f->error[0] = '\0';
	return true;
}

static unsigned
edit_key(struct view *v, struct app *app, int key)
{
	struct editform *f = v->priv;

	if (key == 27)
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	if (key == UI_KEY(KEY_DOWN) || key == '\t')
		f->focus = (f->focus + 1) % E_COUNT;
	else if (key == UI_KEY(KEY_UP) || key == UI_KEY(KEY_BTAB))
		f->focus = (f->focus + E_COUNT - 1) % E_COUNT;
	else if (f->focus == E_AUTOSTART && (key == ' ' || key == '\r'))
		f->autostart = !f->autostart;
	else if (key == '\r' && f->focus == E_SAVE) {
		struct vmedit *e = xcalloc(1, sizeof *e);

		if (!edit_collect(f, e)) {
			free(e);
			return UI_HANDLED | UI_REDRAW;
		}
		host_submit_edit(app->hosts[f->host], f->uuid, f->name, e);
		char *msg = xasprintf("Saving the settings of VM '%s'…", f->name);
		app_status(app, false, msg);
		free(msg);
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	} else if (key == '\r')
		f->focus = (f->focus + 1) % E_COUNT;
	else if (f->focus != E_AUTOSTART && f->focus != E_SAVE)
		textin_key(f->text[f->focus], sizeof f->text[0], key);
	return UI_HANDLED | UI_REDRAW;
}

static void
edit_free(struct view *v)
{
	struct editform *f = v->priv;

	vmspec_free(&f->orig);
	free(f->name);
	free(f);
	free(v);
}

static const struct view_ops edit_ops = {
	.name = "edit", .free = edit_free, .draw = edit_draw, .key = edit_key,
};

struct view *
view_edit_new(int host, const char *uuid, const char *name, const char *xml,
    bool autostart, char **err)
{
	struct editform *f = xcalloc(1, sizeof *f);
	struct view *v;

	if (vmspec_from_xml(&f->orig, xml, err) < 0) {
		free(f);
		return NULL;
	}
	f->host = host;
	snprintf(f->uuid, sizeof f->uuid, "%s", uuid);
	f->name = xstrdup(name);
	f->autostart = f->autostart0 = autostart;
	snprintf(f->text[E_VCPUS], 256, "%u", f->orig.vcpus);
	snprintf(f->text[E_MAX_VCPUS], 256, "%u", f->orig.max_vcpus ?
	    f->orig.max_vcpus : f->orig.vcpus);
	fmt_kib_typed(f->text[E_MEMORY], 256, f->orig.memory_kib);
	fmt_kib_typed(f->text[E_MAX_MEMORY], 256, f->orig.max_memory_kib ?
	    f->orig.max_memory_kib : f->orig.memory_kib);
	snprintf(f->text[E_DESCRIPTION], 256, "%s", f->orig.description ?
	    f->orig.description : "");
	snprintf(f->text[E_NETWORK], 256, "%s", f->orig.nnics &&
	    f->orig.nics[0].network ? f->orig.nics[0].network : "");
	snprintf(f->text[E_MODEL], 256, "%s", f->orig.nnics &&
	    f->orig.nics[0].model ? f->orig.nics[0].model : "");
	snprintf(f->text[E_BUS], 256, "virtio");
	/* the first CD-ROM drive's media: the one a change goes to */
	for (size_t i = 0; i < f->orig.ndisks; i++)
		if (f->orig.disks[i].source == VMSPEC_SOURCE_CDROM) {
			snprintf(f->text[E_CDROM], 256, "%s",
			    f->orig.disks[i].path ? f->orig.disks[i].path : "");
			break;
		}
	memcpy(f->start, f->text, sizeof f->text);
	v = xcalloc(1, sizeof *v);
	v->ops = &edit_ops;
	v->priv = f;
	return v;
}
