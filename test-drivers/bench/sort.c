/* Sorting: our own quicksort (insertion sort below 16) and a merge sort over generated keys, then qsort. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void insertion(int32_t *a, int n) {
    for (int i = 1; i < n; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static void quick(int32_t *a, int n) {
    while (n > 16) {
        int32_t pivot = a[n / 2];
        int i = 0, j = n - 1;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j + 1 < n - i) { quick(a, j + 1); a += i; n -= i; }
        else { quick(a + i, n - i); n = j + 1; }
    }
    insertion(a, n);
}

static void merge_sort(int32_t *a, int32_t *tmp, int n) {
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof *a);
    }
}

static int compare(const void *x, const void *y) {
    int32_t a = *(const int32_t *) x, b = *(const int32_t *) y;
    return (a > b) - (a < b);
}

static uint32_t digest(const int32_t *a, int n) {
    uint32_t h = 2166136261u;
    for (int i = 0; i < n; i++) h = (h ^ (uint32_t) a[i]) * 16777619u;
    return h;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000000;
    int32_t *keys = malloc(n * sizeof *keys), *a = malloc(n * sizeof *a), *tmp = malloc(n * sizeof *a);
    uint32_t x = 42;
    for (int i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; keys[i] = (int32_t) x; }
    memcpy(a, keys, n * sizeof *a); quick(a, n);
    uint32_t h1 = digest(a, n);
    memcpy(a, keys, n * sizeof *a); merge_sort(a, tmp, n);
    uint32_t h2 = digest(a, n);
    memcpy(a, keys, n * sizeof *a); qsort(a, n, sizeof *a, compare);
    uint32_t h3 = digest(a, n);
    printf("sorted %d keys: quick %08x merge %08x qsort %08x min %d max %d\n", n, h1, h2, h3, a[0], a[n - 1]);
    return h1 == h2 && h2 == h3 ? 0 : 1;
}
