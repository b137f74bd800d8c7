package ukcf.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this host offers the comparisons: native i386 execution, and programs on the PATH. */
public final class HostCapabilities {
    private HostCapabilities() { }

    /**
     * Why {@code program}, an i386 executable, would not run on this CPU here: the kernel refuses it (ENOEXEC) or
     * hands it to a binfmt_misc interpreter such as qemu-i386; null when it runs natively.
     */
    public static String whyNotNativeI386(Path program, Path workDirectory) {
        java.util.Optional<String> interpreter = ukcf.cpu.verify.nativeharness.BinfmtInterpreter.forI386();
        if (interpreter.isPresent()) return "the kernel hands i386 programs to " + interpreter.get() + " (binfmt_misc)";
        try {
            Process p = new ProcessBuilder(program.toString()).directory(workDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.destroyForcibly();
            return null;
        } catch (IOException execFailed) {
            return "the kernel does not run i386 programs"; // ENOEXEC: no ia32 emulation
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
