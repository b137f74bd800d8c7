package ukcf.testdrivers.afalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class KernelCrc32Test {
    @Test
    void crc32LeSeededWithOnesAndInvertedIsZlibCrc32() {
        Random random = new Random(32);
        for (int length = 0; length < 200; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            CRC32 zlib = new CRC32();
            zlib.update(data);
            assertEquals(zlib.getValue(), ~KernelCrc32.crc32Le(~0, data) & 0xffffffffL, "length " + length);
        }
    }

    @Test
    void withoutKeyTheSeedIsZero() {
        byte[] data = "123456789".getBytes();
        assertEquals(AfalgCase.hex(KernelCrc32.digest(new byte[4], data)), AfalgCase.hex(KernelCrc32.digest(new byte[0], data)));
    }
}
