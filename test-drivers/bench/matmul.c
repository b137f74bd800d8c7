/* Integer matrix multiply (i-k-j order), a few repetitions: dense 32-bit multiply-add over arrays. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 256, rounds = argc > 2 ? atoi(argv[2]) : 2;
    int32_t *a = malloc(n * n * 4), *b = malloc(n * n * 4), *c = malloc(n * n * 4);
    for (int i = 0; i < n * n; i++) { a[i] = (i * 7 + 3) % 101 - 50; b[i] = (i * 13 + 5) % 97 - 48; }
    uint32_t check = 0;
    for (int r = 0; r < rounds; r++) {
        memset(c, 0, n * n * 4);
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                int32_t aik = a[i * n + k] + r;
                const int32_t *brow = b + k * n;
                int32_t *crow = c + i * n;
                for (int j = 0; j < n; j++) crow[j] += aik * brow[j];
            }
        for (int i = 0; i < n * n; i++) check = check * 31 + (uint32_t) c[i];
    }
    printf("matmul %dx%d x%d: %08x c[0]=%d c[last]=%d\n", n, n, rounds, check, c[0], c[n * n - 1]);
    return 0;
}
