/*
 * spawnloop RUNS COMMAND [ARGS...]: runs COMMAND RUNS times, one after the other, and prints
 * the nanoseconds from fork to the reaped exit of each run, one per line. "{}" in an argument
 * is replaced by the run's index, so each `crun run` gets a fresh container id. Exits 1 at the
 * first run that does not exit 0 (its status is printed on stderr).
 *
 * A C loop, not a shell or a JVM, so that the baseline is not charged with our own spawning.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: spawnloop RUNS COMMAND [ARGS...]\n");
        return 2;
    }
    int runs = atoi(argv[1]);
    int n = argc - 2;
    char **args = calloc(n + 1, sizeof(char *));
    char **templ = argv + 2;
    for (int r = 0; r < runs; r++) {
        for (int i = 0; i < n; i++) {
            char *mark = strstr(templ[i], "{}");
            if (mark == NULL) {
                args[i] = templ[i];
            } else {
                args[i] = NULL;
                if (asprintf(&args[i], "%.*s%d%s", (int) (mark - templ[i]), templ[i], r, mark + 2) < 0) {
                    perror("spawnloop: asprintf");
                    return 1;
                }
            }
        }
        long long t0 = now_ns();
        pid_t pid = fork();
        if (pid < 0) {
            perror("spawnloop: fork");
            return 1;
        }
        if (pid == 0) {
            execvp(args[0], args);
            perror("spawnloop: exec");
            _exit(127);
        }
        int status;
        if (waitpid(pid, &status, 0) < 0) {
            perror("spawnloop: waitpid");
            return 1;
        }
        long long t1 = now_ns();
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "spawnloop: run %d of %s: status 0x%x\n", r, args[0], status);
            return 1;
        }
        printf("%lld\n", t1 - t0);
        fflush(stdout);
        for (int i = 0; i < n; i++) {
            if (args[i] != templ[i]) {
                free(args[i]);
            }
        }
    }
    return 0;
}
