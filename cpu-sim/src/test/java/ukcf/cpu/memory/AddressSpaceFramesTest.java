package ukcf.cpu.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ukcf.cpu.fault.GuestFault;

/** Frames shared between address spaces (MAP_SHARED, a page cache) and the populated-page query. */
class AddressSpaceFramesTest {
    @Test
    void aSharedFrameIsSeenByBothSpacesThroughTheirViews() {
        AddressSpace a = new AddressSpace(), b = new AddressSpace();
        a.map(0x10000, 0x1000, Protection.USER_READ_WRITE);
        PagedMemory viewA = a.newView(Privilege.USER), viewB = b.newView(Privilege.USER);
        viewA.write32(0x10010, 0x11223344);
        b.mapFrame(0x50000, a.frameOf(0x10000), Protection.USER_READ_WRITE);
        assertEquals(0x11223344, viewB.read32(0x50010));
        viewB.write32(0x50020, 0x55667788);
        assertEquals(0x55667788, viewA.read32(0x10020));
        assertSame(a.frameOf(0x10000), b.frameOf(0x50000));
    }

    @Test
    void aPageIsPopulatedOnceTouched() {
        AddressSpace a = new AddressSpace();
        a.map(0x20000, 0x2000, Protection.USER_READ_WRITE);
        assertFalse(a.isPopulated(0x20000));
        a.newView(Privilege.USER).read8(0x20005);
        assertTrue(a.isPopulated(0x20000));
        assertFalse(a.isPopulated(0x21000));
        assertFalse(a.isPopulated(0x30000), "unmapped");
        assertThrows(GuestFault.class, () -> a.frameOf(0x30000));
        assertThrows(IllegalArgumentException.class, () -> a.mapFrame(0x40000, new byte[10], Protection.USER_READ_WRITE));
    }
}
