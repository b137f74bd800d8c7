/*
 * Floating point as an i386 program computes and prints it with the x87 unit (this file's default code): printf of
 * floats, doubles and long doubles in every conversion, special values, strtod/strtof round trips, libm functions
 * in all four rounding modes, fenv exception flags, float<->integer conversions and 64-bit integer division
 * (libgcc). floats-sse.c runs the same checks with SSE2 arithmetic.
 *
 * Usage: floats [SECTION...]   (printf, special, strto, libm, fenv, convert, int64; none: all)
 */
#define _GNU_SOURCE
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FLOATS_UNIT
#define FLOATS_UNIT "x87"
#endif

/* Values the compiler cannot fold: every operation happens at run time, in this unit. */
static volatile double vd[] = {0.0, 1.0, -1.0, 0.1, 1.0 / 3.0, 2.5, 3.5, -2.5, 1e-300, 1e300, 123456789.125,
                               6.02214076e23, 1.602176634e-19, 0.5, 1e15 + 0.3, 4503599627370497.0};
static volatile float vf[] = {0.0f, 1.0f, 0.1f, 1.0f / 3.0f, 16777217.0f, 3.4e38f, 1.17549435e-38f, 1e-45f,
                              -7.75f, 0.5f};
static volatile long double vl[] = {0.1L, 1.0L / 3.0L, 1e4000L, 1e-4000L, -12345.6789L, 0.5L};

static void section_printf(void) {
    printf("== printf (%s)\n", FLOATS_UNIT);
    static const char *formats[] = {"%f", "%e", "%g", "%a", "%.17g", "%.0f", "%.3e", "%+.10f", "%#g", "%12.4g",
                                    "%-12.2e|", "%.20f"};
    for (size_t i = 0; i < sizeof vd / sizeof vd[0]; i++) {
        printf("double[%zu]:", i);
        for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
            putchar(' ');
            printf(formats[f], vd[i]);
        }
        putchar('\n');
    }
    for (size_t i = 0; i < sizeof vf / sizeof vf[0]; i++) {
        printf("float[%zu]: %f %e %g %a %.9g\n", i, vf[i], vf[i], vf[i], vf[i], vf[i]);
    }
    for (size_t i = 0; i < sizeof vl / sizeof vl[0]; i++) {
        printf("long double[%zu]: %Lf %Le %Lg %La %.21Lg\n", i, vl[i], vl[i], vl[i], vl[i], vl[i]);
    }
    printf("rounding of halves with %%.0f: %.0f %.0f %.0f %.0f\n", vd[5], vd[6], vd[7], vd[13]);
}

static void section_special(void) {
    printf("== special (%s)\n", FLOATS_UNIT);
    volatile double zero = vd[0], one = vd[1];
    double inf = one / zero, nan_value = zero / zero, negzero = -zero;
    double values[] = {inf, -inf, nan_value, -nan_value, negzero, DBL_MAX, DBL_MIN, DBL_MIN / 4, DBL_TRUE_MIN,
                       DBL_EPSILON, FLT_MAX, FLT_MIN, FLT_TRUE_MIN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        uint64_t bits;
        memcpy(&bits, &values[i], 8);
        printf("special[%zu]: %g %a %.17g %e bits %016llx class %d signbit %d isnan %d isinf %d\n", i, values[i],
               values[i], values[i], values[i], (unsigned long long) bits, fpclassify(values[i]),
               signbit(values[i]) != 0, isnan(values[i]) != 0, isinf(values[i]) != 0);
    }
    printf("comparisons: nan==nan %d nan<1 %d -0==0 %d inf>max %d\n", nan_value == nan_value, nan_value < one,
           negzero == zero, inf > DBL_MAX);
    printf("arithmetic: inf-inf %g 0*inf %g 1/-0 %g sqrt(-1) %g\n", inf - inf, zero * inf, one / negzero,
           sqrt(-one));
    printf("long double max %Lg min %Lg epsilon %Lg digits %d\n", LDBL_MAX, LDBL_MIN, LDBL_EPSILON, LDBL_MANT_DIG);
    printf("float overflow %g underflow %g\n", (float) (vf[5] * 10.0f), (float) (vf[6] / 1e10f));
    volatile double denormal = DBL_MIN / 3;
    printf("denormal arithmetic: %a %a %a\n", denormal * 3, denormal / 7, denormal + DBL_TRUE_MIN);
}

static void section_strto(void) {
    printf("== strto (%s)\n", FLOATS_UNIT);
    static const char *texts[] = {"0", "-0", "1e308", "1e309", "2.2250738585072011e-308", "4.9e-324", "1e-400",
                                  "0x1.fffffffffffffp1023", "0x1p-1074", "inf", "-Infinity", "nan", "nan(123)",
                                  "3.14159265358979323846264338327950288", "  +12.5e-1xyz", "0.1", ".5", "5.",
                                  "1.7976931348623157e308", "1.7976931348623158e308", "123456789012345678901234567890",
                                  "9007199254740993", "0x1.8p1", "1e", "e5", "-", ""};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char *end;
        double d = strtod(texts[i], &end);
        float f = strtof(texts[i], NULL);
        long double l = strtold(texts[i], NULL);
        char back[64];
        snprintf(back, sizeof back, "%.17g", d);
        printf("\"%s\": %.17g %a used %d | float %.9g | long %.21Lg | round trip %s\n", texts[i], d, d,
               (int) (end - texts[i]), f, l, strtod(back, NULL) == d || d != d ? "ok" : "LOST");
    }
    /* Every float printed with %.9g and every double with %.17g comes back exactly. */
    uint32_t bits = 0x3f800000;
    int lost = 0;
    for (int i = 0; i < 1500; i++) {
        float f;
        bits = bits * 2654435761u + 12345;
        memcpy(&f, &bits, 4);
        if (isnan(f)) continue;
        char text[32];
        snprintf(text, sizeof text, "%.9g", f);
        if (strtof(text, NULL) != f) lost++;
    }
    uint64_t dbits = 0x3ff0000000000000ull;
    for (int i = 0; i < 1500; i++) {
        double d;
        dbits = dbits * 6364136223846793005ull + 1442695040888963407ull;
        memcpy(&d, &dbits, 8);
        if (isnan(d)) continue;
        char text[40];
        snprintf(text, sizeof text, "%.17g", d);
        if (strtod(text, NULL) != d) lost++;
    }
    printf("3000 random round trips, lost %d\n", lost);
}

static const struct {
    int mode;
    const char *name;
} modes[] = {{FE_TONEAREST, "nearest"}, {FE_UPWARD, "upward"}, {FE_DOWNWARD, "downward"},
             {FE_TOWARDZERO, "toward zero"}};

static void section_libm(void) {
    printf("== libm (%s)\n", FLOATS_UNIT);
    volatile double args[] = {0.5, 1.0, 2.0, -0.75, 10.0, 1e-10, 100.25, -3.5, 2.5, 1e22};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        fesetround(modes[m].mode);
        printf("-- rounding %s (fegetround matches %d)\n", modes[m].name, fegetround() == modes[m].mode);
        for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
            double x = args[i];
            printf("x=%g sin %.17g cos %.17g tan %.17g exp %.17g log %.17g\n", x, sin(x), cos(x), tan(x), exp(x),
                   log(fabs(x)));
            printf("  pow %.17g sqrt %.17g fmod %.17g atan2 %.17g floor %g ceil %g rint %g nearbyint %g lrint %ld\n",
                   pow(fabs(x), 1.5), sqrt(fabs(x)), fmod(x, 0.7), atan2(x, 3.0), floor(x), ceil(x), rint(x),
                   nearbyint(x), lrint(x));
            printf("  float sinf %.9g expf %.9g sqrtf %.9g | long double sinl %.21Lg sqrtl %.21Lg\n",
                   sinf((float) x), expf((float) x / 4), sqrtf(fabsf((float) x)), sinl((long double) x),
                   sqrtl(fabsl((long double) x)));
            volatile double third = x / 3.0, sum = x + 0.1;
            printf("  x/3 %.17g x+0.1 %.17g (float) %.9g\n", third, sum, (float) (x / 3.0));
        }
    }
    fesetround(FE_TONEAREST);
    printf("exp2 %g log2 %g log10 %g cbrt %.17g hypot %.17g expm1 %.17g log1p %.17g\n", exp2(vd[10] / 1e7),
           log2(vd[10]), log10(vd[10]), cbrt(vd[10]), hypot(vd[5], vd[6]), expm1(vd[8]), log1p(vd[8]));
    printf("frexp/ldexp/modf: ");
    int e;
    double fr = frexp(vd[10], &e), ip, fp = modf(vd[10], &ip);
    printf("%.17g %d %.17g %.17g %.17g\n", fr, e, ldexp(fr, e), ip, fp);
}

static const char *flag_names(int flags) {
    static char text[80];
    text[0] = 0;
    if (flags & FE_INVALID) strcat(text, " invalid");
    if (flags & FE_DIVBYZERO) strcat(text, " divbyzero");
    if (flags & FE_OVERFLOW) strcat(text, " overflow");
    if (flags & FE_UNDERFLOW) strcat(text, " underflow");
    if (flags & FE_INEXACT) strcat(text, " inexact");
    return text[0] ? text : " none";
}

static void section_fenv(void) {
    printf("== fenv (%s)\n", FLOATS_UNIT);
    volatile double zero = 0, one = 1, big = 1e308, tiny = 1e-308, three = 3;
    volatile double r;
    feclearexcept(FE_ALL_EXCEPT);
    printf("initial:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    r = one / zero;
    printf("1/0:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feclearexcept(FE_ALL_EXCEPT);
    r = zero / zero;
    printf("0/0:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feclearexcept(FE_ALL_EXCEPT);
    r = big * big;
    printf("overflow:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feclearexcept(FE_ALL_EXCEPT);
    r = tiny * tiny;
    printf("underflow:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feclearexcept(FE_ALL_EXCEPT);
    r = one / three;
    printf("1/3:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feclearexcept(FE_ALL_EXCEPT);
    r = one + one;
    printf("1+1:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feclearexcept(FE_ALL_EXCEPT);
    r = sqrt(-one);
    printf("sqrt(-1):%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feclearexcept(FE_ALL_EXCEPT);
    volatile int i = (int) big;
    printf("(int) 1e308 = %d:%s\n", i, flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    printf("raised:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    fenv_t env;
    fegetenv(&env);
    feclearexcept(FE_ALL_EXCEPT);
    fesetenv(&env);
    printf("after fesetenv:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feholdexcept(&env);
    r = one / zero;
    printf("held:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feupdateenv(&env);
    printf("updated:%s\n", flag_names(fetestexcept(FE_ALL_EXCEPT)));
    feclearexcept(FE_ALL_EXCEPT);
    (void) r;
}

static void section_convert(void) {
    printf("== convert (%s)\n", FLOATS_UNIT);
    volatile double ds[] = {0.5, 1.5, 2.5, -0.5, -1.5, 2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0,
                            4294967295.0, 1e19, -1e19, 9.2233720368547758e18, 0.99999999999999989, 1e-320};
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        fesetround(modes[m].mode);
        printf("-- rounding %s\n", modes[m].name);
        for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
            double d = ds[i];
            feclearexcept(FE_ALL_EXCEPT);
            int as_int = (int) d;
            long long as_ll = (long long) d;
            unsigned as_u = (unsigned) d;
            long lr = lrint(d);
            long long llr = llrint(d);
            printf("%.17g: int %d ll %lld unsigned %u lrint %ld llrint %lld float %.9g:%s\n", d, as_int, as_ll,
                   as_u, lr, llr, (float) d, flag_names(fetestexcept(FE_ALL_EXCEPT)));
        }
        volatile long long lls[] = {9007199254740993LL, -9007199254740993LL, 0x7fffffffffffffffLL, 123456789LL};
        volatile unsigned long long ull = 0xffffffffffffffffULL;
        for (size_t i = 0; i < sizeof lls / sizeof lls[0]; i++) {
            printf("%lld: double %.17g float %.9g long double %.21Lg\n", lls[i], (double) lls[i], (float) lls[i],
                   (long double) lls[i]);
        }
        printf("ull max: double %.17g float %.9g\n", (double) ull, (float) ull);
        volatile int ints[] = {16777217, -16777217, 2147483647};
        for (size_t i = 0; i < 3; i++) printf("%d: float %.9g\n", ints[i], (float) ints[i]);
    }
    fesetround(FE_TONEAREST);
}

static void section_int64(void) {
    printf("== int64 (%s)\n", FLOATS_UNIT);
    volatile long long a[] = {0, 1, -1, 7, -7, 1000000007LL, 0x7fffffffffffffffLL, (long long) 0x8000000000000000ULL,
                              123456789012345LL, -98765432109876LL, 4294967296LL, 4294967295LL};
    volatile long long b[] = {1, -1, 3, -3, 7, 1000000007LL, 4294967296LL, 65536, -2, 0x100000001LL};
    unsigned long long hash = 0;
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
        for (size_t j = 0; j < sizeof b / sizeof b[0]; j++) {
            if (a[i] == (long long) 0x8000000000000000ULL && b[j] == -1) continue;
            long long q = a[i] / b[j], r = a[i] % b[j];
            unsigned long long uq = (unsigned long long) a[i] / (unsigned long long) b[j];
            unsigned long long ur = (unsigned long long) a[i] % (unsigned long long) b[j];
            if (j < 4) printf("%lld / %lld = %lld rem %lld; unsigned %llu rem %llu\n", a[i], b[j], q, r, uq, ur);
            hash = hash * 31 + (unsigned long long) q * 7 + (unsigned long long) r + uq * 3 + ur;
        }
    }
    printf("hash of all quotients %016llx\n", hash);
    volatile unsigned long long x = 0x123456789abcdefULL;
    printf("shifts %llx %llx %llx mul %llx\n", x << 13, x >> 7, (unsigned long long) ((long long) -x >> 9),
           x * 0x9e3779b97f4a7c15ULL);
    printf("clz %d ctz %d popcount %d\n", __builtin_clzll(x), __builtin_ctzll(x << 4), __builtin_popcountll(x));
}

static const struct {
    const char *name;
    void (*run)(void);
} sections[] = {
    {"printf", section_printf}, {"special", section_special}, {"strto", section_strto}, {"libm", section_libm},
    {"fenv", section_fenv}, {"convert", section_convert}, {"int64", section_int64},
};

int main(int argc, char **argv) {
    int n = sizeof sections / sizeof sections[0];
    for (int a = 1; a < argc; a++) {
        int known = 0;
        for (int i = 0; i < n; i++) known |= strcmp(argv[a], sections[i].name) == 0;
        if (!known) {
            fprintf(stderr, "floats: no section %s\n", argv[a]);
            return 2;
        }
    }
    for (int i = 0; i < n; i++) {
        int wanted = argc == 1;
        for (int a = 1; a < argc; a++) wanted |= strcmp(argv[a], sections[i].name) == 0;
        if (wanted) sections[i].run();
    }
    printf("done\n");
    return 0;
}
