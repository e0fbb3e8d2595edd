/*
 * Logging and descriptor helpers used by the forker (forker.c), the
 * container's init (init.c) and the self re-execution (rexec.c).
 */
#define _GNU_SOURCE
#include "fdio.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

void
log_msg (const char *fmt, ...)
{
  char line[1024];
  va_list ap;
  int n;
  va_start (ap, fmt);
  n = vsnprintf (line, sizeof (line) - 1, fmt, ap);
  va_end (ap);
  if (n < 0)
    return;
  if ((size_t) n > sizeof (line) - 2)
    n = (int) sizeof (line) - 2;
  line[n++] = '\n';
  /* one write per line so lines of different processes do not interleave */
  if (write (STDERR_FILENO, "northstar-forker: ", 18) < 0 || write (STDERR_FILENO, line, (size_t) n) < 0)
    return;
}

static int
is_kept (int fd, const int *keep, size_t nkeep)
{
  size_t i;
  for (i = 0; i < nkeep; i++)
    if (keep[i] == fd)
      return 1;
  return 0;
}

int
close_fds_except (int lowfd, const int *keep, size_t nkeep)
{
  int fd, from = lowfd;
  long max;
  DIR *dir;

  /* close_range between the kept fds (Linux 5.9) */
  for (;;)
    {
      int next = -1;
      size_t i;
      for (i = 0; i < nkeep; i++)
        if (keep[i] >= from && (next < 0 || keep[i] < next))
          next = keep[i];
      if (next < 0)
        {
          if (syscall (SYS_close_range, (unsigned) from, ~0U, 0) < 0)
            break;
          return 0;
        }
      if (next > from && syscall (SYS_close_range, (unsigned) from, (unsigned) next - 1, 0) < 0)
        break;
      from = next + 1;
    }
  if (errno != ENOSYS)
    return -1;

  /* older kernels: walk /proc/self/fd if there is one, else brute force */
  dir = opendir ("/proc/self/fd");
  if (dir != NULL)
    {
      int dfd = dirfd (dir), cnt = 0, fds[4096];
      struct dirent *de;
      while ((de = readdir (dir)) != NULL && cnt < 4096)
        {
          fd = atoi (de->d_name);
          if (de->d_name[0] != '.' && fd >= lowfd && fd != dfd && !is_kept (fd, keep, nkeep))
            fds[cnt++] = fd;
        }
      closedir (dir);
      while (cnt > 0)
        close (fds[--cnt]);
      return 0;
    }
  max = sysconf (_SC_OPEN_MAX);
  if (max < 0 || max > 1 << 20)
    max = 1 << 20;
  for (fd = lowfd; fd < max; fd++)
    if (!is_kept (fd, keep, nkeep))
      close (fd);
  return 0;
}

