/*
 * Measures this host's RCPSS and RSQRTSS: on the reference machine (AMD EPYC) both results depend only on the
 * top 12 fraction bits of the input (and, for RSQRTSS, on the parity of its exponent), so three 4096-entry tables
 * reproduce them bit for bit. The program checks that property exhaustively before printing the tables.
 *
 * Build and run:  gcc -O2 -msse -o /tmp/approximation-tables approximation-tables.c && /tmp/approximation-tables \
 *                   > ../../main/resources/ukcf/cpu/semantics/sse/reciprocal-approximations.txt
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xmmintrin.h>

static uint32_t bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static float real(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static uint32_t rcp(uint32_t x) { return bits(_mm_cvtss_f32(_mm_rcp_ss(_mm_set_ss(real(x))))); }
static uint32_t rsqrt(uint32_t x) { return bits(_mm_cvtss_f32(_mm_rsqrt_ss(_mm_set_ss(real(x))))); }

#define ONE 0x3F800000u   /* 1.0: exponent 127 */
#define TWO 0x40000000u   /* 2.0: exponent 128 */

int main(void) {
    for (uint32_t m = 0; m < (1u << 23); m++) {
        uint32_t top = m & ~0x7FFu;
        if (rcp(ONE | m) != rcp(ONE | top) || rsqrt(ONE | m) != rsqrt(ONE | top) || rsqrt(TWO | m) != rsqrt(TWO | top)) {
            fprintf(stderr, "this host's approximations depend on more than the top 12 fraction bits (input %06x)\n", m);
            return 1;
        }
    }
    printf("# RCPSS/RSQRTSS of the reference machine, measured by src/test/native/approximation-tables.c; do not edit.\n");
    printf("# index = top 12 fraction bits of the input; results as binary32 bits for the inputs\n");
    printf("# index\trcp(1.f)\trsqrt(1.f)\trsqrt(2 * 1.f)\n");
    for (uint32_t i = 0; i < 4096; i++) {
        uint32_t m = i << 11;
        printf("%03x\t%08x\t%08x\t%08x\n", i, rcp(ONE | m), rsqrt(ONE | m), rsqrt(TWO | m));
    }
    return 0;
}
