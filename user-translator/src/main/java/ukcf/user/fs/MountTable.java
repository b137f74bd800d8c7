package ukcf.user.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where each part of the guest's file tree lives on the host: the guest root (the host's "/" by default, as
 * qemu-i386 without {@code -L}; a directory with {@code --root}) and the {@code --bind HOST:GUEST} mounts. A
 * canonical guest path (absolute, no ".", "..", or symbolic links) maps to the host lexically through its longest
 * mounted prefix; the {@link PathResolver} is what makes a guest path canonical.
 */
public final class MountTable {
    /** One mount: the guest directory (as components) and the host directory or file it shows. */
    public record Mount(List<String> guest, Path host) { }

    private final List<Mount> mounts; // longest guest prefix first

    private MountTable(List<Mount> mounts) {
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.guest().size()).reversed());
        this.mounts = List.copyOf(sorted);
    }

    /** The host's own tree. */
    public static MountTable hostView() { return new MountTable(List.of(new Mount(List.of(), Path.of("/")))); }

    /**
     * The guest confined to {@code root}, with the host's /proc and /dev mounted where neither the root itself nor
     * a bind provides them (the guest's /proc/self entries are ukcf's own; magic links are followed as text, so
     * /proc/N/root and /proc/N/cwd stay inside the guest view), then {@code binds} (guest path to host path).
     *
     * @throws IllegalArgumentException naming the bad directory or mount
     */
    public static MountTable confined(Path root, List<String[]> binds) {
        List<Mount> mounts = new ArrayList<>();
        Path realRoot = realDirectory(root, "--root");
        mounts.add(new Mount(List.of(), realRoot));
        List<List<String>> bound = new ArrayList<>();
        for (String[] bind : binds) {
            List<String> guest = guestComponents(bind[1]);
            mounts.add(new Mount(guest, real(Path.of(bind[0]), "--bind " + bind[0] + ":" + bind[1])));
            bound.add(guest);
        }
        for (String system : List.of("proc", "dev")) {
            if (!bound.contains(List.of(system)) && !Files.isDirectory(realRoot.resolve(system))) {
                mounts.add(new Mount(List.of(system), Path.of("/" + system)));
            }
        }
        return new MountTable(mounts);
    }

    /** The host path of a canonical guest path given as components. */
    public Path hostPath(List<String> guest) {
        for (Mount m : mounts) {
            if (guest.size() >= m.guest().size() && guest.subList(0, m.guest().size()).equals(m.guest())) {
                Path host = m.host();
                for (String name : guest.subList(m.guest().size(), guest.size())) host = host.resolve(name);
                return host;
            }
        }
        throw new IllegalStateException("no root mount");
    }

    /** The guest path under which the real host path {@code host} is visible, or null when it is outside the view. */
    public String guestPath(Path host) {
        Path normal = host.toAbsolutePath().normalize();
        String best = null;
        for (Mount m : mounts) {
            if (!normal.startsWith(m.host())) continue;
            StringBuilder s = new StringBuilder();
            for (String name : m.guest()) s.append('/').append(name);
            for (Path name : m.host().relativize(normal)) if (!name.toString().isEmpty()) s.append('/').append(name);
            String candidate = s.length() == 0 ? "/" : s.toString();
            if (best == null || candidate.length() < best.length()) best = candidate;
        }
        return best;
    }

    /** An absolute guest mount point as components; "." and ".." are not allowed in it. */
    static List<String> guestComponents(String guest) {
        if (!guest.startsWith("/")) throw new IllegalArgumentException("--bind: guest path " + guest + " is not absolute");
        List<String> names = new ArrayList<>();
        for (String name : guest.split("/")) {
            if (name.isEmpty()) continue;
            if (name.equals(".") || name.equals("..")) {
                throw new IllegalArgumentException("--bind: guest path " + guest + " contains " + name);
            }
            names.add(name);
        }
        if (names.isEmpty()) throw new IllegalArgumentException("--bind: cannot mount over the guest root (use --root)");
        return names;
    }

    private static Path realDirectory(Path path, String what) {
        Path real = real(path, what);
        if (!Files.isDirectory(real)) throw new IllegalArgumentException(what + " " + path + ": not a directory");
        return real;
    }

    private static Path real(Path path, String what) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": " + path + ": no such file or directory");
        }
    }
}
