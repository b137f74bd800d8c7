/*
 * Files and directories as an i386 program uses them: descriptors and offsets, positional I/O, truncation, the
 * deterministic stat fields, directories listed in sorted order, renames and links, descriptor duplication and
 * flags, pipes across fork, the working directory, umask and the errors of O_APPEND, O_EXCL, O_TRUNC and friends
 * (as errno text). Everything happens inside the working directory, whose absolute path is never printed.
 *
 * Usage: fileio [UMASK-OCTAL]   (the umask for the umask section, default 022); reads standard input to its end
 * and reports its line count and checksum.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CALL(label, expr) do { \
        errno = 0; \
        long result_ = (long) (expr); \
        int errno_ = errno; \
        printf("%s = %ld %s\n", label, result_, result_ < 0 ? strerror(errno_) : "ok"); \
    } while (0)

static const char *type_of(mode_t mode) {
    return S_ISREG(mode) ? "file" : S_ISDIR(mode) ? "dir" : S_ISLNK(mode) ? "link" : S_ISFIFO(mode) ? "fifo" : "other";
}

static void show_stat(const char *path, int follow) {
    struct stat st;
    errno = 0;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    if (r != 0) {
        printf("%s %s: %s\n", follow ? "stat" : "lstat", path, strerror(errno));
        return;
    }
    /* A directory's size and blocks are the filesystem's business (ext4: 4096, tmpfs: 20 per entry): not shown. */
    if (S_ISDIR(st.st_mode)) {
        printf("%s %s: %s mode %04o links %lu\n", follow ? "stat" : "lstat", path, type_of(st.st_mode),
               st.st_mode & 07777, (unsigned long) st.st_nlink);
        return;
    }
    printf("%s %s: %s mode %04o size %lld links %lu blocks>0 %d\n", follow ? "stat" : "lstat", path,
           type_of(st.st_mode), st.st_mode & 07777, (long long) st.st_size, (unsigned long) st.st_nlink,
           st.st_blocks > 0);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *) a, *(char *const *) b); }

static void list(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    char *names[64];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        char entry[300];
        snprintf(entry, sizeof entry, "%s(%s)", e->d_name,
                 e->d_type == DT_DIR ? "d" : e->d_type == DT_REG ? "f" : e->d_type == DT_LNK ? "l" : "?");
        names[n++] = strdup(entry);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], by_name);
    printf("%s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    putchar('\n');
}

static void section_descriptors(void) {
    printf("== descriptors\n");
    int fd = open("a.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("first free descriptor %d\n", fd);
    CALL("write", write(fd, "hello, world\n", 13));
    CALL("lseek cur", lseek(fd, 0, SEEK_CUR));
    CALL("lseek set 7", lseek(fd, 7, SEEK_SET));
    char buffer[64] = {0};
    CALL("read", read(fd, buffer, sizeof buffer - 1));
    printf("read text: %s", buffer);
    CALL("read at end", read(fd, buffer, 10));
    CALL("lseek end -6", lseek(fd, -6, SEEK_END));
    CALL("lseek negative", lseek(fd, -100, SEEK_SET));
    CALL("lseek bad whence", lseek(fd, 0, 9));
    CALL("lseek past end", lseek(fd, 100, SEEK_SET));
    CALL("write past end", write(fd, "X", 1));
    struct stat st;
    fstat(fd, &st);
    printf("size with a hole %lld\n", (long long) st.st_size);
    memset(buffer, '?', sizeof buffer);
    CALL("pread in the hole", pread(fd, buffer, 4, 20));
    printf("hole bytes %d %d %d %d\n", buffer[0], buffer[1], buffer[2], buffer[3]);
    CALL("pwrite", pwrite(fd, "HELLO", 5, 0));
    CALL("offset unchanged by pwrite", lseek(fd, 0, SEEK_CUR));
    CALL("pread", pread(fd, buffer, 12, 0));
    printf("pread text: %.12s\n", buffer);
    CALL("pread negative offset", pread(fd, buffer, 1, -1));
    CALL("ftruncate shorter", ftruncate(fd, 5));
    fstat(fd, &st);
    printf("size %lld\n", (long long) st.st_size);
    CALL("ftruncate longer", ftruncate(fd, 10000));
    fstat(fd, &st);
    printf("size %lld\n", (long long) st.st_size);
    CALL("ftruncate negative", ftruncate(fd, -1));
    CALL("truncate by path", truncate("a.txt", 3));
    show_stat("a.txt", 1);
    CALL("close", close(fd));
    CALL("close again", close(fd));
    CALL("read closed", read(fd, buffer, 1));
    CALL("write to read-only", write(open("a.txt", O_RDONLY), "x", 1));
    CALL("read from write-only", read(open("a.txt", O_WRONLY), buffer, 1));
    CALL("open missing", open("missing.txt", O_RDONLY));
    CALL("open a directory for writing", open(".", O_WRONLY));
    CALL("O_DIRECTORY on a file", open("a.txt", O_RDONLY | O_DIRECTORY));
    CALL("empty path", open("", O_RDONLY));
    CALL("missing parent", open("nowhere/x", O_CREAT | O_WRONLY, 0644));
}

static void section_flags(void) {
    printf("== open flags\n");
    int fd = open("b.txt", O_WRONLY | O_CREAT | O_EXCL, 0600);
    printf("O_EXCL new: %s\n", fd >= 0 ? "created" : strerror(errno));
    write(fd, "12345", 5);
    close(fd);
    CALL("O_EXCL existing", open("b.txt", O_WRONLY | O_CREAT | O_EXCL, 0600));
    fd = open("b.txt", O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    write(fd, "678", 3);
    CALL("offset after append", lseek(fd, 0, SEEK_CUR));
    CALL("pwrite with O_APPEND", pwrite(fd, "9", 1, 0));
    close(fd);
    char buffer[32] = {0};
    fd = open("b.txt", O_RDONLY);
    read(fd, buffer, sizeof buffer - 1);
    close(fd);
    printf("after append: %s\n", buffer);
    fd = open("b.txt", O_RDWR | O_TRUNC);
    struct stat st;
    fstat(fd, &st);
    printf("O_TRUNC size %lld\n", (long long) st.st_size);
    int flags = fcntl(fd, F_GETFL);
    printf("F_GETFL access %d append %d nonblock %d\n", flags & O_ACCMODE, (flags & O_APPEND) != 0,
           (flags & O_NONBLOCK) != 0);
    CALL("F_SETFL append|nonblock", fcntl(fd, F_SETFL, flags | O_APPEND | O_NONBLOCK));
    flags = fcntl(fd, F_GETFL);
    printf("F_GETFL append %d nonblock %d\n", (flags & O_APPEND) != 0, (flags & O_NONBLOCK) != 0);
    printf("F_GETFD %d\n", fcntl(fd, F_GETFD));
    CALL("F_SETFD cloexec", fcntl(fd, F_SETFD, FD_CLOEXEC));
    printf("F_GETFD %d\n", fcntl(fd, F_GETFD));
    CALL("fcntl bad command", fcntl(fd, 9999));
    close(fd);
    fd = open("c.txt", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    printf("O_CLOEXEC gives FD_CLOEXEC %d\n", fcntl(fd, F_GETFD) & FD_CLOEXEC);
    close(fd);
}

static void section_dup(void) {
    printf("== dup\n");
    int fd = open("d.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    int copy = dup(fd);
    printf("dup gives the lowest free descriptor: %d\n", copy == fd + 1);
    write(fd, "abc", 3);
    CALL("offset shared with dup", lseek(copy, 0, SEEK_CUR));
    CALL("dup2 to 20", dup2(fd, 20));
    CALL("dup2 same", dup2(fd, fd));
    CALL("dup2 bad", dup2(99, 21));
    CALL("dup3 same", dup3(fd, fd, 0));
    CALL("F_DUPFD from 30", fcntl(fd, F_DUPFD, 30));
    CALL("F_DUPFD_CLOEXEC from 30", fcntl(fd, F_DUPFD_CLOEXEC, 30));
    printf("F_DUPFD_CLOEXEC flag %d, dup2 copy flag %d\n", fcntl(31, F_GETFD), fcntl(20, F_GETFD));
    close(copy);
    CALL("write through 20", write(20, "def", 3));
    CALL("offset after", lseek(fd, 0, SEEK_CUR));
    close(20);
    close(30);
    close(31);
    /* A fresh open has its own offset. */
    int other = open("d.txt", O_RDONLY);
    CALL("separate open offset", lseek(other, 0, SEEK_CUR));
    close(other);
    close(fd);
    /* stdout duplicated and written through the copy. */
    fflush(stdout);
    int out = dup(1);
    dprintf(out, "written through a dup of stdout\n");
    close(out);
}

static void section_directories(void) {
    printf("== directories\n");
    CALL("mkdir", mkdir("dir", 0755));
    CALL("mkdir existing", mkdir("dir", 0755));
    CALL("mkdir nested missing", mkdir("x/y", 0755));
    CALL("mkdir sub", mkdir("dir/sub", 0700));
    for (const char *name = "zeta\0alpha\0mid\0"; *name; name += strlen(name) + 1) {
        char path[64];
        snprintf(path, sizeof path, "dir/%s", name);
        close(open(path, O_WRONLY | O_CREAT, 0644));
    }
    CALL("symlink", symlink("alpha", "dir/link"));
    CALL("symlink existing", symlink("alpha", "dir/link"));
    list("dir");
    show_stat("dir", 1);
    show_stat("dir/sub", 1);
    show_stat("dir/link", 1);
    show_stat("dir/link", 0);
    show_stat("dir/dangling", 0);
    char target[64] = {0};
    CALL("readlink", readlink("dir/link", target, sizeof target));
    printf("readlink text: %s\n", target);
    CALL("readlink of a file", readlink("dir/alpha", target, sizeof target));
    CALL("readlink short buffer", readlink("dir/link", target, 2));
    CALL("rmdir non-empty", rmdir("dir"));
    CALL("rmdir a file", rmdir("dir/alpha"));
    CALL("unlink a directory", unlink("dir/sub"));
    CALL("link", link("dir/alpha", "dir/alpha2"));
    show_stat("dir/alpha", 1);
    CALL("link existing", link("dir/alpha", "dir/mid"));
    CALL("rename", rename("dir/zeta", "dir/omega"));
    CALL("rename over existing", rename("dir/omega", "dir/mid"));
    CALL("rename missing", rename("dir/zeta", "dir/z"));
    CALL("rename dir into itself", rename("dir", "dir/sub/dir"));
    CALL("rename file over dir", rename("dir/mid", "dir/sub"));
    list("dir");
    CALL("unlink", unlink("dir/alpha2"));
    show_stat("dir/alpha", 1);
    CALL("unlink missing", unlink("dir/alpha2"));
    CALL("chmod", chmod("dir/alpha", 0640));
    show_stat("dir/alpha", 1);
    int fd = open("dir/alpha", O_RDONLY);
    CALL("fchmod", fchmod(fd, 0604));
    close(fd);
    show_stat("dir/alpha", 1);
    CALL("rmdir sub", rmdir("dir/sub"));
    list("dir");
    /* Remove everything and the directory itself. */
    DIR *d = opendir("dir");
    struct dirent *e;
    char *names[16];
    int n = 0;
    while ((e = readdir(d))) if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(d);
    for (int i = 0; i < n; i++) {
        char path[300];
        snprintf(path, sizeof path, "dir/%s", names[i]);
        unlink(path);
        free(names[i]);
    }
    CALL("rmdir emptied", rmdir("dir"));
    list("dir");
}

static void section_cwd(void) {
    printf("== cwd\n");
    char start[4096], now[4096];
    getcwd(start, sizeof start);
    mkdir("w", 0755);
    mkdir("w/inner", 0755);
    CALL("chdir", chdir("w/inner"));
    getcwd(now, sizeof now);
    printf("cwd ends with /w/inner: %d, starts with the old cwd: %d\n",
           strlen(now) >= 8 && strcmp(now + strlen(now) - 8, "/w/inner") == 0, strncmp(now, start, strlen(start)) == 0);
    close(open("here.txt", O_CREAT | O_WRONLY, 0644));
    CALL("chdir ..", chdir(".."));
    show_stat("inner/here.txt", 1);
    CALL("chdir missing", chdir("missing"));
    CALL("chdir to a file", chdir("inner/here.txt"));
    int fd = open("inner", O_RDONLY | O_DIRECTORY);
    CALL("fchdir", fchdir(fd));
    close(fd);
    show_stat("here.txt", 1);
    CALL("getcwd too small", getcwd(now, 3) == NULL ? -1 : 0);
    chdir(start);
    unlink("w/inner/here.txt");
    rmdir("w/inner");
    rmdir("w");
}

static void section_umask(mode_t mask) {
    printf("== umask %03o\n", mask);
    mode_t old = umask(mask);
    printf("previous umask %03o\n", old);
    printf("umask returns the new one next: %03o\n", umask(mask));
    close(open("u-file", O_CREAT | O_WRONLY, 0666));
    mkdir("u-dir", 0777);
    close(open("u-exact", O_CREAT | O_WRONLY, 0600));
    show_stat("u-file", 1);
    show_stat("u-dir", 1);
    show_stat("u-exact", 1);
    CALL("chmod is not masked", chmod("u-file", 0777));
    show_stat("u-file", 1);
    unlink("u-file");
    unlink("u-exact");
    rmdir("u-dir");
    umask(old);
}

static void section_pipes(void) {
    printf("== pipes\n");
    int fds[2];
    CALL("pipe", pipe(fds));
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        for (int i = 0; i < 1000; i++) dprintf(fds[1], "line %d\n", i);
        _exit(3);
    }
    close(fds[1]);
    char buffer[256];
    long total = 0, lines = 0;
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0) {
        total += n;
        for (ssize_t i = 0; i < n; i++) lines += buffer[i] == '\n';
    }
    close(fds[0]);
    int status;
    waitpid(child, &status, 0);
    printf("read %ld bytes, %ld lines, child exit %d\n", total, lines, WEXITSTATUS(status));
    CALL("lseek on a pipe", (pipe(fds), lseek(fds[0], 0, SEEK_CUR)));
    struct stat st;
    fstat(fds[0], &st);
    printf("pipe is a %s\n", type_of(st.st_mode));
    CALL("write to the read end", write(fds[0], "x", 1));
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    CALL("nonblocking read of an empty pipe", read(fds[0], buffer, 1));
    close(fds[1]);
    CALL("read after the writer closed", read(fds[0], buffer, 1));
    close(fds[0]);
}

static void section_stdin(void) {
    printf("== stdin\n");
    char buffer[512];
    ssize_t n;
    long total = 0, lines = 0;
    unsigned hash = 2166136261u;
    while ((n = read(0, buffer, sizeof buffer)) > 0) {
        total += n;
        for (ssize_t i = 0; i < n; i++) {
            lines += buffer[i] == '\n';
            hash = (hash ^ (unsigned char) buffer[i]) * 16777619u;
        }
    }
    printf("stdin: %ld bytes, %ld lines, checksum %08x\n", total, lines, hash);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    mode_t mask = 022;
    if (argc > 1) {
        char *end;
        mask = (mode_t) strtol(argv[1], &end, 8);
        if (*end || mask > 0777) {
            fprintf(stderr, "fileio: bad umask %s\n", argv[1]);
            return 2;
        }
    }
    umask(022);
    section_descriptors();
    section_flags();
    section_dup();
    section_directories();
    section_cwd();
    section_umask(mask);
    section_pipes();
    section_stdin();
    printf("done\n");
    return 0;
}
