package ukcf.cpu.verify;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import ukcf.cpu.decode.OpcodeTable;
import ukcf.cpu.disasm.Listing;
import ukcf.cpu.state.FxsaveImage;
import ukcf.cpu.verify.generate.SequenceGenerator;
import ukcf.cpu.verify.nativeharness.NativeOracle;

/**
 * The engine behind {@code ./ukcf cpu-diff}: runs random instruction sequences natively and in cpu-sim and
 * compares the outcomes. Prints each mismatch (case id, bytes, disassembly, expected vs got per field) and ends
 * with exactly {@code N passed, M failed}. Exit status: 0 all passed, 1 any mismatch, 2 the host cannot run
 * i386 code, 64 bad options.
 */
public final class CpuDiff {
    public static final int EXIT_PASSED = 0, EXIT_MISMATCH = 1, EXIT_NO_NATIVE_I386 = 2, EXIT_USAGE = 64;

    /** Command-line options (picocli binds them in the CLI module). */
    public static final class Options {
        public long count = 1000;
        /** Null: a fresh random seed, printed so the run can be repeated. */
        public Long seed;
        public String engine = "interp";
        /** What the engine is held against: "native" (the host CPU) or "interp" (the reference interpreter). */
        public String oracle = "native";
        public boolean verbose;
        public int maxMismatchesPrinted = 20;
        public int batchSize = 4096;
        /** Progress lines (to the progress stream) at most this often; 0 disables. */
        public long progressIntervalMillis = 5000;
    }

    private CpuDiff() { }

    /** {@code ./ukcf cpu-diff}: report on {@code out}, progress on {@code progress} (standard error). */
    public static int run(Options options, PrintStream out, PrintStream progress) {
        if (!Engine.BY_NAME.containsKey(options.engine)) {
            out.println("cpu-diff: unknown engine '" + options.engine + "' (available: "
                    + String.join(", ", new TreeSet<>(Engine.BY_NAME.keySet())) + ")");
            return EXIT_USAGE;
        }
        if (options.count < 0 || options.batchSize <= 0) {
            out.println("cpu-diff: --count must be >= 0 and --batch-size > 0");
            return EXIT_USAGE;
        }
        if (!options.oracle.equals("native") && !options.oracle.equals("interp")) {
            out.println("cpu-diff: unknown oracle '" + options.oracle + "' (available: interp, native)");
            return EXIT_USAGE;
        }
        long seed = options.seed != null ? options.seed : new SecureRandom().nextLong();
        out.println("cpu-diff: seed " + seed + ", " + options.count + " sequences, engine " + options.engine
                + ", oracle " + options.oracle);
        try (Oracle oracle = options.oracle.equals("native") ? NativeOracle.start()
                : new EngineOracle(Engine.BY_NAME.get("interp").get())) {
            Session session = new Session(options, out);
            SequenceGenerator generator = new SequenceGenerator(OpcodeTable.forms(), session.engine()::implementsForm);
            long started = System.currentTimeMillis(), lastProgress = started;
            List<TestCase> batch = new ArrayList<>(options.batchSize);
            for (long first = 0; first < options.count; first += options.batchSize) {
                batch.clear();
                long end = Math.min(options.count, first + options.batchSize);
                for (long i = first; i < end; i++) batch.add(generator.generate(seed, i));
                session.runBatch(oracle, batch);
                long now = System.currentTimeMillis();
                if (options.progressIntervalMillis > 0 && now - lastProgress >= options.progressIntervalMillis) {
                    lastProgress = now;
                    progress.printf("cpu-diff: %d/%d sequences, %d failed, %.0f/s%n", end, options.count,
                            session.failed, end * 1000.0 / Math.max(1, now - started));
                }
            }
            return session.finish();
        } catch (NativeOracle.HostCannotRunI386 e) {
            out.println("this host cannot run i386 code natively: " + e.getMessage());
            return EXIT_NO_NATIVE_I386;
        }
    }

    /** Runs cases on both sides and keeps the score. Reused across batches. */
    public static final class Session {
        private final Options options;
        private final PrintStream out;
        private final Engine engine;
        private final MachineState simulated = new MachineState();
        private final Comparator.Execution execution = new Comparator.Execution();
        private final Comparator comparator = new Comparator();
        long passed, failed, inexact, approximated;
        /** Told the id of each failing case (tests collect them). */
        public java.util.function.Consumer<String> onMismatch = id -> { };

        /** @throws IllegalArgumentException if {@code options.engine} names no engine */
        public Session(Options options, PrintStream out) {
            this.options = options;
            this.out = out;
            var engine = Engine.BY_NAME.get(options.engine);
            if (engine == null) throw new IllegalArgumentException("unknown engine " + options.engine);
            this.engine = engine.get();
        }

        /** The engine under test (its implemented forms decide what random sequences contain). */
        public Engine engine() { return engine; }

        public void runBatch(Oracle oracle, List<TestCase> cases) {
            oracle.run(cases, (index, expected) -> {
                TestCase c = cases.get(index);
                engine.run(c, simulated, execution);
                Comparator.Verdict verdict = comparator.compare(expected, simulated, execution);
                if (verdict.passed()) {
                    passed++;
                    if (verdict.inexact) inexact++;
                    if (verdict.approximated) approximated++;
                } else {
                    failed++;
                    onMismatch.accept(c.id());
                    if (failed <= options.maxMismatchesPrinted) report(c, verdict);
                }
            });
        }

        private void report(TestCase c, Comparator.Verdict verdict) {
            out.println("MISMATCH " + c.id());
            out.println("  bytes: " + HexFormat.ofDelimiter(" ").formatHex(c.code()));
            for (String line : Listing.of(c.code(), c.endAddress() - c.code().length).split("\n")) {
                out.println("    " + line);
            }
            for (Comparator.Difference d : verdict.differences) {
                out.printf("  %-18s expected %s, got %s%n", d.field(), d.expected(), d.got());
            }
            if (options.verbose) {
                out.println("  initial: " + describeInitial(c));
            }
        }

        private static String describeInitial(TestCase c) {
            StringBuilder s = new StringBuilder();
            String[] names = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
            for (int i = 0; i < 8; i++) s.append(String.format("%s=%08x ", names[i], c.gpr()[i]));
            s.append("flags=").append(FlagNames.describe(c.eflags()));
            byte[] fx = c.fxsave();
            s.append(String.format(" fcw=%04x fsw=%04x ftw=%02x mxcsr=%08x", FxsaveImage.get16(fx, FxsaveImage.FCW),
                    FxsaveImage.get16(fx, FxsaveImage.FSW), fx[FxsaveImage.FTW] & 0xFF, FxsaveImage.get32(fx, FxsaveImage.MXCSR)));
            return s.toString();
        }

        public long passed() { return passed; }

        public long failed() { return failed; }

        public long inexact() { return inexact; }

        /** Prints the summary; the last line is exactly {@code N passed, M failed}. */
        public int finish() {
            if (failed > options.maxMismatchesPrinted) {
                out.println("(" + (failed - options.maxMismatchesPrinted) + " more mismatches not printed)");
            }
            out.println(approximated + " SSE reciprocal approximations within the SDM bound but not bit-exact");
            out.println(inexact + " transcendental results within 1 ulp but not bit-exact");
            out.println(passed + " passed, " + failed + " failed");
            return failed == 0 ? EXIT_PASSED : EXIT_MISMATCH;
        }
    }
}
