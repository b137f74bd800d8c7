package ukcf.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import ukcf.cpu.verify.CpuDiff;

/** {@code ukcf cpu-diff}: random instruction sequences run natively and in cpu-sim, compared field by field. */
@Command(name = "cpu-diff", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = CpuDiff.EXIT_USAGE,
        description = {"Run random i386 instruction sequences natively and in cpu-sim and compare registers, EIP,",
                "defined EFLAGS, touched memory and x87/SSE state. Exit 0 when all pass, 1 on any mismatch,",
                "2 when this host cannot run i386 code, 64 on bad options. Progress goes to standard error."})
final class CpuDiffCommand implements Callable<Integer> {
    @Option(names = "--count", description = "Number of sequences (default: ${DEFAULT-VALUE}).")
    long count = 1000;

    @Option(names = "--seed", description = "Seed of the random sequences (default: fresh, printed).")
    Long seed;

    @Option(names = "--engine", description = "Engine under test: interp (the reference interpreter) or dbt (the translator) (default: ${DEFAULT-VALUE}).")
    String engine = "interp";

    @Option(names = "--oracle", description = "What the engine is held against: native (the host CPU) or interp "
            + "(the reference interpreter; for checking the translator on a host that cannot run i386 code) "
            + "(default: ${DEFAULT-VALUE}).")
    String oracle = "native";

    @Option(names = "--verbose", description = "With each mismatch, print the initial registers, flags and x87/SSE control words.")
    boolean verbose;

    @Option(names = "--max-mismatches", description = "Mismatches printed in full (default: ${DEFAULT-VALUE}).")
    int maxMismatches = 20;

    @Option(names = "--batch-size", description = "Sequences per native harness batch (default: ${DEFAULT-VALUE}).")
    int batchSize = 4096;

    @Override
    public Integer call() {
        CpuDiff.Options options = new CpuDiff.Options();
        options.count = count;
        options.seed = seed;
        options.engine = engine;
        options.oracle = oracle;
        options.verbose = verbose;
        options.maxMismatchesPrinted = maxMismatches;
        options.batchSize = batchSize;
        return CpuDiff.run(options, System.out, System.err);
    }
}
