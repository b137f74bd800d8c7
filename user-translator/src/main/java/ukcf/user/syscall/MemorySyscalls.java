package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.FD;
import static ukcf.user.syscall.Arg.HEX;
import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.MAP_FLAGS;
import static ukcf.user.syscall.Arg.POINTER;
import static ukcf.user.syscall.Arg.PROT;
import static ukcf.user.syscall.Arg.UNSIGNED;

import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Protection;
import ukcf.user.fs.HostFile;
import ukcf.user.fs.OpenFile;
import ukcf.user.process.GuestProcess;

/** The program break and mappings (mm/mmap.c, mm/mprotect.c). */
final class MemorySyscalls {
    private MemorySyscalls() { }

    private static final int PAGE = AddressSpace.PAGE_SIZE;
    private static final long USER_END = GuestProcess.STACK_TOP & 0xFFFFFFFFL;
    private static final int MAP_SHARED = 0x01, MAP_PRIVATE = 0x02, MAP_TYPE = 0x0f, MAP_FIXED = 0x10,
            MAP_ANONYMOUS = 0x20, MAP_FIXED_NOREPLACE = 0x100000;

    /** brk: moves the break if the pages between are free; always answers the (possibly unchanged) break. */
    @Syscall(name = "brk", args = {POINTER}, result = Syscall.Result.HEX)
    static int brk(GuestProcess p, int requested) {
        long start = u(p.breakStart()), current = u(p.programBreak()), wanted = u(requested);
        if (wanted < start) return p.programBreak();
        long oldEnd = pageUp(current), newEnd = pageUp(wanted);
        if (newEnd > oldEnd) {
            if (newEnd > USER_END || overlapsMapping(p, oldEnd, newEnd)) return p.programBreak();
            p.space().map((int) oldEnd, newEnd - oldEnd, Protection.USER_READ_WRITE);
            p.mappings().add(pageUp(start), newEnd, 3, "[heap]");
        } else if (newEnd < oldEnd) {
            p.space().unmap((int) newEnd, oldEnd - newEnd);
            p.mappings().remove(newEnd, oldEnd);
        }
        p.setProgramBreak(requested);
        return requested;
    }

    private static boolean overlapsMapping(GuestProcess p, long start, long end) {
        for (long page = start; page < end; page += PAGE) if (p.space().isMapped((int) page)) return true;
        return false;
    }

    @Syscall(name = "mmap2", args = {POINTER, UNSIGNED, PROT, MAP_FLAGS, FD, HEX}, result = Syscall.Result.HEX)
    static int mmap2(GuestProcess p, int address, int length, int prot, int flags, int fd, int pageOffset) {
        return map(p, address, length, prot, flags, fd, u(pageOffset) * PAGE);
    }

    /** The old mmap: one pointer to six arguments, the offset in bytes. */
    @Syscall(name = "mmap", args = {POINTER}, result = Syscall.Result.HEX)
    static int oldMmap(GuestProcess p, int arguments) {
        int offset = p.read32(arguments + 20);
        if ((offset & (PAGE - 1)) != 0) throw new SyscallError(Errno.EINVAL);
        return map(p, p.read32(arguments), p.read32(arguments + 4), p.read32(arguments + 8),
                p.read32(arguments + 12), p.read32(arguments + 16), u(offset));
    }

    private static int map(GuestProcess p, int address, int length, int prot, int flags, int fd, long offset) {
        long size = pageUp(u(length));
        int type = flags & MAP_TYPE;
        if (length == 0 || size > USER_END || (type != MAP_SHARED && type != MAP_PRIVATE)) {
            throw new SyscallError(Errno.EINVAL);
        }
        if ((prot & ~7) != 0) throw new SyscallError(Errno.EINVAL);
        HostFile file = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            OpenFile open = p.files().get(fd);
            if (!(open instanceof HostFile hostFile)) throw new SyscallError(Errno.ENODEV);
            file = hostFile;
        }
        long start = placement(p, u(address), size, flags);
        p.space().map((int) start, size, Protection.ofLinuxProt(prot, true));
        if (file == null) {
            p.mappings().add(start, start + size, prot, "");
        } else {
            ukcf.user.fs.FileStatus status = file.status();
            p.mappings().add(new ukcf.user.process.MemoryMappings.Region(start, start + size, prot, file.guestPath(),
                    offset, status.device(), status.inode()));
        }
        if (file != null) {
            // A private copy of the file's pages; MAP_SHARED writes are not written back yet.
            byte[] contents = new byte[(int) size];
            int read = file.readAt(offset, contents, 0, (int) size);
            p.space().writeHost((int) start, contents, 0, read);
        }
        return (int) start;
    }

    private static long placement(GuestProcess p, long address, long size, int flags) {
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            if ((address & (PAGE - 1)) != 0 || address + size > USER_END) throw new SyscallError(Errno.EINVAL);
            if ((flags & MAP_FIXED) == 0 && overlapsMapping(p, address, address + size)) {
                throw new SyscallError(Errno.EEXIST);
            }
            return address;
        }
        if (address != 0) {
            long hint = pageUp(address);
            if (hint + size <= USER_END && !overlapsMapping(p, hint, hint + size)) return hint;
        }
        long start = p.mappings().findFree(size);
        while (start >= 0 && overlapsMapping(p, start, start + size)) {
            start -= PAGE; // the break or the image grew into the mmap area: keep looking below
        }
        if (start < 0) throw new SyscallError(Errno.ENOMEM);
        return start;
    }

    @Syscall(name = "munmap", args = {POINTER, UNSIGNED})
    static int munmap(GuestProcess p, int address, int length) {
        long start = u(address), size = pageUp(u(length));
        if ((start & (PAGE - 1)) != 0 || length == 0 || start + size > USER_END) throw new SyscallError(Errno.EINVAL);
        p.space().unmap((int) start, size);
        p.mappings().remove(start, start + size);
        return 0;
    }

    @Syscall(name = "mprotect", args = {POINTER, UNSIGNED, PROT})
    static int mprotect(GuestProcess p, int address, int length, int prot) {
        long start = u(address), size = pageUp(u(length));
        if ((start & (PAGE - 1)) != 0 || (prot & ~7) != 0) throw new SyscallError(Errno.EINVAL);
        if (size == 0) return 0;
        if (!p.space().protect((int) start, size, Protection.ofLinuxProt(prot, true))) {
            throw new SyscallError(Errno.ENOMEM);
        }
        p.mappings().protect(start, start + size, prot);
        return 0;
    }

    @Syscall(name = "madvise", args = {POINTER, UNSIGNED, INT})
    static int madvise(GuestProcess p, int address, int length, int advice) { return 0; }

    static long u(int value) { return Integer.toUnsignedLong(value); }

    static long pageUp(long value) { return (value + PAGE - 1) & ~(long) (PAGE - 1); }
}
