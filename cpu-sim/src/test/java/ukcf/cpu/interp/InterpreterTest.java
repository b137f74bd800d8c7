package ukcf.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.testing.MiniAssembler;
import ukcf.cpu.testing.PagedTestMemory;

class InterpreterTest {
    private final MiniAssembler assembler = new MiniAssembler();
    private final Map<Integer, Instruction> program = new HashMap<>();
    private final PagedTestMemory memory = new PagedTestMemory();
    private final Cpu cpu = new Cpu(memory, IoPortBus.FLOATING);
    private final Interpreter interpreter = new Interpreter((m, address) -> {
        Instruction insn = program.get(address);
        if (insn == null) throw GuestFault.pageFault(address, GuestFault.PF_USER | GuestFault.PF_FETCH);
        return insn;
    });

    private void place(int address, String... texts) {
        for (String text : texts) {
            program.put(address, assembler.assemble(text, address, 4));
            address += 4;
        }
    }

    @Test
    void aFormWithoutHandlerRaisesUndefinedOpcodeNamingItsBytes() {
        OpcodeForm form = new OpcodeForm(99_999, "0F 0B", "mystery", "NO_SUCH_OPERATION", List.of(), 0, 0, 0, Set.of(), -1);
        program.put(0x1000, new Instruction(0x1000, 2, new byte[] {0x0F, (byte) 0xFF}, form, 0, null, 32, 32, List.of()));
        cpu.state.eip = 0x1000;
        cpu.state.gpr[CpuState.EAX] = 7;
        GuestFault fault = assertThrows(GuestFault.class, () -> interpreter.step(cpu));
        assertEquals(ExceptionVector.UD, fault.vector());
        assertEquals(0x1000, fault.eip());
        assertTrue(fault.detail().contains("0f ff"), fault.detail());
        assertEquals(0x1000, cpu.state.eip);
        assertEquals(0, interpreter.executedInstructions());
    }

    @Test
    void aFetchFaultIsAttributedToTheInstructionAddress() {
        cpu.state.eip = 0x5000;
        GuestFault fault = assertThrows(GuestFault.class, () -> interpreter.step(cpu));
        assertEquals(ExceptionVector.PF, fault.vector());
        assertEquals(0x5000, fault.eip());
        assertEquals(0x5000, fault.faultAddress());
    }

    @Test
    void runStopsAfterTheBudgetCountsInstructionsAndAdvancesTheTimeStampCounter() {
        place(0x1000, "add eax, 1", "jmp 0x1000");
        cpu.state.eip = 0x1000;
        assertEquals(101, interpreter.run(cpu, 101));
        assertEquals(51, cpu.state.gpr[CpuState.EAX]);
        assertEquals(0x1004, cpu.state.eip);
        assertEquals(101, interpreter.executedInstructions());
        assertEquals(101, cpu.state.timeStampCounter);
    }

    @Test
    void runStopsWhenTheCpuHalts() {
        place(0x1000, "mov eax, 5", "hlt", "mov eax, 6");
        cpu.state.cpl = 0;
        cpu.state.eip = 0x1000;
        assertEquals(2, interpreter.run(cpu, 1000));
        assertTrue(cpu.state.halted);
        assertEquals(5, cpu.state.gpr[CpuState.EAX]);
        assertEquals(0x1008, cpu.state.eip);
    }

    @Test
    void theTraceHookSeesEveryInstructionBeforeItRuns() {
        place(0x1000, "mov eax, 1", "mov ebx, 2", "nop");
        cpu.state.eip = 0x1000;
        List<String> seen = new ArrayList<>();
        interpreter.setTrace((address, insn) -> seen.add(Integer.toHexString(address) + " " + insn.form().mnemonic()
                + " eax=" + cpu.state.gpr[CpuState.EAX]));
        interpreter.run(cpu, 3);
        assertEquals(List.of("1000 mov eax=0", "1004 mov eax=1", "1008 nop eax=1"), seen);
    }

    @Test
    void aFaultingInstructionLeavesRegistersAndFlagsAsBefore() {
        place(0x1000, "pop dword [0x100000]");
        memory.map(0x7000, 0x2000);
        cpu.state.eip = 0x1000;
        cpu.state.gpr[CpuState.ESP] = 0x7ffc;
        cpu.state.flags.set(0x8d7);
        GuestFault fault = assertThrows(GuestFault.class, () -> interpreter.step(cpu));
        assertEquals(ExceptionVector.PF, fault.vector());
        assertEquals(0x7ffc, cpu.state.gpr[CpuState.ESP]);
        assertEquals(0x8d7, cpu.state.flags.get());
        assertEquals(0x1000, cpu.state.eip);
    }

    @Test
    void theDefaultInterpreterDecodesMachineCodeFromMemory() {
        // mov ecx, 5; add eax, ecx; loop -4 (back to the add); hlt
        byte[] code = {(byte) 0xB9, 5, 0, 0, 0, 0x01, (byte) 0xC8, (byte) 0xE2, (byte) 0xFC, (byte) 0xF4};
        memory.map(0x1000, code.length);
        memory.write(0x1000, code, 0, code.length);
        Interpreter real = new Interpreter();
        cpu.state.cpl = 0;
        cpu.state.eip = 0x1000;
        assertEquals(12, real.run(cpu, 100));
        assertEquals(15, cpu.state.gpr[CpuState.EAX]);
        assertTrue(cpu.state.halted);
    }
}
