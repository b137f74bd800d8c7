package ukcf.user.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A name ukcf answers itself instead of the host: a link whose text is a guest path (/proc/self, /proc/self/exe,
 * cwd, root, fd/N), a generated file (/proc/self/maps, /proc/cpuinfo) or a directory whose entries ukcf lists
 * (/proc/self/fd), or a device node the host kernel's drivers made (/dev/NAME).
 *
 * @param linkText   what readlink answers, or null for a file
 * @param directHost for a link to something outside the guest view (a standard stream, a program given on the
 *                   command line from outside --root): the host path that following it opens, as Linux's magic
 *                   links open the object itself; null when following means walking {@code linkText}
 * @param contents   a generated file's contents, or null
 * @param entries    a generated directory's entry names (each a link), or null
 * @param device     a device node of the host kernel (/dev/NAME of a registered char device), or null
 * @param entryFiles a generated directory's entries are regular files (/sys/module/NAME/parameters), not links
 */
public record SpecialNode(String linkText, Path directHost, Supplier<byte[]> contents, Supplier<List<String>> entries,
                          ukcf.kernel.chardev.DeviceNode device, boolean entryFiles) {
    public static SpecialNode link(String text) { return new SpecialNode(text, null, null, null, null, false); }

    public static SpecialNode magicLink(String text, Path host) { return new SpecialNode(text, host, null, null, null, false); }

    public static SpecialNode file(Supplier<byte[]> contents) { return new SpecialNode(null, null, contents, null, null, false); }

    public static SpecialNode directory(Supplier<List<String>> entries) {
        return new SpecialNode(null, null, null, entries, null, false);
    }

    /** A generated directory of generated files. */
    public static SpecialNode directoryOfFiles(Supplier<List<String>> entries) {
        return new SpecialNode(null, null, null, entries, null, true);
    }

    public static SpecialNode device(ukcf.kernel.chardev.DeviceNode node) { return new SpecialNode(null, null, null, null, node, false); }

    public boolean isDirectory() { return entries != null; }

    public boolean isLink() { return linkText != null; }
}
