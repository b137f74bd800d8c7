/* Probes the guest's filesystem view for ukcf's confinement suite. Each argument is one step, words separated by
 * spaces ("cat /x", "openat /dir ../x", "cd /mnt", "pwd", "readlink /proc/self/root", "exec /path", "rename A B",
 * "link A B", "symlink TEXT NAME"); each prints one line: the step, then what it found (a file's first line, a
 * link's text, the working directory, "ok") or the errno's name. Static, so it runs in any root. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct { int number; const char *name; } ERRNOS[] = {
    {ENOENT, "ENOENT"}, {EACCES, "EACCES"}, {ENOTDIR, "ENOTDIR"}, {ELOOP, "ELOOP"}, {EEXIST, "EEXIST"},
    {EXDEV, "EXDEV"}, {EINVAL, "EINVAL"}, {EISDIR, "EISDIR"}, {ENOEXEC, "ENOEXEC"}, {EPERM, "EPERM"},
    {EBADF, "EBADF"}, {ENAMETOOLONG, "ENAMETOOLONG"},
};

static void fail(const char *step) {
    for (unsigned i = 0; i < sizeof ERRNOS / sizeof ERRNOS[0]; i++) {
        if (ERRNOS[i].number == errno) { printf("%s: %s\n", step, ERRNOS[i].name); return; }
    }
    printf("%s: errno %d\n", step, errno);
}

static void show(const char *step, int fd) {
    char text[128] = {0};
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n < 0) { fail(step); return; }
    text[strcspn(text, "\n")] = 0;
    printf("%s: %s\n", step, text);
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        char step[512], a[256] = "", b[256] = "", op[32] = "";
        snprintf(step, sizeof step, "%s", argv[i]);
        sscanf(argv[i], "%31s %255s %255s", op, a, b);
        fflush(stdout);
        int fd;
        if (!strcmp(op, "cat")) {
            if ((fd = open(a, O_RDONLY)) < 0) fail(step); else show(step, fd);
        } else if (!strcmp(op, "openat")) {
            int dir = open(a, O_RDONLY | O_DIRECTORY);
            if (dir < 0 || (fd = openat(dir, b, O_RDONLY)) < 0) fail(step); else show(step, fd);
            if (dir >= 0) close(dir);
        } else if (!strcmp(op, "cd")) {
            if (chdir(a) < 0) fail(step); else printf("%s: ok\n", step);
        } else if (!strcmp(op, "pwd")) {
            char cwd[512];
            if (!getcwd(cwd, sizeof cwd)) fail(step); else printf("%s: %s\n", step, cwd);
        } else if (!strcmp(op, "readlink")) {
            char text[512];
            ssize_t n = readlink(a, text, sizeof text - 1);
            if (n < 0) fail(step); else { text[n] = 0; printf("%s: %s\n", step, text); }
        } else if (!strcmp(op, "rename")) {
            if (rename(a, b) < 0) fail(step); else printf("%s: ok\n", step);
        } else if (!strcmp(op, "link")) {
            if (link(a, b) < 0) fail(step); else printf("%s: ok\n", step);
        } else if (!strcmp(op, "symlink")) {
            if (symlink(a, b) < 0) fail(step); else printf("%s: ok\n", step);
        } else if (!strcmp(op, "mkdir")) {
            if (mkdir(a, 0755) < 0) fail(step); else printf("%s: ok\n", step);
        } else if (!strcmp(op, "exec")) {
            fflush(stdout);
            char *args[] = {a, NULL};
            execv(a, args);
            fail(step);
        } else {
            printf("%s: unknown step\n", step);
            return 2;
        }
    }
    return 0;
}
