package ukcf.cpu.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import ukcf.cpu.Cpu;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.state.CpuState;

/** The code cache is bounded, and what it drops can be unloaded. */
class CodeCacheTest {
    private static final int CODE = 0x1000;
    /** Ten one-instruction blocks (jmp to the next instruction), then dec ecx; jnz back to the first. */
    private static final String TWELVE_BLOCK_LOOP = "eb00".repeat(10) + "4975e9";

    private final AddressSpace space = new AddressSpace();
    private final Cpu cpu = new Cpu(space.newView(Privilege.USER), IoPortBus.FLOATING);

    private void load(String hex) {
        byte[] code = HexFormat.of().parseHex(hex);
        space.map(CODE, AddressSpace.PAGE_SIZE, Protection.ALL);
        space.writeHost(CODE, code, 0, code.length);
        cpu.state.eip = CODE;
    }

    @Test
    void aFullCacheIsFlushedAndExecutionStaysExact() {
        load(TWELVE_BLOCK_LOOP);
        cpu.state.gpr[CpuState.ECX] = 100;
        TranslatingEngine engine = new TranslatingEngine(new TranslatorOptions(48, 4, 0, 24, 7000, 1));
        int end = CODE + TWELVE_BLOCK_LOOP.length() / 2;
        assertEquals(1200, engine.runUntil(cpu, 10_000, address -> address == end));
        assertEquals(0, cpu.state.gpr[CpuState.ECX]);
        CodeCache cache = CodeCache.of(space, 4);
        assertTrue(cache.flushes() > 0, "flushes");
        assertTrue(cache.size() <= 4, "blocks held: " + cache.size());
    }

    @Test
    void aBlockIsInterpretedUntilItHasRunTheThresholdTimes() {
        load("83c001" + "ebfb");   // l: add eax, 1; jmp l
        TranslatingEngine engine = new TranslatingEngine(TranslatorOptions.DEFAULT.withTranslateThreshold(4));
        assertEquals(6, engine.run(cpu, 6));
        assertNull(CodeCache.of(space, 1).lookup(CODE), "translated before its fourth execution");
        assertEquals(6, engine.interpretedInstructions());
        assertEquals(3, cpu.state.gpr[CpuState.EAX]);
        assertEquals(100, engine.run(cpu, 100));
        assertNotNull(CodeCache.of(space, 1).lookup(CODE), "not translated at its fourth execution");
        assertEquals(6, engine.interpretedInstructions(), "the fourth execution is translated");
        assertEquals(53, cpu.state.gpr[CpuState.EAX]);
        assertEquals(CODE, cpu.state.eip);
    }

    @Test
    void droppedTranslationsUnload() throws InterruptedException {
        load("83c001" + "ebfb");   // l: add eax, 1; jmp l
        TranslatingEngine engine = new TranslatingEngine(TranslatorOptions.DEFAULT.withTranslateThreshold(1));
        engine.run(cpu, 10);
        TranslatedBlock block = CodeCache.of(space, 1).lookup(CODE);
        assertNotNull(block);
        assertTrue(block.getClass().isHidden());
        WeakReference<Class<?>> translation = new WeakReference<>(block.getClass());
        block = null;
        engine = null;
        space.writeHost(CODE, new byte[] {(byte) 0x90}, 0, 1);   // the page's translations are dropped
        for (int attempt = 0; attempt < 10 && translation.get() != null; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(translation.get(), "the hidden class of a dropped block was not unloaded");
    }
}
