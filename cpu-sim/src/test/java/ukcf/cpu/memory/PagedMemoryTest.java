package ukcf.cpu.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ukcf.cpu.memory.AddressSpace.PAGE_SIZE;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;

class PagedMemoryTest {
    private static final int BASE = 0x0804_8000;
    private static final int KERNEL = 0xC010_0000;

    private final AddressSpace space = new AddressSpace();
    private final PagedMemory user = space.newView(Privilege.USER);
    private final PagedMemory kernel = space.newView(Privilege.SUPERVISOR);
    private final PagedMemory host = space.hostView();

    // Permissions and error codes, from src/test/resources/ukcf/cpu/memory/permissions.txt

    static Stream<Arguments> permissionCases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = PagedMemoryTest.class.getResourceAsStream("permissions.txt");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                cases.add(Arguments.of(Privilege.valueOf(f[0]), f[1], Access.valueOf(f[2]), f[3]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {2} on {1} -> {3}")
    @MethodSource("permissionCases")
    void permissionTable(Privilege privilege, String protection, Access access, String outcome) {
        if (!protection.equals("unmapped")) space.map(BASE, PAGE_SIZE, parseProtection(protection));
        PagedMemory view = space.newView(privilege);
        int address = BASE + 0x123;
        Runnable accessOnce = () -> {
            switch (access) {
                case READ: view.read32(address); break;
                case WRITE: view.write32(address, 1); break;
                default: view.fetch8(address);
            }
        };
        if (outcome.equals("ok")) {
            accessOnce.run();
            accessOnce.run(); // second time through the TLB
        } else {
            for (int attempt = 0; attempt < 2; attempt++) {
                GuestFault fault = assertThrows(GuestFault.class, accessOnce::run);
                assertEquals(ExceptionVector.PF, fault.vector());
                assertEquals(address, fault.faultAddress());
                assertEquals(parseErrorCode(outcome), fault.errorCode(), fault.getMessage());
            }
        }
    }

    private static int parseProtection(String text) {
        int protection = 0;
        if (text.charAt(0) == 'r') protection |= Protection.READ;
        if (text.charAt(1) == 'w') protection |= Protection.WRITE;
        if (text.charAt(2) == 'x') protection |= Protection.EXECUTE;
        if (text.charAt(3) == 'u') protection |= Protection.USER;
        return protection;
    }

    private static int parseErrorCode(String outcome) {
        String bits = outcome.substring("#PF(".length(), outcome.length() - 1);
        int code = 0;
        for (String bit : bits.isEmpty() ? new String[0] : bits.split("\\|")) {
            switch (bit) {
                case "P": code |= GuestFault.PF_PRESENT; break;
                case "W": code |= GuestFault.PF_WRITE; break;
                case "U": code |= GuestFault.PF_USER; break;
                case "I": code |= GuestFault.PF_FETCH; break;
                default: throw new IllegalArgumentException(outcome);
            }
        }
        return code;
    }

    @Test
    void protectionDescribesAndConvertsLinuxProt() {
        assertEquals("r-xu", Protection.describe(Protection.USER_READ_EXECUTE));
        assertEquals("rw-s", Protection.describe(Protection.KERNEL_READ_WRITE));
        assertEquals(Protection.USER | Protection.READ | Protection.EXECUTE, Protection.ofLinuxProt(4, true));
        assertEquals(Protection.READ | Protection.WRITE, Protection.ofLinuxProt(2, false));
        assertEquals(Protection.USER, Protection.ofLinuxProt(0, true));
    }

    // Endianness and widths

    @Test
    void accessesAreLittleEndian() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        user.write32(BASE, 0x1122_3344);
        assertArrayEquals(new byte[] {0x44, 0x33, 0x22, 0x11}, bytes(BASE, 4));
        assertEquals(0x3344, user.read16(BASE));
        assertEquals(0x22, user.read8(BASE + 2));
        user.write64(BASE + 8, 0x8877_6655_4433_2211L);
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88}, bytes(BASE + 8, 8));
        assertEquals(0x8877_6655, user.read32(BASE + 12));
        user.write16(BASE + 20, 0xABCD);
        assertEquals(0xABCD, user.read16(BASE + 20));
        user.write8(BASE + 22, 0x1FF);
        assertEquals(0xFF, user.read8(BASE + 22));
        assertEquals(0xFFAB_CD00, user.read32(BASE + 19));
    }

    @Test
    void wideValuesKeepTheirLayout() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        user.write80(BASE, 0xC000_0000_0000_0000L, 0x3FFF); // 1.5 in extended precision
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0xC0, (byte) 0xFF, 0x3F}, bytes(BASE, 10));
        assertEquals(0x3FFF, user.read16(BASE + 8));
        user.write128(BASE + 32, 0x0706_0504_0302_0100L, 0x0F0E_0D0C_0B0A_0908L);
        byte[] expected = new byte[16];
        for (int i = 0; i < 16; i++) expected[i] = (byte) i;
        assertArrayEquals(expected, bytes(BASE + 32, 16));
        assertEquals(0x0F0E_0D0C_0B0A_0908L, user.read64(BASE + 40));
    }

    // Page-crossing accesses

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {2, 4, 8, 10, 16})
    void crossPageAccessReadsAndWritesBothPages(int size) {
        space.map(BASE, 2 * PAGE_SIZE, Protection.USER_READ_WRITE);
        for (int before = 1; before < size; before++) {
            int address = BASE + PAGE_SIZE - before;
            writeSized(user, address, size, 0x8877_6655_4433_2211L, 0xFFEE_DDCC_BBAA_0099L);
            byte[] expected = sizedBytes(size, 0x8877_6655_4433_2211L, 0xFFEE_DDCC_BBAA_0099L);
            assertArrayEquals(expected, bytes(address, size));
            assertArrayEquals(expected, readSized(user, address, size), "read at page end - " + before);
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {2, 4, 8, 10, 16})
    void crossPageWriteWithUnmappedSecondPageWritesNothing(int size) {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        int secondPage = BASE + PAGE_SIZE;
        for (int before = 1; before < size; before++) {
            int address = secondPage - before;
            GuestFault fault = assertThrows(GuestFault.class, () -> writeSized(user, address, size, -1L, -1L));
            assertEquals(secondPage, fault.faultAddress());
            assertEquals(GuestFault.PF_WRITE | GuestFault.PF_USER, fault.errorCode());
            assertArrayEquals(new byte[before], bytes(address, before), "bytes before the page end untouched");
            GuestFault readFault = assertThrows(GuestFault.class, () -> readSized(user, address, size));
            assertEquals(secondPage, readFault.faultAddress());
            assertEquals(GuestFault.PF_USER, readFault.errorCode());
        }
    }

    @Test
    void crossPageWriteWithReadOnlySecondPageWritesNothing() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        space.map(BASE + PAGE_SIZE, PAGE_SIZE, Protection.USER | Protection.READ);
        int address = BASE + PAGE_SIZE - 3;
        user.read32(address); // both pages now in the read TLB
        GuestFault fault = assertThrows(GuestFault.class, () -> user.write128(address, -1L, -1L));
        assertEquals(BASE + PAGE_SIZE, fault.faultAddress());
        assertEquals(GuestFault.PF_PRESENT | GuestFault.PF_WRITE | GuestFault.PF_USER, fault.errorCode());
        assertArrayEquals(new byte[3], bytes(address, 3));
    }

    @Test
    void probeChecksLikeTheBulkAccessAndMovesNothing() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        space.map(BASE + PAGE_SIZE, PAGE_SIZE, Protection.USER | Protection.READ);
        int address = BASE + PAGE_SIZE - 4;
        user.probe(address, 8, Access.READ);
        GuestFault fault = assertThrows(GuestFault.class, () -> user.probe(address, 8, Access.WRITE));
        assertEquals(BASE + PAGE_SIZE, fault.faultAddress());
        assertEquals(GuestFault.PF_PRESENT | GuestFault.PF_WRITE | GuestFault.PF_USER, fault.errorCode());
        user.probe(address, 4, Access.WRITE);
        assertArrayEquals(new byte[8], bytes(address, 8));
        GuestFault unmapped = assertThrows(GuestFault.class, () -> user.probe(BASE + 3 * PAGE_SIZE + 5, 1, Access.READ));
        assertEquals(BASE + 3 * PAGE_SIZE + 5, unmapped.faultAddress());
    }

    @Test
    void crossPageAccessWithFaultingFirstPageNamesTheFirstByte() {
        space.map(BASE + PAGE_SIZE, PAGE_SIZE, Protection.USER_READ_WRITE);
        int address = BASE + PAGE_SIZE - 2;
        GuestFault fault = assertThrows(GuestFault.class, () -> user.write64(address, 0));
        assertEquals(address, fault.faultAddress());
        assertEquals(0, user.read32(BASE + PAGE_SIZE));
    }

    @Test
    void bulkAccessIsAllOrNothing() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        space.map(BASE + PAGE_SIZE, PAGE_SIZE, Protection.USER | Protection.READ);
        byte[] data = new byte[300];
        java.util.Arrays.fill(data, (byte) 7);
        GuestFault fault = assertThrows(GuestFault.class, () -> user.write(BASE + PAGE_SIZE - 100, data, 0, 300));
        assertEquals(BASE + PAGE_SIZE, fault.faultAddress());
        assertArrayEquals(new byte[100], bytes(BASE + PAGE_SIZE - 100, 100));
        kernel.write(BASE + PAGE_SIZE - 100, data, 0, 100);
        byte[] back = new byte[100];
        user.read(BASE + PAGE_SIZE - 100, back, 0, 100);
        assertArrayEquals(java.util.Arrays.copyOf(data, 100), back);
    }

    // TLB invalidation

    @Test
    void protectInvalidatesEveryView() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        user.write32(BASE, 5);
        kernel.write32(BASE + 4, 6);
        assertTrue(space.protect(BASE, PAGE_SIZE, Protection.USER | Protection.READ));
        assertEquals(5, user.read32(BASE));
        assertThrows(GuestFault.class, () -> user.write32(BASE, 7));
        assertThrows(GuestFault.class, () -> kernel.write32(BASE, 7));
        assertEquals(5, user.read32(BASE));
        assertTrue(space.protect(BASE, PAGE_SIZE, Protection.READ | Protection.WRITE));
        GuestFault fault = assertThrows(GuestFault.class, () -> user.read32(BASE));
        assertEquals(GuestFault.PF_PRESENT | GuestFault.PF_USER, fault.errorCode());
        kernel.write32(BASE, 8);
        assertEquals(8, kernel.read32(BASE));
    }

    @Test
    void unmapAndRemapInvalidateEveryView() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        user.write32(BASE, 0x1234);
        assertThrows(GuestFault.class, () -> user.fetch8(BASE), "not executable: caches nothing for fetch");
        space.unmap(BASE, PAGE_SIZE);
        GuestFault fault = assertThrows(GuestFault.class, () -> user.read32(BASE));
        assertEquals(GuestFault.PF_USER, fault.errorCode());
        assertThrows(GuestFault.class, () -> user.write32(BASE, 1));
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE | Protection.EXECUTE);
        assertEquals(0, user.read32(BASE), "a fresh mapping is zero-filled");
        assertEquals(0, user.fetch8(BASE));
    }

    @Test
    void mapOverAMappedPageReplacesIt() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        user.write32(BASE, 99);
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        assertEquals(0, user.read32(BASE));
        user.write32(BASE, 3);
        assertEquals(3, kernel.read32(BASE));
    }

    @Test
    void pagesSharingATlbSlotStayApart() {
        int stride = PagedMemory.TLB_SIZE * PAGE_SIZE;
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        space.map(BASE + stride, PAGE_SIZE, Protection.USER | Protection.READ);
        user.write32(BASE, 1);
        assertEquals(0, user.read32(BASE + stride));
        assertThrows(GuestFault.class, () -> user.write32(BASE + stride, 2));
        assertEquals(1, user.read32(BASE));
        user.write32(BASE, 4);
        assertEquals(4, user.read32(BASE));
        assertEquals(0, user.read32(BASE + stride));
    }

    @Test
    void privilegeChangeFlushesTheTlb() {
        space.map(KERNEL, PAGE_SIZE, Protection.KERNEL_READ_WRITE);
        PagedMemory cpu = space.newView(Privilege.SUPERVISOR);
        cpu.write32(KERNEL, 1);
        cpu.setPrivilege(Privilege.USER);
        assertThrows(GuestFault.class, () -> cpu.read32(KERNEL));
        cpu.setPrivilege(Privilege.SUPERVISOR);
        assertEquals(1, cpu.read32(KERNEL));
    }

    // Code-page write hook

    @Test
    void writesToCodePagesReachTheListener() {
        space.map(BASE, 2 * PAGE_SIZE, Protection.USER_READ_WRITE | Protection.EXECUTE);
        List<String> writes = new ArrayList<>();
        space.setCodeWriteListener((address, length) -> writes.add(String.format("%08x+%d", address, length)));
        user.write32(BASE + 0x10, 1); // fills the write TLB before the page is marked
        space.markCode(BASE + PAGE_SIZE);
        space.markCode(BASE);
        assertTrue(space.isCode(BASE + 5));
        user.write32(BASE + 0x10, 0x90909090);
        user.write8(BASE + 0x20, 0xC3);
        user.write64(BASE + PAGE_SIZE - 3, 0);
        host.write32(BASE + 0x30, 0);
        space.writeHost(BASE + 0x40, new byte[5], 0, 5);
        assertEquals(List.of("08048010+4", "08048020+1", "08048ffd+3", "08049000+5", "08048030+4", "08048040+5"), writes);
        assertEquals(0x90909090, user.read32(BASE + 0x10), "the write itself happened");

        writes.clear();
        space.unmarkCode(BASE);
        user.write32(BASE + 0x10, 2);
        user.write32(BASE + 0x10, 3);
        assertEquals(List.of(), writes);
    }

    @Test
    void listenerMayUnmarkThePageItIsToldAbout() {
        space.map(BASE, PAGE_SIZE, Protection.USER_READ_WRITE);
        List<Integer> writes = new ArrayList<>();
        space.setCodeWriteListener((address, length) -> {
            writes.add(address);
            space.unmarkCode(address);
        });
        space.markCode(BASE);
        user.write32(BASE, 1);
        user.write32(BASE, 2);
        assertEquals(List.of(BASE), writes);
    }

    // Host access and queries

    @Test
    void hostIgnoresPermissionsButFaultsOnUnmappedPages() {
        space.map(KERNEL, PAGE_SIZE, Protection.NONE);
        host.write32(KERNEL, 0xCAFE);
        assertEquals(0xCAFE, host.read32(KERNEL));
        byte[] buffer = new byte[8];
        space.readHost(KERNEL + PAGE_SIZE - 4, new byte[4], 0, 4);
        GuestFault fault = assertThrows(GuestFault.class, () -> space.readHost(KERNEL + PAGE_SIZE - 4, buffer, 0, 8));
        assertEquals(KERNEL + PAGE_SIZE, fault.faultAddress());
        assertEquals(0, fault.errorCode());
        GuestFault writeFault = assertThrows(GuestFault.class,
                () -> space.writeHost(KERNEL + PAGE_SIZE - 4, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8));
        assertEquals(GuestFault.PF_WRITE, writeFault.errorCode());
        assertEquals(0, host.read32(KERNEL + PAGE_SIZE - 4));
    }

    @Test
    void queriesDescribeTheMapping() {
        space.map(BASE, 3 * PAGE_SIZE, Protection.USER_READ_EXECUTE);
        space.map(BASE + 3 * PAGE_SIZE, PAGE_SIZE, Protection.USER_READ_WRITE);
        space.map(0xFFFF_E000, 2 * PAGE_SIZE, Protection.KERNEL_READ_WRITE);
        assertTrue(space.protect(BASE + PAGE_SIZE, PAGE_SIZE, Protection.USER | Protection.READ));
        assertFalse(space.protect(BASE, 5 * PAGE_SIZE, Protection.NONE), "a hole in the range");
        assertEquals(Protection.USER_READ_EXECUTE, space.protection(BASE), "a failed protect changes nothing");
        assertTrue(space.isMapped(BASE + 4 * PAGE_SIZE - 1));
        assertFalse(space.isMapped(BASE + 4 * PAGE_SIZE));
        assertEquals(AddressSpace.UNMAPPED, space.protection(BASE - 1));
        assertEquals(List.of(
                "08048000-08049000 r-xu",
                "08049000-0804a000 r--u",
                "0804a000-0804b000 r-xu",
                "0804b000-0804c000 rw-u",
                "ffffe000-100000000 rw-s"), space.mappedRanges().stream().map(MappedRange::toString).toList());
    }

    @Test
    void largeMappingsCostNothingUntilTouched() {
        space.map(0x4000_0000, 0x8000_0000L, Protection.USER_READ_WRITE);
        user.write32(0xBFFF_FFFC, 1);
        assertEquals(1, user.read32(0xBFFF_FFFC));
        assertEquals(List.of(new MappedRange(0x4000_0000, 0x8000_0000L, Protection.USER_READ_WRITE)), space.mappedRanges());
    }

    @Test
    void rejectsMalformedRanges() {
        assertThrows(IllegalArgumentException.class, () -> space.map(BASE + 1, PAGE_SIZE, Protection.READ));
        assertThrows(IllegalArgumentException.class, () -> space.map(0xFFFF_F000, 2 * PAGE_SIZE, Protection.READ));
        assertThrows(IllegalArgumentException.class, () -> space.map(BASE, PAGE_SIZE, 0x100));
        assertThrows(IllegalArgumentException.class, () -> space.markCode(BASE));
    }

    // Helpers

    private byte[] bytes(int address, int length) {
        byte[] out = new byte[length];
        space.readHost(address, out, 0, length);
        return out;
    }

    private static void writeSized(Memory memory, int address, int size, long low, long high) {
        switch (size) {
            case 2: memory.write16(address, (int) low); break;
            case 4: memory.write32(address, (int) low); break;
            case 8: memory.write64(address, low); break;
            case 10: memory.write80(address, low, (int) high); break;
            case 16: memory.write128(address, low, high); break;
            default: throw new IllegalArgumentException("size " + size);
        }
    }

    /** Reads 10 and 16 bytes as the Memory interface prescribes: consecutive reads in ascending order. */
    private static byte[] readSized(Memory memory, int address, int size) {
        switch (size) {
            case 2: return sizedBytes(2, memory.read16(address), 0);
            case 4: return sizedBytes(4, memory.read32(address), 0);
            case 8: return sizedBytes(8, memory.read64(address), 0);
            case 10: return sizedBytes(10, memory.read64(address), memory.read16(address + 8));
            case 16: return sizedBytes(16, memory.read64(address), memory.read64(address + 8));
            default: throw new IllegalArgumentException("size " + size);
        }
    }

    private static byte[] sizedBytes(int size, long low, long high) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) out[i] = (byte) (i < 8 ? low >>> (8 * i) : high >>> (8 * (i - 8)));
        return out;
    }
}
