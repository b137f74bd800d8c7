package ukcf.cpu.memory;

/**
 * Page protection bits. READ, WRITE and EXECUTE have the values of Linux's PROT_READ, PROT_WRITE and PROT_EXEC,
 * so an mmap/mprotect argument converts with {@code prot | USER}. USER marks a page that CPL 3 may touch (the
 * U/S bit of a page-table entry); pages without it are supervisor-only.
 */
public final class Protection {
    private Protection() { }

    public static final int NONE = 0;
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXECUTE = 4;
    public static final int USER = 8;

    /** Every bit a caller may pass to {@link AddressSpace#map} or {@link AddressSpace#protect}. */
    public static final int ALL = READ | WRITE | EXECUTE | USER;

    public static final int USER_READ_WRITE = USER | READ | WRITE;
    public static final int USER_READ_EXECUTE = USER | READ | EXECUTE;
    public static final int KERNEL_READ_WRITE = READ | WRITE;
    public static final int KERNEL_READ_EXECUTE = READ | EXECUTE;

    /**
     * The page protection Linux on x86 gives an mmap/mprotect {@code prot}: x86 page tables cannot express a page
     * that is writable or executable but not readable, so PROT_WRITE or PROT_EXEC imply PROT_READ (a native
     * process can read a PROT_EXEC-only mapping, and so must the guest).
     */
    public static int ofLinuxProt(int prot, boolean user) {
        int protection = prot & (READ | WRITE | EXECUTE);
        if (protection != NONE) protection |= READ;
        return user ? protection | USER : protection;
    }

    /** {@code /proc/self/maps} style text, with a fifth letter for the privilege: "rw-u" / "r-xs". */
    public static String describe(int protection) {
        return new StringBuilder(4)
                .append((protection & READ) != 0 ? 'r' : '-')
                .append((protection & WRITE) != 0 ? 'w' : '-')
                .append((protection & EXECUTE) != 0 ? 'x' : '-')
                .append((protection & USER) != 0 ? 'u' : 's')
                .toString();
    }

    static int checked(int protection) {
        if ((protection & ~ALL) != 0) {
            throw new IllegalArgumentException("unknown protection bits 0x" + Integer.toHexString(protection));
        }
        return protection;
    }
}
