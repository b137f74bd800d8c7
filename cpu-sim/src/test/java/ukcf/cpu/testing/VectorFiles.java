package ukcf.cpu.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cases of the {@code .vec} files in a test-resource folder, in file and line order, blank lines and
 * {@code #} comments skipped. Each case is named {@code file:line first-field} so a failure points at its line.
 */
public final class VectorFiles {
    /** One case: its name for reports and its text with surrounding blanks stripped. */
    public record Case(String name, String line) { }

    private VectorFiles() { }

    public static List<Case> cases(Class<?> owner, String folder) throws IOException, URISyntaxException {
        Path directory = Path.of(owner.getResource(folder).toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".vec")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i).strip();
                    if (line.isEmpty() || line.startsWith("#")) continue;
                    cases.add(new Case(file.getFileName() + ":" + (i + 1) + " " + line.split("\\|")[0].trim(), line));
                }
            }
        }
        return cases;
    }
}
