package ukcf.user.process;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
import ukcf.user.fs.MountTable;
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

    private final ProcessTable processes;
    private final int pid;
    private final int parentPid;
    private final Interpreter interpreter = new Interpreter();
    private final FileDescriptorTable files;
    private final GuestFilesystem filesystem;
    private final SecureRandom random = new SecureRandom();
    // The image: replaced as a whole by execve.
    private AddressSpace space;
    private Cpu cpu;
    private ThreadAreaTable threadAreas = new ThreadAreaTable();
    private MemoryMappings mappings = new MemoryMappings(MMAP_TOP, MMAP_BOTTOM);
    private ElfSymbols symbols = ElfSymbols.NONE;
    private int breakStart;
    private int programBreak;
    private Signals signals = new Signals();
    private int clearChildTid;
    private byte[] auxv = new byte[0];

    private GuestProcess(ProcessTable processes, int pid, int parentPid, FileDescriptorTable files,
                         GuestFilesystem filesystem) {
        this.processes = processes;
        this.pid = pid;
        this.parentPid = parentPid;
        this.files = files;
        this.filesystem = filesystem;
        filesystem.attach(pid, files, Map.of("maps", this::describeMappings, "auxv", () -> auxv.clone()), other -> {
            GuestProcess process = processes.find(other);
            return process == null ? null : process.filesystem;
        });
    }

    /**
     * The first guest process of a run: loads {@code executable} and builds its initial stack and registers, as
     * execve does.
     *
     * @param guestPath the path the guest names the program by (argv[0] is {@code arguments.get(0)})
     */
    public static GuestProcess start(Path executable, String guestPath, List<String> arguments,
                                     List<String> environment) throws ExecFailure, IOException {
        return start(MountTable.hostView(), executable, guestPath, arguments, environment);
    }

    /**
     * The first guest process, seeing files through {@code mounts}; {@code executable} is a host path (a program
     * given on the command line), every path after it (its interpreter, #! interpreters) a guest path.
     */
    public static GuestProcess start(MountTable mounts, Path executable, String guestPath, List<String> arguments,
                                     List<String> environment) throws ExecFailure, IOException {
        int pid = (int) ProcessHandle.current().pid();
        GuestFilesystem filesystem = GuestFilesystem.forRun(mounts, executable);
        int parent = ProcessHandle.current().parent().map(h -> (int) h.pid()).orElse(1);
        GuestProcess process = new GuestProcess(new ProcessTable(pid + 1), pid, parent,
                FileDescriptorTable.withStandardStreams(), filesystem);
        Path host = executable.toRealPath();
        process.execute(ProgramImage.prepare(filesystem, host, filesystem.guestPathOf(host), guestPath, arguments,
                true),
                guestPath, environment);
        return process;
    }

    /**
     * Replaces this process's image (execve) with a prepared program: a new address space, registers, TLS
     * entries, break and signal dispositions; descriptors stay open except close-on-exec ones. Nothing changes
     * if the program cannot be loaded.
     *
     * @param filename the path execve was given (AT_EXECFN)
     */
    public void execute(ProgramImage image, String filename, List<String> environment) throws ExecFailure {
        ElfFile elf = image.elf();
        List<String> arguments = image.arguments();
        String guestPath = filename;
        AddressSpace newSpace = new AddressSpace();
        LoadedProgram program;
        try {
            program = ElfLoader.load(elf, image.interpreter(), MMAP_TOP, newSpace);
        } catch (ElfFormatException e) {
            throw new ExecFailure(Errno.ENOEXEC, filename + ": " + e.getMessage(), true);
        }

        int stackProtection = Protection.ofLinuxProt(program.executableStack() ? 7 : 3, true);
        newSpace.map(STACK_TOP - STACK_SIZE, STACK_SIZE, stackProtection);
        byte[] randomBytes = new byte[16];
        random.nextBytes(randomBytes);
        InitialStack.Identity identity = new InitialStack.Identity(HostIdentity.uid(),
                HostIdentity.uid(), HostIdentity.gid(), HostIdentity.gid(), CpuidTable.standard().features(),
                CLOCK_TICKS);
        int stackPointer = InitialStack.build(newSpace, STACK_TOP, program, guestPath, arguments, environment,
                randomBytes, identity);

        space = newSpace;
        auxv = InitialStack.auxiliaryVector(newSpace, stackPointer);
        threadAreas = new ThreadAreaTable();
        cpu = new Cpu(newSpace.newView(Privilege.USER), IoPortBus.FLOATING);
        cpu.descriptors = threadAreas;
        mappings = new MemoryMappings(MMAP_TOP, MMAP_BOTTOM);
        recordImage(elf, Integer.toUnsignedLong(program.loadBias()), image.exePath(), image.exeHost());
        if (image.interpreter() != null) {
            recordImage(image.interpreter(), Integer.toUnsignedLong(program.interpreterBias()), image.interpreterPath(),
                    image.interpreterHost());
        }
        mappings.add(Integer.toUnsignedLong(STACK_TOP) - STACK_SIZE, Integer.toUnsignedLong(STACK_TOP),
                program.executableStack() ? 7 : 3, "[stack]");
        symbols = program.symbols();
        breakStart = program.breakStart();
        programBreak = program.breakStart();
        signals.resetHandlers();
        clearChildTid = 0;
        filesystem.setExecutable(image.exePath(), image.exeHost());
        files.closeOnExec();

        CpuState s = cpu.state;
        s.cpl = 3;
        s.eip = program.start();
        s.gpr[CpuState.ESP] = stackPointer;
        for (Segment segment : Segment.values()) {
            int selector = segment == Segment.CS ? ThreadAreaTable.USER_CODE_SELECTOR
                    : segment == Segment.FS || segment == Segment.GS ? 0 : ThreadAreaTable.USER_DATA_SELECTOR;
            s.segmentSelector[segment.ordinal()] = selector;
            s.segmentBase[segment.ordinal()] = 0;
        }
    }

    /**
     * fork: a child with a copy of this process's memory, registers (EAX 0), TLS entries, break, regions and
     * signal state, sharing the open files. It runs on its own thread; the parent collects it with wait4.
     */
    public GuestProcess fork() {
        return forkWith(child -> { });
    }

    /** {@link #fork} with {@code prepare} applied to the child before it starts (clone's tid pointers, stack). */
    public GuestProcess forkWith(java.util.function.Consumer<GuestProcess> prepare) {
        GuestProcess child = new GuestProcess(processes, processes.allocatePid(), pid, files.fork(),
                filesystem.copy());
        child.space = AddressSpaces.copy(space, mappings);
        child.cpu = new Cpu(child.space.newView(Privilege.USER), IoPortBus.FLOATING);
        CpuStates.copy(cpu.state, child.cpu.state);
        child.cpu.state.gpr[CpuState.EAX] = 0;
        child.threadAreas = threadAreas.copy();
        child.cpu.descriptors = child.threadAreas;
        child.mappings = mappings.copy();
        child.auxv = auxv;
        child.symbols = symbols;
        child.breakStart = breakStart;
        child.programBreak = programBreak;
        child.signals = signals.copy();
        prepare.accept(child);
        processes.started(pid, child);
        Thread thread = new Thread(() -> {
            int status = child.run(strace, messages);
            processes.ended(pid, child.pid, child.waitStatus(status));
            GuestProcess parent = processes.find(pid);
            if (parent != null) {
                boolean killed = child.killedBy != 0;
                parent.signals().post(new Signals.Info(Signals.SIGCHLD,
                        killed ? Signals.CLD_KILLED : Signals.CLD_EXITED, child.pid, HostIdentity.uid(),
                        killed ? child.killedBy : status & 0xFF, 0, 0, 0));
            }
        }, "guest-" + child.pid);
        thread.setDaemon(true);
        thread.start();
        return child;
    }

    /** wait4's status word for a run that ended with shell status {@code status}. */
    private int waitStatus(int status) {
        return killedBy != 0 ? killedBy : (status & 0xFF) << 8;
    }

    private int killedBy;
    private PrintStream strace;
    private PrintStream messages;

    void killedBy(int signal) { killedBy = signal; }

    public ProcessTable processes() { return processes; }

    public int parentPid() { return parentPid; }

    /** The image's segments in /proc/self/maps: file-backed up to p_filesz's page, then anonymous (the .bss). */
    private void recordImage(ElfFile elf, long bias, String path, Path host) {
        ukcf.user.fs.FileStatus file = ukcf.user.fs.HostFiles.status(host, true);
        for (var p : elf.loadSegments()) {
            long start = (p.virtualAddress() + bias) & ~0xFFFL;
            long fileEnd = (p.virtualAddress() + p.fileSize() + bias + 0xFFF) & ~0xFFFL;
            long end = (p.endAddress() + bias + 0xFFF) & ~0xFFFL;
            mappings.add(new MemoryMappings.Region(start, fileEnd, p.linuxProt(), path, p.offset() & ~0xFFFL,
                    file.device(), file.inode()));
            if (end > fileEnd) mappings.add(fileEnd, end, p.linuxProt(), "");
        }
    }

    /**
     * Runs the guest until it exits; returns its exit status, or 128 + the signal that killed it after a one-line
     * report on {@code messages}.
     */
    public int run(PrintStream strace, PrintStream messages) {
        this.strace = strace;
        this.messages = messages;
        signals.setReceiver(Thread.currentThread());
        processes.register(this);
        SyscallTable syscalls = SyscallTable.standard();
        try {
            while (true) {
                Thread.interrupted(); // a post's wake-up is consumed here, where pending signals are looked at
                deliverPendingSignals(null);
                try {
                    interpreter.run(cpu, INSTRUCTIONS_BETWEEN_SIGNAL_CHECKS);
                    if (interpreter.executedInstructions() >= processes.instructionLimit()) {
                        processes.markInstructionLimitReached();
                        throw new GuestExit(0);
                    }
                    if (cpu.state.halted) return FaultReport.kill(this, FaultReport.SIGSEGV, "halted", messages);
                } catch (SoftwareInterrupt trap) {
                    if (trap.vector() == LINUX_SYSCALL_VECTOR) {
                        int number = cpu.state.gpr[CpuState.EAX];
                        syscalls.dispatch(this, strace);
                        if (cpu.state.gpr[CpuState.EAX] == -Errno.EINTR.number) {
                            deliverPendingSignals(new InterruptedCall(number, trap,
                                    syscalls.isRestartable(number)));
                        }
                    } else {
                        cpu.state.eip = trap.instructionAddress();
                        GuestFault fault = new GuestFault(trap.vector() == ukcf.cpu.fault.ExceptionVector.BP.number
                                ? ukcf.cpu.fault.ExceptionVector.BP : ukcf.cpu.fault.ExceptionVector.GP,
                                trap.instructionAddress(), 0, 0, trap.getMessage());
                        if (!deliverFault(fault, trap.vector() == ukcf.cpu.fault.ExceptionVector.BP.number
                                ? trap.returnAddress() : trap.instructionAddress())) {
                            return FaultReport.killBySoftwareInterrupt(this, trap, messages);
                        }
                    }
                } catch (GuestFault fault) {
                    if (!deliverFault(fault, fault.eip())) return FaultReport.killByFault(this, fault, messages);
                }
            }
        } catch (KilledBySignal killed) {
            return killed.status();
        } catch (GuestExit exit) {
            files.closeAll();
            return exit.status() & 0xFF;
        } finally {
            processes.countExecuted(interpreter.executedInstructions());
        }
    }

    /** How many instructions run between two looks at the pending signals (a signal from another process). */
    private static final long INSTRUCTIONS_BETWEEN_SIGNAL_CHECKS = 100_000;

    /** A system call that answered EINTR: restarted instead when the signal's handler has SA_RESTART. */
    private record InterruptedCall(int number, SoftwareInterrupt trap, boolean restartable) { }

    /** The guest ended by a signal's default action; carries the shell's exit status. */
    private static final class KilledBySignal extends RuntimeException {
        private final int status;

        KilledBySignal(int status) {
            super(null, null, false, false);
            this.status = status;
        }

        int status() { return status; }
    }

    /**
     * Delivers the pending unblocked signals, as the kernel does on the way back to user mode: a handler gets a
     * frame, an ignored signal vanishes, any other default action ends the process (stop signals are ignored).
     */
    private void deliverPendingSignals(InterruptedCall interrupted) {
        boolean handled = false;
        Signals.Info info;
        while ((info = signals.takeDeliverable()) != null) {
            Signals.Action action = signals.action(info.signal());
            if (strace != null) strace.println(SignalFrame.describe(info));
            if (action.hasHandler()) {
                if (interrupted != null && !handled) {
                    restartIfAsked(interrupted, action);
                }
                handled = true;
                SignalFrame.enter(this, info, action, signals.maskToRestore());
            } else if (action.handler() == Signals.SIG_IGN || Signals.ignoredByDefault(info.signal())) {
                signals.endSuspension();
            } else {
                boolean guestChild = processes.find(parentPid) != null;
                throw new KilledBySignal(guestChild ? FaultReport.killSilently(this, info.signal())
                        : FaultReport.kill(this, info.signal(), "signal " + info.signal(), messages));
            }
        }
        if (interrupted != null && !handled && interrupted.restartable()) restart(interrupted);
    }

    private void restartIfAsked(InterruptedCall interrupted, Signals.Action action) {
        if (interrupted.restartable() && (action.flags() & Signals.SA_RESTART) != 0) restart(interrupted);
    }

    private void restart(InterruptedCall interrupted) {
        cpu.state.gpr[CpuState.EAX] = interrupted.number();
        cpu.state.eip = interrupted.trap().instructionAddress();
    }

    /**
     * A guest fault becomes its signal (force_sig_fault): the installed, unblocked handler runs with EIP at
     * {@code resumeAt}; otherwise the caller ends the process.
     */
    private boolean deliverFault(GuestFault fault, int resumeAt) {
        Signals.Info info = PageFaults.resolve(this, fault);
        if (info == PageFaults.RETRY) {
            cpu.state.eip = resumeAt;
            return true;
        }
        if (info == null) info = SignalFrame.forFault(this, fault);
        Signals.Action action = signals.action(info.signal());
        if (!action.hasHandler() || (signals.blocked() & Signals.bit(info.signal())) != 0) return false;
        cpu.state.eip = resumeAt;
        if (strace != null) strace.println(SignalFrame.describe(info));
        try {
            SignalFrame.enter(this, info, action, signals.maskToRestore());
        } catch (ukcf.user.syscall.SyscallError unwritableStack) {
            return false;
        }
        return true;
    }

    /**
     * /proc/self/maps as Linux prints it (fs/proc/task_mmu.c show_map_vma): range, permissions with p for private,
     * offset, device, inode, then the name from column 73.
     */
    private byte[] describeMappings() {
        StringBuilder s = new StringBuilder();
        for (MemoryMappings.Region r : mappings.regions()) {
            int start = s.length();
            s.append(String.format("%08x-%08x %c%c%cp %08x %02x:%02x %d", r.start(), r.end(),
                    (r.prot() & 1) != 0 ? 'r' : '-', (r.prot() & 2) != 0 ? 'w' : '-', (r.prot() & 4) != 0 ? 'x' : '-',
                    r.offset(), ukcf.user.fs.FileStatus.major(r.device()), ukcf.user.fs.FileStatus.minor(r.device()),
                    r.inode()));
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
    public Signals signals() { return signals; }

    /** rt_sigreturn: restores the state the last signal frame saved; answers the interrupted code's EAX. */
    public int returnFromSignal() { return SignalFrame.leave(this); }

    /** sigreturn: the same for the non-rt frame of a handler without SA_SIGINFO. */
    public int returnFromLegacySignal() { return SignalFrame.leaveLegacy(this); }
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
