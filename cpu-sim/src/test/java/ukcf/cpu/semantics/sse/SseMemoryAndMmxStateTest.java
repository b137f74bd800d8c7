package ukcf.cpu.semantics.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fp.Float80;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.semantics.Semantics;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.state.X87State;
import ukcf.cpu.testing.PagedTestMemory;

/**
 * Faults of SSE memory operands at a page boundary (0x2000 is unmapped): a 16-byte store that crosses into it
 * writes nothing, a load leaves the register alone, and a misaligned operand is #GP before paging is consulted.
 * And the x87/MMX transition of the MMX forms.
 */
class SseMemoryAndMmxStateTest {
    private static final HandlerTable HANDLERS = Semantics.all();
    private static final Xmm ORIGINAL = new Xmm(0x1111_2222_3333_4444L, 0x5555_6666_7777_8888L);
    private final PagedTestMemory memory = new PagedTestMemory();
    private final Cpu cpu = new Cpu(memory, null);

    @BeforeEach
    void mapOnePage() {
        memory.map(0x1000, 0x1000);
        memory.write64(0x1FF8, 0x0102_0304_0506_0708L);
        XmmOperands.setRegister(cpu.state.sse, 3, ORIGINAL);
        cpu.state.gpr[CpuState.EBX] = 0x1FF8;
    }

    private void execute(String key, Operand... operands) {
        HANDLERS.lookup(key).execute(cpu, SseVectorsTest.instruction(key, List.of(operands)));
    }

    private static Operand.Mem atEbx(int size) {
        return new Operand.Mem(Segment.DS, CpuState.EBX, -1, 1, 0, size, 32);
    }

    private static final Operand XMM3 = new Operand.Reg(RegisterBank.XMM, 3, 16);

    @Test
    void storeCrossingIntoAnUnmappedPageWritesNothing() {
        GuestFault fault = assertThrows(GuestFault.class, () -> execute("MOVDQU", atEbx(16), XMM3));
        assertEquals(ExceptionVector.PF, fault.vector());
        assertEquals(0x0102_0304_0506_0708L, memory.read64(0x1FF8));
    }

    @Test
    void loadCrossingIntoAnUnmappedPageLeavesTheRegister() {
        GuestFault fault = assertThrows(GuestFault.class, () -> execute("MOVUPS", XMM3, atEbx(16)));
        assertEquals(ExceptionVector.PF, fault.vector());
        assertEquals(0x2000, fault.faultAddress());
        assertEquals(ORIGINAL, XmmOperands.register(cpu.state.sse, 3));
    }

    @Test
    void eightByteOperandsNeedNoAlignment() {
        execute("MOVSD_XMM", XMM3, atEbx(8));
        assertEquals(new Xmm(0x0102_0304_0506_0708L, 0), XmmOperands.register(cpu.state.sse, 3));
    }

    @Test
    void misalignmentIsCheckedBeforePaging() {
        cpu.state.gpr[CpuState.EBX] = 0x2008;      // unmapped and not 16-byte aligned
        GuestFault fault = assertThrows(GuestFault.class, () -> execute("PADDB", XMM3, atEbx(16)));
        assertEquals(ExceptionVector.GP, fault.vector());
        assertEquals(0, fault.errorCode());
    }

    @Test
    void mmxInstructionsSwitchTheFpuToMmxMode() {
        X87State x87 = cpu.state.x87;
        x87.top = 5;
        x87.nonEmpty = 0x01;
        Operand mm2 = new Operand.Reg(RegisterBank.MMX, 2, 8), mm3 = new Operand.Reg(RegisterBank.MMX, 3, 8);
        MmxState.write(x87, 3, 0x0101_0101_0101_0101L);
        execute("PADDB", mm2, mm3);
        assertEquals(0, x87.top);
        assertEquals(0xFF, x87.nonEmpty);
        assertEquals(new Float80(0xFFFF, 0x0101_0101_0101_0101L), x87.registers[2]);
        x87.top = 3;
        execute("EMMS");
        assertEquals(0, x87.nonEmpty);
        assertEquals(0, x87.top);
    }

    @Test
    void clflushOfAnUnmappedLinePageFaultsButPrefetchDoesNot() {
        cpu.state.gpr[CpuState.EBX] = 0x3000;
        execute("PREFETCHNTA", atEbx(1));
        GuestFault fault = assertThrows(GuestFault.class, () -> execute("CLFLUSH", atEbx(1)));
        assertEquals(ExceptionVector.PF, fault.vector());
    }

    @Test
    void aFaultingMmxInstructionLeavesTheFpuAlone() {
        X87State x87 = cpu.state.x87;
        x87.top = 5;
        cpu.state.gpr[CpuState.EBX] = 0x3000;      // unmapped
        Operand mm2 = new Operand.Reg(RegisterBank.MMX, 2, 8);
        assertThrows(GuestFault.class, () -> execute("PADDB", mm2, atEbx(8)));
        assertEquals(5, x87.top);
    }

    @Test
    void aPendingX87ExceptionRaisesMathFaultFirst() {
        X87State x87 = cpu.state.x87;
        x87.status |= X87State.ERROR_SUMMARY;
        Operand mm2 = new Operand.Reg(RegisterBank.MMX, 2, 8);
        GuestFault fault = assertThrows(GuestFault.class, () -> execute("PXOR", mm2, mm2));
        assertEquals(ExceptionVector.MF, fault.vector());
        assertEquals(0, x87.top);
        assertEquals(Float80.POSITIVE_ZERO, x87.registers[2]);
    }
}
