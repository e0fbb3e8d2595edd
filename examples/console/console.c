/* Talks to the runtime through its container console: who am I, what is installed, what is my state. */
#include "../common/console.h"

int main(void) {
    char line[65536];
    char request[512];
    int fd = console_connect();

    console_request(fd, "{\"request\":\"ident\"}", line, sizeof(line));
    printf("console: ident: %s\n", line);

    console_request(fd, "{\"request\":\"list\"}", line, sizeof(line));
    printf("console: list: %s\n", line);

    snprintf(request, sizeof(request), "{\"request\":{\"inspect\":{\"container\":\"%s\"}}}", getenv("NORTHSTAR_CONTAINER"));
    console_request(fd, request, line, sizeof(line));
    printf("console: inspect: %.300s%s\n", line, strlen(line) > 300 ? "..." : "");

    /* Not in this container's permissions: the runtime answers permission_denied. */
    console_request(fd, "{\"request\":\"shutdown\"}", line, sizeof(line));
    printf("console: shutdown: %s\n", line);
    return 0;
}
