/*
 * Northstar test container (process-sandbox.md §14.5): a static program whose subcommands
 * exercise what the integration tests check from inside a container.
 *
 *   test-container [sleep]                  print "Sleeping..." and block
 *   test-container call-delete-module FLAGS delete_module(NULL, FLAGS) (a seccomp probe)
 *   test-container cat PATH                 copy PATH to stdout, then a newline
 *   test-container crash                    panic: exit code 101
 *   test-container escape PROBE [ARGS]      try one way out of the sandbox (see escape())
 *   test-container exit CODE                exit with CODE
 *   test-container inspect                  ids, scheduling, capabilities, fds, mounts, limits
 *   test-container print MESSAGE [--io stdout|stderr]
 *   test-container socket NAME              exercise the runtime-provided unix socket NAME
 *   test-container touch PATH               create/truncate PATH
 *   test-container write MESSAGE PATH       write MESSAGE to PATH
 *
 * Output mirrors the Rust original so log assertions written for it hold: first
 * `Executing "<Rust Debug form of the command>"`, then the command's output, then (unless the
 * command ends the process) "Sleeping...". Command errors print "Error: ..." and exit 1;
 * usage errors exit 2 like clap; a panic prints Rust's panic line and exits 101.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/ipc.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONTAINER "test-container:0.0.1"
#define SOCKET_DIR "/unix-sockets"
#define DATA "Hello!"
#define DATA_LEN 6
#define ITERATIONS 10

/* ---- failure paths in Rust's words ------------------------------------------------------ */

__attribute__((noreturn, format(printf, 1, 2)))
static void panic(const char *format, ...)
{
    char message[512];
    va_list ap;
    va_start(ap, format);
    vsnprintf(message, sizeof message, format, ap);
    va_end(ap);
    fflush(stdout);
    fprintf(stderr, "thread '%s' panicked at '%s', %s\n", "main", message, __FILE__);
    fprintf(stderr, "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n");
    exit(101);
}

/* anyhow's report of an io::Error with a context: "Error: context\n\nCaused by:\n    cause" */
__attribute__((noreturn, format(printf, 2, 3)))
static void fail(int error, const char *format, ...)
{
    char context[512];
    va_list ap;
    va_start(ap, format);
    vsnprintf(context, sizeof context, format, ap);
    va_end(ap);
    fflush(stdout);
    fprintf(stderr, "Error: %s\n\nCaused by:\n    %s (os error %d)\n", context, strerror(error), error);
    exit(1);
}

/* anyhow's report of a bare io::Error. */
__attribute__((noreturn))
static void fail_io(int error)
{
    fflush(stdout);
    fprintf(stderr, "Error: %s (os error %d)\n", strerror(error), error);
    exit(1);
}

/* anyhow's report of an error without an errno (e.g. io::ErrorKind::UnexpectedEof). */
__attribute__((noreturn))
static void fail_message(const char *message)
{
    fflush(stdout);
    fprintf(stderr, "Error: %s\n", message);
    exit(1);
}

__attribute__((noreturn, format(printf, 1, 2)))
static void usage_error(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    fputs("error: ", stderr);
    vfprintf(stderr, format, ap);
    va_end(ap);
    fputs("\n\nUsage: test-container [COMMAND]\n\nFor more information, try '--help'.\n", stderr);
    exit(2);
}

/* ---- Rust Debug formatting --------------------------------------------------------------- */

/* str's Debug: quoted, with escape_debug for quotes, backslashes and control characters. */
static void debug_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '\0': fputs("\\0", out); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(out, "\\u{%x}", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* The line a command announces itself with, as Rust's Debug prints it: Executing "Name { field: "value", ... }".
 * For commands whose fields are all strings: after the name come field name and value pairs, ended by NULL. */
static void announce(const char *name, ...)
{
    va_list ap;
    const char *separator = " { ";
    printf("Executing \"%s", name);
    va_start(ap, name);
    for (const char *field = va_arg(ap, const char *); field != NULL; field = va_arg(ap, const char *)) {
        printf("%s%s: ", separator, field);
        debug_string(stdout, va_arg(ap, const char *));
        separator = ", ";
    }
    va_end(ap);
    printf("%s\"\n", separator[0] == ',' ? " }" : "");
}

/* ---- argument parsing ------------------------------------------------------------------ */

static long long parse_integer(const char *text, const char *what, long long min, long long max)
{
    char *end;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max)
        usage_error("invalid value '%s' for '<%s>': invalid digit found in string", text, what);
    return value;
}

static void expect_args(int argc, char **argv, int expected)
{
    if (argc - 2 < expected)
        usage_error("the subcommand '%s' requires more arguments", argv[1]);
    if (argc - 2 > expected)
        usage_error("unexpected argument '%s' found", argv[2 + expected]);
}

/* ---- commands ---------------------------------------------------------------------------- */

static void sleep_forever(void)
{
    printf("Sleeping...\n");
    fflush(stdout);
    for (;;)
        pause();
}

static void call_delete_module(unsigned int flags)
{
    long result = syscall(SYS_delete_module, NULL, (unsigned long) flags);
    printf("delete_module syscall was successful (%ld)\n", result);
}

static void copy_fd(int in, const char *path)
{
    char buffer[8192];
    for (;;) {
        ssize_t n = read(in, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail(errno, "failed to cat %s", path);
        if (n == 0)
            return;
        if (fwrite(buffer, 1, (size_t) n, stdout) != (size_t) n)
            fail(errno, "failed to cat %s", path);
    }
}

static void cat(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail(errno, "failed to open %s", path);
    copy_fd(fd, path);
    close(fd);
    if (putchar('\n') == EOF || fflush(stdout) == EOF)
        fail(errno, "failed to write to stdout");
}

static void dump(const char *path)
{
    debug_string(stdout, path);
    putchar('\n');
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        panic("dump %s", path);
    copy_fd(fd, path);
    close(fd);
}

static const char *const CAPABILITY_NAMES[] = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
    "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
    "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
    "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
};
#define CAPABILITY_COUNT ((int) (sizeof CAPABILITY_NAMES / sizeof CAPABILITY_NAMES[0]))

enum cap_set { AMBIENT, BOUNDING, EFFECTIVE, INHERITABLE, PERMITTED };

static int has_capability(enum cap_set set, int cap, const struct __user_cap_data_struct data[2])
{
    switch (set) {
    case AMBIENT:
        return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) > 0;
    case BOUNDING:
        return prctl(PR_CAPBSET_READ, cap, 0, 0, 0) > 0;
    case EFFECTIVE:
        return (data[cap / 32].effective >> (cap % 32)) & 1;
    case INHERITABLE:
        return (data[cap / 32].inheritable >> (cap % 32)) & 1;
    case PERMITTED:
        return (data[cap / 32].permitted >> (cap % 32)) & 1;
    }
    return 0;
}

/* The caps crate prints a HashSet<Capability>: "{}" or "{CAP_A, CAP_B}" (here in kernel order). */
static void print_capabilities(void)
{
    static const char *const SET_NAMES[] = { "ambient", "bounding", "effective", "inheritable", "permitted" };
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capget, &header, data) < 0)
        panic("failed to read caps: %s", strerror(errno));
    for (int set = AMBIENT; set <= PERMITTED; set++) {
        printf("caps %s: {", SET_NAMES[set]);
        const char *separator = "";
        for (int cap = 0; cap < CAPABILITY_COUNT; cap++) {
            if (has_capability(set, cap, data)) {
                printf("%s%s", separator, CAPABILITY_NAMES[cap]);
                separator = ", ";
            }
        }
        printf("}\n");
    }
}

static void print_fds(void)
{
    printf("/proc/self/fd:\n");
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL)
        panic("read_dir /proc/self/fd: %s", strerror(errno));
    int listing = dirfd(dir);
    int total = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] == '.')
            continue;
        int fd = atoi(entry->d_name);
        if (fd == listing)
            continue;
        char path[sizeof "/proc/self/fd/" + sizeof entry->d_name], target[PATH_MAX];
        snprintf(path, sizeof path, "/proc/self/fd/%s", entry->d_name);
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n < 0)
            panic("readlink entry: %s", strerror(errno));
        target[n] = '\0';
        printf("    %s: %s\n", path, target);
        total++;
    }
    closedir(dir);
    printf("    total: %d\n", total);
}

static void inspect(void)
{
    printf("getpid: %d\n", (int) getpid());
    printf("getppid: %d\n", (int) getppid());
    printf("getuid: %u\n", (unsigned) getuid());
    printf("getgid: %u\n", (unsigned) getgid());
    pid_t sid = getsid(0);
    if (sid < 0)
        panic("getsid: %s", strerror(errno));
    printf("getsid: %d\n", (int) sid);
    pid_t pgid = getpgid(0);
    if (pgid < 0)
        panic("getpgid: %s", strerror(errno));
    printf("getpgid: %d\n", (int) pgid);

    int count = getgroups(0, NULL);
    if (count < 0)
        panic("getgroups: %s", strerror(errno));
    gid_t *groups = calloc(count > 0 ? count : 1, sizeof(gid_t));
    if (groups == NULL || getgroups(count, groups) < 0)
        panic("getgroups: %s", strerror(errno));
    printf("getgroups: [");
    for (int i = 0; i < count; i++)
        printf("%s%u", i ? ", " : "", (unsigned) groups[i]);
    printf("]\n");
    free(groups);

    char path[PATH_MAX];
    if (getcwd(path, sizeof path) == NULL)
        panic("current_dir: %s", strerror(errno));
    printf("pwd: %s\n", path);
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n < 0)
        panic("current_exe: %s", strerror(errno));
    path[n] = '\0';
    printf("exe: %s\n", path);

    int policy = sched_getscheduler(0);
    if (policy < 0)
        panic("sched_getscheduler: %s", strerror(errno));
    printf("sched_getscheduler: %d\n", policy);
    struct sched_param param;
    if (sched_getparam(0, &param) < 0)
        panic("sched_getparam: %s", strerror(errno));
    printf("sched_priority: %d\n", param.sched_priority);
    errno = 0;
    int priority = getpriority(PRIO_PROCESS, 0);
    if (priority == -1 && errno != 0)
        panic("getpriority: %s", strerror(errno));
    printf("getpriority: %d\n", priority);

    print_capabilities();
    print_fds();
    dump("/proc/self/mounts");
    dump("/proc/self/limits");
}

static void print_message(const char *message, int to_stderr)
{
    if (to_stderr) {
        fflush(stdout);
        fprintf(stderr, "%s\n", message);
    } else {
        printf("%s\n", message);
    }
}

static void touch(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        fail_io(errno);
    close(fd);
}

static void write_file(const char *message, const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    size_t length = strlen(message), done = 0;
    if (fd < 0)
        fail(errno, "failed to write \"%s\" to %s", message, path);
    while (done < length) {
        ssize_t n = write(fd, message + done, length - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            fail(errno, "failed to write \"%s\" to %s", message, path);
        done += (size_t) n;
    }
    if (close(fd) < 0)
        fail(errno, "failed to write \"%s\" to %s", message, path);
}

/* ---- sockets ----------------------------------------------------------------------------- */

/* Rust's Debug of std::os::unix::net::SocketAddr. */
static void format_address(const struct sockaddr_un *address, socklen_t length, char *out, size_t size)
{
    size_t path_length = length > offsetof(struct sockaddr_un, sun_path)
        ? length - offsetof(struct sockaddr_un, sun_path) : 0;
    if (path_length == 0) {
        snprintf(out, size, "(unnamed)");
    } else if (address->sun_path[0] == '\0') {
        snprintf(out, size, "\"%.*s\" (abstract)", (int) path_length - 1, address->sun_path + 1);
    } else {
        snprintf(out, size, "\"%.*s\" (pathname)", (int) strnlen(address->sun_path, path_length), address->sun_path);
    }
}

static int write_all(int fd, const char *data, size_t length)
{
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        length -= (size_t) n;
    }
    return 0;
}

static void *echo_connection(void *arg)
{
    int connection = (int) (intptr_t) arg;
    char buffer[1024];
    for (;;) {
        ssize_t n = read(connection, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        printf("Forwarding %zd bytes\n", n);
        if (write_all(connection, buffer, (size_t) n) < 0)
            break;
    }
    close(connection);
    return NULL;
}

/* Packets the listener received; the sender waits for them so the log shows every "Received". */
static pthread_mutex_t received_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t received_changed = PTHREAD_COND_INITIALIZER;
static int received;

static void count_received(void)
{
    pthread_mutex_lock(&received_lock);
    received++;
    pthread_cond_broadcast(&received_changed);
    pthread_mutex_unlock(&received_lock);
}

/* Waits up to two seconds: a lost packet must not hang the container, it only loses a line. */
static void await_received(int count)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += 2;
    pthread_mutex_lock(&received_lock);
    while (received < count) {
        if (pthread_cond_timedwait(&received_changed, &received_lock, &deadline) == ETIMEDOUT)
            break;
    }
    pthread_mutex_unlock(&received_lock);
}

/* connected: an accepted seq-packet connection, where a 0-byte read is the
 * peer closing (the sender closes after its last packet, which can race with
 * the exit of the process). On a datagram socket 0 bytes is a real packet. */
static void receive_packets(int fd, int connected)
{
    for (;;) {
        char buffer[DATA_LEN];
        struct sockaddr_un address;
        socklen_t length = sizeof address;
        ssize_t n = recvfrom(fd, buffer, sizeof buffer, 0, (struct sockaddr *) &address, &length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "Error: receiving: %s (os error %d)\n", strerror(errno), errno);
            return;
        }
        if (n == 0 && connected)
            return;
        char from[160];
        format_address(&address, length, from, sizeof from);
        printf("Received %zd bytes from %s\n", n, from);
        if (n != DATA_LEN || memcmp(buffer, DATA, DATA_LEN) != 0)
            panic("assertion failed: `(left == right)`: received data differs from %s", DATA);
        count_received();
    }
}

static void *listener(void *arg)
{
    const char *name = arg;
    char variable[256];
    snprintf(variable, sizeof variable, "NORTHSTAR_SOCKET_%s", name);
    const char *value = getenv(variable);
    if (value == NULL) {
        fprintf(stderr, "Error: environment variable %s not found\n", variable);
        return NULL;
    }
    int fd = atoi(value);
    if (strcmp(name, "no_permission") == 0)
        return NULL;
    int listening = 0;
    socklen_t size = sizeof listening;
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) < 0) {
        fprintf(stderr, "Error: %s is not a socket: %s\n", variable, strerror(errno));
        return NULL;
    }
    if (!listening) {
        receive_packets(fd, 0);
        return NULL;
    }
    for (;;) {
        struct sockaddr_un address;
        socklen_t length = sizeof address;
        int connection = accept4(fd, (struct sockaddr *) &address, &length, SOCK_CLOEXEC);
        if (connection < 0 && errno == EINTR)
            continue;
        if (connection < 0) {
            fprintf(stderr, "Error: accept: %s (os error %d)\n", strerror(errno), errno);
            return NULL;
        }
        char from[160];
        format_address(&address, length, from, sizeof from);
        printf("Serving connection from %s\n", from);
        pthread_t thread;
        if (strcmp(name, "stream") == 0) {
            if (pthread_create(&thread, NULL, echo_connection, (void *) (intptr_t) connection) != 0)
                panic("failed to spawn thread");
            pthread_detach(thread);
        } else {
            receive_packets(connection, 1);
            close(connection);
        }
    }
}

static int connect_to(int type, const char *path)
{
    int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
    if (fd < 0)
        fail_io(errno);
    struct sockaddr_un address = { .sun_family = AF_UNIX };
    if (strlen(path) >= sizeof address.sun_path) {
        fail_io(ENAMETOOLONG);
    }
    strcpy(address.sun_path, path);
    if (connect(fd, (struct sockaddr *) &address, sizeof address) < 0) {
        int error = errno;
        close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

static void socket_test(const char *name)
{
    pthread_t thread;
    if (pthread_create(&thread, NULL, listener, (void *) name) != 0)
        panic("failed to spawn thread");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s:%s", SOCKET_DIR, CONTAINER, name);
    printf("Connecting to %s\n", path);

    if (strcmp(name, "datagram") == 0 || strcmp(name, "seq-packet") == 0) {
        int fd = connect_to(strcmp(name, "datagram") == 0 ? SOCK_DGRAM : SOCK_SEQPACKET, path);
        if (fd < 0)
            fail_io(errno);
        for (int i = 0; i < ITERATIONS; i++) {
            if (send(fd, DATA, DATA_LEN, 0) < 0)
                fail_io(errno);
        }
        await_received(ITERATIONS);
        close(fd);
    } else if (strcmp(name, "stream") == 0) {
        int fd = connect_to(SOCK_STREAM, path);
        if (fd < 0)
            fail_io(errno);
        for (int i = 0; i < ITERATIONS; i++) {
            printf("Sending data %d bytes\n", DATA_LEN);
            if (write_all(fd, DATA, DATA_LEN) < 0)
                fail_io(errno);
            char buffer[DATA_LEN];
            printf("Receiving %d bytes\n", DATA_LEN);
            size_t done = 0;
            while (done < DATA_LEN) {
                ssize_t n = read(fd, buffer + done, DATA_LEN - done);
                if (n < 0 && errno == EINTR)
                    continue;
                if (n < 0)
                    fail_io(errno);
                if (n == 0)
                    fail_message("failed to fill whole buffer");
                done += (size_t) n;
            }
            if (memcmp(buffer, DATA, DATA_LEN) != 0)
                panic("assertion failed: `(left == right)`: echo differs from %s", DATA);
        }
        close(fd);
    } else if (strcmp(name, "no_permission") == 0) {
        /* The socket has mode 0: connecting with its own type must fail (EACCES). */
        int fd = connect_to(SOCK_DGRAM, path);
        if (fd >= 0)
            panic("assertion failed: connecting to %s succeeded", path);
        printf("Connecting to %s failed: %s\n", path, strerror(errno));
    } else {
        panic("invalid socket: %s", name);
    }
    fflush(stdout);
    exit(0);
}

/* ---- escape probes (not in Northstar's test container) -----------------------------------
 * Each tries one way out of the sandbox and exits 0 when it stayed inside ("blocked" or
 * "contained", with the reason), 1 when it got out ("ESCAPED"). */

static void escaped(const char *what, const char *detail)
{
    printf("escape %s: ESCAPED: %s\n", what, detail);
    exit(1);
}

static void blocked(const char *what, const char *step)
{
    printf("escape %s: blocked: %s: %s\n", what, step, strerror(errno));
    exit(0);
}

/* The classic double chroot: chroot into a subdirectory while the working directory stays
 * outside it, walk up with "..", and chroot to where that leads. With pivot_root and the old
 * root detached, the top of the mount namespace is the container's root, so even a process
 * allowed to chroot ends up where it started. */
static void escape_chroot(void)
{
    if (mkdir("/tmpfs/escape", 0700) < 0 && errno != EEXIST)
        blocked("chroot", "mkdir /tmpfs/escape");
    if (chdir("/") < 0)
        blocked("chroot", "chdir /");
    if (chroot("/tmpfs/escape") < 0)
        blocked("chroot", "chroot /tmpfs/escape");
    for (int i = 0; i < 256; i++)
        if (chdir("..") < 0)
            blocked("chroot", "chdir ..");
    if (chroot(".") < 0)
        blocked("chroot", "chroot .");
    if (access("/test-container", F_OK) != 0)
        escaped("chroot", "the root after the double chroot is not the container's");
    printf("escape chroot: contained: the double chroot ends in the container's root\n");
    exit(0);
}

static void escape_tcp(const char *port)
{
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t) atoi(port)) };
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        blocked("tcp", "socket");
    if (connect(fd, (struct sockaddr *) &address, sizeof address) < 0)
        blocked("tcp", "connect 127.0.0.1");
    escaped("tcp", "connected to a listener on the host's 127.0.0.1");
}

static void escape_shm(const char *id)
{
    struct shmid_ds info;
    if (shmctl(atoi(id), IPC_STAT, &info) < 0)
        blocked("shm", "shmctl IPC_STAT");
    escaped("shm", "the host's SysV shared memory segment is visible");
}

/* pid 1 of the container is the runtime's init. A process allowed to ptrace (CAP_SYS_PTRACE)
 * can attach to it and make it run anything: init must hold nothing worth having by then. The
 * probe attaches (if it can) and reads init's credentials from /proc/1/status. */
static void escape_init(void)
{
    static const char *const keys[] = { "Uid:", "Gid:", "Groups:", "CapInh:", "CapPrm:", "CapEff:", "CapBnd:",
                                        "CapAmb:", "NoNewPrivs:", "Seccomp:" };
    char line[256];
    /* PTRACE_SEIZE: attached without stopping init (a stopped init would stall the start) */
    int attached = syscall(SYS_ptrace, 0x4206 /* PTRACE_SEIZE */, 1, NULL, NULL) == 0;
    printf("escape init: ptrace attach to pid 1: %s\n", attached ? "attached" : strerror(errno));
    FILE *status = fopen("/proc/1/status", "r");
    if (status == NULL)
        blocked("init", "open /proc/1/status");
    int privileged = 0, filtered = 0, nnp = 0;
    while (fgets(line, sizeof line, status) != NULL) {
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            if (strncmp(line, keys[i], strlen(keys[i])) != 0)
                continue;
            line[strcspn(line, "\n")] = 0;
            for (char *c = line; *c; c++)
                if (*c == '\t')
                    *c = ' ';
            printf("escape init: pid 1 %s\n", line);
            if (strncmp(line, "Cap", 3) == 0 && strcmp(strchr(line, ' ') + 1, "0000000000000000") != 0)
                privileged = 1;
            if (strcmp(line, "NoNewPrivs: 1") == 0)
                nnp = 1;
            if (strcmp(line, "Seccomp: 2") == 0)
                filtered = 1;
        }
    }
    fclose(status);
    /* the tracee is detached when this process exits */
    if (privileged || !nnp || !filtered)
        escaped("init", "pid 1 keeps capabilities, may gain privileges or runs without a seccomp filter");
    printf("escape init: contained: pid 1 holds no capabilities, no_new_privs, seccomp filter\n");
    exit(0);
}

/* Stops pid 1 with ptrace and keeps it stopped: the runtime must still learn that this process
 * started (from the exec status, not from init) and must still be able to kill the container. */
static void escape_stop_init(void)
{
    int status;
    if (syscall(SYS_ptrace, 16 /* PTRACE_ATTACH */, 1, NULL, NULL) != 0)
        blocked("stop-init", "ptrace attach to pid 1");
    if (waitpid(1, &status, __WALL) < 0)
        blocked("stop-init", "waitpid 1");
    printf("escape stop-init: contained: pid 1 is stopped, the start completed regardless\n");
    sleep_forever();
}

/* Reads PATH (a masked /proc or /sys path): a file must read empty, a directory must be empty. */
static void escape_masked(int argc, char **argv)
{
    for (int i = 3; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0) {
            printf("escape masked: %s: %s\n", argv[i], strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            DIR *dir = opendir(argv[i]);
            struct dirent *e;
            int entries = 0;
            if (dir == NULL)
                blocked("masked", argv[i]);
            while ((e = readdir(dir)) != NULL)
                if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                    entries++;
            closedir(dir);
            printf("escape masked: %s: directory with %d entries\n", argv[i], entries);
            if (entries > 0)
                escaped("masked", argv[i]);
        } else {
            char buf[4096];
            int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
            ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
            printf("escape masked: %s: read %zd bytes%s%s\n", argv[i], n, n < 0 ? ": " : "",
                   n < 0 ? strerror(errno) : "");
            if (fd >= 0)
                close(fd);
            if (n > 0)
                escaped("masked", argv[i]);
        }
    }
    printf("escape masked: contained: every path reads empty\n");
    exit(0);
}

/* A device node the image carries: nodev must make it unusable. */
static void escape_node(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        blocked("node", path);
    escaped("node", "opened a device node of the image");
}

static void escape(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[2], "init") == 0)
        escape_init();
    if (argc > 2 && strcmp(argv[2], "stop-init") == 0)
        escape_stop_init();
    if (argc > 3 && strcmp(argv[2], "masked") == 0)
        escape_masked(argc, argv);
    if (argc > 3 && strcmp(argv[2], "node") == 0)
        escape_node(argv[3]);
    if (argc > 2 && strcmp(argv[2], "chroot") == 0)
        escape_chroot();
    if (argc > 3 && strcmp(argv[2], "tcp") == 0)
        escape_tcp(argv[3]);
    if (argc > 3 && strcmp(argv[2], "shm") == 0)
        escape_shm(argv[3]);
    usage_error("escape needs: chroot | tcp PORT | shm SHMID | init | stop-init | masked PATH... | node PATH");
}

/* ---- main -------------------------------------------------------------------------------- */

/* The commands that take one string: COMMAND ARG announces Variant { field: "ARG" } and runs. */
static const struct {
    const char *name;
    const char *variant;
    const char *field;
    void (*run)(const char *argument);
} ONE_ARGUMENT_COMMANDS[] = {
    { "cat", "Cat", "path", cat },
    { "socket", "Socket", "socket", socket_test },
    { "touch", "Touch", "path", touch },
};

static void help(void)
{
    printf("Northstar test container\n\n"
           "Usage: test-container [COMMAND]\n\n"
           "Commands:\n"
           "  call-delete-module  \n  cat                 \n  crash               \n  escape              Try to leave the sandbox (chroot | tcp PORT | shm SHMID | init | stop-init | masked PATH... | node PATH)\n  exit                \n"
           "  inspect             \n  print               \n  sleep               \n  socket              \n"
           "  touch               \n  write               \n  help                Print this message\n\n"
           "Options:\n  -h, --help     Print help\n  -V, --version  Print version\n");
}

int main(int argc, char **argv)
{
    /* Rust's stdout is line buffered also on pipes; the runtime logs lines as they come. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    setvbuf(stderr, NULL, _IONBF, 0);

    const char *command = argc > 1 ? argv[1] : "sleep";
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0 || strcmp(command, "help") == 0) {
        help();
        return 0;
    }
    if (strcmp(command, "-V") == 0 || strcmp(command, "--version") == 0) {
        printf("test-container 0.0.1\n");
        return 0;
    }

    for (size_t i = 0; i < sizeof(ONE_ARGUMENT_COMMANDS) / sizeof(ONE_ARGUMENT_COMMANDS[0]); i++) {
        if (strcmp(command, ONE_ARGUMENT_COMMANDS[i].name) == 0) {
            expect_args(argc, argv, 1);
            announce(ONE_ARGUMENT_COMMANDS[i].variant, ONE_ARGUMENT_COMMANDS[i].field, argv[2], (const char *) NULL);
            ONE_ARGUMENT_COMMANDS[i].run(argv[2]);
            sleep_forever();
        }
    }

    if (strcmp(command, "sleep") == 0) {
        if (argc > 2)
            expect_args(argc, argv, 0);
        printf("Executing \"Sleep\"\n");
    } else if (strcmp(command, "call-delete-module") == 0) {
        expect_args(argc, argv, 1);
        unsigned int flags = (unsigned int) parse_integer(argv[2], "FLAGS", 0, UINT32_MAX);
        printf("Executing \"CallDeleteModule { flags: %u }\"\n", flags);
        call_delete_module(flags);
    } else if (strcmp(command, "crash") == 0) {
        expect_args(argc, argv, 0);
        printf("Executing \"Crash\"\n");
        panic("witness me!");
    } else if (strcmp(command, "exit") == 0) {
        expect_args(argc, argv, 1);
        int code = (int) parse_integer(argv[2], "CODE", INT32_MIN, INT32_MAX);
        printf("Executing \"Exit { code: %d }\"\n", code);
        fflush(stdout);
        exit(code);
    } else if (strcmp(command, "escape") == 0) {
        escape(argc, argv);
    } else if (strcmp(command, "inspect") == 0) {
        expect_args(argc, argv, 0);
        printf("Executing \"Inspect\"\n");
        inspect();
    } else if (strcmp(command, "print") == 0) {
        const char *message = NULL;
        int to_stderr = 0;
        for (int i = 2; i < argc; i++) {
            const char *io = NULL;
            if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "--io") == 0) {
                if (++i >= argc)
                    usage_error("a value is required for '--io <IO>' but none was supplied");
                io = argv[i];
            } else if (strncmp(argv[i], "--io=", 5) == 0) {
                io = argv[i] + 5;
            } else if (message == NULL) {
                message = argv[i];
                continue;
            } else {
                usage_error("unexpected argument '%s' found", argv[i]);
            }
            if (strcmp(io, "stdout") == 0)
                to_stderr = 0;
            else if (strcmp(io, "stderr") == 0)
                to_stderr = 1;
            else
                usage_error("invalid value '%s' for '--io <IO>': failed to parse", io);
        }
        if (message == NULL)
            usage_error("the following required arguments were not provided:\n  <MESSAGE>");
        printf("Executing \"Print { message: ");
        debug_string(stdout, message);
        printf(", io: %s }\"\n", to_stderr ? "Stderr" : "Stdout");
        print_message(message, to_stderr);
    } else if (strcmp(command, "write") == 0) {
        expect_args(argc, argv, 2);
        announce("Write", "message", argv[2], "path", argv[3], (const char *) NULL);
        write_file(argv[2], argv[3]);
    } else {
        usage_error("unrecognized subcommand '%s'", command);
    }

    sleep_forever();
}
