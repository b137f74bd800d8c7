package ukcf.cpu.state;

/**
 * Where a segment register load finds the base of a selector. The CPU models flat segments (limits unchecked),
 * so a descriptor contributes only its base; the system layer supplies the GDT/LDT view (e.g. Linux's TLS
 * entries behind GS) and may refuse a selector by throwing a {@link ukcf.cpu.fault.GuestFault} #GP.
 */
@FunctionalInterface
public interface SegmentDescriptors {
    int base(int selector);

    /** Every selector maps to base 0. */
    SegmentDescriptors FLAT = selector -> 0;
}
