package ukcf.cpu.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ukcf.cpu.Cpu;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.memory.AddressSpace;
import ukcf.cpu.memory.Privilege;
import ukcf.cpu.memory.Protection;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.translate.TranslatingEngine;
import ukcf.cpu.translate.TranslatorOptions;

/**
 * The programs of {@code engine-programs.tsv} through every engine: each must leave exactly the interpreter's
 * state, including at faults (precise state, per fault kind), software interrupts and self-modifying code, and
 * the known answers the table gives. Each program runs three times on one engine and address space, each
 * time after its code was loaded again, so that cached translations are both reused and invalidated.
 */
class EngineProgramsTest {
    private static final int CODE = 0x1000, DATA = 0x3000, READ_ONLY = 0x5000, STACK = 0x8000, STACK_TOP = 0x9800;
    private static final String[] REGISTERS = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

    record Program(String name, String expected, String source, byte[] code) { }

    /** Everything an engine leaves behind that a program can observe, and the engine's count. */
    record Outcome(String state, String event, long executed, long timeStamp, byte[] data, byte[] stack) { }

    /** Every engine, and the translator making hot regions from a block's second execution on. */
    private static final Map<String, Supplier<ExecutionEngine>> ENGINES = new LinkedHashMap<>();

    static {
        for (String name : Engines.NAMES) ENGINES.put(name, () -> Engines.named(name));
        ENGINES.put("dbt, regions", () -> new TranslatingEngine(TranslatorOptions.fromSystemProperties().withRegionThreshold(2)));
        // Interpreted a block at a time on the first run, translated from the second.
        ENGINES.put("dbt, cold first", () -> new TranslatingEngine(TranslatorOptions.fromSystemProperties().withTranslateThreshold(2)));
    }

    @TestFactory
    Stream<DynamicTest> everyEngineLeavesTheInterpretersState() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Program program : programs()) {
            for (String engine : ENGINES.keySet()) {
                tests.add(DynamicTest.dynamicTest(program.name() + " [" + engine + "]", () -> check(program, engine)));
            }
        }
        return tests.stream();
    }

    private static void check(Program program, String engineName) {
        Outcome reference = run(program, Engines.named("interp"), new Machine()).get(0);
        checkExpected(program, reference);
        ExecutionEngine engine = ENGINES.get(engineName).get();
        Machine machine = new Machine();
        for (Outcome got : run(program, engine, machine)) {
            assertEquals(reference.event(), got.event(), "event");
            assertEquals(reference.state(), got.state(), "registers, EIP, EFLAGS");
            assertEquals(reference.executed(), got.executed(), "instructions executed");
            assertEquals(reference.timeStamp(), got.timeStamp(), "time-stamp counter");
            assertArrayEquals(reference.data(), got.data(), "data memory");
            assertArrayEquals(reference.stack(), got.stack(), "stack memory");
        }
    }

    private static void checkExpected(Program program, Outcome reference) {
        if (program.expected().equals("-")) return;
        for (String pair : program.expected().split(" ")) {
            String key = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (key.equals("fault") || key.equals("int")) {
                assertEquals(key + "=" + value, reference.event().split(" ")[0], "event of " + program.name());
            } else {
                String actual = reference.state().split(key + "=")[1].substring(0, 8);
                assertEquals((int) Long.decode(value).longValue(), Integer.parseUnsignedInt(actual, 16), key);
            }
        }
    }

    /** One address space and CPU, laid out as the table's header says. */
    private static final class Machine {
        final AddressSpace space = new AddressSpace();
        final Cpu cpu = new Cpu(space.newView(Privilege.USER), IoPortBus.FLOATING);

        Machine() {
            space.map(CODE, AddressSpace.PAGE_SIZE, Protection.ALL);
            space.map(DATA, 2 * AddressSpace.PAGE_SIZE, Protection.USER_READ_WRITE);
            space.map(READ_ONLY, AddressSpace.PAGE_SIZE, Protection.USER | Protection.READ);
            space.map(STACK, 2 * AddressSpace.PAGE_SIZE, Protection.USER_READ_WRITE);
        }

        void load(Program program) {
            space.writeHost(CODE, new byte[AddressSpace.PAGE_SIZE], 0, AddressSpace.PAGE_SIZE);
            space.writeHost(CODE, program.code(), 0, program.code().length);
            space.writeHost(DATA, new byte[2 * AddressSpace.PAGE_SIZE], 0, 2 * AddressSpace.PAGE_SIZE);
            space.writeHost(STACK, new byte[2 * AddressSpace.PAGE_SIZE], 0, 2 * AddressSpace.PAGE_SIZE);
            CpuState s = cpu.state;
            java.util.Arrays.fill(s.gpr, 0);
            s.gpr[CpuState.ESP] = STACK_TOP;
            s.eip = CODE;
            s.flags.set(0x202);
            s.timeStampCounter = 1000;
            s.halted = false;
        }
    }

    /** Runs the program twice (load, run; load again, run); the outcomes of both runs. */
    private static List<Outcome> run(Program program, ExecutionEngine engine, Machine machine) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            machine.load(program);
            long before = engine.executedInstructions();
            CpuState s = machine.cpu.state;
            String event = "end";
            try {
                engine.runUntil(machine.cpu, 1_000_000, address -> address < CODE || address >= CODE + program.code().length);
            } catch (GuestFault fault) {
                event = String.format("fault=%s eip=%08x error=%x address=%08x", fault.vector(), fault.eip(),
                        fault.errorCode(), fault.faultAddress());
                assertEquals(fault.eip(), s.eip, "EIP after a fault is the faulting instruction's");
            } catch (SoftwareInterrupt trap) {
                event = String.format("int=0x%x return=%08x", trap.vector(), trap.returnAddress());
            }
            StringBuilder state = new StringBuilder();
            for (int r = 0; r < 8; r++) state.append(String.format("%s=%08x ", REGISTERS[r], s.gpr[r]));
            state.append(String.format("eip=%08x eflags=%08x", s.eip, s.flags.get()));
            byte[] data = new byte[2 * AddressSpace.PAGE_SIZE], stack = new byte[2 * AddressSpace.PAGE_SIZE];
            machine.space.readHost(DATA, data, 0, data.length);
            machine.space.readHost(STACK, stack, 0, stack.length);
            outcomes.add(new Outcome(state.toString(), event, engine.executedInstructions() - before,
                    s.timeStampCounter, data, stack));
        }
        return outcomes;
    }

    private static List<Program> programs() throws IOException {
        List<Program> programs = new ArrayList<>();
        try (InputStream in = EngineProgramsTest.class.getResourceAsStream("/ukcf/cpu/translate/engine-programs.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] fields = line.split("\t");
                programs.add(new Program(fields[0], fields[1], fields[2], HexFormat.of().parseHex(fields[3])));
            }
        }
        return programs;
    }
}
