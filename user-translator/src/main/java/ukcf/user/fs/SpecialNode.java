package ukcf.user.fs;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A name ukcf answers itself instead of the host: a link whose text is a guest path (/proc/self, /proc/self/exe,
 * cwd, root, fd/N) or a generated file (/proc/self/maps, /proc/cpuinfo).
 *
 * @param linkText   what readlink answers, or null for a file
 * @param directHost for a link to something outside the guest view (a standard stream, a program given on the
 *                   command line from outside --root): the host path that following it opens, as Linux's magic
 *                   links open the object itself; null when following means walking {@code linkText}
 * @param contents   a generated file's contents, or null for a link
 */
public record SpecialNode(String linkText, Path directHost, Supplier<byte[]> contents) {
    public static SpecialNode link(String text) { return new SpecialNode(text, null, null); }

    public static SpecialNode magicLink(String text, Path host) { return new SpecialNode(text, host, null); }

    public static SpecialNode file(Supplier<byte[]> contents) { return new SpecialNode(null, null, contents); }

    public boolean isLink() { return linkText != null; }
}
