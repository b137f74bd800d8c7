package ukcf.user.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Who the guest runs as: the user and groups of the process that runs ukcf, as a native run would have. Java
 * has no portable getuid, so they come from the owner of /proc/self and its status file; elsewhere root.
 */
public final class HostIdentity {
    private static final int ROOT = 0;
    private static final int UID = (int) procSelfAttribute("unix:uid");
    private static final int GID = (int) procSelfAttribute("unix:gid");

    private HostIdentity() { }

    public static int uid() { return UID; }

    public static int gid() { return GID; }

    /** The supplementary groups (the "Groups:" line of /proc/self/status), else just the gid. */
    public static int[] groups() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (!line.startsWith("Groups:")) continue;
                String list = line.substring("Groups:".length()).trim();
                return list.isEmpty() ? new int[0] : Arrays.stream(list.split("\\s+")).mapToInt(Integer::parseInt).toArray();
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through
        }
        return new int[] {GID};
    }

    private static long procSelfAttribute(String attribute) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), attribute)).longValue();
        } catch (IOException | RuntimeException notLinux) {
            return ROOT;
        }
    }
}
