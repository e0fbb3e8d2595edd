/*
 * Fuzz target for the forker's launch plan decoder (plan_decode in
 * src/main/c/wire.c): the payload of a START frame, exactly as do_start in
 * forker.c hands it over, decoded into an arena of the same size.
 *
 * Expected outcomes: plan_decode returns NULL and every pointer of the plan
 * lies inside the arena, or it returns an error message. A sanitizer report
 * (out-of-bounds access, overflow, leak) or a crash is a finding.
 *
 * Two builds (docs/reliability.md, "Fuzzing"):
 *   clang -fsanitize=fuzzer,address,undefined   libFuzzer drives it (mvn -Pfuzz)
 *   gcc -fsanitize=address,undefined -DREPLAY    main() below replays files:
 *     plan-decode-fuzz [--expect-accept] FILE|DIR...
 *   prints one line per input; exits 1 if --expect-accept and a plan is rejected.
 */
#include "forker.h"
#include "forker_protocol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
inside (const char *arena, size_t cap, const void *p, size_t n)
{
  const char *c = p;
  return c >= arena && c <= arena + cap && n <= (size_t) (arena + cap - c);
}

/* Touches every decoded byte so the sanitizers see any pointer outside the arena. */
static void
check_plan (const struct plan *p, const char *arena, size_t cap)
{
  size_t i;
  const char *strs[] = { p->name, p->root, p->path, p->netns, p->selinux_exec };
  for (i = 0; i < sizeof (strs) / sizeof (strs[0]); i++)
    if (strs[i] != NULL && !inside (arena, cap, strs[i], strlen (strs[i]) + 1))
      abort ();
  for (i = 0; i < p->argc; i++)
    if (!inside (arena, cap, p->argv[i], strlen (p->argv[i]) + 1))
      abort ();
  if (p->argv[p->argc] != NULL)
    abort ();
  for (i = 0; i < p->envc; i++)
    if (!inside (arena, cap, p->envp[i], strlen (p->envp[i]) + 1))
      abort ();
  for (i = 0; i < p->ncgroup_procs; i++)
    if (!inside (arena, cap, p->cgroup_procs[i], strlen (p->cgroup_procs[i]) + 1))
      abort ();
  if (p->ngroups > 0 && !inside (arena, cap, p->groups, p->ngroups * sizeof (gid_t)))
    abort ();
  for (i = 0; i < p->nmounts; i++)
    {
      const struct mount_op *m = &p->mounts[i];
      if (!inside (arena, cap, m, sizeof (*m)) || m->target == NULL || m->target[0] == '/')
        abort ();
      if (!inside (arena, cap, m->target, strlen (m->target) + 1))
        abort ();
      if (m->source_root != NULL && !inside (arena, cap, m->source_root, strlen (m->source_root) + 1))
        abort ();
      if (m->source != NULL && !inside (arena, cap, m->source, strlen (m->source) + 1))
        abort ();
      if (m->fstype != NULL && !inside (arena, cap, m->fstype, strlen (m->fstype) + 1))
        abort ();
      if (m->data != NULL && !inside (arena, cap, m->data, strlen (m->data) + 1))
        abort ();
    }
  if (p->nrlimits > 0 && !inside (arena, cap, p->rlimits, p->nrlimits * sizeof (struct rlimit_op)))
    abort ();
  if (p->filter_len > 0 && !inside (arena, cap, p->filter, p->filter_len * sizeof (struct sock_filter)))
    abort ();
  if (p->init_filter_len > 0
      && !inside (arena, cap, p->init_filter, p->init_filter_len * sizeof (struct sock_filter)))
    abort ();
}

/* Returns the decoder's message, or NULL for an accepted plan. */
static const char *
decode (const uint8_t *data, size_t len)
{
  /* the arena do_start (forker.c) allocates for a payload of len bytes */
  size_t cap = plan_arena_size (len);
  char *arena = malloc (cap);
  struct plan plan;
  struct reader r;
  const char *err;
  if (arena == NULL)
    abort ();
  memset (&plan, 0, sizeof (plan));
  reader_init (&r, data, len, arena, cap);
  err = plan_decode (&r, &plan);
  if (err == NULL)
    check_plan (&plan, arena, cap);
  free (arena);
  return err;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* the forker never reads a frame larger than this */
  if (size <= FORKER_MAX_FRAME)
    decode (data, size);
  return 0;
}

#ifdef REPLAY
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static int expect_accept;
static int failures;

static void
replay_file (const char *path)
{
  FILE *f = fopen (path, "rb");
  uint8_t *buf;
  long n;
  const char *err;
  if (f == NULL || fseek (f, 0, SEEK_END) != 0 || (n = ftell (f)) < 0 || fseek (f, 0, SEEK_SET) != 0)
    {
      fprintf (stderr, "%s: cannot read: %s\n", path, strerror (errno));
      exit (2);
    }
  buf = malloc ((size_t) n + 1);
  if (buf == NULL || fread (buf, 1, (size_t) n, f) != (size_t) n)
    {
      fprintf (stderr, "%s: cannot read: %s\n", path, strerror (errno));
      exit (2);
    }
  fclose (f);
  err = (size_t) n <= FORKER_MAX_FRAME ? decode (buf, (size_t) n) : "larger than FORKER_MAX_FRAME";
  printf ("%s: %s\n", path, err == NULL ? "accepted" : err);
  if (err != NULL && expect_accept)
    failures++;
  free (buf);
}

static void
replay (const char *path)
{
  struct stat st;
  DIR *d;
  struct dirent *e;
  char child[4096];
  if (stat (path, &st) != 0)
    {
      fprintf (stderr, "%s: %s\n", path, strerror (errno));
      exit (2);
    }
  if (!S_ISDIR (st.st_mode))
    {
      replay_file (path);
      return;
    }
  d = opendir (path);
  if (d == NULL)
    {
      fprintf (stderr, "%s: %s\n", path, strerror (errno));
      exit (2);
    }
  while ((e = readdir (d)) != NULL)
    {
      if (e->d_name[0] == '.')
        continue;
      snprintf (child, sizeof (child), "%s/%s", path, e->d_name);
      replay (child);
    }
  closedir (d);
}

int
main (int argc, char **argv)
{
  int i;
  for (i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--expect-accept") == 0)
        expect_accept = 1;
      else
        replay (argv[i]);
    }
  return failures > 0;
}
#endif
