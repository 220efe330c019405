/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
/* Storage pools, volumes and networks against libvirt's test driver (a
 * node file with a pool, its volumes, a network and a VM using both):
 * every listing and action, the JSON, and what is refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../../src/core/xmlutil.h"
#include "../../src/net/net.h"
#include "../../src/storage/storage.h"
#include "../../src/util/fmt.h"
#include "../../src/util/xalloc.h"

static const char node[] =
    "<node>"
    "<domain type='test'><name>web</name><memory>65536</memory>"
    "<os><type>hvm</type></os><devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
    "<source file='/pool-a/web.qcow2'/><target dev='vda' bus='virtio'/>"
    "</disk>"
    "<disk type='volume' device='disk'><driver name='qemu' type='raw'/>"
    "<source pool='pool-a' volume='data.raw'/><target dev='vdb' "
    "bus='virtio'/></disk>"
    "<interface type='network'><mac address='52:54:00:aa:bb:01'/>"
    "<source network='lan'/><model type='virtio'/></interface>"
    "</devices></domain>"
    "<network><name>lan</name><bridge name='virbr7'/><forward mode='nat'/>"
    "<ip address='10.1.0.1' netmask='255.255.255.0'><dhcp>"
    "<range start='10.1.0.2' end='10.1.0.254'/></dhcp></ip></network>"
    "<pool type='dir'><name>pool-a</name><capacity>10737418240</capacity>"
    "<allocation>1073741824</allocation><available>9663676416</available>"
    "<target><path>/pool-a</path></target>"
    "<volume><name>web.qcow2</name><capacity>2147483648</capacity>"
    "<allocation>1048576</allocation><target><format type='qcow2'/>"
    "</target></volume>"
    "<volume><name>data.raw</name><capacity>1073741824</capacity>"
    "<target><format type='raw'/></target></volume>"
    "<volume><name>spare.raw</name><capacity>1073741824</capacity>"
    "<target><format type='raw'/></target></volume>"
    "</pool>"
    "</node>";

static char node_path[64];

static void
quiet(void *data, virErrorPtr e)
{
	(void)data;
	(void)e;
}

static virConnectPtr
fresh(void)
{
	char uri[128];
	virConnectPtr conn;

	snprintf(uri, sizeof uri, "test://%s", node_path);
	conn = virConnectOpen(uri);
	assert_non_null(conn);
	return conn;
}

/* rc and *msg of a call made before (its msg read here, then freed) */
static void
expect(int rc, int want, char **msg, const char *has)
{
	if (rc != want || strstr(*msg ? *msg : "", has) == NULL)
		fail_msg("rc %d (want %d): '%s' lacks '%s'", rc, want,
		    *msg ? *msg : "(null)", has);
	free(*msg);
	*msg = NULL;
}

static void
test_pools(void **state)
{
	virConnectPtr conn = fresh();
	struct pool_list l;
	char *err = NULL, *msg = NULL, *j;

	(void)state;
	assert_int_equal(storage_pools(conn, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.p[0].name, "pool-a");
	assert_string_equal(l.p[0].type, "dir");
	assert_string_equal(l.p[0].path, "/pool-a");
	assert_true(l.p[0].active);
	assert_int_equal(l.p[0].nvolumes, 3);
	j = storage_pools_json(&l);
	assert_non_null(strstr(j, "[{\"name\":\"pool-a\",\"type\":\"dir\","
	    "\"active\":true,\"autostart\":false,\"persistent\":true,"
	    "\"capacity\":"));
	assert_non_null(strstr(j, "\"path\":\"/pool-a\",\"volumes\":3}]"));
	free(j);
	pool_list_clear(&l);
	/* a pool a VM uses is neither stopped nor deleted */
	expect(storage_pool_act(conn, "pool-a", POOL_STOP, &msg), -1, &msg,
	    "Pool 'pool-a' is not stopped: its volume '");
	expect(storage_pool_act(conn, "pool-a", POOL_DELETE, &msg), -1, &msg,
	    "is not deleted");
	expect(storage_pool_act(conn, "nope", POOL_START, &msg), -1, &msg,
	    "No storage pool called 'nope'");
	expect(storage_pool_act(conn, "pool-a", POOL_AUTOSTART, &msg), 0, &msg,
	    "Pool 'pool-a' starts with the host");
	expect(storage_pool_act(conn, "pool-a", POOL_REFRESH, &msg), 0, &msg,
	    "Read pool 'pool-a' again");
	/* a new dir pool: started, autostarted; its name and path checked */
	expect(storage_pool_define_dir(conn, "pool-b", "/pool-b", &msg), 0,
	    &msg, "Defined pool 'pool-b' at /pool-b, started, and set to start");
	expect(storage_pool_define_dir(conn, "pool-b", "/x", &msg), -1, &msg,
	    "has a pool called 'pool-b' already");
	expect(storage_pool_define_dir(conn, "a/b", "/x", &msg), -1, &msg,
	    "cannot name a pool: it has a '/'");
	expect(storage_pool_define_dir(conn, "pool-c", "rel/dir", &msg), -1,
	    &msg, "must be an absolute path");
	/* an unused pool stops and goes; its files stay */
	expect(storage_pool_act(conn, "pool-b", POOL_STOP, &msg), 0, &msg,
	    "Stopped pool 'pool-b'; its files stay.");
	expect(storage_pool_act(conn, "pool-b", POOL_STOP, &msg), 0, &msg,
	    "is not running");
	expect(storage_pool_act(conn, "pool-b", POOL_DELETE, &msg), 0, &msg,
	    "Removed pool 'pool-b'; its files stay in /pool-b.");
	virConnectClose(conn);
}

static const struct vol_info *
vol(const struct vol_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	fail_msg("no volume %s", name);
	return NULL;
}

static void
test_volumes(void **state)
{
	virConnectPtr conn = fresh();
	struct vol_list l;
	char *err = NULL, *msg = NULL, *j;
	char big[] = "/tmp/vmdeck-upload-XXXXXX";
	int fd;

	(void)state;
	assert_int_equal(storage_volumes(conn, "pool-a", &l, &err), 0);
	assert_int_equal(l.n, 3);
	/* by name; who uses each: a file source and a pool/volume source */
	assert_string_equal(l.v[0].name, "data.raw");
	assert_string_equal(vol(&l, "web.qcow2")->used_by, "web");
	assert_string_equal(vol(&l, "data.raw")->used_by, "web");
	assert_null(vol(&l, "spare.raw")->used_by);
	assert_string_equal(vol(&l, "web.qcow2")->format, "qcow2");
	assert_string_equal(vol(&l, "web.qcow2")->path, "/pool-a/web.qcow2");
	assert_true(vol(&l, "web.qcow2")->capacity == 2147483648ULL);
	j = storage_volumes_json(&l);
	assert_non_null(strstr(j, "{\"name\":\"spare.raw\",\"path\":"
	    "\"/pool-a/spare.raw\",\"format\":\"raw\",\"capacity\":1073741824,"
	    "\"allocation\":"));
	assert_non_null(strstr(j, "\"used_by\":null,\"incomplete\":null}"));
	free(j);
	vol_list_clear(&l);
	assert_int_equal(storage_volumes(conn, "nope", &l, &err), -1);
	assert_non_null(strstr(err, "No storage pool called 'nope'"));
	free(err);

	/* create: names and sizes checked, one taken refused */
	expect(storage_vol_create(conn, "pool-a", "new.qcow2", 1 << 30, NULL,
	    &msg), 0, &msg, "Created qcow2 volume 'new.qcow2' of 1 GiB");
	expect(storage_vol_create(conn, "pool-a", "new.qcow2", 1 << 30, NULL,
	    &msg), -1, &msg, "has a volume called 'new.qcow2' already");
	expect(storage_vol_create(conn, "pool-a", "../etc/x", 1 << 30, "raw",
	    &msg), -1, &msg, "cannot name a volume: it has a '/'");
	expect(storage_vol_create(conn, "pool-a", "x", 1 << 30, "vmdk", &msg),
	    -1, &msg, "qcow2 or raw, not 'vmdk'");
	expect(storage_vol_create(conn, "pool-a", "x", 0, "raw", &msg), -1,
	    &msg, "needs a size above 0");
	/* delete: refused while used, naming the VM */
	expect(storage_vol_delete(conn, "pool-a", "web.qcow2", &msg), -1, &msg,
	    "Volume 'web.qcow2' is not deleted: web uses it.");
	expect(storage_vol_delete(conn, "pool-a", "spare.raw", &msg), 0, &msg,
	    "Deleted volume 'spare.raw' (/pool-a/spare.raw).");
	expect(storage_vol_delete(conn, "pool-a", "spare.raw", &msg), -1, &msg,
	    "has no volume called 'spare.raw'");
	/* resize: grow; a qcow2 is never shrunk, a raw only when asked */
	expect(storage_vol_resize(conn, "pool-a", "web.qcow2", 1 << 30, true,
	    &msg), -1, &msg, "it is qcow2, and shrinking cuts through");
	expect(storage_vol_resize(conn, "pool-a", "data.raw", 1 << 29, false,
	    &msg), -1, &msg, "say --shrink to do it");
	expect(storage_vol_resize(conn, "pool-a", "data.raw", 1 << 30, false,
	    &msg), 0, &msg, "is 1 GiB already");
	/* clone: a new name in the same pool */
	expect(storage_vol_clone(conn, "pool-a", "new.qcow2", "copy.qcow2",
	    &msg), 0, &msg, "Copied volume 'new.qcow2' to 'copy.qcow2'");
	expect(storage_vol_clone(conn, "pool-a", "new.qcow2", "copy.qcow2",
	    &msg), -1, &msg, "already");
	assert_int_equal(storage_volumes(conn, "pool-a", &l, &err), 0);
	assert_string_equal(vol(&l, "copy.qcow2")->format, "qcow2");
	vol_list_clear(&l);
	/* upload: a missing file, one larger than the volume: nothing sent */
	expect(storage_vol_upload(conn, "pool-a", "new.qcow2", "/nonexistent",
	    NULL, NULL, &msg), -1, &msg, "Cannot read '/nonexistent'");
	fd = mkstemp(big);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)2 << 30), 0);
	close(fd);
	expect(storage_vol_upload(conn, "pool-a", "new.qcow2", big, NULL, NULL,
	    &msg), -1, &msg, "(2 GiB) is larger than volume 'new.qcow2' (1 GiB): "
	    "nothing was sent");
	unlink(big);
	virConnectClose(conn);
}

/* The leases' JSON (the test driver has no DHCP) read back by jq: a
 * hostname of 5,000 bytes, one with a character of every Unicode plane,
 * and one with bytes that are not UTF-8 come out as valid JSON, the first
 * two whole. */
static void
test_leases_json(void **state)
{
	char *longname = xcalloc(5001, 1), planes[128] = "p";
	char mac[] = "52:54:00:00:00:01", ip[] = "10.0.0.2";
	char bad[] = "bad\xff\xc0\x80x";
	struct net_lease ls[3] = {
		{ mac, ip, longname, 24, 0 },
		{ mac, ip, planes, 24, 0 },
		{ mac, ip, bad, 24, 0 },
	};
	struct net_leases l = { ls, 3 };
	char path[] = "/tmp/vmdeck-leases-XXXXXX", cmd[512];
	char *j;
	FILE *f;
	int fd;

	(void)state;
	memset(longname, 'h', 5000);
	for (uint32_t p = 0; p <= 16; p++)
		fmt_utf8(p * 0x10000 + 0x100, planes + strlen(planes));
	if (system("command -v jq >/dev/null 2>&1") != 0) {
		print_message("SKIPPED: no jq\n");
		free(longname);
		return;
	}
	j = net_leases_json(&l);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fputs(j, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "jq -e '(.[0].hostname | length) == 5000 "
	    "and (.[1].hostname | utf8bytelength) == %zu and .[2].hostname == "
	    "\"bad\\ufffd\\ufffd\\ufffdx\"' %s >/dev/null", strlen(planes),
	    path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
	free(j);
	free(longname);
}

static void
test_networks(void **state)
{
	virConnectPtr conn = fresh();
	struct net_list l;
	struct net_ifaces ifs;
	virDomainPtr dom;
	char *err = NULL, *msg = NULL, *j;
	uint32_t a;
	int p;
	const char *why;

	(void)state;
	assert_int_equal(net_list_read(conn, &l, &err), 0);
	assert_int_equal(l.count, 1);
	assert_string_equal(l.n[0].name, "lan");
	assert_string_equal(l.n[0].bridge, "virbr7");
	assert_string_equal(l.n[0].forward, "nat");
	assert_string_equal(l.n[0].subnet, "10.1.0.0/24");
	assert_string_equal(l.n[0].dhcp, "10.1.0.2-10.1.0.254");
	j = net_list_json(&l);
	assert_string_equal(j, "[{\"name\":\"lan\",\"active\":true,"
	    "\"autostart\":false,\"persistent\":true,\"bridge\":\"virbr7\","
	    "\"forward\":\"nat\",\"subnet\":\"10.1.0.0/24\",\"dhcp\":"
	    "\"10.1.0.2-10.1.0.254\"}]\n");
	free(j);
	net_list_clear(&l);
	/* subnets: parsed, overlaps refused */
	assert_true(net_parse_cidr("10.7.3.9/24", &a, &p, &why));
	assert_true(a == 0x0a070300u && p == 24);
	assert_false(net_parse_cidr("10.7.3.0", &a, &p, &why));
	assert_false(net_parse_cidr("10.7.3.0/31", &a, &p, &why));
	assert_false(net_parse_cidr("fe80::/64", &a, &p, &why));
	assert_true(net_overlaps(0x0a010000u, 16, 0x0a010200u, 24));
	assert_false(net_overlaps(0x0a010000u, 24, 0x0a010100u, 24));
	expect(net_define_nat(conn, "lan2", "10.1.0.128/25", NULL, &msg), -1,
	    &msg, "Subnet 10.1.0.128/25 overlaps network 'lan' (10.1.0.0/24)");
	/* DHCP ranges: inside the subnet, in order, clear of the network's,
	 * the host's and the broadcast address */
	static const struct { const char *range, *why; } bad[] = {
		{ "10.2.0.100", "not START-END" },
		{ "10.2.0.100-10.2.0.x", "not two IPv4 addresses" },
		{ "10.2.0.100-10.2.1.5", "not inside the subnet" },
		{ "10.2.0.200-10.2.0.100", "its start is after its end" },
		{ "10.2.0.1-10.2.0.100", "it takes the network's, the host's "
		    "or the broadcast address" },
		{ "10.2.0.100-10.2.0.255", "it takes the network's, the host's "
		    "or the broadcast address" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *want = xasprintf("DHCP range '%s' cannot be used on "
		    "10.2.0.0/24: %s", bad[i].range, bad[i].why);

		expect(net_define_nat(conn, "lan2", "10.2.0.0/24", bad[i].range,
		    &msg), -1, &msg, want);
		free(want);
	}
	expect(net_define_nat(conn, "lan2", "10.2.0.0/24", NULL, &msg), 0, &msg,
	    "Defined NAT network 'lan2' on 10.2.0.0/24 (the host at 10.2.0.1, "
	    "DHCP 10.2.0.2-10.2.0.254)");
	expect(net_define_nat(conn, "lan2", "10.3.0.0/24", NULL, &msg), -1,
	    &msg, "has a network called 'lan2' already");
	expect(net_define_nat(conn, "lan3", "10.3.0.0/24", "10.3.0.100-10.3.0.199",
	    &msg), 0, &msg, "(the host at 10.3.0.1, DHCP "
	    "10.3.0.100-10.3.0.199)");
	assert_int_equal(net_list_read(conn, &l, &msg), 0);
	for (size_t i = 0; i < l.count; i++)
		if (strcmp(l.n[i].name, "lan3") == 0)
			assert_string_equal(l.n[i].dhcp, "10.3.0.100-10.3.0.199");
	net_list_clear(&l);
	/* a network a running VM is on is not stopped; one a VM names is
	 * not deleted */
	dom = virDomainLookupByName(conn, "web");
	assert_non_null(dom);
	/* (a node file's domains start running) */
	assert_true(virDomainIsActive(dom) == 1 || virDomainCreate(dom) == 0);
	expect(net_act(conn, "lan", NET_STOP, &msg), -1, &msg,
	    "VM 'web' runs on it and would lose its network");
	expect(net_act(conn, "lan", NET_DELETE, &msg), -1, &msg,
	    "VM 'web' has an interface on it");
	expect(net_act(conn, "lan2", NET_STOP, &msg), 0, &msg,
	    "Stopped network 'lan2'.");
	expect(net_act(conn, "lan2", NET_DELETE, &msg), 0, &msg,
	    "Removed network 'lan2'.");
	/* the VM's interface with what the driver hands out, and where from */
	assert_int_equal(net_addresses(dom, &ifs, &err), 0);
	assert_int_equal(ifs.n, 1);
	assert_string_equal(ifs.i[0].mac, "52:54:00:aa:bb:01");
	assert_string_equal(ifs.i[0].source, "lan");
	assert_string_equal(ifs.i[0].model, "virtio");
	assert_non_null(ifs.source);
	assert_non_null(net_first_ip(&ifs));
	j = net_ifaces_json("web", &ifs);
	assert_non_null(strstr(j, "{\"vm\":\"web\",\"source\":\""));
	assert_non_null(strstr(j, "\"interfaces\":[{\"mac\":\"52:54:00:aa:bb:"
	    "01\",\"network\":\"lan\",\"model\":\"virtio\""));
	free(j);
	net_ifaces_clear(&ifs);
	virDomainDestroy(dom);
	/* shut off: the interfaces, no addresses */
	assert_int_equal(net_addresses(dom, &ifs, &err), 0);
	assert_int_equal(ifs.n, 1);
	assert_int_equal(ifs.i[0].naddrs, 0);
	assert_null(ifs.source);
	net_ifaces_clear(&ifs);
	virDomainFree(dom);
	virConnectClose(conn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pools),
		cmocka_unit_test(test_volumes),
		cmocka_unit_test(test_networks),
		cmocka_unit_test(test_leases_json),
	};
	char dir[] = "/tmp/vmdeck-storage-XXXXXX";
	FILE *f;
	int rc;

	virSetErrorFunc(NULL, quiet);
	xmlutil_init();
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(node_path, sizeof node_path, "%s/node.xml", dir);
	f = fopen(node_path, "w");
	if (f == NULL || fputs(node, f) < 0 || fclose(f) != 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(node_path);
	rmdir(dir);
	return rc;
}
