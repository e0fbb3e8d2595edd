/*
 * Minimal client of the Northstar console for the example containers: the
 * runtime passes one end of a socket pair as fd $NORTHSTAR_CONSOLE, and speaks
 * newline-delimited JSON on it. The examples only need to send a request line
 * and wait for the response line, so no JSON library: responses are matched
 * with strstr, which is enough for the fixed shapes of console-protocol.md.
 */
#ifndef EXAMPLES_CONSOLE_H
#define EXAMPLES_CONSOLE_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONSOLE_API_VERSION "0.9.3"

static int console_fd(void) {
    const char *s = getenv("NORTHSTAR_CONSOLE");
    if (s == NULL) {
        fprintf(stderr, "NORTHSTAR_CONSOLE is not set: the manifest needs a console section\n");
        exit(1);
    }
    return atoi(s);
}

static void console_write_line(int fd, const char *line) {
    size_t len = strlen(line);
    while (len > 0) {
        ssize_t n = write(fd, line, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            perror("console: write");
            exit(1);
        }
        line += n;
        len -= (size_t)n;
    }
    if (write(fd, "\n", 1) != 1) {
        perror("console: write");
        exit(1);
    }
}

/* Reads one line (without the newline) into buf; skips notification lines. */
static void console_read_response(int fd, char *buf, size_t size) {
    for (;;) {
        size_t used = 0;
        for (;;) {
            char c;
            ssize_t n = read(fd, &c, 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                fprintf(stderr, "console: connection closed by the runtime\n");
                exit(1);
            }
            if (c == '\n')
                break;
            if (used + 1 < size)
                buf[used++] = c;
        }
        buf[used] = '\0';
        if (strncmp(buf, "{\"notification\"", 15) != 0)
            return;
    }
}

/* Connect handshake; exits when the runtime refuses. */
static int console_connect(void) {
    char line[4096];
    int fd = console_fd();
    console_write_line(fd, "{\"connect\":{\"version\":\"" CONSOLE_API_VERSION "\",\"subscribe_notifications\":false}}");
    console_read_response(fd, line, sizeof(line));
    if (strcmp(line, "{\"connect_ack\":null}") != 0) {
        fprintf(stderr, "console: connect refused: %s\n", line);
        exit(1);
    }
    return fd;
}

/* Sends one request line and stores the response line in buf. */
static void console_request(int fd, const char *request, char *buf, size_t size) {
    console_write_line(fd, request);
    console_read_response(fd, buf, size);
}

#endif
