/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Copyright (C) 2026 the vmdeck authors */
#include "accel.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "../util/paths.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"
#include "../core/virterr.h"

#define ACCEL_CHECK_MS 1500	/* how long the check guest must live */

/* one process-wide lock: the cache file is shared by every host worker */
static pthread_mutex_t accel_lock = PTHREAD_MUTEX_INITIALIZER;

char *
accel_cache_path(void)
{
	return paths_cache("accel");
}

/* The host's identity for the cache: "URI\tQEMU-version". Caller frees. */
static char *
accel_key(virConnectPtr conn)
{
	char *uri = virConnectGetURI(conn);
	unsigned long v = 0;
	char *key;

	if (virConnectGetVersion(conn, &v) < 0)
		virResetLastError();
	key = xasprintf("%s\t%lu", uri ? uri : "?", v);
	free(uri);
	return key;
}

/* The cached answer for key: 1 KVM works, 0 it does not (*why set, caller
 * frees), -1 not known. */
static int
accel_cache_get(const char *key, char **why)
{
	char *path = accel_cache_path(), line[2048];
	size_t klen = strlen(key);
	FILE *f = fopen(path, "r");
	int r = -1;

	free(path);
	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		char *v, *reason;

		if (strncmp(line, key, klen) != 0 || line[klen] != '\t')
			continue;
		line[strcspn(line, "\n")] = '\0';
		v = line + klen + 1;
		reason = strchr(v, '\t');
		if (reason != NULL)
			*reason++ = '\0';
		r = strcmp(v, "kvm") == 0;
		if (why != NULL) {
			free(*why);
			*why = xstrdup(reason ? reason : "");
		}
	}
	if (f != NULL)
		fclose(f);
	return r;
}

static void
accel_cache_put(const char *key, bool kvm, const char *why)
{
	char *path = accel_cache_path(), *tmp = xasprintf("%s.tmp", path);
	size_t klen = strlen(key);
	FILE *in, *out;
	char line[2048];

	if (paths_mkdir_parents(path) < 0 || (out = fopen(tmp, "w")) == NULL)
		goto done;
	in = fopen(path, "r");
	while (in != NULL && fgets(line, sizeof line, in) != NULL)
		if (strncmp(line, key, klen) != 0 || line[klen] != '\t')
			fputs(line, out);
	if (in != NULL)
		fclose(in);
	/* one line: no tabs or newlines inside the reason */
	fprintf(out, "%s\t%s\t", key, kvm ? "kvm" : "tcg");
	for (const char *p = why ? why : ""; *p; p++)
		fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, out);
	fputc('\n', out);
	if (fclose(out) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
done:
	free(tmp);
	free(path);
}

void
accel_remember(virConnectPtr conn, bool kvm_works, const char *why)
{
	char *key = accel_key(conn);

	pthread_mutex_lock(&accel_lock);
	accel_cache_put(key, kvm_works, why);
	pthread_mutex_unlock(&accel_lock);
	free(key);
}

bool
accel_kvm_failure(const char *m)
{
	static const char *const words[] = {
		"KVM", "/dev/kvm", "failed to set MSR", "kvm_init_vcpu",
		"kvm_buf_set_msrs",
	};

	if (m == NULL)
		return false;
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(m, words[i]) != NULL)
			return true;
	return false;
}

/* Start a transient KVM guest with no disks for ACCEL_CHECK_MS: 1 when it
 * keeps running, 0 when it fails or dies (*why set, caller frees). */
static int
accel_check(virConnectPtr conn, const char *arch, const char *machine,
    char **why)
{
	struct vmspec spec;
	char *xml;

	/* the domain vmdeck would make, CPU passthrough included (that is
	 * where nested KVM fails: "failed to set MSR 0x10a"), minus disks */
	vmspec_init(&spec);
	spec.name = xasprintf("vmdeck-kvm-check-%ld", (long)getpid());
	free(spec.arch);
	spec.arch = xstrdup(arch ? arch : "x86_64");
	if (machine != NULL) {
		free(spec.machine);
		spec.machine = xstrdup(machine);
	}
	spec.memory_kib = 32 * 1024;
	spec.serial = false;
	xml = vmspec_to_xml(&spec, "kvm");
	vmspec_free(&spec);
	virDomainPtr dom = virDomainCreateXML(conn, xml, VIR_DOMAIN_NONE);
	int64_t until = time_mono_ms() + ACCEL_CHECK_MS;
	int alive = 1;

	free(xml);
	if (dom == NULL) {
		*why = virterr_take();
		return 0;
	}
	while (alive && time_mono_ms() < until) {
		int state = 0, reason = 0;

		if (virDomainGetState(dom, &state, &reason, 0) < 0) {
			/* a transient domain that died is gone */
			virResetLastError();
			alive = 0;
		} else if (state != VIR_DOMAIN_RUNNING &&
		    state != VIR_DOMAIN_PAUSED && state != VIR_DOMAIN_BLOCKED)
			alive = 0;
		else
			time_sleep_ms(100);
	}
	if (!alive)
		*why = xstrdup("a KVM guest stopped at once after starting "
		    "(see /var/log/libvirt/qemu/vmdeck-kvm-check-*.log on the "
		    "host)");
	if (virDomainDestroy(dom) < 0)
		virResetLastError();
	virDomainFree(dom);
	return alive;
}

const char *
accel_decide(virConnectPtr conn, enum vmspec_accel setting, const char *arch,
    const char *machine, char **reason)
{
	char *caps, *why = NULL, *key;
	int works;

	if (setting == VMSPEC_ACCEL_TCG) {
		if (reason != NULL)
			*reason = xstrdup("TCG (software emulation, slow): set "
			    "for this host or VM.");
		return "qemu";
	}
	if (setting == VMSPEC_ACCEL_KVM) {
		if (reason != NULL)
			*reason = xstrdup("KVM: set for this host or VM.");
		return "kvm";
	}
	caps = virConnectGetDomainCapabilities(conn, NULL, arch, machine,
	    "kvm", 0);
	if (caps == NULL) {
		char *e = virterr_take();

		if (reason != NULL)
			*reason = xasprintf("TCG (software emulation, slow): this "
			    "host's QEMU offers no KVM (%s).", e);
		free(e);
		return "qemu";
	}
	free(caps);
	key = accel_key(conn);
	pthread_mutex_lock(&accel_lock);
	works = accel_cache_get(key, &why);
	if (works < 0) {
		works = accel_check(conn, arch, machine, &why);
		accel_cache_put(key, works == 1, why);
	}
	pthread_mutex_unlock(&accel_lock);
	free(key);
	/* one line: QEMU's message has several */
	for (char *p = why; p != NULL && *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	if (reason != NULL)
		*reason = works ? xstrdup("KVM: checked on this host, a KVM "
		    "guest runs.") : xasprintf("TCG (software emulation, slow): "
		    "KVM is offered but fails to run a guest here: %s",
		    why ? why : "reason unknown");
	free(why);
	return works ? "kvm" : "qemu";
}
