/*
 * Generates the SSE/SSE2 known-answer vectors (sse-vectors.tsv) by executing each instruction natively.
 * SSE/SSE2 behave identically in 64-bit mode, and the encodings below use only xmm0, xmm1 and eax, which are
 * the same bytes in 32- and 64-bit code. Each case is assembled into an executable buffer:
 *   load xmm0, xmm1, eax and MXCSR from a state block; the instruction; store them back with RFLAGS.
 * An unmasked SIMD exception (#XM, delivered as SIGFPE) is recorded as "#XM" with the MXCSR at the fault.
 *
 * Build and run:  gcc -O1 -o /tmp/sse-vectors sse-vectors.c && /tmp/sse-vectors > ../resources/ukcf/cpu/semantics/sse/sse-vectors.tsv
 *
 * RCPSS/RCPPS/RSQRTSS/RSQRTPS results are this host's approximations; the tests only hold ours within the SDM's
 * error bound of them.
 *
 * Columns: key shape imm mxcsr-in a b -> result mxcsr-out flags bytes
 *   shape xx: xmm0 (a) op= xmm1 (b); xxi: with imm8; xi: xmm0 (a) with imm8; rx: eax = op(xmm1 (b));
 *   rxi: with imm8; xr: xmm0 (a) op= eax (low dword of b); xri: with imm8; f: compare xmm0 (a), xmm1 (b) -> flags.
 *   xmN / xmN@1: xmm0 (a) op= an N-byte memory operand, 16-byte aligned or one byte past that (memory holds b then
 *   its complement); mN / mN@1: the same without xmm0 (LDMXCSR); mxN / mxN@1: store from xmm1 (b) or eax into an
 *   N-byte memory operand (memory holds a then its complement), result is the 32 memory bytes in address order;
 *   p: an MMX register: mm0 holds the low quadword of a, mm1 that of b; a p-destination's result is printed in the
 *   xmm0 column as a's high quadword and mm0.
 *   mqN: MASKMOVDQU xmm1 (b, data), xmm0 (a, mask) storing to the implicit [edi] = the memory operand address.
 *   result: xmm0 as 32 hex digits (high first) for x* shapes, eax as 8 hex digits for r*, "-" for f; "#XM" on a
 *   SIMD exception, "#GP" on a general-protection fault (misaligned operand, reserved MXCSR bits).
 *   flags: RFLAGS & (CF|PF|AF|ZF|SF|OF) for shape f, else "-". bytes: the instruction as executed (valid i386
 *   code too: memory operands are [edi+disp8]).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

struct state {
    uint64_t xmm0[2];   /* 0 */
    uint64_t xmm1[2];   /* 16 */
    uint32_t mxcsr;     /* 32 */
    uint32_t eax;       /* 36 */
    uint64_t rflags;    /* 40 */
    uint8_t mem[32];    /* 48: memory operands are [rdi+0x30] (aligned) or [rdi+0x31] (misaligned) */
} __attribute__((aligned(16)));

enum element { RAW, F32, F64, I32 };

struct op {
    const char *key, *shape, *bytes;
    enum element element;
    int immediates; /* 0 none, 1 predicates 0-7, 2 shift counts, 3 random selector */
    int memory_size; /* bytes accessed by a memory operand (shapes with 'm'); its ModRM byte ends "bytes" */
};

static const struct op OPS[] = {
    {"PADDB", "xx", "66 0F FC C1", RAW}, {"PADDW", "xx", "66 0F FD C1", RAW}, {"PADDD", "xx", "66 0F FE C1", RAW},
    {"PADDQ", "xx", "66 0F D4 C1", RAW}, {"PSUBB", "xx", "66 0F F8 C1", RAW}, {"PSUBW", "xx", "66 0F F9 C1", RAW},
    {"PSUBD", "xx", "66 0F FA C1", RAW}, {"PSUBQ", "xx", "66 0F FB C1", RAW},
    {"PADDSB", "xx", "66 0F EC C1", RAW}, {"PADDSW", "xx", "66 0F ED C1", RAW},
    {"PADDUSB", "xx", "66 0F DC C1", RAW}, {"PADDUSW", "xx", "66 0F DD C1", RAW},
    {"PSUBSB", "xx", "66 0F E8 C1", RAW}, {"PSUBSW", "xx", "66 0F E9 C1", RAW},
    {"PSUBUSB", "xx", "66 0F D8 C1", RAW}, {"PSUBUSW", "xx", "66 0F D9 C1", RAW},
    {"PMULLW", "xx", "66 0F D5 C1", RAW}, {"PMULHW", "xx", "66 0F E5 C1", RAW}, {"PMULHUW", "xx", "66 0F E4 C1", RAW},
    {"PMULUDQ", "xx", "66 0F F4 C1", RAW}, {"PMADDWD", "xx", "66 0F F5 C1", RAW}, {"PSADBW", "xx", "66 0F F6 C1", RAW},
    {"PAVGB", "xx", "66 0F E0 C1", RAW}, {"PAVGW", "xx", "66 0F E3 C1", RAW},
    {"PMINUB", "xx", "66 0F DA C1", RAW}, {"PMAXUB", "xx", "66 0F DE C1", RAW},
    {"PMINSW", "xx", "66 0F EA C1", RAW}, {"PMAXSW", "xx", "66 0F EE C1", RAW},
    {"PCMPEQB", "xx", "66 0F 74 C1", RAW}, {"PCMPEQW", "xx", "66 0F 75 C1", RAW}, {"PCMPEQD", "xx", "66 0F 76 C1", RAW},
    {"PCMPGTB", "xx", "66 0F 64 C1", RAW}, {"PCMPGTW", "xx", "66 0F 65 C1", RAW}, {"PCMPGTD", "xx", "66 0F 66 C1", RAW},
    {"PAND", "xx", "66 0F DB C1", RAW}, {"PANDN", "xx", "66 0F DF C1", RAW}, {"POR", "xx", "66 0F EB C1", RAW},
    {"PXOR", "xx", "66 0F EF C1", RAW}, {"ANDPS", "xx", "0F 54 C1", RAW}, {"ANDNPS", "xx", "0F 55 C1", RAW},
    {"ORPS", "xx", "0F 56 C1", RAW}, {"XORPS", "xx", "0F 57 C1", RAW}, {"ANDPD", "xx", "66 0F 54 C1", RAW},
    {"ANDNPD", "xx", "66 0F 55 C1", RAW}, {"ORPD", "xx", "66 0F 56 C1", RAW}, {"XORPD", "xx", "66 0F 57 C1", RAW},
    {"PSLLW", "xx", "66 0F F1 C1", RAW, 2}, {"PSLLD", "xx", "66 0F F2 C1", RAW, 2}, {"PSLLQ", "xx", "66 0F F3 C1", RAW, 2},
    {"PSRLW", "xx", "66 0F D1 C1", RAW, 2}, {"PSRLD", "xx", "66 0F D2 C1", RAW, 2}, {"PSRLQ", "xx", "66 0F D3 C1", RAW, 2},
    {"PSRAW", "xx", "66 0F E1 C1", RAW, 2}, {"PSRAD", "xx", "66 0F E2 C1", RAW, 2},
    {"PSRLW", "xi", "66 0F 71 D0", RAW, 2}, {"PSRAW", "xi", "66 0F 71 E0", RAW, 2}, {"PSLLW", "xi", "66 0F 71 F0", RAW, 2},
    {"PSRLD", "xi", "66 0F 72 D0", RAW, 2}, {"PSRAD", "xi", "66 0F 72 E0", RAW, 2}, {"PSLLD", "xi", "66 0F 72 F0", RAW, 2},
    {"PSRLQ", "xi", "66 0F 73 D0", RAW, 2}, {"PSLLQ", "xi", "66 0F 73 F0", RAW, 2},
    {"PSRLDQ", "xi", "66 0F 73 D8", RAW, 2}, {"PSLLDQ", "xi", "66 0F 73 F8", RAW, 2},
    {"PUNPCKLBW", "xx", "66 0F 60 C1", RAW}, {"PUNPCKLWD", "xx", "66 0F 61 C1", RAW},
    {"PUNPCKLDQ", "xx", "66 0F 62 C1", RAW}, {"PUNPCKLQDQ", "xx", "66 0F 6C C1", RAW},
    {"PUNPCKHBW", "xx", "66 0F 68 C1", RAW}, {"PUNPCKHWD", "xx", "66 0F 69 C1", RAW},
    {"PUNPCKHDQ", "xx", "66 0F 6A C1", RAW}, {"PUNPCKHQDQ", "xx", "66 0F 6D C1", RAW},
    {"PACKSSWB", "xx", "66 0F 63 C1", RAW}, {"PACKSSDW", "xx", "66 0F 6B C1", RAW}, {"PACKUSWB", "xx", "66 0F 67 C1", RAW},
    {"UNPCKLPS", "xx", "0F 14 C1", RAW}, {"UNPCKHPS", "xx", "0F 15 C1", RAW},
    {"UNPCKLPD", "xx", "66 0F 14 C1", RAW}, {"UNPCKHPD", "xx", "66 0F 15 C1", RAW},
    {"PSHUFD", "xxi", "66 0F 70 C1", RAW, 3}, {"PSHUFHW", "xxi", "F3 0F 70 C1", RAW, 3},
    {"PSHUFLW", "xxi", "F2 0F 70 C1", RAW, 3}, {"SHUFPS", "xxi", "0F C6 C1", RAW, 3}, {"SHUFPD", "xxi", "66 0F C6 C1", RAW, 3},
    {"PMOVMSKB", "rx", "66 0F D7 C1", RAW}, {"MOVMSKPS", "rx", "0F 50 C1", RAW}, {"MOVMSKPD", "rx", "66 0F 50 C1", RAW},
    {"MOVD", "rx", "66 0F 7E C8", RAW}, {"PEXTRW", "rxi", "66 0F C5 C1", RAW, 3},
    {"MOVD", "xr", "66 0F 6E C0", RAW}, {"PINSRW", "xri", "66 0F C4 C0", RAW, 3},
    {"MOVQ", "xx", "F3 0F 7E C1", RAW}, {"MOVSS", "xx", "F3 0F 10 C1", RAW}, {"MOVSD_XMM", "xx", "F2 0F 10 C1", RAW},
    {"MOVHLPS", "xx", "0F 12 C1", RAW}, {"MOVLHPS", "xx", "0F 16 C1", RAW}, {"MOVDQA", "xx", "66 0F 6F C1", RAW},

    {"ADDSS", "xx", "F3 0F 58 C1", F32}, {"MULSS", "xx", "F3 0F 59 C1", F32}, {"SUBSS", "xx", "F3 0F 5C C1", F32},
    {"MINSS", "xx", "F3 0F 5D C1", F32}, {"DIVSS", "xx", "F3 0F 5E C1", F32}, {"MAXSS", "xx", "F3 0F 5F C1", F32},
    {"SQRTSS", "xx", "F3 0F 51 C1", F32},
    {"ADDPS", "xx", "0F 58 C1", F32}, {"MULPS", "xx", "0F 59 C1", F32}, {"SUBPS", "xx", "0F 5C C1", F32},
    {"MINPS", "xx", "0F 5D C1", F32}, {"DIVPS", "xx", "0F 5E C1", F32}, {"MAXPS", "xx", "0F 5F C1", F32},
    {"SQRTPS", "xx", "0F 51 C1", F32},
    {"ADDSD", "xx", "F2 0F 58 C1", F64}, {"MULSD", "xx", "F2 0F 59 C1", F64}, {"SUBSD", "xx", "F2 0F 5C C1", F64},
    {"MINSD", "xx", "F2 0F 5D C1", F64}, {"DIVSD", "xx", "F2 0F 5E C1", F64}, {"MAXSD", "xx", "F2 0F 5F C1", F64},
    {"SQRTSD", "xx", "F2 0F 51 C1", F64},
    {"ADDPD", "xx", "66 0F 58 C1", F64}, {"MULPD", "xx", "66 0F 59 C1", F64}, {"SUBPD", "xx", "66 0F 5C C1", F64},
    {"MINPD", "xx", "66 0F 5D C1", F64}, {"DIVPD", "xx", "66 0F 5E C1", F64}, {"MAXPD", "xx", "66 0F 5F C1", F64},
    {"SQRTPD", "xx", "66 0F 51 C1", F64},
    {"RCPSS", "xx", "F3 0F 53 C1", F32}, {"RCPPS", "xx", "0F 53 C1", F32},
    {"RSQRTSS", "xx", "F3 0F 52 C1", F32}, {"RSQRTPS", "xx", "0F 52 C1", F32},
    {"CMPSS", "xxi", "F3 0F C2 C1", F32, 1}, {"CMPPS", "xxi", "0F C2 C1", F32, 1},
    {"CMPSD_XMM", "xxi", "F2 0F C2 C1", F64, 1}, {"CMPPD", "xxi", "66 0F C2 C1", F64, 1},
    {"COMISS", "f", "0F 2F C1", F32}, {"UCOMISS", "f", "0F 2E C1", F32},
    {"COMISD", "f", "66 0F 2F C1", F64}, {"UCOMISD", "f", "66 0F 2E C1", F64},
    {"CVTSI2SS", "xr", "F3 0F 2A C0", I32}, {"CVTSI2SD", "xr", "F2 0F 2A C0", I32},
    {"CVTSS2SI", "rx", "F3 0F 2D C1", F32}, {"CVTTSS2SI", "rx", "F3 0F 2C C1", F32},
    {"CVTSD2SI", "rx", "F2 0F 2D C1", F64}, {"CVTTSD2SI", "rx", "F2 0F 2C C1", F64},
    {"CVTSS2SD", "xx", "F3 0F 5A C1", F32}, {"CVTSD2SS", "xx", "F2 0F 5A C1", F64},
    {"CVTPS2PD", "xx", "0F 5A C1", F32}, {"CVTPD2PS", "xx", "66 0F 5A C1", F64},
    {"CVTDQ2PS", "xx", "0F 5B C1", I32}, {"CVTPS2DQ", "xx", "66 0F 5B C1", F32}, {"CVTTPS2DQ", "xx", "F3 0F 5B C1", F32},
    {"CVTDQ2PD", "xx", "F3 0F E6 C1", I32}, {"CVTPD2DQ", "xx", "F2 0F E6 C1", F64},
    {"CVTTPD2DQ", "xx", "66 0F E6 C1", F64},

    {"MOVDQA", "xm", "66 0F 6F 47", RAW, 0, 16}, {"MOVDQU", "xm", "F3 0F 6F 47", RAW, 0, 16},
    {"MOVAPS", "xm", "0F 28 47", RAW, 0, 16}, {"MOVUPS", "xm", "0F 10 47", RAW, 0, 16},
    {"MOVAPD", "xm", "66 0F 28 47", RAW, 0, 16}, {"MOVUPD", "xm", "66 0F 10 47", RAW, 0, 16},
    {"MOVSS", "xm", "F3 0F 10 47", RAW, 0, 4}, {"MOVSD_XMM", "xm", "F2 0F 10 47", RAW, 0, 8},
    {"MOVQ", "xm", "F3 0F 7E 47", RAW, 0, 8}, {"MOVD", "xm", "66 0F 6E 47", RAW, 0, 4},
    {"MOVLPS", "xm", "0F 12 47", RAW, 0, 8}, {"MOVHPS", "xm", "0F 16 47", RAW, 0, 8},
    {"MOVLPD", "xm", "66 0F 12 47", RAW, 0, 8}, {"MOVHPD", "xm", "66 0F 16 47", RAW, 0, 8},
    {"PADDB", "xm", "66 0F FC 47", RAW, 0, 16}, {"PXOR", "xm", "66 0F EF 47", RAW, 0, 16},
    {"PSLLW", "xm", "66 0F F1 47", RAW, 0, 16}, {"PUNPCKLBW", "xm", "66 0F 60 47", RAW, 0, 16},
    {"PSHUFD", "xmi", "66 0F 70 47", RAW, 3, 16}, {"PINSRW", "xmi", "66 0F C4 47", RAW, 3, 2},
    {"ADDSS", "xm", "F3 0F 58 47", F32, 0, 4}, {"ADDPS", "xm", "0F 58 47", F32, 0, 16},
    {"ADDSD", "xm", "F2 0F 58 47", F64, 0, 8}, {"SQRTPD", "xm", "66 0F 51 47", F64, 0, 16},
    {"CMPPS", "xmi", "0F C2 47", F32, 1, 16},
    {"CVTSI2SD", "xm", "F2 0F 2A 47", I32, 0, 4}, {"CVTSS2SD", "xm", "F3 0F 5A 47", F32, 0, 4},
    {"CVTPS2PD", "xm", "0F 5A 47", F32, 0, 8}, {"CVTDQ2PD", "xm", "F3 0F E6 47", I32, 0, 8},
    {"CVTDQ2PS", "xm", "0F 5B 47", I32, 0, 16}, {"CVTTSD2SI", "rm", "F2 0F 2C 47", F64, 0, 8},
    {"LDMXCSR", "m", "0F AE 57", RAW, 0, 4}, {"STMXCSR", "m", "0F AE 5F", RAW, 0, 4},
    {"MOVDQA", "mx", "66 0F 7F 4F", RAW, 0, 16}, {"MOVDQU", "mx", "F3 0F 7F 4F", RAW, 0, 16},
    {"MOVAPS", "mx", "0F 29 4F", RAW, 0, 16}, {"MOVUPS", "mx", "0F 11 4F", RAW, 0, 16},
    {"MOVAPD", "mx", "66 0F 29 4F", RAW, 0, 16}, {"MOVUPD", "mx", "66 0F 11 4F", RAW, 0, 16},
    {"MOVNTDQ", "mx", "66 0F E7 4F", RAW, 0, 16}, {"MOVNTPS", "mx", "0F 2B 4F", RAW, 0, 16},
    {"MOVNTPD", "mx", "66 0F 2B 4F", RAW, 0, 16},
    {"MOVSS", "mx", "F3 0F 11 4F", RAW, 0, 4}, {"MOVSD_XMM", "mx", "F2 0F 11 4F", RAW, 0, 8},
    {"MOVQ", "mx", "66 0F D6 4F", RAW, 0, 8}, {"MOVD", "mx", "66 0F 7E 4F", RAW, 0, 4},
    {"MOVLPS", "mx", "0F 13 4F", RAW, 0, 8}, {"MOVHPS", "mx", "0F 17 4F", RAW, 0, 8},
    {"MOVLPD", "mx", "66 0F 13 4F", RAW, 0, 8}, {"MOVHPD", "mx", "66 0F 17 4F", RAW, 0, 8},
    {"MOVNTI", "mr", "0F C3 47", RAW, 0, 4},
    {"MASKMOVDQU", "mq", "66 0F F7 C8", RAW, 0, 16},

    /* MMX forms (the integer ones are derived from the SSE2 rows in main) */
    {"PSHUFW", "ppi", "0F 70 C1", RAW, 3}, {"PMOVMSKB", "rp", "0F D7 C1", RAW}, {"PEXTRW", "rpi", "0F C5 C1", RAW, 3},
    {"MOVD", "rp", "0F 7E C8", RAW}, {"MOVD", "pr", "0F 6E C0", RAW}, {"PINSRW", "pri", "0F C4 C0", RAW, 3},
    {"MOVQ", "pp", "0F 6F C1", RAW}, {"MOVQ2DQ", "xp", "F3 0F D6 C1", RAW}, {"MOVDQ2Q", "px", "F2 0F D6 C1", RAW},
    {"CVTPI2PS", "xp", "0F 2A C1", I32}, {"CVTPI2PD", "xp", "66 0F 2A C1", I32},
    {"CVTPS2PI", "px", "0F 2D C1", F32}, {"CVTTPS2PI", "px", "0F 2C C1", F32},
    {"CVTPD2PI", "px", "66 0F 2D C1", F64}, {"CVTTPD2PI", "px", "66 0F 2C C1", F64},
};

/* The MMX form of an SSE2 integer row: same opcode without the 66 prefix, on mm0/mm1 ("pp", "pi"). */
static int mmx_variant(const struct op *op, struct op *out) {
    static const char *NO_MMX_FORM[] = {"PUNPCKLQDQ", "PUNPCKHQDQ", "PSRLDQ", "PSLLDQ", "PSHUFD", "PSHUFLW", "PSHUFHW", "MOVDQA"};
    if (op->element != RAW || op->key[0] != 'P' || strncmp(op->bytes, "66 0F ", 6) != 0) return 0;
    if (strcmp(op->shape, "xx") && strcmp(op->shape, "xi")) return 0;
    for (size_t i = 0; i < sizeof NO_MMX_FORM / sizeof NO_MMX_FORM[0]; i++) if (!strcmp(op->key, NO_MMX_FORM[i])) return 0;
    *out = *op;
    out->shape = op->shape[1] == 'x' ? "pp" : "pi";
    out->bytes = op->bytes + 3;
    return 1;
}

/* All masked in each rounding mode, DAZ, FTZ, pre-set sticky flags, and a few unmasked configurations. */
static const uint32_t MXCSR_FLOAT[] = {
    0x1F80, 0x3F80, 0x5F80, 0x7F80, 0x1FC0, 0x9F80, 0xDFC0, 0x1FBF,
    0x0000, 0x1F00, 0x1E80, 0x1D80, 0x1B80, 0x1780, 0x0F80, 0x6780,
};

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

static const uint32_t SPECIAL_F32[] = {
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000,
    0x7F800001, 0xFFA00005, 0x7FC12345, 0x00000001, 0x807FFFFF, 0x00400000, 0x00800000, 0x80800000,
    0x7F7FFFFF, 0xFF7FFFFF, 0x4F000000, 0xCF000000, 0x4EFFFFFF, 0xCF000001, 0x3F000000, 0x3FC00000,
    0x40200000, 0xBFC00000, 0x3F800001, 0x33800000, 0x0C000000, 0x72000000, 0x40490FDB, 0x3EAAAAAB,
};
static const uint64_t SPECIAL_F64[] = {
    0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000,
    0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000,
    0x7FF0000000000001, 0xFFF4000000000005, 0x7FF8123456789ABC, 0x0000000000000001,
    0x800FFFFFFFFFFFFF, 0x0008000000000000, 0x0010000000000000, 0x8010000000000000,
    0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF, 0x41E0000000000000, 0xC1E0000000000000,
    0x41DFFFFFFFC00000, 0xC1E0000000200000, 0x41DFFFFFFFE00000, 0xC1E00000001FFFFF,
    0x3FE0000000000000, 0x3FF8000000000000, 0x4004000000000000, 0xBFF8000000000000,
    0x3FF0000000000001, 0x3CA0000000000000, 0x36A0000000000000, 0x47E0000000000001,
    0x380FFFFFE0000000, 0x3810000000000000, 0x47EFFFFFF0000000, 0x36A8000000000000,
};
static const uint32_t SPECIAL_I32[] = {
    0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x01000001, 0x00FFFFFF, 0x7FFFFFC0, 0x12345678, 0xFEDCBA98,
};

static uint32_t random_f32(void) {
    uint64_t r = next();
    switch (r % 6) {
        case 0: case 1: return SPECIAL_F32[(r >> 8) % (sizeof SPECIAL_F32 / 4)];
        case 2: return (uint32_t) (r >> 16);                                           /* anything */
        case 3: return (uint32_t) ((r >> 32) & 0x807FFFFF) | (uint32_t) ((120 + (r >> 8) % 16) << 23); /* near 1 */
        case 4: return (uint32_t) ((r >> 32) & 0x807FFFFF) | (uint32_t) (((r >> 8) % 4) << 23); /* tiny */
        default: return (uint32_t) ((r >> 32) & 0x807FFFFF) | (uint32_t) ((250 + (r >> 8) % 5) << 23); /* huge */
    }
}

static uint64_t random_f64(void) {
    uint64_t r = next(), m = next();
    switch (r % 6) {
        case 0: case 1: return SPECIAL_F64[(r >> 8) % (sizeof SPECIAL_F64 / 8)];
        case 2: return m;
        case 3: return (m & 0x800FFFFFFFFFFFFFull) | ((1016 + (r >> 8) % 16) << 52);
        case 4: return (m & 0x800FFFFFFFFFFFFFull) | (((r >> 8) % 4) << 52);
        default: return (m & 0x800FFFFFFFFFFFFFull) | ((2042 + (r >> 8) % 5) << 52);
    }
}

static uint32_t random_i32(void) {
    uint64_t r = next();
    return r % 3 == 0 ? SPECIAL_I32[(r >> 8) % (sizeof SPECIAL_I32 / 4)] : (uint32_t) (r >> 20) >> ((r >> 8) % 32);
}

static void fill(uint64_t v[2], enum element e) {
    for (int i = 0; i < 2; i++) {
        switch (e) {
            case RAW: v[i] = next(); if (next() % 8 == 0) v[i] = next() % 2 ? 0 : ~0ull; break;
            case F32: v[i] = random_f32() | (uint64_t) random_f32() << 32; break;
            case F64: v[i] = random_f64(); break;
            case I32: v[i] = random_i32() | (uint64_t) random_i32() << 32; break;
        }
    }
}

static uint8_t *code;
static sigjmp_buf on_fault;
static volatile uint32_t fault_mxcsr;
static volatile int fault_signal;

static void on_signal(int sig, siginfo_t *info, void *context) {
    (void) info;
    fault_signal = sig;
    fault_mxcsr = ((ucontext_t *) context)->uc_mcontext.fpregs->mxcsr;
    siglongjmp(on_fault, 1);
}

static size_t emit(size_t at, const char *hex) {
    for (const char *p = hex; *p; ) {
        char *end;
        code[at++] = (uint8_t) strtoul(p, &end, 16);
        p = end;
        while (*p == ' ') p++;
    }
    return at;
}

static size_t instruction_start, instruction_end;

/* Returns 0, or the signal the instruction raised (SIGFPE for #XM, SIGSEGV for #GP). */
static int run(const struct op *op, int imm, struct state *s, int misaligned) {
    size_t n = emit(0, "F3 0F 6F 07 F3 0F 6F 4F 10 8B 47 24 0F AE 57 20");
    int mmx = strchr(op->shape, 'p') != NULL;
    if (mmx) n = emit(n, "0F 6F 07 0F 6F 4F 10");                                 /* movq mm0/mm1 */
    int implicit = !strcmp(op->shape, "mq");
    if (implicit) { n = emit(n, "48 8D 7F"); code[n++] = (uint8_t) (0x30 + misaligned); }   /* lea rdi, [rdi+disp] */
    instruction_start = n;
    n = emit(n, op->bytes);
    if (strchr(op->shape, 'm') && !implicit) code[n++] = (uint8_t) (0x30 + misaligned);
    if (strchr(op->shape, 'i')) code[n++] = (uint8_t) imm;
    instruction_end = n;
    if (implicit) { n = emit(n, "48 8D 7F"); code[n++] = (uint8_t) -(0x30 + misaligned); }
    n = emit(n, "0F AE 5F 20 F3 0F 7F 07 F3 0F 7F 4F 10 89 47 24");
    if (op->shape[0] == 'p') n = emit(n, "0F 7F 07");                                  /* movq [rdi], mm0 */
    if (mmx) n = emit(n, "0F 77");                                                      /* emms */
    n = emit(n, "9C 58 48 89 47 28 C3");
    __builtin___clear_cache((char *) code, (char *) code + n);
    if (sigsetjmp(on_fault, 1)) {
        __builtin_ia32_ldmxcsr(0x1F80);
        return fault_signal;
    }
    ((void (*)(struct state *)) code)(s);
    __builtin_ia32_ldmxcsr(0x1F80);
    return 0;
}

static int immediate(const struct op *op, int i) {
    static const int COUNTS[] = {0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 128, 255};
    switch (op->immediates) {
        case 1: return i < 8 ? i : (int) (next() & 0xFF);   /* legacy SSE uses imm8[2:0] only */
        case 2: return COUNTS[i % 16];
        case 3: return (int) (next() & 0xFF);
        default: return 0;
    }
}

int main(void) {
    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGSEGV, &sa, NULL);
    printf("# SSE/SSE2 known-answer vectors, generated natively by src/test/native/sse-vectors.c; do not edit.\n");
    printf("# key\tshape\timm\tmxcsr\ta\tb\tresult\tmxcsr-out\tflags\tbytes\n");
    size_t count = sizeof OPS / sizeof OPS[0];
    struct op *all = malloc(2 * count * sizeof *all);
    size_t total = 0;
    for (size_t k = 0; k < count; k++) {
        all[total++] = OPS[k];
        if (mmx_variant(&OPS[k], &all[total])) total++;
    }
    for (size_t k = 0; k < total; k++) {
        const struct op *op = &all[k];
        int floating = op->element != RAW;
        int configurations = floating ? (int) (sizeof MXCSR_FLOAT / 4) : 1;
        int per = floating ? 7 : 24;
        int memory = strchr(op->shape, 'm') != NULL;
        for (int c = 0; c < configurations; c++) {
            for (int i = 0; i < per; i++) {
                int misaligned = memory && i % 4 == 1;
                struct state s = {0};
                fill(s.xmm0, op->element);
                fill(s.xmm1, op->element);
                if (op->immediates == 2 && !strchr(op->shape, 'i')) s.xmm1[0] = immediate(op, i + (int) (next() % 3)) ;
                if (op->immediates == 2 && i % 4 == 3) s.xmm1[0] = next();
                if (!strcmp(op->key, "LDMXCSR") && i % 2 == 0) s.xmm1[0] &= 0xFFFF;
                s.mxcsr = floating ? MXCSR_FLOAT[c] : 0x1F80;
                s.eax = (uint32_t) s.xmm1[0];
                uint64_t *image = op->shape[0] == 'm' && op->shape[1] ? s.xmm0 : s.xmm1;
                uint64_t memory_init[4] = {image[0], image[1], ~image[0], ~image[1]};
                memcpy(s.mem, memory_init, 32);
                int imm = immediate(op, i);
                struct state in = s;
                int faulted = run(op, imm, &s, misaligned);
                char shape[16];
                if (memory) snprintf(shape, sizeof shape, "%s%d%s", op->shape, op->memory_size, misaligned ? "@1" : "");
                else snprintf(shape, sizeof shape, "%s", op->shape);
                printf("%s\t%s\t%02x\t%04x\t%016llx%016llx\t%016llx%016llx\t", op->key, shape, imm, in.mxcsr,
                        (unsigned long long) in.xmm0[1], (unsigned long long) in.xmm0[0],
                        (unsigned long long) in.xmm1[1], (unsigned long long) in.xmm1[0]);
                if (faulted == SIGFPE) printf("#XM\t%04x\t-", fault_mxcsr);
                else if (faulted) printf("#GP\t%04x\t-", in.mxcsr);
                else if (op->shape[0] == 'r') printf("%08x\t%04x\t-", s.eax, s.mxcsr);
                else if (op->shape[0] == 'f') printf("-\t%04x\t%02x", s.mxcsr, (unsigned) (s.rflags & 0x8D5));
                else if (op->shape[0] == 'm') {
                    for (int b = 0; b < 32; b++) printf("%02x", s.mem[b]);
                    printf("\t%04x\t-", s.mxcsr);
                } else printf("%016llx%016llx\t%04x\t-", (unsigned long long) s.xmm0[1], (unsigned long long) s.xmm0[0], s.mxcsr);
                printf("\t");
                for (size_t b = instruction_start; b < instruction_end; b++) printf("%02x", code[b]);
                printf("\n");
            }
        }
    }
    return 0;
}
