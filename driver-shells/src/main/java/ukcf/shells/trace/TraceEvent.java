package ukcf.shells.trace;

import java.util.List;

/**
 * What the kernel side of a run records (design.md, Observability): a shell entry into a driver and its exit, a
 * driver's call out to a host kernel function, and a driver call that failed. Times are nanoseconds since the
 * tracer started; {@code pid} is the guest process on whose behalf the driver ran.
 */
public sealed interface TraceEvent {
    long nanos();

    int pid();

    String driver();

    /** The host called into the driver through a shell: which entry point, which function, with which arguments. */
    record ShellEntry(long nanos, int pid, String driver, String entryPoint, String function, List<Integer> arguments)
            implements TraceEvent { }

    /** The driver returned to the shell. */
    record ShellExit(long nanos, int pid, String driver, String entryPoint, long result, long instructions,
                     long durationNanos) implements TraceEvent { }

    /** The driver called a host kernel function (an exit from translated code to Java). */
    record HostCall(long nanos, int pid, String driver, String function, List<Integer> arguments, long result,
                    long durationNanos) implements TraceEvent { }

    /** The driver call ended in an oops, an unimplemented import or a lockup. */
    record CallFailed(long nanos, int pid, String driver, String entryPoint, String kind, String summary,
                      long instructions) implements TraceEvent { }
}
