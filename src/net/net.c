/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "../core/virterr.h"
#include "../core/xmlutil.h"
#include "../util/fmt.h"
#include "../util/xalloc.h"

static FILE *
json_open(char **text, size_t *len)
{
	FILE *f = open_memstream(text, len);

	if (f == NULL)
		fatal("out of memory");
	return f;
}

static char *
json_close(FILE *f, char *const *text)
{
	if (fclose(f) != 0)
		fatal("out of memory");
	return *text;
}

static char *
fail(const char *what, const char *name)
{
	char *why = virterr_take(), *m = xasprintf("%s '%s': %s", what, name,
	    why);

	free(why);
	return m;
}

/* --- networks ------------------------------------------------------------ */

static uint32_t
prefix_mask(int prefix)
{
	return prefix <= 0 ? 0 : prefix >= 32 ? 0xffffffffu :
	    ~((1u << (32 - prefix)) - 1);
}

void
net_info_from_xml(struct net_info *n, const char *xml)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, ip, c;

	n->bridge = xmlutil_prop(xmlutil_child(root, "bridge"), "name");
	n->forward = xmlutil_prop(xmlutil_child(root, "forward"), "mode");
	if (n->forward == NULL && xmlutil_child(root, "forward") != NULL)
		n->forward = xstrdup("nat");	/* libvirt's default mode */
	for (ip = root ? root->children : NULL; ip != NULL; ip = ip->next) {
		char *addr, *pfx, *mask, *fam;
		struct in_addr a;
		int prefix = -1;

		if (ip->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(ip->name, BAD_CAST "ip") != 0)
			continue;
		fam = xmlutil_prop(ip, "family");
		addr = xmlutil_prop(ip, "address");
		pfx = xmlutil_prop(ip, "prefix");
		mask = xmlutil_prop(ip, "netmask");
		if ((fam == NULL || strcmp(fam, "ipv4") == 0) && addr != NULL &&
		    inet_pton(AF_INET, addr, &a) == 1) {
			struct in_addr m;

			if (pfx != NULL)
				prefix = atoi(pfx);
			else if (mask != NULL && inet_pton(AF_INET, mask, &m) == 1)
				prefix = __builtin_popcount(ntohl(m.s_addr));
			else
				prefix = 24;
			uint32_t net = ntohl(a.s_addr) & prefix_mask(prefix);
			struct in_addr na = { htonl(net) };
			char buf[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &na, buf, sizeof buf);
			if (n->subnet == NULL)
				n->subnet = xasprintf("%s/%d", buf, prefix);
			c = xmlutil_child(xmlutil_child(ip, "dhcp"), "range");
			if (c != NULL && n->dhcp == NULL) {
				char *s = xmlutil_prop(c, "start");
				char *e = xmlutil_prop(c, "end");

				if (s && e)
					n->dhcp = xasprintf("%s-%s", s, e);
				free(s);
				free(e);
			}
		}
		free(fam);
		free(addr);
		free(pfx);
		free(mask);
	}
	if (doc != NULL)
		xmlFreeDoc(doc);
}

static void
net_info_clear(struct net_info *n)
{
	free(n->name);
	free(n->bridge);
	free(n->forward);
	free(n->subnet);
	free(n->dhcp);
}

void
net_list_clear(struct net_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		net_info_clear(&l->n[i]);
	free(l->n);
	memset(l, 0, sizeof *l);
}

static int
net_cmp(const void *a, const void *b)
{
	return strcmp(((const struct net_info *)a)->name,
	    ((const struct net_info *)b)->name);
}

int
net_list_read(virConnectPtr conn, struct net_list *l, char **err)
{
	virNetworkPtr *nets = NULL;
	int n = virConnectListAllNetworks(conn, &nets, 0);

	memset(l, 0, sizeof *l);
	if (n < 0) {
		char *why = virterr_take();

		*err = xasprintf("Could not list the networks: %s", why);
		free(why);
		return -1;
	}
	l->n = xcalloc(n ? (size_t)n : 1, sizeof *l->n);
	for (int i = 0; i < n; i++) {
		struct net_info *ni = &l->n[l->count++];
		char *xml = virNetworkGetXMLDesc(nets[i], 0);
		int as = 0;

		ni->name = xstrdup(virNetworkGetName(nets[i]));
		net_info_from_xml(ni, xml);
		free(xml);
		ni->active = virNetworkIsActive(nets[i]) == 1;
		ni->persistent = virNetworkIsPersistent(nets[i]) == 1;
		if (virNetworkGetAutostart(nets[i], &as) == 0)
			ni->autostart = as != 0;
		virResetLastError();
		virNetworkFree(nets[i]);
	}
	free(nets);
	qsort(l->n, l->count, sizeof *l->n, net_cmp);
	return 0;
}

char *
net_list_json(const struct net_list *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = json_open(&text, &len);

	fputc('[', f);
	for (size_t i = 0; i < l->count; i++) {
		const struct net_info *n = &l->n[i];

		fprintf(f, "%s{\"name\":", i ? "," : "");
		fmt_json_str(f, n->name);
		fprintf(f, ",\"active\":%s,\"autostart\":%s,\"persistent\":%s,"
		    "\"bridge\":", n->active ? "true" : "false",
		    n->autostart ? "true" : "false",
		    n->persistent ? "true" : "false");
		fmt_json_str(f, n->bridge);
		fputs(",\"forward\":", f);
		fmt_json_str(f, n->forward);
		fputs(",\"subnet\":", f);
		fmt_json_str(f, n->subnet);
		fputs(",\"dhcp\":", f);
		fmt_json_str(f, n->dhcp);
		fputc('}', f);
	}
	fputs("]\n", f);
	return json_close(f, &text);
}

/* --- leases -------------------------------------------------------------- */

void
net_leases_clear(struct net_leases *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->l[i].mac);
		free(l->l[i].ip);
		free(l->l[i].hostname);
	}
	free(l->l);
	memset(l, 0, sizeof *l);
}

int
net_leases_read(virConnectPtr conn, const char *net, struct net_leases *out,
    char **err)
{
	virNetworkPtr n = virNetworkLookupByName(conn, net);
	virNetworkDHCPLeasePtr *leases = NULL;
	int k;

	memset(out, 0, sizeof *out);
	if (n == NULL) {
		virResetLastError();
		*err = xasprintf("No network called '%s' on this host (vmdeck net "
		    "list shows them).", net);
		return -1;
	}
	k = virNetworkGetDHCPLeases(n, NULL, &leases, 0);
	if (k < 0) {
		*err = fail("Could not read the DHCP leases of network", net);
		virNetworkFree(n);
		return -1;
	}
	out->l = xcalloc(k ? (size_t)k : 1, sizeof *out->l);
	for (int i = 0; i < k; i++) {
		struct net_lease *l = &out->l[out->n++];

		l->mac = xstrdup(leases[i]->mac ? leases[i]->mac : "");
		l->ip = xstrdup(leases[i]->ipaddr ? leases[i]->ipaddr : "");
		l->hostname = leases[i]->hostname ?
		    xstrdup(leases[i]->hostname) : NULL;
		l->prefix = (int)leases[i]->prefix;
		l->expiry = (int64_t)leases[i]->expirytime;
		virNetworkDHCPLeaseFree(leases[i]);
	}
	free(leases);
	virNetworkFree(n);
	return 0;
}

char *
net_leases_json(const struct net_leases *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = json_open(&text, &len);

	fputc('[', f);
	for (size_t i = 0; i < l->n; i++) {
		fprintf(f, "%s{\"mac\":", i ? "," : "");
		fmt_json_str(f, l->l[i].mac);
		fputs(",\"ip\":", f);
		fmt_json_str(f, l->l[i].ip);
		fprintf(f, ",\"prefix\":%d,\"hostname\":", l->l[i].prefix);
		fmt_json_str(f, l->l[i].hostname);
		fprintf(f, ",\"expiry\":%lld}", (long long)l->l[i].expiry);
	}
	fputs("]\n", f);
	return json_close(f, &text);
}

/* --- actions ------------------------------------------------------------- */

/* A VM whose definition (running ones: only running, when running_only)
 * has an interface on the network net; NULL when none. */
static char *
net_user(virConnectPtr conn, const char *net, bool running_only)
{
	virDomainPtr *doms = NULL;
	int n = virConnectListAllDomains(conn, &doms, running_only ?
	    VIR_CONNECT_LIST_DOMAINS_ACTIVE : 0);
	char *who = NULL, *xpath = xasprintf("//interface[@type='network']/"
	    "source[@network='%s']", net);

	if (n < 0)
		virResetLastError();
	for (int i = 0; i < n; i++) {
		char *xml = who ? NULL : virDomainGetXMLDesc(doms[i], 0);
		xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
		xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
		xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression(BAD_CAST xpath,
		    ctx) : NULL;

		if (o != NULL && o->nodesetval && o->nodesetval->nodeNr > 0)
			who = xstrdup(virDomainGetName(doms[i]));
		xmlXPathFreeObject(o);
		xmlXPathFreeContext(ctx);
		if (doc != NULL)
			xmlFreeDoc(doc);
		free(xml);
		virDomainFree(doms[i]);
	}
	free(doms);
	free(xpath);
	virResetLastError();
	return who;
}

int
net_act(virConnectPtr conn, const char *net, enum net_action a, char **msg)
{
	virNetworkPtr n = virNetworkLookupByName(conn, net);
	char *who = NULL;
	int rc = 0;

	if (n == NULL) {
		virResetLastError();
		*msg = xasprintf("No network called '%s' on this host (vmdeck net "
		    "list shows them).", net);
		return -1;
	}
	switch (a) {
	case NET_START:
		if (virNetworkIsActive(n) == 1)
			*msg = xasprintf("Network '%s' is running already.", net);
		else if (virNetworkCreate(n) < 0)
			rc = -1, *msg = fail("Could not start network", net);
		else
			*msg = xasprintf("Started network '%s'.", net);
		break;
	case NET_STOP:
		if (virNetworkIsActive(n) != 1)
			*msg = xasprintf("Network '%s' is not running.", net);
		else if ((who = net_user(conn, net, true)) != NULL)
			rc = -1, *msg = xasprintf("Network '%s' is not stopped: "
			    "VM '%s' runs on it and would lose its network.", net,
			    who);
		else if (virNetworkDestroy(n) < 0)
			rc = -1, *msg = fail("Could not stop network", net);
		else
			*msg = xasprintf("Stopped network '%s'.", net);
		break;
	case NET_AUTOSTART:
	case NET_NO_AUTOSTART:
		if (virNetworkSetAutostart(n, a == NET_AUTOSTART) < 0)
			rc = -1, *msg = fail("Could not set autostart of network",
			    net);
		else
			*msg = xasprintf("Network '%s' %s with the host.", net,
			    a == NET_AUTOSTART ? "starts" : "no longer starts");
		break;
	case NET_DELETE:
		if ((who = net_user(conn, net, false)) != NULL)
			rc = -1, *msg = xasprintf("Network '%s' is not deleted: VM "
			    "'%s' has an interface on it.", net, who);
		else if (virNetworkIsActive(n) == 1 && virNetworkDestroy(n) < 0)
			rc = -1, *msg = fail("Could not stop network", net);
		else if (virNetworkIsPersistent(n) == 1 &&
		    virNetworkUndefine(n) < 0)
			rc = -1, *msg = fail("Could not remove network", net);
		else
			*msg = xasprintf("Removed network '%s'.", net);
		break;
	}
	free(who);
	virResetLastError();
	virNetworkFree(n);
	return rc;
}

bool
net_parse_cidr(const char *text, uint32_t *addr, int *prefix,
    const char **why)
{
	const char *slash = text ? strchr(text, '/') : NULL;
	char host[INET_ADDRSTRLEN + 1], *end;
	struct in_addr a;
	long p;

	if (slash == NULL || (size_t)(slash - text) >= sizeof host)
		return *why = "it is not ADDRESS/PREFIX (10.7.0.0/24)", false;
	memcpy(host, text, (size_t)(slash - text));
	host[slash - text] = '\0';
	if (inet_pton(AF_INET, host, &a) != 1)
		return *why = "its address is not an IPv4 address", false;
	p = strtol(slash + 1, &end, 10);
	if (*end != '\0' || end == slash + 1)
		return *why = "its prefix is not a number", false;
	if (p < 8 || p > 30)
		return *why = "its prefix is not between 8 and 30", false;
	*prefix = (int)p;
	*addr = ntohl(a.s_addr) & prefix_mask(*prefix);
	return true;
}

bool
net_overlaps(uint32_t a, int pa, uint32_t b, int pb)
{
	int p = pa < pb ? pa : pb;

	return (a & prefix_mask(p)) == (b & prefix_mask(p));
}

static void
ip_text(uint32_t ip, char *buf, size_t len)
{
	struct in_addr a = { htonl(ip) };

	inet_ntop(AF_INET, &a, buf, (socklen_t)len);
}

bool
net_parse_range(const char *text, uint32_t addr, int prefix,
    uint32_t *start, uint32_t *end, const char **why)
{
	const char *dash = strchr(text, '-');
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	struct in_addr ia, ib;
	uint32_t mask = prefix_mask(prefix), bcast = addr | ~mask;

	if (dash == NULL || (size_t)(dash - text) >= sizeof a ||
	    strlen(dash + 1) >= sizeof b)
		return *why = "not START-END (10.7.0.100-10.7.0.200)", false;
	snprintf(a, sizeof a, "%.*s", (int)(dash - text), text);
	snprintf(b, sizeof b, "%s", dash + 1);
	if (inet_pton(AF_INET, a, &ia) != 1 || inet_pton(AF_INET, b, &ib) != 1)
		return *why = "not two IPv4 addresses (10.7.0.100-10.7.0.200)",
		    false;
	*start = ntohl(ia.s_addr);
	*end = ntohl(ib.s_addr);
	if ((*start & mask) != addr || (*end & mask) != addr)
		return *why = "not inside the subnet", false;
	if (*start > *end)
		return *why = "its start is after its end", false;
	if (*start <= addr + 1 || *end >= bcast)
		return *why = "it takes the network's, the host's or the "
		    "broadcast address", false;
	return true;
}

int
net_define_nat(virConnectPtr conn, const char *name, const char *cidr,
    const char *range, char **msg)
{
	virNetworkPtr n = virNetworkLookupByName(conn, name);
	struct net_list l;
	uint32_t net, mask;
	int prefix;
	const char *why;
	char gw[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN], lo[INET_ADDRSTRLEN];
	char hi[INET_ADDRSTRLEN], *err = NULL, *xml;
	xmlDocPtr doc;
	xmlNodePtr root, ip, rnode;

	virResetLastError();
	if (n != NULL) {
		virNetworkFree(n);
		*msg = xasprintf("The host has a network called '%s' already.",
		    name);
		return -1;
	}
	if (name[0] == '\0' || strchr(name, '/') != NULL) {
		*msg = xasprintf("'%s' cannot name a network.", name);
		return -1;
	}
	if (!net_parse_cidr(cidr, &net, &prefix, &why)) {
		*msg = xasprintf("Subnet '%s' cannot be used: %s.", cidr, why);
		return -1;
	}
	if (net_list_read(conn, &l, &err) < 0) {
		*msg = err;
		return -1;
	}
	for (size_t i = 0; i < l.count; i++) {
		uint32_t other;
		int op;

		if (l.n[i].subnet != NULL &&
		    net_parse_cidr(l.n[i].subnet, &other, &op, &why) &&
		    net_overlaps(net, prefix, other, op)) {
			*msg = xasprintf("Subnet %s overlaps network '%s' (%s): "
			    "pick another.", cidr, l.n[i].name, l.n[i].subnet);
			net_list_clear(&l);
			return -1;
		}
	}
	net_list_clear(&l);
	mask = prefix_mask(prefix);
	uint32_t first = net + 2, last = (net | ~mask) - 1;

	if (range != NULL && *range != '\0' &&
	    !net_parse_range(range, net, prefix, &first, &last, &why)) {
		*msg = xasprintf("DHCP range '%s' cannot be used on %s: %s.",
		    range, cidr, why);
		return -1;
	}
	ip_text(net + 1, gw, sizeof gw);
	ip_text(mask, m, sizeof m);
	ip_text(first, lo, sizeof lo);
	ip_text(last, hi, sizeof hi);
	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "network");
	xmlDocSetRootElement(doc, root);
	xmlutil_add(root, "name", name);
	xmlutil_set(xmlutil_add(root, "forward", NULL), "mode", "nat");
	ip = xmlutil_add(root, "ip", NULL);
	xmlutil_set(ip, "address", gw);
	xmlutil_set(ip, "netmask", m);
	rnode = xmlutil_add(xmlutil_add(ip, "dhcp", NULL), "range", NULL);
	xmlutil_set(rnode, "start", lo);
	xmlutil_set(rnode, "end", hi);
	xml = xmlutil_dump(doc);
	n = virNetworkDefineXML(conn, xml);
	free(xml);
	if (n == NULL) {
		*msg = fail("Could not define network", name);
		return -1;
	}
	if (virNetworkCreate(n) < 0) {
		char *w = virterr_take();

		if (virNetworkUndefine(n) < 0)
			virResetLastError();
		*msg = xasprintf("Network '%s' did not start, so it was removed "
		    "again: %s", name, w);
		free(w);
		virNetworkFree(n);
		return -1;
	}
	if (virNetworkSetAutostart(n, 1) < 0)
		virResetLastError();
	*msg = xasprintf("Defined NAT network '%s' on %s (the host at %s, DHCP "
	    "%s-%s), started, and set to start with the host.", name, cidr, gw,
	    lo, hi);
	virNetworkFree(n);
	return 0;
}

/* --- a VM's addresses ---------------------------------------------------- */

void
net_ifaces_clear(struct net_ifaces *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->i[i].mac);
		free(l->i[i].source);
		free(l->i[i].model);
		free(l->i[i].name);
		for (size_t k = 0; k < l->i[i].naddrs; k++)
			free(l->i[i].addrs[k]);
		free(l->i[i].addrs);
	}
	free(l->i);
	memset(l, 0, sizeof *l);
}

/* The interfaces of the domain's XML; whether it has an agent channel. */
static void
ifaces_from_xml(const char *xml, struct net_ifaces *out, bool *agent)
{
	xmlDocPtr doc = xml ? xmlutil_parse(xml) : NULL;
	xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
	xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression(BAD_CAST
	    "/domain/devices/interface", ctx) : NULL, a;

	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		xmlNodePtr n = o->nodesetval->nodeTab[i], s;
		struct net_iface *f;

		out->i = xreallocarray(out->i, out->n + 1, sizeof *out->i);
		f = &out->i[out->n++];
		memset(f, 0, sizeof *f);
		f->mac = xmlutil_prop(xmlutil_child(n, "mac"), "address");
		s = xmlutil_child(n, "source");
		f->source = xmlutil_prop(s, "network");
		if (f->source == NULL)
			f->source = xmlutil_prop(s, "bridge");
		if (f->source == NULL)
			f->source = xmlutil_prop(s, "dev");
		f->model = xmlutil_prop(xmlutil_child(n, "model"), "type");
	}
	xmlXPathFreeObject(o);
	a = ctx ? xmlXPathEvalExpression(BAD_CAST "/domain/devices/channel/"
	    "target[@name='org.qemu.guest_agent.0']", ctx) : NULL;
	*agent = a != NULL && a->nodesetval && a->nodesetval->nodeNr > 0;
	xmlXPathFreeObject(a);
	xmlXPathFreeContext(ctx);
	if (doc != NULL)
		xmlFreeDoc(doc);
}

static struct net_iface *
iface_by_mac(struct net_ifaces *l, const char *mac)
{
	for (size_t i = 0; mac != NULL && i < l->n; i++)
		if (l->i[i].mac != NULL && strcasecmp(l->i[i].mac, mac) == 0)
			return &l->i[i];
	return NULL;
}

int
net_addresses(virDomainPtr dom, struct net_ifaces *out, char **err)
{
	static const struct { unsigned src; const char *name; } sources[] = {
		{ VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, "lease" },
		{ VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, "agent" },
		{ VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, "arp" },
	};
	char *xml = virDomainGetXMLDesc(dom, 0);
	bool agent = false;

	memset(out, 0, sizeof *out);
	if (xml == NULL) {
		char *why = virterr_take();

		*err = xasprintf("Could not read VM '%s': %s",
		    virDomainGetName(dom), why);
		free(why);
		return -1;
	}
	ifaces_from_xml(xml, out, &agent);
	free(xml);
	if (virDomainIsActive(dom) != 1) {
		virResetLastError();
		return 0;
	}
	for (size_t s = 0; s < 3 && out->source == NULL; s++) {
		virDomainInterfacePtr *ifs = NULL;
		int k;
		size_t found = 0;

		/* the agent only where the VM has its channel: asking one
		 * that is not there costs its timeout */
		if (sources[s].src == VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT &&
		    !agent)
			continue;
		k = virDomainInterfaceAddresses(dom, &ifs, sources[s].src, 0);
		if (k < 0)
			virResetLastError();
		for (int i = 0; i < k; i++) {
			struct net_iface *f = iface_by_mac(out, ifs[i]->hwaddr);

			if (f == NULL && ifs[i]->naddrs > 0 && ifs[i]->hwaddr &&
			    strcmp(ifs[i]->name ? ifs[i]->name : "", "lo") != 0) {
				/* one the agent knows and the XML does not */
				out->i = xreallocarray(out->i, out->n + 1,
				    sizeof *out->i);
				f = &out->i[out->n++];
				memset(f, 0, sizeof *f);
				f->mac = xstrdup(ifs[i]->hwaddr);
			}
			if (f != NULL && f->name == NULL && ifs[i]->name)
				f->name = xstrdup(ifs[i]->name);
			for (unsigned a = 0; f != NULL && a < ifs[i]->naddrs; a++) {
				f->addrs = xreallocarray(f->addrs, f->naddrs + 1,
				    sizeof *f->addrs);
				f->addrs[f->naddrs++] = xasprintf("%s/%u",
				    ifs[i]->addrs[a].addr, ifs[i]->addrs[a].prefix);
				found++;
			}
			virDomainInterfaceFree(ifs[i]);
		}
		free(ifs);
		if (found > 0)
			out->source = sources[s].name;
	}
	return 0;
}

const char *
net_first_ip(const struct net_ifaces *l)
{
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < l->i[i].naddrs; k++)
			if (strchr(l->i[i].addrs[k], ':') == NULL)
				return l->i[i].addrs[k];
	return NULL;
}

char *
net_ifaces_json(const char *vm, const struct net_ifaces *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = json_open(&text, &len);

	fputs("{\"vm\":", f);
	fmt_json_str(f, vm);
	fputs(",\"source\":", f);
	fmt_json_str(f, l->source);
	fputs(",\"interfaces\":[", f);
	for (size_t i = 0; i < l->n; i++) {
		const struct net_iface *n = &l->i[i];

		fprintf(f, "%s{\"mac\":", i ? "," : "");
		fmt_json_str(f, n->mac);
		fputs(",\"network\":", f);
		fmt_json_str(f, n->source);
		fputs(",\"model\":", f);
		fmt_json_str(f, n->model);
		fputs(",\"name\":", f);
		fmt_json_str(f, n->name);
		fputs(",\"addresses\":[", f);
		for (size_t k = 0; k < n->naddrs; k++) {
			fputs(k ? "," : "", f);
			fmt_json_str(f, n->addrs[k]);
		}
		fputs("]}", f);
	}
	fputs("]}\n", f);
	return json_close(f, &text);
}
