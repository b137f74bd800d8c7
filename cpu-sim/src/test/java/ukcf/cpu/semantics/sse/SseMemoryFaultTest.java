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
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.semantics.Semantics;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.testing.PagedTestMemory;

/**
 * Faults of SSE memory operands at a page boundary (0x2000 is unmapped): a 16-byte store that crosses into it
 * writes nothing, a load leaves the register alone, and a misaligned operand is #GP before paging is consulted.
 */
class SseMemoryFaultTest {
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
        execute("MOVSD", XMM3, atEbx(8));
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
    void mmxRegistersAreUndefinedOpcodes() {
        Operand mm0 = new Operand.Reg(RegisterBank.MMX, 0, 8);
        GuestFault fault = assertThrows(GuestFault.class, () -> execute("PADDB", mm0, mm0));
        assertEquals(ExceptionVector.UD, fault.vector());
        GuestFault movd = assertThrows(GuestFault.class,
                () -> execute("MOVD", mm0, new Operand.Reg(RegisterBank.GPR, CpuState.EAX, 4)));
        assertEquals(ExceptionVector.UD, movd.vector());
    }
}
