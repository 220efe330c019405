/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/*
 * The model against libvirt's test driver: test:///default and generated
 * hosts of 1,000 domains. Lists, every lifecycle action, lifecycle events
 * reaching the UI queue through a host worker, and the errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>
#include <poll.h>

#include "../../src/core/xmlutil.h"
#include "../../src/vnc/screenshot.h"
#include "../../src/create/osinfo.h"
#include "../../src/util/image.h"
#include "../../src/core/domain.h"
#include "../../src/core/evloop.h"
#include "../../src/core/evq.h"
#include <libvirt/virterror.h>

#include "../../src/vm/clone.h"
#include "../../src/create/create.h"
#include "../../src/host/host.h"
#include "../../src/create/template.h"
#include "../../src/core/tags.h"
#include "../../src/core/bulk.h"
#include "../../src/core/filter.h"
#include "../../src/host/bulkjob.h"
#include "../../src/vm/vmedit.h"
#include "../../src/stats/sampler.h"
#include "../../src/stats/stats.h"
#include "../../src/stats/vmstats.h"
#include "../../src/host/store.h"
#include "../../src/core/virterr.h"
#include "../../src/util/msglog.h"
#include "../../src/util/timeutil.h"
#include "../common/testutil.h"

#define WAIT_MS 10000

static char *tmpdir;
static char *uri1000;

static int
setup(void **state)
{
	char *err = NULL;

	(void)state;
	virterr_install();
	if (evloop_start(&err) < 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	tmpdir = testutil_tmpdir();
	uri1000 = testutil_node_uri(tmpdir, 1000, "vm");
	/* tiny-linux's initramfs goes here, not into the user's cache */
	setenv("XDG_CACHE_HOME", tmpdir, 1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	evloop_stop();
	testutil_rmtree(tmpdir);
	free(tmpdir);
	free(uri1000);
	msglog_clear();
	return 0;
}

static virConnectPtr
open_or_fail(const char *uri)
{
	char *err = NULL;
	virConnectPtr conn = host_open_uri(uri, &err);

	if (conn == NULL)
		fail_msg("%s", err);
	return conn;
}

static const struct domain_info *
find_name(const struct domain_info *d, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(d[i].name, name) == 0)
			return &d[i];
	return NULL;
}

static void
test_list_default(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	struct domain_info *d;
	size_t n;
	char *err = NULL;

	(void)state;
	assert_int_equal(domain_list_fetch(conn, &d, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].name, "test");
	assert_string_equal(d[0].uuid, "6695eb01-f6a4-8304-79aa-97f2502e193f");
	assert_int_equal(d[0].state, DOMAIN_STATE_RUNNING);
	assert_int_equal(d[0].vcpus, 2);
	assert_int_equal(d[0].mem_kib, 2097152);
	assert_int_equal(d[0].maxmem_kib, 8388608);
	assert_true(d[0].persistent);
	assert_false(d[0].autostart);
	assert_true(d[0].id > 0);
	domain_info_array_free(d, n);
	virConnectClose(conn);
}

static void
test_list_1000(void **state)
{
	virConnectPtr conn = open_or_fail(uri1000);
	struct domain_info *d;
	size_t n, off = 0;
	char *err = NULL;
	const struct domain_info *v;

	(void)state;
	assert_int_equal(domain_list_fetch(conn, &d, &n, &err), 0);
	assert_int_equal(n, 1000);
	for (size_t i = 0; i < n; i++)
		off += d[i].state == DOMAIN_STATE_SHUTOFF;
	assert_int_equal(off, 333);
	v = find_name(d, n, "vm0999");
	assert_non_null(v);
	assert_int_equal(v->vcpus, 1 + 999 % 4);
	assert_int_equal(v->maxmem_kib, (999 % 8 + 1) * 262144ULL);
	assert_int_equal(v->state, DOMAIN_STATE_RUNNING);
	v = find_name(d, n, "vm0002");
	assert_int_equal(v->state, DOMAIN_STATE_SHUTOFF);
	assert_int_equal(v->id, -1);
	domain_info_array_free(d, n);
	virConnectClose(conn);
}

/* Run action on name and check the state that follows. */
static void
act(virConnectPtr conn, const char *name, enum domain_action a,
    enum domain_state want)
{
	char *err = NULL;
	virDomainPtr dom = domain_lookup(conn, name, &err);
	struct domain_info info;

	assert_non_null(dom);
	if (domain_action_run(dom, a, name, &err) < 0)
		fail_msg("%s", err);
	assert_int_equal(domain_info_fetch(dom, &info, &err), 0);
	assert_int_equal(info.state, want);
	domain_info_clear(&info);
	virDomainFree(dom);
}

static void
test_lifecycle_actions(void **state)
{
	virConnectPtr conn = open_or_fail(uri1000);
	char *err = NULL;
	virDomainPtr dom;
	struct domain_info info;

	(void)state;
	act(conn, "vm0000", DOMAIN_ACTION_SUSPEND, DOMAIN_STATE_PAUSED);
	act(conn, "vm0000", DOMAIN_ACTION_RESUME, DOMAIN_STATE_RUNNING);
	act(conn, "vm0000", DOMAIN_ACTION_REBOOT, DOMAIN_STATE_RUNNING);
	act(conn, "vm0000", DOMAIN_ACTION_SHUTDOWN, DOMAIN_STATE_SHUTOFF);
	act(conn, "vm0000", DOMAIN_ACTION_START, DOMAIN_STATE_RUNNING);
	act(conn, "vm0000", DOMAIN_ACTION_DESTROY, DOMAIN_STATE_SHUTOFF);
	act(conn, "vm0000", DOMAIN_ACTION_AUTOSTART_ON, DOMAIN_STATE_SHUTOFF);

	dom = domain_lookup(conn, "vm0000", &err);
	assert_int_equal(domain_info_fetch(dom, &info, &err), 0);
	assert_true(info.autostart);
	domain_info_clear(&info);
	assert_int_equal(domain_action_run(dom, DOMAIN_ACTION_AUTOSTART_OFF,
	    "vm0000", &err), 0);
	assert_int_equal(domain_info_fetch(dom, &info, &err), 0);
	assert_false(info.autostart);
	domain_info_clear(&info);

	/* an action the state forbids: libvirt's reason, the VM named */
	assert_int_equal(domain_action_run(dom, DOMAIN_ACTION_RESUME, "vm0000",
	    &err), -1);
	assert_non_null(strstr(err, "Could not resume VM 'vm0000': "));
	assert_true(strlen(err) > strlen("Could not resume VM 'vm0000': "));
	free(err);
	err = NULL;

	/* undefine: gone from the list */
	assert_int_equal(domain_action_run(dom, DOMAIN_ACTION_UNDEFINE, "vm0000",
	    &err), 0);
	virDomainFree(dom);
	dom = domain_lookup(conn, "vm0000", &err);
	assert_null(dom);
	assert_non_null(strstr(err, "No VM 'vm0000'"));
	free(err);
	virConnectClose(conn);
}

static void
test_missing_domain(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	char *err = NULL;

	(void)state;
	assert_null(domain_lookup(conn, "no-such-vm", &err));
	assert_non_null(strstr(err, "No VM 'no-such-vm' on this host: "));
	free(err);
	virConnectClose(conn);
}

static void
test_unreachable_uri(void **state)
{
	char *err = NULL;

	(void)state;
	assert_null(host_open_uri("qemu+tcp://127.0.0.1:1/system", &err));
	assert_non_null(strstr(err, "Could not connect to "
	    "qemu+tcp://127.0.0.1:1/system: "));
	free(err);
	assert_null(host_open_uri("nonsense://", &err));
	assert_non_null(strstr(err, "Could not connect to nonsense://"));
	free(err);
}

/* --- a host worker: the path the UI uses -------------------------------- */

struct watch {
	struct evq *q;
	struct store store;
	const char *uuid;		/* domain to look at */
	enum domain_state want;
	const char *message;		/* substring of a status line */
	bool seen_message;
	bool seen_disconnected;
	bool gone;			/* uuid no longer in the store */
	struct host *host;		/* for stats: whose mailbox to take */
	struct stats_batch *batch;
	int batches;			/* taken so far */
};

static void
watch_drain(struct watch *w)
{
	struct event *list = evq_drain(w->q);

	while (list != NULL) {
		struct event *ev = list;

		list = ev->next;
		if (ev->type == EVENT_MESSAGE && w->message != NULL &&
		    strstr(ev->text, w->message) != NULL)
			w->seen_message = true;
		if (ev->type == EVENT_HOST_STATE &&
		    ev->state == HOST_STATE_DISCONNECTED)
			w->seen_disconnected = true;
		store_apply(&w->store, ev);
		event_free(ev);
	}
	if (w->host != NULL && host_take_stats(w->host, w->batch))
		w->batches++;
}

static bool
watch_state(void *arg)
{
	struct watch *w = arg;
	const struct domain_info *d;

	watch_drain(w);
	d = store_find(&w->store.hosts[0], w->uuid);
	return d != NULL && d->state == w->want;
}

static bool
watch_listed(void *arg)
{
	struct watch *w = arg;

	watch_drain(w);
	return w->store.hosts[0].listed;
}

static bool
watch_message(void *arg)
{
	struct watch *w = arg;

	watch_drain(w);
	return w->seen_message;
}

static bool
watch_disconnected(void *arg)
{
	struct watch *w = arg;

	watch_drain(w);
	return w->seen_disconnected;
}

static bool
watch_gone(void *arg)
{
	struct watch *w = arg;

	watch_drain(w);
	return store_find(&w->store.hosts[0], w->uuid) == NULL;
}

/* Start a worker on uri, its events going to w's queue and store. */
static struct host *
watch_start(struct watch *w, const char *uri)
{
	const char *uris[] = { uri };
	struct host *h;

	w->q = evq_new();
	store_init(&w->store, uris, 1, 4);
	h = host_new(0, uri, w->q);
	host_start(h);
	return h;
}

/* Stop the worker; it must end within the deadline. */
static void
watch_end(struct watch *w, struct host *h)
{
	host_stop(h);
	assert_true(host_join(h, time_mono_ms() + WAIT_MS));
	host_unref(h);
	store_free(&w->store);
	evq_free(w->q);
}

static void
test_worker_events(void **state)
{
	struct watch w = { .uuid = "6d3c0000-0000-4000-8000-000000000001" };
	struct host *h;

	(void)state;
	h = watch_start(&w, uri1000);
	assert_true(testutil_wait_for(watch_listed, &w, WAIT_MS));
	assert_int_equal(w.store.hosts[0].state, HOST_STATE_CONNECTED);
	/* each open of a file URI reads its own copy: the VM an earlier
	 * test undefined is here again */
	assert_int_equal(w.store.hosts[0].ndoms, 1000);

	/* an action through the worker: the lifecycle event updates */
	w.want = DOMAIN_STATE_PAUSED;
	w.message = "Paused VM 'vm0001'.";
	host_submit_action(h, w.uuid, "vm0001", DOMAIN_ACTION_SUSPEND);
	assert_true(testutil_wait_for(watch_state, &w, WAIT_MS));
	assert_true(testutil_wait_for(watch_message, &w, WAIT_MS));

	/* a failing action reports libvirt's reason */
	w.message = "Could not pause VM 'vm0001': ";
	w.seen_message = false;
	host_submit_action(h, w.uuid, "vm0001", DOMAIN_ACTION_SUSPEND);
	assert_true(testutil_wait_for(watch_message, &w, WAIT_MS));

	/* a VM that vanished between list and action */
	w.message = "Could not start VM 'ghost': it no longer exists";
	w.seen_message = false;
	host_submit_action(h, "6d3c0000-0000-4000-8000-ffffffffffff", "ghost",
	    DOMAIN_ACTION_START);
	assert_true(testutil_wait_for(watch_message, &w, WAIT_MS));
	watch_end(&w, h);
}

static void
test_worker_sees_outside_changes(void **state)
{
	struct watch w = { .uuid = "6695eb01-f6a4-8304-79aa-97f2502e193f" };
	struct host *h;
	virConnectPtr other;
	virDomainPtr dom;
	char *err = NULL;

	(void)state;
	h = watch_start(&w, "test:///default");
	w.want = DOMAIN_STATE_RUNNING;
	assert_true(testutil_wait_for(watch_state, &w, WAIT_MS));

	/* test:///default is one shared host within a process: a change
	 * made through another connection arrives as a lifecycle event,
	 * with no refresh asked for */
	other = open_or_fail("test:///default");
	dom = domain_lookup(other, "test", &err);
	assert_non_null(dom);
	assert_int_equal(virDomainDestroy(dom), 0);
	w.want = DOMAIN_STATE_SHUTOFF;
	assert_true(testutil_wait_for(watch_state, &w, WAIT_MS));
	assert_int_equal(virDomainCreate(dom), 0);
	w.want = DOMAIN_STATE_RUNNING;
	assert_true(testutil_wait_for(watch_state, &w, WAIT_MS));

	/* a transient VM that stops disappears from the store */
	static const char xml[] = "<domain type='test'><name>blip</name>"
	    "<uuid>11111111-2222-3333-4444-555555555555</uuid>"
	    "<memory>65536</memory><os><type>hvm</type></os></domain>";
	virDomainPtr t = virDomainCreateXML(other, xml, 0);
	assert_non_null(t);
	w.uuid = "11111111-2222-3333-4444-555555555555";
	assert_true(testutil_wait_for(watch_state, &w, WAIT_MS));
	assert_int_equal(virDomainDestroy(t), 0);
	assert_true(testutil_wait_for(watch_gone, &w, WAIT_MS));
	virDomainFree(t);

	virDomainFree(dom);
	virConnectClose(other);
	watch_end(&w, h);
}

static void
test_worker_unreachable(void **state)
{
	struct watch w = { .uuid = "" };
	struct host *h;

	(void)state;
	h = watch_start(&w, "qemu+tcp://127.0.0.1:1/system");
	assert_true(testutil_wait_for(watch_disconnected, &w, WAIT_MS));
	assert_non_null(strstr(w.store.hosts[0].reason, "Could not connect"));
	/* an action while disconnected fails at once, with a message */
	w.message = "is not connected";
	host_submit_action(h, "6695eb01-f6a4-8304-79aa-97f2502e193f", "x",
	    DOMAIN_ACTION_START);
	assert_true(testutil_wait_for(watch_message, &w, WAIT_MS));
	/* stopping does not wait out the backoff */
	int64_t t0 = time_mono_ms();
	watch_end(&w, h);
	assert_true(time_mono_ms() - t0 < 900);
}

/* Figures from the test driver: it gives only state, so everything else
 * must come out as "no figure" (shown "–"), never as 0. */
static void
test_stats_test_driver(void **state)
{
	const char *uris[] = { "test:///default" };
	virConnectPtr conn = open_or_fail("test:///default");
	struct stats_batch b = { 0 };
	struct store st;
	struct event ev = { .type = EVENT_DOMAIN_LIST };
	char *err = NULL, buf[16];
	const char *uuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";

	(void)state;
	store_init(&st, uris, 1, 4);
	assert_int_equal(domain_list_fetch(conn, &ev.list, &ev.nlist, &err), 0);
	store_apply(&st, &ev);
	domain_info_array_free(ev.list, ev.nlist);
	for (int tick = 0; tick < 3; tick++) {
		assert_int_equal(sampler_fetch(conn, &b, &err), 0);
		assert_int_equal(b.n, 1);
		assert_string_equal(b.s[0].uuid, uuid);
		assert_true(b.s[0].raw.have & STATS_HAVE_STATE);
		store_apply_stats(&st, 0, &b, tick);
	}
	struct vmstat *v = vmstats_find(&st.hosts[0].stats, uuid);
	assert_non_null(v);
	for (int m = 0; m < STATS_METRIC_COUNT; m++) {
		if (m == STATS_MEM_ASSIGNED)
			continue;
		assert_true(isnan(v->now[m]));
		assert_string_equal(stats_format(buf, sizeof buf,
		    (enum stats_metric)m, v->now[m], false), "–");
	}
	/* assigned memory falls back to the domain's */
	assert_float_equal(v->now[STATS_MEM_ASSIGNED], 2097152, 0.5);
	/* the host's CPU counters are there (fixed in the test driver) */
	assert_true(b.node.have_cpu);
	stats_batch_free(&b);
	store_free(&st);
	virConnectClose(conn);
}

static bool
watch_stats(void *arg)
{
	struct watch *w = arg;

	watch_drain(w);
	return w->batches >= 3;
}

/* The worker samples on its own, every interval, into the mailbox. */
static void
test_worker_samples(void **state)
{
	struct watch w = { .uuid = "" };
	struct host *h;
	struct stats_batch b = { 0 };

	(void)state;
	w.q = evq_new();
	const char *uris[] = { "test:///default" };
	store_init(&w.store, uris, 1, 4);
	h = host_new(0, uris[0], w.q);
	host_set_interval(h, 50);
	w.host = h;
	w.batch = &b;
	host_start(h);
	assert_true(testutil_wait_for(watch_stats, &w, WAIT_MS));
	assert_int_equal(b.n, 1);
	/* paused: no more batches */
	host_set_sampling(h, false);
	watch_drain(&w);
	int before = w.batches;
	int64_t until = time_mono_ms() + 300;
	while (time_mono_ms() < until)
		watch_drain(&w);
	assert_true(w.batches <= before + 1);	/* one may have been in flight */
	watch_end(&w, h);
	stats_batch_free(&b);
}

/* A spec from a shipped template, named, with the test driver's pool. */
static void
spec_from(struct vmspec *s, const struct template_set *set, const char *t,
    const char *name)
{
	const struct template *tp = template_set_find(set, t);
	const char *why = NULL;

	assert_non_null(tp);
	vmspec_copy(s, &tp->spec);
	assert_int_equal(vmspec_set(s, "template", "name", name, &why), 0);
	for (size_t i = 0; i < s->ndisks; i++)
		if (s->disks[i].source == VMSPEC_SOURCE_EMPTY ||
		    s->disks[i].source == VMSPEC_SOURCE_BACKING)
			assert_int_equal(vmspec_set(s, i == 0 ? "disk" : "disk2",
			    "pool", "default-pool", &why), 0);
}

static int
pool_volumes(virConnectPtr conn)
{
	virStoragePoolPtr p = virStoragePoolLookupByName(conn, "default-pool");
	int n = virStoragePoolNumOfVolumes(p);

	virStoragePoolFree(p);
	return n;
}

static const struct create_opts no_start = { .start = false };
static const struct create_opts and_start = { .start = true };

/* Every shipped template makes a domain whose XML has what was asked. */
static void
test_create_from_templates(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	struct template_set set;
	struct diags d = { 0 };
	char *dir = testutil_tmpdir();
	/* named .img, as Ubuntu's cloud images are, and qcow2 inside */
	char *image = testutil_qcow2(dir, "base.img");
	char *iso = testutil_iso(dir, "install.iso");
	char *kernel = testutil_write(dir, "vmlinuz", "x", 1);

	(void)state;
	template_set_load(&set, NULL, &d);
	assert_int_equal(d.n, 0);
	for (size_t i = 0; i < set.n; i++) {
		struct vmspec s, back;
		char name[64], *err = NULL, *xml;
		const char *why;

		snprintf(name, sizeof name, "c-%s", set.t[i].name);
		spec_from(&s, &set, set.t[i].name, name);
		for (size_t k = 0; k < s.ndisks; k++)
			if (s.disks[k].source != VMSPEC_SOURCE_EMPTY)
				assert_int_equal(vmspec_set(&s, k == 0 ? "disk" :
				    "disk2", "image", s.disks[k].source ==
				    VMSPEC_SOURCE_CDROM ? iso : image, &why), 0);
		if (strcmp(set.t[i].name, "tiny-linux") == 0)
			assert_int_equal(vmspec_set(&s, "template", "kernel",
			    kernel, &why), 0);
		/* any-os: an OS osinfo-db knows (test_create_osinfo says
		 * what it takes from it); skipped without libosinfo */
		if (s.from_osinfo) {
			struct osinfo_os os;
			char *oerr = NULL;

			if (osinfo_find("debian11", &os, &oerr) < 0) {
				print_message("any-os: SKIPPED: %s\n", oerr);
				free(oerr);
				vmspec_free(&s);
				continue;
			}
			osinfo_os_clear(&os);
			assert_int_equal(vmspec_set(&s, "template", "variant",
			    "debian11", &why), 0);
		}
		assert_int_equal(vmspec_set_arg(&s, "vcpus=3", &why), 0);
		assert_int_equal(vmspec_set_arg(&s, "memory=768M", &why), 0);
		/* the test driver cannot take an upload: the seed is the lab's
		 * to test, and its refusal is tested below */
		s.cloud_init = false;
		/* --print-xml: the plan's XML is the XML defined */
		struct vmspec planned;
		struct create_result plan = { 0 }, made = { 0 };

		vmspec_copy(&planned, &s);
		if (create_plan(conn, &planned, &no_start, &plan, &err) < 0)
			fail_msg("plan %s: %s", set.t[i].name, err);
		if (create_vm(conn, &s, &no_start, &made, &err) < 0)
			fail_msg("%s: %s", set.t[i].name, err);
		assert_string_equal(plan.xml, made.xml);
		/* the backing image's format is what qemu-img read, not .img */
		if (strstr(plan.xml, "base.img") != NULL)
			assert_int_equal(
			    strcmp(s.disks[0].image_format, "qcow2"), 0);
		/* the guest agent's channel, and TCG on a host without KVM */
		assert_non_null(strstr(made.xml,
		    "name=\"org.qemu.guest_agent.0\""));
		assert_string_equal(made.accel, "qemu");
		create_result_clear(&plan);
		create_result_clear(&made);
		vmspec_free(&planned);
		virDomainPtr dom = virDomainLookupByName(conn, name);
		assert_non_null(dom);
		xml = virDomainGetXMLDesc(dom, 0);
		assert_int_equal(vmspec_from_xml(&back, xml, &err), 0);
		assert_int_equal(back.vcpus, 3);
		assert_int_equal(back.memory_kib, 768 * 1024);
		assert_int_equal(back.ndisks, s.ndisks);
		assert_int_equal(back.nnics, s.nnics);
		for (size_t k = 0; k < s.ndisks; k++)
			assert_non_null(back.disks[k].path);
		free(xml);
		/* give the pool its space back for the next template */
		for (size_t k = 0; k < back.ndisks; k++) {
			virStorageVolPtr v = virStorageVolLookupByPath(conn,
			    back.disks[k].path);

			if (v != NULL) {
				virStorageVolDelete(v, 0);
				virStorageVolFree(v);
			} else
				virResetLastError();
		}
		vmspec_free(&back);
		vmspec_free(&s);
		virDomainUndefine(dom);
		virDomainFree(dom);
	}
	template_set_free(&set);
	free(image);
	free(iso);
	free(kernel);
	testutil_rmtree(dir);
	free(dir);
	virConnectClose(conn);
}

/* What osinfo-db gives a VM: for any-os (osinfo = recommended) the
 * figures, firmware, clock and buses of the OS unless --set, and the
 * libosinfo metadata; a warning below its minimum for any template; an OS
 * it does not know is an error for any-os and a note for a template with
 * its own values. */
static void
test_create_osinfo(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	struct template_set set;
	struct diags d = { 0 };
	char *dir = testutil_tmpdir(), *iso = testutil_iso(dir, "win.iso");
	char *image = testutil_qcow2(dir, "base.img"), *err = NULL;
	struct create_result r = { 0 };
	struct vmspec s;
	struct osinfo_os os;
	const char *why;

	(void)state;
	if (osinfo_find("win11", &os, &err) < 0) {
		print_message("SKIPPED: %s\n", err);
		free(err);
		goto out;
	}
	assert_string_equal(os.id, "http://microsoft.com/win/11");
	assert_true(os.efi_only);
	assert_false(os.virtio_disk);
	assert_true(os.min_ram >= 4ULL << 30);
	osinfo_os_clear(&os);
	assert_int_equal(osinfo_find("debian11", &os, &err), 1);
	assert_true(os.virtio_disk && os.virtio_net && !os.efi_only);
	assert_string_equal(os.family, "linux");
	osinfo_os_clear(&os);
	/* osinfo-db 20221130 has no debian12 */
	assert_int_equal(osinfo_find("no-such-os", &os, &err), 0);

	template_set_load(&set, NULL, &d);
	/* any-os as win11, nothing set: osinfo-db's figures */
	spec_from(&s, &set, "any-os", "w11");
	assert_int_equal(vmspec_set(&s, "disk2", "image", iso, &why), 0);
	assert_int_equal(vmspec_set(&s, "template", "variant", "win11", &why),
	    0);
	assert_int_equal(create_plan(conn, &s, &no_start, &r, &err), 0);
	assert_non_null(strstr(r.xml, "<libosinfo:os id=\"http://microsoft.com/"
	    "win/11\"/>"));
	assert_non_null(strstr(r.xml, "<currentMemory unit=\"KiB\">4194304<"));
	assert_non_null(strstr(r.xml, "<vcpu placement=\"static\">2<"));
	assert_non_null(strstr(r.xml, "firmware=\"efi\""));
	assert_non_null(strstr(r.xml, "<clock offset=\"localtime\"/>"));
	assert_non_null(strstr(r.xml, "bus=\"sata\""));
	assert_null(strstr(r.xml, "bus=\"virtio\""));
	assert_non_null(strstr(r.xml, "<model type=\"e1000e\"/>"));
	assert_non_null(strstr(r.note, "osinfo-db: Microsoft Windows 11"));
	assert_null(r.warning);
	create_result_clear(&r);
	vmspec_free(&s);
	/* what the user sets stays, and below the minimum is said */
	spec_from(&s, &set, "any-os", "w11b");
	assert_int_equal(vmspec_set(&s, "disk2", "image", iso, &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "variant=win11", &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "memory=1G", &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "disk.bus=virtio", &why), 0);
	assert_int_equal(create_plan(conn, &s, &no_start, &r, &err), 0);
	assert_non_null(strstr(r.xml, "<currentMemory unit=\"KiB\">1048576<"));
	assert_non_null(strstr(r.xml, "dev=\"vda\" bus=\"virtio\""));
	assert_non_null(strstr(r.warning, "1 GiB of memory is less than the "
	    "4 GiB osinfo-db gives as the least Microsoft Windows 11 needs"));
	create_result_clear(&r);
	vmspec_free(&s);
	/* an OS osinfo-db does not know: any-os refuses */
	spec_from(&s, &set, "any-os", "w11c");
	assert_int_equal(vmspec_set(&s, "disk2", "image", iso, &why), 0);
	assert_int_equal(vmspec_set_arg(&s, "variant=no-such-os", &why), 0);
	assert_int_equal(create_plan(conn, &s, &no_start, &r, &err), -1);
	assert_non_null(strstr(err, "osinfo-db knows no OS called "
	    "'no-such-os'"));
	free(err);
	err = NULL;
	create_result_clear(&r);
	vmspec_free(&s);
	/* a template with its own values: they stand, said in the note */
	spec_from(&s, &set, "debian-12-cloud", "d12");
	s.cloud_init = false;
	assert_int_equal(vmspec_set(&s, "disk", "image", image, &why), 0);
	assert_int_equal(create_plan(conn, &s, &no_start, &r, &err), 0);
	assert_non_null(strstr(r.note, "osinfo-db does not know 'debian12': "
	    "the template's own values stand."));
	assert_null(strstr(r.xml, "libosinfo"));
	create_result_clear(&r);
	vmspec_free(&s);
	template_set_free(&set);
out:
	free(iso);
	free(image);
	testutil_rmtree(dir);
	free(dir);
	virConnectClose(conn);
}

static void
test_create_refusals_and_rollback(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	struct template_set set;
	struct diags d = { 0 };
	struct vmspec s;
	char *err = NULL;
	const char *why;
	int before;

	(void)state;
	template_set_load(&set, NULL, &d);
	before = pool_volumes(conn);

	/* a taken name is refused before anything is made */
	spec_from(&s, &set, "alpine-iso", "test");
	vmspec_set(&s, "disk2", "source", "empty", &why);
	vmspec_set(&s, "disk2", "size", "1G", &why);
	assert_int_equal(create_vm(conn, &s, &no_start, NULL, &err), -1);
	assert_string_equal(err, "A VM named 'test' already exists on this "
	    "host.");
	free(err);
	assert_int_equal(pool_volumes(conn), before);
	vmspec_free(&s);

	/* a failure after the volumes are made removes them: two disks
	 * on the same target make libvirt refuse the definition */
	spec_from(&s, &set, "alpine-iso", "rollback1");
	vmspec_set(&s, "disk2", "source", "empty", &why);
	vmspec_set(&s, "disk2", "size", "1G", &why);
	vmspec_set(&s, "disk2", "pool", "default-pool", &why);
	vmspec_set(&s, "disk", "target", "vda", &why);
	vmspec_set(&s, "disk2", "target", "vda", &why);
	vmspec_set(&s, "disk2", "bus", "virtio", &why);
	assert_int_equal(create_vm(conn, &s, &no_start, NULL, &err), -1);
	assert_non_null(strstr(err, "Could not define VM 'rollback1': "));
	assert_non_null(strstr(err, "(the volumes made for it were removed)"));
	free(err);
	assert_int_equal(pool_volumes(conn), before);
	assert_null(virDomainLookupByName(conn, "rollback1"));
	virResetLastError();
	vmspec_free(&s);

	/* a host that cannot take the cloud-init seed: a clear reason, and
	 * the disk volume made before it is removed */
	spec_from(&s, &set, "debian-12-cloud", "seedless");
	char *dir = testutil_tmpdir();
	char *img = testutil_qcow2(dir, "base.qcow2");
	vmspec_set(&s, "disk", "image", img, &why);
	assert_true(s.cloud_init);
	assert_int_equal(create_vm(conn, &s, &no_start, NULL, &err), -1);
	assert_non_null(strstr(err, "Could not put the cloud-init seed "
	    "'seedless-seed.iso' into pool 'default-pool': "));
	free(err);
	assert_int_equal(pool_volumes(conn), before);
	free(img);
	testutil_rmtree(dir);
	free(dir);
	vmspec_free(&s);

	/* a disk copied from a pool's volume */
	virStoragePoolPtr pool = virStoragePoolLookupByName(conn, "default-pool");
	virStorageVolPtr srcvol = virStorageVolCreateXML(pool,
	    "<volume><name>golden.img</name><capacity unit='M'>64</capacity>"
	    "<target><format type='raw'/></target></volume>", 0);
	assert_non_null(srcvol);
	char *srcpath = virStorageVolGetPath(srcvol);
	spec_from(&s, &set, "alpine-iso", "copied1");
	vmspec_set(&s, "disk", "source", "copy", &why);
	vmspec_set(&s, "disk", "image", srcpath, &why);
	vmspec_set(&s, "disk2", "source", "empty", &why);
	vmspec_set(&s, "disk2", "size", "1G", &why);
	vmspec_set(&s, "disk2", "pool", "default-pool", &why);
	if (create_vm(conn, &s, &no_start, NULL, &err) < 0)
		fail_msg("%s", err);
	assert_string_not_equal(s.disks[0].path, srcpath);
	assert_non_null(strstr(s.disks[0].path, "copied1-disk1"));
	assert_int_equal(pool_volumes(conn), before + 3);
	virDomainPtr cdom = virDomainLookupByName(conn, "copied1");
	virDomainUndefine(cdom);
	virDomainFree(cdom);
	for (size_t k = 0; k < 2; k++) {
		virStorageVolPtr v = virStorageVolLookupByPath(conn,
		    s.disks[k].path);
		virStorageVolDelete(v, 0);
		virStorageVolFree(v);
	}
	virStorageVolDelete(srcvol, 0);
	virStorageVolFree(srcvol);
	virStoragePoolFree(pool);
	free(srcpath);
	vmspec_free(&s);
	assert_int_equal(pool_volumes(conn), before);

	/* a missing image and a missing pool are caught first */
	spec_from(&s, &set, "alpine-iso", "noimage");
	vmspec_set(&s, "disk2", "image", "/nonexistent/x.iso", &why);
	assert_int_equal(create_vm(conn, &s, &no_start, NULL, &err), -1);
	assert_non_null(strstr(err, "'/nonexistent/x.iso' is not on the host"));
	free(err);
	vmspec_set(&s, "disk2", "source", "empty", &why);
	vmspec_set(&s, "disk2", "size", "1G", &why);
	vmspec_set(&s, "disk2", "pool", "nopool", &why);
	assert_int_equal(create_vm(conn, &s, &no_start, NULL, &err), -1);
	assert_non_null(strstr(err, "Could not find storage pool 'nopool'"));
	free(err);
	/* the first disk's volume was made before the second failed */
	assert_int_equal(pool_volumes(conn), before);
	/* a pool too small for a raw disk says so */
	vmspec_set(&s, "disk2", "pool", "default-pool", &why);
	vmspec_set(&s, "disk2", "size", "900G", &why);
	vmspec_set(&s, "disk2", "format", "raw", &why);
	assert_int_equal(create_vm(conn, &s, &no_start, NULL, &err), -1);
	assert_non_null(strstr(err, "Storage pool 'default-pool' has "));
	assert_non_null(strstr(err, "VM 'noimage' needs 900 GiB there."));
	free(err);
	assert_int_equal(pool_volumes(conn), before);
	/* a thin qcow2 of the same size fits (it takes a few hundred KB at
	 * first): planned, with the overcommit named */
	{
		struct vmspec planned;
		struct create_result plan = { 0 };

		vmspec_set(&s, "disk2", "format", "qcow2", &why);
		vmspec_copy(&planned, &s);
		if (create_plan(conn, &planned, &no_start, &plan, &err) < 0)
			fail_msg("thin plan: %s", err);
		assert_non_null(plan.warning);
		assert_non_null(strstr(plan.warning, "overcommitted"));
		assert_non_null(strstr(plan.warning, "can grow to 900 GiB"));
		create_result_clear(&plan);
		vmspec_free(&planned);
	}
	vmspec_free(&s);
	template_set_free(&set);
	virConnectClose(conn);
}

/* Delete with storage: the definition and every pool volume go; a
 * running VM is refused. */
static void
test_delete_with_storage(void **state)
{
	struct watch w = { .uuid = "" };
	struct template_set set;
	struct diags d = { 0 };
	struct vmspec s;
	struct host *h;
	char *err = NULL, *paths[2];
	const char *why;
	virConnectPtr conn;
	int before;

	(void)state;
	h = watch_start(&w, "test:///default");
	assert_true(testutil_wait_for(watch_listed, &w, WAIT_MS));
	/* the worker's connection: test:///default is shared in-process */
	conn = open_or_fail("test:///default");
	before = pool_volumes(conn);
	template_set_load(&set, NULL, &d);
	spec_from(&s, &set, "alpine-iso", "gone1");
	vmspec_set(&s, "disk2", "source", "empty", &why);
	vmspec_set(&s, "disk2", "size", "1G", &why);
	vmspec_set(&s, "disk2", "pool", "default-pool", &why);
	assert_int_equal(create_vm(conn, &s, &and_start, NULL, &err), 0);
	assert_int_equal(pool_volumes(conn), before + 2);
	virDomainPtr dom = virDomainLookupByName(conn, "gone1");
	char uuid[DOMAIN_UUID_LEN];
	virDomainGetUUIDString(dom, uuid);
	paths[0] = s.disks[0].path;
	paths[1] = s.disks[1].path;

	w.message = "is running; force it off before deleting its storage";
	host_submit_delete_storage(h, uuid, "gone1", paths, 2);
	assert_true(testutil_wait_for(watch_message, &w, WAIT_MS));
	assert_int_equal(pool_volumes(conn), before + 2);

	assert_int_equal(virDomainDestroy(dom), 0);
	w.message = "Deleted VM 'gone1' and 2 volumes.";
	w.seen_message = false;
	host_submit_delete_storage(h, uuid, "gone1", paths, 2);
	assert_true(testutil_wait_for(watch_message, &w, WAIT_MS));
	assert_int_equal(pool_volumes(conn), before);
	assert_null(virDomainLookupByName(conn, "gone1"));
	virResetLastError();
	virDomainFree(dom);
	vmspec_free(&s);
	template_set_free(&set);
	virConnectClose(conn);
	watch_end(&w, h);
}

static void
count_progress(void *ctx, uint64_t done, uint64_t total)
{
	(void)done;
	(void)total;
	(*(int *)ctx)++;
}

/* Screenshot: the test driver's screen lands whole as PNG; a file that
 * cannot be written says so and leaves nothing behind. */
static void
test_screenshot(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	virDomainPtr dom = virDomainLookupByName(conn, "test");
	char *dir = testutil_tmpdir(), *path = testutil_path(dir, "shot.png");
	char *bad = testutil_path(dir, "no/such/dir/shot.png");
	char *err = NULL, *mime = NULL;
	uint8_t head[8];
	FILE *f;

	(void)state;
	assert_non_null(dom);
	assert_int_equal(screenshot_save(dom, path, &mime, &err), 0);
	assert_string_equal(mime, "image/png");
	free(mime);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 8, f), 8);
	fclose(f);
	assert_memory_equal(head, "\x89PNG\r\n\x1a\n", 8);
	/* the picture decodes: the test driver's 1120x832 grey image */
	{
		size_t len;
		char *type = NULL;
		uint8_t *img = screenshot_grab(dom, &len, &type, &err);
		uint32_t *px;
		int w, h;

		assert_non_null(img);
		px = image_png_decode(img, len, &w, &h, &err);
		assert_non_null(px);
		assert_int_equal(w, 1120);
		assert_int_equal(h, 832);
		free(px);
		free(img);
		free(type);
	}
	assert_int_equal(screenshot_save(dom, bad, &mime, &err), -1);
	assert_non_null(strstr(err, "Could not write"));
	assert_non_null(strstr(err, "No such file or directory"));
	free(err);
	virDomainFree(dom);
	virConnectClose(conn);
	testutil_rmtree(dir);
	free(bad);
	free(path);
	free(dir);
}

/* Clone: new name, UUID and MACs, disks copied; refusals leave nothing. */
static void
test_clone(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	struct template_set set;
	struct diags d = { 0 };
	struct vmspec s, c;
	char *err = NULL, *xml;
	const char *why;
	int before, calls = 0;

	(void)state;
	template_set_load(&set, NULL, &d);
	before = pool_volumes(conn);
	spec_from(&s, &set, "alpine-iso", "orig1");
	vmspec_set(&s, "disk2", "source", "empty", &why);
	vmspec_set(&s, "disk2", "size", "1G", &why);
	vmspec_set(&s, "disk2", "pool", "default-pool", &why);
	vmspec_set(&s, "nic", "mac", "52:54:00:aa:bb:cc", &why);
	assert_int_equal(create_vm(conn, &s, &no_start, NULL, &err), 0);
	assert_int_equal(pool_volumes(conn), before + 2);

	assert_int_equal(clone_vm(conn, "orig1", "test", NULL, NULL, &err), -1);
	assert_string_equal(err, "A VM named 'test' already exists on this "
	    "host.");
	free(err);
	assert_int_equal(clone_vm(conn, "test", "copy0", NULL, NULL, &err), -1);
	assert_non_null(strstr(err, "is running; shut it down before cloning"));
	free(err);

	assert_int_equal(clone_vm(conn, "orig1", "copy1", count_progress, &calls,
	    &err), 0);
	assert_true(calls >= 1);
	assert_int_equal(pool_volumes(conn), before + 4);
	virDomainPtr dom = virDomainLookupByName(conn, "copy1");
	assert_non_null(dom);
	xml = virDomainGetXMLDesc(dom, 0);
	assert_int_equal(vmspec_from_xml(&c, xml, &err), 0);
	assert_int_equal(c.ndisks, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_not_equal(c.disks[i].path, s.disks[i].path);
		assert_non_null(strstr(c.disks[i].path, "copy1-disk"));
	}
	assert_string_not_equal(c.nics[0].mac, "52:54:00:aa:bb:cc");
	char uuid_a[DOMAIN_UUID_LEN], uuid_b[DOMAIN_UUID_LEN];
	virDomainPtr orig = virDomainLookupByName(conn, "orig1");
	virDomainGetUUIDString(orig, uuid_a);
	virDomainGetUUIDString(dom, uuid_b);
	assert_string_not_equal(uuid_a, uuid_b);
	free(xml);
	vmspec_free(&c);
	virDomainUndefine(dom);
	virDomainFree(dom);
	virDomainUndefine(orig);
	virDomainFree(orig);
	vmspec_free(&s);
	template_set_free(&set);
	virConnectClose(conn);
}

/* An edit of each field reaches the definition (and live, where it
 * can), read back through the XML. */
static void
test_edit_round_trip(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	const char *uuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";
	struct vmedit e = { .vcpus = 1, .max_vcpus = 4,
	    .memory_kib = 1048576, .max_memory_kib = 4194304, .autostart = 1 };
	char *done = NULL, *err = NULL, *xml;
	struct vmspec s;

	(void)state;
	e.description = strdup("web & db <prod>");
	e.nic_network = strdup("lab");
	e.nic_model = strdup("e1000e");
	if (vmedit_apply(conn, uuid, &e, &done, &err) < 0)
		fail_msg("%s", err);
	assert_non_null(strstr(done, "VM 'test': saved to its definition"));
	assert_non_null(strstr(done, "memory changed live"));
	free(done);
	virDomainPtr dom = virDomainLookupByUUIDString(conn, uuid);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_int_equal(vmspec_from_xml(&s, xml, &err), 0);
	assert_int_equal(s.vcpus, 1);
	assert_int_equal(s.max_vcpus, 4);
	assert_int_equal(s.memory_kib, 1048576);
	assert_int_equal(s.max_memory_kib, 4194304);
	assert_string_equal(s.description, "web & db <prod>");
	assert_string_equal(s.nics[0].network, "lab");
	assert_string_equal(s.nics[0].model, "e1000e");
	int autostart = 0;
	virDomainGetAutostart(dom, &autostart);
	assert_int_equal(autostart, 1);
	free(xml);
	vmspec_free(&s);

	/* and back; an empty description removes it */
	vmedit_free(&e);
	e = (struct vmedit){ .vcpus = 2, .memory_kib = 2097152,
	    .max_memory_kib = 8388608, .autostart = 0 };
	e.description = strdup("");
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), 0);
	free(done);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_int_equal(vmspec_from_xml(&s, xml, &err), 0);
	assert_null(s.description);
	assert_int_equal(s.vcpus, 2);
	assert_int_equal(s.memory_kib, 2097152);
	free(xml);
	vmspec_free(&s);
	vmedit_free(&e);

	/* devices: a new volume, an attached file, an interface, the boot
	 * order; then detach and remove them again */
	char *dir = testutil_tmpdir();
	/* qcow2 inside, though named .img: attached as qcow2 */
	char *file = testutil_qcow2(dir, "extra.img");
	int vols = pool_volumes(conn);
	e = (struct vmedit){ .autostart = -1, .add_disk = 1ULL << 30 };
	e.add_nic = strdup("lab2");
	e.boot = strdup("cdrom,hd");
	if (vmedit_apply(conn, uuid, &e, &done, &err) < 0)
		fail_msg("%s", err);
	free(done);
	vmedit_free(&e);
	assert_int_equal(pool_volumes(conn), vols + 1);
	e = (struct vmedit){ .autostart = -1 };
	e.attach = strdup(file);
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), 0);
	free(done);
	vmedit_free(&e);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_int_equal(vmspec_from_xml(&s, xml, &err), 0);
	assert_int_equal(s.ndisks, 3);
	assert_string_equal(s.disks[1].target, "vdb");
	assert_string_equal(s.disks[2].target, "vdc");
	assert_string_equal(s.disks[2].path, file);
	assert_string_equal(s.disks[2].format, "qcow2");
	assert_int_equal(s.nnics, 2);
	assert_string_equal(s.nics[1].network, "lab2");
	assert_non_null(strstr(xml, "<boot dev='cdrom'/>\n    <boot dev='hd'/>"));
	char *mac = strdup(s.nics[1].mac);
	free(xml);
	vmspec_free(&s);
	e = (struct vmedit){ .autostart = -1 };
	e.detach = strdup("vdc");
	e.remove_nic = strdup(mac);
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), 0);
	free(done);
	vmedit_free(&e);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_int_equal(vmspec_from_xml(&s, xml, &err), 0);
	assert_int_equal(s.ndisks, 2);
	assert_int_equal(s.nnics, 1);
	free(xml);
	vmspec_free(&s);
	/* and what is not there is said */
	e = (struct vmedit){ .autostart = -1 };
	e.detach = strdup("vdz");
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), -1);
	assert_string_equal(err, "The VM has no disk 'vdz'.");
	free(err);
	vmedit_free(&e);
	e = (struct vmedit){ .autostart = -1 };
	e.boot = strdup("floppy");
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), -1);
	assert_non_null(strstr(err, "Boot device 'floppy' is not one of"));
	free(err);
	vmedit_free(&e);
	free(mac);
	free(file);
	testutil_rmtree(dir);
	free(dir);

	/* a disk that is no pool volume cannot grow, and says why */
	e = (struct vmedit){ .disk_size = 1ULL << 40, .autostart = -1 };
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), -1);
	assert_non_null(strstr(err, "first disk: it is no storage pool's "
	    "volume"));
	free(err);
	virDomainFree(dom);
	virConnectClose(conn);
}

/* The device changes on a running VM (the test driver's "test"): each
 * is saved, and, where the driver cannot make it live, says so with
 * libvirt's reason; the CD-ROM drive a VM lacks is added on the SCSI bus
 * with a virtio-scsi controller; media changed and ejected in place. */
static void
test_edit_live_devices(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	const char *uuid = "6695eb01-f6a4-8304-79aa-97f2502e193f";
	struct vmedit e = { .autostart = -1 };
	char *done = NULL, *err = NULL, *xml;
	struct vmspec s;
	virDomainPtr dom = virDomainLookupByUUIDString(conn, uuid);

	(void)state;
	assert_int_equal(virDomainIsActive(dom), 1);
	/* no drive yet: eject is refused, an ISO adds one */
	e.cdrom = strdup("");
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), -1);
	assert_string_equal(err, "The VM has no CD-ROM drive to eject.");
	free(err);
	vmedit_free(&e);
	e = (struct vmedit){ .autostart = -1 };
	e.cdrom = strdup("/srv/iso/one.iso");
	if (vmedit_apply(conn, uuid, &e, &done, &err) < 0)
		fail_msg("%s", err);
	assert_non_null(strstr(done, "CD-ROM sda now holds /srv/iso/one.iso: "
	    "saved, applies at its next start (not live: this function is "
	    "not supported by the connection driver"));
	free(done);
	vmedit_free(&e);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_non_null(strstr(xml, "<controller type='scsi' index='0' "
	    "model='virtio-scsi'"));
	assert_int_equal(vmspec_from_xml(&s, xml, &err), 0);
	assert_int_equal(s.ndisks, 2);
	assert_int_equal(s.disks[1].source, VMSPEC_SOURCE_CDROM);
	assert_string_equal(s.disks[1].bus, "scsi");
	assert_string_equal(s.disks[1].target, "sda");
	assert_string_equal(s.disks[1].path, "/srv/iso/one.iso");
	assert_non_null(strstr(xml, "<readonly/>"));
	free(xml);
	vmspec_free(&s);
	/* another ISO in the same drive, then empty */
	e = (struct vmedit){ .autostart = -1 };
	e.cdrom = strdup("/srv/iso/two.iso");
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), 0);
	free(done);
	vmedit_free(&e);
	e = (struct vmedit){ .autostart = -1 };
	e.cdrom = strdup("");
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), 0);
	assert_non_null(strstr(done, "CD-ROM sda ejected: saved"));
	free(done);
	vmedit_free(&e);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_int_equal(vmspec_from_xml(&s, xml, &err), 0);
	assert_int_equal(s.ndisks, 2);
	assert_null(s.disks[1].path);
	assert_null(strstr(xml, "two.iso"));
	free(xml);
	vmspec_free(&s);
	/* a SCSI disk takes the next sdX; a new NIC gets a MAC of ours */
	char *dir = testutil_tmpdir();
	char *file = testutil_qcow2(dir, "scsi.qcow2");
	e = (struct vmedit){ .autostart = -1 };
	e.attach = strdup(file);
	e.disk_bus = strdup("scsi");
	e.add_nic = strdup("default");
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), 0);
	assert_non_null(strstr(done, "disk sdb ("));
	assert_non_null(strstr(done, "interface 52:54:00:"));
	vmedit_free(&e);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_int_equal(vmspec_from_xml(&s, xml, &err), 0);
	assert_int_equal(s.ndisks, 3);
	assert_string_equal(s.disks[2].target, "sdb");
	assert_string_equal(s.disks[2].bus, "scsi");
	assert_string_equal(s.disks[2].format, "qcow2");
	assert_int_equal(s.nnics, 2);
	assert_non_null(strstr(done, s.nics[1].mac));
	/* one controller, however many SCSI devices */
	char *second = strstr(xml, "<controller type='scsi'");
	assert_non_null(second);
	assert_null(strstr(second + 1, "<controller type='scsi'"));
	free(done);
	free(xml);
	vmspec_free(&s);
	/* an unknown bus is refused, naming it */
	e = (struct vmedit){ .autostart = -1 };
	e.attach = strdup(file);
	e.disk_bus = strdup("ide");
	assert_int_equal(vmedit_apply(conn, uuid, &e, &done, &err), -1);
	assert_string_equal(err, "Disk bus 'ide' is not virtio or scsi.");
	free(err);
	vmedit_free(&e);
	free(file);
	testutil_rmtree(dir);
	free(dir);
	virDomainFree(dom);
	virConnectClose(conn);
}

/* Tags through the domain's metadata: written live and to the
 * definition of the running "test", read back, XML's special characters
 * kept, an empty set removing the element. */
static void
test_tags_metadata(void **state)
{
	virConnectPtr conn = open_or_fail("test:///default");
	virDomainPtr dom = virDomainLookupByName(conn, "test");
	struct tags s = { 0 }, back;
	const char *words[] = { "+web", "+a&b<c>", "db" };
	char *err = NULL, *xml;

	(void)state;
	assert_int_equal(tags_get(dom, &back, &err), 0);
	assert_int_equal(back.n, 0);
	assert_int_equal(tags_edit(&s, words, 3, &err), 0);
	if (tags_set(dom, &s, &err) < 0)
		fail_msg("%s", err);
	assert_int_equal(tags_get(dom, &back, &err), 0);
	assert_int_equal(back.n, 3);
	assert_string_equal(back.t[0], "a&b<c>");
	tags_clear(&back);
	/* in the definition, in vmdeck's namespace */
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_non_null(strstr(xml, "urn:vmdeck:tags:1"));
	assert_non_null(strstr(xml, "a&amp;b&lt;c&gt;"));
	free(xml);
	tags_clear(&s);
	assert_int_equal(tags_set(dom, &s, &err), 0);
	assert_int_equal(tags_get(dom, &back, &err), 0);
	assert_int_equal(back.n, 0);
	xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	assert_null(strstr(xml, "urn:vmdeck:tags:1"));
	free(xml);
	virDomainFree(dom);
	virConnectClose(conn);
}


/* Whether every row of the table is done or failed. */
static bool
bulk_finished(void *arg)
{
	struct bulk_tally t = bulk_tally(arg);

	return t.waiting + t.running == 0;
}

/* Marks across two hosts: each host's worker runs its rows in order,
 * the two hosts at once; a VM already running fails with libvirt's
 * reason, one gone since it was marked says so, the rest start; the
 * results sit by host. Then a filter across both hosts' lists. */
static void
test_bulk_two_hosts(void **state)
{
	char *ua = testutil_node_uri(tmpdir, 6, "a"), *ub =
	    testutil_node_uri(tmpdir, 6, "b");
	const char *uris[] = { ua, ub };
	struct evq *q = evq_new();
	struct host *hosts[2];
	struct bulk *b = bulk_new("start");
	struct bulkop op = { .kind = BULKOP_ACTION };
	struct bulk_row r;
	struct filter f;
	char *err = NULL;
	size_t matched = 0;

	(void)state;
	for (int i = 0; i < 2; i++) {
		hosts[i] = host_new(i, uris[i], q);
		host_start(hosts[i]);
	}
	/* a0002, a0005 are shut off (every third); a0000 runs; marked in
	 * an order that mixes the hosts */
	bulk_add(b, 0, "ha", "6d3c0000-0000-4000-8000-000000000002", "a0002",
	    DOMAIN_ACTION_START);
	bulk_add(b, 1, "hb", "6d3c0000-0000-4000-8000-000000000005", "b0005",
	    DOMAIN_ACTION_START);
	bulk_add(b, 0, "ha", "6d3c0000-0000-4000-8000-000000000000", "a0000",
	    DOMAIN_ACTION_START);
	bulk_add(b, 0, "ha", "6d3c0000-0000-4000-8000-0000000000ff", "gone",
	    DOMAIN_ACTION_START);
	bulk_add(b, 0, "ha", "6d3c0000-0000-4000-8000-000000000005", "a0005",
	    DOMAIN_ACTION_START);
	bulk_group(b);
	assert_int_equal(bulk_hosts(b), 2);
	char *q1 = bulk_question(b, "start");
	assert_string_equal(q1, "Start 5 VMs on 2 hosts?\nha (4): a0002, "
	    "a0000, gone, a0005\nhb (1): b0005");
	free(q1);
	bulkjob_start(hosts, 2, q, b, &op, false);
	for (int k = 0; k < 200 && !bulk_finished(b); k++) {
		struct pollfd p = { .fd = evq_fd(q), .events = POLLIN };

		poll(&p, 1, 50);
		for (struct event *e = evq_drain(q), *n; e != NULL; e = n) {
			n = e->next;
			event_free(e);
		}
	}
	assert_true(bulk_finished(b));
	struct bulk_tally t = bulk_tally(b);
	assert_int_equal(t.ok, 3);
	assert_int_equal(t.failed, 2);
	/* by host, in the order marked within a host */
	bulk_row_get(b, 0, &r);
	assert_string_equal(r.name, "a0002");
	assert_int_equal(r.state, BULK_OK);
	assert_string_equal(r.msg, "Started VM 'a0002'.");
	bulk_row_clear(&r);
	bulk_row_get(b, 1, &r);
	assert_string_equal(r.name, "a0000");
	assert_int_equal(r.state, BULK_FAILED);
	assert_non_null(strstr(r.msg, "Could not start VM 'a0000'"));
	assert_non_null(strstr(r.msg, "already running"));
	bulk_row_clear(&r);
	bulk_row_get(b, 2, &r);
	assert_int_equal(r.state, BULK_FAILED);
	assert_non_null(strstr(r.msg, "VM 'gone' is gone from ha since it "
	    "was chosen"));
	bulk_row_clear(&r);
	bulk_row_get(b, 4, &r);
	assert_string_equal(r.host_label, "hb");
	assert_int_equal(r.state, BULK_OK);
	bulk_row_clear(&r);
	char *sum = bulk_summary(b);
	assert_string_equal(sum, "5 VMs: 3 done, 2 failed");
	free(sum);
	bulk_unref(b);
	for (int i = 0; i < 2; i++) {
		host_stop(hosts[i]);
		assert_true(host_join(hosts[i], time_mono_ms() + WAIT_MS));
		host_unref(hosts[i]);
	}
	for (struct event *e = evq_drain(q), *n; e != NULL; e = n) {
		n = e->next;
		event_free(e);
	}
	evq_free(q);

	/* a filter across both hosts' lists: shut-off VMs of host hb */
	assert_int_equal(filter_parse("state:off host:hb", &f, &err), 0);
	for (int i = 0; i < 2; i++) {
		virConnectPtr c = open_or_fail(uris[i]);
		struct domain_info *doms;
		size_t n;

		assert_int_equal(domain_list_fetch(c, &doms, &n, &err), 0);
		for (size_t k = 0; k < n; k++)
			if (filter_match(&f, &doms[k], i ? "hb" : "ha")) {
				assert_int_equal(i, 1);
				matched++;
			}
		domain_info_array_free(doms, n);
		virConnectClose(c);
	}
	assert_int_equal(matched, 2);	/* b0002, b0005 */
	filter_clear(&f);
	free(ua);
	free(ub);
}

int
main(void)
{
	xmlutil_init();		/* before the workers, as vmdeck does */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_default),
		cmocka_unit_test(test_list_1000),
		cmocka_unit_test(test_lifecycle_actions),
		cmocka_unit_test(test_missing_domain),
		cmocka_unit_test(test_unreachable_uri),
		cmocka_unit_test(test_worker_events),
		cmocka_unit_test(test_worker_sees_outside_changes),
		cmocka_unit_test(test_worker_unreachable),
		cmocka_unit_test(test_stats_test_driver),
		cmocka_unit_test(test_worker_samples),
		cmocka_unit_test(test_create_from_templates),
		cmocka_unit_test(test_create_osinfo),
		cmocka_unit_test(test_create_refusals_and_rollback),
		cmocka_unit_test(test_delete_with_storage),
		cmocka_unit_test(test_clone),
		cmocka_unit_test(test_screenshot),
		cmocka_unit_test(test_edit_round_trip),
		cmocka_unit_test(test_edit_live_devices),
		cmocka_unit_test(test_tags_metadata),
		cmocka_unit_test(test_bulk_two_hosts),
	};

	return cmocka_run_group_tests_name("integration", tests, setup,
	    teardown);
}
