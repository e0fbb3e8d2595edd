/* Allocates and touches memory 1 MiB at a time until it has argv[1] MiB or is killed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    long mib = argc > 1 ? atol(argv[1]) : 256;
    for (long i = 0; i < mib; i++) {
        char *p = malloc(1 << 20);
        if (p == NULL) {
            fprintf(stderr, "malloc failed after %ld MiB\n", i);
            return 2;
        }
        memset(p, 0x5a, 1 << 20);
    }
    printf("allocated %ld MiB\n", mib);
    return 0;
}
