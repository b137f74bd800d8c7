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
import ukcf.user.fs.SharedFilePages;
import ukcf.user.process.GuestProcess;
import ukcf.user.process.MemoryMappings;
import ukcf.user.process.PageFaults;

/** The program break and mappings (mm/mmap.c, mm/mprotect.c). */
final class MemorySyscalls {
    private MemorySyscalls() { }

    private static final int PAGE = AddressSpace.PAGE_SIZE;

    static {
        PageFaults.setLoader(new PageFaults.Loader() {
            @Override
            public void load(GuestProcess p, MemoryMappings.Backing backing, long page, long fileOffset, int protection) {
                loadPage(p, backing, page, fileOffset, protection);
            }

            @Override
            public long fileSize(MemoryMappings.Backing backing) { return MemorySyscalls.fileSize(backing); }
        });
    }
    private static final long USER_END = GuestProcess.STACK_TOP & 0xFFFFFFFFL;
    private static final int PROT_WRITE = 2;
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
        MemoryMappings.Backing backing = null;
        HostFile file = null;
        if ((flags & MAP_ANONYMOUS) == 0) {
            OpenFile open = p.files().get(fd);
            if (open instanceof ukcf.user.fs.DeviceFile device) return mapDevice(p, device, address, size, prot, flags, offset);
            if (!(open instanceof HostFile hostFile)) throw new SyscallError(Errno.ENODEV);
            file = hostFile;
            if (!file.readable() || type == MAP_SHARED && (prot & PROT_WRITE) != 0 && !file.writable()) {
                throw new SyscallError(Errno.EACCES);
            }
            backing = new MemoryMappings.Backing(type == MAP_SHARED, file.path(),
                    type == MAP_SHARED ? SharedFilePages.of(file) : null);
        } else if (type == MAP_SHARED) {
            backing = MemoryMappings.Backing.sharedAnonymous();
        }
        long start = placement(p, u(address), size, flags);
        unmapRange(p, start, start + size);
        MemoryMappings.Region region;
        if (file == null) {
            region = new MemoryMappings.Region(start, start + size, prot, "", 0, 0, 0, backing);
        } else {
            ukcf.user.fs.FileStatus status = file.status();
            region = new MemoryMappings.Region(start, start + size, prot, file.guestPath(), offset, status.device(),
                    status.inode(), backing);
        }
        p.mappings().add(region);
        populate(p, region, start, start + size);
        return (int) start;
    }

    /**
     * mmap of a device node: the driver's mmap decides what the pages are (remap_pfn_range of its kernel memory);
     * a shared mapping maps those very frames, so the process and the driver see each other's stores; a private one
     * gets a copy. Pages the driver left out fault when touched.
     */
    private static int mapDevice(GuestProcess p, ukcf.user.fs.DeviceFile device, int address, long size, int prot,
                                 int flags, long offset) {
        boolean shared = (flags & MAP_TYPE) == MAP_SHARED;
        long start = placement(p, u(address), size, flags);
        byte[][] frames = DeviceSyscalls.mmap(p, device, (int) start, (int) size, prot, shared, offset);
        unmapRange(p, start, start + size);
        ukcf.user.fs.FileStatus status = device.status();
        p.mappings().add(new MemoryMappings.Region(start, start + size, prot, device.linkName(), offset, status.device(),
                status.inode(), MemoryMappings.Backing.device(shared, device)));
        int protection = Protection.ofLinuxProt(prot, true);
        for (int i = 0; i < frames.length; i++) {
            int page = (int) (start + (long) i * PAGE);
            if (frames[i] == null) {
                p.space().map(page, PAGE, Protection.ofLinuxProt(0, true));
            } else if (shared) {
                p.space().mapFrame(page, frames[i], protection);
            } else {
                p.space().map(page, PAGE, protection);
                p.space().writeHost(page, frames[i], 0, PAGE); // copies: later driver stores stay unseen
            }
        }
        return (int) start;
    }

    /**
     * Fills [from, to) of {@code region} with pages: zero pages for anonymous memory, the page cache's frames for a
     * shared file, a copy of the file for a private one; a file page past the end of the file gets an inaccessible
     * placeholder, where an access raises SIGBUS (or, once the file grew, loads the page: {@link PageFaults}).
     */
    static void populate(GuestProcess p, MemoryMappings.Region region, long from, long to) {
        MemoryMappings.Backing backing = region.backing();
        int protection = Protection.ofLinuxProt(region.prot(), true);
        if (backing == null || backing.file() == null) {
            p.space().map((int) from, to - from, protection);
            return;
        }
        long fileSize = fileSize(backing);
        for (long page = from; page < to; page += PAGE) {
            long fileOffset = region.offset() + (page - region.start());
            if (fileOffset >= fileSize) {
                p.space().map((int) page, PAGE, Protection.ofLinuxProt(0, true));
            } else {
                loadPage(p, backing, page, fileOffset, protection);
            }
        }
    }

    /** Maps the file page at {@code fileOffset} at {@code page}: the shared frame, or a private copy. */
    static void loadPage(GuestProcess p, MemoryMappings.Backing backing, long page, long fileOffset, int protection) {
        if (backing.shared()) {
            p.space().mapFrame((int) page, backing.pages().acquire(fileOffset / PAGE), protection);
            return;
        }
        byte[] contents = new byte[PAGE];
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(backing.file())) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(contents);
            while (buffer.hasRemaining() && channel.read(buffer, fileOffset + buffer.position()) > 0) {
                // until the page is full or the file ends
            }
        } catch (java.io.IOException e) {
            throw ukcf.user.fs.HostFiles.error(e);
        }
        p.space().map((int) page, PAGE, protection);
        p.space().writeHost((int) page, contents, 0, PAGE);
    }

    /** The current size of a mapped file (SIGBUS beyond it). */
    static long fileSize(MemoryMappings.Backing backing) {
        if (backing.pages() != null) return backing.pages().size();
        try {
            return java.nio.file.Files.size(backing.file());
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Unmaps [start, end): shared file pages are released to their page cache (written back by the last user). */
    private static void unmapRange(GuestProcess p, long start, long end) {
        for (MemoryMappings.Region r : p.mappings().within(start, end)) {
            MemoryMappings.Backing b = r.backing();
            if (b == null || b.pages() == null) continue;
            for (long page = r.start(); page < r.end(); page += PAGE) {
                // placeholders past the end of the file (no access) hold no frame of the cache
                if (p.space().protection((int) page) > Protection.ofLinuxProt(0, true)) {
                    b.pages().release((r.offset() + (page - r.start())) / PAGE);
                }
            }
        }
        p.space().unmap((int) start, end - start);
        p.mappings().remove(start, end);
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
        unmapRange(p, start, start + size);
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

    /** The advice values Linux knows (include/uapi/asm-generic/mman-common.h); others are EINVAL. */
    private static final java.util.Set<Integer> ADVICE = java.util.Set.of(0, 1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14,
            15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 100, 101);
    private static final int MADV_DONTNEED = 4;

    /**
     * madvise: only MADV_DONTNEED changes what the guest sees: private anonymous pages read as zero afterwards and
     * private file pages as the file again; shared pages keep their contents.
     */
    @Syscall(name = "madvise", args = {POINTER, UNSIGNED, INT})
    static int madvise(GuestProcess p, int address, int length, int advice) {
        long start = u(address), end = start + pageUp(u(length));
        if ((start & (PAGE - 1)) != 0 || !ADVICE.contains(advice)) throw new SyscallError(Errno.EINVAL);
        if (!p.mappings().covers(start, end)) throw new SyscallError(Errno.ENOMEM);
        if (advice != MADV_DONTNEED) return 0;
        for (MemoryMappings.Region r : p.mappings().within(start, end)) {
            if (r.shared()) continue;
            for (long page = r.start(); page < r.end(); page += PAGE) {
                int protection = p.space().protection((int) page);
                if (r.backing() != null && r.backing().file() != null) {
                    long fileOffset = r.offset() + (page - r.start());
                    if (fileOffset < fileSize(r.backing())) loadPage(p, r.backing(), page, fileOffset, protection);
                } else {
                    p.space().map((int) page, PAGE, protection);
                }
            }
        }
        return 0;
    }

    private static final int MS_ASYNC = 1, MS_INVALIDATE = 2, MS_SYNC = 4;

    /** msync: writes the shared file pages in the range back to their files; MS_SYNC asks a device's fsync. */
    @Syscall(name = "msync", args = {POINTER, UNSIGNED, HEX})
    static int msync(GuestProcess p, int address, int length, int flags) {
        long start = u(address), end = start + pageUp(u(length));
        if ((start & (PAGE - 1)) != 0 || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0
                || (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC)) {
            throw new SyscallError(Errno.EINVAL);
        }
        if (!p.mappings().covers(start, end)) throw new SyscallError(Errno.ENOMEM);
        for (MemoryMappings.Region r : p.mappings().within(start, end)) {
            // vfs_fsync_range of a shared device mapping: EINVAL when the driver has no fsync
            ukcf.user.fs.DeviceFile device = r.backing() != null ? r.backing().device() : null;
            if ((flags & MS_SYNC) != 0 && r.shared() && device != null && !device.device().hasFsync()) {
                throw new SyscallError(Errno.EINVAL);
            }
            if (r.backing() != null && r.backing().pages() != null) r.backing().pages().writeBack();
        }
        return 0;
    }

    /**
     * mincore: one byte per page, 1 when resident: a file page always (it is in the host's page cache after the
     * file was written), an anonymous page once touched.
     */
    @Syscall(name = "mincore", args = {POINTER, UNSIGNED, POINTER})
    static int mincore(GuestProcess p, int address, int length, int vector) {
        long start = u(address), end = start + pageUp(u(length));
        if ((start & (PAGE - 1)) != 0) throw new SyscallError(Errno.EINVAL);
        if (!p.mappings().covers(start, end)) throw new SyscallError(Errno.ENOMEM);
        byte[] resident = new byte[(int) ((end - start) / PAGE)];
        for (MemoryMappings.Region r : p.mappings().within(start, end)) {
            boolean file = r.backing() != null && r.backing().file() != null;
            for (long page = r.start(); page < r.end(); page += PAGE) {
                resident[(int) ((page - start) / PAGE)] = (byte) (file || p.space().isPopulated((int) page) ? 1 : 0);
            }
        }
        p.writeBytes(vector, resident);
        return 0;
    }

    private static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2;

    /**
     * mremap: shrinks in place, grows in place when the pages above are free, else moves (with MREMAP_MAYMOVE)
     * by handing the pages' frames to the new address, contents and sharing intact.
     */
    @Syscall(name = "mremap", args = {POINTER, UNSIGNED, UNSIGNED, HEX, POINTER}, result = Syscall.Result.HEX)
    static int mremap(GuestProcess p, int address, int oldLength, int newLength, int flags, int newAddress) {
        long start = u(address), oldSize = pageUp(u(oldLength)), newSize = pageUp(u(newLength));
        if ((start & (PAGE - 1)) != 0 || newSize == 0 || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) != 0
                || (flags & MREMAP_FIXED) != 0) {
            throw new SyscallError(Errno.EINVAL);
        }
        MemoryMappings.Region region = p.mappings().find(start);
        if (region == null || !p.mappings().covers(start, start + Math.max(oldSize, PAGE))) {
            throw new SyscallError(Errno.EFAULT);
        }
        if (newSize <= oldSize) {
            if (newSize < oldSize) unmapRange(p, start + newSize, start + oldSize);
            return address;
        }
        MemoryMappings.Region part = p.mappings().within(start, start + oldSize).get(0);
        if (start + newSize <= USER_END && !overlapsMapping(p, start + oldSize, start + newSize)) {
            MemoryMappings.Region grown = new MemoryMappings.Region(start, start + newSize, part.prot(), part.name(),
                    part.offset(), part.device(), part.inode(), part.backing());
            p.mappings().add(grown);
            populate(p, grown, start + oldSize, start + newSize);
            return address;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) throw new SyscallError(Errno.ENOMEM);
        long target = placement(p, 0, newSize, 0);
        for (long offset = 0; offset < oldSize; offset += PAGE) {
            int from = (int) (start + offset), to = (int) (target + offset);
            int protection = p.space().protection(from);
            if (p.space().isPopulated(from)) p.space().mapFrame(to, p.space().frameOf(from), protection);
            else p.space().map(to, PAGE, protection);
        }
        MemoryMappings.Region moved = new MemoryMappings.Region(target, target + newSize, part.prot(), part.name(),
                part.offset(), part.device(), part.inode(), part.backing());
        p.mappings().add(moved);
        populate(p, moved, target + oldSize, target + newSize);
        p.space().unmap((int) start, oldSize); // the frames live on at the new address: nothing to release
        p.mappings().remove(start, start + oldSize);
        return (int) target;
    }

    static long u(int value) { return Integer.toUnsignedLong(value); }

    static long pageUp(long value) { return (value + PAGE - 1) & ~(long) (PAGE - 1); }
}
