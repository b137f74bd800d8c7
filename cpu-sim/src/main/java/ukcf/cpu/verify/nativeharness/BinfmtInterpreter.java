package ukcf.cpu.verify.nativeharness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether the kernel hands i386 ELF executables to a binfmt_misc interpreter (qemu-i386 registered for them)
 * instead of running them on the CPU. Such a registration takes precedence over the kernel's own ELF loader, so an
 * i386 program that starts may still not be running natively: the native oracle and the native column of a
 * benchmark must not trust it.
 */
public final class BinfmtInterpreter {
    private static final Path REGISTRY = Path.of("/proc/sys/fs/binfmt_misc");
    /** The first 20 bytes of an i386 ELF executable (ELFCLASS32, little-endian, ET_EXEC, EM_386). */
    private static final byte[] I386_EXECUTABLE = HexFormat.of().parseHex("7f454c4601010100000000000000000002000300");

    private BinfmtInterpreter() { }

    /** The interpreter the running kernel uses for i386 executables, if any. */
    public static Optional<String> forI386() {
        return forI386(REGISTRY);
    }

    /** As {@link #forI386()}, reading the registry (binfmt_misc's mount point) at {@code registry}. */
    static Optional<String> forI386(Path registry) {
        try {
            if (!Files.isRegularFile(registry.resolve("status"))
                    || !Files.readString(registry.resolve("status")).trim().equals("enabled")) {
                return Optional.empty();
            }
            try (Stream<Path> entries = Files.list(registry)) {
                for (Path entry : entries.sorted().toList()) {
                    String name = entry.getFileName().toString();
                    if (name.equals("status") || name.equals("register")) continue;
                    Optional<String> interpreter = interpreterIfMatching(Files.readAllLines(entry));
                    if (interpreter.isPresent()) return interpreter;
                }
            }
        } catch (IOException | SecurityException unreadable) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The interpreter of one registry entry (its lines as the kernel prints them) if it claims i386 ELF files. */
    static Optional<String> interpreterIfMatching(List<String> lines) {
        String interpreter = null;
        byte[] magic = null, mask = null;
        int offset = 0;
        boolean enabled = false;
        for (String line : lines) {
            if (line.equals("enabled")) enabled = true;
            else if (line.startsWith("interpreter ")) interpreter = line.substring(12).trim();
            else if (line.startsWith("offset ")) offset = Integer.parseInt(line.substring(7).trim());
            else if (line.startsWith("magic ")) magic = HexFormat.of().parseHex(line.substring(6).trim());
            else if (line.startsWith("mask ")) mask = HexFormat.of().parseHex(line.substring(5).trim());
        }
        if (!enabled || interpreter == null || magic == null || offset + magic.length > I386_EXECUTABLE.length) {
            return Optional.empty();
        }
        for (int i = 0; i < magic.length; i++) {
            int m = mask != null && i < mask.length ? mask[i] : 0xFF;
            if ((I386_EXECUTABLE[offset + i] & m) != (magic[i] & m)) return Optional.empty();
        }
        return Optional.of(interpreter);
    }
}
