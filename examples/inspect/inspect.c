/* Prints what a container sees of its sandbox: ids, groups, capabilities, limits, fds, mounts, environment. */
#include <dirent.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

extern char **environ;

static void print_file(const char *title, const char *path, const char *filter) {
    char line[1024];
    FILE *f = fopen(path, "r");
    printf("inspect: --- %s (%s)\n", title, path);
    if (f == NULL) {
        perror("inspect: open");
        return;
    }
    while (fgets(line, sizeof(line), f) != NULL)
        if (filter == NULL || strstr(line, filter) == line)
            printf("inspect:   %s", line);
    fclose(f);
}

int main(void) {
    gid_t groups[64];
    int n = getgroups(64, groups);
    printf("inspect: pid %d ppid %d sid %d uid %d gid %d euid %d egid %d\n", getpid(), getppid(), getsid(0), getuid(),
           getgid(), geteuid(), getegid());
    printf("inspect: supplementary groups:");
    for (int i = 0; i < n; i++)
        printf(" %d", groups[i]);
    printf("\n");

    print_file("capabilities", "/proc/self/status", "Cap");
    print_file("seccomp and no_new_privs", "/proc/self/status", "Seccomp");
    print_file("no_new_privs", "/proc/self/status", "NoNewPrivs");
    print_file("limits", "/proc/self/limits", NULL);
    print_file("mounts", "/proc/self/mounts", NULL);

    printf("inspect: --- open file descriptors\n");
    DIR *d = opendir("/proc/self/fd");
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            char path[300], target[300];
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
            ssize_t len = readlink(path, target, sizeof(target) - 1);
            target[len < 0 ? 0 : len] = '\0';
            printf("inspect:   %s -> %s\n", e->d_name, target);
        }
        closedir(d);
    }
    printf("inspect: --- environment\n");
    for (char **e = environ; *e != NULL; e++)
        printf("inspect:   %s\n", *e);
    return 0;
}
