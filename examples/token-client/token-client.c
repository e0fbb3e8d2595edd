/*
 * Proves its identity to token-server: asks the runtime for a token for the
 * target "token-server" (token_create on its console), sends "<name> <token>"
 * to the server and expects its greeting echoed back.
 */
#include "../common/console.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define SHARED_B64 "aGVsbG8h" /* "hello!" */

int main(void) {
    char response[1024], token[128], line[256];
    int console = console_connect();
    console_request(console, "{\"request\":{\"token_create\":{\"target\":\"token-server\",\"shared\":\"" SHARED_B64 "\"}}}",
                    response, sizeof(response));
    if (sscanf(response, "{\"response\":{\"token\":\"%127[^\"]\"}}", token) != 1) {
        fprintf(stderr, "token-client: no token: %s\n", response);
        return 1;
    }
    printf("token-client: got token %s\n", token);

    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(6543)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = -1;
    for (int attempt = 0; attempt < 50; attempt++) { /* the server may still be starting */
        fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
            break;
        if (fd >= 0)
            close(fd);
        fd = -1;
        usleep(100000);
    }
    if (fd < 0) {
        perror("token-client: connect to token-server on 127.0.0.1:6543");
        return 1;
    }
    dprintf(fd, "token-client %s\nHello from token-client!\n", token);
    shutdown(fd, SHUT_WR);
    ssize_t n = read(fd, line, sizeof(line) - 1);
    if (n <= 0) {
        printf("token-client: token-server closed the connection: not verified\n");
        return 1;
    }
    line[n] = '\0';
    printf("token-client: token-server echoed: %s", line);
    return 0;
}
