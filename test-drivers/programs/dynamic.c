/* A dynamically linked i386 program for ukcf's --root test: it needs ld-linux.so.2 and libc.so.6 from the
 * guest's root, and uses libc the way ordinary programs do (stdio, the environment, malloc, qsort, strtod,
 * errno texts, a file read by path). Usage: dynamic FILE — prints FILE's first line; the output does not depend
 * on where the root is, so a native run through the root's loader prints the same bytes. */
#include <errno.h>
#include <gnu/libc-version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare(const void *a, const void *b) { return *(const int *) a - *(const int *) b; }

int main(int argc, char **argv) {
    printf("glibc %s, argc %d\n", gnu_get_libc_version(), argc);
    const char *who = getenv("DYNAMIC_TEST_NAME");
    printf("DYNAMIC_TEST_NAME=%s\n", who ? who : "(unset)");

    int numbers[] = {42, 7, 19, 3, 88, 1};
    qsort(numbers, 6, sizeof numbers[0], compare);
    for (int i = 0; i < 6; i++) printf("%d%c", numbers[i], i == 5 ? '\n' : ' ');

    char *copy = strdup("dynamic linking works");
    for (char *c = copy; *c; c++) if (*c == ' ') *c = '_';
    printf("%s (%zu bytes)\n", copy, strlen(copy));
    free(copy);

    printf("%.6f %.3e\n", strtod("3.14159265", NULL) * 2, 1.0 / 3.0);

    FILE *missing = fopen("/this/file/does/not/exist", "r");
    printf("fopen missing: %s\n", missing ? "opened?" : strerror(errno));

    if (argc > 1) {
        FILE *f = fopen(argv[1], "r");
        if (!f) {
            fprintf(stderr, "cannot open the root's file: %s\n", strerror(errno));
            return 3;
        }
        char line[256];
        if (fgets(line, sizeof line, f)) printf("first line: %s", line);
        fclose(f);
    }
    fprintf(stderr, "done on stderr\n");
    return 5;
}
