package ukcf.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts {@code ukcf run} in a fresh JVM with this JVM's Java and class path, as the
 * differential suites run a guest program (the same way a user's {@code ./ukcf run} would, without the build check).
 */
public final class UkcfLauncher {
    private UkcfLauncher() { }

    /** {@code java ... ukcf.cli.Main run -- PROGRAM ARGUMENTS...}. */
    public static List<String> run(Path program, List<String> arguments) {
        List<String> runArguments = new ArrayList<>(List.of("--", program.toString()));
        runArguments.addAll(arguments);
        return run(runArguments);
    }

    /** {@code java ... ukcf.cli.Main run RUN_ARGUMENTS...} (options such as --root, then -- and the program). */
    public static List<String> run(List<String> runArguments) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-XX:TieredStopAtLevel=1"); // short runs: C1 only and the serial collector start fastest
        argv.add("-XX:+UseSerialGC");
        argv.add("--enable-native-access=ALL-UNNAMED"); // JNA; without it JDK 24+ warns on the guest's stderr
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(Main.class.getName());
        argv.add("run");
        String engine = System.getProperty("ukcf.engine"); // the engine this test pass runs guests with
        if (engine != null) argv.addAll(List.of("--engine", engine));
        argv.addAll(runArguments);
        return argv;
    }
}
