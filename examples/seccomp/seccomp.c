/*
 * Shows the seccomp allow list: delete_module is allowed only with the flag
 * values the manifest lists (argument 1, masked). The first call is allowed
 * (and fails with ENOENT/EPERM as the module does not exist and the
 * container lacks CAP_SYS_MODULE); the second passes a flag outside the list
 * and the kernel kills the process with SIGSYS (signalled 31).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
    long r = syscall(SYS_delete_module, "northstar_example", O_NONBLOCK);
    printf("seccomp: delete_module(O_NONBLOCK) is allowed: returned %ld (%s)\n", r, r < 0 ? strerror(errno) : "ok");
    fflush(stdout);
    printf("seccomp: delete_module(O_TRUNC) is not in the allow list: expect SIGSYS now\n");
    fflush(stdout);
    syscall(SYS_delete_module, "northstar_example", O_TRUNC);
    printf("seccomp: still alive: the filter did not work\n");
    return 1;
}
