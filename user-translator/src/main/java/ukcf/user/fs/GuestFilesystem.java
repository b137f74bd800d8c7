package ukcf.user.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * One process's view of files: the {@link MountTable} (the host's tree, or a --root with binds), its working
 * directory (a canonical guest path of its own: the JVM's cannot change), its program, and the /proc entries that
 * describe the guest rather than the JVM: /proc/self links to /proc/PID, whose exe, cwd, root and fd/N are links
 * holding guest paths (for every guest process PID), whose maps and auxv are generated, and /proc/cpuinfo tells
 * what our CPUID advertises, /proc/modules and /proc/crypto what the host kernel has loaded and registered, and
 * /dev/NAME is a device node a driver registered with it. Everything else under a guest's /proc/PID is the JVM's
 * own /proc entry. Every path goes through the {@link PathResolver}.
 */
public final class GuestFilesystem {
    private static final long HOST_PID = ProcessHandle.current().pid();

    private final MountTable mounts;
    private String workingDirectory;
    private String executablePath;
    private Path executableHost;
    private int pid = (int) HOST_PID;
    private FileDescriptorTable descriptors = new FileDescriptorTable();
    private Map<String, Supplier<byte[]>> generated = Map.of();
    private IntFunction<GuestFilesystem> processes = other -> null;
    private Map<String, Supplier<byte[]>> kernelFiles = Map.of();
    private Function<String, ukcf.kernel.chardev.DeviceNode> deviceNodes = name -> null;
    private ModuleParameters moduleParameters = ModuleParameters.NONE;

    /** /sys/module/NAME/parameters of the host kernel's loaded modules. */
    public interface ModuleParameters {
        /** The readable parameters of module {@code name}, or null when it is not loaded (the host's entry shows). */
        List<String> names(String module);

        /** A parameter's text, or null. */
        byte[] value(String module, String parameter);

        ModuleParameters NONE = new ModuleParameters() {
            @Override public List<String> names(String module) { return null; }
            @Override public byte[] value(String module, String parameter) { return null; }
        };
    }
    private final PathResolver resolver;
    /** The file mode creation mask (umask), applied by the calls that create files and directories. */
    private int umask = HostLibc.takeUmask();

    /**
     * @param workingDirectory canonical guest path
     * @param executablePath   the program's guest path (its host path when it is outside the view)
     * @param executableHost   the program's real host path
     */
    public GuestFilesystem(MountTable mounts, String workingDirectory, String executablePath, Path executableHost) {
        this.mounts = mounts;
        this.workingDirectory = workingDirectory;
        this.executablePath = executablePath;
        this.executableHost = executableHost;
        this.resolver = new PathResolver(this::hostPath, this::special);
    }

    /**
     * The first process's view: the working directory is the JVM's when the view shows it (as a chroot'ed process
     * that kept its directory would print it relative to the root), else the guest root.
     */
    public static GuestFilesystem forRun(MountTable mounts, Path program) throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        try {
            cwd = cwd.toRealPath();
        } catch (IOException keepLexical) {
            // a deleted working directory: keep its name
        }
        String guestCwd = mounts.guestPath(cwd);
        Path host = program.toRealPath();
        String guestProgram = mounts.guestPath(host);
        return new GuestFilesystem(mounts, guestCwd == null ? "/" : guestCwd,
                guestProgram == null ? host.toString() : guestProgram, host);
    }

    /**
     * Binds the /proc/PID entries to the process that owns this view.
     *
     * @param files          the files under /proc/PID it generates (maps, auxv) by name
     * @param guestProcesses the view of another guest process by its pid, or null (for its /proc/PID entries)
     */
    public void attach(int processId, FileDescriptorTable openFiles, Map<String, Supplier<byte[]>> files,
                       IntFunction<GuestFilesystem> guestProcesses) {
        this.pid = processId;
        this.descriptors = openFiles;
        this.generated = Map.copyOf(files);
        this.processes = guestProcesses;
    }

    /** The /proc files the host kernel generates (modules, crypto, devices, sys/kernel/tainted), by path under /proc. */
    public void setKernelFiles(Map<String, Supplier<byte[]>> files) { kernelFiles = Map.copyOf(files); }

    public void setModuleParameters(ModuleParameters parameters) { moduleParameters = parameters; }

    /** The device nodes the host kernel's drivers made, by name under /dev (null for none of that name). */
    public void setDeviceNodes(Function<String, ukcf.kernel.chardev.DeviceNode> nodes) { deviceNodes = nodes; }

    public String workingDirectory() { return workingDirectory; }

    public void setWorkingDirectory(String canonicalGuestPath) { workingDirectory = canonicalGuestPath; }

    /** The program's guest path (/proc/self/exe). */
    public String executablePath() { return executablePath; }

    public Path executableHost() { return executableHost; }

    /** execve: /proc/self/exe names the new program. */
    public void setExecutable(String guestPath, Path host) {
        executablePath = guestPath;
        executableHost = host;
    }

    /** fork's copy: same view, working directory, program and umask; {@link #attach} binds it to the child. */
    public GuestFilesystem copy() {
        GuestFilesystem copy = new GuestFilesystem(mounts, workingDirectory, executablePath, executableHost);
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

    /** Resolves {@code path} relative to the working directory. */
    public ResolvedPath resolve(String path, boolean followLast) { return resolve(workingDirectory, path, followLast); }

    /** Resolves {@code path} relative to the canonical guest directory {@code start}. */
    public ResolvedPath resolve(String start, String path, boolean followLast) {
        return resolver.resolve(start, path, followLast);
    }

    /** The guest path under which a host file is seen, or its host path when it is outside the view. */
    public String guestPathOf(Path host) {
        String guest = mounts.guestPath(host);
        return guest == null ? host.toString() : guest;
    }

    // ---- /proc ----

    private final Map<String, Function<GuestFilesystem, SpecialNode>> processEntries = Map.of(
            "exe", GuestFilesystem::executableNode,
            "cwd", f -> SpecialNode.link(f.workingDirectory),
            "root", f -> SpecialNode.link("/"),
            "fd", f -> SpecialNode.directory(() -> f.descriptors.openDescriptors().stream().map(String::valueOf).toList()));

    /** The view of guest process {@code name} (a pid in decimal), or null when no guest process has it. */
    private GuestFilesystem guestProcess(String name) {
        if (name.equals(Integer.toString(pid))) return this;
        if (name.isEmpty() || name.length() > 10 || !name.chars().allMatch(Character::isDigit)) return null;
        long number = Long.parseLong(name);
        return number > Integer.MAX_VALUE ? null : processes.apply((int) number);
    }

    /** Where a canonical guest path lies: a guest process's /proc/PID is the JVM's own /proc entry. */
    private Path hostPath(List<String> path) {
        if (path.size() >= 2 && path.get(0).equals("proc") && guestProcess(path.get(1)) != null) {
            Path host = Path.of("/proc", Long.toString(HOST_PID));
            for (String name : path.subList(2, path.size())) host = host.resolve(name);
            return host;
        }
        return mounts.hostPath(path);
    }

    private SpecialNode special(List<String> path) {
        if (path.size() >= 2 && path.get(0).equals("dev")) {
            ukcf.kernel.chardev.DeviceNode node = deviceNodes.apply(String.join("/", path.subList(1, path.size())));
            return node == null ? null : SpecialNode.device(node);
        }
        if (path.size() >= 3 && path.get(0).equals("sys") && path.get(1).equals("module")) return moduleEntry(path);
        if (path.size() < 2 || !path.get(0).equals("proc")) return null;
        Supplier<byte[]> kernelFile = kernelFiles.get(String.join("/", path.subList(1, path.size())));
        if (kernelFile != null) return SpecialNode.file(kernelFile);
        String self = Integer.toString(pid);
        if (path.size() == 2) {
            return switch (path.get(1)) {
                case "self" -> SpecialNode.link(self);
                case "thread-self" -> SpecialNode.link(self + "/task/" + self);
                case "cpuinfo" -> SpecialNode.file(ProcCpuinfo::contents);
                default -> kernelFiles.containsKey(path.get(1)) ? SpecialNode.file(kernelFiles.get(path.get(1))) : null;
            };
        }
        GuestFilesystem owner = guestProcess(path.get(1));
        if (owner == null) return null;
        if (path.size() == 3) {
            Supplier<byte[]> file = owner.generated.get(path.get(2));
            if (file != null) return SpecialNode.file(file);
            Function<GuestFilesystem, SpecialNode> entry = processEntries.get(path.get(2));
            return entry == null ? null : entry.apply(owner);
        }
        if (path.size() == 4 && path.get(2).equals("fd")) return owner.descriptorNode(path.get(3));
        return null;
    }

    /** /sys/module/NAME, its parameters directory and one file per readable parameter, for a loaded module. */
    private SpecialNode moduleEntry(List<String> path) {
        String module = path.get(2);
        List<String> names = moduleParameters.names(module);
        if (names == null) return null;
        if (path.size() == 3) return SpecialNode.directoryOfFiles(() -> List.of("parameters"));
        if (!path.get(3).equals("parameters")) return null;
        if (path.size() == 4) return SpecialNode.directoryOfFiles(() -> moduleParameters.names(module));
        if (path.size() != 5 || !names.contains(path.get(4))) return null;
        byte[] value = moduleParameters.value(module, path.get(4));
        return value == null ? null : SpecialNode.file(() -> value);
    }

    private SpecialNode executableNode() {
        if (mounts.guestPath(executableHost) != null) return SpecialNode.link(executablePath);
        return SpecialNode.magicLink(executablePath, executableHost);
    }

    /** /proc/self/fd/N: the open file's guest path; ENOENT when N is not an open descriptor. */
    private SpecialNode descriptorNode(String name) {
        OpenFile file;
        try {
            file = descriptors.get(Integer.parseInt(name));
        } catch (NumberFormatException | SyscallError notOpen) {
            throw new SyscallError(Errno.ENOENT);
        }
        if (file instanceof HostFile f) return SpecialNode.link(f.guestPath());
        if (file instanceof HostDirectory d) return SpecialNode.link(d.guestPath());
        int host = file.hostDescriptor();
        if (host >= 0) {
            Path hostLink = Path.of("/proc/self/fd/" + host);
            String text;
            try {
                Path target = Files.readSymbolicLink(hostLink);
                text = target.isAbsolute() ? guestPathOf(target) : target.toString();
            } catch (IOException | UnsupportedOperationException e) {
                text = "/dev/fd/" + host;
            }
            return SpecialNode.magicLink(text, hostLink);
        }
        return SpecialNode.link(file.linkName());
    }
}
