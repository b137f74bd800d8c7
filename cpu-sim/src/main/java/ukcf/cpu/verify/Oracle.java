package ukcf.cpu.verify;

import java.util.List;

/**
 * What cpu-diff holds an engine against: the host CPU ({@link ukcf.cpu.verify.nativeharness.NativeOracle}) or, on a
 * host that cannot run i386 code, the reference interpreter ({@link EngineOracle}), which checks the translator
 * against the interpreter's semantics (the interpreter itself is then unchecked).
 */
public interface Oracle extends AutoCloseable {
    /** Receives each case's result in order; the state object is reused for the next case. */
    @FunctionalInterface
    interface ResultSink {
        void accept(int index, MachineState state);
    }

    /** Runs {@code cases} in order and hands each result to {@code sink}. */
    void run(List<TestCase> cases, ResultSink sink);

    @Override
    default void close() { }
}
