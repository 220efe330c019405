/*
 * fdio — writing to a file descriptor the careful way, once for all.
 */
#ifndef VMDECK_UTIL_FDIO_H
#define VMDECK_UTIL_FDIO_H

#include <stddef.h>

/* Write all n bytes of buf to fd (blocking), past EINTR and short writes.
 * Returns 0, or -1 with errno set (EIO when the fd takes nothing). */
int fdio_write_all(int fd, const void *buf, size_t n);

#endif
