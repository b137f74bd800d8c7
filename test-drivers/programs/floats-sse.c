/*
 * floats.c with every floating-point operation of its own code in SSE2 (scalar SSE arithmetic, cvt* conversions,
 * MXCSR rounding and flags): the same sections and output format, compiled with -msse2 -mfpmath=sse through the
 * pragma below. Long double stays x87, as on any i386 target.
 */
#pragma GCC target("sse2", "fpmath=sse")
#define FLOATS_UNIT "sse2"
#include "floats.c"
