package ukcf.user.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedFilePagesTest {
    @TempDir
    Path dir;

    private HostFile open(Path path) throws Exception {
        return new HostFile(path, path.toString(), FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE),
                OpenFlags.O_RDWR);
    }

    private static byte[] text(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    @Test
    void mappedPagesAndDescriptorIoSeeEachOther() throws Exception {
        Path path = dir.resolve("f");
        byte[] initial = new byte[5000];
        Arrays.fill(initial, (byte) 'a');
        Files.write(path, initial);
        HostFile file = open(path), other = open(dir.resolve("f"));
        SharedFilePages pages = SharedFilePages.of(file);
        assertSame(pages, SharedFilePages.of(other), "every descriptor of one file shares its pages");
        byte[] page1 = pages.acquire(1);
        assertEquals('a', page1[0]);
        assertEquals(0, page1[1000], "bytes past the end of the file read as zero");

        System.arraycopy(text("MAPPED"), 0, page1, 10, 6);
        byte[] read = new byte[6];
        other.readAt(4096 + 10, read, 0, 6);
        assertArrayEquals(text("MAPPED"), read, "a descriptor read sees a write through the mapping");

        other.writeAt(4096 + 20, text("FILE"), 0, 4);
        assertEquals('F', page1[20], "a descriptor write reaches the mapped page");

        page1[2000] = 'x'; // past the end of the file: never written back
        pages.release(1);
        assertEquals(5000, Files.size(path));
        assertEquals("MAPPED", new String(Files.readAllBytes(path), 4096 + 10, 6, StandardCharsets.US_ASCII));
        file.close();
        other.close();
    }
}
