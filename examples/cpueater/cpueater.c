/* Burns CPU on $THREADS threads forever; its cgroup's cpu settings keep it in check. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *burn(void *arg) {
    volatile unsigned long n = 0;
    (void)arg;
    for (;;)
        n++;
    return NULL;
}

int main(void) {
    const char *s = getenv("THREADS");
    int threads = s ? atoi(s) : 1;
    if (threads < 1)
        threads = 1;
    printf("cpueater: eating cpu on %d threads\n", threads);
    fflush(stdout);
    for (int i = 1; i < threads; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, burn, NULL) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    burn(NULL);
    return 0;
}
