package ukcf.cpu.verify.nativeharness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.verify.InitialState;
import ukcf.cpu.verify.MachineState;
import ukcf.cpu.verify.TestCase;

/** The harness against facts about real i386 execution that need no emulator. */
@ExtendWith(NativeOracleExtension.class)
class NativeOracleTest {
    private static NativeOracle oracle;

    @BeforeAll
    static void start(NativeOracle started) {
        oracle = started;
    }

    private static MachineState runOne(TestCase c) {
        MachineState[] copy = new MachineState[1];
        oracle.run(List.of(c), (i, s) -> copy[0] = snapshot(s));
        return copy[0];
    }

    private static MachineState snapshot(MachineState s) {
        MachineState c = new MachineState();
        System.arraycopy(s.gpr, 0, c.gpr, 0, 8);
        c.eflags = s.eflags;
        c.eip = s.eip;
        c.fault = s.fault;
        c.errorCode = s.errorCode;
        c.faultAddress = s.faultAddress;
        c.failure = s.failure;
        System.arraycopy(s.fxsave, 0, c.fxsave, 0, s.fxsave.length);
        System.arraycopy(s.data, 0, c.data, 0, s.data.length);
        System.arraycopy(s.stack, 0, c.stack, 0, s.stack.length);
        return c;
    }

    private static TestCase code(String hex) { return InitialState.blank(hex, HexFormat.of().parseHex(hex)); }

    @Test
    void addSetsResultAndFlags() {
        // mov $5,%eax; add %eax,%eax
        MachineState s = runOne(code("b80500000001c0"));
        assertNull(s.failure);
        assertEquals(10, s.gpr[0]);
        assertEquals(HarnessLayout.CODE_BASE + 7, s.eip);
        assertEquals(Eflags.PF, s.eflags & Eflags.STATUS);   // 10 = 0b1010: even parity, no carry, not zero
    }

    @Test
    void registersFlagsAndMemoryComeFromTheInputRecord() {
        // add %ebx,%eax ; mov %eax,0x20000010 ; push %ecx
        TestCase base = code("01d8a310000020" + "51");
        int[] gpr = base.gpr().clone();
        gpr[0] = 0x7FFFFFFF;
        gpr[3] = 1;
        gpr[1] = 0xCAFEBABE;
        TestCase c = new TestCase("overflow", base.code(), gpr, Eflags.FIXED_1 | Eflags.CF, base.fxsave(),
                base.data(), base.stack());
        MachineState s = runOne(c);
        assertEquals(0x80000000, s.gpr[0]);
        assertEquals(Eflags.OF | Eflags.SF | Eflags.AF | Eflags.PF, s.eflags & Eflags.STATUS);
        assertEquals(0x80, s.data[0x13] & 0xFF);
        assertEquals(InitialState.INITIAL_ESP - 4, s.gpr[4]);
        assertEquals(0xBE, s.stack[HarnessLayout.STACK_SIZE / 2 - 4] & 0xFF);
    }

    @Test
    void faultsAreRecordedAndTheBatchContinues() {
        List<TestCase> cases = new ArrayList<>();
        cases.add(code("31c9f7f1"));                 // xor %ecx,%ecx; div %ecx -> #DE at the div
        cases.add(code("a100100000"));               // mov 0x1000,%eax -> #PF read, not present
        cases.add(code("0f0b"));                     // ud2 -> #UD
        cases.add(code("90cc"));                     // nop; int3 -> #BP, EIP after the int3
        cases.add(code("b807000000"));               // still alive: mov $7,%eax
        cases.add(code("c7050010000001000000"));     // movl $1,0x1000 -> #PF write
        List<MachineState> results = new ArrayList<>();
        oracle.run(cases, (i, s) -> results.add(snapshot(s)));
        int code = HarnessLayout.CODE_BASE;

        assertEquals(ExceptionVector.DE, results.get(0).fault);
        assertEquals(code + 2, results.get(0).eip);
        assertEquals(ExceptionVector.PF, results.get(1).fault);
        assertEquals(code, results.get(1).eip);
        assertEquals(HarnessLayout.UNMAPPED, results.get(1).faultAddress);
        assertEquals(4, results.get(1).errorCode);   // user, read, not present
        assertEquals(ExceptionVector.UD, results.get(2).fault);
        assertEquals(ExceptionVector.BP, results.get(3).fault);
        assertEquals(code + 2, results.get(3).eip);
        assertNull(results.get(4).fault);
        assertEquals(7, results.get(4).gpr[0]);
        assertEquals(ExceptionVector.PF, results.get(5).fault);
        assertEquals(6, results.get(5).errorCode);   // user, write, not present
    }

    @Test
    void anExecutableTheHostCannotRunIsReportedNotThrown() {
        byte[] notAnExecutable = "neither ELF nor script\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        NativeOracle.HostCannotRunI386 e = org.junit.jupiter.api.Assertions.assertThrows(
                NativeOracle.HostCannotRunI386.class, () -> NativeOracle.start(notAnExecutable));
        // The JDK hands ENOEXEC images to /bin/sh, so this surfaces as a harness that exits at once.
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().matches(".*(Exec format error|exit status).*"), e.getMessage());
    }

    @Test
    void aTruncatedHarnessIsReportedAsUnusable() {
        byte[] elf = HarnessProgram.build();
        NativeOracle.HostCannotRunI386 e = org.junit.jupiter.api.Assertions.assertThrows(
                NativeOracle.HostCannotRunI386.class, () -> NativeOracle.start(java.util.Arrays.copyOf(elf, 200)));
        org.junit.jupiter.api.Assertions.assertNotNull(e.getMessage());
    }

    @Test
    void fpuStateRoundTripsThroughFxsave() {
        // fld1; fadd %st(0),%st(0)  -> ST0 = 2.0, TOP = 7
        MachineState s = runOne(code("d9e8d8c0"));
        assertEquals(7, (s.fxsave[3] >> 3) & 7);             // FSW.TOP
        assertEquals(0x80, s.fxsave[32 + 7] & 0xFF);          // significand msb
        assertEquals(0x4000, (s.fxsave[32 + 8] & 0xFF) | (s.fxsave[32 + 9] & 0xFF) << 8);
    }
}
