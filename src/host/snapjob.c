#include "snapjob.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/virterror.h>

#include "../core/virterr.h"
#include "../util/timeutil.h"
#include "../util/xalloc.h"

struct snapjob {
	atomic_int refs;		/* the UI's and the worker's */
	pthread_mutex_t lock;		/* guards done and res */
	bool done;
	struct snapjob_result res;
	struct snapjob_args a;		/* its strings: the two below */
	char *name, *description;
	char *uuid;
	struct evq *q;
	int64_t started;
};

static void
snapjob_unref(struct snapjob *j)
{
	if (atomic_fetch_sub(&j->refs, 1) != 1)
		return;
	snapjob_result_clear(&j->res);
	free(j->name);
	free(j->description);
	free(j->uuid);
	pthread_mutex_destroy(&j->lock);
	free(j);
}

void
snapjob_result_clear(struct snapjob_result *r)
{
	free(r->msg);
	snap_list_clear(&r->list);
	snap_files_clear(&r->files);
	memset(r, 0, sizeof *r);
}

/* On the worker: the job itself. */
static void
snapjob_run(virConnectPtr conn, const char *why, void *ctx)
{
	struct snapjob *j = ctx;
	struct snapjob_result r = { 0 };
	virDomainPtr dom = conn ? virDomainLookupByUUIDString(conn, j->uuid) :
	    NULL;
	char *err = NULL;

	if (dom == NULL) {
		char *e = conn ? virterr_take() : NULL;

		r.msg = conn ? xasprintf("The VM is not there any more: %s", e) :
		    xstrdup(why ? why : "the host is not connected");
		free(e);
	} else {
		switch (j->a.kind) {
		case SNAPJOB_LIST:
			r.ok = snapshot_list(dom, &r.list, &err) == 0;
			r.msg = err;
			if (virConnectGetLibVersion(conn, &r.libvirt) < 0)
				virResetLastError();
			r.vm_active = virDomainIsActive(dom) == 1;
			break;
		case SNAPJOB_CREATE: {
			struct snap_request rq = { j->a.name, j->a.description,
			    j->a.disk_only, j->a.quiesce };

			r.ok = snapshot_create(dom, &rq, &r.msg) == 0;
			break;
		}
		case SNAPJOB_REVERT:
			r.ok = snapshot_revert(dom, j->a.name, j->a.paused,
			    &r.msg) == 0;
			break;
		case SNAPJOB_DELETE_PLAN:
			r.ok = snapshot_delete_plan(dom, j->a.name, j->a.flags,
			    &r.files, &err) == 0;
			r.msg = err;
			break;
		case SNAPJOB_DELETE:
			r.ok = snapshot_delete(dom, j->a.name, j->a.flags,
			    &r.msg) == 0;
			break;
		}
		virDomainFree(dom);
	}
	pthread_mutex_lock(&j->lock);
	j->res = r;
	j->done = true;
	pthread_mutex_unlock(&j->lock);
	evq_wake(j->q);
	snapjob_unref(j);
}

struct snapjob *
snapjob_start(struct host *h, struct evq *q, const char *uuid,
    const struct snapjob_args *a)
{
	struct snapjob *j = xcalloc(1, sizeof *j);

	atomic_init(&j->refs, 2);
	pthread_mutex_init(&j->lock, NULL);
	j->a = *a;
	j->a.name = j->name = a->name ? xstrdup(a->name) : NULL;
	j->a.description = j->description = a->description ?
	    xstrdup(a->description) : NULL;
	j->uuid = xstrdup(uuid);
	j->q = q;
	j->started = time_mono_ms();
	host_submit_call(h, snapjob_run, j);
	return j;
}

bool
snapjob_done(struct snapjob *j, struct snapjob_result *r)
{
	bool done;

	pthread_mutex_lock(&j->lock);
	done = j->done;
	if (done) {
		*r = j->res;
		memset(&j->res, 0, sizeof j->res);
	}
	pthread_mutex_unlock(&j->lock);
	return done;
}

int64_t
snapjob_started(const struct snapjob *j)
{
	return j->started;
}

void
snapjob_free(struct snapjob *j)
{
	if (j != NULL)
		snapjob_unref(j);
}
