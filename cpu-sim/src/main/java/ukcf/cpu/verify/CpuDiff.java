package ukcf.cpu.verify;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OpcodeTable;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.InstructionDecoder;
import ukcf.cpu.semantics.Semantics;
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
        public boolean verbose;
        public int maxMismatchesPrinted = 20;
        public int batchSize = 4096;
        /** Leave MMX forms out of random sequences (to look past a known gap). */
        public boolean skipMmx;
        /** Progress lines (to the progress stream) at most this often; 0 disables. */
        public long progressIntervalMillis = 5000;
    }

    /** The CPU under test: how to decode, how to move x87 state, how to disassemble for reports. */
    public record Components(InstructionDecoder decoder, FpuImage fpu, Disassembler disassembler) { }

    /** Renders a sequence for mismatch reports. */
    @FunctionalInterface
    public interface Disassembler {
        String disassemble(byte[] code, int address);
    }

    private CpuDiff() { }

    /** {@code ./ukcf cpu-diff}: cpu-sim as built, report on {@code out}, progress on standard error. */
    public static int run(Options options, PrintStream out) {
        return run(options, out, System.err, StandardComponents.interpreter());
    }

    public static int run(Options options, PrintStream out, PrintStream progress, Components components) {
        if (!options.engine.equals("interp")) {
            out.println("cpu-diff: unknown engine '" + options.engine + "' (available: interp)");
            return EXIT_USAGE;
        }
        if (options.count < 0 || options.batchSize <= 0) {
            out.println("cpu-diff: --count must be >= 0 and --batch-size > 0");
            return EXIT_USAGE;
        }
        long seed = options.seed != null ? options.seed : new SecureRandom().nextLong();
        out.println("cpu-diff: seed " + seed + ", " + options.count + " sequences, engine " + options.engine);
        try (NativeOracle oracle = NativeOracle.start()) {
            Predicate<OpcodeForm> implemented = implementedBy(components);
            if (options.skipMmx) implemented = implemented.and(form -> !usesMmxRegisters(form));
            SequenceGenerator generator = new SequenceGenerator(OpcodeTable.forms(), implemented);
            Session session = new Session(options, out, components);
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

    /** Forms with a handler; x87 and MMX forms only when the CPU under test can image its x87 state. */
    public static Predicate<OpcodeForm> implementedBy(Components components) {
        HandlerTable handlers = Semantics.all();
        boolean x87 = components.fpu() != FpuImage.UNCHANGED;
        return form -> handlers.contains(form.operation()) && (x87 || !usesX87State(form));
    }

    public static boolean usesX87State(OpcodeForm form) {
        return form.operation().startsWith("F") || form.operation().equals("EMMS") || usesMmxRegisters(form);
    }

    static boolean usesMmxRegisters(OpcodeForm form) {
        for (String spec : form.operandSpecs()) {
            char c = spec.charAt(0);
            if ((c == 'P' || c == 'Q' || c == 'N') && spec.length() == 2) return true;
        }
        return false;
    }

    /** Runs cases on both sides and keeps the score. Reused across batches. */
    public static final class Session {
        private final Options options;
        private final PrintStream out;
        private final Components components;
        private final InterpreterEngine engine;
        private final MachineState simulated = new MachineState();
        private final Comparator.Execution execution = new Comparator.Execution();
        private final Comparator comparator = new Comparator();
        long passed, failed, inexact;
        /** Told the id of each failing case (tests collect them). */
        public java.util.function.Consumer<String> onMismatch = id -> { };

        public Session(Options options, PrintStream out, Components components) {
            this.options = options;
            this.out = out;
            this.components = components;
            this.engine = new InterpreterEngine(components.decoder(), components.fpu());
        }

        public void runBatch(NativeOracle oracle, List<TestCase> cases) {
            oracle.run(cases, (index, expected) -> {
                TestCase c = cases.get(index);
                engine.run(c, simulated, execution);
                Comparator.Verdict verdict = comparator.compare(expected, simulated, execution);
                if (verdict.passed()) {
                    passed++;
                    if (verdict.inexact) inexact++;
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
            for (String line : components.disassembler().disassemble(c.code(), c.endAddress() - c.code().length).split("\n")) {
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
            s.append(String.format(" fcw=%04x fsw=%04x ftw=%02x mxcsr=%08x", FxsaveFields.read16(c.fxsave(), FxsaveFields.FCW),
                    FxsaveFields.read16(c.fxsave(), FxsaveFields.FSW), c.fxsave()[FxsaveFields.FTW_ABRIDGED] & 0xFF,
                    FxsaveFields.read32(c.fxsave(), FxsaveFields.MXCSR)));
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
            out.println(inexact + " transcendental results within 1 ulp but not bit-exact");
            out.println(passed + " passed, " + failed + " failed");
            return failed == 0 ? EXIT_PASSED : EXIT_MISMATCH;
        }
    }
}
