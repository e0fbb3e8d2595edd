/*
 * Tests of the forker's frame decoding and encoding (src/main/c/wire.c), the code that reads
 * everything the runtime sends. Plain C, no namespaces and no root, so it also runs under
 * qemu-user for the cross-compiled (arm64) forker:
 *
 *   wire-test        prints one line per failed check and "wire-test: N passed, N failed"; exit 0
 *                    when all passed
 *
 * Frames are built here byte by byte from forker_protocol.h, independently of the Java encoder.
 */
#include "forker.h"
#include "forker_protocol.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond, ...)                                                                          \
  do                                                                                              \
    {                                                                                             \
      if (cond)                                                                                   \
        passed++;                                                                                 \
      else                                                                                        \
        {                                                                                         \
          failed++;                                                                               \
          printf ("FAIL %s:%d: ", __FILE__, __LINE__);                                            \
          printf (__VA_ARGS__);                                                                   \
          printf ("\n");                                                                          \
        }                                                                                         \
    }                                                                                             \
  while (0)

static int
str_eq (const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return strcmp (a, b) == 0;
}

/* ---- a frame builder (big-endian, as forker_protocol.h says) ----------- */

struct buf {
  uint8_t data[64 * 1024];
  size_t len;
};

static void
put_u8 (struct buf *b, uint8_t v)
{
  b->data[b->len++] = v;
}

static void
put_u32 (struct buf *b, uint32_t v)
{
  put_u8 (b, (uint8_t) (v >> 24));
  put_u8 (b, (uint8_t) (v >> 16));
  put_u8 (b, (uint8_t) (v >> 8));
  put_u8 (b, (uint8_t) v);
}

static void
put_u64 (struct buf *b, uint64_t v)
{
  put_u32 (b, (uint32_t) (v >> 32));
  put_u32 (b, (uint32_t) v);
}

static void
put_mem (struct buf *b, const void *p, size_t n)
{
  memcpy (b->data + b->len, p, n);
  b->len += n;
}

static void
put_str (struct buf *b, const char *s)
{
  put_u32 (b, (uint32_t) strlen (s));
  put_mem (b, s, strlen (s));
}

/* The parts of a plan a test may vary; the rest is fixed by build_plan. */
struct plan_spec {
  const char *root;
  uint32_t argc;
  uint8_t network;
  const char *netns;
  const char *mount_target;
  uint8_t source_kind;
  uint8_t target_mode;
  uint32_t filter_bytes;
  uint32_t init_filter_bytes;
};

static const struct plan_spec GOOD = { "/run/northstar/hello:0.0.1", 2, FORKER_NET_JOIN, "/proc/1/ns/net", "proc",
                                       FORKER_SOURCE_BENEATH, FORKER_TARGET_OPTIONAL, 16, 8 };

static void
build_plan (struct buf *b, const struct plan_spec *s)
{
  uint32_t i;
  b->len = 0;
  put_str (b, "hello:0.0.1");
  put_str (b, s->root);
  put_str (b, "/hello");
  put_u32 (b, s->argc);
  for (i = 0; i < s->argc; i++)
    put_str (b, i == 0 ? "/hello" : "--loud");
  put_u32 (b, 1);
  put_str (b, "PATH=/bin");
  put_u32 (b, 1000);
  put_u32 (b, 1001);
  put_u32 (b, 2); /* supplementary groups */
  put_u32 (b, 20);
  put_u32 (b, 4000000000u);
  put_u8 (b, s->network);
  put_str (b, s->netns);
  put_u32 (b, 1);
  put_str (b, "/sys/fs/cgroup/pids/northstar/hello/cgroup.procs");
  put_u32 (b, 2); /* mounts: source kind, root, source, major, minor, target, target mode, fstype, flags, data */
  put_u8 (b, FORKER_SOURCE_NAME);
  put_str (b, "");
  put_str (b, "proc");
  put_u32 (b, 0);
  put_u32 (b, 0);
  put_str (b, s->mount_target);
  put_u8 (b, FORKER_TARGET_CREATE);
  put_str (b, "proc");
  put_u64 (b, 0xE); /* MS_NOSUID | MS_NODEV | MS_NOEXEC */
  put_str (b, "");
  put_u8 (b, s->source_kind);
  put_str (b, "/run/northstar/res:0.0.1");
  put_str (b, "share");
  put_u32 (b, 1);
  put_u32 (b, 3);
  put_str (b, "data");
  put_u8 (b, s->target_mode);
  put_str (b, "");
  put_u64 (b, 0x1000ull | (1ull << 40));
  put_str (b, "size=1m");
  put_u32 (b, 2); /* rlimits */
  put_u32 (b, 7);
  put_u64 (b, 1024);
  put_u64 (b, 4096);
  put_u32 (b, 9);
  put_u64 (b, UINT64_MAX);
  put_u64 (b, UINT64_MAX);
  put_u8 (b, 1); /* sched */
  put_u32 (b, 2);
  put_u32 (b, 10);
  put_u8 (b, 1); /* nice */
  put_u32 (b, (uint32_t) -5);
  put_u64 (b, 0x0102030405060708ull); /* bounding */
  put_u64 (b, 1ull << 12);
  put_u64 (b, (1ull << 12) | (1ull << 40));
  put_u64 (b, 0);
  put_u64 (b, 1ull << 40);
  put_u8 (b, 1);
  put_str (b, "system_u:system_r:container_t:s0");
  put_u32 (b, s->filter_bytes);
  for (i = 0; i < s->filter_bytes; i++)
    put_u8 (b, (uint8_t) i);
  put_u32 (b, s->init_filter_bytes);
  for (i = 0; i < s->init_filter_bytes; i++)
    put_u8 (b, (uint8_t) (0x80 + i));
  put_u32 (b, 3);
}

static _Alignas (16) char arena[1024 * 1024];

static const char *
decode (const struct buf *b, size_t len, struct plan *p)
{
  struct reader r;
  memset (p, 0, sizeof (*p));
  reader_init (&r, b->data, len, arena, len * 4 + 4096);
  return plan_decode (&r, p);
}

static const char *
decode_spec (const struct plan_spec *s)
{
  static struct buf b;
  struct plan p;
  build_plan (&b, s);
  return decode (&b, b.len, &p);
}

/* Decoding the frame in the buffer B fails with EXPECTED. */
#define EXPECT_FRAME_ERROR(b, expected)                                                           \
  do                                                                                              \
    {                                                                                             \
      struct plan p_;                                                                             \
      const char *err_ = decode (&(b), (b).len, &p_);                                             \
      CHECK (str_eq (err_, expected), "%s", err_);                                                \
    }                                                                                             \
  while (0)

/* ---- the tests ---------------------------------------------------------- */

static void
plan_round_trip (void)
{
  static struct buf b;
  struct plan p;
  const char *err;
  build_plan (&b, &GOOD);
  err = decode (&b, b.len, &p);
  CHECK (err == NULL, "a valid plan decodes: %s", err);
  if (err != NULL)
    return;
  CHECK (str_eq (p.name, "hello:0.0.1") && str_eq (p.root, GOOD.root) && str_eq (p.path, "/hello"), "names");
  CHECK (p.argc == 2 && str_eq (p.argv[0], "/hello") && str_eq (p.argv[1], "--loud") && p.argv[2] == NULL,
         "argv is NULL-terminated");
  CHECK (p.envc == 1 && str_eq (p.envp[0], "PATH=/bin") && p.envp[1] == NULL, "env");
  CHECK (p.uid == 1000 && p.gid == 1001, "ids %u %u", p.uid, p.gid);
  CHECK (p.ngroups == 2 && p.groups[0] == 20 && p.groups[1] == (gid_t) 4000000000u, "groups");
  CHECK (p.network == FORKER_NET_JOIN && str_eq (p.netns, "/proc/1/ns/net"), "network");
  CHECK (p.ncgroup_procs == 1 && str_eq (p.cgroup_procs[0], "/sys/fs/cgroup/pids/northstar/hello/cgroup.procs"),
         "cgroups");
  CHECK (p.nmounts == 2, "two mounts");
  CHECK (p.mounts[0].source_kind == FORKER_SOURCE_NAME && p.mounts[0].source_root == NULL
             && str_eq (p.mounts[0].source, "proc") && str_eq (p.mounts[0].target, "proc")
             && p.mounts[0].target_mode == FORKER_TARGET_CREATE && str_eq (p.mounts[0].fstype, "proc")
             && p.mounts[0].flags == 0xE && p.mounts[0].data == NULL,
         "proc mount, empty source root and data are NULL");
  CHECK (p.mounts[1].source_kind == FORKER_SOURCE_BENEATH && str_eq (p.mounts[1].source_root, "/run/northstar/res:0.0.1")
             && str_eq (p.mounts[1].source, "share") && p.mounts[1].major == 1 && p.mounts[1].minor == 3
             && str_eq (p.mounts[1].target, "data") && p.mounts[1].target_mode == FORKER_TARGET_OPTIONAL
             && p.mounts[1].fstype == NULL && str_eq (p.mounts[1].data, "size=1m"),
         "source below a root, empty fstype is NULL");
  CHECK (p.mounts[1].flags == (0x1000ull | (1ull << 40)), "u64 flags keep their high word");
  CHECK (p.nrlimits == 2 && p.rlimits[0].resource == 7 && p.rlimits[0].soft == 1024 && p.rlimits[0].hard == 4096,
         "rlimit");
  CHECK (p.rlimits[1].soft == UINT64_MAX && p.rlimits[1].hard == UINT64_MAX, "RLIM_INFINITY is u64 max");
  CHECK (p.sched_set == 1 && p.sched_policy == 2 && p.sched_priority == 10, "sched");
  CHECK (p.nice_set == 1 && p.nice == -5, "negative nice %d", p.nice);
  CHECK (p.cap_bounding == 0x0102030405060708ull, "u64 byte order %llx", (unsigned long long) p.cap_bounding);
  CHECK (p.cap_effective == 1ull << 12 && p.cap_permitted == ((1ull << 12) | (1ull << 40)) && p.cap_inheritable == 0
             && p.cap_ambient == 1ull << 40,
         "capability sets");
  CHECK (p.no_new_privs == 1 && str_eq (p.selinux_exec, "system_u:system_r:container_t:s0"), "nnp, selinux");
  CHECK (p.filter_len == 2 && p.filter != NULL && ((const uint8_t *) p.filter)[9] == 9, "seccomp: 2 instructions");
  CHECK (((uintptr_t) p.filter) % 8 == 0, "seccomp program aligned for the kernel");
  CHECK (p.init_filter_len == 1 && ((const uint8_t *) p.init_filter)[0] == 0x80
             && ((uintptr_t) p.init_filter) % 8 == 0,
         "init's own filter: 1 instruction, aligned");
  CHECK (p.nfds == 3, "nfds");
}

/* A plan cut anywhere is an error, never a crash or a read past the end: each cut frame ends
 * where an inaccessible page begins, so a read beyond it kills the test. */
static void
every_truncation_is_rejected (void)
{
  static struct buf b;
  struct plan p;
  struct reader r;
  size_t len, page = (size_t) sysconf (_SC_PAGESIZE);
  uint8_t *guarded;
  int all = 1;
  const char *err;

  build_plan (&b, &GOOD);
  guarded = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (guarded == MAP_FAILED || mprotect (guarded + page, page, PROT_NONE) < 0 || b.len > page)
    {
      CHECK (0, "guard page: %s", strerror (errno));
      return;
    }
  for (len = 0; len <= b.len; len++)
    {
      uint8_t *frame = guarded + page - len;
      memcpy (frame, b.data, len);
      memset (&p, 0, sizeof (p));
      reader_init (&r, frame, len, arena, len * 4 + 4096);
      err = plan_decode (&r, &p);
      if ((err == NULL) != (len == b.len))
        {
          all = 0;
          printf ("FAIL: a plan cut to %zu of %zu bytes: %s\n", len, b.len, err ? err : "decoded");
        }
    }
  CHECK (all, "every truncation rejected, the whole plan decoded, nothing read past the end");
  munmap (guarded, 2 * page);
}

static void
trailing_bytes_are_rejected (void)
{
  static struct buf b;
  build_plan (&b, &GOOD);
  put_u8 (&b, 0);
  EXPECT_FRAME_ERROR (b, "trailing bytes after the launch plan");
}

/* The good plan with one field changed: decoding it gives EXPECTED (NULL: it decodes). */
#define EXPECT_DECODE(field, value, expected)                                                     \
  do                                                                                              \
    {                                                                                             \
      struct plan_spec s = GOOD;                                                                  \
      const char *err;                                                                            \
      s.field = (value);                                                                          \
      err = decode_spec (&s);                                                                     \
      CHECK (str_eq (err, expected), "%s = %s: %s", #field, #value, err ? err : "decodes");      \
    }                                                                                             \
  while (0)

static void
invalid_plans_are_rejected (void)
{
  EXPECT_DECODE (root, "run/relative", "root is not an absolute path");
  EXPECT_DECODE (argc, 0, "argv is empty");
  EXPECT_DECODE (network, 3, "unknown network mode");
  EXPECT_DECODE (netns, "", "network namespace path missing");
  EXPECT_DECODE (mount_target, "/run/northstar/hello:0.0.1/proc", "mount target is not relative to the root");
  EXPECT_DECODE (source_kind, 5, "unknown mount source kind");
  EXPECT_DECODE (target_mode, 3, "unknown mount target mode");
  EXPECT_DECODE (init_filter_bytes, (BPF_MAXINSNS + 1) * 8, "seccomp program longer than BPF_MAXINSNS");
  EXPECT_DECODE (filter_bytes, 12, "byte string length is not a multiple of its element size");
  EXPECT_DECODE (filter_bytes, (BPF_MAXINSNS + 1) * 8, "seccomp program longer than BPF_MAXINSNS");
  /* the longest program the kernel takes */
  EXPECT_DECODE (filter_bytes, BPF_MAXINSNS * 8, NULL);
}

/* Counts and lengths larger than the frame fail before anything is allocated for them. */
static void
hostile_counts_are_rejected (void)
{
  static struct buf b;

  b.len = 0;
  put_str (&b, "x");
  put_str (&b, "/");
  put_str (&b, "/x");
  put_u32 (&b, 0xFFFFFFFFu); /* argv count */
  EXPECT_FRAME_ERROR (b, "string list count exceeds frame");

  b.len = 0;
  put_u32 (&b, 0xFFFFFFF0u); /* name length */
  put_str (&b, "x");
  EXPECT_FRAME_ERROR (b, "truncated string");

  b.len = 0;
  put_str (&b, "x");
  put_str (&b, "/");
  put_str (&b, "/x");
  put_u32 (&b, 1);
  put_str (&b, "/x");
  put_u32 (&b, 0);
  put_u32 (&b, 0);
  put_u32 (&b, 0);
  put_u32 (&b, 0x40000000u); /* ngroups: 4 GiB of gids */
  EXPECT_FRAME_ERROR (b, "group count exceeds frame");
}

static void
nul_in_string_is_rejected (void)
{
  static struct buf b;
  b.len = 0;
  put_u32 (&b, 3);
  put_mem (&b, "a\0b", 3);
  EXPECT_FRAME_ERROR (b, "string contains a NUL byte");
}

/* The arena bounds what a frame can make the forker allocate. */
static void
arena_is_bounded (void)
{
  static struct buf b;
  struct plan p;
  struct reader r;
  const char *err;
  build_plan (&b, &GOOD);
  memset (&p, 0, sizeof (p));
  reader_init (&r, b.data, b.len, arena, 64);
  err = plan_decode (&r, &p);
  CHECK (str_eq (err, "frame decodes to more data than it carries"), "%s", err);
}

static void
scalar_reads_stop_at_the_end (void)
{
  const uint8_t bytes[] = { 0x80, 0, 0, 1, 0xFF };
  struct reader r;
  reader_init (&r, bytes, sizeof (bytes), NULL, 0);
  CHECK (rd_i32 (&r) == INT32_MIN + 1, "i32 is two's complement");
  CHECK (rd_u8 (&r) == 0xFF && r.error == NULL, "u8");
  CHECK (rd_u32 (&r) == 0 && str_eq (r.error, "truncated u32"), "read past the end: %s", r.error);
  CHECK (rd_u8 (&r) == 0 && str_eq (r.error, "truncated u32"), "the first error sticks");
}

static void
writer_encodes_frames (void)
{
  struct writer w;
  struct reader r;
  size_t n;
  char *s;
  char long_string[2000];

  writer_start (&w, FORKER_MSG_START_FAILED, 42);
  wr_str (&w, "pivot_root");
  wr_i32 (&w, -22);
  wr_u8 (&w, 7);
  wr_str (&w, NULL);
  n = writer_finish (&w);
  CHECK (!w.overflow && n == 4 + 4 + 4 + 4 + 10 + 4 + 1 + 4, "frame size %zu", n);
  CHECK (w.buf[0] == 0 && w.buf[1] == 0 && w.buf[2] == 0 && w.buf[3] == n - 4, "length field counts what follows");

  reader_init (&r, w.buf, n, arena, sizeof (arena));
  CHECK (rd_u32 (&r) == n - 4, "length");
  CHECK (rd_u32 (&r) == FORKER_MSG_START_FAILED && rd_u32 (&r) == 42, "type and id");
  s = rd_str (&r, 0);
  CHECK (str_eq (s, "pivot_root"), "step %s", s);
  CHECK (rd_i32 (&r) == -22 && rd_u8 (&r) == 7, "i32, u8");
  CHECK (rd_str (&r, 1) == NULL && r.error == NULL && r.off == n, "NULL is the empty string");

  memset (long_string, 'x', sizeof (long_string) - 1);
  long_string[sizeof (long_string) - 1] = '\0';
  writer_start (&w, FORKER_MSG_ERROR, 1);
  wr_str (&w, long_string);
  n = writer_finish (&w);
  CHECK (!w.overflow && n == 12 + 4 + 1024, "messages are cut at 1024 bytes: %zu", n);

  writer_start (&w, FORKER_MSG_ERROR, 1);
  for (n = 0; n < 5; n++)
    wr_str (&w, long_string);
  writer_finish (&w);
  CHECK (w.overflow, "a reply larger than the buffer is flagged, not written past it");
}

int
main (void)
{
  plan_round_trip ();
  every_truncation_is_rejected ();
  trailing_bytes_are_rejected ();
  invalid_plans_are_rejected ();
  hostile_counts_are_rejected ();
  nul_in_string_is_rejected ();
  arena_is_bounded ();
  scalar_reads_stop_at_the_end ();
  writer_encodes_frames ();
  printf ("wire-test: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
