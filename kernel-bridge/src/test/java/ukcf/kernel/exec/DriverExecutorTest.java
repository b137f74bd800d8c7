package ukcf.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.kernel.HostKernel;
import ukcf.kernel.api.KernelApi;
import ukcf.kernel.api.KernelExports;
import ukcf.kernel.log.SymbolNamer;

/**
 * Hand-assembled driver functions run by the executor on both engines: exits to host functions and back, the
 * retpoline thunk, copies to a process's user memory, and each way a call can fail (oops with backtrace, an
 * unimplemented import, a lockup), after which the next call still works.
 */
class DriverExecutorTest {
    private static final int CODE = 0xC8000000, DATA = 0xC8010000, STACK = 0xC8020000, USER = 0x08000000;
    private static final int SYMBOLS = 0xFF000000, SENTINEL = 0xFEFFF000;

    private final HostKernel kernel = new HostKernel();
    private final KernelExports exports = KernelApi.exports(SYMBOLS, SYMBOLS + 0x100000);
    private final AddressSpace kernelSpace = new AddressSpace(), userSpace = new AddressSpace();
    private final ProcessContextMemory memory;

    DriverExecutorTest() {
        kernelSpace.map(CODE, 0x1000, Protection.ofLinuxProt(7, false));
        kernelSpace.map(DATA, 0x1000, Protection.ofLinuxProt(3, false));
        kernelSpace.map(STACK - 0x2000, 0x2000, Protection.ofLinuxProt(3, false));
        userSpace.map(USER, 0x1000, Protection.ofLinuxProt(3, true));
        memory = new ProcessContextMemory(userSpace.newView(Privilege.SUPERVISOR), kernelSpace.newView(Privilege.SUPERVISOR));
        kernel.setSymbols(address -> {
            long a = Integer.toUnsignedLong(address) - Integer.toUnsignedLong(CODE);
            if (a >= 0 && a < 0x80) return new SymbolNamer.Symbol("outer", CODE, 0x80, "test_mod");
            if (a >= 0x80 && a < 0x100) return new SymbolNamer.Symbol("inner", CODE + 0x80, 0x80, "test_mod");
            return null;
        });
    }

    /** Little assembler: bytes, 32-bit immediates and call rel32 to an absolute target. */
    private final class Code {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int at;

        Code(int at) { this.at = at; }

        Code b(int... values) { for (int v : values) bytes.write(v); return this; }

        Code imm(int v) { return b(v, v >>> 8, v >>> 16, v >>> 24); }

        Code call(int target) { b(0xE8); return imm(target - (at + bytes.size() + 4)); }

        Code call(String function) { return call(exports.addressOf(function)); }

        void place() {
            byte[] code = bytes.toByteArray();
            kernelSpace.writeHost(at, code, 0, code.length);
        }
    }

    private DriverExecutor executor(String engine, long budget) {
        return new DriverExecutor(kernel, exports, a -> Integer.toUnsignedLong(a - CODE) < 0x1000, SENTINEL, engine, budget);
    }

    @ParameterizedTest
    @ValueSource(strings = {"interp", "dbt"})
    void hostFunctionsThunksAndUserCopies(String engine) {
        DriverExecutor x = executor(engine, 1_000_000);
        byte[] digits = "123456789".getBytes(StandardCharsets.ISO_8859_1);
        kernelSpace.writeHost(DATA, digits, 0, digits.length);
        // f(seed, length) = crc32_le(seed, DATA, length) + 1
        new Code(CODE).b(0x89, 0xD1).b(0xBA).imm(DATA).call("crc32_le").b(0x40, 0xC3).place();
        CRC32 crc = new CRC32();
        crc.update(digits);
        assertEquals((int) ~crc.getValue() + 1, x.call(memory, STACK, CODE, ~0, 9).eax());

        // g() = through the retpoline thunk to h(), which returns 42
        new Code(CODE + 0x80).b(0xB8).imm(42).b(0xC3).place();
        new Code(CODE + 0x40).b(0xBE).imm(CODE + 0x80).call("__x86_indirect_thunk_esi").b(0xC3).place();
        assertEquals(42, x.call(memory, STACK, CODE + 0x40).eax());

        // k(to) = _copy_to_user(to, DATA, 4)
        new Code(CODE + 0x100).b(0xBA).imm(DATA).b(0xB9).imm(4).call("_copy_to_user").b(0xC3).place();
        assertEquals(0, x.call(memory, STACK, CODE + 0x100, USER + 8).eax());
        assertEquals(0x34333231, userSpace.newView(Privilege.HOST).read32(USER + 8));
        assertEquals(4, x.call(memory, STACK, CODE + 0x100, DATA + 64).eax(), "a kernel address is refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"interp", "dbt"})
    void failuresAreReportedAndTheNextCallWorks(String engine) {
        DriverExecutor x = executor(engine, 10_000);
        new Code(CODE + 0xC0).b(0xB8).imm(7).b(0xC3).place(); // a healthy function
        // outer: push %ebp; mov %esp,%ebp; call inner; pop %ebp; ret -- inner: mov 0xdead0000,%eax; ret
        new Code(CODE).b(0x55, 0x89, 0xE5).call(CODE + 0x80).b(0x5D, 0xC3).place();
        new Code(CODE + 0x80).b(0xA1).imm(0xDEAD0000).b(0xC3).place();
        DriverCallFailure oops = assertThrows(DriverCallFailure.class, () -> x.call(memory, STACK, CODE));
        assertEquals(DriverCallFailure.Kind.OOPS, oops.kind());
        assertEquals("BUG: unable to handle page fault for address 0xdead0000 at inner+0x0/0x80 [test_mod]: "
                + "mov    0xdead0000,%eax (a1 00 00 ad de)", oops.getMessage());
        assertTrue(oops.report().contains(" outer+0x8/0x80 [test_mod]"), String.join("\n", oops.report()));
        assertTrue(new String(kernel.log().readAll(1 << 16, false), StandardCharsets.ISO_8859_1).contains("Call Trace:"));
        assertEquals(7, x.call(memory, STACK, CODE + 0xC0).eax());

        new Code(CODE).call("dump_stack").b(0xC3).place();
        DriverCallFailure missing = assertThrows(DriverCallFailure.class, () -> x.call(memory, STACK, CODE));
        assertEquals(DriverCallFailure.Kind.UNIMPLEMENTED, missing.kind());
        assertEquals("call to unimplemented kernel function dump_stack from outer+0x5/0x80 [test_mod]", missing.getMessage());
        assertEquals(7, x.call(memory, STACK, CODE + 0xC0).eax());

        new Code(CODE).b(0xEB, 0xFE).place(); // jmp .
        assertEquals(DriverCallFailure.Kind.LOCKUP, assertThrows(DriverCallFailure.class, () -> x.call(memory, STACK, CODE)).kind());

        new Code(CODE).b(0xB8).imm(0x12345678).b(0xFF, 0xE0).place(); // jmp *%eax into nowhere
        DriverCallFailure wild = assertThrows(DriverCallFailure.class, () -> x.call(memory, STACK, CODE));
        assertEquals("jump to 0x12345678, outside every driver image and the kernel's exports", wild.getMessage());
        assertEquals(7, x.call(memory, STACK, CODE + 0xC0).eax());
    }
}
