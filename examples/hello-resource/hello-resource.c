/* Prints the message from the resource container mounted at /message (message >= 0.0.2). */
#include <stdio.h>

int main(void) {
    char buf[256];
    FILE *f = fopen("/message/hello", "r");
    if (f == NULL) {
        perror("hello-resource: open /message/hello");
        return 1;
    }
    while (fgets(buf, sizeof(buf), f) != NULL)
        printf("hello-resource: %s", buf);
    fclose(f);
    return 0;
}
