package ukcf.user.fs;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * A name ukcf answers itself instead of the host: a link whose text is a guest path (/proc/self, /proc/self/exe,
 * cwd, root, fd/N), a generated file (/proc/self/maps, /proc/cpuinfo) or a directory whose entries ukcf lists
 * (/proc/self/fd).
 *
 * @param linkText   what readlink answers, or null for a file
 * @param directHost for a link to something outside the guest view (a standard stream, a program given on the
 *                   command line from outside --root): the host path that following it opens, as Linux's magic
 *                   links open the object itself; null when following means walking {@code linkText}
 * @param contents   a generated file's contents, or null
 * @param entries    a generated directory's entry names (each a link), or null
 */
public record SpecialNode(String linkText, Path directHost, Supplier<byte[]> contents, Supplier<List<String>> entries) {
    public static SpecialNode link(String text) { return new SpecialNode(text, null, null, null); }

    public static SpecialNode magicLink(String text, Path host) { return new SpecialNode(text, host, null, null); }

    public static SpecialNode file(Supplier<byte[]> contents) { return new SpecialNode(null, null, contents, null); }

    public static SpecialNode directory(Supplier<List<String>> entries) {
        return new SpecialNode(null, null, null, entries);
    }

    public boolean isDirectory() { return entries != null; }

    public boolean isLink() { return linkText != null; }
}
