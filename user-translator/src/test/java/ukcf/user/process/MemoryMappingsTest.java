package ukcf.user.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryMappingsTest {
    private static final long TOP = GuestProcess.MMAP_TOP;

    @Test
    void theMmapAreaLiesBelowTheStackInUserSpace() {
        assertTrue(TOP > 0x80000000L && TOP < 0xC0000000L, Long.toHexString(TOP));
    }

    @Test
    void newMappingsGoTopDownIntoTheHighestGap() {
        MemoryMappings m = new MemoryMappings(TOP, 0x10000);
        m.add(0x08048000L, 0x08100000L, 5, "image");
        m.add(0xBF800000L, 0xC0000000L, 3, "[stack]");
        long first = m.findFree(0x3000);
        assertEquals(TOP - 0x3000, first);
        m.add(first, first + 0x3000, 3, "");
        assertEquals(TOP - 0x5000, m.findFree(0x2000));
        m.remove(first, first + 0x1000);
        assertEquals(first, m.findFree(0x1000), "the hole left by munmap is reused");
        assertEquals(-1, new MemoryMappings(0x20000, 0x10000).findFree(0x20000));
    }

    @Test
    void removingTheMiddleSplitsARegion() {
        MemoryMappings m = new MemoryMappings(TOP, 0x10000);
        m.add(0x10000, 0x20000, 3, "a");
        m.remove(0x14000, 0x16000);
        List<MemoryMappings.Region> left = new ArrayList<>();
        m.regions().forEach(left::add);
        assertEquals(List.of(new MemoryMappings.Region(0x10000, 0x14000, 3, "a"),
                new MemoryMappings.Region(0x16000, 0x20000, 3, "a")), left);
        assertFalse(m.covers(0x10000, 0x20000));
        assertTrue(m.covers(0x16000, 0x20000));
        m.protect(0x17000, 0x18000, 1);
        left.clear();
        m.regions().forEach(left::add);
        assertEquals(4, left.size());
        assertEquals(1, left.get(2).prot());
    }

    @Test
    void aFileRegionCutAtTheFrontKeepsItsFileOffsetsAligned() {
        MemoryMappings m = new MemoryMappings(TOP, 0x10000);
        MemoryMappings.Backing file = new MemoryMappings.Backing(false, java.nio.file.Path.of("data"), null);
        m.add(new MemoryMappings.Region(0x10000, 0x14000, 3, "data", 0x2000, 0, 0, file));
        m.remove(0x10000, 0x11000);
        assertEquals(0x3000, m.find(0x12345).offset());
        m.protect(0x13000, 0x14000, 1);
        assertEquals(0x5000, m.find(0x13000).offset());
        assertEquals(null, m.find(0x10000));
        assertEquals(2, m.within(0x11000, 0x14000).size());
    }
}
