/*
 * northstar-forker: the only process of the Northstar runtime that forks.
 *
 *   northstar (JVM)
 *     └─ northstar-forker          this program, single-threaded
 *          └─ init-<name>          pid 1 of a new pid namespace (init.c)
 *               └─ application     exec'd after the sandbox is applied
 *
 * Usage: northstar-forker --connect <abstract socket name> | --fd <n>
 *
 * The runtime decides everything (launch plans are computed and tested in
 * Java); this program only executes a plan and reports what happened. It
 * multiplexes the control connection, one channel per init and a signalfd
 * for SIGCHLD in one poll loop, so a slow or failing container start never
 * blocks the others, and a bad frame only fails the request it came with.
 *
 * When the control connection closes (runtime exited or shut down) every
 * container is killed and the forker exits 0.
 */
#define _GNU_SOURCE
#include "fdio.h"
#include "forker.h"
#include "forker_protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

struct container {
  pid_t pid;         /* init, in our pid namespace */
  int chan;          /* our end of init's channel, -1 once closed */
  int exec_status;   /* read end of the exec status pipe, -1 once closed */
  uint32_t start_id; /* id of the START request */
  int forked;        /* init forked the application */
  int started;       /* STARTED was forwarded */
  int have_exit;
  int32_t exit_kind;
  int32_t exit_value;
  int have_failure;
  struct init_msg failure;
  struct container *next;
};

static struct container *containers;
static int control = -1;
static uint8_t frame[FORKER_MAX_FRAME];

/* ---- replies ------------------------------------------------------------ */

static void
send_frame (struct writer *w)
{
  size_t n = writer_finish (w);
  ssize_t r;
  if (w->overflow)
    {
      log_msg ("internal error: reply does not fit the reply buffer");
      return;
    }
  do
    r = send (control, w->buf, n, MSG_NOSIGNAL);
  while (r < 0 && errno == EINTR);
  if (r < 0)
    log_msg ("sending reply: %s", strerror (errno));
}

static void
reply_error (uint32_t id, const char *message)
{
  struct writer w;
  log_msg ("rejected frame (id %u): %s", id, message);
  writer_start (&w, FORKER_MSG_ERROR, id);
  wr_str (&w, message);
  send_frame (&w);
}

static void
reply_start_failed (uint32_t id, const char *step, int err, const char *detail)
{
  struct writer w;
  writer_start (&w, FORKER_MSG_START_FAILED, id);
  wr_str (&w, step);
  wr_i32 (&w, err);
  wr_str (&w, detail);
  send_frame (&w);
}

/* ---- containers --------------------------------------------------------- */

static struct container *
find (pid_t pid)
{
  struct container *c;
  for (c = containers; c != NULL; c = c->next)
    if (c->pid == pid)
      return c;
  return NULL;
}

static void
remove_container (struct container *c)
{
  struct container **pp;
  for (pp = &containers; *pp != NULL; pp = &(*pp)->next)
    if (*pp == c)
      {
        *pp = c->next;
        break;
      }
  if (c->chan >= 0)
    close (c->chan);
  if (c->exec_status >= 0)
    close (c->exec_status);
  free (c);
}

static void
store_failure (struct container *c, const struct init_msg *m)
{
  c->have_failure = 1;
  c->failure = *m;
  c->failure.step[sizeof (c->failure.step) - 1] = 0;
  c->failure.detail[sizeof (c->failure.detail) - 1] = 0;
}

static void
handle_init_msg (struct container *c, const struct init_msg *m)
{
  switch (m->type)
    {
    case INIT_MSG_FORKED:
      c->forked = 1;
      break;
    case INIT_MSG_FAILED:
      store_failure (c, m);
      break;
    case INIT_MSG_EXIT:
      c->have_exit = 1;
      c->exit_kind = m->kind;
      c->exit_value = m->value;
      break;
    default:
      /* init runs our code, so this is a bug; make the container go away */
      log_msg ("init %d sent unknown message %d; killing it", c->pid, m->type);
      kill (-c->pid, SIGKILL);
      kill (c->pid, SIGKILL);
    }
}

/* Reads what init sent. Returns 0 once the channel is closed. */
static int
read_channel (struct container *c, int flags)
{
  struct init_msg m;
  for (;;)
    {
      ssize_t n = recv (c->chan, &m, sizeof (m), flags);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 1;
      if (n <= 0)
        {
          close (c->chan);
          c->chan = -1;
          return 0;
        }
      if (n == (ssize_t) sizeof (m))
        handle_init_msg (c, &m);
      else
        log_msg ("init %d sent a short message (%zd bytes)", c->pid, n);
      if (!(flags & MSG_DONTWAIT))
        return 1;
    }
}

/* The exec status pipe is readable: the application's failure, or EOF once
 * every copy of the write end is closed; after FORKED that means execve
 * succeeded (the application's copy is close-on-exec, init closed its own
 * after sending FORKED). Read here and not in init, so a container that
 * stops its init (ptrace) cannot hold the start up. */
static void
read_exec_status (struct container *c)
{
  struct init_msg m;
  struct writer w;
  ssize_t n;
  do
    n = read (c->exec_status, &m, sizeof (m));
  while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return;
  /* FORKED, sent before init closed its copy, is queued by now */
  if (c->chan >= 0)
    read_channel (c, MSG_DONTWAIT);
  if (n == (ssize_t) sizeof (m) && m.type == INIT_MSG_FAILED)
    store_failure (c, &m);
  else if (n == 0 && c->forked && !c->have_failure && !c->started)
    {
      c->started = 1;
      writer_start (&w, FORKER_MSG_STARTED, c->start_id);
      wr_u32 (&w, (uint32_t) c->pid);
      send_frame (&w);
    }
  else if (n != 0)
    log_msg ("container %d: unexpected exec status (%zd bytes)", c->pid, n);
  close (c->exec_status);
  c->exec_status = -1;
}

/* init is gone (reaped): tell the runtime how the start or the run ended. */
static void
finish (struct container *c, int status)
{
  struct writer w;
  if (c->chan >= 0)
    read_channel (c, MSG_DONTWAIT);
  /* every writer is gone with the pid namespace: data or EOF, no waiting */
  if (c->exec_status >= 0)
    read_exec_status (c);
  if (!c->started)
    {
      char detail[600];
      if (c->have_failure)
        reply_start_failed (c->start_id, c->failure.step, c->failure.err, c->failure.detail);
      else
        {
          if (WIFSIGNALED (status))
            snprintf (detail, sizeof (detail), "init killed by signal %d before the application started",
                      WTERMSIG (status));
          else
            snprintf (detail, sizeof (detail), "init exited with %d before the application started",
                      WEXITSTATUS (status));
          reply_start_failed (c->start_id, "init", 0, detail);
        }
    }
  else
    {
      writer_start (&w, FORKER_MSG_EXIT, 0);
      wr_u32 (&w, (uint32_t) c->pid);
      if (c->have_exit)
        {
          wr_u8 (&w, (uint8_t) c->exit_kind);
          wr_i32 (&w, c->exit_value);
        }
      else if (WIFSIGNALED (status))
        {
          /* init itself was killed (SIGKILL to the group): that is how the
           * container ended, report the signal rather than Rust's exit(-2) */
          wr_u8 (&w, FORKER_EXIT_SIGNAL);
          wr_i32 (&w, WTERMSIG (status));
        }
      else
        {
          wr_u8 (&w, FORKER_EXIT_CODE);
          wr_i32 (&w, -2);
        }
      send_frame (&w);
    }
  remove_container (c);
}

static void
reap_children (void)
{
  for (;;)
    {
      int status;
      pid_t pid = waitpid (-1, &status, WNOHANG);
      struct container *c;
      if (pid < 0 && errno == EINTR)
        continue;
      if (pid <= 0)
        return;
      if (!WIFEXITED (status) && !WIFSIGNALED (status))
        continue;
      c = find (pid);
      if (c != NULL)
        finish (c, status);
    }
}

/* ---- requests ----------------------------------------------------------- */

static void
close_all (const int *fds, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    close (fds[i]);
}

static void
do_start (uint32_t id, const uint8_t *payload, size_t len, const int *fds, size_t nfds)
{
  struct plan plan;
  struct reader r;
  struct container *c;
  const char *err;
  char detail[128];
  char *arena;
  int sv[2], ex[2];
  pid_t pid;

  arena = malloc (plan_arena_size (len));
  if (arena == NULL)
    {
      reply_start_failed (id, "malloc", ENOMEM, "launch plan");
      close_all (fds, nfds);
      return;
    }
  memset (&plan, 0, sizeof (plan));
  reader_init (&r, payload, len, arena, plan_arena_size (len));
  err = plan_decode (&r, &plan);
  if (err == NULL && (plan.nfds != nfds || nfds < 3))
    {
      snprintf (detail, sizeof (detail), "plan names %u fds, the frame carries %zu (at least 3 needed)",
                plan.nfds, nfds);
      err = detail;
    }
  if (err != NULL)
    {
      log_msg ("rejected launch plan (id %u): %s", id, err);
      reply_start_failed (id, "decode launch plan", EINVAL, err);
      close_all (fds, nfds);
      free (arena);
      return;
    }
  memcpy (plan.fds, fds, nfds * sizeof (int));

  c = calloc (1, sizeof (*c));
  if (c == NULL)
    {
      reply_start_failed (id, "malloc", ENOMEM, "container");
      goto out;
    }
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    {
      reply_start_failed (id, "socketpair", errno, "init channel");
      free (c);
      goto out;
    }
  if (pipe2 (ex, O_CLOEXEC) < 0)
    {
      reply_start_failed (id, "pipe2", errno, "exec status");
      close (sv[0]);
      close (sv[1]);
      free (c);
      goto out;
    }
  /* fork straight into a new pid namespace: the child is its pid 1 */
  pid = (pid_t) syscall (SYS_clone, CLONE_NEWPID | SIGCHLD, 0, 0, 0, 0);
  if (pid < 0)
    {
      reply_start_failed (id, "clone", errno, "CLONE_NEWPID");
      close (sv[0]);
      close (sv[1]);
      close (ex[0]);
      close (ex[1]);
      free (c);
      goto out;
    }
  if (pid == 0)
    {
      close (sv[0]);
      close (ex[0]);
      init_main (&plan, sv[1], ex[1]);
    }
  close (sv[1]);
  close (ex[1]);
  c->pid = pid;
  c->chan = sv[0];
  c->exec_status = ex[0];
  c->start_id = id;
  c->next = containers;
  containers = c;
out:
  close_all (fds, nfds);
  free (arena);
}

static void
do_kill (uint32_t id, const uint8_t *payload, size_t len)
{
  struct reader r;
  struct writer w;
  struct container *c;
  uint32_t pid;
  int32_t sig;
  int err = 0;

  reader_init (&r, payload, len, NULL, 0);
  pid = rd_u32 (&r);
  sig = rd_i32 (&r);
  if (r.error || r.off != len)
    {
      reply_error (id, r.error ? r.error : "trailing bytes after KILL");
      return;
    }
  /* only our own containers: a stale pid may belong to anyone by now */
  c = find ((pid_t) pid);
  if (c == NULL || pid == 0)
    err = ESRCH;
  else if (kill (-(pid_t) pid, sig) < 0)
    err = errno;
  writer_start (&w, FORKER_MSG_KILL_RESULT, id);
  wr_i32 (&w, err);
  send_frame (&w);
}

/* Returns 0 when the control connection is closed. */
static int
handle_control (void)
{
  union {
    char buf[CMSG_SPACE (sizeof (int) * FORKER_MAX_FDS)];
    struct cmsghdr align;
  } cbuf;
  struct iovec iov = { frame, sizeof (frame) };
  struct msghdr msg;
  struct cmsghdr *cm;
  int fds[FORKER_MAX_FDS];
  size_t nfds = 0;
  ssize_t n;
  uint32_t len, type, id;
  struct reader r;

  memset (&msg, 0, sizeof (msg));
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = cbuf.buf;
  msg.msg_controllen = sizeof (cbuf.buf);
  n = recvmsg (control, &msg, MSG_CMSG_CLOEXEC);
  if (n < 0)
    {
      if (errno == EINTR || errno == EAGAIN)
        return 1;
      log_msg ("control connection: recvmsg: %s", strerror (errno));
      return 0;
    }
  if (n == 0)
    return 0;

  for (cm = CMSG_FIRSTHDR (&msg); cm != NULL; cm = CMSG_NXTHDR (&msg, cm))
    if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
      {
        size_t k, cnt = (cm->cmsg_len - CMSG_LEN (0)) / sizeof (int);
        for (k = 0; k < cnt && nfds < FORKER_MAX_FDS; k++)
          memcpy (&fds[nfds++], CMSG_DATA (cm) + k * sizeof (int), sizeof (int));
      }

  if (msg.msg_flags & MSG_TRUNC)
    {
      reply_error (0, "frame larger than FORKER_MAX_FRAME");
      close_all (fds, nfds);
      return 1;
    }
  if (msg.msg_flags & MSG_CTRUNC)
    {
      reply_error (0, "frame carries more than FORKER_MAX_FDS fds");
      close_all (fds, nfds);
      return 1;
    }
  reader_init (&r, frame, (size_t) n, NULL, 0);
  len = rd_u32 (&r);
  type = rd_u32 (&r);
  id = rd_u32 (&r);
  if (r.error)
    {
      reply_error (0, "frame shorter than its header");
      close_all (fds, nfds);
      return 1;
    }
  if (len != (uint32_t) n - 4)
    {
      char m[96];
      snprintf (m, sizeof (m), "length field %u does not match the frame size %zd", len, n - 4);
      reply_error (id, m);
      close_all (fds, nfds);
      return 1;
    }
  switch (type)
    {
    case FORKER_MSG_START:
      do_start (id, frame + 12, (size_t) n - 12, fds, nfds);
      break;
    case FORKER_MSG_KILL:
      close_all (fds, nfds);
      do_kill (id, frame + 12, (size_t) n - 12);
      break;
    default:
      {
        char m[64];
        close_all (fds, nfds);
        snprintf (m, sizeof (m), "unknown message type %u", type);
        reply_error (id, m);
      }
    }
  return 1;
}

/* ---- main --------------------------------------------------------------- */

static int
connect_abstract (const char *name)
{
  struct sockaddr_un addr;
  size_t n = strlen (name);
  int fd;
  if (n == 0 || n >= sizeof (addr.sun_path) - 1)
    {
      log_msg ("socket name '%s' is empty or too long", name);
      return -1;
    }
  fd = socket (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0)
    {
      log_msg ("socket: %s", strerror (errno));
      return -1;
    }
  memset (&addr, 0, sizeof (addr));
  addr.sun_family = AF_UNIX;
  memcpy (addr.sun_path + 1, name, n); /* leading NUL: abstract namespace */
  if (connect (fd, (struct sockaddr *) &addr, (socklen_t) (offsetof (struct sockaddr_un, sun_path) + 1 + n)) < 0)
    {
      log_msg ("connect @%s: %s", name, strerror (errno));
      close (fd);
      return -1;
    }
  return fd;
}

static void __attribute__ ((noreturn))
shutdown_all (void)
{
  struct container *c;
  /* nobody is left to tell: take every container down with us */
  for (c = containers; c != NULL; c = c->next)
    {
      kill (-c->pid, SIGKILL);
      kill (c->pid, SIGKILL);
    }
  while (containers != NULL)
    {
      if (waitpid (containers->pid, NULL, 0) < 0 && errno == EINTR)
        continue;
      remove_container (containers);
    }
  exit (0);
}

int
main (int argc, char **argv)
{
  struct writer w;
  sigset_t mask;
  int sigfd;

  if (rexec_sealed (argv) < 0)
    return 1;

  if (argc == 3 && strcmp (argv[1], "--connect") == 0)
    control = connect_abstract (argv[2]);
  else if (argc == 3 && strcmp (argv[1], "--fd") == 0)
    {
      control = atoi (argv[2]);
      if (control < 3 || fcntl (control, F_SETFD, FD_CLOEXEC) < 0)
        {
          log_msg ("--fd %s: not an open descriptor", argv[2]);
          return 1;
        }
    }
  else
    {
      log_msg ("usage: %s --connect <abstract socket name> | --fd <n>", argv[0]);
      return 2;
    }
  if (control < 0)
    return 1;

  if (prctl (PR_SET_NAME, "northstar-fork", 0, 0, 0) < 0)
    log_msg ("prctl PR_SET_NAME: %s", strerror (errno));
  signal (SIGINT, SIG_IGN);
  signal (SIGHUP, SIG_IGN);
  signal (SIGPIPE, SIG_IGN);
  sigemptyset (&mask);
  sigaddset (&mask, SIGCHLD);
  if (sigprocmask (SIG_BLOCK, &mask, NULL) < 0)
    {
      log_msg ("sigprocmask: %s", strerror (errno));
      return 1;
    }
  sigfd = signalfd (-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sigfd < 0)
    {
      log_msg ("signalfd: %s", strerror (errno));
      return 1;
    }

  writer_start (&w, FORKER_MSG_HELLO, 0);
  wr_u32 (&w, FORKER_PROTOCOL_VERSION);
  wr_u32 (&w, (uint32_t) getpid ());
  send_frame (&w);

  for (;;)
    {
      struct pollfd pfds[2 + 2048];
      struct container *owner[2048];
      int is_exec[2048];
      struct container *c;
      nfds_t n = 2, i;

      pfds[0].fd = control;
      pfds[0].events = POLLIN;
      pfds[1].fd = sigfd;
      pfds[1].events = POLLIN;
      for (c = containers; c != NULL && n < 2 + 2048 - 1; c = c->next)
        {
          /* a container's channel, then its exec-status pipe (is_exec 1) */
          int fds[2] = { c->chan, c->exec_status }, k;

          for (k = 0; k < 2; k++)
            if (fds[k] >= 0)
              {
                owner[n - 2] = c;
                is_exec[n - 2] = k;
                pfds[n].fd = fds[k];
                pfds[n].events = POLLIN;
                n++;
              }
        }
      if (poll (pfds, n, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          log_msg ("poll: %s", strerror (errno));
          shutdown_all ();
        }
      /* channels first: a STARTED must go out before the EXIT that reaping
       * the same init may produce */
      for (i = 2; i < n; i++)
        if (pfds[i].revents && !is_exec[i - 2])
          read_channel (owner[i - 2], 0);
      for (i = 2; i < n; i++)
        if (pfds[i].revents && is_exec[i - 2] && owner[i - 2]->exec_status == pfds[i].fd)
          read_exec_status (owner[i - 2]);
      if (pfds[1].revents & POLLIN)
        {
          struct signalfd_siginfo si;
          while (read (sigfd, &si, sizeof (si)) > 0)
            ;
          reap_children ();
        }
      if (pfds[0].revents & (POLLIN | POLLHUP | POLLERR))
        if (!handle_control ())
          shutdown_all ();
    }
}
