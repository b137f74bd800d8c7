package ukcf.user.syscall;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.state.CpuState;
import ukcf.user.process.GuestExit;
import ukcf.user.process.GuestProcess;
import ukcf.user.process.HostIdentity;
import ukcf.user.process.Signals;

/**
 * The Linux i386 system calls by number, built from the {@link Syscall} declarations of the handler classes and
 * the number table {@code syscalls-i386.tsv}. Dispatch reads EAX and the arguments from EBX, ECX, EDX, ESI, EDI,
 * EBP, runs the handler, stores the result in EAX and, with strace on, prints the call. A bad guest pointer met
 * by a handler (a #PF on the host-side access) becomes EFAULT.
 */
public final class SyscallTable {
    private static final String NUMBERS = "/ukcf/user/syscall/syscalls-i386.tsv";
    private static final int[] ARGUMENT_REGISTERS = {CpuState.EBX, CpuState.ECX, CpuState.EDX, CpuState.ESI,
            CpuState.EDI, CpuState.EBP};
    private static final List<Class<?>> HANDLER_CLASSES = List.of(ProcessSyscalls.class, LifecycleSyscalls.class, MemorySyscalls.class,
            FileSyscalls.class, TimeSyscalls.class, SignalSyscalls.class, SocketSyscalls.class, KernelSyscalls.class,
            SchedulerSyscalls.class, FutexSyscalls.class);

    /** One declared system call. */
    public record Entry(int number, String name, Arg[] args, Syscall.Result result, MethodHandle handler) { }

    private static final SyscallTable STANDARD = build();

    private final Map<Integer, String> names;
    private final Entry[] entries;
    private final Set<String> warned = new HashSet<>();

    private SyscallTable(Map<Integer, String> names, Entry[] entries) {
        this.names = names;
        this.entries = entries;
    }

    public static SyscallTable standard() { return STANDARD; }

    public Entry entry(int number) {
        return number >= 0 && number < entries.length ? entries[number] : null;
    }

    /** The kernel's name for a syscall number, or "syscall_N". */
    public String name(int number) { return names.getOrDefault(number, "syscall_" + number); }

    /** Performs the system call the guest asked for with {@code int $0x80}. */
    /**
     * The calls Linux restarts after a handler with SA_RESTART (they answer -ERESTARTSYS when interrupted);
     * sigsuspend, pause, nanosleep, poll and select answer EINTR whenever a handler runs.
     */
    private static final Set<String> RESTARTABLE = Set.of("read", "readv", "pread64", "write", "writev",
            "pwrite64", "wait4", "waitpid", "waitid", "open", "openat", "ioctl", "fcntl64", "futex");

    private static final Set<String> WRITES = Set.of("write", "writev", "pwrite64", "pwritev", "sendfile64",
            "splice");

    /**
     * The calls that change the address space run holding its execution lock (see MemoryImage), so no guest
     * thread executes while pages come and go; every other call releases it, so blocking never holds it.
     */
    private static final Set<String> HOLD_EXECUTION_LOCK = Set.of("brk", "mmap", "mmap2", "munmap", "mprotect",
            "mremap", "madvise", "shmat", "shmdt");

    /** Whether system call {@code number} runs holding the execution lock of the caller's address space. */
    public boolean holdsExecutionLock(int number) {
        Entry entry = entry(number);
        return entry != null && HOLD_EXECUTION_LOCK.contains(entry.name());
    }

    /** Whether system call {@code number} is restarted after an SA_RESTART handler. */
    public boolean isRestartable(int number) { return RESTARTABLE.contains(name(number)); }

    public void dispatch(GuestProcess process, PrintStream strace) {
        CpuState s = process.cpu().state;
        int number = s.gpr[CpuState.EAX];
        Entry entry = entry(number);
        if (entry == null) {
            String name = name(number);
            synchronized (warned) {
                if (warned.add(name)) System.err.println("ukcf: unimplemented system call " + name + " (" + number + ")");
            }
            s.gpr[CpuState.EAX] = -Errno.ENOSYS.number;
            if (strace != null) strace.println(name + "(...) = -1 ENOSYS (" + Errno.ENOSYS.message + ")");
            return;
        }
        int[] arguments = new int[entry.args().length];
        for (int i = 0; i < arguments.length; i++) arguments[i] = s.gpr[ARGUMENT_REGISTERS[i]];
        int result;
        try {
            result = invoke(entry, process, arguments);
        } catch (SyscallError e) {
            result = -e.errno().number;
        } catch (GuestFault badPointer) {
            result = -Errno.EFAULT.number;
        } catch (GuestExit exit) {
            if (strace != null) strace.println(describeCall(entry, process, arguments, 0) + " = ?");
            throw exit;
        }
        s.gpr[CpuState.EAX] = result;
        if (strace != null) strace.println(describeCall(entry, process, arguments, result) + " = " + describeResult(entry, result));
        if (result == -Errno.EPIPE.number && WRITES.contains(entry.name())) {
            // A write to a pipe nobody reads also raises SIGPIPE (pipe_write in fs/pipe.c).
            process.signals().post(Signals.Info.sent(Signals.SIGPIPE, Signals.SI_USER, process.pid(), HostIdentity.uid()));
        }
    }

    private static int invoke(Entry entry, GuestProcess process, int[] arguments) {
        try {
            return (int) entry.handler().invoke(process, arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static String describeCall(Entry entry, GuestProcess process, int[] arguments, int result) {
        StringJoiner j = new StringJoiner(", ", entry.name() + "(", ")");
        for (int i = 0; i < arguments.length; i++) {
            j.add(entry.args()[i].format(new Arg.Context(process, arguments, i, result)));
        }
        return j.toString();
    }

    static String describeResult(Entry entry, int result) {
        if (result < 0 && result > -4096) {
            Errno errno = Errno.of(-result);
            return "-1 " + (errno == null ? "E" + -result : errno.name() + " (" + errno.message + ")");
        }
        return entry.result() == Syscall.Result.HEX ? "0x" + Integer.toHexString(result) : Integer.toString(result);
    }

    private static SyscallTable build() {
        Map<Integer, String> names = readNumbers();
        Map<String, Integer> numbers = new HashMap<>();
        names.forEach((number, name) -> numbers.put(name, number));
        int highest = names.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        Entry[] entries = new Entry[highest + 1];
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Class<?> handlers : HANDLER_CLASSES) {
            for (Method method : handlers.getDeclaredMethods()) {
                Syscall declaration = method.getAnnotation(Syscall.class);
                if (declaration == null) continue;
                String where = handlers.getSimpleName() + "." + method.getName();
                Integer number = numbers.get(declaration.name());
                if (number == null) throw new IllegalStateException(where + ": no i386 system call " + declaration.name());
                checkSignature(method, declaration, where);
                if (entries[number] != null) throw new IllegalStateException(where + ": " + declaration.name() + " declared twice");
                try {
                    method.setAccessible(true);
                    MethodHandle handle = lookup.unreflect(method).asSpreader(int[].class, declaration.args().length);
                    entries[number] = new Entry(number, declaration.name(), declaration.args(), declaration.result(), handle);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(where, e);
                }
            }
        }
        return new SyscallTable(names, entries);
    }

    private static void checkSignature(Method method, Syscall declaration, String where) {
        Class<?>[] parameters = method.getParameterTypes();
        boolean ok = Modifier.isStatic(method.getModifiers()) && method.getReturnType() == int.class
                && parameters.length == declaration.args().length + 1 && parameters[0] == GuestProcess.class;
        for (int i = 1; ok && i < parameters.length; i++) ok = parameters[i] == int.class;
        if (!ok) {
            throw new IllegalStateException(where + ": a @Syscall handler is static int (GuestProcess, int x "
                    + declaration.args().length + ")");
        }
    }

    private static Map<Integer, String> readNumbers() {
        Map<Integer, String> names = new HashMap<>();
        try (InputStream in = SyscallTable.class.getResourceAsStream(NUMBERS)) {
            if (in == null) throw new IllegalStateException(NUMBERS + " is missing from the build");
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                names.put(Integer.parseInt(f[0]), f[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
