/*
 * Test helper: runs a child under a seccomp BPF program compiled by the Java seccomp compiler
 * and reports how the child ended.
 *
 *   seccomp-exec FILTER PROGRAM [ARG...]     exec PROGRAM under the filter
 *   seccomp-exec FILTER --syscall NR [A0..A5] call syscall NR, write its result, exit 0
 *   seccomp-exec FILTER --int80 NR           (x86_64) call i386 syscall NR through int 0x80
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
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
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

static void child(const char *filter_path, char **argv)
{
    /* A SIGSYS kill dumps core by default; tests must not leave core files behind. */
    struct rlimit no_core = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &no_core) < 0)
        die("setrlimit", "RLIMIT_CORE");
    struct sock_fprog prog = { 0, NULL };
    int filtered = strcmp(filter_path, "-") != 0;
    if (filtered)
        prog = read_filter(filter_path);
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
    if (argc < 3) {
        fprintf(stderr, "usage: seccomp-exec FILTER|- PROGRAM [ARG...] | --syscall NR [ARG...] | --int80 NR\n");
        return 2;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        die("fork", "child");
    if (pid == 0)
        child(argv[1], argv + 2);
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
