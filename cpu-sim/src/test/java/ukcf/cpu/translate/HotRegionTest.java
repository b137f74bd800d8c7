package ukcf.cpu.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import ukcf.cpu.Cpu;
import ukcf.cpu.exec.ExecutionEngine;
import ukcf.cpu.interp.Interpreter;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.state.CpuState;

/** Hot regions form, and a loop across blocks and calls gives the interpreter's state and counts, under any budget. */
class HotRegionTest {
    private static final int CODE = 0x1000, STACK_TOP = 0x30000;
    // l: push edx; call f; add esp, 4; add ebx, eax; dec edx; jnz l; jmp e;
    // f: mov eax, [esp+4]; imul eax, eax, 3; shr eax, 1; ret; e: nop
    private static final String CALL_LOOP = "52e80a00000083c40401c34a75f2eb0a8b4424046bc003d1e8c390";

    // l: test dl, 1; mov eax, a; mov ecx, b; cmovnz eax, ecx; jmp eax; a: add ebx, 1; jmp back; b: add ebx, 2;
    // back: dec edx; jnz l; nop
    private static final String INDIRECT_LOOP = "f6c201b812100000b9171000000f45c1ffe083c301eb0383c3024a75e390";

    private static Cpu machine() {
        return machine(CALL_LOOP);
    }

    private static Cpu machine(String program) {
        AddressSpace space = new AddressSpace();
        byte[] code = HexFormat.of().parseHex(program);
        space.map(CODE, AddressSpace.PAGE_SIZE, Protection.ALL);
        space.map(0x20000, 0x10000, Protection.USER_READ_WRITE);
        space.writeHost(CODE, code, 0, code.length);
        Cpu cpu = new Cpu(space.newView(Privilege.USER), IoPortBus.FLOATING);
        cpu.state.gpr[CpuState.EDX] = 5000;
        cpu.state.gpr[CpuState.ESP] = STACK_TOP;
        cpu.state.eip = CODE;
        return cpu;
    }

    @Test
    void aLoopWithCallsRunsAsARegionAndMatchesTheInterpreter() {
        Cpu reference = machine(), translated = machine();
        int end = CODE + CALL_LOOP.length() / 2;
        ExecutionEngine interpreter = new Interpreter();
        TranslatingEngine engine = new TranslatingEngine(TranslatorOptions.DEFAULT.withRegionThreshold(2));
        long expected = interpreter.runUntil(reference, Long.MAX_VALUE, address -> address == end);
        // Odd budgets: a region must stop exactly at each one.
        long done = 0;
        while (translated.state.eip != end) {
            done += engine.runUntil(translated, 997, address -> address == end);
        }
        assertEquals(expected, done);
        assertEquals(expected, engine.executedInstructions());
        assertArrayEquals(reference.state.gpr, translated.state.gpr);
        assertEquals(reference.state.flags.get(), translated.state.flags.get());
        assertEquals(reference.state.timeStampCounter, translated.state.timeStampCounter);
        assertTrue(engine.translatedRegions() > 0, "no region was made");
        assertTrue(engine.interpretedInstructions() < expected / 10, "interpreted " + engine.interpretedInstructions());
    }

    @Test
    void aLoopThroughAnIndirectJumpMatchesTheInterpreter() {
        Cpu reference = machine(INDIRECT_LOOP), translated = machine(INDIRECT_LOOP);
        int end = CODE + INDIRECT_LOOP.length() / 2 - 1;
        long expected = new Interpreter().runUntil(reference, Long.MAX_VALUE, address -> address == end);
        TranslatingEngine engine = new TranslatingEngine(TranslatorOptions.DEFAULT.withRegionThreshold(50));
        long done = engine.runUntil(translated, Long.MAX_VALUE, address -> address == end);
        assertEquals(expected, done);
        assertArrayEquals(reference.state.gpr, translated.state.gpr);
        assertEquals(reference.state.flags.get(), translated.state.flags.get());
        assertEquals(expected, engine.executedInstructions());
    }
}
