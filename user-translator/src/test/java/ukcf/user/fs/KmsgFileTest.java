package ukcf.user.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import ukcf.kernel.log.KernelLog;
import ukcf.user.syscall.Errno;
import ukcf.user.syscall.SyscallError;

/** /dev/kmsg reads one record per read, as Documentation/ABI/testing/dev-kmsg describes. */
class KmsgFileTest {
    private final KernelLog log = new KernelLog();

    private String read(KmsgFile file, int length) {
        byte[] buffer = new byte[length];
        int n = file.read(buffer, 0, length);
        return new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void oneRecordPerReadThenEagainWhenNonblocking() {
        log.printk("\0013first\n".getBytes(StandardCharsets.ISO_8859_1));
        log.printk("\0016second\n".getBytes(StandardCharsets.ISO_8859_1));
        KmsgFile file = new KmsgFile(log, OpenFlags.O_NONBLOCK);
        assertTrue(read(file, 1024).matches("3,0,\\d+,-;first\n"));
        assertEquals(Errno.EINVAL, assertThrows(SyscallError.class, () -> file.read(new byte[8], 0, 8)).errno(),
                "a buffer too small for the record");
        assertTrue(read(file, 1024).matches("6,1,\\d+,-;second\n"), "the record is still there after EINVAL");
        assertEquals(Errno.EAGAIN, assertThrows(SyscallError.class, () -> file.read(new byte[1024], 0, 1024)).errno());
    }

    @Test
    void writesLogAndSeeksMoveBetweenStartClearAndEnd() {
        KmsgFile file = new KmsgFile(log, OpenFlags.O_NONBLOCK);
        byte[] line = "<13>from a user\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(line.length, file.write(line, 0, line.length));
        log.printk("\0014kernel\n".getBytes(StandardCharsets.ISO_8859_1));
        log.clear();
        log.printk("\0014after clear\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(read(file, 1024).matches("13,0,\\d+,-;from a user\n"));
        assertEquals(0, file.seek(0, 3)); // SEEK_DATA: past the clear
        assertTrue(read(file, 1024).endsWith(";after clear\n"));
        assertEquals(0, file.seek(0, 0));
        assertTrue(read(file, 1024).endsWith(";from a user\n"));
        assertEquals(0, file.seek(0, 2));
        assertEquals(Errno.EAGAIN, assertThrows(SyscallError.class, () -> file.read(new byte[1024], 0, 1024)).errno());
        assertEquals(Errno.ESPIPE, assertThrows(SyscallError.class, () -> file.seek(1, 0)).errno());
    }

    @Test
    void aReaderWaitsForTheNextRecord() throws Exception {
        KmsgFile file = new KmsgFile(log, 0);
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            log.printk("\0016late\n".getBytes(StandardCharsets.ISO_8859_1));
        });
        writer.start();
        assertTrue(read(file, 1024).endsWith(";late\n"));
        writer.join();
    }
}
