package ukcf.cpu.state;

import ukcf.cpu.decode.Segment;
import ukcf.cpu.flags.LazyFlags;

/**
 * The architectural state of one guest CPU. Fields are public and mutable on purpose: the interpreter and the
 * translated code read and write them on every instruction, and a getter layer would only be in the way.
 */
public final class CpuState {
    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

    /** General-purpose registers, indexed by their ModRM encoding. */
    public final int[] gpr = new int[8];
    public int eip;
    /** EFLAGS with the six status flags kept lazily. */
    public final LazyFlags flags = new LazyFlags();

    /** Segment selectors and bases, indexed by {@link Segment#ordinal()}. Flat 4 GiB segments: limits unchecked. */
    public final int[] segmentSelector = new int[6];
    public final int[] segmentBase = new int[6];

    /** Current privilege level: 3 for an application, 0 for a driver. */
    public int cpl = 3;

    public final X87State x87 = new X87State();
    public final SseState sse = new SseState();

    /** Time-stamp counter value RDTSC returns; advanced by the engine. */
    public long timeStampCounter;
    /** Set by HLT; the engine stops until an interrupt. */
    public boolean halted;

    public int segmentBase(Segment segment) { return segmentBase[segment.ordinal()]; }
}
