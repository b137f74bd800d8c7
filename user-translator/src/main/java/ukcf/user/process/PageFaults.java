package ukcf.user.process;

import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Protection;

/**
 * Page faults that are not plain SIGSEGVs: a touch of a file mapping's page that lies past the end of the file is
 * SIGBUS (BUS_ADRERR), as filemap_fault answers; if the file has grown since the mapping was made, the page is
 * loaded and the instruction runs again. The page then was an inaccessible placeholder ({@code populate} in the
 * mmap system calls).
 */
public final class PageFaults {
    private PageFaults() { }

    static final int BUS_ADRERR = 2;

    /** How a file page is loaded; the mmap system calls, which own the page cache side, provide it. */
    public interface Loader {
        /** Loads file page {@code fileOffset} of {@code backing} at {@code page} with {@code protection}. */
        void load(GuestProcess p, MemoryMappings.Backing backing, long page, long fileOffset, int protection);

        long fileSize(MemoryMappings.Backing backing);
    }

    private static volatile Loader loader;

    /** Set by the mmap system calls' class when it is first used (before any file mapping exists). */
    public static void setLoader(Loader fileLoader) { loader = fileLoader; }

    /** The retry marker: the page was loaded, run the instruction again. */
    static final Signals.Info RETRY = new Signals.Info(0, 0, 0, 0, 0, 0, 0, 0);

    /** SIGBUS's siginfo, {@link #RETRY}, or null when the fault is an ordinary one. */
    static Signals.Info resolve(GuestProcess p, GuestFault fault) {
        if (fault.vector() != ExceptionVector.PF || loader == null) return null;
        long address = Integer.toUnsignedLong(fault.faultAddress());
        MemoryMappings.Region region = p.mappings().find(address);
        if (region == null || region.backing() == null || region.backing().file() == null) return null;
        int placeholder = Protection.ofLinuxProt(0, true);
        if (p.space().protection(fault.faultAddress()) != placeholder || region.prot() == 0) return null;
        long page = address & ~(long) (AddressSpace.PAGE_SIZE - 1);
        long fileOffset = region.offset() + (page - region.start());
        if (fileOffset >= loader.fileSize(region.backing())) {
            return new Signals.Info(Signals.SIGBUS, BUS_ADRERR, 0, 0, 0, fault.faultAddress(), 14, fault.errorCode());
        }
        loader.load(p, region.backing(), page, fileOffset, Protection.ofLinuxProt(region.prot(), true));
        return RETRY;
    }
}
