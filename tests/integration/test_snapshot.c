/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* Snapshots against libvirt's test driver: create, list as a tree,
 * revert, delete (children re-parented, with children, metadata only),
 * the JSON, and what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../../src/core/xmlutil.h"
#include "../../src/vm/snapshot.h"

/* A shut-off VM with one qcow2 disk, on a fresh test driver. */
static const char qcow2_vm[] =
    "<domain type='test'><name>snapvm</name><memory>65536</memory>"
    "<os><type>hvm</type></os><devices><disk type='file' device='disk'>"
    "<driver name='qemu' type='qcow2'/><source file='/tmp/snapvm.qcow2'/>"
    "<target dev='vda' bus='virtio'/></disk></devices></domain>";

static void
quiet(void *data, virErrorPtr e)
{
	(void)data;
	(void)e;
}

static virDomainPtr
fresh(virConnectPtr *conn, const char *xml)
{
	virDomainPtr dom;

	*conn = virConnectOpen("test:///default");
	assert_non_null(*conn);
	/* one a failed test left */
	if ((dom = virDomainLookupByName(*conn, "snapvm")) != NULL) {
		virDomainDestroy(dom);
		virDomainUndefineFlags(dom,
		    VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
		virDomainFree(dom);
	}
	dom = virDomainDefineXML(*conn, xml);
	assert_non_null(dom);
	return dom;
}

static void
make(virDomainPtr dom, const char *name, bool want_ok)
{
	struct snap_request rq = { name, "made by a test", false, false };
	char *msg = NULL;
	int rc = snapshot_create(dom, &rq, &msg);

	if ((rc == 0) != want_ok)
		fail_msg("%s: %s", name, msg);
	free(msg);
}

static void
test_create_list_tree(void **state)
{
	virConnectPtr conn;
	virDomainPtr dom = fresh(&conn, qcow2_vm);
	struct snap_list l;
	char *err = NULL, *msg = NULL;
	struct snap_request rq = { "first", "d", false, false };

	(void)state;
	/* the kind is said, with why */
	assert_int_equal(snapshot_create(dom, &rq, &msg), 0);
	assert_non_null(strstr(msg, "Made snapshot 'first' of VM 'snapvm', "
	    "disks only: internal: every disk is qcow2"));
	free(msg);
	make(dom, "second", true);
	/* a name taken, a bad name: refused, nothing made */
	assert_int_equal(snapshot_create(dom, &rq, &msg), -1);
	assert_non_null(strstr(msg, "has a snapshot called 'first' already"));
	free(msg);
	make(dom, "a/b", false);
	make(dom, "with spaces and \"quotes\" and é", true);
	assert_int_equal(snapshot_list(dom, &l, &err), 0);
	assert_int_equal(l.n, 3);
	/* a chain: first, second under it, the third under second */
	assert_string_equal(l.s[0].name, "first");
	assert_null(l.s[0].parent);
	assert_string_equal(l.s[1].name, "second");
	assert_string_equal(l.s[1].parent, "first");
	assert_int_equal(l.s[2].depth, 2);
	assert_true(l.s[2].current);
	assert_string_equal(l.s[0].description, "d");
	assert_int_equal(snapshot_kind(&l.s[0]), SNAP_INTERNAL);
	char *j = snapshot_list_json(&l);
	assert_non_null(strstr(j, "\"name\":\"with spaces and \\\"quotes\\\" and é\""));
	assert_non_null(strstr(j, "\"kind\":\"internal\""));
	free(j);
	snap_list_clear(&l);
	virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
	virDomainFree(dom);
	virConnectClose(conn);
}

static void
test_revert_delete(void **state)
{
	virConnectPtr conn;
	virDomainPtr dom = fresh(&conn, qcow2_vm);
	struct snap_list l;
	struct snap_files f;
	char *err = NULL, *msg = NULL;

	(void)state;
	make(dom, "a", true);
	make(dom, "b", true);
	make(dom, "c", true);
	/* revert: a shut-off snapshot, the VM stays off */
	assert_int_equal(snapshot_revert(dom, "a", false, &msg), 0);
	assert_string_equal(msg, "Reverted VM 'snapvm' to snapshot 'a'.");
	free(msg);
	assert_int_equal(snapshot_revert(dom, "nope", false, &msg), -1);
	assert_non_null(strstr(msg, "Could not revert VM 'snapvm' to 'nope'"));
	free(msg);
	/* internal: no file goes */
	assert_int_equal(snapshot_delete_plan(dom, "b", 0, &f, &err), 0);
	assert_int_equal(f.nremoved, 0);
	assert_null(f.refusal);
	snap_files_clear(&f);
	/* delete b: c moves up to a, as libvirt does */
	assert_int_equal(snapshot_delete(dom, "b", 0, &msg), 0);
	free(msg);
	assert_int_equal(snapshot_list(dom, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.s[1].name, "c");
	assert_string_equal(l.s[1].parent, "a");
	snap_list_clear(&l);
	/* a with its children: nothing left */
	assert_int_equal(snapshot_delete(dom, "a", SNAPSHOT_DELETE_CHILDREN,
	    &msg), 0);
	assert_non_null(strstr(msg, "and its children"));
	free(msg);
	assert_int_equal(snapshot_list(dom, &l, &err), 0);
	assert_int_equal(l.n, 0);
	snap_list_clear(&l);
	/* metadata only: the test driver refuses it; libvirt's reason is
	 * said and the snapshot stays */
	make(dom, "m", true);
	assert_int_equal(snapshot_delete(dom, "m", SNAPSHOT_DELETE_METADATA,
	    &msg), -1);
	assert_non_null(strstr(msg, "Could not delete snapshot 'm' of VM "
	    "'snapvm': unsupported flags"));
	free(msg);
	assert_int_equal(snapshot_list(dom, &l, &err), 0);
	assert_int_equal(l.n, 1);
	snap_list_clear(&l);
	assert_int_equal(snapshot_delete(dom, "m", 0, &msg), 0);
	free(msg);
	assert_int_equal(snapshot_delete(dom, "m", 0, &msg), -1);
	assert_non_null(strstr(msg, "has no snapshot called 'm'"));
	free(msg);
	virDomainUndefine(dom);
	virDomainFree(dom);
	virConnectClose(conn);
}

/* The test driver's own VM: a disk that is not qcow2, running: external
 * with memory, said; on this libvirt its revert is refused with the
 * version; a VM with internal snapshots refuses a disk-only one. */
static void
test_external_and_refusals(void **state)
{
	virConnectPtr conn = virConnectOpen("test:///default");
	virDomainPtr dom = virDomainLookupByName(conn, "test");
	struct snap_request rq = { "ext", NULL, false, false };
	unsigned long ver = 0;
	char *msg = NULL;

	(void)state;
	assert_non_null(dom);
	virConnectGetLibVersion(conn, &ver);
	assert_int_equal(snapshot_create(dom, &rq, &msg), 0);
	assert_non_null(strstr(msg, "with its memory: external (disk vda is not "
	    "qcow2"));
	free(msg);
	if (ver < SNAPSHOT_REVERT_EXTERNAL_SINCE) {
		assert_int_equal(snapshot_revert(dom, "ext", false, &msg), -1);
		assert_non_null(strstr(msg, "cannot revert to an external "
		    "snapshot (libvirt 9.9 can)"));
		free(msg);
	}
	virDomainFree(dom);
	virConnectClose(conn);

	dom = fresh(&conn, qcow2_vm);
	make(dom, "int", true);
	assert_int_equal(virDomainCreate(dom), 0);
	rq.name = "disk";
	rq.disk_only = true;
	assert_int_equal(snapshot_create(dom, &rq, &msg), -1);
	assert_non_null(strstr(msg, "No snapshot of VM 'snapvm': its snapshots "
	    "are internal"));
	free(msg);
	/* quiescing without disk-only */
	rq.disk_only = false;
	rq.quiesce = true;
	assert_int_equal(snapshot_create(dom, &rq, &msg), -1);
	assert_non_null(strstr(msg, "quiescing goes with a disk-only"));
	free(msg);
	virDomainDestroy(dom);
	virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
	virDomainFree(dom);
	virConnectClose(conn);
}

/* A VM that goes away between the question and the work: each step
 * says so with libvirt's reason, and nothing is left half made. */
static void
test_vm_gone(void **state)
{
	virConnectPtr conn;
	virDomainPtr dom = fresh(&conn, qcow2_vm);
	struct snap_request rq = { "late", NULL, false, false };
	struct snap_list l;
	char *msg = NULL, *err = NULL;

	(void)state;
	make(dom, "kept", true);
	virDomainUndefineFlags(dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
	assert_int_equal(snapshot_create(dom, &rq, &msg), -1);
	assert_non_null(strstr(msg, "snapvm"));
	free(msg);
	assert_int_equal(snapshot_revert(dom, "kept", false, &msg), -1);
	assert_non_null(strstr(msg, "Could not revert VM 'snapvm' to 'kept'"));
	free(msg);
	assert_int_equal(snapshot_delete(dom, "kept", 0, &msg), -1);
	free(msg);
	assert_int_equal(snapshot_list(dom, &l, &err), -1);
	assert_non_null(strstr(err, "Could not list the snapshots of VM"));
	free(err);
	virDomainFree(dom);
	virConnectClose(conn);
}

int
main(void)
{
	xmlutil_init();
	virSetErrorFunc(NULL, quiet);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_list_tree),
		cmocka_unit_test(test_revert_delete),
		cmocka_unit_test(test_external_and_refusals),
		cmocka_unit_test(test_vm_gone),
	};

	return cmocka_run_group_tests_name("snapshot integration", tests, NULL,
	    NULL);
}
