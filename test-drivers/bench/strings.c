/* String and memory library kernels: memcpy, memmove, memset, strlen, strcmp, strchr, memcmp over many sizes.
 * Only the sign of memcmp/strcmp is used: their magnitude depends on which implementation glibc picks for the CPU. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sign(int v) { return (v > 0) - (v < 0); }

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 200;
    size_t size = 1 << 16;
    char *src = malloc(size + 64), *dst = malloc(size + 64);
    uint32_t x = 7, check = 0;
    for (size_t i = 0; i < size + 64; i++) { x = x * 1664525u + 1013904223u; src[i] = 'a' + (x >> 24) % 26; }
    for (int r = 0; r < rounds; r++) {
        for (size_t len = 1; len <= size; len = len * 3 + (len & 7)) {
            size_t offset = (r + len) & 31;
            memcpy(dst + (r & 7), src + offset, len);
            memmove(dst + 3, dst, len / 2);
            check += (uint32_t) sign(memcmp(dst, src, len)) + dst[len / 2];
        }
        memset(dst, 'x', size);
        dst[size - 1 - (r & 255)] = 0;
        check += strlen(dst);
        src[size - 1] = 0;
        check += (uint32_t) (strchr(src + (r & 63), 'q') - src);
        check += (uint32_t) sign(strcmp(src + (r & 15), src + (r & 15) + 1)) + 7;
        for (int i = 0; i < 64; i++) {
            char word[32];
            int n = snprintf(word, sizeof word, "k%d-%d", r, i);
            check = check * 33 + (uint32_t) n + (uint32_t) strlen(word) + (uint8_t) word[n - 1];
        }
        src[size - 1] = 'z';
    }
    printf("strings x%d: %08x\n", rounds, check);
    return 0;
}
