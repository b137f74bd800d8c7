package ukcf.shells;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ukcf.shells.trace.TraceEvent;
import ukcf.shells.trace.Tracer;

/** A shell's call is traced as entry and exit (or failure), and the driver's result or failure reaches the host. */
class EntryPointTest {
    private final List<TraceEvent> events = new ArrayList<>();
    private final Tracer tracer = new Tracer() {
        @Override public void record(TraceEvent event) { events.add(event); }
        @Override public long now() { return events.size(); }
    };

    /** A driver function that answers EAX = sum of its arguments, EDX = 7, in 12 instructions; -1 oopses. */
    private final DriverCaller driver = new DriverCaller() {
        @Override public Result call(int function, int... arguments) {
            int sum = 0;
            for (int a : arguments) sum += a;
            if (sum == -1) throw new IllegalStateException("oops at 0x" + Integer.toHexString(function));
            return new Result(sum, 7, 12);
        }

        @Override public int pid() { return 42; }

        @Override public String kindOf(RuntimeException failure) { return "oops"; }
    };

    @Test
    void callsAreTracedWithTheirResult() {
        EntryPoint setkey = new EntryPoint("mod", "cipher_alg.cia_setkey", 0xf0000380, driver, tracer);
        assertEquals(6, setkey.call(1, 2, 3));
        assertEquals(6L | 7L << 32, setkey.callLong(1, 2, 3));
        assertEquals(new TraceEvent.ShellEntry(0, 42, "mod", "cipher_alg.cia_setkey", "0xf0000380", List.of(1, 2, 3)), events.get(0));
        TraceEvent.ShellExit exit = assertInstanceOf(TraceEvent.ShellExit.class, events.get(1));
        assertEquals(6, exit.result());
        assertEquals(12, exit.instructions());

        events.clear();
        new EntryPoint("mod", "cipher_alg.cia_encrypt", 0x10, driver, tracer).returningVoid().call(5);
        assertEquals(0, assertInstanceOf(TraceEvent.ShellExit.class, events.get(1)).result(), "a void function's exit carries 0");
    }

    @Test
    void aFailureIsTracedAndPassedOn() {
        EntryPoint init = new EntryPoint("mod", "module.init", 0x20, driver, tracer);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> init.call(-1));
        TraceEvent.CallFailed failed = assertInstanceOf(TraceEvent.CallFailed.class, events.get(1));
        assertEquals("oops", failed.kind());
        assertSame(failure.getMessage(), failed.summary());
        assertThrows(IllegalStateException.class, () -> new EntryPoint("mod", "shash_alg.export", 0, driver, tracer).call(),
                "an entry point the driver did not supply is never called");
    }
}
