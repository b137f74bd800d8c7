package ukcf.user.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import ukcf.user.syscall.SyscallError;

/**
 * The resolver against the tree and cases of {@code resolver.tsv}: a --root with a bind mount, symbolic links
 * absolute, relative, chained, looping and dangling, "..", and the guest's /proc/self links.
 */
class PathResolverTest {
    @TempDir
    Path temporary;

    @TestFactory
    Stream<DynamicTest> resolvesAsNameiInsideTheGuestView() throws IOException {
        List<String[]> cases = new ArrayList<>();
        String pid = Long.toString(ProcessHandle.current().pid());
        for (String line : resource("resolver.tsv").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.replace("@TMP@", temporary.toString()).replace("@PID@", pid).split("\t");
            Path host = temporary.resolve(f[1]);
            switch (f[0]) {
                case "dir" -> Files.createDirectories(host);
                case "file" -> {
                    Files.createDirectories(host.getParent());
                    Files.writeString(host, f[1]);
                }
                case "link" -> {
                    Files.createDirectories(host.getParent());
                    Files.createSymbolicLink(host, Path.of(f[2]));
                }
                case "case" -> cases.add(f);
                default -> throw new IllegalArgumentException("resolver.tsv: unknown line kind " + f[0]);
            }
        }
        MountTable mounts = MountTable.confined(temporary.resolve("root"),
                List.<String[]>of(new String[] {temporary.resolve("bound").toString(), "/mnt"}));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c[1] + " " + c[2] + " " + c[3], () -> {
            GuestFilesystem view = new GuestFilesystem(mounts, c[1], "/bin/program",
                    temporary.resolve("root/bin/program"));
            assertEquals(c[4], outcome(view, c[2], c[3].equals("follow")));
        }));
    }

    private static String outcome(GuestFilesystem view, String path, boolean follow) {
        try {
            ResolvedPath r = view.resolve(path, follow);
            return r.guestPath() + (r.exists() ? "" : " missing") + (r.symbolicLink() ? " link" : "")
                    + (r.special() != null && r.special().isDirectory() ? " (listed by ukcf)" : "");
        } catch (SyscallError e) {
            return e.errno().name();
        }
    }

    @Test
    void theHostViewIsTheHostsTreeAndHostPathsMapToThemselves() throws IOException {
        Path file = Files.writeString(temporary.resolve("plain"), "x").toRealPath();
        GuestFilesystem view = new GuestFilesystem(MountTable.hostView(), "/", "/bin/true", Path.of("/bin/true"));
        ResolvedPath r = view.resolve(file.toString(), true);
        assertEquals(file, r.hostPath());
        assertEquals(file.toString(), r.guestPath());
        assertEquals(file.toString(), MountTable.hostView().guestPath(file));
    }

    @Test
    void aHostPathOutsideTheRootHasNoGuestPath() throws IOException {
        Files.createDirectories(temporary.resolve("root/etc"));
        MountTable mounts = MountTable.confined(temporary.resolve("root"), List.of());
        assertNull(mounts.guestPath(temporary.resolve("elsewhere")));
        assertEquals("/etc", mounts.guestPath(temporary.resolve("root/etc").toRealPath()));
        assertEquals("/", mounts.guestPath(temporary.resolve("root").toRealPath()));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PathResolverTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("missing test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
