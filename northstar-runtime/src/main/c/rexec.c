/*
 * Self re-execution from a sealed memfd (container-lifecycle.md §20,
 * CVE-2019-5736): a container that could open /proc/<pid>/exe of one of our
 * processes must never reach a writable copy of the forker binary. After
 * this, /proc/self/exe of the forker, every init and every application
 * before its execve is an immutable anonymous file.
 */
#define _GNU_SOURCE
#include "fdio.h"
#include "forker.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern char **environ;

#define EXPECTED_SEALS (F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL)

static int
copy_all (int from, int to)
{
  char buf[65536];
  for (;;)
    {
      ssize_t n = read (from, buf, sizeof (buf)), off = 0;
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return (int) n;
      while (off < n)
        {
          ssize_t w = write (to, buf + off, (size_t) (n - off));
          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            return -1;
          off += w;
        }
    }
}

int
rexec_sealed (char **argv)
{
  int exe, memfd, seals;

  exe = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (exe < 0)
    {
      log_msg ("rexec: open /proc/self/exe: %s", strerror (errno));
      return -1;
    }
  /* only memfds support seals; a regular file answers EINVAL */
  seals = fcntl (exe, F_GET_SEALS);
  if (seals >= 0)
    {
      close (exe);
      if (seals != EXPECTED_SEALS)
        {
          log_msg ("rexec: /proc/self/exe is a memfd with seals 0x%x, expected 0x%x", seals, EXPECTED_SEALS);
          return -1;
        }
      return 0;
    }

  memfd = memfd_create ("northstar-forker", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (memfd < 0)
    {
      log_msg ("rexec: memfd_create: %s", strerror (errno));
      return -1;
    }
  if (copy_all (exe, memfd) < 0)
    {
      log_msg ("rexec: copy /proc/self/exe: %s", strerror (errno));
      return -1;
    }
  close (exe);
  if (fcntl (memfd, F_ADD_SEALS, EXPECTED_SEALS) < 0)
    {
      log_msg ("rexec: F_ADD_SEALS: %s", strerror (errno));
      return -1;
    }
  fexecve (memfd, argv, environ);
  log_msg ("rexec: fexecve: %s", strerror (errno));
  return -1;
}
