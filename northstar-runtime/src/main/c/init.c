/*
 * The container's init (pid 1 of a fresh pid namespace) and the application
 * process it forks.
 *
 * init, in this order (docs/sandbox.md, "Init", with the deviations noted in
 * the runtime's docs):
 *   signals to default, close inherited fds, parent-death signal, name,
 *   join cgroups, setsid, network namespace, unshare mount/ipc/uts,
 *   make all mounts slaves, execute the mount list (every path resolved
 *   inside its root with openat2, mounted through the fd), pivot_root +
 *   detach the old root, chdir /, fork the application, drop every
 *   privilege and install init's own seccomp filter, let the application
 *   go on, reap children, report the application's exit. Whether execve
 *   succeeded the forker reads from the exec status pipe itself.
 *
 * application:
 *   parent-death signal, wait for init's go, fds 0..n-1 from the plan
 *   (everything else closed),
 *   setgroups/setresgid/setresuid (keeping capabilities), rlimits,
 *   scheduling, capabilities, no_new_privs, seccomp, execve.
 *
 * Any failing step is reported with its name and errno; init then exits and
 * the forker turns that into START_FAILED. Nothing here may return.
 */
#define _GNU_SOURCE
#include "fdio.h"
#include "forker.h"
#include "forker_protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* Where a failure is reported: init's channel to the forker, or (in the
 * application) the close-on-exec exec status pipe to the forker. */
static int report_fd = -1;

static void
send_msg (const struct init_msg *m)
{
  ssize_t r;
  do
    r = send (report_fd, m, sizeof (*m), MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
}

static void
write_msg (const struct init_msg *m)
{
  ssize_t r;
  do
    r = write (report_fd, m, sizeof (*m));
  while (r < 0 && errno == EINTR);
}

/* Reports step + errno (+ detail) and terminates the calling process. */
static void __attribute__ ((noreturn, format (printf, 3, 4)))
fail (int is_app, const char *step, const char *fmt, ...)
{
  struct init_msg m;
  va_list ap;
  int err = errno;

  memset (&m, 0, sizeof (m));
  m.type = INIT_MSG_FAILED;
  m.err = err;
  snprintf (m.step, sizeof (m.step), "%s", step);
  va_start (ap, fmt);
  vsnprintf (m.detail, sizeof (m.detail), fmt, ap);
  va_end (ap);
  if (is_app)
    write_msg (&m);
  else
    send_msg (&m);
  _exit (is_app ? 127 : 1);
}

#define INIT_FAIL(step, ...) fail (0, step, __VA_ARGS__)
#define APP_FAIL(step, ...) fail (1, step, __VA_ARGS__)

/* Signal dispositions and the mask survive fork and execve: undo what the
 * forker set up (blocked SIGCHLD, ignored SIGPIPE/SIGINT/SIGHUP). */
static void
reset_signals (void)
{
  sigset_t empty;
  int sig;
  for (sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      signal (sig, SIG_DFL); /* EINVAL for the reserved RT signals: harmless */
  sigemptyset (&empty);
  if (sigprocmask (SIG_SETMASK, &empty, NULL) < 0)
    INIT_FAIL ("sigprocmask", "%s", "");
}

static void
join_cgroups (const struct plan *p)
{
  uint32_t i;
  for (i = 0; i < p->ncgroup_procs; i++)
    {
      /* "0" means the writing process itself, whatever pid namespace it is in */
      int fd = open (p->cgroup_procs[i], O_WRONLY | O_CLOEXEC);
      if (fd < 0)
        INIT_FAIL ("open cgroup", "%s", p->cgroup_procs[i]);
      if (write (fd, "0", 1) != 1)
        INIT_FAIL ("join cgroup", "%s", p->cgroup_procs[i]);
      if (close (fd) < 0)
        INIT_FAIL ("join cgroup", "%s", p->cgroup_procs[i]);
    }
}

/* Applies to the next execve of this task and is inherited by the
 * application forked below; written while the host's /proc is visible. */
static void
set_selinux_exec (const struct plan *p)
{
  int fd;
  size_t n;
  if (p->selinux_exec == NULL)
    return;
  n = strlen (p->selinux_exec);
  fd = open ("/proc/thread-self/attr/exec", O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    INIT_FAIL ("open /proc/thread-self/attr/exec", "%s", p->selinux_exec);
  if (write (fd, p->selinux_exec, n) != (ssize_t) n)
    INIT_FAIL ("write /proc/thread-self/attr/exec", "%s", p->selinux_exec);
  close (fd);
}

static void
enter_network (const struct plan *p)
{
  int fd;
  switch (p->network)
    {
    case FORKER_NET_HOST:
      return;
    case FORKER_NET_JOIN:
      fd = open (p->netns, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        INIT_FAIL ("open netns", "%s", p->netns);
      if (setns (fd, CLONE_NEWNET) < 0)
        INIT_FAIL ("setns", "%s", p->netns);
      close (fd);
      return;
    default:
      if (unshare (CLONE_NEWNET) < 0)
        INIT_FAIL ("unshare", "CLONE_NEWNET");
    }
}

/* Paths of the image, of resources and of directories mounted earlier are
 * written by others: a symlink there must not move a mount out of the root
 * (CVE-2021-30465), and ".." stops at the root. */
#define RESOLVE_CONTAINED (RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)

/* An O_PATH descriptor of path below dirfd: what is checked is what is mounted. */
static int
resolve (int dirfd, const char *path, uint64_t how_resolve, uint64_t extra_flags)
{
  struct open_how how;
  int fd;
  memset (&how, 0, sizeof (how));
  how.flags = O_PATH | O_CLOEXEC | extra_flags;
  how.resolve = how_resolve;
  /* EAGAIN: a concurrent rename raced the lookup */
  do
    fd = (int) syscall (SYS_openat2, dirfd, path[0] != 0 ? path : ".", &how, sizeof (how));
  while (fd < 0 && errno == EAGAIN);
  return fd;
}

static void
fd_path (char *buf, size_t size, int fd)
{
  snprintf (buf, size, "/proc/self/fd/%d", fd);
}

/* Opens the source of m; -1 (and *name set) when it is not a path. */
static int
open_source (const struct mount_op *m, const char **name)
{
  struct stat st;
  int root, fd;
  *name = NULL;
  switch (m->source_kind)
    {
    case FORKER_SOURCE_NAME:
      *name = m->source;
      return -1;
    case FORKER_SOURCE_HOST:
      fd = resolve (AT_FDCWD, m->source, RESOLVE_NO_MAGICLINKS, 0);
      if (fd < 0)
        INIT_FAIL ("open mount source", "%s", m->source);
      return fd;
    case FORKER_SOURCE_BENEATH:
      root = resolve (AT_FDCWD, m->source_root, RESOLVE_NO_MAGICLINKS, O_DIRECTORY);
      if (root < 0)
        INIT_FAIL ("open mount source root", "%s", m->source_root);
      fd = resolve (root, m->source ? m->source : "", RESOLVE_CONTAINED, 0);
      if (fd < 0)
        INIT_FAIL ("open mount source", "%s in %s (symlinks are not followed)", m->source ? m->source : ".",
                   m->source_root);
      close (root);
      return fd;
    case FORKER_SOURCE_CHAR_DEVICE:
      /* CVE-2025-31133 class: whatever sits at the path must really be the
       * device, checked on the descriptor that is then bound */
      fd = resolve (AT_FDCWD, m->source, RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS, 0);
      if (fd < 0)
        INIT_FAIL ("open device", "%s", m->source);
      if (fstat (fd, &st) < 0)
        INIT_FAIL ("fstat device", "%s", m->source);
      if (!S_ISCHR (st.st_mode) || major (st.st_rdev) != m->major || minor (st.st_rdev) != m->minor)
        {
          errno = EPERM;
          INIT_FAIL ("verify device", "%s is not the character device %u:%u (mode 0%o, device %u:%u)", m->source,
                     m->major, m->minor, (unsigned) st.st_mode, major (st.st_rdev), minor (st.st_rdev));
        }
      return fd;
    default:
      return -1;
    }
}

/* Creates the missing target of m inside root, fd-relative: a directory, or
 * an empty file when the source is not a directory. */
static void
create_target (int root, const struct mount_op *m, int source)
{
  char parent[PATH_MAX];
  const char *name;
  struct stat st;
  char *slash;
  int dir, is_dir = 1;

  if (strlen (m->target) >= sizeof (parent))
    {
      errno = ENAMETOOLONG;
      INIT_FAIL ("create mount point", "%s", m->target);
    }
  strcpy (parent, m->target);
  slash = strrchr (parent, '/');
  if (slash != NULL)
    {
      *slash = 0;
      name = slash + 1;
    }
  else
    {
      parent[0] = 0;
      name = m->target;
    }
  dir = resolve (root, parent, RESOLVE_CONTAINED, O_DIRECTORY);
  if (dir < 0)
    INIT_FAIL ("open mount point parent", "%s (symlinks are not followed)", parent[0] ? parent : "/");
  if (source >= 0)
    {
      if (fstat (source, &st) < 0)
        INIT_FAIL ("fstat mount source", "%s", m->source ? m->source : "");
      is_dir = S_ISDIR (st.st_mode);
    }
  if (is_dir)
    {
      if (mkdirat (dir, name, 0755) < 0 && errno != EEXIST)
        INIT_FAIL ("mkdir mount point", "%s", m->target);
    }
  else
    {
      int fd = openat (dir, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
      if (fd < 0 && errno != EEXIST)
        INIT_FAIL ("create mount point", "%s", m->target);
      if (fd >= 0)
        close (fd);
    }
  close (dir);
}

/* Every call resolves its target anew inside a freshly opened root: the
 * previous call may have mounted over the root or a parent of the target. */
static void
do_mounts (const struct plan *p)
{
  uint32_t i;
  for (i = 0; i < p->nmounts; i++)
    {
      const struct mount_op *m = &p->mounts[i];
      char source_path[32], target_path[32];
      const char *name;
      int root, source, target;

      source = open_source (m, &name);
      if (source >= 0)
        {
          fd_path (source_path, sizeof (source_path), source);
          name = source_path;
        }
      root = resolve (AT_FDCWD, p->root, RESOLVE_NO_MAGICLINKS, O_DIRECTORY);
      if (root < 0)
        INIT_FAIL ("open root", "%s", p->root);
      target = resolve (root, m->target, RESOLVE_CONTAINED, 0);
      if (target < 0 && errno == ENOENT && m->target_mode == FORKER_TARGET_CREATE)
        {
          create_target (root, m, source);
          target = resolve (root, m->target, RESOLVE_CONTAINED, 0);
        }
      if (target < 0 && errno == ENOENT && m->target_mode == FORKER_TARGET_OPTIONAL)
        {
          if (source >= 0)
            close (source);
          close (root);
          continue;
        }
      if (target < 0)
        INIT_FAIL ("open mount target", "/%s in %s (symlinks are not followed)", m->target, p->root);
      fd_path (target_path, sizeof (target_path), target);
      if (mount (name, target_path, m->fstype, (unsigned long) m->flags, m->data) < 0)
        INIT_FAIL ("mount", "%s on %s/%s (type %s, flags 0x%llx)", m->source ? m->source : "none", p->root,
                   m->target, m->fstype ? m->fstype : "none", (unsigned long long) m->flags);
      close (target);
      close (root);
      if (source >= 0)
        close (source);
    }
}

/* pivot_root(".", ".") stacks the old root on top of the new one; detaching
 * "." then drops it. No chroot: that would leave the old root reachable. */
static void
enter_root (const struct plan *p)
{
  int fd = open (p->root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    INIT_FAIL ("open root", "%s", p->root);
  if (fchdir (fd) < 0)
    INIT_FAIL ("fchdir", "%s", p->root);
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    INIT_FAIL ("pivot_root", "%s", p->root);
  if (umount2 (".", MNT_DETACH) < 0)
    INIT_FAIL ("umount old root", "%s", "");
  if (close (fd) < 0)
    INIT_FAIL ("close root", "%s", "");
  if (chdir ("/") < 0)
    INIT_FAIL ("chdir", "/");
}

/* ---- application side --------------------------------------------------- */

/* Moves the plan's fds to 0..n-1. Sources may overlap targets, so first
 * park every source above all targets, then dup2 into place. */
static void
arrange_fds (const struct plan *p)
{
  int parked[FORKER_MAX_FDS];
  uint32_t i;
  int n = (int) p->nfds;
  int keep[1];
  /* the report pipe must survive until execve (it is close-on-exec) and
   * must not be overwritten by the dup2 calls below */
  if (report_fd < n)
    {
      int moved = fcntl (report_fd, F_DUPFD_CLOEXEC, n);
      if (moved < 0)
        APP_FAIL ("fcntl F_DUPFD", "report pipe");
      report_fd = moved;
    }
  for (i = 0; i < p->nfds; i++)
    {
      parked[i] = fcntl (p->fds[i], F_DUPFD_CLOEXEC, n);
      if (parked[i] < 0)
        APP_FAIL ("fcntl F_DUPFD", "fd %d", p->fds[i]);
    }
  for (i = 0; i < p->nfds; i++)
    if (dup2 (parked[i], (int) i) < 0) /* the copy at i is not close-on-exec */
      APP_FAIL ("dup2", "fd %d to %u", parked[i], i);
  keep[0] = report_fd;
  if (close_fds_except (n, keep, 1) < 0)
    APP_FAIL ("close fds", "from %d", n);
}

static int
last_cap (void)
{
  /* /proc may not be mounted in the new root: probe the bounding set */
  int cap = 0;
  while (cap < 63 && prctl (PR_CAPBSET_READ, cap + 1, 0, 0, 0) >= 0)
    cap++;
  return cap;
}

static void
set_caps (int is_app, uint64_t eff, uint64_t perm, uint64_t inh, const char *step)
{
  struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];
  data[0].effective = (uint32_t) eff;
  data[1].effective = (uint32_t) (eff >> 32);
  data[0].permitted = (uint32_t) perm;
  data[1].permitted = (uint32_t) (perm >> 32);
  data[0].inheritable = (uint32_t) inh;
  data[1].inheritable = (uint32_t) (inh >> 32);
  if (syscall (SYS_capset, &hdr, data) < 0)
    fail (is_app, step, "effective 0x%llx permitted 0x%llx inheritable 0x%llx", (unsigned long long) eff,
              (unsigned long long) perm, (unsigned long long) inh);
}

/* effective = permitted (what the forker itself holds; its bounding set may
 * be smaller than the kernel's) */
static void
restore_effective (void)
{
  struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];
  uint64_t perm;
  if (syscall (SYS_capget, &hdr, data) < 0)
    APP_FAIL ("capget", "%s", "");
  perm = ((uint64_t) data[1].permitted << 32) | data[0].permitted;
  set_caps (1, perm, perm, 0, "capset restore effective");
}

/* Supplementary groups, gid, then uid: the uid goes last because it takes
 * away the right to change the others. A failure is the step of the
 * application (is_app) or of init itself, named with the caller's prefix. */
static void
change_ids (const struct plan *p, int is_app, const char *prefix)
{
  char step[64];

  snprintf (step, sizeof (step), "%ssetgroups", prefix);
  if (setgroups (p->ngroups, p->groups) < 0)
    fail (is_app, step, "%u groups", p->ngroups);
  snprintf (step, sizeof (step), "%ssetresgid", prefix);
  if (setresgid (p->gid, p->gid, p->gid) < 0)
    fail (is_app, step, "%u", p->gid);
  snprintf (step, sizeof (step), "%ssetresuid", prefix);
  if (setresuid (p->uid, p->uid, p->uid) < 0)
    fail (is_app, step, "%u", p->uid);
}

static void
set_ids (const struct plan *p)
{
  /* keep the permitted set across the uid change; restored to effective below */
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    APP_FAIL ("prctl PR_SET_KEEPCAPS", "%s", "");
  change_ids (p, 1, "");
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    APP_FAIL ("prctl PR_SET_KEEPCAPS", "%s", "");
}

static void
set_rlimits (const struct plan *p)
{
  uint32_t i;
  for (i = 0; i < p->nrlimits; i++)
    {
      struct rlimit rl;
      rl.rlim_cur = p->rlimits[i].soft == UINT64_MAX ? RLIM_INFINITY : (rlim_t) p->rlimits[i].soft;
      rl.rlim_max = p->rlimits[i].hard == UINT64_MAX ? RLIM_INFINITY : (rlim_t) p->rlimits[i].hard;
      if (setrlimit ((int) p->rlimits[i].resource, &rl) < 0)
        APP_FAIL ("setrlimit", "resource %u soft %llu hard %llu", p->rlimits[i].resource,
                  (unsigned long long) p->rlimits[i].soft, (unsigned long long) p->rlimits[i].hard);
    }
}

static void
set_sched (const struct plan *p)
{
  if (p->sched_set)
    {
      struct sched_param sp;
      memset (&sp, 0, sizeof (sp));
      sp.sched_priority = p->sched_priority;
      if (sched_setscheduler (0, p->sched_policy, &sp) < 0)
        APP_FAIL ("sched_setscheduler", "policy %d priority %d", p->sched_policy, p->sched_priority);
    }
  if (p->nice_set && setpriority (PRIO_PROCESS, 0, p->nice) < 0)
    APP_FAIL ("setpriority", "nice %d", p->nice);
}

static void
apply_caps (const struct plan *p)
{
  int last = last_cap (), cap;
  uint64_t known = last >= 63 ? ~(uint64_t) 0 : (((uint64_t) 1 << (last + 1)) - 1);

  /* capabilities the kernel does not know cannot be granted: ignore those bits */
  for (cap = 0; cap <= last; cap++)
    if (!(p->cap_bounding & ((uint64_t) 1 << cap)) && prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
      APP_FAIL ("prctl PR_CAPBSET_DROP", "capability %d", cap);

  set_caps (1, p->cap_effective & known, p->cap_permitted & known, p->cap_inheritable & known, "capset");

  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
    APP_FAIL ("prctl PR_CAP_AMBIENT_CLEAR_ALL", "%s", "");
  for (cap = 0; cap <= last; cap++)
    if ((p->cap_ambient & ((uint64_t) 1 << cap))
        && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      APP_FAIL ("prctl PR_CAP_AMBIENT_RAISE", "capability %d", cap);
}

static void
install_seccomp (int is_app, struct sock_filter *filter, uint32_t len)
{
  struct sock_fprog prog;
  if (len == 0)
    return;
  prog.len = (unsigned short) len;
  prog.filter = filter;
  if (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
    {
      if (errno != ENOSYS)
        fail (is_app, "seccomp", "%u instructions", len);
      if (prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
        fail (is_app, "prctl PR_SET_SECCOMP", "%u instructions", len);
    }
}

/* No code of the container runs while init still holds privileges: init
 * sends one byte once it has dropped them and installed its filter; EOF
 * means init failed (and is about to take the namespace down). */
static void
await_init_dropped (int go)
{
  char byte;
  ssize_t n;
  do
    n = read (go, &byte, 1);
  while (n < 0 && errno == EINTR);
  if (n != 1)
    {
      if (n == 0)
        errno = EPIPE;
      APP_FAIL ("wait for init to drop privileges", "%s", "");
    }
  close (go);
}

static void __attribute__ ((noreturn))
app_main (const struct plan *p, int exec_pipe, int go)
{
  report_fd = exec_pipe;
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    APP_FAIL ("prctl PR_SET_PDEATHSIG", "%s", "");
  await_init_dropped (go);
  arrange_fds (p);
  set_ids (p);
  /* the uid change cleared the effective set; scheduling and the capability
   * steps below need it back (permitted is still the full set) */
  restore_effective ();
  set_rlimits (p);
  set_sched (p);
  apply_caps (p);
  if (p->no_new_privs && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    APP_FAIL ("prctl PR_SET_NO_NEW_PRIVS", "%s", "");
  /* last step: from here on only execve (and the failure report) run */
  install_seccomp (1, p->filter, p->filter_len);
  execve (p->path, p->argv, p->envp);
  APP_FAIL ("execve", "%s", p->path);
}

/* ---- init --------------------------------------------------------------- */

/* Once the application is forked, init only waits, reads the exec pipe and
 * reports on its channel: it keeps nothing a process of the container could
 * gain by ptracing it (pid 1 is in the container's reach, e.g. with
 * CAP_SYS_PTRACE). Order: capabilities are still needed to drop the bounding
 * set and to change ids; the uid change clears permitted and effective,
 * capset makes that explicit; the filter goes last. */
static void
drop_privileges (const struct plan *p)
{
  int last = last_cap (), cap;

  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
    INIT_FAIL ("drop privileges: prctl PR_CAP_AMBIENT_CLEAR_ALL", "%s", "");
  for (cap = 0; cap <= last; cap++)
    if (prctl (PR_CAPBSET_DROP, cap, 0, 0, 0) < 0)
      INIT_FAIL ("drop privileges: prctl PR_CAPBSET_DROP", "capability %d", cap);
  change_ids (p, 0, "drop privileges: ");
  set_caps (0, 0, 0, 0, "drop privileges: capset");
  /* the id change cleared the parent-death signal: arm it again, then make
   * sure the forker did not die in between (it never writes to the
   * channel, so reading EOF means it is gone) */
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    INIT_FAIL ("drop privileges: prctl PR_SET_PDEATHSIG", "%s", "");
  {
    char byte;
    if (recv (report_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
      _exit (1);
  }
  /* the id change re-derived dumpable from fs.suid_dumpable: force it off */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    INIT_FAIL ("drop privileges: prctl PR_SET_DUMPABLE", "%s", "");
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    INIT_FAIL ("drop privileges: prctl PR_SET_NO_NEW_PRIVS", "%s", "");
  install_seccomp (0, p->init_filter, p->init_filter_len);
}

static void __attribute__ ((noreturn))
reap (pid_t app)
{
  struct init_msg m;
  for (;;)
    {
      int status;
      pid_t pid = waitpid (-1, &status, 0);
      if (pid < 0)
        {
          if (errno == EINTR)
            continue;
          INIT_FAIL ("waitpid", "%s", "");
        }
      if (pid != app || !(WIFEXITED (status) || WIFSIGNALED (status)))
        continue; /* an orphan of the container, reaped */
      memset (&m, 0, sizeof (m));
      m.type = INIT_MSG_EXIT;
      m.kind = WIFEXITED (status) ? FORKER_EXIT_CODE : FORKER_EXIT_SIGNAL;
      m.value = WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status);
      send_msg (&m);
      /* as pid 1 our exit makes the kernel kill whatever is left inside */
      _exit (0);
    }
}

void
init_main (const struct plan *p, int channel, int exec_status)
{
  char name[16];
  int keep[FORKER_MAX_FDS + 2];
  int go[2];
  int devnull;
  struct init_msg m;
  pid_t app;
  uint32_t i;

  report_fd = channel;
  reset_signals ();

  /* the forker's control socket and other containers' channels must not
   * live on in here */
  for (i = 0; i < p->nfds; i++)
    keep[i] = p->fds[i];
  keep[p->nfds] = channel;
  keep[p->nfds + 1] = exec_status;
  if (close_fds_except (3, keep, p->nfds + 2) < 0)
    INIT_FAIL ("close fds", "%s", "");

  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    INIT_FAIL ("prctl PR_SET_PDEATHSIG", "%s", "");
  snprintf (name, sizeof (name), "init-%s", p->name);
  if (prctl (PR_SET_NAME, name, 0, 0, 0) < 0)
    INIT_FAIL ("prctl PR_SET_NAME", "%s", name);
  /* /proc/1 of the container becomes root-only */
  if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
    INIT_FAIL ("prctl PR_SET_DUMPABLE", "%s", "");

  join_cgroups (p);
  set_selinux_exec (p);
  if (setsid () < 0)
    INIT_FAIL ("setsid", "%s", "");
  enter_network (p);
  if (unshare (CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS) < 0)
    INIT_FAIL ("unshare", "CLONE_NEWNS|CLONE_NEWIPC|CLONE_NEWUTS");
  /* before any mount: nothing we do may propagate back to the host */
  if (mount (NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
    INIT_FAIL ("mount", "make / MS_SLAVE|MS_REC");
  do_mounts (p);
  /* the host's: inside the root, /dev/null is whatever the image put there */
  devnull = open ("/dev/null", O_RDWR | O_CLOEXEC);
  if (devnull < 0)
    INIT_FAIL ("open", "/dev/null");
  enter_root (p);

  if (pipe2 (go, O_CLOEXEC) < 0)
    INIT_FAIL ("pipe2", "%s", "");
  app = fork ();
  if (app < 0)
    INIT_FAIL ("fork", "application");
  if (app == 0)
    {
      close (go[1]);
      close (channel);
      close (devnull);
      app_main (p, exec_status, go[0]);
    }
  /* From here the forker learns the outcome of execve from the exec status
   * pipe itself (EOF or the application's failure): a container that stops
   * init (ptrace) cannot hold the start up. FORKED goes out before our copy
   * of the pipe is closed, so the forker has it when it sees the EOF. */
  memset (&m, 0, sizeof (m));
  m.type = INIT_MSG_FORKED;
  m.value = app;
  send_msg (&m);
  close (exec_status);
  close (go[0]);
  /* init keeps none of the container's fds (console, sockets, stdio) */
  for (i = 0; i < p->nfds; i++)
    close (p->fds[i]);
  for (i = 0; i < 3; i++)
    if (dup2 (devnull, (int) i) < 0)
      INIT_FAIL ("dup2", "/dev/null to %u", i);
  close (devnull);
  drop_privileges (p);
  if (write (go[1], "1", 1) != 1)
    INIT_FAIL ("write", "%s", "application start");
  close (go[1]);
  reap (app);
}
