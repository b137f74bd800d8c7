package ukcf.user.process;

import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.state.SegmentDescriptors;

/**
 * The GDT entries a Linux i386 process can see: the flat user code and data segments (selectors 0x23, 0x2b) and
 * the three TLS slots (entries 12..14, GDT_ENTRY_TLS_MIN..MAX in arch/x86/include/asm/segment.h) that
 * set_thread_area fills. Loading any other selector raises #GP, as it would natively.
 */
public final class ThreadAreaTable implements SegmentDescriptors {
    public static final int FIRST_TLS_ENTRY = 12, TLS_ENTRIES = 3;
    public static final int USER_CODE_SELECTOR = 0x23, USER_DATA_SELECTOR = 0x2b;

    /** A TLS descriptor: base, limit and the user_desc flag bits it was installed with. */
    public record Descriptor(int base, int limit, int flags) { }

    private final Descriptor[] tls = new Descriptor[TLS_ENTRIES];

    /** fork's copy. */
    public ThreadAreaTable copy() {
        ThreadAreaTable copy = new ThreadAreaTable();
        System.arraycopy(tls, 0, copy.tls, 0, TLS_ENTRIES);
        return copy;
    }

    /** The first empty TLS entry number, or -1 when all are used (set_thread_area's ESRCH). */
    public int freeEntry() {
        for (int i = 0; i < TLS_ENTRIES; i++) if (tls[i] == null) return FIRST_TLS_ENTRY + i;
        return -1;
    }

    public static boolean isTlsEntry(int entry) {
        return entry >= FIRST_TLS_ENTRY && entry < FIRST_TLS_ENTRY + TLS_ENTRIES;
    }

    /** Installs (or, with null, clears) TLS entry {@code entry}. */
    public void set(int entry, Descriptor descriptor) {
        tls[entry - FIRST_TLS_ENTRY] = descriptor;
    }

    public Descriptor get(int entry) { return tls[entry - FIRST_TLS_ENTRY]; }

    @Override
    public int base(int selector) {
        int index = selector >>> 3;
        boolean localTable = (selector & 4) != 0;
        if (index == 0 && !localTable) return 0; // the null selector may be loaded into DS..GS
        if (!localTable && (selector == USER_CODE_SELECTOR || selector == USER_DATA_SELECTOR)) return 0;
        if (!localTable && isTlsEntry(index) && tls[index - FIRST_TLS_ENTRY] != null && (selector & 3) == 3) {
            return tls[index - FIRST_TLS_ENTRY].base();
        }
        throw new GuestFault(ExceptionVector.GP, GuestFault.UNKNOWN_EIP, selector & 0xFFFC, 0,
                String.format("selector 0x%04x names no usable descriptor", selector));
    }
}
