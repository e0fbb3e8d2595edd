/*
 * Test helper: runs a child under a seccomp BPF program compiled by the Java seccomp compiler
 * and reports how the child ended.
 *
 *   seccomp-exec [OPTION...] FILTER PROGRAM [ARG...]      exec PROGRAM under the filter
 *   seccomp-exec [OPTION...] FILTER --syscall NR [A0..A5] call syscall NR, write its result, exit 0
 *   seccomp-exec [OPTION...] FILTER --int80 NR            (x86_64) i386 syscall NR via int 0x80
 *
 * Options prepare the child the way the runtime prepares a container process:
 *   --socket NAME TYPE PATH MODE  bind a unix socket (stream|datagram|seq_packet) at PATH with
 *                                 permissions MODE (octal), listen (stream, seq_packet) and pass
 *                                 it as NORTHSTAR_SOCKET_NAME=<fd>
 *   --user UID:GID                drop supplementary groups, then setgid/setuid
 *
 * FILTER is a file holding the struct sock_filter array (native byte order) or "-" for no
 * filter. Numbers accept C prefixes (0x...). The child sets PR_SET_NO_NEW_PRIVS, installs the
 * filter and execs/calls, so the program runs exactly as a container process would after
 * the forker's sandbox step. The parent prints the last line "status: exited N" or
 * "status: signalled N" and exits 0; setup failures exit 2 with the failing step on stderr.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *step, const char *what)
{
    fprintf(stderr, "seccomp-exec: %s %s: %s\n", step, what, strerror(errno));
    exit(2);
}

static unsigned long long number(const char *text)
{
    char *end;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 0);
    if (errno != 0 || *end != '\0' || end == text) {
        fprintf(stderr, "seccomp-exec: not a number: %s\n", text);
        exit(2);
    }
    return value;
}

static struct sock_fprog read_filter(const char *path)
{
    struct sock_fprog prog = { 0, NULL };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("opening", path);
    struct stat st;
    if (fstat(fd, &st) < 0)
        die("stat of", path);
    if (st.st_size == 0 || st.st_size % sizeof(struct sock_filter) != 0 ||
        st.st_size / sizeof(struct sock_filter) > 0xFFFF) {
        fprintf(stderr, "seccomp-exec: %s: size %lld is not a sock_filter array\n", path, (long long) st.st_size);
        exit(2);
    }
    struct sock_filter *filter = malloc(st.st_size);
    if (filter == NULL)
        die("allocating", "filter");
    size_t done = 0;
    while (done < (size_t) st.st_size) {
        ssize_t n = read(fd, (char *) filter + done, st.st_size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            die("reading", path);
        done += n;
    }
    close(fd);
    prog.len = st.st_size / sizeof(struct sock_filter);
    prog.filter = filter;
    return prog;
}

/* Only async-signal-safe calls from here on: the filter may allow little more than write. */
static void report_syscall(long nr, long result, int error)
{
    char line[128];
    int n = snprintf(line, sizeof line, "syscall %ld returned %ld errno %d\n", nr, result, error);
    if (write(STDOUT_FILENO, line, n) < 0)
        _exit(3);
}

static void create_socket(const char *name, const char *type_name, const char *path, const char *mode)
{
    int type;
    if (strcmp(type_name, "stream") == 0)
        type = SOCK_STREAM;
    else if (strcmp(type_name, "datagram") == 0)
        type = SOCK_DGRAM;
    else if (strcmp(type_name, "seq_packet") == 0)
        type = SOCK_SEQPACKET;
    else {
        fprintf(stderr, "seccomp-exec: unknown socket type %s\n", type_name);
        exit(2);
    }
    int fd = socket(AF_UNIX, type, 0);
    if (fd < 0)
        die("socket for", name);
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof address.sun_path) {
        errno = ENAMETOOLONG;
        die("binding", path);
    }
    strcpy(address.sun_path, path);
    unlink(path);
    if (bind(fd, (struct sockaddr *) &address, sizeof address) < 0)
        die("binding", path);
    if (chmod(path, (mode_t) strtoul(mode, NULL, 8)) < 0)
        die("chmod", path);
    if (type != SOCK_DGRAM && listen(fd, 16) < 0)
        die("listen on", path);
    char variable[256], value[16];
    snprintf(variable, sizeof variable, "NORTHSTAR_SOCKET_%s", name);
    snprintf(value, sizeof value, "%d", fd);
    if (setenv(variable, value, 1) < 0)
        die("setenv", variable);
}

static void switch_user(const char *spec)
{
    unsigned uid, gid;
    if (sscanf(spec, "%u:%u", &uid, &gid) != 2) {
        fprintf(stderr, "seccomp-exec: --user needs UID:GID, got %s\n", spec);
        exit(2);
    }
    if (setgroups(0, NULL) < 0)
        die("setgroups", spec);
    if (setgid(gid) < 0)
        die("setgid", spec);
    if (setuid(uid) < 0)
        die("setuid", spec);
}

static void child(const char *filter_path, char **argv, const char *user)
{
    /* A SIGSYS kill dumps core by default; tests must not leave core files behind. */
    struct rlimit no_core = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &no_core) < 0)
        die("setrlimit", "RLIMIT_CORE");
    struct sock_fprog prog = { 0, NULL };
    int filtered = strcmp(filter_path, "-") != 0;
    if (filtered)
        prog = read_filter(filter_path);
    /* After reading the filter: like the forker, which holds the program before it drops privileges. */
    if (user != NULL)
        switch_user(user);
    /* The test kills this helper when done; the program under test must not outlive it. Set
     * after the user switch, which clears the parent-death signal. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
        die("prctl", "PR_SET_PDEATHSIG");
    if (getppid() == 1)
        _exit(2);
    long nr = 0;
    unsigned long long args[6] = { 0 };
    int mode_syscall = strcmp(argv[0], "--syscall") == 0;
    int mode_int80 = strcmp(argv[0], "--int80") == 0;
    if (mode_syscall || mode_int80) {
        if (argv[1] == NULL) {
            fprintf(stderr, "seccomp-exec: %s needs a syscall number\n", argv[0]);
            exit(2);
        }
        nr = (long) number(argv[1]);
        for (int i = 0; i < 6 && argv[2 + i] != NULL; i++)
            args[i] = number(argv[2 + i]);
    }
    fflush(stdout);

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
        die("prctl", "PR_SET_NO_NEW_PRIVS");
    if (filtered && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
        die("prctl", "PR_SET_SECCOMP");

    if (mode_syscall) {
        long result = syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]);
        report_syscall(nr, result, result < 0 ? errno : 0);
        _exit(0);
    }
    if (mode_int80) {
#if defined(__x86_64__)
        long result;
        __asm__ volatile("int $0x80" : "=a"(result) : "a"(nr) : "memory");
        report_syscall(nr, result, 0);
        _exit(0);
#else
        fprintf(stderr, "seccomp-exec: --int80 exists only on x86_64\n");
        _exit(2);
#endif
    }
    execv(argv[0], argv);
    die("execv", argv[0]);
}

int main(int argc, char **argv)
{
    const char *user = NULL;
    int first = 1;
    while (first < argc && strncmp(argv[first], "--", 2) == 0) {
        if (strcmp(argv[first], "--socket") == 0 && first + 4 < argc) {
            create_socket(argv[first + 1], argv[first + 2], argv[first + 3], argv[first + 4]);
            first += 5;
        } else if (strcmp(argv[first], "--user") == 0 && first + 1 < argc) {
            user = argv[first + 1];
            first += 2;
        } else {
            break;
        }
    }
    argc -= first - 1;
    argv += first - 1;
    if (argc < 3) {
        fprintf(stderr, "usage: seccomp-exec [--socket NAME TYPE PATH MODE]... [--user UID:GID] "
                        "FILTER|- PROGRAM [ARG...] | --syscall NR [ARG...] | --int80 NR\n");
        return 2;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        die("fork", "child");
    if (pid == 0)
        child(argv[1], argv + 2, user);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            die("waitpid", "child");
    }
    if (WIFSIGNALED(status))
        printf("status: signalled %d\n", WTERMSIG(status));
    else
        printf("status: exited %d\n", WEXITSTATUS(status));
    return 0;
}
