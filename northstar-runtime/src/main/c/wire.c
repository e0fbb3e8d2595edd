/*
 * Decoding and encoding of forker frames (format: forker_protocol.h).
 *
 * Every read is bounds-checked. The first error sticks in reader.error and
 * later reads return zero values, so decoders can read a whole message and
 * check once at the end. Decoded strings and arrays live in one arena that
 * is sized from the frame length, so a hostile count can never make us
 * allocate more than a small multiple of what was actually received.
 */
#include "forker.h"
#include "forker_protocol.h"

#include <string.h>

void
reader_init (struct reader *r, const uint8_t *buf, size_t len, char *arena, size_t arena_cap)
{
  r->buf = buf;
  r->len = len;
  r->off = 0;
  r->error = NULL;
  r->arena = arena;
  r->arena_used = 0;
  r->arena_cap = arena_cap;
}

static int
need (struct reader *r, size_t n, const char *what)
{
  if (r->error)
    return 0;
  if (n > r->len - r->off)
    {
      r->error = what;
      return 0;
    }
  return 1;
}

void *
rd_alloc (struct reader *r, size_t size)
{
  size_t start = (r->arena_used + 15) & ~(size_t) 15;
  if (r->error)
    return NULL;
  if (start > r->arena_cap || size > r->arena_cap - start)
    {
      r->error = "frame decodes to more data than it carries";
      return NULL;
    }
  r->arena_used = start + size;
  memset (r->arena + start, 0, size);
  return r->arena + start;
}

uint8_t
rd_u8 (struct reader *r)
{
  if (!need (r, 1, "truncated u8"))
    return 0;
  return r->buf[r->off++];
}

uint32_t
rd_u32 (struct reader *r)
{
  const uint8_t *p;
  if (!need (r, 4, "truncated u32"))
    return 0;
  p = r->buf + r->off;
  r->off += 4;
  return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) | ((uint32_t) p[2] << 8) | p[3];
}

int32_t
rd_i32 (struct reader *r)
{
  return (int32_t) rd_u32 (r);
}

uint64_t
rd_u64 (struct reader *r)
{
  uint64_t hi = rd_u32 (r);
  return (hi << 32) | rd_u32 (r);
}

char *
rd_str (struct reader *r, int empty_is_null)
{
  uint32_t n = rd_u32 (r);
  char *s;
  if (!need (r, n, "truncated string"))
    return NULL;
  if (memchr (r->buf + r->off, 0, n) != NULL)
    {
      r->error = "string contains a NUL byte";
      return NULL;
    }
  if (n == 0 && empty_is_null)
    return NULL;
  s = rd_alloc (r, (size_t) n + 1);
  if (s == NULL)
    return NULL;
  memcpy (s, r->buf + r->off, n);
  r->off += n;
  return s;
}

char **
rd_strlist (struct reader *r, uint32_t *count)
{
  uint32_t n = rd_u32 (r), i;
  char **list;
  *count = 0;
  /* each entry needs at least its 4 byte length: reject absurd counts early */
  if (!need (r, (size_t) n * 4, "string list count exceeds frame"))
    return NULL;
  list = rd_alloc (r, ((size_t) n + 1) * sizeof (char *));
  if (list == NULL)
    return NULL;
  for (i = 0; i < n; i++)
    {
      list[i] = rd_str (r, 0);
      if (r->error)
        return NULL;
    }
  list[n] = NULL;
  *count = n;
  return list;
}

void *
rd_bytes (struct reader *r, uint32_t *len, size_t align)
{
  uint32_t n = rd_u32 (r);
  void *p;
  *len = 0;
  if (!need (r, n, "truncated byte string"))
    return NULL;
  if (align > 1 && n % align != 0)
    {
      r->error = "byte string length is not a multiple of its element size";
      return NULL;
    }
  if (n == 0)
    return NULL;
  p = rd_alloc (r, n);
  if (p == NULL)
    return NULL;
  memcpy (p, r->buf + r->off, n);
  r->off += n;
  *len = n;
  return p;
}

const char *
plan_decode (struct reader *r, struct plan *p)
{
  uint32_t i, bytes;

  p->name = rd_str (r, 0);
  p->root = rd_str (r, 0);
  p->path = rd_str (r, 0);
  p->argv = rd_strlist (r, &p->argc);
  p->envp = rd_strlist (r, &p->envc);
  p->uid = rd_u32 (r);
  p->gid = rd_u32 (r);

  p->ngroups = rd_u32 (r);
  if (!need (r, (size_t) p->ngroups * 4, "group count exceeds frame"))
    return r->error;
  p->groups = rd_alloc (r, (size_t) p->ngroups * sizeof (gid_t) + 1);
  for (i = 0; i < p->ngroups && !r->error; i++)
    p->groups[i] = rd_u32 (r);

  p->network = rd_u8 (r);
  p->netns = rd_str (r, 1);
  p->cgroup_procs = rd_strlist (r, &p->ncgroup_procs);

  p->nmounts = rd_u32 (r);
  if (!need (r, (size_t) p->nmounts * 38, "mount count exceeds frame"))
    return r->error;
  p->mounts = rd_alloc (r, (size_t) p->nmounts * sizeof (struct mount_op) + 1);
  for (i = 0; i < p->nmounts && !r->error; i++)
    {
      struct mount_op *m = &p->mounts[i];
      m->source_kind = rd_u8 (r);
      m->source_root = rd_str (r, 1);
      m->source = rd_str (r, 1);
      m->major = rd_u32 (r);
      m->minor = rd_u32 (r);
      m->target = rd_str (r, 0);
      m->target_mode = rd_u8 (r);
      m->fstype = rd_str (r, 1);
      m->flags = rd_u64 (r);
      m->data = rd_str (r, 1);
    }

  p->nrlimits = rd_u32 (r);
  if (!need (r, (size_t) p->nrlimits * 20, "rlimit count exceeds frame"))
    return r->error;
  p->rlimits = rd_alloc (r, (size_t) p->nrlimits * sizeof (struct rlimit_op) + 1);
  for (i = 0; i < p->nrlimits && !r->error; i++)
    {
      p->rlimits[i].resource = rd_u32 (r);
      p->rlimits[i].soft = rd_u64 (r);
      p->rlimits[i].hard = rd_u64 (r);
    }

  p->sched_set = rd_u8 (r);
  p->sched_policy = rd_i32 (r);
  p->sched_priority = rd_i32 (r);
  p->nice_set = rd_u8 (r);
  p->nice = rd_i32 (r);
  p->cap_bounding = rd_u64 (r);
  p->cap_effective = rd_u64 (r);
  p->cap_permitted = rd_u64 (r);
  p->cap_inheritable = rd_u64 (r);
  p->cap_ambient = rd_u64 (r);
  p->no_new_privs = rd_u8 (r);
  p->selinux_exec = rd_str (r, 1);
  p->filter = rd_bytes (r, &bytes, sizeof (struct sock_filter));
  p->filter_len = bytes / sizeof (struct sock_filter);
  p->init_filter = rd_bytes (r, &bytes, sizeof (struct sock_filter));
  p->init_filter_len = bytes / sizeof (struct sock_filter);
  p->nfds = rd_u32 (r);

  if (r->error)
    return r->error;
  if (r->off != r->len)
    return "trailing bytes after the launch plan";
  if (p->root[0] != '/')
    return "root is not an absolute path";
  if (p->argc == 0)
    return "argv is empty";
  if (p->network > FORKER_NET_JOIN)
    return "unknown network mode";
  if (p->network == FORKER_NET_JOIN && p->netns == NULL)
    return "network namespace path missing";
  if (p->filter_len > BPF_MAXINSNS || p->init_filter_len > BPF_MAXINSNS)
    return "seccomp program longer than BPF_MAXINSNS";
  for (i = 0; i < p->nmounts; i++)
    {
      const struct mount_op *m = &p->mounts[i];
      if (m->target[0] == '/')
        return "mount target is not relative to the root";
      if (m->target_mode > FORKER_TARGET_CREATE)
        return "unknown mount target mode";
      switch (m->source_kind)
        {
        case FORKER_SOURCE_NONE:
          break;
        case FORKER_SOURCE_BENEATH:
          if (m->source_root == NULL || m->source_root[0] != '/')
            return "mount source root is not an absolute path";
          if (m->source != NULL && m->source[0] == '/')
            return "mount source is not relative to its root";
          break;
        case FORKER_SOURCE_NAME:
        case FORKER_SOURCE_HOST:
        case FORKER_SOURCE_CHAR_DEVICE:
          if (m->source == NULL)
            return "mount source missing";
          break;
        default:
          return "unknown mount source kind";
        }
    }
  return NULL;
}

void
writer_start (struct writer *w, uint32_t type, uint32_t id)
{
  w->len = 4;
  w->overflow = 0;
  wr_u32 (w, type);
  wr_u32 (w, id);
}

static void
put (struct writer *w, const void *data, size_t n)
{
  if (w->overflow || n > sizeof (w->buf) - w->len)
    {
      w->overflow = 1;
      return;
    }
  memcpy (w->buf + w->len, data, n);
  w->len += n;
}

void
wr_u8 (struct writer *w, uint8_t v)
{
  put (w, &v, 1);
}

void
wr_u32 (struct writer *w, uint32_t v)
{
  uint8_t b[4] = { (uint8_t) (v >> 24), (uint8_t) (v >> 16), (uint8_t) (v >> 8), (uint8_t) v };
  put (w, b, 4);
}

void
wr_i32 (struct writer *w, int32_t v)
{
  wr_u32 (w, (uint32_t) v);
}

void
wr_str (struct writer *w, const char *s)
{
  size_t n = s ? strlen (s) : 0;
  /* strings we send are messages of our own; cut rather than fail */
  if (n > 1024)
    n = 1024;
  wr_u32 (w, (uint32_t) n);
  put (w, s, n);
}

size_t
writer_finish (struct writer *w)
{
  uint32_t n = (uint32_t) (w->len - 4);
  w->buf[0] = (uint8_t) (n >> 24);
  w->buf[1] = (uint8_t) (n >> 16);
  w->buf[2] = (uint8_t) (n >> 8);
  w->buf[3] = (uint8_t) n;
  return w->len;
}
