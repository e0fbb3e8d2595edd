/*
 * The container's init (pid 1 of a fresh pid namespace) and the application
 * process it forks.
 *
 * init, in this order (process-sandbox.md §4, with the deviations noted in
 * the runtime's docs):
 *   signals to default, close inherited fds, parent-death signal, name,
 *   join cgroups, setsid, network namespace, unshare mount/ipc/uts,
 *   make all mounts slaves, execute the mount list, pivot_root + detach the
 *   old root, chdir /, fork the application, report STARTED once the
 *   application has exec'd, reap children, report the application's exit.
 *
 * application:
 *   parent-death signal, fds 0..n-1 from the plan (everything else closed),
 *   setgroups/setresgid/setresuid (keeping capabilities), rlimits,
 *   scheduling, capabilities, no_new_privs, seccomp, execve.
 *
 * Any failing step is reported with its name and errno; init then exits and
 * the forker turns that into START_FAILED. Nothing here may return.
 */
#define _GNU_SOURCE
#include "forker.h"
#include "forker_protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
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
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* Where a failure is reported: init's channel to the forker, or (in the
 * application) the close-on-exec pipe to init. */
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

static void
do_mounts (const struct plan *p)
{
  uint32_t i;
  for (i = 0; i < p->nmounts; i++)
    {
      const struct mount_op *m = &p->mounts[i];
      if (mount (m->source, m->target, m->fstype, (unsigned long) m->flags, m->data) < 0)
        INIT_FAIL ("mount", "%s on %s (type %s, flags 0x%llx)", m->source ? m->source : "none",
                   m->target, m->fstype ? m->fstype : "none", (unsigned long long) m->flags);
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
set_caps (uint64_t eff, uint64_t perm, uint64_t inh, const char *step)
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
    APP_FAIL (step, "effective 0x%llx permitted 0x%llx inheritable 0x%llx", (unsigned long long) eff,
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
  set_caps (perm, perm, 0, "capset restore effective");
}

static void
set_ids (const struct plan *p)
{
  /* keep the permitted set across the uid change; restored to effective below */
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    APP_FAIL ("prctl PR_SET_KEEPCAPS", "%s", "");
  if (setgroups (p->ngroups, p->groups) < 0)
    APP_FAIL ("setgroups", "%u groups", p->ngroups);
  if (setresgid (p->gid, p->gid, p->gid) < 0)
    APP_FAIL ("setresgid", "%u", p->gid);
  if (setresuid (p->uid, p->uid, p->uid) < 0)
    APP_FAIL ("setresuid", "%u", p->uid);
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

  set_caps (p->cap_effective & known, p->cap_permitted & known, p->cap_inheritable & known, "capset");

  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
    APP_FAIL ("prctl PR_CAP_AMBIENT_CLEAR_ALL", "%s", "");
  for (cap = 0; cap <= last; cap++)
    if ((p->cap_ambient & ((uint64_t) 1 << cap))
        && prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
      APP_FAIL ("prctl PR_CAP_AMBIENT_RAISE", "capability %d", cap);
}

static void
install_seccomp (const struct plan *p)
{
  struct sock_fprog prog;
  if (p->filter_len == 0)
    return;
  prog.len = (unsigned short) p->filter_len;
  prog.filter = p->filter;
  if (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
    {
      if (errno != ENOSYS)
        APP_FAIL ("seccomp", "%u instructions", p->filter_len);
      if (prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
        APP_FAIL ("prctl PR_SET_SECCOMP", "%u instructions", p->filter_len);
    }
}

static void __attribute__ ((noreturn))
app_main (const struct plan *p, int exec_pipe)
{
  report_fd = exec_pipe;
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
    APP_FAIL ("prctl PR_SET_PDEATHSIG", "%s", "");
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
  install_seccomp (p);
  execve (p->path, p->argv, p->envp);
  APP_FAIL ("execve", "%s", p->path);
}

/* ---- init --------------------------------------------------------------- */

/* Blocks until the application exec'd (pipe closed by close-on-exec) or
 * reported a failure. */
static void
await_exec (int exec_pipe, pid_t app)
{
  struct init_msg m;
  ssize_t n;
  do
    n = read (exec_pipe, &m, sizeof (m));
  while (n < 0 && errno == EINTR);
  if (n == (ssize_t) sizeof (m) && m.type == INIT_MSG_FAILED)
    {
      while (waitpid (app, NULL, 0) < 0 && errno == EINTR)
        ;
      send_msg (&m);
      _exit (1);
    }
  if (n != 0)
    {
      errno = n < 0 ? errno : EPROTO;
      INIT_FAIL ("read exec status", "%zd bytes", n);
    }
  close (exec_pipe);
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
init_main (const struct plan *p, int channel)
{
  char name[16];
  int keep[FORKER_MAX_FDS + 1];
  int exec_pipe[2];
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
  if (close_fds_except (3, keep, p->nfds + 1) < 0)
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
  enter_root (p);

  if (pipe2 (exec_pipe, O_CLOEXEC) < 0)
    INIT_FAIL ("pipe2", "%s", "");
  app = fork ();
  if (app < 0)
    INIT_FAIL ("fork", "application");
  if (app == 0)
    {
      close (exec_pipe[0]);
      close (channel);
      app_main (p, exec_pipe[1]);
    }
  close (exec_pipe[1]);
  /* init keeps none of the container's fds (console, sockets, stdio) */
  for (i = 0; i < p->nfds; i++)
    close (p->fds[i]);
  {
    int devnull = open ("/dev/null", O_RDWR | O_CLOEXEC);
    int fd;
    for (fd = 0; fd < 3; fd++)
      if (devnull >= 0 && devnull != fd)
        dup2 (devnull, fd);
      else if (devnull < 0)
        close (fd);
    if (devnull > 2)
      close (devnull);
  }
  await_exec (exec_pipe[0], app);

  memset (&m, 0, sizeof (m));
  m.type = INIT_MSG_STARTED;
  m.value = app;
  send_msg (&m);
  reap (app);
}
