/*
 * Accepts TCP connections on 127.0.0.1:6543. The first line of a connection is
 * "<user> <token>"; the token is checked with the runtime (token_verify on the
 * container console, with the shared secret both sides know). Verified
 * connections get their lines echoed back, others are closed.
 */
#include "../common/console.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define SHARED_B64 "aGVsbG8h" /* "hello!" */

static int read_line(int fd, char *buf, size_t size) {
    size_t used = 0;
    for (;;) {
        char c;
        ssize_t n = read(fd, &c, 1);
        if (n <= 0)
            return -1;
        if (c == '\n')
            break;
        if (used + 1 < size)
            buf[used++] = c;
    }
    buf[used] = '\0';
    return (int)used;
}

int main(void) {
    int console = console_connect();
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(6543)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listener < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        bind(listener, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(listener, 8) < 0) {
        perror("token-server: listen on 127.0.0.1:6543");
        return 1;
    }
    printf("token-server: listening on 127.0.0.1:6543\n");
    fflush(stdout);

    for (;;) {
        char line[512], user[128], token[128], request[1024], response[1024];
        int client = accept(listener, NULL, NULL);
        if (client < 0) {
            perror("token-server: accept");
            continue;
        }
        if (read_line(client, line, sizeof(line)) < 0 || sscanf(line, "%127s %127s", user, token) != 2) {
            printf("token-server: malformed hello line, disconnecting\n");
            close(client);
            continue;
        }
        snprintf(request, sizeof(request),
                 "{\"request\":{\"token_verify\":{\"token\":\"%s\",\"user\":\"%s\",\"shared\":\"" SHARED_B64 "\"}}}",
                 token, user);
        console_request(console, request, response, sizeof(response));
        if (strstr(response, "\"token_verification\":\"Ok\"") == NULL) {
            printf("token-server: user %s not verified (%s), disconnecting\n", user, response);
            fflush(stdout);
            close(client);
            continue;
        }
        printf("token-server: user %s verified, echoing\n", user);
        fflush(stdout);
        while (read_line(client, line, sizeof(line)) >= 0) {
            size_t len = strlen(line);
            line[len] = '\n';
            if (write(client, line, len + 1) < 0)
                break;
        }
        close(client);
    }
}
