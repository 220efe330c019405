/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The create form (n): a VM from a template on a host, with every value
 * checked as it is typed, the XML it would define one key away, and
 * nothing typed lost when the host refuses it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../create/seed.h"
#include "../create/template.h"
#include "../create/vmspec.h"
#include "../util/fmt.h"
#include "../util/msglog.h"
#include "../util/xalloc.h"
#include "app.h"
#include "draw.h"
#include "term.h"
#include "textin.h"
#include "theme.h"
#include "view.h"

enum field_id {
	F_HOST, F_TEMPLATE, F_OS, F_NAME, F_VCPUS, F_MEMORY, F_DISK, F_IMAGE,
	F_KERNEL, F_INITRD, F_POOL, F_NETWORK, F_ACCEL, F_START, F_CREATE,
	F_COUNT,
};

enum field_kind { K_CHOICE, K_TEXT, K_BOOL, K_BUTTON };

static const struct {
	const char *label;
	enum field_kind kind;
} fields[F_COUNT] = {
	[F_HOST] = { "Host", K_CHOICE },
	[F_TEMPLATE] = { "Template", K_CHOICE },
	[F_OS] = { "OS (osinfo)", K_TEXT },
	[F_NAME] = { "Name", K_TEXT },
	[F_VCPUS] = { "vCPUs", K_TEXT },
	[F_MEMORY] = { "Memory", K_TEXT },
	[F_DISK] = { "Disk size", K_TEXT },
	[F_IMAGE] = { "Image", K_TEXT },
	[F_KERNEL] = { "Kernel", K_TEXT },
	[F_INITRD] = { "Initrd", K_TEXT },
	[F_POOL] = { "Storage pool", K_CHOICE },
	[F_NETWORK] = { "Network", K_CHOICE },
	[F_ACCEL] = { "Accelerator", K_CHOICE },
	[F_START] = { "Start it", K_BOOL },
	[F_CREATE] = { "[ Create ]", K_BUTTON },
};

struct form {
	struct template_set templates;
	int focus;
	size_t host, tmpl, pool, network;	/* choices */
	size_t accel;				/* auto, kvm, tcg */
	bool start;
	char text[F_COUNT][256];		/* text fields */
	char error[F_COUNT][160];		/* inline, per field */
	char *failure;				/* the host's refusal; owned */
	bool busy;				/* a create is under way */
	char *preview;				/* XML shown instead; owned */
	long preview_top;
	bool planning;				/* F3 asked the host */
	unsigned plan_seq;			/* the host's plan_seq then */
	char *plan_note;			/* the accelerator, warnings */
	char warning[256];			/* before Create: no SSH key */
};

static const char *const accel_names[] = { "auto", "kvm", "tcg" };

/* A size or count left to osinfo-db (an `osinfo = recommended`
 * template) */
#define FORM_AUTO "auto"

/* Whether field id is left to osinfo-db. */
static bool
form_auto(const struct form *f, const struct vmspec *t, int id)
{
	return t != NULL && t->from_osinfo && strcmp(f->text[id], FORM_AUTO) == 0;
}

/* The first disk of spec that takes a new volume, or -1. */
static int
new_disk(const struct vmspec *s)
{
	for (size_t i = 0; i < s->ndisks; i++)
		if (s->disks[i].source == VMSPEC_SOURCE_EMPTY ||
		    s->disks[i].source == VMSPEC_SOURCE_BACKING ||
		    s->disks[i].source == VMSPEC_SOURCE_COPY)
			return (int)i;
	return -1;
}

/* The first disk of spec that needs an image, or -1. */
static int
image_disk(const struct vmspec *s)
{
	for (size_t i = 0; i < s->ndisks; i++)
		if (s->disks[i].source != VMSPEC_SOURCE_EMPTY)
			return (int)i;
	return -1;
}

static const struct vmspec *
form_template(struct form *f)
{
	return f->templates.n ? &f->templates.t[f->tmpl].spec : NULL;
}

/* Fill the text fields from the chosen template. */
static void
form_from_template(struct form *f)
{
	const struct vmspec *s = form_template(f);
	int d;

	if (s == NULL)
		return;
	snprintf(f->text[F_OS], sizeof f->text[0], "%s",
	    s->variant ? s->variant : "");
	snprintf(f->text[F_VCPUS], sizeof f->text[0], "%u", s->vcpus);
	fmt_kib_typed(f->text[F_MEMORY], sizeof f->text[0], s->memory_kib);
	d = new_disk(s);
	if (d >= 0)
		fmt_kib_typed(f->text[F_DISK], sizeof f->text[0],
		    s->disks[d].size / 1024);
	else
		f->text[F_DISK][0] = '\0';
	/* osinfo = recommended: osinfo-db's figures unless typed over */
	if (s->from_osinfo) {
		strcpy(f->text[F_VCPUS], FORM_AUTO);
		strcpy(f->text[F_MEMORY], FORM_AUTO);
		if (d >= 0)
			strcpy(f->text[F_DISK], FORM_AUTO);
	}
	f->text[F_IMAGE][0] = '\0';
	snprintf(f->text[F_KERNEL], sizeof f->text[0], "%s",
	    s->kernel ? s->kernel : "");
	snprintf(f->text[F_INITRD], sizeof f->text[0], "%s",
	    s->initrd ? s->initrd : "");
}

static struct store_host *
form_host(struct form *f, struct app *app)
{
	return &app->store.hosts[f->host];
}

/* Check every field; each error lands beside its field. Returns whether
 * all hold. */
static bool
form_check(struct form *f, struct app *app)
{
	struct store_host *h = form_host(f, app);
	const struct vmspec *t = form_template(f);
	const struct host_facts *facts = &h->facts;
	uint64_t b;
	bool ok = true;

	memset(f->error, 0, sizeof f->error);
	if (t == NULL) {
		snprintf(f->error[F_TEMPLATE], sizeof f->error[0],
		    "no templates: see vmdeck-templates(5)");
		return false;
	}
	if (!vmspec_name_ok(f->text[F_NAME])) {
		snprintf(f->error[F_NAME], sizeof f->error[0], "%s",
		    f->text[F_NAME][0] ? "letters, digits and . _ - +, not "
		    "starting with . or -" : "required");
		ok = false;
	} else if (store_find_name(h, f->text[F_NAME]) != NULL) {
		snprintf(f->error[F_NAME], sizeof f->error[0], "taken on %s",
		    h->uri);
		ok = false;
	}
	if (t->from_osinfo && f->text[F_OS][0] == '\0') {
		snprintf(f->error[F_OS], sizeof f->error[0], "an OS osinfo-db "
		    "knows, such as debian11 or win10");
		ok = false;
	}
	char *end;
	long v = form_auto(f, t, F_VCPUS) ? 1 : strtol(f->text[F_VCPUS], &end,
	    10);
	if (form_auto(f, t, F_VCPUS))
		;
	else if (*end != '\0' || v < 1 || v > 4096) {
		snprintf(f->error[F_VCPUS], sizeof f->error[0], "a number from "
		    "1 to %u", facts->cpus ? facts->cpus : 4096);
		ok = false;
	} else if (facts->cpus && (unsigned long)v > facts->cpus) {
		snprintf(f->error[F_VCPUS], sizeof f->error[0], "the host has %u "
		    "CPUs", facts->cpus);
		ok = false;
	}
	if (form_auto(f, t, F_MEMORY))
		;
	else if (!vmspec_parse_size(f->text[F_MEMORY], &b) || b < (16 << 20)) {
		snprintf(f->error[F_MEMORY], sizeof f->error[0], "a size of at "
		    "least 16M, such as 2G");
		ok = false;
	} else if (facts->mem_kib && b / 1024 > facts->mem_kib) {
		char m[32];
		snprintf(f->error[F_MEMORY], sizeof f->error[0], "the host has %s",
		    fmt_kib(m, sizeof m, facts->mem_kib));
		ok = false;
	}
	if (new_disk(t) >= 0) {
		if (form_auto(f, t, F_DISK))
			;
		else if (!vmspec_parse_size(f->text[F_DISK], &b) ||
		    b < (1 << 20)) {
			snprintf(f->error[F_DISK], sizeof f->error[0], "a size of "
			    "at least 1M, such as 20G");
			ok = false;
		} else if (f->pool < facts->npools &&
		    b > facts->pools[f->pool].available &&
		    t->disks[new_disk(t)].source != VMSPEC_SOURCE_BACKING) {
			char m[32];
			snprintf(f->error[F_DISK], sizeof f->error[0], "pool %s "
			    "has %s free", facts->pools[f->pool].name,
			    fmt_kib(m, sizeof m, facts->pools[f->pool].available /
			    1024));
			ok = false;
		}
		if (facts->npools == 0) {
			snprintf(f->error[F_POOL], sizeof f->error[0], "the host "
			    "has no storage pool");
			ok = false;
		} else if (f->pool >= facts->npools) {
			snprintf(f->error[F_POOL], sizeof f->error[0], "no pool '%s' "
			    "here: choose one (Left/Right)", t->disks[0].pool ?
			    t->disks[0].pool : "default");
			ok = false;
		}
	}
	if (image_disk(t) >= 0 && f->text[F_IMAGE][0] == '\0') {
		snprintf(f->error[F_IMAGE], sizeof f->error[0], "this template "
		    "needs an image or ISO path on the host");
		ok = false;
	}
	if (f->text[F_INITRD][0] && !f->text[F_KERNEL][0]) {
		snprintf(f->error[F_KERNEL], sizeof f->error[0], "an initrd needs "
		    "a kernel");
		ok = false;
	}
	return ok;
}

/* The spec the form describes (caller frees with vmspec_free). */
static void
form_spec(struct form *f, struct app *app, struct vmspec *s)
{
	const struct host_facts *facts = &form_host(f, app)->facts;
	const char *why;
	int d;

	const struct vmspec *t = form_template(f);

	vmspec_copy(s, t);
	vmspec_set(s, "template", "name", f->text[F_NAME], &why);
	vmspec_set(s, "template", "variant", f->text[F_OS], &why);
	if (!form_auto(f, t, F_VCPUS))
		vmspec_set(s, "template", "vcpus", f->text[F_VCPUS], &why);
	if (!form_auto(f, t, F_MEMORY))
		vmspec_set(s, "template", "memory", f->text[F_MEMORY], &why);
	if ((d = new_disk(s)) >= 0 && !form_auto(f, t, F_DISK))
		vmspec_set(s, d ? "disk2" : "disk", "size", f->text[F_DISK], &why);
	if ((d = image_disk(s)) >= 0 && f->text[F_IMAGE][0]) {
		char sec[16];
		snprintf(sec, sizeof sec, d ? "disk%d" : "disk", d + 1);
		vmspec_set(s, sec, "image", f->text[F_IMAGE], &why);
	}
	for (size_t i = 0; i < s->ndisks && f->pool < facts->npools; i++) {
		free(s->disks[i].pool);
		s->disks[i].pool = xstrdup(facts->pools[f->pool].name);
	}
	if (f->accel > 0 || s->accel == VMSPEC_ACCEL_AUTO)
		vmspec_set(s, "template", "accel", accel_names[f->accel], &why);
	if (f->text[F_KERNEL][0])
		vmspec_set(s, "template", "kernel", f->text[F_KERNEL], &why);
	if (f->text[F_INITRD][0])
		vmspec_set(s, "template", "initrd", f->text[F_INITRD], &why);
	if (s->nnics > 0) {
		if (f->network >= facts->nnetworks) {	/* "(none)" */
			for (size_t i = 0; i < s->nnics; i++) {
				free(s->nics[i].network);
				free(s->nics[i].bridge);
				free(s->nics[i].model);
				free(s->nics[i].mac);
			}
			memset(s->nics, 0, sizeof s->nics);
			s->nnics = 0;
		} else {
			free(s->nics[0].network);
			free(s->nics[0].bridge);
			s->nics[0].bridge = NULL;
			s->nics[0].network =
			    xstrdup(facts->networks[f->network]);
		}
	}
}

/* The text a choice field shows. */
static const char *
form_choice(struct form *f, struct app *app, int id)
{
	const struct host_facts *facts = &form_host(f, app)->facts;

	switch (id) {
	case F_HOST:
		return app->store.hosts[f->host].uri;
	case F_TEMPLATE:
		return f->templates.n ? f->templates.t[f->tmpl].name : "(none)";
	case F_POOL:
		return f->pool < facts->npools ? facts->pools[f->pool].name :
		    "(none)";
	case F_NETWORK:
		return f->network < facts->nnetworks ?
		    facts->networks[f->network] : "(none)";
	case F_ACCEL:
		return accel_names[f->accel];
	default:
		return "";
	}
}

/* The warning before Create when cloud-init would give the guest's user
 * no key: none in ~/.ssh/ (*.pub) and no agent to ask (the agent itself is
 * asked on the worker; this is the UI thread). */
static void
form_key_warning(struct form *f)
{
	const struct vmspec *t = form_template(f);
	const char *sock = getenv("SSH_AUTH_SOCK");
	struct seed_keys k;
	char *ssh;

	f->warning[0] = '\0';
	if (t == NULL || !t->cloud_init || t->user_data != NULL ||
	    (sock != NULL && *sock != '\0'))
		return;
	ssh = seed_ssh_dir();
	seed_keys_find(&k, ssh, false);
	if (k.n == 0)
		snprintf(f->warning, sizeof f->warning, "Warning: no SSH public "
		    "key in %s/*.pub or an agent: cloud-init's user '%s' will "
		    "have no way to log in (ssh-keygen makes one).", ssh,
		    seed_user());
	seed_keys_clear(&k);
	free(ssh);
}

/* Choose the template's pool and network among the host's. */
static void
form_pick_defaults(struct form *f, struct app *app)
{
	const struct host_facts *facts = &form_host(f, app)->facts;
	const struct vmspec *t = form_template(f);
	const char *pool = "default", *net = "default";

	if (t != NULL && t->ndisks > 0 && t->disks[0].pool != NULL)
		pool = t->disks[0].pool;
	if (t != NULL && t->nnics > 0 && t->nics[0].network != NULL)
		net = t->nics[0].network;
	/* never another pool silently: (none) and a reason unless found */
	f->pool = facts->npools;
	for (size_t i = 0; i < facts->npools; i++)
		if (strcmp(facts->pools[i].name, pool) == 0)
			f->pool = i;
	f->accel = t != NULL ? (size_t)t->accel : 0;
	form_key_warning(f);
	f->network = facts->nnetworks;		/* (none) unless found */
	for (size_t i = 0; i < facts->nnetworks; i++)
		if (strcmp(facts->networks[i], net) == 0)
			f->network = i;
}

static void
form_draw_preview(struct form *f, int rows, int cols)
{
	int y = 1;
	const char *p = f->preview;
	long line = 0;

	erase();
	draw_text(0, 0, cols, theme_attr(THEME_TITLE), " Domain XML preview: "
	    "what Create defines (j/k scroll, Esc or x back)", true);
	if (f->plan_note != NULL && !f->planning)
		draw_text(rows - 1, 0, cols, theme_attr(THEME_WARNING),
		    f->plan_note, true);
	while (*p != '\0' && y < rows - 1) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char buf[512];

		/* a long line (a refusal's reason) wraps at a space */
		if (n > (size_t)cols && cols > 20) {
			size_t cut = (size_t)cols;

			while (cut > (size_t)cols / 2 && p[cut] != ' ')
				cut--;
			n = cut;
			nl = NULL;
		}
		if (line++ >= f->preview_top) {
			snprintf(buf, sizeof buf, "%.*s", (int)(n < 511 ? n : 511),
			    p);
			draw_text(y++, 0, cols, theme_attr(THEME_NORMAL), buf,
			    true);
		}
		p += n + (nl != NULL);
		if (nl == NULL && *p == ' ')
			p++;
	}
}

static void
create_draw(struct view *v, struct app *app, struct ui_area area)
{
	(void)area;
	struct form *f = v->priv;
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	if (f->preview != NULL) {
		form_draw_preview(f, rows, cols);
		return;
	}
	form_check(f, app);
	erase();
	draw_text(0, 0, cols, theme_attr(THEME_TITLE), " New VM   (Up/Down "
	    "move, Left/Right choose, x or F3 preview XML, Esc cancel)", true);
	int y = 2;
	if (f->failure != NULL) {
		draw_text(y++, 1, cols - 2, theme_attr(THEME_ERROR), f->failure,
		    false);
		y++;
	}
	if (f->busy)
		draw_text(y++, 1, cols - 2, theme_attr(THEME_WARNING),
		    "Creating…", false);
	for (int id = 0; id < F_COUNT && y < rows - 1; id++, y++) {
		bool focus = id == f->focus;
		attr_t a = theme_attr(focus ? THEME_SELECTION : THEME_NORMAL);
		char value[300];

		if (fields[id].kind == K_BUTTON) {
			draw_text(y + 1, 16, 12, a, fields[id].label, false);
			continue;
		}
		draw_text(y, 1, 14, theme_attr(THEME_HEADER), fields[id].label,
		    true);
		switch (fields[id].kind) {
		case K_CHOICE:
			snprintf(value, sizeof value, "< %s >",
			    form_choice(f, app, id));
			break;
		case K_BOOL:
			snprintf(value, sizeof value, "[%c]", f->start ? 'x' : ' ');
			break;
		default:
			snprintf(value, sizeof value, "%s%s", f->text[id],
			    focus ? "_" : "");
			break;
		}
		int used = draw_text(y, 16, 40, a, value, focus);
		(void)used;
		if (f->error[id][0] != '\0')
			draw_text(y, 58, cols - 59, theme_attr(THEME_ERROR),
			    f->error[id], false);
		else if (id == F_ACCEL && f->accel == 0)
			/* the reason is long: from just after the choice */
			draw_text(y, 28, cols - 29, theme_attr(THEME_WARNING),
			    form_host(f, app)->facts.accel ?
			    form_host(f, app)->facts.accel : "(asking the host…)",
			    false);
		else if (id == F_ACCEL && f->accel == 2)
			draw_text(y, 58, cols - 59, theme_attr(THEME_WARNING),
			    "TCG: software emulation, slow", false);
		if (id == F_START && f->warning[0] != '\0' && y + 3 < rows)
			draw_text(y + 3, 1, cols - 2, theme_attr(THEME_WARNING),
			    f->warning, false);
	}
}

static void
form_cycle(struct form *f, struct app *app, int delta)
{
	const struct host_facts *facts = &form_host(f, app)->facts;
	size_t n;
	size_t *sel;

	switch (f->focus) {
	case F_HOST:
		n = app->store.nhosts;
		sel = &f->host;
		break;
	case F_TEMPLATE:
		n = f->templates.n;
		sel = &f->tmpl;
		break;
	case F_POOL:
		n = facts->npools;
		sel = &f->pool;
		if (n > 0 && *sel >= n)
			*sel = n - 1;
		break;
	case F_ACCEL:
		n = 3;
		sel = &f->accel;
		break;
	case F_NETWORK:
		n = facts->nnetworks + 1;	/* and (none) */
		sel = &f->network;
		break;
	case F_START:
		f->start = !f->start;
		return;
	default:
		return;
	}
	if (n == 0)
		return;
	*sel = (*sel + n + (size_t)(delta > 0 ? 1 : n - 1)) % n;
	if (f->focus == F_HOST) {
		host_submit_facts(app->hosts[f->host]);
		form_pick_defaults(f, app);
	}
	if (f->focus == F_TEMPLATE) {
		form_from_template(f);
		form_pick_defaults(f, app);
	}
}

/* The create's end: back to the list with the new VM selected, or the
 * failure under the form, which stays as it was typed. */
static void
form_created(struct app *app, const struct event *ev, void *ctx)
{
	struct view *v = ctx;
	struct form *f = v->priv;

	f->busy = false;
	if (ev->error) {
		free(f->failure);
		f->failure = xstrdup(ev->text ? ev->text : "(no reason given)");
		return;
	}
	if (ev->info.name != NULL)
		app_select_when_listed(app, (size_t)ev->host, ev->info.name);
	app_close(app, v);
}

static void
form_submit(struct form *f, struct view *v, struct app *app)
{
	struct vmspec *s;

	if (!form_check(f, app) || f->busy)
		return;
	s = xcalloc(1, sizeof *s);
	form_spec(f, app, s);
	free(f->failure);
	f->failure = NULL;
	f->busy = true;
	host_submit_create(app->hosts[f->host], s, f->start,
	    app_expect(app, EVENT_CREATED, v, form_created, v, NULL));
}

static unsigned
create_key(struct view *v, struct app *app, int key)
{
	struct form *f = v->priv;
	enum field_kind kind = fields[f->focus].kind;

	if (f->preview != NULL) {
		if (key == 27 || key == 'x' || key == 'q' ||
		    key == UI_KEY(KEY_F(3))) {
			free(f->preview);
			f->preview = NULL;
			f->planning = false;
		} else if (key == 'j' || key == UI_KEY(KEY_DOWN))
			f->preview_top++;
		else if ((key == 'k' || key == UI_KEY(KEY_UP)) &&
		    f->preview_top > 0)
			f->preview_top--;
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == 27)
		return UI_HANDLED | UI_CLOSE | UI_REDRAW;
	if (key == UI_KEY(KEY_F(3)) || key == 24 /* ^X */ ||
	    (key == 'x' && kind != K_TEXT)) {
		struct vmspec *s = xcalloc(1, sizeof *s);

		/* the host plans it: the XML exactly as create would define */
		form_spec(f, app, s);
		if (s->name == NULL)
			vmspec_set(s, "template", "name", "unnamed", &(const
			    char *){ NULL });
		free(f->preview);
		f->preview = xasprintf("(asking %s for the XML it would "
		    "define…)", form_host(f, app)->uri);
		f->preview_top = 0;
		f->planning = true;
		f->plan_seq = form_host(f, app)->plan_seq;
		host_submit_plan(app->hosts[f->host], s);
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == UI_KEY(KEY_DOWN) || key == '\t') {
		f->focus = (f->focus + 1) % F_COUNT;
	} else if (key == UI_KEY(KEY_UP) || key == UI_KEY(KEY_BTAB)) {
		f->focus = (f->focus + F_COUNT - 1) % F_COUNT;
	} else if (key == UI_KEY(KEY_LEFT) || key == UI_KEY(KEY_RIGHT) ||
	    (key == ' ' && kind != K_TEXT)) {
		form_cycle(f, app, key == UI_KEY(KEY_LEFT) ? -1 : 1);
	} else if (key == '\r') {
		if (kind == K_BUTTON)
			form_submit(f, v, app);
		else
			f->focus = (f->focus + 1) % F_COUNT;
	} else if (kind == K_TEXT)
		textin_key(f->text[f->focus], sizeof f->text[0], key);
	return UI_HANDLED | UI_REDRAW;
}

static void
create_update(struct view *v, struct app *app, unsigned changed)
{
	struct form *f = v->priv;

	if (changed & STORE_CHANGED_HOSTS)
		form_check(f, app);
	if (f->planning && form_host(f, app)->plan_seq != f->plan_seq) {
		const struct store_host *h = form_host(f, app);

		f->planning = false;
		free(f->preview);
		free(f->plan_note);
		/* the accelerator and warnings under the XML; a refusal is the
		 * preview itself */
		f->plan_note = h->plan_text && !h->plan_error ?
		    xstrdup(h->plan_text) : NULL;
		f->preview = h->plan_error || h->plan_xml == NULL ?
		    xasprintf("This VM could not be created as it is:\n\n%s",
		    h->plan_text ? h->plan_text : "(no reason given)") :
		    xstrdup(h->plan_xml);
	}
}

static void
create_free(struct view *v)
{
	struct form *f = v->priv;

	template_set_free(&f->templates);
	free(f->failure);
	free(f->preview);
	free(f->plan_note);
	free(f);
	free(v);
}

static const struct view_ops create_ops = {
	.name = "create", .free = create_free, .draw = create_draw,
	.key = create_key, .update = create_update,
};

struct view *
view_create_new(struct app *app)
{
	struct view *v = xcalloc(1, sizeof *v);
	struct form *f = xcalloc(1, sizeof *f);
	char *user = config_dir("templates");
	char *shared = xasprintf("%s/templates", VMDECK_DATADIR);
	const char *dirs[] = { shared, user, NULL };
	struct diags d = { 0 };

	template_set_load(&f->templates, dirs, &d);
	for (size_t i = 0; i < d.n; i++)
		msglog_add(MSGLOG_WARN, "%s", d.msgs[i]);
	diag_clear(&d);
	free(user);
	free(shared);
	f->host = app->cur;
	f->focus = F_NAME;
	f->start = true;
	for (size_t i = 0; i < f->templates.n; i++)
		if (strcmp(f->templates.t[i].name, "tiny-linux") == 0)
			f->tmpl = i;
	form_from_template(f);
	form_pick_defaults(f, app);
	host_submit_facts(app->hosts[f->host]);
	v->ops = &create_ops;
	v->priv = f;
	return v;
}
