/* Runs for a moment and then fails like a panicking Rust program (exit code 101), as Northstar's example does. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("crashing: running for two seconds\n");
    fflush(stdout);
    sleep(2);
    fprintf(stderr, "crashing: panicked: something went terribly wrong\n");
    return 101;
}
