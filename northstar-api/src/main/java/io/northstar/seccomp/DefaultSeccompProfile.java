package io.northstar.seccomp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The syscall names of Northstar's built-in {@code profile: default} (Docker-like), as plain
 * data: the base list, the per-architecture additions and the additions per granted capability.
 * Names are kept even where an architecture lacks the syscall; translation to numbers (which
 * skips such names) happens when a filter is built.
 *
 * <p>Unlike Northstar's list, {@code io_uring_setup}, {@code io_uring_enter} and
 * {@code io_uring_register} are not in it (docs/compatibility.md): io_uring has been the way
 * into many kernel privilege escalations and Docker dropped it from its default profile in 2023.
 * A manifest that needs it lists the three in its {@code allow} map.
 */
public final class DefaultSeccompProfile {
    /**
     * Namespace flags of {@code clone(2)}: CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
     * CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET. Without CAP_SYS_ADMIN a
     * container may clone only without them.
     */
    public static final long CLONE_NAMESPACE_FLAGS = 0x7E020000L;

    /** The only syscall of the base list that carries an argument rule (argument 0). */
    public static final String PERSONALITY = "personality";

    /**
     * The personality(2) values Docker allows: PER_LINUX, PER_LINUX32, UNAME26,
     * PER_LINUX32|UNAME26 and 0xFFFFFFFF (query the current persona).
     */
    public static final List<Long> PERSONALITY_VALUES = List.of(0x0L, 0x8L, 0x20000L, 0x20008L, 0xFFFFFFFFL);

    /** Names of the io_uring syscalls this profile leaves out on purpose. */
    public static final List<String> IO_URING = List.of("io_uring_setup", "io_uring_enter", "io_uring_register");

    private static final List<String> BASE = List.of(
            "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "capget", "capset",
            "chdir", "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64",
            "clock_getres", "clock_getres_time64", "clock_gettime", "clock_gettime64",
            "clock_nanosleep", "clock_nanosleep_time64", "close", "close_range", "connect",
            "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1",
            "epoll_ctl", "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait",
            "epoll_wait_old", "eventfd", "eventfd2", "execve", "execveat", "exit", "exit_group",
            "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fanotify_mark",
            "fchdir", "fchmod", "fchmodat", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64",
            "fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr",
            "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate",
            "ftruncate64", "futex", "futex_time64", "futimesat", "getcpu", "getcwd", "getdents",
            "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32",
            "getgroups", "getgroups32", "getitimer", "getpeername", "getpgid", "getpgrp", "getpid",
            "getppid", "getpriority", "getrandom", "getresgid", "getresgid32", "getresuid",
            "getresuid32", "getrlimit", "get_robust_list", "getrusage", "getsid", "getsockname",
            "getsockopt", "get_thread_area", "gettid", "gettimeofday", "getuid", "getuid32",
            "getxattr", "inotify_add_watch", "inotify_init", "inotify_init1", "inotify_rm_watch",
            "io_cancel", "ioctl", "io_destroy", "io_getevents", "io_pgetevents",
            "io_pgetevents_time64", "ioprio_get", "ioprio_set", "io_setup", "io_submit",
            "ipc", "kill", "lchown",
            "lchown32", "lgetxattr", "link", "linkat", "listen", "listxattr", "llistxattr",
            "_llseek", "lremovexattr", "lseek", "lsetxattr", "lstat", "lstat64", "madvise",
            "membarrier", "memfd_create", "mincore", "mkdir", "mkdirat", "mknod", "mknodat",
            "mlock", "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mq_getsetattr",
            "mq_notify", "mq_open", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend",
            "mq_timedsend_time64", "mq_unlink", "mremap", "msgctl", "msgget", "msgrcv", "msgsnd",
            "msync", "munlock", "munlockall", "munmap", "nanosleep", "newfstatat", "_newselect",
            "open", "openat", "openat2", "pause", "pidfd_open", "pidfd_send_signal", "pipe",
            "pipe2", "poll", "ppoll", "ppoll_time64", "prctl", "pread64", "preadv", "preadv2",
            "prlimit64", "pselect6", "pselect6_time64", "pwrite64", "pwritev", "pwritev2", "read",
            "readahead", "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg",
            "recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr", "rename", "renameat",
            "renameat2", "restart_syscall", "rmdir", "rseq", "rt_sigaction", "rt_sigpending",
            "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend",
            "rt_sigtimedwait", "rt_sigtimedwait_time64", "rt_tgsigqueueinfo", "sched_getaffinity",
            "sched_getattr", "sched_getparam", "sched_get_priority_max", "sched_get_priority_min",
            "sched_getscheduler", "sched_rr_get_interval", "sched_rr_get_interval_time64",
            "sched_setaffinity", "sched_setattr", "sched_setparam", "sched_setscheduler",
            "sched_yield", "seccomp", "select", "semctl", "semget", "semop", "semtimedop",
            "semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto",
            "setfsgid", "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups",
            "setgroups32", "setitimer", "setpgid", "setpriority", "setregid", "setregid32",
            "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32",
            "setrlimit", "set_robust_list", "setsid", "setsockopt", "set_thread_area",
            "set_tid_address", "setuid", "setuid32", "setxattr", "shmat", "shmctl", "shmdt",
            "shmget", "shutdown", "sigaltstack", "signalfd", "signalfd4", "sigprocmask",
            "sigreturn", "socket", "socketcall", "socketpair", "splice", "stat", "stat64",
            "statfs", "statfs64", "statx", "symlink", "symlinkat", "sync", "sync_file_range",
            "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create", "timer_delete",
            "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime",
            "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64",
            "timerfd_settime", "timerfd_settime64", "times", "tkill", "truncate", "truncate64",
            "ugetrlimit", "umask", "uname", "unlink", "unlinkat", "utime", "utimensat",
            "utimensat_time64", "utimes", "vfork", "vmsplice", "wait4", "waitid", "waitpid",
            "write", "writev", "process_vm_readv", "process_vm_writev", "ptrace", "personality"
    );

    private static final Map<SeccompArchitecture, List<String>> ARCHITECTURE_EXTRAS = Map.of(
            SeccompArchitecture.AARCH64, List.of("arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2",
                    "breakpoint", "cacheflush", "set_tls"),
            SeccompArchitecture.X86_64, List.of("arch_prctl", "modify_ldt"));

    private static final Map<String, List<String>> CAPABILITY_EXTRAS = Map.ofEntries(
            Map.entry("CAP_DAC_READ_SEARCH", List.of("open_by_handle_at")),
            Map.entry("CAP_SYS_ADMIN", List.of("bpf", "clone", "fanotify_init", "fsconfig", "fsmount", "fsopen",
                    "fspick", "lookup_dcookie", "mount", "move_mount", "name_to_handle_at", "open_tree",
                    "perf_event_open", "quotactl", "setdomainname", "sethostname", "setns", "syslog", "umount",
                    "umount2", "unshare")),
            Map.entry("CAP_SYS_BOOT", List.of("reboot")),
            Map.entry("CAP_SYS_CHROOT", List.of("chroot")),
            Map.entry("CAP_SYS_MODULE", List.of("delete_module", "init_module", "finit_module")),
            Map.entry("CAP_SYS_PACCT", List.of("acct")),
            Map.entry("CAP_SYS_PTRACE", List.of("kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv",
                    "process_vm_writev", "ptrace")),
            Map.entry("CAP_SYS_RAWIO", List.of("iopl", "ioperm")),
            Map.entry("CAP_SYS_TIME", List.of("settimeofday", "stime", "clock_settime")),
            Map.entry("CAP_SYS_TTY_CONFIG", List.of("vhangup")),
            Map.entry("CAP_SYS_NICE", List.of("get_mempolicy", "mbind", "set_mempolicy")),
            Map.entry("CAP_SYSLOG", List.of("syslog")));

    private DefaultSeccompProfile() {
    }

    /**
     * The base list followed by the additions of {@code architecture}, in the documented order.
     * {@link #PERSONALITY} is among them; only it is restricted by an argument rule.
     */
    public static List<String> baseSyscalls(SeccompArchitecture architecture) {
        List<String> names = new ArrayList<>(BASE);
        names.addAll(ARCHITECTURE_EXTRAS.get(architecture));
        return Collections.unmodifiableList(names);
    }

    /** The syscalls a granted capability (e.g. {@code CAP_SYS_ADMIN}) adds; empty for others. */
    public static List<String> capabilitySyscalls(String capability) {
        return CAPABILITY_EXTRAS.getOrDefault(capability, List.of());
    }
}
