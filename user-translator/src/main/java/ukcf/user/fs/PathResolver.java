package ukcf.user.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * Turns a guest path into a host path by walking it one component at a time on the host, as the kernel's namei
 * does, so that nothing escapes the guest view: every component is looked at with lstat; a symbolic link is read
 * and its text walked inside the guest view (an absolute target from the guest root, a relative one from the
 * link's directory), never followed by the host; ".." removes the last component of the canonical guest path, so
 * it stays at the guest root and leaves a bind mount to the mount point's guest parent. At most
 * {@link #MAX_LINKS} links are followed (ELOOP); a non-directory in the middle is ENOTDIR; a missing one ENOENT.
 *
 * <p>Races: the result is a host path whose directories were each seen not to be symbolic links. If something
 * replaces one of them by a link between this walk and the operation, the host would follow it: the guest itself
 * doing so from another process while resolving is out of scope, as is any other process changing the tree. What
 * is guaranteed: with a tree nobody changes during a call, no guest path reaches a host file outside the view. The
 * syscall layer also opens regular files with O_NOFOLLOW, so a link swapped in as the last component is refused.
 */
public final class PathResolver {
    /** Linux's MAXSYMLINKS. */
    public static final int MAX_LINKS = 40;
    private static final int NAME_MAX = 255;

    private final Function<List<String>, Path> hostPaths;
    private final Function<List<String>, SpecialNode> specials;

    /**
     * @param hostPaths where a canonical guest path lies on the host (a {@link MountTable}, and /proc/PID of guest
     *                  processes)
     * @param specials  the node ukcf answers itself for a canonical guest path, or null for the host's
     */
    public PathResolver(Function<List<String>, Path> hostPaths, Function<List<String>, SpecialNode> specials) {
        this.hostPaths = hostPaths;
        this.specials = specials;
    }

    /**
     * Resolves {@code path} from the canonical guest directory {@code start} (used when the path is relative).
     *
     * @param followLast whether a symbolic link in the last component is followed (stat, open) or not (lstat,
     *                   readlink, unlink, O_NOFOLLOW); a trailing slash always follows it
     */
    public ResolvedPath resolve(String start, String path, boolean followLast) {
        if (path.isEmpty()) throw new SyscallError(Errno.ENOENT);
        Deque<String> pending = new ArrayDeque<>(names(path));
        boolean mustBeDirectory = path.endsWith("/");
        List<String> current = path.startsWith("/") ? new ArrayList<>() : new ArrayList<>(names(start));
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.equals(".")) continue;
            if (name.equals("..")) {
                if (!current.isEmpty()) current.remove(current.size() - 1);
                continue;
            }
            if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > NAME_MAX) {
                throw new SyscallError(Errno.ENAMETOOLONG);
            }
            boolean last = pending.isEmpty();
            boolean follow = !last || followLast || mustBeDirectory;
            List<String> candidate = new ArrayList<>(current);
            candidate.add(name);
            Path host = hostPaths.apply(candidate);
            SpecialNode special = specials.apply(candidate);
            if (special != null && special.isDirectory()) {
                if (last) return new ResolvedPath(text(candidate), host, true, false, special, false);
                current.add(name);
                continue;
            }
            if (special != null) {
                if (!special.isLink()) {
                    if (!last || mustBeDirectory) throw new SyscallError(Errno.ENOTDIR);
                    return new ResolvedPath(text(candidate), host, true, false, special, false);
                }
                if (!follow) return new ResolvedPath(text(candidate), host, true, true, special, false);
                if (++links > MAX_LINKS) throw new SyscallError(Errno.ELOOP);
                if (special.directHost() != null) {
                    if (!last) throw new SyscallError(Errno.ENOTDIR);
                    return new ResolvedPath(special.linkText(), special.directHost(), true, false, null, true);
                }
                enterLink(special.linkText(), current, pending);
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                if (last) return new ResolvedPath(text(candidate), host, false, false, null, false);
                throw new SyscallError(Errno.ENOENT);
            } catch (IOException e) {
                throw HostFiles.error(e);
            }
            if (attributes.isSymbolicLink()) {
                if (!follow) return new ResolvedPath(text(candidate), host, true, true, null, false);
                if (++links > MAX_LINKS) throw new SyscallError(Errno.ELOOP);
                String target;
                try {
                    target = Files.readSymbolicLink(host).toString();
                } catch (IOException e) {
                    throw HostFiles.error(e);
                }
                if (last && target.endsWith("/")) mustBeDirectory = true;
                enterLink(target, current, pending);
                continue;
            }
            if (!attributes.isDirectory() && (!last || mustBeDirectory)) throw new SyscallError(Errno.ENOTDIR);
            current.add(name);
        }
        // Ended on a directory reached by "." or ".." (or the start itself): it may be one ukcf lists.
        SpecialNode directory = current.isEmpty() ? null : specials.apply(current);
        return new ResolvedPath(text(current), hostPaths.apply(current), true, false,
                directory != null && directory.isDirectory() ? directory : null, false);
    }

    /** Continues the walk in a link's text: from the guest root if absolute, else from the link's directory. */
    private static void enterLink(String target, List<String> current, Deque<String> pending) {
        if (target.isEmpty()) throw new SyscallError(Errno.ENOENT);
        if (target.startsWith("/")) current.clear();
        List<String> names = names(target);
        for (int i = names.size() - 1; i >= 0; i--) pending.addFirst(names.get(i));
    }

    /** The non-empty components of a path. */
    public static List<String> names(String path) {
        List<String> names = new ArrayList<>();
        for (String name : path.split("/")) if (!name.isEmpty()) names.add(name);
        return names;
    }

    /** A canonical guest path's text. */
    public static String text(List<String> names) {
        if (names.isEmpty()) return "/";
        StringBuilder s = new StringBuilder();
        for (String name : names) s.append('/').append(name);
        return s.toString();
    }
}
