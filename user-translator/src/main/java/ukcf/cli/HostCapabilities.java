package ukcf.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this host offers the comparisons: native i386 execution, and programs on the PATH. */
final class HostCapabilities {
    private HostCapabilities() { }

    /** Whether {@code program}, an i386 executable, can be started natively here (exec succeeds). */
    static boolean runsI386(Path program, Path workDirectory) {
        try {
            Process p = new ProcessBuilder(program.toString()).directory(workDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.destroyForcibly();
            return true;
        } catch (IOException execFailed) {
            return false; // ENOEXEC: the kernel does not run i386 programs
        }
    }

    /** The executable {@code name} found on the PATH, or null. */
    static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return candidate;
        }
        return null;
    }
}
