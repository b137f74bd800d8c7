package ukcf.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project checkout the running ukcf was built from: where its data files, sources and caches live. */
final class ProjectRoot {
    private ProjectRoot() { }

    /**
     * The {@code ukcf.root} system property when set, else the checkout holding the running jar
     * ({@code ROOT/user-translator/target/user-translator.jar}) or class directory, else the working directory.
     */
    static Path find() {
        String property = System.getProperty("ukcf.root");
        if (property != null) return Path.of(property).toAbsolutePath();
        try {
            Path code = Path.of(ProjectRoot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("user-translator"))) return p;
            }
        } catch (URISyntaxException | RuntimeException unknownLocation) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
