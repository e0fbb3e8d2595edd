/*
 * Wire format between the Northstar runtime (JVM) and northstar-forker.
 *
 * The Java twin of this file is io.northstar.runtime.fork.ForkerProtocol;
 * both must change together (bump FORKER_PROTOCOL_VERSION).
 *
 * Transport: one AF_UNIX SOCK_SEQPACKET connection. One packet carries
 * exactly one frame, so a malformed frame can be rejected on its own without
 * losing the framing of the next one. File descriptors travel in the same
 * packet as SCM_RIGHTS ancillary data.
 *
 * All integers are big-endian. Encodings used below:
 *   u8 / u32 / i32 / u64   fixed width
 *   str      u32 byte length, then the bytes (no NUL byte allowed inside)
 *   strlist  u32 count, then count x str
 *   bytes    u32 byte length, then the bytes
 *
 * Frame:
 *   u32 length      number of bytes after this field (type + id + payload)
 *   u32 type        FORKER_MSG_*
 *   u32 id          request id chosen by the runtime; replies echo it;
 *                   0 in unsolicited messages (EXIT)
 *   ...             payload, by type:
 *
 * HELLO (forker -> runtime, first frame after connecting, id 0)
 *   u32 protocol version, u32 forker pid
 *
 * START (runtime -> forker) + SCM_RIGHTS fds, the launch plan:
 *   str      name           "<name>:<version>", used in process names/messages
 *   str      root           host path of the container root (pivot_root target;
 *                           must be a mount point once the mount list ran)
 *   str      path           executable, as seen inside the container
 *   strlist  argv
 *   strlist  env            "K=V" entries, the complete environment
 *   u32      uid
 *   u32      gid
 *   u32      ngroups, then ngroups x u32 supplementary gids
 *   u8       network        FORKER_NET_*
 *   str      netns          path of the namespace file for FORKER_NET_JOIN, else ""
 *   strlist  cgroup procs   files init writes "0" to before anything else
 *                           (cgroup.procs of each hierarchy)
 *   u32      nmounts, then per mount, one mount(2) call each, in order:
 *              u8  source kind      FORKER_SOURCE_*
 *              str source root      BENEATH: host directory the source is
 *                                   resolved in; else ""
 *              str source           NAME: passed as is ("proc"); HOST: host
 *                                   path; BENEATH: path below the source
 *                                   root; CHAR_DEVICE: host path; NONE: ""
 *              u32 major, u32 minor CHAR_DEVICE: what fstat must show; else 0
 *              str target           relative to root ("" = root itself),
 *                                   always resolved inside root
 *              u8  target mode      FORKER_TARGET_*
 *              str fstype ("" = NULL), u64 flags, str data ("" = NULL)
 *            Paths are opened with openat2(O_PATH) and mounted through
 *            /proc/self/fd/N: targets and BENEATH sources with
 *            RESOLVE_IN_ROOT|RESOLVE_NO_SYMLINKS|RESOLVE_NO_MAGICLINKS,
 *            HOST sources with RESOLVE_NO_MAGICLINKS, CHAR_DEVICE sources
 *            with RESOLVE_NO_SYMLINKS|RESOLVE_NO_MAGICLINKS.
 *   u32      nrlimits, then per rlimit: u32 resource, u64 soft, u64 hard
 *                           (u64 max = RLIM_INFINITY)
 *   u8       sched set (0/1), i32 policy, i32 priority,
 *            u8 nice set (0/1), i32 nice
 *   u64      capability bounding set (bit n = capability n)
 *   u64      effective
 *   u64      permitted
 *   u64      inheritable
 *   u64      ambient
 *   u8       no_new_privs (0/1)
 *   str      SELinux exec context written to /proc/thread-self/attr/exec by
 *            init (host /proc, before any namespace step); "" = none
 *   bytes    seccomp: classic BPF program, 8 bytes per instruction
 *            (u16 code, u8 jt, u8 jf, u32 k, host byte order as the kernel
 *            expects it); empty = no filter
 *   bytes    seccomp filter of init itself, installed once the application
 *            runs and init has dropped every privilege (same encoding);
 *            empty = none
 *   u32      nfds           number of SCM_RIGHTS fds in this packet (>= 3);
 *                           the i-th fd becomes fd i in the container
 *                           (0 stdin, 1 stdout, 2 stderr, 3.. console/sockets)
 *
 * KILL (runtime -> forker)
 *   u32 pid (init pid as returned by STARTED), i32 signal
 *   The signal goes to the process group of init.
 *
 * STARTED (forker -> runtime): the application was exec'd
 *   u32 pid         host pid of the container's init (pid 1 inside)
 *
 * START_FAILED (forker -> runtime): nothing of the container is left
 *   str step        the step that failed, e.g. "pivot_root"
 *   i32 errno       errno of the failing call (0 if none)
 *   str detail      context (path, value), may be ""
 *
 * KILL_RESULT (forker -> runtime)
 *   i32 errno       0 = delivered
 *
 * EXIT (forker -> runtime, id 0): a container ended and init was reaped
 *   u32 pid         init pid
 *   u8  kind        FORKER_EXIT_*
 *   i32 value       exit code or signal number
 *
 * ERROR (forker -> runtime): a frame could not be decoded
 *   str message
 */
#ifndef NORTHSTAR_FORKER_PROTOCOL_H
#define NORTHSTAR_FORKER_PROTOCOL_H

#define FORKER_PROTOCOL_VERSION 3

/* Largest frame (length field + content) either side sends. */
#define FORKER_MAX_FRAME (1024 * 1024)
/* Most fds one START may carry. */
#define FORKER_MAX_FDS 64

#define FORKER_MSG_HELLO 1
#define FORKER_MSG_START 2
#define FORKER_MSG_KILL 3
#define FORKER_MSG_STARTED 101
#define FORKER_MSG_START_FAILED 102
#define FORKER_MSG_KILL_RESULT 103
#define FORKER_MSG_EXIT 104
#define FORKER_MSG_ERROR 105

#define FORKER_NET_NEW 0
#define FORKER_NET_HOST 1
#define FORKER_NET_JOIN 2

#define FORKER_SOURCE_NONE 0
#define FORKER_SOURCE_NAME 1
#define FORKER_SOURCE_HOST 2
#define FORKER_SOURCE_BENEATH 3
#define FORKER_SOURCE_CHAR_DEVICE 4

/* what happens when the target does not exist */
#define FORKER_TARGET_EXISTING 0 /* the start fails */
#define FORKER_TARGET_OPTIONAL 1 /* the mount is skipped */
#define FORKER_TARGET_CREATE 2   /* a directory (or an empty file for a
                                    source that is not a directory) is
                                    created, fd-relative, inside root */

#define FORKER_EXIT_CODE 0
#define FORKER_EXIT_SIGNAL 1

#endif
