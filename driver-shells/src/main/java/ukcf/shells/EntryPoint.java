package ukcf.shells;

import java.util.ArrayList;
import java.util.List;

import ukcf.shells.trace.TraceEvent;
import ukcf.shells.trace.Tracer;

/**
 * One entry point a driver registered (a function pointer in one of its ops structures), wrapped as a shell: the
 * host calls {@link #call}, the shell records the entry, runs the driver function through the {@link DriverCaller}
 * and records the exit, or the failure with its kind, before letting it through.
 */
public final class EntryPoint {
    private final String driver;
    private final String name;
    private final int function;
    private final DriverCaller caller;
    private final Tracer tracer;
    private final boolean returnsValue;

    /**
     * @param driver   the module that registered it
     * @param name     what the host calls it for, as "struct.field" ("cipher_alg.cia_encrypt")
     * @param function the driver function's address
     */
    public EntryPoint(String driver, String name, int function, DriverCaller caller, Tracer tracer) {
        this(driver, name, function, caller, tracer, true);
    }

    private EntryPoint(String driver, String name, int function, DriverCaller caller, Tracer tracer, boolean returnsValue) {
        this.returnsValue = returnsValue;
        this.driver = driver;
        this.name = name;
        this.function = function;
        this.caller = caller;
        this.tracer = tracer;
    }

    /** The same entry point for a C function returning void: its exit is traced with result 0, not stale EAX. */
    public EntryPoint returningVoid() { return new EntryPoint(driver, name, function, caller, tracer, false); }

    /** Whether the driver supplied this entry point (a null pointer means the host's default applies). */
    public boolean present() { return function != 0; }

    public int function() { return function; }

    public String name() { return name; }

    /** Calls the driver function with {@code arguments}; returns EAX. */
    public int call(int... arguments) {
        return (int) callLong(arguments);
    }

    /** Calls the driver function; returns EDX:EAX. */
    public long callLong(int... arguments) {
        if (function == 0) throw new IllegalStateException(driver + " registered no " + name);
        boolean tracing = tracer.enabled();
        long start = tracing ? tracer.now() : 0;
        int pid = caller.pid();
        if (tracing) {
            tracer.record(new TraceEvent.ShellEntry(start, pid, driver, name, String.format("0x%08x", function),
                    asList(arguments)));
        }
        DriverCaller.Result result;
        try {
            result = caller.call(function, arguments);
        } catch (RuntimeException failure) {
            if (tracing) {
                tracer.record(new TraceEvent.CallFailed(tracer.now(), pid, driver, name, caller.kindOf(failure),
                        String.valueOf(failure.getMessage()), 0));
            }
            throw failure;
        }
        long value = Integer.toUnsignedLong(result.eax()) | (long) result.edx() << 32;
        if (tracing) {
            long end = tracer.now();
            tracer.record(new TraceEvent.ShellExit(end, pid, driver, name, returnsValue ? result.eax() : 0, result.instructions(), end - start));
        }
        return value;
    }

    private static List<Integer> asList(int[] values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int v : values) list.add(v);
        return list;
    }

    @Override
    public String toString() { return driver + ":" + name + "@" + Integer.toHexString(function); }
}
