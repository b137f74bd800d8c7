package ukcf.cpu.verify;

import java.util.List;

/** An {@link Oracle} that is itself an engine: {@code ./ukcf cpu-diff --oracle interp}. */
public final class EngineOracle implements Oracle {
    private final Engine reference;
    private final MachineState state = new MachineState();
    private final Comparator.Execution notes = new Comparator.Execution();

    public EngineOracle(Engine reference) { this.reference = reference; }

    @Override
    public void run(List<TestCase> cases, ResultSink sink) {
        for (int i = 0; i < cases.size(); i++) {
            reference.run(cases.get(i), state, notes);
            sink.accept(i, state);
        }
    }
}
