/* Greets, counts to ten and exits: shows stdout lines in the runtime log and an exit notification. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    const char *hello = getenv("HELLO");
    const char *container = getenv("NORTHSTAR_CONTAINER");
    printf("Hello %s from %s!\n", hello ? hello : "unknown", container ? container : "an unknown container");
    fflush(stdout);
    for (int i = 1; i <= 10; i++) {
        sleep(1);
        printf("Hello again %d\n", i);
        fflush(stdout);
    }
    return 0;
}
