package ukcf.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A way to run an i386 program: natively (this host runs i386 code; the physical limit), under qemu-i386 (the
 * peer), or under ukcf with one engine, in a fresh JVM as a user would start it.
 */
public sealed interface Runner {
    String name();

    /** The command line that runs {@code program} with {@code arguments}; {@code stats} receives ukcf's counters. */
    List<String> command(Path program, List<String> arguments, Path stats);

    record Native() implements Runner {
        public String name() { return "native"; }

        public List<String> command(Path program, List<String> arguments, Path stats) {
            List<String> c = new ArrayList<>(List.of(program.toString()));
            c.addAll(arguments);
            return c;
        }
    }

    record Qemu(Path executable) implements Runner {
        public String name() { return "qemu-i386"; }

        public List<String> command(Path program, List<String> arguments, Path stats) {
            List<String> c = new ArrayList<>(List.of(executable.toString(), program.toString()));
            c.addAll(arguments);
            return c;
        }
    }

    /**
     * ukcf in a new JVM, started with the same Java and class path as this one. With an instruction limit (> 0)
     * the run stops after that many guest instructions: it measures a rate, not the program's time.
     */
    record Ukcf(String engine, String java, String classPath, long instructionLimit) implements Runner {
        public String name() { return "ukcf-" + engine; }

        public boolean measuresRate() { return instructionLimit > 0; }

        public List<String> command(Path program, List<String> arguments, Path stats) {
            return command(program, arguments, List.of("--stats-file", stats.toString()));
        }

        /** {@code ukcf run} of {@code program} with this engine and {@code runOptions} (before the program). */
        public List<String> command(Path program, List<String> arguments, List<String> runOptions) {
            List<String> c = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                    "ukcf.cli.Main", "run", "--engine", engine));
            c.addAll(runOptions);
            if (measuresRate()) c.addAll(List.of("--max-instructions", Long.toString(instructionLimit)));
            c.add("--");
            c.add(program.toString());
            c.addAll(arguments);
            return c;
        }
    }
}
