package ukcf.user.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/**
 * The page cache of host files mapped MAP_SHARED by guest processes (all of one run share this JVM): one 4 KiB
 * frame per file page, which every shared mapping of that page maps, so writes through one mapping are seen by all
 * others at once. The frames are the file's truth while they exist: reading the file through a descriptor first
 * writes them back, writing it reloads them, and msync, the last munmap of a page and the end of the run write
 * them back. Only the bytes below the file's size are written back, as the kernel never extends a file through a
 * mapping.
 */
public final class SharedFilePages {
    public static final int PAGE = 4096;
    private static final Map<Object, SharedFilePages> OPEN = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedFilePages::writeBackAll, "shared-file-writeback"));
    }

    private final Object key;
    private final FileChannel channel;
    private final TreeMap<Long, byte[]> frames = new TreeMap<>();
    private final Map<Long, Integer> users = new HashMap<>();

    private SharedFilePages(Object key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /** The identity of the host file at {@code path} (device and inode): every path and descriptor to it agree. */
    public static Object keyOf(Path path) {
        try {
            Map<String, Object> identity = Files.readAttributes(path, "unix:dev,ino");
            return identity.get("dev") + ":" + identity.get("ino");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return path.toAbsolutePath().normalize().toString();
        }
    }

    /** The cache of {@code file}'s pages, opened on first use (writable when the file can be written). */
    public static synchronized SharedFilePages of(HostFile file) {
        Object key = keyOf(file.path());
        SharedFilePages pages = OPEN.get(key);
        if (pages == null) {
            FileChannel channel;
            try {
                channel = FileChannel.open(file.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (IOException notWritable) {
                try {
                    channel = FileChannel.open(file.path(), StandardOpenOption.READ);
                } catch (IOException e) {
                    throw HostFiles.error(e);
                }
            }
            pages = new SharedFilePages(key, channel);
            OPEN.put(key, pages);
        }
        return pages;
    }

    /** The cache for the file at {@code path} if some of its pages are mapped, else null (the common case: fast). */
    static synchronized SharedFilePages ifMapped(Path path) {
        if (OPEN.isEmpty()) return null;
        return OPEN.get(keyOf(path));
    }

    /** The frame of file page {@code pageIndex}, loaded from the file on first use; counts one more user. */
    public synchronized byte[] acquire(long pageIndex) {
        byte[] frame = frames.get(pageIndex);
        if (frame == null) {
            frame = new byte[PAGE];
            load(pageIndex, frame);
            frames.put(pageIndex, frame);
        }
        users.merge(pageIndex, 1, Integer::sum);
        return frame;
    }

    /** One user of file page {@code pageIndex} is gone (munmap); the last one writes it back and drops it. */
    public void release(long pageIndex) {
        synchronized (SharedFilePages.class) {
            synchronized (this) {
                if (!users.containsKey(pageIndex)) return;
                int left = users.merge(pageIndex, -1, Integer::sum);
                if (left > 0) return;
                users.remove(pageIndex);
                byte[] frame = frames.remove(pageIndex);
                if (frame != null) writeBack(pageIndex, frame);
                if (frames.isEmpty()) {
                    OPEN.remove(key);
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // nothing left to write
                    }
                }
            }
        }
    }

    /** The file's current size in bytes. */
    public synchronized long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
    }

    /** msync: writes every cached page back. */
    public synchronized void writeBack() {
        for (Map.Entry<Long, byte[]> e : frames.entrySet()) writeBack(e.getKey(), e.getValue());
    }

    /** After the file changed through a descriptor: every cached page takes the file's bytes again, in place. */
    synchronized void reload() {
        for (Map.Entry<Long, byte[]> e : frames.entrySet()) load(e.getKey(), e.getValue());
    }

    private void load(long pageIndex, byte[] frame) {
        java.util.Arrays.fill(frame, (byte) 0);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(frame);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, pageIndex * PAGE + buffer.position()) <= 0) break;
            }
        } catch (IOException e) {
            throw HostFiles.error(e);
        }
    }

    private void writeBack(long pageIndex, byte[] frame) {
        try {
            long start = pageIndex * PAGE;
            long length = Math.min(PAGE, channel.size() - start);
            if (length <= 0) return;
            channel.write(ByteBuffer.wrap(frame, 0, (int) length), start);
        } catch (java.nio.channels.NonWritableChannelException readOnly) {
            // a read-only file's pages were mapped read-only: nothing to write
        } catch (IOException e) {
            throw new SyscallError(Errno.EIO);
        }
    }

    private static synchronized void writeBackAll() {
        for (SharedFilePages pages : OPEN.values()) {
            try {
                pages.writeBack();
            } catch (RuntimeException ignored) {
                // the run is ending; a file that cannot be written keeps its old bytes
            }
        }
    }

    /** For a descriptor read of the file at {@code path}: the mapped pages' bytes reach the file first. */
    static void beforeAccess(Path path) {
        SharedFilePages pages = ifMapped(path);
        if (pages != null) pages.writeBack();
    }

    /** After a descriptor write or truncate of the file at {@code path}: the mapped pages see the new bytes. */
    static void afterChange(Path path) {
        SharedFilePages pages = ifMapped(path);
        if (pages != null) pages.reload();
    }
}
