package ukcf.kernel.memory;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.monitor.AddressOwner;
import ukcf.monitor.AddressOwnershipMap;

class KernelAddressSpaceTest {
    private final AddressSpace memory = new AddressSpace();
    private final AddressOwnershipMap owners = new AddressOwnershipMap();
    private final KernelAddressSpace kernel = new KernelAddressSpace(memory, owners);

    @Test
    void freedRunsMergeSoTheWholeRegionIsOneRunAgain() {
        int a = kernel.allocate(KernelRegion.MODULES, 1, Protection.KERNEL_READ_WRITE);
        int b = kernel.allocate(KernelRegion.MODULES, 0x3000, Protection.KERNEL_READ_WRITE);
        int c = kernel.allocate(KernelRegion.MODULES, 0x1001, Protection.KERNEL_READ_WRITE);
        assertEquals(KernelRegion.MODULES.base(), a);
        assertEquals(a + 0x1000, b);
        assertEquals(b + 0x3000, c);
        assertEquals(0x6000, kernel.allocatedBytes(KernelRegion.MODULES));
        kernel.free(KernelRegion.MODULES, b);
        assertEquals(b, kernel.allocate(KernelRegion.MODULES, 0x2000, Protection.KERNEL_READ_WRITE), "first fit reuses the hole");
        kernel.free(KernelRegion.MODULES, b);
        kernel.free(KernelRegion.MODULES, a);
        kernel.free(KernelRegion.MODULES, c);
        assertEquals(0, kernel.allocatedBytes(KernelRegion.MODULES));
        assertFalse(memory.isMapped(c));
        assertEquals(KernelRegion.MODULES.base(),
                kernel.allocate(KernelRegion.MODULES, KernelRegion.MODULES.size(), Protection.KERNEL_READ_WRITE));
        assertThrows(KernelAddressSpace.KernelMemoryExhausted.class,
                () -> kernel.allocate(KernelRegion.MODULES, 1, Protection.KERNEL_READ_WRITE));
    }

    @Test
    void kernelPagesAreSupervisorOnlyAndRegionsAreOwned() {
        int page = kernel.allocate(KernelRegion.KERNEL_HEAP, 16, Protection.KERNEL_READ_WRITE);
        PagedMemory user = memory.newView(Privilege.USER);
        assertThrows(GuestFault.class, () -> user.read8(page));
        memory.newView(Privilege.SUPERVISOR).write32(page, 0x12345678);
        assertThrows(IllegalArgumentException.class, () -> kernel.allocate(KernelRegion.KERNEL_HEAP, 16, Protection.USER_READ_WRITE));
        assertEquals(AddressOwner.Kind.KERNEL_HEAP, owners.ownerOf(page).orElseThrow().kind());
        assertEquals(AddressOwner.Kind.HOST_SYMBOLS, owners.ownerOf(KernelRegion.HOST_SYMBOLS.base() + 40).orElseThrow().kind());
        assertTrue(owners.ownerOf(KernelRegion.MODULES.base()).isEmpty(), "module parts are claimed by their loader");
    }

    @Test
    void hostSymbolTablesNeverShareAnAddress() {
        int single = kernel.reserveHostSymbolAddress();
        int table = kernel.reserveHostSymbolRange(100);
        int next = kernel.reserveHostSymbolAddress();
        assertEquals(single + KernelAddressSpace.HOST_SYMBOL_STRIDE, table);
        assertEquals(table + 112, next, "100 bytes round up to 7 strides");
        assertFalse(memory.isMapped(single), "host-symbol addresses are never mapped");
    }
}
