package ukcf.cpu.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.verify.nativeharness.HarnessLayout;

/**
 * Compares cpu-sim's outcome of a case with the native one, field by field. What is compared and what is not:
 * <ul>
 * <li>GPRs, EIP, the exception vector; error code and CR2 only for #PF (Linux leaves stale CR2 for other
 *     faults).</li>
 * <li>EFLAGS status flags and DF, minus the flags the last instruction that wrote them left undefined
 *     ({@link Execution#undefinedFlags}). TF/IF/AC/ID and the rest belong to the harness.</li>
 * <li>Both memory areas byte for byte.</li>
 * <li>x87: control word, status word (with TOP and C0-C3), abridged tag word, and the 80-bit contents of the
 *     registers the tag marks valid. FIP/FDP/FOP and selectors are excluded: they describe the host's
 *     addresses. After a transcendental (FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1, FYL2X, FYL2XP1) registers
 *     may differ by one unit in the last place of the 64-bit significand, and C1 (rounded up), PE and UE may
 *     then differ too (with ES and B when that exception is unmasked); such cases pass but count as not
 *     bit-exact.</li>
 * <li>SSE: XMM0-7 and MXCSR.</li>
 * </ul>
 */
public final class Comparator {
    /**
     * x87 operations whose results compare within 1 ulp: processors compute them differently (the SDM bounds
     * the error, it does not define the bits), so random sequences place them last (nothing reads a result that
     * may differ).
     */
    public static final Set<String> TRANSCENDENTALS = Set.of("FSIN", "FCOS", "FSINCOS", "FPTAN", "FPATAN", "F2XM1",
            "FYL2X", "FYL2XP1");

    /** SSE approximations whose XMM results compare within the SDM bound; likewise placed last. */
    public static final Set<String> SSE_APPROXIMATIONS = Set.of("RCPSS", "RCPPS", "RSQRTSS", "RSQRTPS");

    /** What the simulated run learned about the case that the comparison needs. */
    public static final class Execution {
        /** EFLAGS bits whose last writer left them undefined. */
        public int undefinedFlags;
        /** A transcendental x87 instruction ran: registers compare within 1 ulp. */
        public boolean transcendental;
        /**
         * RCPSS/RCPPS/RSQRTSS/RSQRTPS ran: their results are table approximations that differ between vendors
         * (SDM: relative error at most 1.5 * 2^-12), so XMM float32 lanes compare within twice that bound.
         */
        public boolean sseApproximation;

        public void clear() {
            undefinedFlags = 0;
            transcendental = false;
            sseApproximation = false;
        }
    }

    /** One differing field, values already formatted. */
    public record Difference(String field, String expected, String got) { }

    /** The outcome: no differences means the case passed. */
    public static final class Verdict {
        public final List<Difference> differences = new ArrayList<>();
        /** Passed, but only thanks to the transcendental tolerance. */
        public boolean inexact;
        /** Passed, but only thanks to the SDM bound of the SSE reciprocal approximations. */
        public boolean approximated;

        public boolean passed() { return differences.isEmpty(); }

        void clear() {
            differences.clear();
            inexact = false;
            approximated = false;
        }
    }

    private static final int FSW_C1 = 1 << 9, FSW_PE = 1 << 5, FSW_UE = 1 << 4, FSW_ES = 1 << 7, FSW_B = 1 << 15;
    private static final int MAX_MEMORY_DIFFERENCES = 8;

    private final Verdict verdict = new Verdict();

    /** Compares; the returned verdict is reused by the next call. */
    public Verdict compare(MachineState expected, MachineState got, Execution execution) {
        verdict.clear();
        if (expected.failure != null || got.failure != null) {
            if (!java.util.Objects.equals(expected.failure, got.failure)) {
                add("run", String.valueOf(expected.failure), String.valueOf(got.failure));
            }
            return verdict;
        }
        compareFault(expected, got);
        if (expected.eip != got.eip) add("eip", hex32(expected.eip), hex32(got.eip));
        for (int i = 0; i < 8; i++) {
            if (expected.gpr[i] != got.gpr[i]) add(GPR_NAMES[i], hex32(expected.gpr[i]), hex32(got.gpr[i]));
        }
        int flagMask = InitialState.SETTABLE_FLAGS & ~execution.undefinedFlags;
        if (((expected.eflags ^ got.eflags) & flagMask) != 0) {
            add("eflags", FlagNames.describe(expected.eflags & flagMask), FlagNames.describe(got.eflags & flagMask));
        }
        compareMemory("data", HarnessLayout.DATA_BASE, expected.data, got.data);
        compareMemory("stack", HarnessLayout.STACK_BASE, expected.stack, got.stack);
        compareX87(expected.fxsave, got.fxsave, execution.transcendental);
        compareSse(expected.fxsave, got.fxsave, execution.sseApproximation);
        return verdict;
    }

    private void compareFault(MachineState expected, MachineState got) {
        if (expected.fault != got.fault) {
            add("exception", describe(expected.fault), describe(got.fault));
            return;
        }
        if (expected.fault == ExceptionVector.PF) {
            if (expected.errorCode != got.errorCode) add("error code", hex32(expected.errorCode), hex32(got.errorCode));
            if (expected.faultAddress != got.faultAddress) {
                add("cr2", hex32(expected.faultAddress), hex32(got.faultAddress));
            }
        }
    }

    private void compareMemory(String area, int base, byte[] expected, byte[] got) {
        if (java.util.Arrays.equals(expected, got)) return;
        int shown = 0;
        for (int i = 0; i < expected.length && shown < MAX_MEMORY_DIFFERENCES; i++) {
            if (expected[i] != got[i]) {
                add(String.format("%s[0x%08x]", area, base + i), hex8(expected[i]), hex8(got[i]));
                shown++;
            }
        }
    }

    private void compareX87(byte[] expected, byte[] got, boolean transcendental) {
        int fcwE = FxsaveImage.get16(expected, FxsaveImage.FCW), fcwG = FxsaveImage.get16(got, FxsaveImage.FCW);
        if (fcwE != fcwG) add("fcw", hex16(fcwE), hex16(fcwG));
        int fswE = FxsaveImage.get16(expected, FxsaveImage.FSW), fswG = FxsaveImage.get16(got, FxsaveImage.FSW);
        int fswMask = 0xFFFF;
        if (transcendental) {
            fswMask &= ~(FSW_C1 | FSW_PE | FSW_UE);
            // PE or UE raised by one side only, and unmasked (same bit positions in FCW), also sets its ES and B.
            if (((fswE ^ fswG) & (FSW_PE | FSW_UE) & ~fcwE) != 0) fswMask &= ~(FSW_ES | FSW_B);
        }
        if (((fswE ^ fswG) & fswMask) != 0) add("fsw", hex16(fswE), hex16(fswG));
        int tagE = expected[FxsaveImage.FTW] & 0xFF, tagG = got[FxsaveImage.FTW] & 0xFF;
        if (tagE != tagG) add("ftw", hex8((byte) tagE), hex8((byte) tagG));
        int top = (fswE >> 11) & 7;
        for (int i = 0; i < 8; i++) {
            if ((tagE & (1 << ((top + i) & 7))) == 0) continue;   // empty in the native result: contents meaningless
            int at = FxsaveImage.ST0 + i * FxsaveImage.ST_STRIDE;
            long sigE = FxsaveImage.get64(expected, at), sigG = FxsaveImage.get64(got, at);
            int seE = FxsaveImage.get16(expected, at + 8), seG = FxsaveImage.get16(got, at + 8);
            if (sigE == sigG && seE == seG) continue;
            if (transcendental && withinOneUlp(seE, sigE, seG, sigG)) {
                verdict.inexact = true;
                continue;
            }
            add("st(" + i + ")", extended(seE, sigE), extended(seG, sigG));
        }
    }

    /** Adjacent 80-bit values of the same sign: significands one apart, or across a binade boundary. */
    static boolean withinOneUlp(int signExpA, long sigA, int signExpB, long sigB) {
        if ((signExpA & 0x8000) != (signExpB & 0x8000)) return false;
        if (signExpA == signExpB) return Math.abs(sigA - sigB) == 1;
        int expA = signExpA & 0x7FFF, expB = signExpB & 0x7FFF;
        if (Math.abs(expA - expB) != 1) return false;
        long lowerSig = expA < expB ? sigA : sigB, higherSig = expA < expB ? sigB : sigA;
        // The largest denormal (exponent 0, no integer bit) is next to the smallest normal.
        long largestInLowerBinade = Math.min(expA, expB) == 0 ? Long.MAX_VALUE : -1L;
        return lowerSig == largestInLowerBinade && higherSig == Long.MIN_VALUE;
    }

    private void compareSse(byte[] expected, byte[] got, boolean approximation) {
        int mxE = FxsaveImage.get32(expected, FxsaveImage.MXCSR), mxG = FxsaveImage.get32(got, FxsaveImage.MXCSR);
        if (mxE != mxG) add("mxcsr", hex32(mxE), hex32(mxG));
        for (int i = 0; i < 8; i++) {
            int at = FxsaveImage.XMM0 + i * FxsaveImage.XMM_STRIDE;
            long loE = FxsaveImage.get64(expected, at), hiE = FxsaveImage.get64(expected, at + 8);
            long loG = FxsaveImage.get64(got, at), hiG = FxsaveImage.get64(got, at + 8);
            if ((loE != loG || hiE != hiG) && approximation && lanesClose(expected, got, at)) {
                verdict.approximated = true;
                continue;
            }
            if (loE != loG || hiE != hiG) {
                add("xmm" + i, String.format("%016x%016x", hiE, loE), String.format("%016x%016x", hiG, loG));
            }
        }
    }

    /** Every float32 lane equal, or both finite and within 3 * 2^-12 relative. */
    private static boolean lanesClose(byte[] expected, byte[] got, int at) {
        for (int lane = 0; lane < 4; lane++) {
            int e = FxsaveImage.get32(expected, at + 4 * lane), g = FxsaveImage.get32(got, at + 4 * lane);
            if (e == g) continue;
            float a = Float.intBitsToFloat(e), b = Float.intBitsToFloat(g);
            if (!Float.isFinite(a) || !Float.isFinite(b) || Math.abs(a - b) > 0x3p-12f * Math.max(Math.abs(a), Math.abs(b))) {
                return false;
            }
        }
        return true;
    }

    private void add(String field, String expected, String got) { verdict.differences.add(new Difference(field, expected, got)); }

    private static final String[] GPR_NAMES = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

    private static String describe(ExceptionVector v) { return v == null ? "none" : "#" + v.name(); }

    private static String hex32(int v) { return String.format("0x%08x", v); }

    private static String hex16(int v) { return String.format("0x%04x", v); }

    private static String hex8(byte v) { return String.format("0x%02x", v & 0xFF); }

    private static String extended(int signExponent, long significand) {
        return String.format("%04x:%016x", signExponent, significand);
    }
}
