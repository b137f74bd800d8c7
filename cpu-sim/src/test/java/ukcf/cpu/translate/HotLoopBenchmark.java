package ukcf.cpu.translate;

import java.util.HexFormat;
import ukcf.cpu.Cpu;
import ukcf.cpu.exec.Engines;
import ukcf.cpu.exec.ExecutionEngine;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.state.CpuState;

/**
 * Guest instructions per CPU second of each engine on small hot loops, best of several timed rounds after warm-up
 * (a plain main: the figures are large enough that JMH's rigour would not change the comparison).
 * Run: {@code java -cp cpu-sim/target/classes:cpu-sim/target/test-classes:ASM_JAR ukcf.cpu.translate.HotLoopBenchmark}.
 */
public final class HotLoopBenchmark {
    private static final int CODE = 0x1000, DATA = 0x10000, STACK_TOP = 0x30000;
    /** Timed in the running thread's CPU time: the host is shared, and the JIT compiles on threads of its own. */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private record Loop(String name, String hex, int counter) { }

    private static final Loop[] LOOPS = {
        // l: add eax, ecx; dec ecx; jnz l
        new Loop("register-loop", "01c84975fb", CpuState.ECX),
        // l: mov ecx, edx; and ecx, 1023; mov eax, [esi+ecx*4]; add eax, edx; mov [esi+ecx*4], eax; cmp eax, ebx;
        //    jb s; mov ebx, eax; s: dec edx; jnz l
        new Loop("memory-loop", "89d181e1ff0300008b048e01d089048e39d8720289c34a75e7", CpuState.EDX),
        // l: push edx; call f; add esp, 4; add ebx, eax; dec edx; jnz l; jmp e;
        // f: mov eax, [esp+4]; imul eax, eax, 3; shr eax, 1; ret; e: nop
        new Loop("call-loop", "52e80a00000083c40401c34a75f2eb0a8b4424046bc003d1e8c390", CpuState.EDX),
    };

    public static void main(String[] args) {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        for (Loop loop : LOOPS) {
            StringBuilder line = new StringBuilder(String.format("%-14s", loop.name()));
            for (String engine : Engines.NAMES) {
                double best = 0;
                ExecutionEngine e = Engines.named(engine);
                for (int round = 0; round < 8; round++) best = Math.max(best, run(loop, e, iterations));
                line.append(String.format("  %s %7.1f M instr/s", engine, best / 1e6));
                if (e instanceof TranslatingEngine t) line.append(String.format(" (%d regions)", t.translatedRegions()));
            }
            System.out.println(line);
        }
    }

    private static double run(Loop loop, ExecutionEngine engine, int iterations) {
        AddressSpace space = new AddressSpace();
        byte[] code = HexFormat.of().parseHex(loop.hex());
        space.map(CODE, AddressSpace.PAGE_SIZE, Protection.ALL);
        space.map(DATA, 0x20000, Protection.USER_READ_WRITE);
        space.writeHost(CODE, code, 0, code.length);
        Cpu cpu = new Cpu(space.newView(Privilege.USER), IoPortBus.FLOATING);
        cpu.state.gpr[loop.counter()] = iterations;
        cpu.state.gpr[CpuState.ESI] = DATA;
        cpu.state.gpr[CpuState.ESP] = STACK_TOP;
        cpu.state.eip = CODE;
        int end = CODE + code.length;
        long start = THREADS.getCurrentThreadCpuTime();
        long executed = engine.runUntil(cpu, Long.MAX_VALUE, address -> address == end);
        long elapsed = THREADS.getCurrentThreadCpuTime() - start;
        if (cpu.state.eip != end) throw new IllegalStateException(loop.name() + " stopped at " + Integer.toHexString(cpu.state.eip));
        return executed * 1e9 / elapsed;
    }
}
