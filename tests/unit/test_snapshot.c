/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* vm/snapshot's decisions: the kind a snapshot takes, the tree, the
 * revert and delete refusals, the snapshot XML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../src/create/imgfmt.h"
#include "../../src/vm/snapshot.h"

static const struct snap_facts base = {
	.libvirt = 9000000, .running = true, .ndisks = 1,
	.existing = SNAP_NONE,
};

static void
decide_ok(const struct snap_facts *f, const struct snap_request *rq,
    enum snap_kind kind, bool memory, const char *why_has)
{
	struct snap_plan p;
	char *err = NULL;

	if (snapshot_decide(f, rq, &p, &err) != 0)
		fail_msg("refused: %s", err);
	assert_int_equal(p.kind, kind);
	assert_int_equal(p.memory, memory);
	if (strstr(p.why, why_has) == NULL)
		fail_msg("why '%s' lacks '%s'", p.why, why_has);
	snapshot_plan_clear(&p);
}

static void
decide_no(const struct snap_facts *f, const struct snap_request *rq,
    const char *err_has)
{
	struct snap_plan p;
	char *err = NULL;

	if (snapshot_decide(f, rq, &p, &err) == 0)
		fail_msg("made a plan: %s", p.why);
	if (strstr(err, err_has) == NULL)
		fail_msg("reason '%s' lacks '%s'", err, err_has);
	free(err);
}

static void
test_decide(void **state)
{
	struct snap_request rq = { 0 };
	struct snap_facts f = base;

	(void)state;
	/* qcow2, running: internal with memory, revertable here */
	decide_ok(&f, &rq, SNAP_INTERNAL, true, "every disk is qcow2");
	f.running = false;
	decide_ok(&f, &rq, SNAP_INTERNAL, false, "internal");
	/* a raw disk: external, and on 9.0 it says revert will not work */
	f = base;
	snprintf(f.not_qcow2, sizeof f.not_qcow2, "vdb");
	decide_ok(&f, &rq, SNAP_EXTERNAL, true, "vdb is not qcow2");
	decide_ok(&f, &rq, SNAP_EXTERNAL, true, "not revert to it (9.9 can)");
	f.libvirt = 9009000;
	struct snap_plan p;
	char *err = NULL;
	assert_int_equal(snapshot_decide(&f, &rq, &p, &err), 0);
	assert_null(strstr(p.why, "9.9 can"));
	snapshot_plan_clear(&p);
	/* ... but never next to internal ones */
	f = base;
	snprintf(f.not_qcow2, sizeof f.not_qcow2, "vda");
	f.existing = SNAP_INTERNAL;
	decide_no(&f, &rq, "never mixes");
	/* UEFI before 10.10: external; from 10.10 internal */
	f = base;
	f.uefi = true;
	decide_ok(&f, &rq, SNAP_EXTERNAL, true, "UEFI");
	f.libvirt = 10010000;
	decide_ok(&f, &rq, SNAP_INTERNAL, true, "qcow2");
	/* disk-only of a running VM: external, no memory */
	f = base;
	rq.disk_only = true;
	decide_ok(&f, &rq, SNAP_EXTERNAL, false, "disk-only");
	f.existing = SNAP_INTERNAL;
	decide_no(&f, &rq, "include the memory, or shut it down");
	/* a VM whose snapshots are external stays external */
	f = base;
	rq.disk_only = false;
	f.existing = SNAP_EXTERNAL;
	decide_ok(&f, &rq, SNAP_EXTERNAL, true, "as its other snapshots");
	/* what is refused outright */
	f = base;
	snprintf(f.shareable, sizeof f.shareable, "vdc");
	decide_no(&f, &rq, "vdc is shareable");
	f = base;
	f.existing = SNAP_MIXED;
	decide_no(&f, &rq, "internal and external snapshots already");
	f = base;
	f.ndisks = 0;
	decide_no(&f, &rq, "no disk");
	f = base;
	rq.quiesce = true;
	decide_no(&f, &rq, "quiescing goes with a disk-only");
	rq.disk_only = true;
	decide_ok(&f, &rq, SNAP_EXTERNAL, false, "disk-only");
}

static void
add(struct snap_list *l, const char *name, const char *parent, int64_t t,
    enum snap_kind kind, const char *file)
{
	struct snapshot *s;

	l->s = realloc(l->s, (l->n + 1) * sizeof *l->s);
	s = &l->s[l->n++];
	memset(s, 0, sizeof *s);
	s->name = strdup(name);
	s->parent = parent ? strdup(parent) : NULL;
	s->created = t;
	s->memory = SNAP_NONE;
	s->disks = calloc(1, sizeof *s->disks);
	s->ndisks = 1;
	s->disks[0].target = strdup("vda");
	s->disks[0].kind = kind;
	s->disks[0].file = file ? strdup(file) : NULL;
}

static long
at(const struct snap_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->s[i].name, name) == 0)
			return (long)i;
	return -1;
}

static void
test_tree(void **state)
{
	struct snap_list l = { 0 };

	(void)state;
	add(&l, "c2", "b", 40, SNAP_INTERNAL, NULL);
	add(&l, "a", NULL, 10, SNAP_INTERNAL, NULL);
	add(&l, "c1", "b", 30, SNAP_INTERNAL, NULL);
	add(&l, "b", "a", 20, SNAP_INTERNAL, NULL);
	add(&l, "orphan", "gone", 5, SNAP_INTERNAL, NULL);
	add(&l, "a2", "a", 50, SNAP_INTERNAL, NULL);
	snapshot_tree_order(&l);
	/* roots by time, each parent before its children, siblings by
	 * time */
	const char *want[] = { "orphan", "a", "b", "c1", "c2", "a2" };
	const int depth[] = { 0, 0, 1, 2, 2, 1 };
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(l.s[i].name, want[i]);
		assert_int_equal(l.s[i].depth, depth[i]);
	}
	char *j = snapshot_list_json(&l);
	assert_non_null(strstr(j, "{\"name\":\"b\",\"parent\":\"a\",\"current\":"
	    "false,\"created\":20,"));
	assert_non_null(strstr(j, "\"depth\":2,\"disks\":[{\"target\":\"vda\","
	    "\"kind\":\"internal\",\"file\":null,\"size\":null}]"));
	free(j);
	snap_list_clear(&l);
}

static void
test_parse(void **state)
{
	struct snapshot s;
	char *err = NULL;

	(void)state;
	assert_int_equal(snapshot_parse("<domainsnapshot><name>s 1 \"q\"</name>"
	    "<description>d</description><state>disk-snapshot</state>"
	    "<parent><name>p</name></parent><creationTime>1700000000"
	    "</creationTime><memory snapshot='no'/><disks><disk name='vda' "
	    "snapshot='external' type='file'><source file='/i/vm-vda.s.qcow2'/>"
	    "</disk><disk name='hdc' snapshot='no'/></disks><domain><devices>"
	    "<disk><source file='/not/this'/></disk></devices></domain>"
	    "</domainsnapshot>", &s, &err), 0);
	assert_string_equal(s.name, "s 1 \"q\"");
	assert_string_equal(s.parent, "p");
	assert_string_equal(s.state, "disk-snapshot");
	assert_int_equal(s.created, 1700000000);
	assert_int_equal(s.ndisks, 2);
	assert_string_equal(s.disks[0].file, "/i/vm-vda.s.qcow2");
	assert_int_equal(s.disks[1].kind, SNAP_NONE);
	assert_int_equal(snapshot_kind(&s), SNAP_EXTERNAL);
	snapshot_clear(&s);
	assert_int_equal(snapshot_parse("<domain/>", &s, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(snapshot_parse("<not xml", &s, &err), -1);
	free(err);
}

/* The #811 shape and its kin: a file still used is never removed. */
static void
test_delete_refusal(void **state)
{
	struct snap_list l = { 0 };
	char c0[] = "/i/vm.ext.qcow2", c1[] = "/i/vm.qcow2";
	char *chain[] = { c0, c1 }, *back[] = { c1, c0 };
	char *why;

	(void)state;
	add(&l, "int", NULL, 10, SNAP_INTERNAL, NULL);
	add(&l, "ext", "int", 20, SNAP_EXTERNAL, "/i/vm.ext.qcow2");
	snapshot_tree_order(&l);
	/* the overlay on top of the current disk: merged, fine */
	why = snapshot_delete_refusal(&l, &l.s[at(&l, "ext")], 0, chain, 2);
	assert_null(why);
	/* the overlay below the current top (the VM moved on, as after a
	 * revert to the internal parent): refused, naming it */
	why = snapshot_delete_refusal(&l, &l.s[at(&l, "ext")], 0, back, 2);
	assert_non_null(why);
	assert_non_null(strstr(why, "/i/vm.ext.qcow2 backs the VM's current "
	    "disk"));
	free(why);
	/* metadata only touches no file */
	assert_null(snapshot_delete_refusal(&l, &l.s[at(&l, "ext")],
	    SNAPSHOT_DELETE_METADATA, back, 2));
	/* another snapshot that names the same overlay */
	add(&l, "twin", NULL, 30, SNAP_EXTERNAL, "/i/vm.ext.qcow2");
	why = snapshot_delete_refusal(&l, &l.s[at(&l, "ext")], 0, chain, 2);
	assert_non_null(why);
	assert_non_null(strstr(why, "snapshot 'twin''s too"));
	free(why);
	/* two disks, two chains: each overlay is its own disk's top */
	{
		char a0[] = "/i/a.s.qcow2", a1[] = "/i/a.qcow2";
		char b0[] = "/i/b.s.qcow2", b1[] = "/i/b.qcow2";
		char *two[] = { a0, a1, NULL, b0, b1, NULL };
		struct snap_list m = { 0 };

		add(&m, "both", NULL, 10, SNAP_EXTERNAL, "/i/a.s.qcow2");
		m.s[0].disks = realloc(m.s[0].disks, 2 * sizeof *m.s[0].disks);
		m.s[0].ndisks = 2;
		m.s[0].disks[1] = (struct snap_disk){ strdup("vdb"),
		    SNAP_EXTERNAL, strdup("/i/b.s.qcow2"), 0 };
		assert_null(snapshot_delete_refusal(&m, &m.s[0], 0, two, 6));
		/* b's overlay below b's top: refused, naming b's top */
		two[3] = b1;
		two[4] = b0;
		why = snapshot_delete_refusal(&m, &m.s[0], 0, two, 6);
		assert_non_null(why);
		assert_non_null(strstr(why, "/i/b.s.qcow2 backs the VM's current "
		    "disk (/i/b.qcow2)"));
		free(why);
		snap_list_clear(&m);
	}
	/* an external snapshot with a child: with its children, or not */
	add(&l, "kid", "ext", 40, SNAP_EXTERNAL, "/i/vm.kid.qcow2");
	snapshot_tree_order(&l);
	free(l.s[at(&l, "twin")].disks[0].file);
	l.s[at(&l, "twin")].disks[0].file = strdup("/i/other.qcow2");
	why = snapshot_delete_refusal(&l, &l.s[at(&l, "ext")], 0, chain, 2);
	assert_non_null(why);
	assert_non_null(strstr(why, "has a child ('kid')"));
	free(why);
	assert_null(snapshot_delete_refusal(&l, &l.s[at(&l, "ext")],
	    SNAPSHOT_DELETE_CHILDREN, chain, 2));
	snap_list_clear(&l);
}

static void
test_revert_refusal(void **state)
{
	struct snap_list l = { 0 };
	char *why;

	(void)state;
	add(&l, "int", NULL, 10, SNAP_INTERNAL, NULL);
	add(&l, "ext", NULL, 20, SNAP_EXTERNAL, "/i/x.qcow2");
	assert_null(snapshot_revert_refusal(9000000, "vm", &l.s[0]));
	why = snapshot_revert_refusal(9000000, "vm", &l.s[1]);
	assert_non_null(why);
	assert_non_null(strstr(why, "libvirt 9.0.0 on its host cannot revert "
	    "to an external snapshot (libvirt 9.9 can)"));
	free(why);
	assert_null(snapshot_revert_refusal(9009000, "vm", &l.s[1]));
	why = snapshot_revert_loss("vm", &l.s[0], true);
	assert_non_null(strstr(why, "what runs in its memory"));
	free(why);
	snap_list_clear(&l);
}

static void
test_names_and_xml(void **state)
{
	const char *why;
	struct snap_request rq = { "a b \"c\" é", "the <first>", false, false };
	struct snap_plan ext = { SNAP_EXTERNAL, true, NULL };
	struct snap_plan in = { SNAP_INTERNAL, true, NULL };
	char *err = NULL, *x;
	const char *dom = "<domain><devices><disk type='file' device='disk'>"
	    "<driver type='raw'/><source file='/img/vm.raw'/><target dev='vda'/>"
	    "</disk><disk type='file' device='cdrom'><source file='/i.iso'/>"
	    "<target dev='hdc'/><readonly/></disk></devices></domain>";

	(void)state;
	assert_true(snapshot_name_ok("a b \"c\" é", &why));
	assert_false(snapshot_name_ok("a/b", &why));
	assert_false(snapshot_name_ok("", &why));
	assert_false(snapshot_name_ok(".x", &why));
	assert_false(snapshot_name_ok("x\ny", &why));
	assert_false(snapshot_name_ok("x\xe2\x80\xaey", &why));	/* RLO */
	char *n = snapshot_default_name(0);
	assert_int_equal(strncmp(n, "snap-19", 7), 0);
	free(n);
	x = snapshot_xml("my vm", dom, &rq, &ext, &err);
	assert_non_null(x);
	/* the name escaped by libxml2, the overlay beside the image, the
	 * CD-ROM left out, the memory beside the first disk */
	assert_non_null(strstr(x, "<name>a b \"c\" &#xE9;</name>"));
	assert_non_null(strstr(x, "<description>the &lt;first&gt;</description>"));
	assert_non_null(strstr(x, "file=\"/img/my_vm-vda.a_b__c____.qcow2\""));
	assert_non_null(strstr(x, "<disk name=\"hdc\" snapshot=\"no\"/>"));
	assert_non_null(strstr(x, "snapshot=\"external\" file=\"/img/my_vm.a_b__c____"
	    ".mem\""));
	free(x);
	x = snapshot_xml("vm", dom, &rq, &in, &err);
	assert_non_null(strstr(x, "<memory snapshot=\"internal\"/>"));
	assert_non_null(strstr(x, "<disk name=\"vda\" snapshot=\"internal\"/>"));
	free(x);
}

struct found { char names[4][32]; unsigned long long bytes[4]; size_t n; };

static void
found_one(const char *name, unsigned long long bytes, void *ctx)
{
	struct found *f = ctx;

	if (f->n < 4) {
		snprintf(f->names[f->n], sizeof f->names[0], "%s", name);
		f->bytes[f->n++] = bytes;
	}
}

/* Internal snapshots' memory, from qemu-img info's JSON: the top-level
 * "snapshots" array only (a bitmap's "name" elsewhere is not one), and
 * from a real image made by qemu-img. */
static void
test_vmstate_sizes(void **state)
{
	struct found f = { 0 };
	char dir[] = "/tmp/vmdeck-vmstate-XXXXXX", path[64], cmd[256];

	(void)state;
	assert_int_equal(imgfmt_snapshot_states("{\"format\": \"qcow2\", "
	    "\"format-specific\": {\"data\": {\"bitmaps\": [{\"name\": "
	    "\"b0\", \"granularity\": 65536}]}}, \"snapshots\": [{\"icount\""
	    ": 0, \"vm-state-size\": 24117248, \"name\": \"s \\\"1\\\"\", "
	    "\"id\": \"1\"}, {\"name\": \"disk\", \"vm-state-size\": 0}], "
	    "\"children\": [{\"name\": \"file\", \"vm-state-size\": 9}]}",
	    found_one, &f), 2);
	assert_string_equal(f.names[0], "s \\\"1\\\"");	/* as JSON writes it */
	assert_true(f.bytes[0] == 24117248ULL);
	assert_string_equal(f.names[1], "disk");
	assert_true(f.bytes[1] == 0);
	f.n = 0;
	assert_int_equal(imgfmt_snapshot_states("{\"snapshots\": [{\"name\"",
	    found_one, &f), 0);
	assert_int_equal(imgfmt_snapshot_states("", found_one, &f), 0);
	/* qemu-img's own: an internal snapshot made offline has no memory */
	if (system("command -v qemu-img >/dev/null 2>&1") != 0) {
		printf("note: no qemu-img, its real output not read\n");
		return;
	}
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/d.qcow2", dir);
	snprintf(cmd, sizeof cmd, "qemu-img create -q -f qcow2 %s 1M && "
	    "qemu-img snapshot -c first %s", path, path);
	assert_int_equal(system(cmd), 0);
	f.n = 0;
	assert_int_equal(imgfmt_snapshot_states_of(path, found_one, &f), 1);
	assert_string_equal(f.names[0], "first");
	assert_true(f.bytes[0] == 0);
	f.n = 0;
	assert_int_equal(imgfmt_snapshot_states_of("/nonexistent/x.qcow2",
	    found_one, &f), -1);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_delete_refusal),
		cmocka_unit_test(test_revert_refusal),
		cmocka_unit_test(test_names_and_xml),
		cmocka_unit_test(test_vmstate_sizes),
	};

	return cmocka_run_group_tests_name("snapshot", tests, NULL, NULL);
}
