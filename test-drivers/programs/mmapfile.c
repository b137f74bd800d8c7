/*
 * Memory mappings as an i386 Linux process sees them: private and shared file mappings (what reaches the file and
 * when), offsets, the page past end of file (SIGBUS), protection changes and the faults they cause, mremap,
 * anonymous shared memory across fork, partial munmap, madvise(MADV_DONTNEED) and mincore. Addresses are printed
 * only as offsets within a mapping.
 *
 * Usage: mmapfile [PAGES [cow]]   (the size of the test file in pages, default 3; at least 2. With cow, also
 * whether a private mapping's untouched page shows a later write to the file, which needs copy-on-write.)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

#define CALL(label, expr) do { \
        errno = 0; \
        long result_ = (long) (expr); \
        int errno_ = errno; \
        printf("%s = %ld %s\n", label, result_, result_ < 0 ? strerror(errno_) : "ok"); \
    } while (0)

static sigjmp_buf recovery;
static volatile int fault_signal, fault_code;
static volatile uintptr_t fault_address;

static void on_fault(int sig, siginfo_t *info, void *context) {
    (void) context;
    fault_signal = sig;
    fault_code = info->si_code;
    fault_address = (uintptr_t) info->si_addr;
    siglongjmp(recovery, 1);
}

static const char *fault_name(void) {
    if (fault_signal == SIGSEGV) return fault_code == SEGV_MAPERR ? "SIGSEGV SEGV_MAPERR" : "SIGSEGV SEGV_ACCERR";
    if (fault_signal == SIGBUS) return fault_code == BUS_ADRERR ? "SIGBUS BUS_ADRERR" : "SIGBUS other";
    return "none";
}

/* Touches base[offset] (reading, or writing when write is set) and reports a fault relative to base. */
static void probe(const char *what, char *base, long offset, int write) {
    fault_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        if (write) ((volatile char *) base)[offset] = 'W';
        else printf("%s: reads %d\n", what, ((volatile char *) base)[offset]);
        if (write) printf("%s: written\n", what);
        return;
    }
    printf("%s: %s at +0x%lx\n", what, fault_name(), (unsigned long) (fault_address - (uintptr_t) base));
}

static unsigned checksum(const unsigned char *p, size_t n) {
    unsigned h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static char pattern(long i) { return (char) ('a' + (i * 7 + i / PAGE) % 26); }

static void file_contents(const char *what, int fd, long length) {
    unsigned char *buffer = malloc(length + 1);
    ssize_t n = pread(fd, buffer, length, 0);
    printf("%s: read %zd bytes, checksum %08x, [0] %c [%d] %c [%ld] %c\n", what, n, checksum(buffer, n), buffer[0],
           PAGE + 1, buffer[PAGE + 1], length - 1, buffer[length - 1]);
    free(buffer);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    long pages = argc > 1 ? atol(argv[1]) : 3;
    if (pages < 2) {
        fprintf(stderr, "mmapfile: PAGES must be at least 2\n");
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    /* A file of PAGES pages and a half. */
    long length = pages * PAGE + PAGE / 2;
    int fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char *contents = malloc(length);
    for (long i = 0; i < length; i++) contents[i] = pattern(i);
    printf("write = %zd\n", write(fd, contents, length));
    file_contents("file", fd, length);

    printf("== private\n");
    char *p = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    printf("mapped %s, matches file %d\n", p == MAP_FAILED ? "no" : "yes", memcmp(p, contents, length) == 0);
    memset(p, 'P', PAGE + 10);
    printf("private write seen in mapping: %c%c\n", p[0], p[PAGE + 9]);
    file_contents("file after private write", fd, length);
    pwrite(fd, "XYZ", 3, 2 * PAGE);
    if (argc > 2 && strcmp(argv[2], "cow") == 0) {
        printf("file write seen in unwritten private page: %.3s\n", p + 2 * PAGE);
    }
    pwrite(fd, "ab", 2, PAGE + 1);
    printf("file write not seen in written private page: %c\n", p[PAGE + 1]);
    pwrite(fd, contents + 2 * PAGE, 3, 2 * PAGE);
    pwrite(fd, contents + PAGE + 1, 2, PAGE + 1);
    probe("private: tail of last page", p, length + 100, 0);
    munmap(p, length);

    printf("== offsets\n");
    p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
    printf("offset 1 page: %.8s matches %d\n", p, memcmp(p, contents + PAGE, PAGE) == 0);
    munmap(p, PAGE);
    p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, (pages - 1) * PAGE);
    printf("offset last pages: %.8s matches %d\n", p, memcmp(p, contents + (pages - 1) * PAGE, PAGE) == 0);
    munmap(p, PAGE);
    CALL("unaligned offset", mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED ? -1 : 0);
    CALL("zero length", mmap(NULL, 0, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED ? -1 : 0);
    CALL("bad descriptor", mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? -1 : 0);
    CALL("neither shared nor private", mmap(NULL, PAGE, PROT_READ, 0, fd, 0) == MAP_FAILED ? -1 : 0);
    int readonly = open("data.bin", O_RDONLY);
    CALL("shared writable on a read-only descriptor",
         mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, readonly, 0) == MAP_FAILED ? -1 : 0);
    char *rp = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, readonly, 0);
    printf("private writable on a read-only descriptor: %s\n", rp == MAP_FAILED ? strerror(errno) : "mapped");
    if (rp != MAP_FAILED) munmap(rp, PAGE);
    close(readonly);

    printf("== shared\n");
    char *s = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    memcpy(s + 10, "shared!", 7);
    memcpy(s + PAGE + 100, "second page", 11);
    s[length - 1] = '$';
    CALL("msync", msync(s, length, MS_SYNC));
    file_contents("file after shared write + msync", fd, length);
    char word[12] = {0};
    pread(fd, word, 7, 10);
    printf("read() sees: %s\n", word);
    pread(fd, word, 11, PAGE + 100);
    printf("read() sees: %s\n", word);
    pwrite(fd, "FROMFILE", 8, 2 * PAGE + 8);
    printf("file write seen through shared mapping: %.8s\n", s + 2 * PAGE + 8);
    s[2 * PAGE] = '#';
    munmap(s, length);
    pread(fd, word, 1, 2 * PAGE);
    printf("after munmap read() sees: %c\n", word[0]);
    struct stat st;
    fstat(fd, &st);
    printf("size unchanged by shared writes: %ld\n", (long) st.st_size);

    /* Two shared mappings of the same file page see each other's writes. */
    char *a = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PAGE);
    char *b = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    a[5] = '@';
    printf("second mapping sees the first's write: %c\n", b[PAGE + 5]);
    munmap(a, PAGE);
    munmap(b, 2 * PAGE);

    printf("== past end of file\n");
    ftruncate(fd, PAGE + 100);
    char *e = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    probe("inside the file", e, 50, 0);
    probe("tail of the last page (zero)", e, PAGE + 200, 0);
    probe("write to tail", e, PAGE + 300, 1);
    probe("page beyond end of file", e, 2 * PAGE + 1, 0);
    probe("write to page beyond end", e, 2 * PAGE + 10, 1);
    munmap(e, 3 * PAGE);
    fstat(fd, &st);
    printf("size after tail write: %ld\n", (long) st.st_size);
    char tail[4];
    printf("pread past the size = %zd\n", pread(fd, tail, 4, PAGE + 300));
    /* Growing the file makes the page valid again, in the same mapping. */
    e = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    probe("before growing", e, 2 * PAGE + 1, 0);
    ftruncate(fd, 3 * PAGE);
    probe("after growing", e, 2 * PAGE + 1, 0);
    probe("write after growing", e, 2 * PAGE + 2, 1);
    munmap(e, 3 * PAGE);
    pread(fd, tail, 1, 2 * PAGE + 2);
    printf("read() sees the write: %c\n", tail[0]);

    printf("== mprotect\n");
    char *m = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    m[0] = 1;
    CALL("mprotect read-only", mprotect(m, 2 * PAGE, PROT_READ));
    probe("write to read-only", m, PAGE + 1, 1);
    probe("read from read-only", m, 0, 0);
    probe("write to still writable", m, 2 * PAGE, 1);
    CALL("mprotect none", mprotect(m + 3 * PAGE, PAGE, PROT_NONE));
    probe("read from PROT_NONE", m, 3 * PAGE + 7, 0);
    CALL("mprotect unaligned", mprotect(m + 1, PAGE, PROT_READ));
    CALL("mprotect back", mprotect(m, 4 * PAGE, PROT_READ | PROT_WRITE));
    probe("write after restoring", m, PAGE + 1, 1);
    munmap(m, 4 * PAGE);
    CALL("mprotect unmapped", mprotect(m, PAGE, PROT_READ));

    printf("== mremap\n");
    /* Reserve four pages, keep two: growing in place then has room, and a blocker placed after 3 pages stops it. */
    char *r = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(r + 2 * PAGE, 2 * PAGE);
    mprotect(r, 2 * PAGE, PROT_READ | PROT_WRITE);
    for (int i = 0; i < 2 * PAGE; i++) r[i] = (char) i;
    char *grown = mremap(r, 2 * PAGE, 3 * PAGE, 0);
    printf("grow in place: %s\n", grown == MAP_FAILED ? strerror(errno) : grown == r ? "same address" : "moved");
    probe("grown page", r, 2 * PAGE + 3, 1);
    char *blocker = mmap(r + 3 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    char *base = r;
    long size = 3 * PAGE;
    char *fixed = mremap(base, size, 8 * PAGE, 0);
    printf("grow without MREMAP_MAYMOVE: %s\n", fixed == MAP_FAILED ? strerror(errno) : "grew");
    char *moved = mremap(base, size, 8 * PAGE, MREMAP_MAYMOVE);
    int kept = 1;
    for (int i = 0; i < 2 * PAGE; i++) kept &= moved[i] == (char) i;
    printf("grow with MREMAP_MAYMOVE: %s, contents kept %d, new tail zero %d\n",
           moved == MAP_FAILED ? strerror(errno) : "ok", kept, moved[7 * PAGE] == 0);
    moved[8 * PAGE - 1] = 5;
    char *shrunk = mremap(moved, 8 * PAGE, PAGE, 0);
    printf("shrink: %s, first byte %d\n", shrunk == moved ? "same address" : "moved", shrunk[1]);
    probe("after shrink, second page", moved, PAGE, 0);
    CALL("mremap unaligned", mremap(moved + 1, PAGE, 2 * PAGE, 0) == MAP_FAILED ? -1 : 0);
    CALL("mremap to zero", mremap(moved, PAGE, 0, 0) == MAP_FAILED ? -1 : 0);
    munmap(shrunk, PAGE);
    munmap(blocker, PAGE);

    printf("== anonymous shared across fork\n");
    int *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    shared[0] = 1;
    private[0] = 1;
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        printf("child sees shared %d private %d\n", shared[0], private[0]);
        for (int i = 1; i <= 100; i++) shared[i] = i * i;
        shared[0] = 2;
        private[0] = 2;
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    long sum = 0;
    for (int i = 1; i <= 100; i++) sum += shared[i];
    printf("parent sees shared %d private %d, sum %ld, child status %d\n", shared[0], private[0], sum,
           WEXITSTATUS(status));
    munmap(shared, PAGE);
    munmap(private, PAGE);

    /* A shared file mapping written by a child reaches the file. */
    int fd2 = open("child.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    ftruncate(fd2, PAGE);
    char *cf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
    fflush(stdout);
    child = fork();
    if (child == 0) {
        strcpy(cf + 40, "written by the child");
        _exit(0);
    }
    waitpid(child, &status, 0);
    char line[32] = {0};
    pread(fd2, line, 20, 40);
    printf("parent mapping: %s; file: %s\n", cf + 40, line);
    munmap(cf, PAGE);
    close(fd2);

    printf("== munmap middle\n");
    char *mid = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 5; i++) mid[i * PAGE] = (char) ('0' + i);
    CALL("munmap pages 1-2", munmap(mid + PAGE, 2 * PAGE));
    probe("page 0", mid, 0, 0);
    probe("page 1", mid, PAGE, 0);
    probe("page 2", mid, 2 * PAGE + 5, 1);
    probe("page 3", mid, 3 * PAGE, 0);
    probe("page 4", mid, 4 * PAGE, 0);
    CALL("munmap unaligned", munmap(mid + 1, PAGE));
    CALL("munmap zero length", munmap(mid, 0));
    CALL("munmap already unmapped", munmap(mid + PAGE, PAGE));
    char *again = mmap(mid + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED into the hole: %s, zero %d\n", again == mid + PAGE ? "placed" : "elsewhere", again[0]);
    char *noreplace = mmap(mid, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("MAP_FIXED_NOREPLACE over page 0: %s\n", noreplace == MAP_FAILED ? strerror(errno) : "replaced");
    munmap(mid, 5 * PAGE);

    printf("== madvise and mincore\n");
    char *d = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(d, 7, 3 * PAGE);
    unsigned char vec[3];
    CALL("mincore", mincore(d, 3 * PAGE, vec));
    printf("resident after writing: %d %d %d\n", vec[0] & 1, vec[1] & 1, vec[2] & 1);
    CALL("madvise DONTNEED", madvise(d + PAGE, PAGE, MADV_DONTNEED));
    printf("after DONTNEED: %d %d %d\n", d[0], d[PAGE], d[2 * PAGE]);
    CALL("madvise bad advice", madvise(d, PAGE, 12345));
    CALL("madvise unaligned", madvise(d + 1, PAGE, MADV_DONTNEED));
    CALL("mincore unaligned", mincore(d + 1, PAGE, vec));
    munmap(d, 3 * PAGE);
    CALL("mincore unmapped", mincore(d, PAGE, vec));
    /* DONTNEED on a private file mapping drops the private copy: the file's contents come back. */
    ftruncate(fd, PAGE);
    pwrite(fd, "file", 4, 0);
    char *fp = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    memcpy(fp, "mine", 4);
    madvise(fp, PAGE, MADV_DONTNEED);
    printf("private file page after DONTNEED: %.4s\n", fp);
    munmap(fp, PAGE);

    close(fd);
    unlink("data.bin");
    unlink("child.bin");
    free(contents);
    printf("done\n");
    return 0;
}
