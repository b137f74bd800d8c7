/*
 * Known answers for the x87 transcendental instructions and constants, from this machine's FPU. Build and run:
 *   gcc -O1 -o /tmp/fp_transcendental fp_transcendental.c && /tmp/fp_transcendental > ../resources/ukcf/cpu/fp/native-transcendental.txt
 * Line format (hex): x87 OP CW A [B] -> RESULT [SECOND] SW   (SECOND: the pushed value of FPTAN/FSINCOS)
 */
#include <stdint.h>
#include <stdio.h>

typedef struct { uint64_t sig; uint16_t se; } __attribute__((packed)) f80;

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }
static void pf(f80 x) { printf("%04x:%016llx", x.se, (unsigned long long)x.sig); }

#define SW_MASK 0x47FF

#define UNARY(name, insn)                                                                      \
    static void name(uint16_t cw, f80 a, f80 *r, uint16_t *sw) {                               \
        __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[a]\n" insn "\n fnstsw %[sw]\n fnclex\n fstpt %[r]\n" \
                         : [r] "=m"(*r), [sw] "=m"(*sw) : [a] "m"(a), [cw] "m"(cw));           \
    }
UNARY(x_sin, "fsin")
UNARY(x_cos, "fcos")
UNARY(x_2xm1, "f2xm1")

#define PUSHING(name, insn)                                                                    \
    static void name(uint16_t cw, f80 a, f80 *r, f80 *r2, uint16_t *sw) {                      \
        __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[a]\n" insn "\n fnstsw %[sw]\n fnclex\n fstpt %[r2]\n fstpt %[r]\n" \
                         : [r] "=m"(*r), [r2] "=m"(*r2), [sw] "=m"(*sw) : [a] "m"(a), [cw] "m"(cw)); \
    }
PUSHING(x_ptan, "fptan")
PUSHING(x_sincos, "fsincos")

#define BINARY(name, insn)                                                                     \
    static void name(uint16_t cw, f80 y, f80 x, f80 *r, uint16_t *sw) {                        \
        __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[y]\n fldt %[x]\n" insn "\n fnstsw %[sw]\n fnclex\n fstpt %[r]\n" \
                         : [r] "=m"(*r), [sw] "=m"(*sw) : [x] "m"(x), [y] "m"(y), [cw] "m"(cw)); \
    }
BINARY(x_patan, "fpatan")
BINARY(x_yl2x, "fyl2x")
BINARY(x_yl2xp1, "fyl2xp1")

#define CONSTANT(name, insn)                                                                   \
    static void name(uint16_t cw, f80 *r, uint16_t *sw) {                                      \
        __asm__ volatile("fninit\n fldcw %[cw]\n" insn "\n fnstsw %[sw]\n fnclex\n fstpt %[r]\n" \
                         : [r] "=m"(*r), [sw] "=m"(*sw) : [cw] "m"(cw));                        \
    }
CONSTANT(c_pi, "fldpi")
CONSTANT(c_l2t, "fldl2t")
CONSTANT(c_l2e, "fldl2e")
CONSTANT(c_lg2, "fldlg2")
CONSTANT(c_ln2, "fldln2")

static f80 value(int minExp, int maxExp, int allowNegative) {
    static const f80 special[] = {{0, 0}, {0, 0x8000}, {0x8000000000000000ull, 0x7FFF}, {0xC000000000000000ull, 0x7FFF},
        {0x8000000000000001ull, 0x7FFF}, {1, 0}, {0x8000000000000000ull, 0x3FFF}, {0xC90FDAA22168C235ull, 0x4000},
        {0xC90FDAA22168C234ull, 0x4000}, {0xC90FDAA22168C235ull, 0x3FFF}, {0x8000000000000000ull, 0x403E},
        {0xFFFFFFFFFFFFFFFFull, 0x403D}, {0x4000000000000000ull, 0x3FFF}};
    f80 x;
    if (next() % 10 == 0) { x = special[next() % (sizeof special / sizeof special[0])]; }
    else {
        x.se = 0x3FFF + minExp + (int)(next() % (unsigned)(maxExp - minExp + 1));
        x.sig = 0x8000000000000000ull | next();
        if (next() % 4 == 0) x.sig &= 0xFFFFFFFFFFFFF800ull;
    }
    if (allowNegative && (next() & 1)) x.se |= 0x8000;
    return x;
}

static uint16_t random_cw(void) {
    static const uint16_t masks[] = {0x3F, 0x3F, 0x3F, 0x3F, 0x3F, 0x3D, 0x2F};
    return 0x0040 | masks[next() % 7] | (3 << 8) | (next() % 4) << 10;
}

int main(void) {
    const int N = 400;
    f80 r, r2; uint16_t sw, cw;
    for (int i = 0; i < N; i++) {
        f80 a = value(-70, 70, 1); cw = random_cw();
        x_sin(cw, a, &r, &sw); printf("x87 sin %04x ", cw); pf(a); printf(" -> "); pf(r); printf(" %04x\n", sw & SW_MASK);
        a = value(-70, 70, 1); cw = random_cw();
        x_cos(cw, a, &r, &sw); printf("x87 cos %04x ", cw); pf(a); printf(" -> "); pf(r); printf(" %04x\n", sw & SW_MASK);
        a = value(-70, 70, 1); cw = random_cw();
        x_ptan(cw, a, &r, &r2, &sw); printf("x87 ptan %04x ", cw); pf(a); printf(" -> "); pf(r); printf(" "); pf(r2); printf(" %04x\n", sw & SW_MASK);
        a = value(-70, 70, 1); cw = random_cw();
        x_sincos(cw, a, &r, &r2, &sw); printf("x87 sincos %04x ", cw); pf(a); printf(" -> "); pf(r); printf(" "); pf(r2); printf(" %04x\n", sw & SW_MASK);
        a = value(-70, -1, 1); cw = random_cw();
        if (next() % 8 == 0) { a.se = (a.se & 0x8000) | 0x3FFF; a.sig = 0x8000000000000000ull; }
        x_2xm1(cw, a, &r, &sw); printf("x87 2xm1 %04x ", cw); pf(a); printf(" -> "); pf(r); printf(" %04x\n", sw & SW_MASK);
        f80 y = value(-200, 200, 1), x = value(-200, 200, 1); cw = random_cw();
        x_patan(cw, y, x, &r, &sw); printf("x87 patan %04x ", cw); pf(y); printf(" "); pf(x); printf(" -> "); pf(r); printf(" %04x\n", sw & SW_MASK);
        y = value(-100, 100, 1); x = value(-100, 100, 0); cw = random_cw();
        if (next() % 4 == 0) { x.se = 0x3FFF - (next() & 1); x.sig = 0x8000000000000000ull | (next() >> 20); if (x.se == 0x3FFE) x.sig |= 0xFFFFFFF000000000ull; }
        x_yl2x(cw, y, x, &r, &sw); printf("x87 yl2x %04x ", cw); pf(y); printf(" "); pf(x); printf(" -> "); pf(r); printf(" %04x\n", sw & SW_MASK);
        y = value(-100, 100, 1); x = value(-70, -3, 1); cw = random_cw();
        x_yl2xp1(cw, y, x, &r, &sw); printf("x87 yl2xp1 %04x ", cw); pf(y); printf(" "); pf(x); printf(" -> "); pf(r); printf(" %04x\n", sw & SW_MASK);
    }
    for (int rc = 0; rc < 4; rc++) {
        cw = 0x037F | rc << 10;
        c_pi(cw, &r, &sw); printf("x87 ldpi %04x -> ", cw); pf(r); printf(" %04x\n", sw & SW_MASK);
        c_l2t(cw, &r, &sw); printf("x87 ldl2t %04x -> ", cw); pf(r); printf(" %04x\n", sw & SW_MASK);
        c_l2e(cw, &r, &sw); printf("x87 ldl2e %04x -> ", cw); pf(r); printf(" %04x\n", sw & SW_MASK);
        c_lg2(cw, &r, &sw); printf("x87 ldlg2 %04x -> ", cw); pf(r); printf(" %04x\n", sw & SW_MASK);
        c_ln2(cw, &r, &sw); printf("x87 ldln2 %04x -> ", cw); pf(r); printf(" %04x\n", sw & SW_MASK);
    }
    return 0;
}
