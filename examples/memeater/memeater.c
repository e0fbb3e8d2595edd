/*
 * Allocates and touches memory in 1 MiB steps until the kernel stops it. With
 * its 20 MB cgroup limit the OOM killer ends it (signalled 9) and the runtime
 * sends a c_group memory notification.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    const size_t step = 1 << 20;
    for (size_t total = step;; total += step) {
        char *p = malloc(step);
        if (p == NULL) {
            fprintf(stderr, "memeater: malloc failed after %zu MiB\n", total >> 20);
            return 1;
        }
        memset(p, 0xa5, step);
        printf("memeater: eaten %zu MiB\n", total >> 20);
        fflush(stdout);
        usleep(20000);
    }
}
