package ukcf.cpu.semantics.sse;

import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fp.FpContext;
import ukcf.cpu.fp.FpException;
import ukcf.cpu.state.SseState;

/**
 * Collects the floating-point exceptions of one SSE instruction, element by element, and applies them to MXCSR
 * (SDM vol. 1, 11.5.2.1). Exceptions are detected in two stages: pre-computation (invalid, denormal, divide by
 * zero) over all elements first; if any of those is unmasked, the instruction faults with only the
 * pre-computation flags recorded. Otherwise the post-computation flags (overflow, underflow, precision) join
 * them and an unmasked one faults. A fault leaves the destination unchanged and raises #XM; otherwise the flags
 * are OR-ed into MXCSR's sticky flags and the caller writes the result.
 */
final class SimdExceptions {
    private static final int PRE_COMPUTATION = FpException.INVALID | FpException.DENORMAL | FpException.DIVIDE_BY_ZERO;

    private final SseState sse;
    private FpContext current;
    private int raised;

    SimdExceptions(SseState sse) { this.sse = sse; }

    /** A fresh context for the next element's operation. */
    FpContext element() {
        collect();
        current = FpContext.sse(sse.mxcsr);
        return current;
    }

    /** Records the flags, or throws #XM (MXCSR flags updated, nothing else changed) if one is unmasked. */
    void commit() {
        collect();
        int pre = raised & PRE_COMPUTATION;
        int recorded = unmasked(pre) != 0 ? pre : raised;
        sse.mxcsr |= recorded;     // MXCSR's flags sit at the engine's exception bit positions
        if (unmasked(recorded) != 0) {
            throw GuestFault.of(ExceptionVector.XM, String.format("unmasked SIMD floating-point exception (MXCSR 0x%04x)", sse.mxcsr));
        }
    }

    /** The exceptions among {@code raised} whose MXCSR mask bit is clear. */
    private int unmasked(int raised) {
        return raised & ~(sse.mxcsr >>> FpContext.MXCSR_MASK_SHIFT) & FpException.ALL;
    }

    private void collect() {
        if (current != null) raised |= current.flags;
        current = null;
    }
}
