package ukcf.user.fs;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The guest's view of files: by default the host's own tree, as qemu-i386 shows it without {@code -L}, with a
 * working directory of the guest's own (the JVM's cannot change). A few /proc paths describe the guest rather
 * than the JVM: /proc/self/exe is the guest program.
 */
public final class GuestFilesystem {
    public static final String PROC_SELF_EXE = "/proc/self/exe";

    private String workingDirectory;
    private String executablePath;
    private final Map<String, Supplier<byte[]>> generatedFiles = new HashMap<>();
    /** The file mode creation mask (umask), applied by the calls that create files and directories. */
    private int umask = HostLibc.takeUmask();

    /** @param executablePath the guest program's absolute path */
    public GuestFilesystem(String workingDirectory, String executablePath) {
        this.workingDirectory = normalize(workingDirectory);
        this.executablePath = executablePath;
    }

    public String workingDirectory() { return workingDirectory; }

    public void setWorkingDirectory(String absoluteGuestPath) { workingDirectory = normalize(absoluteGuestPath); }

    public String executablePath() { return executablePath; }

    /** execve: /proc/self/exe names the new program. */
    public void setExecutablePath(String absoluteHostPath) { executablePath = absoluteHostPath; }

    /** fork's copy: same working directory, program and umask; generated files are the new process's to add. */
    public GuestFilesystem copy() {
        GuestFilesystem copy = new GuestFilesystem(workingDirectory, executablePath);
        copy.umask = umask;
        return copy;
    }

    public int umask() { return umask; }

    /** umask(2): sets the mask (its permission bits); answers the previous one. */
    public int setUmask(int mask) {
        int previous = umask;
        umask = mask & 0777;
        return previous;
    }

    /** Serves {@code absoluteGuestPath} from {@code contents} instead of the host (files under /proc/self). */
    public void addGeneratedFile(String absoluteGuestPath, Supplier<byte[]> contents) {
        generatedFiles.put(absoluteGuestPath, contents);
    }

    /** The contents of a generated file, or null when {@code absoluteGuestPath} is an ordinary path. */
    public byte[] generatedFile(String absoluteGuestPath) {
        Supplier<byte[]> contents = generatedFiles.get(absoluteGuestPath);
        return contents == null ? null : contents.get();
    }

    /** The absolute guest path of {@code path} taken relative to {@code directory} (an absolute guest path). */
    public String absolute(String directory, String path) {
        if (path.startsWith("/")) return normalize(path);
        return normalize(directory + "/" + path);
    }

    /** The absolute guest path of {@code path} taken relative to the working directory. */
    public String absolute(String path) { return absolute(workingDirectory, path); }

    /** Where an absolute guest path lives on the host. */
    public Path hostPath(String absoluteGuestPath) {
        if (absoluteGuestPath.equals(PROC_SELF_EXE)) return Path.of(executablePath);
        return Path.of(absoluteGuestPath);
    }

    /**
     * The target of a symbolic link that the guest must see differently from the host, or null for an ordinary
     * path.
     */
    public String specialLinkTarget(String absoluteGuestPath) {
        return absoluteGuestPath.equals(PROC_SELF_EXE) ? executablePath : null;
    }

    /**
     * Removes "." and empty components lexically. ".." is kept for the host to resolve, since a lexical ".." after a
     * symbolic link would name a different directory than Linux does.
     */
    static String normalize(String path) {
        StringBuilder s = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            s.append('/').append(part);
        }
        return s.length() == 0 ? "/" : s.toString();
    }
}
