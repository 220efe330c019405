#include "virterr.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "../util/fmt.h"
#include "../util/xalloc.h"

static void
virterr_silent(void *opaque, virErrorPtr err)
{
	(void)opaque;
	(void)err;
}

void
virterr_install(void)
{
	virSetErrorFunc(NULL, virterr_silent);
}

char *
virterr_take(void)
{
	virErrorPtr err = virGetLastError();
	char *msg;

	if (err == NULL || err->message == NULL)
		return xstrdup("unknown error");
	/* the server's words: written out where they hold controls */
	msg = fmt_sanitize(err->message, true);
	virResetLastError();
	return msg;
}

bool
virterr_is_no_domain(void)
{
	virErrorPtr err = virGetLastError();

	return err != NULL && err->code == VIR_ERR_NO_DOMAIN;
}
