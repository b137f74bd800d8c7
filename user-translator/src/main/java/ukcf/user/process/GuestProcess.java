package ukcf.user.process;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.interp.Interpreter;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.semantics.CpuidTable;
import ukcf.cpu.state.CpuState;
import ukcf.user.elf.ElfFile;
import ukcf.user.elf.ElfFormatException;
import ukcf.user.elf.ElfLoader;
import ukcf.user.elf.ElfSymbols;
import ukcf.user.elf.InitialStack;
import ukcf.user.elf.LoadedProgram;
import ukcf.user.fs.FileDescriptorTable;
import ukcf.user.fs.GuestFilesystem;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;
import ukcf.user.syscall.SyscallTable;

/**
 * One guest Linux process: its address space, its (single, for now) CPU, descriptors, filesystem view, program
 * break, memory regions, TLS descriptors and recorded signal state. {@link #start} performs what execve does for
 * a static i386 executable; {@link #run} executes it to its end and answers the exit status a shell would see.
 */
public final class GuestProcess {
    /** Top of the initial stack: the end of user space in the 3G/1G split. */
    public static final int STACK_TOP = 0xC0000000;
    /** RLIMIT_STACK's usual soft limit: the stack region reserved below {@link #STACK_TOP}. */
    public static final int STACK_SIZE = 8 << 20;
    /** Where mmap places mappings without an address: below the stack and a guard gap (Linux's mmap_base). */
    public static final long MMAP_TOP = Integer.toUnsignedLong(STACK_TOP) - STACK_SIZE - (128L << 20);
    public static final long MMAP_BOTTOM = 0x10000;
    public static final int LINUX_SYSCALL_VECTOR = 0x80;
    private static final int CLOCK_TICKS = 100;

    private final AddressSpace space;
    private final Cpu cpu;
    private final Interpreter interpreter = new Interpreter();
    private final ThreadAreaTable threadAreas = new ThreadAreaTable();
    private final FileDescriptorTable files = FileDescriptorTable.withStandardStreams();
    private final GuestFilesystem filesystem;
    private final MemoryMappings mappings = new MemoryMappings(MMAP_TOP, MMAP_BOTTOM);
    private final ElfSymbols symbols;
    private final int pid;
    private final int breakStart;
    private int programBreak;
    private final Map<Integer, byte[]> signalActions = new HashMap<>();
    private long blockedSignals;
    private int clearChildTid;
    private final SecureRandom random = new SecureRandom();

    private GuestProcess(AddressSpace space, GuestFilesystem filesystem, LoadedProgram program, int pid) {
        this.space = space;
        this.filesystem = filesystem;
        this.symbols = program.symbols();
        this.pid = pid;
        this.breakStart = program.breakStart();
        this.programBreak = program.breakStart();
        PagedMemory view = space.newView(Privilege.USER);
        this.cpu = new Cpu(view, IoPortBus.FLOATING);
        cpu.descriptors = threadAreas;
    }

    /**
     * Loads {@code executable} and builds its initial stack and registers, as execve does.
     *
     * @param guestPath the path the guest names the program by (argv[0] is {@code arguments.get(0)})
     */
    public static GuestProcess start(Path executable, String guestPath, List<String> arguments,
                                     List<String> environment) throws ElfFormatException, IOException {
        ElfFile elf = ElfFile.parse(Files.readAllBytes(executable));
        AddressSpace space = new AddressSpace();
        LoadedProgram program = ElfLoader.load(elf, space);
        String absolute = executable.toRealPath().toString();
        GuestFilesystem filesystem = new GuestFilesystem(Path.of("").toAbsolutePath().toString(), absolute);
        GuestProcess process = new GuestProcess(space, filesystem, program, (int) ProcessHandle.current().pid());
        process.recordImage(elf, program, absolute);
        filesystem.addGeneratedFile("/proc/self/maps", process::describeMappings);
        filesystem.addGeneratedFile("/proc/" + process.pid + "/maps", process::describeMappings);

        int stackProtection = Protection.ofLinuxProt(program.executableStack() ? 7 : 3, true);
        space.map(STACK_TOP - STACK_SIZE, STACK_SIZE, stackProtection);
        process.mappings.add(Integer.toUnsignedLong(STACK_TOP) - STACK_SIZE, Integer.toUnsignedLong(STACK_TOP), program.executableStack() ? 7 : 3, "[stack]");
        byte[] randomBytes = new byte[16];
        process.random.nextBytes(randomBytes);
        InitialStack.Identity identity = new InitialStack.Identity(HostIdentity.uid(),
                HostIdentity.uid(), HostIdentity.gid(), HostIdentity.gid(), CpuidTable.standard().features(),
                CLOCK_TICKS);
        int stackPointer = InitialStack.build(space, STACK_TOP, program, guestPath, arguments, environment,
                randomBytes, identity);

        CpuState s = process.cpu.state;
        s.cpl = 3;
        s.eip = program.entry();
        s.gpr[CpuState.ESP] = stackPointer;
        for (Segment segment : Segment.values()) {
            int selector = segment == Segment.CS ? ThreadAreaTable.USER_CODE_SELECTOR
                    : segment == Segment.FS || segment == Segment.GS ? 0 : ThreadAreaTable.USER_DATA_SELECTOR;
            s.segmentSelector[segment.ordinal()] = selector;
            s.segmentBase[segment.ordinal()] = 0;
        }
        return process;
    }

    private void recordImage(ElfFile elf, LoadedProgram program, String path) {
        for (var p : elf.loadSegments()) {
            long start = (p.virtualAddress() + program.loadBias()) & ~0xFFFL;
            long end = (p.endAddress() + program.loadBias() + 0xFFF) & ~0xFFFL;
            mappings.add(start, end, p.linuxProt(), path);
        }
    }

    /**
     * Runs the guest until it exits; returns its exit status, or 128 + the signal that killed it after a one-line
     * report on {@code messages}.
     */
    public int run(PrintStream strace, PrintStream messages) {
        SyscallTable syscalls = SyscallTable.standard();
        try {
            while (true) {
                try {
                    interpreter.run(cpu, Long.MAX_VALUE);
                    if (cpu.state.halted) return FaultReport.kill(this, FaultReport.SIGSEGV, "halted", messages);
                } catch (SoftwareInterrupt trap) {
                    if (trap.vector() == LINUX_SYSCALL_VECTOR) {
                        syscalls.dispatch(this, strace);
                    } else {
                        return FaultReport.killBySoftwareInterrupt(this, trap, messages);
                    }
                }
            }
        } catch (GuestFault fault) {
            return FaultReport.killByFault(this, fault, messages);
        } catch (GuestExit exit) {
            files.closeAll();
            return exit.status() & 0xFF;
        }
    }

    /**
     * /proc/self/maps as Linux prints it (fs/proc/task_mmu.c show_map_vma): range, permissions with p for private,
     * offset, device, inode, then the name from column 73. ukcf records no file offsets or inodes yet.
     */
    private byte[] describeMappings() {
        StringBuilder s = new StringBuilder();
        for (MemoryMappings.Region r : mappings.regions()) {
            int start = s.length();
            s.append(String.format("%08x-%08x %c%c%cp %08x 00:00 0", r.start(), r.end(),
                    (r.prot() & 1) != 0 ? 'r' : '-', (r.prot() & 2) != 0 ? 'w' : '-', (r.prot() & 4) != 0 ? 'x' : '-', 0));
            if (!r.name().isEmpty()) {
                while (s.length() - start < 72) s.append(' ');
                s.append(' ').append(r.name());
            }
            s.append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    public Cpu cpu() { return cpu; }
    public AddressSpace space() { return space; }
    public ThreadAreaTable threadAreas() { return threadAreas; }
    public FileDescriptorTable files() { return files; }
    public GuestFilesystem filesystem() { return filesystem; }
    public MemoryMappings mappings() { return mappings; }
    public ElfSymbols symbols() { return symbols; }
    public int pid() { return pid; }
    public SecureRandom random() { return random; }
    public Map<Integer, byte[]> signalActions() { return signalActions; }
    public long blockedSignals() { return blockedSignals; }
    public void setBlockedSignals(long mask) { blockedSignals = mask; }
    public void setClearChildTid(int address) { clearChildTid = address; }
    public int clearChildTid() { return clearChildTid; }

    public int breakStart() { return breakStart; }
    public int programBreak() { return programBreak; }
    public void setProgramBreak(int address) { programBreak = address; }

    // ---- guest memory for system calls: a bad pointer is EFAULT ----

    public byte[] readBytes(int address, int length) {
        if (length < 0) throw new SyscallError(Errno.EINVAL);
        byte[] bytes = new byte[length];
        try {
            space.readHost(address, bytes, 0, length);
        } catch (GuestFault fault) {
            throw new SyscallError(Errno.EFAULT);
        }
        return bytes;
    }

    public void writeBytes(int address, byte[] bytes, int offset, int length) {
        try {
            space.writeHost(address, bytes, offset, length);
        } catch (GuestFault fault) {
            throw new SyscallError(Errno.EFAULT);
        }
    }

    public void writeBytes(int address, byte[] bytes) { writeBytes(address, bytes, 0, bytes.length); }

    public int read32(int address) {
        byte[] b = readBytes(address, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    public void write32(int address, int value) {
        writeBytes(address, new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    public void write64(int address, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (value >>> (8 * i));
        writeBytes(address, b);
    }

    /** A NUL-terminated guest string (PATH_MAX bounded: ENAMETOOLONG beyond 4096 bytes). */
    public String readCString(int address) {
        return new String(readCStringBytes(address, 4096), StandardCharsets.UTF_8);
    }

    private byte[] readCStringBytes(int address, int limit) {
        byte[] chunk = new byte[1];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < limit; i++) {
            try {
                space.readHost(address + i, chunk, 0, 1);
            } catch (GuestFault fault) {
                throw new SyscallError(Errno.EFAULT);
            }
            if (chunk[0] == 0) return out.toByteArray();
            out.write(chunk[0]);
        }
        throw new SyscallError(Errno.ENAMETOOLONG);
    }

    /** For strace: a string's bytes, or null when the pointer is bad. */
    public byte[] readCStringForTrace(int address) {
        try {
            return readCStringBytes(address, 4096);
        } catch (SyscallError e) {
            return null;
        }
    }

    /** For strace: {@code length} bytes, or null when the pointer is bad. */
    public byte[] readBytesForTrace(int address, int length) {
        try {
            return readBytes(address, length);
        } catch (SyscallError e) {
            return null;
        }
    }
}
