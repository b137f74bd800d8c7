package ukcf.cpu.exec;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import ukcf.cpu.interp.InstructionDecoder;
import ukcf.cpu.interp.Interpreter;
import ukcf.cpu.translate.TranslatingEngine;

/** The execution engines by name ({@code --engine interp|dbt}). */
public final class Engines {
    private Engines() { }

    /** The engine used when none is named. */
    public static final String DEFAULT = "dbt";

    /** How to make each engine: over the IA-32 decoder, or over a decoder a test hands in. */
    private record Factory(Supplier<ExecutionEngine> standard, Function<InstructionDecoder, ExecutionEngine> custom) { }

    private static final Map<String, Factory> BY_NAME = Map.of(
            "interp", new Factory(Interpreter::new, Interpreter::new),
            "dbt", new Factory(TranslatingEngine::new, TranslatingEngine::new));

    /** Engine names, in the order the CLI lists them. */
    public static final List<String> NAMES = List.of("interp", "dbt");

    /** A fresh engine over the IA-32 decoder. */
    public static ExecutionEngine named(String name) {
        return factory(name).standard().get();
    }

    /** A fresh engine fetching instructions through {@code decoder} (tests hand in pre-decoded programs). */
    public static ExecutionEngine named(String name, InstructionDecoder decoder) {
        return factory(name).custom().apply(decoder);
    }

    private static Factory factory(String name) {
        Factory factory = BY_NAME.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown engine '" + name + "' (available: " + String.join(", ", NAMES) + ")");
        }
        return factory;
    }

    public static boolean exists(String name) { return BY_NAME.containsKey(name); }
}
