/* Counts its own starts in /data/counter: the persist directory survives restarts (and is removed by uninstall --wipe). */
#include <stdio.h>

int main(void) {
    const char *path = "/data/counter";
    long count = 0;
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        if (fscanf(f, "%ld", &count) != 1)
            count = 0;
        fclose(f);
    }
    count++;
    f = fopen(path, "w");
    if (f == NULL) {
        perror("persistence: open /data/counter");
        return 1;
    }
    fprintf(f, "%ld\n", count);
    if (fclose(f) != 0) {
        perror("persistence: write /data/counter");
        return 1;
    }
    printf("persistence: started %ld time%s\n", count, count == 1 ? "" : "s");
    return 0;
}
