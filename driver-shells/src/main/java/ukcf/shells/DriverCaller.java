package ukcf.shells;

/**
 * How a shell runs one driver function: the kernel translator calls {@code function} with 32-bit arguments by the
 * kernel's convention and reports what the driver returned. A call that fails (oops, unimplemented import, lockup)
 * throws the caller's own unchecked failure, which the shell records and lets through.
 */
public interface DriverCaller {
    /** EAX and EDX as the driver left them, and the guest instructions the call ran. */
    record Result(int eax, int edx, long instructions) { }

    Result call(int function, int... arguments);

    /** The guest process on whose behalf drivers run now (for trace events), 0 for none. */
    default int pid() { return 0; }

    /** The trace's name for a failure this caller threw ("oops", "unimplemented", "lockup"). */
    default String kindOf(RuntimeException failure) { return failure.getClass().getSimpleName(); }
}
