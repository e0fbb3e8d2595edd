/*
 * The runtime creates the datagram socket "hello" declared in the manifest and
 * passes it as fd $NORTHSTAR_SOCKET_hello. A client (here a second thread, in
 * real life another container with a sockets mount) sends to its path under
 * /unix-sockets; the server end receives.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void *client(void *arg) {
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    const char *msg = "Hello!";
    (void)arg;
    /* Socket files are named <name>:<version>:<socket> in the runtime's socket directory. */
    snprintf(addr.sun_path, sizeof(addr.sun_path), "/unix-sockets/%s:hello", getenv("NORTHSTAR_CONTAINER"));
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (fd < 0 || sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        perror("sockets: send to the hello socket");
        exit(1);
    }
    printf("sockets: sent \"%s\" to %s\n", msg, addr.sun_path);
    fflush(stdout);
    return NULL;
}

int main(void) {
    char buf[1024];
    const char *fd_var = getenv("NORTHSTAR_SOCKET_hello");
    if (fd_var == NULL) {
        fprintf(stderr, "sockets: NORTHSTAR_SOCKET_hello is not set\n");
        return 1;
    }
    pthread_t t;
    pthread_create(&t, NULL, client, NULL);
    ssize_t n = recv(atoi(fd_var), buf, sizeof(buf) - 1, 0);
    if (n < 0) {
        perror("sockets: recv");
        return 1;
    }
    buf[n] = '\0';
    printf("sockets: received \"%s\"\n", buf);
    pthread_join(t, NULL);
    return 0;
}
