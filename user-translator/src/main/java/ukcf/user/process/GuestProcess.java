package ukcf.user.process;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.exec.Engines;
import ukcf.cpu.exec.ExecutionEngine;
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
 * One guest task - a thread, as Linux schedules them - and the process it belongs to. What Linux keeps per thread
 * lives here: the CPU, the thread id, the signal mask and thread-directed signals ({@link Signals}), the TLS
 * entries, clear_child_tid and the robust-list head. What the threads of a process share is referenced: the
 * {@link TaskGroup} (tgid, memory image, threads, exit status), the descriptor table (CLONE_FILES), the filesystem
 * view (CLONE_FS) and the dispositions (CLONE_SIGHAND, inside {@link Signals}). Each task runs on its own Java
 * thread; {@link MemoryImage} explains how the threads of one address space share the guest CPU's memory model.
 *
 * <p>{@link #start} performs what execve does for the first process; {@link #run} executes a task to its end and
 * answers the exit status a shell would see for its process.
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

    /** How a clone relates to its creator: what it shares (the CLONE_* flags of the task model), and CLONE_VFORK. */
    public record Sharing(boolean thread, boolean memory, boolean files, boolean filesystem, boolean handlers,
                          boolean vfork) {
        public static final Sharing FORK = new Sharing(false, false, false, false, false, false);
    }

    private final ProcessTable processes;
    private final TaskGroup group;
    private volatile int tid;
    /** The execution engine, {@link Engines#DEFAULT} unless the system property {@code ukcf.engine} names another. */
    private final ExecutionEngine engine = Engines.named(System.getProperty("ukcf.engine", Engines.DEFAULT));
    private final FileDescriptorTable files;
    private final GuestFilesystem filesystem;
    private final SecureRandom random;
    private final CountDownLatch vforkDone = new CountDownLatch(1);
    private Cpu cpu;
    private ThreadAreaTable threadAreas = new ThreadAreaTable();
    private Signals signals;
    private int clearChildTid;
    private int robustList;
    private PrintStream strace;
    private PrintStream messages;

    private GuestProcess(ProcessTable processes, TaskGroup group, int tid, FileDescriptorTable files,
                         GuestFilesystem filesystem, Signals signals, SecureRandom random) {
        this.processes = processes;
        this.group = group;
        this.tid = tid;
        this.files = files;
        this.filesystem = filesystem;
        this.signals = signals;
        this.random = random;
        group.add(this);
        if (tid == group.tgid()) {
            filesystem.attach(tid, files, Map.of("maps", this::describeMappings,
                    "auxv", () -> group.memory().auxv().clone()), other -> {
                        GuestProcess process = processes.find(other);
                        return process == null ? null : process.filesystem;
                    });
            filesystem.setKernelFiles(Map.of("modules", () -> processes.kernel().procModules(),
                    "crypto", () -> processes.kernel().procCrypto(), "devices", () -> processes.kernel().procDevices(),
                    "sys/kernel/tainted", () -> processes.kernel().procTainted()));
            filesystem.setDeviceNodes(name -> processes.kernel().deviceNode(name));
            filesystem.setModuleParameters(new GuestFilesystem.ModuleParameters() {
                @Override public List<String> names(String module) { return processes.kernel().moduleParameters(module); }
                @Override public byte[] value(String module, String parameter) {
                    return processes.kernel().moduleParameter(module, parameter);
                }
            });
        }
    }

    private static MemoryImage emptyImage() {
        return new MemoryImage(new AddressSpace(), new MemoryMappings(MMAP_TOP, MMAP_BOTTOM));
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
        Signals signals = new Signals();
        TaskGroup group = new TaskGroup(pid, parent, signals.group(), emptyImage());
        GuestProcess process = new GuestProcess(new ProcessTable(pid + 1), group, pid,
                FileDescriptorTable.withStandardStreams(), filesystem, signals, new SecureRandom());
        Path host = executable.toRealPath();
        process.execute(ProgramImage.prepare(filesystem, host, filesystem.guestPathOf(host), guestPath, arguments,
                true),
                guestPath, environment);
        return process;
    }

    /**
     * Replaces this process's image (execve) with a prepared program: a new address space, registers, TLS
     * entries, break and signal dispositions; descriptors stay open except close-on-exec ones; the other threads
     * end first. Nothing changes if the program cannot be loaded.
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

        becomeOnlyThread();
        MemoryImage memory = new MemoryImage(newSpace, new MemoryMappings(MMAP_TOP, MMAP_BOTTOM));
        memory.setAuxv(InitialStack.auxiliaryVector(newSpace, stackPointer));
        if (cpu != null) ((PagedMemory) cpu.memory).space().detach((PagedMemory) cpu.memory);
        threadAreas = new ThreadAreaTable();
        cpu = new Cpu(newSpace.newView(Privilege.USER), IoPortBus.FLOATING);
        cpu.descriptors = threadAreas;
        recordImage(memory.mappings(), elf, Integer.toUnsignedLong(program.loadBias()), image.exePath(),
                image.exeHost());
        if (image.interpreter() != null) {
            recordImage(memory.mappings(), image.interpreter(), Integer.toUnsignedLong(program.interpreterBias()),
                    image.interpreterPath(), image.interpreterHost());
        }
        memory.mappings().add(Integer.toUnsignedLong(STACK_TOP) - STACK_SIZE, Integer.toUnsignedLong(STACK_TOP),
                program.executableStack() ? 7 : 3, "[stack]");
        memory.setSymbols(program.symbols());
        memory.setBreak(program.breakStart());
        group.setMemory(memory);
        signals.resetHandlers();
        clearChildTid = 0;
        robustList = 0;
        filesystem.setExecutable(image.exePath(), image.exeHost());
        files.closeOnExec();
        vforkDone.countDown();

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

    /** execve's de_thread: the other threads of the group end, and this one takes the group's id. */
    private void becomeOnlyThread() {
        if (group.tasks().size() <= 1) return;
        group.endOtherThreads(this);
        if (tid != group.tgid()) {
            processes.forgetThread(tid);
            tid = group.tgid();
            processes.registerThread(this);
        }
    }

    /**
     * fork: a child with a copy of this process's memory, registers (EAX 0), TLS entries, break, regions and
     * signal state, sharing the open files. It runs on its own thread; the parent collects it with wait4.
     */
    public GuestProcess fork() {
        return cloneTask(Sharing.FORK, Signals.SIGCHLD, child -> { });
    }

    /**
     * clone: a new task sharing with this one what {@code sharing} says (a thread of this group with
     * {@link Sharing#thread}, else a new process), its registers a copy of these with EAX 0. {@code prepare} runs
     * on the child before it starts (clone's stack, TLS and tid pointers). A new process sends {@code exitSignal}
     * (0: none) to this one when it ends. A vfork child is waited for (until it calls execve or ends) before this
     * returns.
     */
    public GuestProcess cloneTask(Sharing sharing, int exitSignal, java.util.function.Consumer<GuestProcess> prepare) {
        int tid = processes.allocatePid();
        MemoryImage image = group.memory();
        TaskGroup childGroup;
        Signals childSignals = signals.cloneFor(sharing.thread(), sharing.handlers(), sharing.memory());
        GuestProcess child;
        if (sharing.thread()) {
            childGroup = group;
        } else {
            MemoryImage childImage = sharing.memory() ? image : copyLocked(image);
            childGroup = new TaskGroup(tid, group.tgid(), childSignals.group(), childImage);
        }
        child = new GuestProcess(processes, childGroup, tid, sharing.files() ? files : files.fork(),
                sharing.filesystem() ? filesystem : filesystem.copy(), childSignals,
                sharing.thread() ? random : new SecureRandom());
        child.cpu = new Cpu(childGroup.memory().space().newView(Privilege.USER), IoPortBus.FLOATING);
        CpuStates.copy(cpu.state, child.cpu.state);
        child.cpu.state.gpr[CpuState.EAX] = 0;
        child.threadAreas = threadAreas.copy();
        child.cpu.descriptors = child.threadAreas;
        child.strace = strace;
        child.messages = messages;
        Thread thread = new Thread(sharing.thread() ? child::runTask
                : () -> child.runChildProcess(group.tgid(), exitSignal), "guest-" + tid);
        thread.setDaemon(true);
        try {
            prepare.accept(child);
            child.reloadSegmentBases();
            processes.registerThread(child);
            if (!sharing.thread()) processes.started(group.tgid(), child);
            thread.start();
        } catch (RuntimeException | OutOfMemoryError failed) {
            // The child never ran: it leaves no trace (a host out of threads is clone's EAGAIN).
            processes.forgetThread(tid);
            if (!sharing.thread()) processes.abandon(group.tgid(), tid);
            childGroup.memory().space().detach((PagedMemory) child.cpu.memory);
            child.signals.leave();
            childGroup.abandon(child);
            if (failed instanceof OutOfMemoryError) throw new SyscallError(Errno.EAGAIN);
            throw (RuntimeException) failed;
        }
        if (sharing.vfork()) child.awaitVforkDone();
        return child;
    }

    private MemoryImage copyLocked(MemoryImage image) {
        image.executionLock().lock();
        try {
            return image.copy();
        } finally {
            image.executionLock().unlock();
        }
    }

    /** The FS and GS bases after a clone: their selectors name this task's (maybe new) TLS entries. */
    private void reloadSegmentBases() {
        for (Segment segment : new Segment[] {Segment.FS, Segment.GS}) {
            int selector = cpu.state.segmentSelector[segment.ordinal()];
            if (selector == 0) continue;
            try {
                cpu.state.segmentBase[segment.ordinal()] = threadAreas.base(selector);
            } catch (GuestFault unusable) {
                cpu.state.segmentBase[segment.ordinal()] = 0;
            }
        }
    }

    /** The parent of a vfork child sleeps until the child has called execve or ended (wait_for_vfork_done). */
    private void awaitVforkDone() {
        while (true) {
            try {
                vforkDone.await();
                return;
            } catch (InterruptedException e) {
                // only the child's execve or end resumes the parent
            }
        }
    }

    /** A child process's Java thread: runs it, then records its end for wait4 and signals its parent. */
    private void runChildProcess(int parentPid, int exitSignal) {
        run(strace, messages);
        processes.ended(parentPid, group.tgid(), group.waitStatus());
        GuestProcess parent = processes.find(parentPid);
        if (parent != null && exitSignal > 0 && exitSignal <= Signals.NSIG) {
            boolean killed = group.killedBy() != 0;
            parent.group().signals().post(new Signals.Info(exitSignal,
                    killed ? Signals.CLD_KILLED : Signals.CLD_EXITED, group.tgid(), HostIdentity.uid(),
                    killed ? group.killedBy() : group.exitStatus() & 0xFF, 0, 0, 0));
        }
    }

    public ProcessTable processes() { return processes; }

    public int parentPid() { return group.parentPid(); }

    public TaskGroup group() { return group; }

    /** The image's segments in /proc/self/maps: file-backed up to p_filesz's page, then anonymous (the .bss). */
    private static void recordImage(MemoryMappings mappings, ElfFile elf, long bias, String path, Path host) {
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
     * Runs this task until its process ends; returns the process's exit status, or 128 + the signal that killed
     * it after a one-line report on {@code messages}.
     */
    public int run(PrintStream strace, PrintStream messages) {
        this.strace = strace;
        this.messages = messages;
        if (tid == group.tgid()) processes.register(this);
        processes.registerThread(this);
        runTask();
        return group.awaitEnd(files::closeAll);
    }

    /**
     * Runs this task's guest code until the task ends: exit ends this thread; exit_group, a fatal signal or
     * another thread's execve end it with the others.
     */
    private void runTask() {
        signals.setReceiver(Thread.currentThread());
        processes.kernel().enterProcess(group.tgid());
        int status = 0;
        ReentrantLock held = null;
        try {
            held = acquireExecution(null);
            execute(held);
        } catch (GuestExit exit) {
            status = exit.status();
        } finally {
            processes.countExecuted(engine.executedInstructions());
            processes.countEngine(engine.statistics());
            if (held != null && held.isHeldByCurrentThread()) held.unlock();
            endTask(status);
        }
    }

    /** Takes the execution lock of the current memory image, releasing {@code held} if that is another one. */
    private ReentrantLock acquireExecution(ReentrantLock held) {
        ReentrantLock lock = group.memory().executionLock();
        if (held == lock && lock.isHeldByCurrentThread()) return lock;
        if (held != null && held.isHeldByCurrentThread()) held.unlock();
        lock.lock();
        return lock;
    }

    /** The run loop: ends by throwing {@link GuestExit} (exit, exit_group, a fatal signal, the group's end). */
    private void execute(ReentrantLock held) {
        SyscallTable syscalls = SyscallTable.standard();
        while (true) {
            Thread.interrupted(); // a post's wake-up is consumed here, where pending signals are looked at
            deliverPendingSignals(null);
            try {
                engine.run(cpu, MemoryImage.SLICE);
                if (engine.executedInstructions() >= processes.instructionLimit()) {
                    processes.markInstructionLimitReached(); // run --max-instructions: the whole run stops
                    throw exitGroup(0);
                }
                if (cpu.state.halted) {
                    throw killedBy(FaultReport.SIGSEGV, () -> FaultReport.kill(this, FaultReport.SIGSEGV, "halted",
                            messages));
                }
                if (held.hasQueuedThreads()) {
                    held.unlock(); // a fair lock: the longest waiting thread runs next
                    held = acquireExecution(null);
                }
            } catch (SoftwareInterrupt trap) {
                if (trap.vector() == LINUX_SYSCALL_VECTOR) {
                    int number = cpu.state.gpr[CpuState.EAX];
                    if (!syscalls.holdsExecutionLock(number)) held.unlock();
                    try {
                        syscalls.dispatch(this, strace);
                    } finally {
                        held = acquireExecution(held);
                    }
                    if (cpu.state.gpr[CpuState.EAX] == -Errno.EINTR.number) {
                        deliverPendingSignals(new InterruptedCall(number, trap, syscalls.isRestartable(number)));
                    }
                } else {
                    boolean breakpoint = trap.vector() == ExceptionVector.BP.number;
                    cpu.state.eip = trap.instructionAddress();
                    GuestFault fault = new GuestFault(breakpoint ? ExceptionVector.BP : ExceptionVector.GP,
                            trap.instructionAddress(), 0, 0, trap.getMessage());
                    if (!deliverFault(fault, breakpoint ? trap.returnAddress() : trap.instructionAddress())) {
                        throw killedBy(breakpoint ? FaultReport.SIGTRAP : FaultReport.SIGSEGV,
                                () -> FaultReport.killBySoftwareInterrupt(this, trap, messages));
                    }
                }
            } catch (GuestFault fault) {
                if (!deliverFault(fault, fault.eip())) {
                    throw killedBy(FaultReport.signalFor(fault.vector()),
                            () -> FaultReport.killByFault(this, fault, messages));
                }
            }
        }
    }

    /**
     * A fatal signal in this thread ends the whole group with it; only the thread that decides the group's end
     * reports it ({@code report} prints the one-line message).
     */
    private GuestExit killedBy(int signal, Runnable report) {
        if (group.end(0, signal)) report.run();
        return new GuestExit(128 + signal);
    }

    /** The thread's end (do_exit): robust futexes, clear_child_tid, then the group learns of it. */
    private void endTask(int status) {
        MemoryImage image = group.memory();
        boolean imageReplaced = cpu != null && ((PagedMemory) cpu.memory).space() != image.space();
        ReentrantLock lock = image.executionLock();
        lock.lock();
        try {
            // A thread that outlived its process's execve (stuck in a host call) must not write into the new image.
            if (imageReplaced) return;
            RobustList.release(this, robustList, image.futexes());
            if (clearChildTid != 0) {
                try {
                    write32(clearChildTid, 0);
                    group.memory().futexes().wake(clearChildTid, 1, FutexTable.MATCH_ANY);
                } catch (SyscallError unwritable) {
                    // the thread's memory is gone: nobody to tell
                }
            }
        } finally {
            lock.unlock();
        }
        if (cpu != null) ((PagedMemory) cpu.memory).space().detach((PagedMemory) cpu.memory);
        signals.leave();
        processes.forgetThread(tid);
        vforkDone.countDown();
        if (group.taskEnded(this, status)) files.closeAll();
    }

    /** exit_group: the whole group ends with {@code status}; answers the exception that ends this thread. */
    public GuestExit exitGroup(int status) {
        group.end(status, 0);
        return new GuestExit(status);
    }

    /** A system call that answered EINTR: restarted instead when the signal's handler has SA_RESTART. */
    private record InterruptedCall(int number, SoftwareInterrupt trap, boolean restartable) { }

    /**
     * Delivers the pending unblocked signals, as the kernel does on the way back to user mode: a handler gets a
     * frame, an ignored signal vanishes, any other default action ends the process (stop signals are ignored).
     * A group that is ending ends this thread first.
     */
    private void deliverPendingSignals(InterruptedCall interrupted) {
        if (signals.groupEnding()) throw new GuestExit(group.exitStatus());
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
                // A child guest's parent (a shell) reports the signal from the wait status, as natively.
                boolean guestChild = processes.find(parentPid()) != null;
                int signal = info.signal();
                throw killedBy(signal, () -> {
                    if (!guestChild) FaultReport.kill(this, signal, "signal " + signal, messages);
                });
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
        for (MemoryMappings.Region r : mappings().regions()) {
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

    /** Where one-line reports of this run go (faults, refused module loads): the run's error stream. */
    public PrintStream messages() { return messages != null ? messages : System.err; }

    public Cpu cpu() { return cpu; }
    public AddressSpace space() { return group.memory().space(); }
    public MemoryImage memory() { return group.memory(); }
    public ThreadAreaTable threadAreas() { return threadAreas; }
    public FileDescriptorTable files() { return files; }
    public GuestFilesystem filesystem() { return filesystem; }
    public MemoryMappings mappings() { return group.memory().mappings(); }
    public ElfSymbols symbols() { return group.memory().symbols(); }
    /** getpid: the thread group's id. */
    public int pid() { return group.tgid(); }
    /** gettid: this thread's id. */
    public int tid() { return tid; }
    public SecureRandom random() { return random; }
    public Signals signals() { return signals; }

    /** rt_sigreturn: restores the state the last signal frame saved; answers the interrupted code's EAX. */
    public int returnFromSignal() { return SignalFrame.leave(this); }

    /** sigreturn: the same for the non-rt frame of a handler without SA_SIGINFO. */
    public int returnFromLegacySignal() { return SignalFrame.leaveLegacy(this); }
    public void setClearChildTid(int address) { clearChildTid = address; }
    public int clearChildTid() { return clearChildTid; }

    /** set_robust_list's head (0: none). */
    public void setRobustList(int head) { robustList = head; }
    public int robustList() { return robustList; }

    public int breakStart() { return group.memory().breakStart(); }
    public int programBreak() { return group.memory().programBreak(); }
    public void setProgramBreak(int address) { group.memory().setProgramBreak(address); }

    // ---- guest memory for system calls: a bad pointer is EFAULT ----

    public byte[] readBytes(int address, int length) {
        if (length < 0) throw new SyscallError(Errno.EINVAL);
        byte[] bytes = new byte[length];
        try {
            space().readHost(address, bytes, 0, length);
        } catch (GuestFault fault) {
            throw new SyscallError(Errno.EFAULT);
        }
        return bytes;
    }

    public void writeBytes(int address, byte[] bytes, int offset, int length) {
        try {
            space().writeHost(address, bytes, offset, length);
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
                space().readHost(address + i, chunk, 0, 1);
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
