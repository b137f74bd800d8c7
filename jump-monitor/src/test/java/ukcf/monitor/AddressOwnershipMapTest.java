package ukcf.monitor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AddressOwnershipMapTest {
    private final AddressOwner md4 = new AddressOwner(AddressOwner.Kind.MODULE_IMAGE, "md4");
    private final AddressOwner host = new AddressOwner(AddressOwner.Kind.HOST_SYMBOLS, "host kernel");

    @Test
    void ownerIsTheClaimHoldingTheAddress() {
        AddressOwnershipMap map = new AddressOwnershipMap();
        map.claim(0xF0000000, 0x2000, md4);
        map.claim(0xC0000000, 0x100000, host);
        assertEquals(md4, map.ownerOf(0xF0001FFF).orElseThrow());
        assertTrue(map.ownerOf(0xF0002000).isEmpty());
        assertEquals(host, map.ownerOf(0xC0000000).orElseThrow());
        assertTrue(map.ownerOf(0xBFFFFFFF).isEmpty());
    }

    @Test
    void overlappingClaimIsRefusedAndReleaseFreesTheRange() {
        AddressOwnershipMap map = new AddressOwnershipMap();
        map.claim(0xF0000000, 0x2000, md4);
        assertThrows(IllegalStateException.class, () -> map.claim(0xF0001000, 0x1000, host));
        assertThrows(IllegalStateException.class, () -> map.claim(0xEFFFF000, 0x1001, host));
        map.claim(0xEFFFF000, 0x1000, host);
        map.release(0xF0000000);
        assertTrue(map.ownerOf(0xF0000000).isEmpty());
        assertThrows(IllegalStateException.class, () -> map.release(0xF0000000));
        assertEquals(1, map.claims().size());
    }
}
