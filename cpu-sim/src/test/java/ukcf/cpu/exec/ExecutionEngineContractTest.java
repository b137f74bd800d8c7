package ukcf.cpu.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import ukcf.cpu.Cpu;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.state.CpuState;

/** The {@link ExecutionEngine} contract, held against every engine. */
class ExecutionEngineContractTest {
    private static final int CODE = 0x1000;
    private final AddressSpace space = new AddressSpace();
    private final Cpu cpu = new Cpu(space.newView(Privilege.USER), IoPortBus.FLOATING);

    private void load(String hex, int protection) {
        byte[] code = HexFormat.of().parseHex(hex);
        space.map(CODE, AddressSpace.PAGE_SIZE, protection);
        space.writeHost(CODE, code, 0, code.length);
        cpu.state.eip = CODE;
    }

    @ParameterizedTest
    @ValueSource(strings = {"interp", "dbt"})
    void theBudgetIsExactAndTheTimeStampCounterCountsInstructions(String name) {
        ExecutionEngine engine = Engines.named(name);
        load("83c001" + "ebfb", Protection.ALL);   // l: add eax, 1; jmp l
        assertEquals(101, engine.run(cpu, 101));
        assertEquals(51, cpu.state.gpr[CpuState.EAX]);
        assertEquals(CODE + 3, cpu.state.eip);
        assertEquals(101, engine.executedInstructions());
        assertEquals(101, cpu.state.timeStampCounter);
        assertEquals(1000, engine.run(cpu, 1000));
        assertEquals(1101, engine.executedInstructions());
        assertEquals(551, cpu.state.gpr[CpuState.EAX]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"interp", "dbt"})
    void runStopsWhenTheCpuHalts(String name) {
        ExecutionEngine engine = Engines.named(name);
        load("b805000000" + "f4" + "b806000000", Protection.ALL);   // mov eax, 5; hlt; mov eax, 6
        cpu.state.cpl = 0;
        assertEquals(2, engine.run(cpu, 1000));
        assertTrue(cpu.state.halted);
        assertEquals(5, cpu.state.gpr[CpuState.EAX]);
        assertEquals(CODE + 6, cpu.state.eip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"interp", "dbt"})
    void codeWithoutExecutePermissionFaultsOnFetch(String name) {
        ExecutionEngine engine = Engines.named(name);
        load("b805000000" + "90", Protection.USER_READ_WRITE);
        GuestFault fault = assertThrows(GuestFault.class, () -> engine.run(cpu, 10));
        assertEquals(ExceptionVector.PF, fault.vector());
        assertEquals(CODE, fault.eip());
        assertEquals(GuestFault.PF_PRESENT | GuestFault.PF_USER | GuestFault.PF_FETCH, fault.errorCode());
        assertEquals(0, engine.executedInstructions());
    }

    /** Translations must not outlive the execute permission they were made under (mprotect), nor the mapping (munmap). */
    @ParameterizedTest
    @ValueSource(strings = {"interp", "dbt"})
    void protectAndUnmapTakeTranslatedCodeAway(String name) {
        ExecutionEngine engine = Engines.named(name);
        load("83c001" + "ebfb", Protection.ALL);
        engine.run(cpu, 10);
        space.protect(CODE, AddressSpace.PAGE_SIZE, Protection.USER_READ_WRITE);
        GuestFault fault = assertThrows(GuestFault.class, () -> engine.run(cpu, 10));
        assertEquals(ExceptionVector.PF, fault.vector());
        space.protect(CODE, AddressSpace.PAGE_SIZE, Protection.ALL);
        engine.run(cpu, 10);
        space.unmap(CODE, AddressSpace.PAGE_SIZE);
        fault = assertThrows(GuestFault.class, () -> engine.run(cpu, 10));
        assertEquals(0, fault.errorCode() & GuestFault.PF_PRESENT);
        // New code mapped where the old was (execve, mmap over old code) runs as itself.
        load("83e802" + "ebfb", Protection.ALL);   // l: sub eax, 2; jmp l
        int before = cpu.state.gpr[CpuState.EAX];
        engine.run(cpu, 10);
        assertEquals(before - 10, cpu.state.gpr[CpuState.EAX]);
    }
}
