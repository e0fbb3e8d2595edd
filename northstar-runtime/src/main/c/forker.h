/*
 * Internal declarations of northstar-forker. See forker_protocol.h for the
 * wire format and forker.c for the process model.
 */
#ifndef NORTHSTAR_FORKER_H
#define NORTHSTAR_FORKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/filter.h>
#include <sys/syscall.h>

/* openat2(2), Linux 5.6; the number is the same on every architecture */
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

/* ---- wire.c: bounds-checked frame decoding and encoding ---------------- */

struct reader {
  const uint8_t *buf;
  size_t len;
  size_t off;
  const char *error; /* first decoding error, NULL while all is well */
  /* strings and arrays are copied into one arena owned by the decoded value */
  char *arena;
  size_t arena_used;
  size_t arena_cap;
};

void reader_init (struct reader *r, const uint8_t *buf, size_t len, char *arena, size_t arena_cap);
uint8_t rd_u8 (struct reader *r);
uint32_t rd_u32 (struct reader *r);
int32_t rd_i32 (struct reader *r);
uint64_t rd_u64 (struct reader *r);
/* Returns a NUL-terminated copy, "" mapped to NULL if empty_is_null. */
char *rd_str (struct reader *r, int empty_is_null);
/* Returns a NULL-terminated array of copies; *count receives the length. */
char **rd_strlist (struct reader *r, uint32_t *count);
void *rd_bytes (struct reader *r, uint32_t *len, size_t align);
void *rd_alloc (struct reader *r, size_t size);

struct writer {
  uint8_t buf[4096];
  size_t len;
  int overflow;
};

void writer_start (struct writer *w, uint32_t type, uint32_t id);
void wr_u8 (struct writer *w, uint8_t v);
void wr_u32 (struct writer *w, uint32_t v);
void wr_i32 (struct writer *w, int32_t v);
void wr_str (struct writer *w, const char *s);
/* Fills in the length field; returns the frame size. */
size_t writer_finish (struct writer *w);

/* ---- the launch plan ---------------------------------------------------- */

struct mount_op {
  uint8_t source_kind; /* FORKER_SOURCE_* */
  const char *source_root;
  const char *source;
  uint32_t major;
  uint32_t minor;
  const char *target; /* relative to plan.root, "" = the root */
  uint8_t target_mode; /* FORKER_TARGET_* */
  const char *fstype;
  uint64_t flags;
  const char *data;
};

struct rlimit_op {
  uint32_t resource;
  uint64_t soft;
  uint64_t hard;
};

struct plan {
  const char *name;
  const char *root;
  const char *path;
  char **argv;
  uint32_t argc;
  char **envp;
  uint32_t envc;
  uint32_t uid;
  uint32_t gid;
  uint32_t ngroups;
  gid_t *groups;
  uint8_t network;
  const char *netns;
  char **cgroup_procs;
  uint32_t ncgroup_procs;
  struct mount_op *mounts;
  uint32_t nmounts;
  struct rlimit_op *rlimits;
  uint32_t nrlimits;
  uint8_t sched_set;
  int32_t sched_policy;
  int32_t sched_priority;
  uint8_t nice_set;
  int32_t nice;
  uint64_t cap_bounding;
  uint64_t cap_effective;
  uint64_t cap_permitted;
  uint64_t cap_inheritable;
  uint64_t cap_ambient;
  uint8_t no_new_privs;
  const char *selinux_exec;
  struct sock_filter *filter;
  uint32_t filter_len;
  struct sock_filter *init_filter;
  uint32_t init_filter_len;
  uint32_t nfds;
  int fds[64];
};

/* Decodes a START payload. Returns NULL on success, else a message. */
const char *plan_decode (struct reader *r, struct plan *plan);

/* Bytes of arena a decoded launch plan of a frame of frame_len bytes needs at most: strings and
 * arrays are copied out of the frame, 16-byte aligned, and pointer arrays take more room than the
 * counts that announce them. Frames are bounded by the protocol, so this cannot overflow. */
static inline size_t
plan_arena_size (size_t frame_len)
{
  return frame_len * 4 + 4096;
}

/* ---- init.c: the container's init and application process ------------- */

/* Message init sends to the forker over its channel (fixed layout, same host). */
/* init forked the application; the exec status pipe tells the rest */
#define INIT_MSG_FORKED 1
#define INIT_MSG_FAILED 2
#define INIT_MSG_EXIT 3

struct init_msg {
  int32_t type;
  int32_t err;   /* FAILED: errno */
  int32_t kind;  /* EXIT: FORKER_EXIT_* */
  int32_t value; /* EXIT: code or signal */
  char step[64];
  char detail[512];
};

/* Runs in the child created with CLONE_NEWPID; never returns. exec_status
 * is the write end of the forker's exec status pipe: the application writes
 * its failure there, and its close-on-exec copy closing means execve
 * succeeded. */
void init_main (const struct plan *plan, int channel, int exec_status) __attribute__ ((noreturn));

/* ---- rexec.c ------------------------------------------------------------ */

/* Re-executes the current binary from a sealed memfd unless it already runs
 * from one (rexec.c). Returns 0 when running from the sealed copy. */
int rexec_sealed (char **argv);

#endif
