package ukcf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One benchmark line of {@code workloads.tsv}: a name, the guest program (one of our C benchmarks or Debian's
 * busybox) and its arguments, where {@code {data}} stands for the generated input file.
 */
public record Workload(String name, String program, List<String> arguments) {
    public static final String BUSYBOX = "busybox", OWN_PROGRAM_PREFIX = "bin:", DATA_PLACEHOLDER = "{data}";

    public static List<Workload> read(Path file) throws IOException {
        List<Workload> workloads = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] fields = line.split("\t");
            if (fields.length < 2) throw new IOException(file + ": a workload needs a name and a program: " + line);
            workloads.add(new Workload(fields[0], fields[1], List.copyOf(Arrays.asList(fields).subList(2, fields.length))));
        }
        return workloads;
    }

    /** Our own benchmark's source name, or null for busybox. */
    public String ownProgram() {
        return program.startsWith(OWN_PROGRAM_PREFIX) ? program.substring(OWN_PROGRAM_PREFIX.length()) : null;
    }

    /** The command line after the program: busybox gets its applet name first, as argv[1]. */
    public List<String> argumentsWith(Path data) {
        List<String> out = new ArrayList<>();
        for (String a : arguments) out.add(a.replace(DATA_PLACEHOLDER, data.toString()));
        return out;
    }
}
