/*
 * Logging and descriptor helpers shared by forker.c, init.c and rexec.c
 * (fdio.c). No other file's functions are used here.
 */
#ifndef NORTHSTAR_FDIO_H
#define NORTHSTAR_FDIO_H

#include <stddef.h>

/* Logs to stderr with a "northstar-forker:" prefix (the runtime logs it). */
void log_msg (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* Closes every fd >= lowfd that is not listed in keep. */
int close_fds_except (int lowfd, const int *keep, size_t nkeep);

#endif
