package ukcf.kernel.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import ukcf.cpu.Cpu;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.state.CpuState;
import ukcf.kernel.HostKernel;

/** Host kernel functions called as driver code calls them: registers and stack set as by a call instruction. */
class KernelApiTest {
    private static final int SYMBOLS = 0xFF000000, KERNEL = 0xC1000000, STACK = 0xC2000000, USER = 0x08000000;
    private final KernelExports exports = KernelApi.exports(SYMBOLS, SYMBOLS + 0x100000);
    private final HostKernel kernel = new HostKernel();
    private final Cpu cpu;
    private int data = KERNEL;

    KernelApiTest() {
        AddressSpace space = new AddressSpace();
        space.map(KERNEL, 1 << 16, Protection.ofLinuxProt(3, false));
        space.map(STACK, 1 << 16, Protection.ofLinuxProt(3, false));
        space.map(USER, 4096, Protection.ofLinuxProt(3, true)); // one user page; the next is unmapped
        cpu = new Cpu(space.newView(Privilege.SUPERVISOR), IoPortBus.FLOATING);
        cpu.state.cpl = 0;
    }

    private int place(byte[] bytes) {
        int at = data;
        cpu.memory.write(at, bytes, 0, bytes.length);
        data += bytes.length + 16;
        return at;
    }

    private int string(String s) { return place((s + "\0").getBytes(StandardCharsets.ISO_8859_1)); }

    /**
     * Calls {@code name} as a call instruction would: the return address pushed, the first three arguments in EAX,
     * EDX, ECX under regparm (and for the register-interface functions), the rest (or all, for varargs) on the stack. Answers EAX.
     */
    private int call(String name, int... arguments) throws Throwable {
        KernelFunction f = exports.function(name);
        CpuState s = cpu.state;
        boolean regparm = f.convention() != KernelExport.Convention.VARARGS; // CUSTOM ones read registers too
        int sp = STACK + 0x8000;
        int onStack = regparm ? Math.max(0, arguments.length - 3) : arguments.length;
        for (int i = arguments.length - 1; i >= arguments.length - onStack; i--) cpu.memory.write32(sp -= 4, arguments[i]);
        cpu.memory.write32(sp -= 4, 0xC1234567);
        s.gpr[CpuState.ESP] = sp;
        int[] regs = {CpuState.EAX, CpuState.EDX, CpuState.ECX};
        for (int i = 0; regparm && i < Math.min(3, arguments.length); i++) s.gpr[regs[i]] = arguments[i];
        f.invoke(new KernelCall(cpu, f, kernel));
        return s.gpr[CpuState.EAX];
    }

    @Test
    void crcsMatchTheirCheckValues() throws Throwable {
        int digits = string("123456789");
        assertEquals(0xCBF43926, ~call("crc32_le", ~0, digits, 9), "CRC-32");
        assertEquals(0xE3069283, ~call("__crc32c_le", ~0, digits, 9), "CRC-32C");
        assertEquals(0xFC891918, ~call("crc32_be", ~0, digits, 9), "CRC-32/BZIP2");
    }

    @Test
    void desAndTripleDesKnownAnswers() throws Throwable {
        HexFormat hex = HexFormat.of();
        int context = place(new byte[128]), out = place(new byte[8]);
        assertEquals(0, call("des_expand_key", context, place(hex.parseHex("0123456789abcdef")), 8));
        call("des_encrypt", context, out, place(hex.parseHex("4e6f772069732074")));
        assertEquals("3fa40e8a984d4815", hex.formatHex(GuestBytes.read(cpu.memory, out, 8)), "FIPS 81: \"Now is t\"");
        call("des_decrypt", context, out, out);
        assertEquals("4e6f772069732074", hex.formatHex(GuestBytes.read(cpu.memory, out, 8)));
        assertEquals(GuestBytes.ENOKEY, call("des_expand_key", context, place(hex.parseHex("fefefefefefefefe")), 8));
        assertEquals(GuestBytes.EINVAL, call("des_expand_key", context, place(new byte[8]), 7));

        int context3 = place(new byte[384]);
        assertEquals(0, call("des3_ede_expand_key", context3,
                place(hex.parseHex("0123456789abcdef23456789abcdef01456789abcdef0123")), 24));
        call("des3_ede_encrypt", context3, out, place("The qufc".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("a826fd8ce53b855f", hex.formatHex(GuestBytes.read(cpu.memory, out, 8)), "SP 800-67 example");
        call("des3_ede_decrypt", context3, out, out);
        assertEquals("The qufc", new String(GuestBytes.read(cpu.memory, out, 8), StandardCharsets.ISO_8859_1));
        assertEquals(GuestBytes.ENOKEY, call("des3_ede_expand_key", context3,
                place(hex.parseHex("0123456789abcdef0123456789abcdef456789abcdef0123")), 24), "K1 = K2");
    }

    @Test
    void stringsAndFormatting() throws Throwable {
        int buffer = place(new byte[64]);
        assertEquals(GuestBytes.E2BIG, call("strscpy", buffer, string("abcdef"), 4));
        assertEquals("abc", new String(GuestBytes.string(cpu.memory, buffer, 64), StandardCharsets.ISO_8859_1));
        assertEquals(6, call("strscpy", buffer, string("abcdef"), 7));
        assertEquals(13, call("snprintf", buffer, 6, string("%s-%d"), string("abcdefgh"), 1234));
        assertEquals("abcde", new String(GuestBytes.string(cpu.memory, buffer, 64), StandardCharsets.ISO_8859_1));
        assertEquals(5, call("scnprintf", buffer, 6, string("%s-%d"), string("abcdefgh"), 1234));
        int a = string("hello"), b = string("help");
        assertTrue(call("strcmp", a, b) < 0);
        assertEquals(0, call("strncmp", a, b, 3));
        assertEquals(a + 2, call("strchr", a, 'l'));
        assertEquals(a + 3, call("strrchr", a, 'l'));
        assertEquals(a + 1, call("strstr", a, string("ell")));
        call("memcpy", buffer + 2, buffer, 8);
        assertEquals(4, call("strnlen", a, 4));
    }

    @Test
    void printkLogsWithItsLevel() throws Throwable {
        call("_printk", string("\0013ukcf: %s=%d\n"), string("answer"), 42);
        String log = new String(kernel.log().readAll(4096, false), StandardCharsets.ISO_8859_1);
        assertTrue(log.matches("<3>\\[ *\\d+\\.\\d{6}\\] ukcf: answer=42\n"), log);
    }

    @Test
    void userCopiesCheckTheRangeAndStopAtAFault() throws Throwable {
        int source = place("0123456789".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(0, call("_copy_to_user", USER + 10, source, 10));
        assertEquals(10, call("_copy_to_user", KERNEL, source, 10), "a kernel address is not user memory");
        assertEquals(6, call("_copy_to_user", USER + 4092, source, 10), "four bytes fit before the unmapped page");
        int into = place("xxxxxx".getBytes(StandardCharsets.ISO_8859_1));
        cpu.memory.write(USER + 4094, "ab".getBytes(StandardCharsets.ISO_8859_1), 0, 2);
        assertEquals(4, call("_copy_from_user", into, USER + 4094, 6));
        assertArrayEquals(new byte[] {'a', 'b', 0, 0, 0, 0}, GuestBytes.read(cpu.memory, into, 6),
                "what could not be read is zeroed");

        cpu.memory.write32(USER + 100, 0x11223344);
        call("__get_user_4", USER + 100);
        assertEquals(0x11223344, cpu.state.gpr[CpuState.EDX]);
        assertEquals(0xC1234567, cpu.state.eip, "returned to the caller");
        assertEquals(GuestBytes.EFAULT, call("__get_user_4", KERNEL));
        cpu.state.gpr[CpuState.ECX] = USER + 200;
        call("__put_user_4", 0x55667788, 0, USER + 200);
        assertEquals(0, cpu.state.gpr[CpuState.ECX]);
        assertEquals(0x55667788, cpu.memory.read32(USER + 200));
    }

    @Test
    void unimplementedImportsGetStubsAndStackProtectorOopses() {
        int stub = exports.addressOf("dump_stack");
        assertTrue(exports.contains(stub));
        assertNull(exports.at(stub));
        assertEquals("dump_stack", exports.unimplementedAt(stub));
        assertEquals(stub, exports.addressOf("dump_stack"));
        KernelOops oops = assertThrows(KernelOops.class, () -> call("__stack_chk_fail"));
        assertTrue(oops.getMessage().startsWith("stack-protector: Kernel stack is corrupted in: 0xc1234567"), oops.getMessage());
    }
}
