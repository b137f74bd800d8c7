package ukcf.cpu.verify;

import java.util.Map;
import java.util.function.Supplier;
import ukcf.cpu.decode.OpcodeForm;

/**
 * A guest-CPU implementation that cpu-diff holds against the host, selected with {@code --engine}: the
 * reference interpreter or the JVM-bytecode translator. An engine runs a case from its initial state in the
 * harness's memory layout and reports the outcome as the native oracle does, plus what the comparison needs to
 * know about the run (flags left undefined, approximations executed).
 */
public interface Engine {
    /** Engines by {@code --engine} name; each supplier makes a fresh instance (an engine is not thread-safe). */
    Map<String, Supplier<Engine>> BY_NAME = Map.of(
            "interp", InterpreterEngine::new,
            "dbt", () -> new InterpreterEngine("dbt"));

    /** Whether random sequences may contain this form (it has semantics in this engine). */
    boolean implementsForm(OpcodeForm form);

    void run(TestCase c, MachineState out, Comparator.Execution notes);
}
