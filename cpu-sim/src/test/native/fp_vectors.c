/*
 * Generates known-answer vectors for ukcf's soft-float engine by running the operations on this machine's
 * own x87 and SSE units. Build and run (x86-64 gcc; long double is the x87 extended format):
 *   gcc -O1 -o /tmp/fp_vectors fp_vectors.c && /tmp/fp_vectors > ../resources/ukcf/cpu/fp/native-vectors.txt
 * Line format (hex):
 *   x87 OP CW A [B] -> RESULT SW      extended operands as SEXP:SIGNIFICAND, SW = status word & 0x47FF
 *   sse OP MXCSR A [B] -> RESULT MXCSR
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct { uint64_t sig; uint16_t se; } __attribute__((packed)) f80;

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static void pf(f80 x) { printf("%04x:%016llx", x.se, (unsigned long long)x.sig); }

#define SW_MASK 0x47FF

/* ---------------- x87 ---------------- */

#define X87_BINARY(name, insn)                                                                \
    static void name(uint16_t cw, f80 a, f80 b, f80 *r, uint16_t *sw) {                        \
        __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[b]\n fldt %[a]\n" insn "\n"          \
                         "fnstsw %[sw]\n fnclex\n fstpt %[r]\n fstp %%st(0)\n"                \
                         : [r] "=m"(*r), [sw] "=m"(*sw)                                        \
                         : [a] "m"(a), [b] "m"(b), [cw] "m"(cw));                              \
    }
X87_BINARY(x87_add, "fadd %%st(1), %%st")
X87_BINARY(x87_sub, "fsub %%st(1), %%st")
X87_BINARY(x87_mul, "fmul %%st(1), %%st")
X87_BINARY(x87_div, "fdiv %%st(1), %%st")
X87_BINARY(x87_scale, "fscale")
X87_BINARY(x87_prem, "fprem")
X87_BINARY(x87_prem1, "fprem1")
X87_BINARY(x87_com, "fcom %%st(1)")
X87_BINARY(x87_ucom, "fucom %%st(1)")

#define X87_UNARY(name, insn)                                                                  \
    static void name(uint16_t cw, f80 a, f80 b, f80 *r, uint16_t *sw) {                        \
        (void)b;                                                                               \
        __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[a]\n" insn "\n"                       \
                         "fnstsw %[sw]\n fnclex\n fstpt %[r]\n"                                 \
                         : [r] "=m"(*r), [sw] "=m"(*sw)                                        \
                         : [a] "m"(a), [cw] "m"(cw));                                          \
    }
X87_UNARY(x87_sqrt, "fsqrt")
X87_UNARY(x87_rndint, "frndint")
X87_UNARY(x87_tst, "ftst")
X87_UNARY(x87_xam, "fxam")

/* fxtract: result = significand (st0), the exponent goes to b's slot */
static void x87_xtract(uint16_t cw, f80 a, f80 *sig, f80 *exp, uint16_t *sw) {
    __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[a]\n fxtract\n fnstsw %[sw]\n fnclex\n fstpt %[s]\n fstpt %[e]\n"
                     : [s] "=m"(*sig), [e] "=m"(*exp), [sw] "=m"(*sw) : [a] "m"(a), [cw] "m"(cw));
}

static void x87_st32(uint16_t cw, f80 a, uint32_t *r, uint16_t *sw) {
    *r = 0xDEADBEEF;
    __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[a]\n fsts %[r]\n fnstsw %[sw]\n fnclex\n fstp %%st(0)\n"
                     : [r] "+m"(*r), [sw] "=m"(*sw) : [a] "m"(a), [cw] "m"(cw));
}
static void x87_st64(uint16_t cw, f80 a, uint64_t *r, uint16_t *sw) {
    *r = 0xDEADBEEFDEADBEEFull;
    __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[a]\n fstl %[r]\n fnstsw %[sw]\n fnclex\n fstp %%st(0)\n"
                     : [r] "+m"(*r), [sw] "=m"(*sw) : [a] "m"(a), [cw] "m"(cw));
}
static void x87_ld32(uint16_t cw, uint32_t a, f80 *r, uint16_t *sw) {
    __asm__ volatile("fninit\n fldcw %[cw]\n flds %[a]\n fnstsw %[sw]\n fnclex\n fstpt %[r]\n"
                     : [r] "=m"(*r), [sw] "=m"(*sw) : [a] "m"(a), [cw] "m"(cw));
}
static void x87_ld64(uint16_t cw, uint64_t a, f80 *r, uint16_t *sw) {
    __asm__ volatile("fninit\n fldcw %[cw]\n fldl %[a]\n fnstsw %[sw]\n fnclex\n fstpt %[r]\n"
                     : [r] "=m"(*r), [sw] "=m"(*sw) : [a] "m"(a), [cw] "m"(cw));
}
#define X87_TO_INT(name, insn, type, fill)                                                     \
    static void name(uint16_t cw, f80 a, type *r, uint16_t *sw) {                              \
        *r = fill;                                                                             \
        __asm__ volatile("fninit\n fldcw %[cw]\n fldt %[a]\n fld %%st(0)\n" insn " %[r]\n"    \
                         "fnstsw %[sw]\n fnclex\n fstp %%st(0)\n"                               \
                         : [r] "+m"(*r), [sw] "=m"(*sw) : [a] "m"(a), [cw] "m"(cw));           \
    }
X87_TO_INT(x87_ist16, "fistps", uint16_t, 0xBEEF)
X87_TO_INT(x87_ist32, "fistpl", uint32_t, 0xDEADBEEF)
X87_TO_INT(x87_ist64, "fistpll", uint64_t, 0xDEADBEEFDEADBEEFull)
X87_TO_INT(x87_istt16, "fisttps", uint16_t, 0xBEEF)
X87_TO_INT(x87_istt32, "fisttpl", uint32_t, 0xDEADBEEF)
X87_TO_INT(x87_istt64, "fisttpll", uint64_t, 0xDEADBEEFDEADBEEFull)

/* ---------------- SSE ---------------- */

#define SSE_BINARY(name, insn, type, mov)                                                       \
    static void name(uint32_t mx, type a, type b, type *r, uint32_t *mxo) {                    \
        __asm__ volatile("ldmxcsr %[mx]\n " mov " %[a], %%xmm0\n " mov " %[b], %%xmm1\n"       \
                         insn " %%xmm1, %%xmm0\n " mov " %%xmm0, %[r]\n stmxcsr %[mxo]\n"      \
                         "movl $0x1f80, %[mx]\n ldmxcsr %[mx]\n"                                 \
                         : [r] "=m"(*r), [mxo] "=m"(*mxo), [mx] "+m"(mx)                       \
                         : [a] "m"(a), [b] "m"(b) : "xmm0", "xmm1");                          \
    }
SSE_BINARY(sse_addss, "addss", uint32_t, "movss")
SSE_BINARY(sse_subss, "subss", uint32_t, "movss")
SSE_BINARY(sse_mulss, "mulss", uint32_t, "movss")
SSE_BINARY(sse_divss, "divss", uint32_t, "movss")
SSE_BINARY(sse_sqrtss, "sqrtss", uint32_t, "movss")
SSE_BINARY(sse_addsd, "addsd", uint64_t, "movsd")
SSE_BINARY(sse_subsd, "subsd", uint64_t, "movsd")
SSE_BINARY(sse_mulsd, "mulsd", uint64_t, "movsd")
SSE_BINARY(sse_divsd, "divsd", uint64_t, "movsd")
SSE_BINARY(sse_sqrtsd, "sqrtsd", uint64_t, "movsd")

static void sse_cvtsd2ss(uint32_t mx, uint64_t a, uint32_t *r, uint32_t *mxo) {
    __asm__ volatile("ldmxcsr %[mx]\n movsd %[a], %%xmm1\n cvtsd2ss %%xmm1, %%xmm0\n movss %%xmm0, %[r]\n"
                     "stmxcsr %[mxo]\n movl $0x1f80, %[mx]\n ldmxcsr %[mx]\n"
                     : [r] "=m"(*r), [mxo] "=m"(*mxo), [mx] "+m"(mx) : [a] "m"(a) : "xmm0", "xmm1");
}
static void sse_cvtss2sd(uint32_t mx, uint32_t a, uint64_t *r, uint32_t *mxo) {
    __asm__ volatile("ldmxcsr %[mx]\n movss %[a], %%xmm1\n cvtss2sd %%xmm1, %%xmm0\n movsd %%xmm0, %[r]\n"
                     "stmxcsr %[mxo]\n movl $0x1f80, %[mx]\n ldmxcsr %[mx]\n"
                     : [r] "=m"(*r), [mxo] "=m"(*mxo), [mx] "+m"(mx) : [a] "m"(a) : "xmm0", "xmm1");
}
#define SSE_TO_INT(name, insn, type)                                                           \
    static void name(uint32_t mx, type a, uint32_t *r, uint32_t *mxo) {                        \
        __asm__ volatile("ldmxcsr %[mx]\n " insn " %[a], %%eax\n movl %%eax, %[r]\n"          \
                         "stmxcsr %[mxo]\n movl $0x1f80, %[mx]\n ldmxcsr %[mx]\n"              \
                         : [r] "=m"(*r), [mxo] "=m"(*mxo), [mx] "+m"(mx) : [a] "m"(a) : "eax"); \
    }
SSE_TO_INT(sse_cvtsd2si, "cvtsd2si", uint64_t)
SSE_TO_INT(sse_cvttsd2si, "cvttsd2si", uint64_t)
SSE_TO_INT(sse_cvtss2si, "cvtss2si", uint32_t)
SSE_TO_INT(sse_cvttss2si, "cvttss2si", uint32_t)
static void sse_cvtsi2sd(uint32_t mx, uint32_t a, uint64_t *r, uint32_t *mxo) {
    __asm__ volatile("ldmxcsr %[mx]\n cvtsi2sdl %[a], %%xmm0\n movsd %%xmm0, %[r]\n"
                     "stmxcsr %[mxo]\n movl $0x1f80, %[mx]\n ldmxcsr %[mx]\n"
                     : [r] "=m"(*r), [mxo] "=m"(*mxo), [mx] "+m"(mx) : [a] "m"(a) : "xmm0");
}
static void sse_cvtsi2ss(uint32_t mx, uint32_t a, uint32_t *r, uint32_t *mxo) {
    __asm__ volatile("ldmxcsr %[mx]\n cvtsi2ssl %[a], %%xmm0\n movss %%xmm0, %[r]\n"
                     "stmxcsr %[mxo]\n movl $0x1f80, %[mx]\n ldmxcsr %[mx]\n"
                     : [r] "=m"(*r), [mxo] "=m"(*mxo), [mx] "+m"(mx) : [a] "m"(a) : "xmm0");
}
#define SSE_COMPARE(name, insn, type, mov)                                                     \
    static void name(uint32_t mx, type a, type b, uint32_t *r, uint32_t *mxo) {                \
        uint64_t flags;                                                                        \
        __asm__ volatile("ldmxcsr %[mx]\n " mov " %[a], %%xmm0\n " mov " %[b], %%xmm1\n"       \
                         insn " %%xmm1, %%xmm0\n pushfq\n popq %[f]\n stmxcsr %[mxo]\n"        \
                         "movl $0x1f80, %[mx]\n ldmxcsr %[mx]\n"                                \
                         : [f] "=r"(flags), [mxo] "=m"(*mxo), [mx] "+m"(mx)                    \
                         : [a] "m"(a), [b] "m"(b) : "xmm0", "xmm1", "cc");                     \
        *r = (uint32_t)flags & 0x8D5;                                                          \
    }
SSE_COMPARE(sse_comisd, "comisd", uint64_t, "movsd")
SSE_COMPARE(sse_ucomisd, "ucomisd", uint64_t, "movsd")
SSE_COMPARE(sse_comiss, "comiss", uint32_t, "movss")
SSE_COMPARE(sse_ucomiss, "ucomiss", uint32_t, "movss")

/* ---------------- operand generation ---------------- */

static const f80 special80[] = {
    {0, 0}, {0, 0x8000}, {1, 0}, {0x7FFFFFFFFFFFFFFFull, 0}, {0x8000000000000000ull, 0},
    {0x8000000000000000ull, 1}, {0xFFFFFFFFFFFFFFFFull, 0x7FFE}, {0x8000000000000000ull, 0x3FFF},
    {0xC000000000000000ull, 0x3FFF}, {0x8000000000000000ull, 0x7FFF}, {0xC000000000000000ull, 0x7FFF},
    {0x8000000000000001ull, 0x7FFF}, {0xC000000000000001ull, 0xFFFF}, {0xA000000000000000ull, 0x7FFF},
    {0x4000000000000000ull, 0x3FFF}, {0, 0x7FFF}, {0x4000000000000001ull, 0x7FFF},
    {0xFFFFFFFFFFFFFFFFull, 0x3FFE}, {0x8000000000000000ull, 0x401E}, {0xFFFFFFFFFFFFF800ull, 0x403D},
    {0x8000000000000001ull, 0xC03E}, {0x8000000000000000ull, 0xC03E}, {0xC90FDAA22168C235ull, 0x4000},
    {0x8000000000000000ull, 0xBFFF}, {0x8000000000000000ull, 0x3FFE}, {0x8000000000000000ull, 0x403F},
};
#define NSPECIAL80 (sizeof special80 / sizeof special80[0])

static uint64_t random_significand(void) {
    switch (next() % 6) {
        case 0: return 0xFFFFFFFFFFFFFFFFull << (next() % 64);
        case 1: return 0x8000000000000000ull | (1ull << (next() % 63));
        case 2: return 0x8000000000000000ull | (next() & 0xFFFFFFFFFF000000ull);  /* exact in binary... not quite */
        case 3: return 0x8000000000000000ull | (next() >> 40);
        default: return 0x8000000000000000ull | next();
    }
}

static uint16_t random_exponent80(void) {
    switch (next() % 8) {
        case 0: return next() % 70;                 /* near and in the denormal range */
        case 1: return 0x7FFE - next() % 70;        /* near overflow */
        case 2: return 0x3FFF - 0x3F80 + next() % 0x100; /* binary32/64 limits */
        case 3: return 0x3FFF + 0x3F80 - next() % 0x100;
        case 4: return 0x3C00 + next() % 0x100;     /* binary64 denormal zone */
        case 5: return 0x3F80 + next() % 0x10;      /* binary32 denormal zone */
        default: return 0x3FFF - 70 + next() % 140;
    }
}

static f80 random80(void) {
    f80 x;
    if (next() % 8 == 0) return special80[next() % NSPECIAL80];
    x.se = random_exponent80() | (next() & 1 ? 0x8000 : 0);
    x.sig = random_significand();
    if ((x.se & 0x7FFF) == 0) x.sig &= 0x7FFFFFFFFFFFFFFFull;
    return x;
}

static f80 near80(f80 a) {
    f80 b = random80();
    if (next() % 2) {
        b.se = (a.se & 0x7FFF) + (int)(next() % 130) - 65;
        if (b.se >= 0x7FFF || b.se == 0) b.se = a.se & 0x7FFF;
        b.se |= next() & 1 ? 0x8000 : 0;
        if (next() % 3 == 0) b.sig = a.sig ^ (next() & 0xFF);
        b.sig |= 0x8000000000000000ull;
    }
    return b;
}

static uint64_t random64(void) {
    static const uint64_t special[] = {0, 0x8000000000000000ull, 1, 0x000FFFFFFFFFFFFFull, 0x0010000000000000ull,
        0x7FEFFFFFFFFFFFFFull, 0x7FF0000000000000ull, 0xFFF0000000000000ull, 0x7FF8000000000000ull,
        0x7FF0000000000001ull, 0xFFF8000000000001ull, 0x3FF0000000000000ull, 0x41E0000000000000ull,
        0xC1E0000000000000ull, 0x41DFFFFFFFFFFFFFull, 0xC1E0000000200000ull, 0x3FE0000000000000ull,
        0x3FF8000000000000ull, 0x4004000000000000ull, 0xBFE0000000000001ull};
    if (next() % 6 == 0) return special[next() % (sizeof special / sizeof special[0])];
    uint64_t e;
    switch (next() % 5) {
        case 0: e = next() % 60; break;
        case 1: e = 0x7FE - next() % 60; break;
        case 2: e = 0x3FF - 0x380 + next() % 0x40; break;
        default: e = 0x3FF - 64 + next() % 128;
    }
    uint64_t frac = random_significand() & 0xFFFFFFFFFFFFFull;
    return (next() & 1 ? 0x8000000000000000ull : 0) | e << 52 | frac;
}

static uint32_t random32(void) {
    static const uint32_t special[] = {0, 0x80000000, 1, 0x007FFFFF, 0x00800000, 0x7F7FFFFF, 0x7F800000,
        0xFF800000, 0x7FC00000, 0x7F800001, 0xFFC00001, 0x3F800000, 0x4F000000, 0xCF000000, 0x4EFFFFFF,
        0x3F000000, 0x3FC00000, 0xBF000001, 0x7FA00000};
    if (next() % 6 == 0) return special[next() % (sizeof special / sizeof special[0])];
    uint32_t e;
    switch (next() % 5) {
        case 0: e = next() % 30; break;
        case 1: e = 0xFE - next() % 30; break;
        default: e = 0x7F - 34 + next() % 68;
    }
    uint32_t frac = (uint32_t)(random_significand() >> 40) & 0x7FFFFF;
    return (next() & 1 ? 0x80000000u : 0) | e << 23 | frac;
}

static uint64_t near64(uint64_t a) {
    if (next() % 2) return random64();
    uint64_t e = ((a >> 52) & 0x7FF) + (int)(next() % 120) - 60;
    if (e >= 0x7FF) e = 0x400;
    return (next() & 1 ? 0x8000000000000000ull : 0) | (e & 0x7FF) << 52 | ((a ^ next()) & 0xFFFFFFFFFFFFFull);
}

static uint32_t near32(uint32_t a) {
    if (next() % 2) return random32();
    uint32_t e = ((a >> 23) & 0xFF) + (int)(next() % 60) - 30;
    if (e >= 0xFF) e = 0x80;
    return (next() & 1 ? 0x80000000u : 0) | (e & 0xFF) << 23 | ((a ^ (uint32_t)next()) & 0x7FFFFF);
}

/* control words: every RC x PC with all masked, plus unmasked variants */
static uint16_t random_cw(void) {
    static const uint16_t masks[] = {0x3F, 0x3F, 0x3F, 0x3F, 0x37, 0x2F, 0x1F, 0x3E, 0x3D, 0x3B, 0x27};
    static const uint16_t pcs[] = {0, 2, 3, 3};
    return 0x0040 | masks[next() % (sizeof masks / sizeof masks[0])] | pcs[next() % 4] << 8 | (next() % 4) << 10;
}

static uint32_t random_mxcsr(void) {
    uint32_t m = 0x1F80 | (next() % 4) << 13;
    if (next() % 4 == 0) m |= 0x40;     /* DAZ */
    if (next() % 4 == 0) m |= 0x8000;   /* FTZ */
    return m;
}

typedef void (*x87_binary_fn)(uint16_t, f80, f80, f80 *, uint16_t *);

static void emit_x87_binary(const char *op, x87_binary_fn fn, int n, int unary) {
    for (int i = 0; i < n; i++) {
        f80 a = random80(), b = near80(a), r;
        uint16_t cw = random_cw(), sw;
        fn(cw, a, b, &r, &sw);
        printf("x87 %s %04x ", op, cw); pf(a);
        if (!unary) { printf(" "); pf(b); }
        printf(" -> "); pf(r); printf(" %04x\n", sw & SW_MASK);
    }
}

int main(void) {
    const int N = 600;
    emit_x87_binary("add", x87_add, N, 0);
    emit_x87_binary("sub", x87_sub, N, 0);
    emit_x87_binary("mul", x87_mul, N, 0);
    emit_x87_binary("div", x87_div, N, 0);
    emit_x87_binary("com", x87_com, N / 3, 0);
    emit_x87_binary("ucom", x87_ucom, N / 3, 0);
    emit_x87_binary("sqrt", x87_sqrt, N, 1);
    emit_x87_binary("rndint", x87_rndint, N / 2, 1);
    emit_x87_binary("tst", x87_tst, N / 5, 1);
    emit_x87_binary("xam", x87_xam, N / 5, 1);
    emit_x87_binary("scale", x87_scale, N / 2, 0);
    emit_x87_binary("prem", x87_prem, N / 2, 0);
    emit_x87_binary("prem1", x87_prem1, N / 2, 0);
    for (int i = 0; i < N / 3; i++) {
        f80 a = random80(), s, e; uint16_t cw = random_cw(), sw;
        x87_xtract(cw, a, &s, &e, &sw);
        printf("x87 xtract %04x ", cw); pf(a); printf(" -> "); pf(s); printf(" "); pf(e); printf(" %04x\n", sw & SW_MASK);
    }
    for (int i = 0; i < N; i++) {
        f80 a = random80(); uint16_t cw = random_cw(), sw; uint32_t r32; uint64_t r64;
        x87_st32(cw, a, &r32, &sw);
        printf("x87 st32 %04x ", cw); pf(a); printf(" -> %08x %04x\n", r32, sw & SW_MASK);
        x87_st64(cw, a, &r64, &sw);
        printf("x87 st64 %04x ", cw); pf(a); printf(" -> %016llx %04x\n", (unsigned long long)r64, sw & SW_MASK);
    }
    for (int i = 0; i < N / 3; i++) {
        uint16_t cw = random_cw(), sw; f80 r; uint32_t a32 = random32(); uint64_t a64 = random64();
        x87_ld32(cw, a32, &r, &sw);
        printf("x87 ld32 %04x %08x -> ", cw, a32); pf(r); printf(" %04x\n", sw & SW_MASK);
        x87_ld64(cw, a64, &r, &sw);
        printf("x87 ld64 %04x %016llx -> ", cw, (unsigned long long)a64); pf(r); printf(" %04x\n", sw & SW_MASK);
    }
    for (int i = 0; i < N; i++) {
        f80 a = random80(); uint16_t cw = random_cw(), sw, r16; uint32_t r32; uint64_t r64;
        if (next() % 2) { a.se = (a.se & 0x8000) | (0x3FFF + next() % 66); }
        x87_ist16(cw, a, &r16, &sw); printf("x87 ist16 %04x ", cw); pf(a); printf(" -> %04x %04x\n", r16, sw & SW_MASK);
        x87_ist32(cw, a, &r32, &sw); printf("x87 ist32 %04x ", cw); pf(a); printf(" -> %08x %04x\n", r32, sw & SW_MASK);
        x87_ist64(cw, a, &r64, &sw); printf("x87 ist64 %04x ", cw); pf(a); printf(" -> %016llx %04x\n", (unsigned long long)r64, sw & SW_MASK);
        x87_istt16(cw, a, &r16, &sw); printf("x87 istt16 %04x ", cw); pf(a); printf(" -> %04x %04x\n", r16, sw & SW_MASK);
        x87_istt32(cw, a, &r32, &sw); printf("x87 istt32 %04x ", cw); pf(a); printf(" -> %08x %04x\n", r32, sw & SW_MASK);
        x87_istt64(cw, a, &r64, &sw); printf("x87 istt64 %04x ", cw); pf(a); printf(" -> %016llx %04x\n", (unsigned long long)r64, sw & SW_MASK);
    }

    struct { const char *name; void (*fn)(uint32_t, uint64_t, uint64_t, uint64_t *, uint32_t *); } sd[] = {
        {"addsd", sse_addsd}, {"subsd", sse_subsd}, {"mulsd", sse_mulsd}, {"divsd", sse_divsd}, {"sqrtsd", sse_sqrtsd}};
    for (unsigned k = 0; k < sizeof sd / sizeof sd[0]; k++)
        for (int i = 0; i < N / 2; i++) {
            uint64_t a = random64(), b = near64(a), r; uint32_t mx = random_mxcsr(), mxo;
            sd[k].fn(mx, a, b, &r, &mxo);
            printf("sse %s %08x %016llx %016llx -> %016llx %08x\n", sd[k].name, mx, (unsigned long long)a,
                   (unsigned long long)b, (unsigned long long)r, mxo);
        }
    struct { const char *name; void (*fn)(uint32_t, uint32_t, uint32_t, uint32_t *, uint32_t *); } ss[] = {
        {"addss", sse_addss}, {"subss", sse_subss}, {"mulss", sse_mulss}, {"divss", sse_divss}, {"sqrtss", sse_sqrtss}};
    for (unsigned k = 0; k < sizeof ss / sizeof ss[0]; k++)
        for (int i = 0; i < N / 2; i++) {
            uint32_t a = random32(), b = near32(a), r, mx = random_mxcsr(), mxo;
            ss[k].fn(mx, a, b, &r, &mxo);
            printf("sse %s %08x %08x %08x -> %08x %08x\n", ss[k].name, mx, a, b, r, mxo);
        }
    for (int i = 0; i < N / 2; i++) {
        uint64_t a = random64(), r64; uint32_t a32 = random32(), r32, mx = random_mxcsr(), mxo;
        sse_cvtsd2ss(mx, a, &r32, &mxo); printf("sse cvtsd2ss %08x %016llx -> %08x %08x\n", mx, (unsigned long long)a, r32, mxo);
        sse_cvtss2sd(mx, a32, &r64, &mxo); printf("sse cvtss2sd %08x %08x -> %016llx %08x\n", mx, a32, (unsigned long long)r64, mxo);
        if (next() % 2) a = (a & 0x800FFFFFFFFFFFFFull) | (uint64_t)(0x3FF + next() % 34) << 52;
        if (next() % 2) a32 = (a32 & 0x807FFFFF) | (0x7F + next() % 34) << 23;
        sse_cvtsd2si(mx, a, &r32, &mxo); printf("sse cvtsd2si %08x %016llx -> %08x %08x\n", mx, (unsigned long long)a, r32, mxo);
        sse_cvttsd2si(mx, a, &r32, &mxo); printf("sse cvttsd2si %08x %016llx -> %08x %08x\n", mx, (unsigned long long)a, r32, mxo);
        sse_cvtss2si(mx, a32, &r32, &mxo); printf("sse cvtss2si %08x %08x -> %08x %08x\n", mx, a32, r32, mxo);
        sse_cvttss2si(mx, a32, &r32, &mxo); printf("sse cvttss2si %08x %08x -> %08x %08x\n", mx, a32, r32, mxo);
        uint32_t iv = (uint32_t)next() >> (next() % 32);
        if (next() % 2) iv = -iv;
        sse_cvtsi2sd(mx, iv, &r64, &mxo); printf("sse cvtsi2sd %08x %08x -> %016llx %08x\n", mx, iv, (unsigned long long)r64, mxo);
        sse_cvtsi2ss(mx, iv, &r32, &mxo); printf("sse cvtsi2ss %08x %08x -> %08x %08x\n", mx, iv, r32, mxo);
        uint64_t b = near64(a); uint32_t b32 = near32(a32);
        sse_comisd(mx, a, b, &r32, &mxo); printf("sse comisd %08x %016llx %016llx -> %08x %08x\n", mx, (unsigned long long)a, (unsigned long long)b, r32, mxo);
        sse_ucomisd(mx, a, b, &r32, &mxo); printf("sse ucomisd %08x %016llx %016llx -> %08x %08x\n", mx, (unsigned long long)a, (unsigned long long)b, r32, mxo);
        sse_comiss(mx, a32, b32, &r32, &mxo); printf("sse comiss %08x %08x %08x -> %08x %08x\n", mx, a32, b32, r32, mxo);
        sse_ucomiss(mx, a32, b32, &r32, &mxo); printf("sse ucomiss %08x %08x %08x -> %08x %08x\n", mx, a32, b32, r32, mxo);
    }
    return 0;
}
