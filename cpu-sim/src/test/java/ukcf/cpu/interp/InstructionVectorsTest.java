package ukcf.cpu.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.exec.Engines;
import ukcf.cpu.exec.ExecutionEngine;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.io.IoPortBus;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.testing.VectorFiles;
import ukcf.cpu.testing.MiniAssembler;
import ukcf.cpu.testing.PagedTestMemory;

/**
 * Known-answer vectors from {@code src/test/resources/ukcf/cpu/interp/vectors/*.vec}, run through every execution
 * engine (the interpreter and the translator). One case per
 * line: {@code instructions | initial state | expected state | machine code}; instructions separated by
 * {@code ;} are placed 16 bytes apart from 0x1000 and run until EIP leaves them. Each case runs twice: from the
 * text (the test assembler builds the decoded instructions: semantics alone) and from the machine code through
 * the real decoder. Only what the expected field names is checked, so flags the SDM leaves undefined are simply
 * not listed. See {@code vectors/README} for the keys.
 */
class InstructionVectorsTest {
    static final int CODE = 0x1000, SLOT = 16, STACK_TOP = 0x8000;
    private static final List<String> FLAG_NAMES = List.of("CF", "PF", "AF", "ZF", "SF", "OF", "DF", "IF", "TF", "AC", "ID");
    private static final int[] FLAG_BITS = {Eflags.CF, Eflags.PF, Eflags.AF, Eflags.ZF, Eflags.SF, Eflags.OF,
            Eflags.DF, Eflags.IF, Eflags.TF, Eflags.AC, Eflags.ID};

    @TestFactory
    Stream<DynamicTest> vectors() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (VectorFiles.Case c : VectorFiles.cases(getClass(), "vectors")) {
            String name = c.name(), line = c.line();
            for (String engineName : Engines.NAMES) {
                for (boolean fromBytes : new boolean[] {false, true}) {
                    if (fromBytes && line.split("\\|", -1).length < 4) continue;
                    String engine = (fromBytes ? " [decoded" : " [text") + ", " + engineName + "]";
                    tests.add(DynamicTest.dynamicTest(name + engine, () -> {
                        try {
                            runCase(line, fromBytes, engineName);
                        } catch (AssertionError | RuntimeException e) {
                            throw new AssertionError(name + engine + ": " + e.getMessage(), e);
                        }
                    }));
                }
            }
        }
        return tests.stream();
    }

    /** Records port traffic: reads return a pattern derived from the port. */
    static final class RecordingBus implements IoPortBus {
        final List<String> writes = new ArrayList<>();

        @Override public int in(int port, int size) {
            int value = 0x11223344 ^ (port * 0x01010101);
            return size == 4 ? value : value & ((1 << (size * 8)) - 1);
        }

        @Override public void out(int port, int size, int value) {
            writes.add(String.format("0x%x:%d:0x%x", port, size, size == 4 ? value : value & ((1 << (size * 8)) - 1)));
        }
    }

    static void runCase(String line, boolean fromBytes, String engineName) {
        String[] fields = line.split("\\|", -1);
        if (fields.length != 3 && fields.length != 4) fail("need 3 or 4 fields: " + line);
        PagedTestMemory memory = new PagedTestMemory();
        Map<Integer, Instruction> program = new HashMap<>();
        if (fromBytes) {
            memory.map(CODE, 0x1000);
            String[] encodings = fields[3].split(";");
            for (int i = 0; i < encodings.length; i++) {
                byte[] code = HexFormat.ofDelimiter(" ").parseHex(encodings[i].trim());
                memory.write(CODE + i * SLOT, code, 0, code.length);
                Instruction decoded = Decoder.decode(memory, CODE + i * SLOT);
                assertEquals(code.length, decoded.length(), "decoded length of " + encodings[i].trim());
                // Keep the slot layout of the text form: the next instruction is 16 bytes on.
                program.put(CODE + i * SLOT, new Instruction(decoded.address(), SLOT, decoded.bytes(), decoded.form(),
                        decoded.prefixes(), decoded.segmentOverride(), decoded.operandSize(), decoded.addressSize(),
                        decoded.operands()));
            }
        } else {
            MiniAssembler assembler = new MiniAssembler();
            String[] texts = fields[0].split(";");
            for (int i = 0; i < texts.length; i++) {
                program.put(CODE + i * SLOT, assembler.assemble(texts[i], CODE + i * SLOT, SLOT));
            }
        }
        memory.map(0x2000, 0x2000);
        memory.map(0x7000, 0x2000);
        RecordingBus bus = new RecordingBus();
        Cpu cpu = new Cpu(memory, bus);
        CpuState s = cpu.state;
        s.eip = CODE;
        s.gpr[CpuState.ESP] = STACK_TOP;
        s.flags.set(0x202);
        for (Map.Entry<String, String> e : pairs(fields[1]).entrySet()) setInitial(cpu, memory, e.getKey(), e.getValue());

        ExecutionEngine engine = Engines.named(engineName, (m, address) -> {
            Instruction insn = program.get(address);
            if (insn == null) throw new IllegalStateException("no instruction at " + Integer.toHexString(address));
            return insn;
        });
        String outcome = "none";
        try {
            engine.runUntil(cpu, 100_000, address -> !program.containsKey(address));
        } catch (GuestFault fault) {
            outcome = fault.vector().name();
            assertEquals(fault.eip(), s.eip, "fault EIP is the faulting instruction's");
        } catch (SoftwareInterrupt trap) {
            outcome = String.format("int 0x%x", trap.vector());
            assertEquals(trap.returnAddress(), s.eip, "EIP after a software interrupt");
        }

        Map<String, String> expected = pairs(fields[2]);
        String expectedOutcome = expected.getOrDefault("fault", expected.containsKey("int") ? "int " + expected.get("int") : "none");
        assertEquals(expectedOutcome, outcome, "outcome");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String key = e.getKey();
            if (key.equals("fault") || key.equals("int")) continue;
            if (key.equals("out")) {
                assertEquals(e.getValue(), String.join(",", bus.writes), "port writes");
                continue;
            }
            long want = MiniAssembler.parseNumber(e.getValue());
            long got = read(cpu, memory, key, engine);
            if (got != want) fail(String.format("%s: expected 0x%x, got 0x%x", key, want, got));
        }
    }

    private static Map<String, String> pairs(String field) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : field.trim().split("\\s+")) {
            if (item.isEmpty()) continue;
            int eq = item.indexOf('=');
            if (eq < 0) map.put(item, "1");
            else map.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return map;
    }

    private static int registerIndex(String name, int[] size) {
        String[][] banks = {{"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"},
                {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"}, {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"}};
        int[] sizes = {4, 2, 1};
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < 8; i++) {
                if (banks[b][i].equals(name)) {
                    size[0] = sizes[b];
                    return i;
                }
            }
        }
        return -1;
    }

    private static int memorySize(String key) {
        switch (key.charAt(0)) {
            case 'b': return 1;
            case 'w': return 2;
            case 'd': return 4;
            default: return 8;
        }
    }

    private static int memoryAddress(String key) {
        return (int) MiniAssembler.parseNumber(key.substring(2, key.length() - 1));
    }

    private static void setInitial(Cpu cpu, PagedTestMemory memory, String key, String text) {
        CpuState s = cpu.state;
        long value = MiniAssembler.parseNumber(text);
        int[] size = new int[1];
        int register = registerIndex(key, size);
        if (register >= 0) {
            Operands.writeGpr(s, register, size[0], (int) value);
        } else if (key.endsWith("]")) {
            int address = memoryAddress(key);
            memory.map(address, memorySize(key));
            switch (memorySize(key)) {
                case 1: memory.write8(address, (int) value); break;
                case 2: memory.write16(address, (int) value); break;
                case 4: memory.write32(address, (int) value); break;
                default: memory.write64(address, value);
            }
        } else if (key.equals("flags")) {
            s.flags.set((int) value);
        } else if (FLAG_NAMES.contains(key)) {
            int bit = FLAG_BITS[FLAG_NAMES.indexOf(key)];
            s.flags.set((s.flags.get() & ~bit) | (value != 0 ? bit : 0));
        } else if (key.equals("iopl")) {
            s.flags.set((s.flags.get() & ~Eflags.IOPL) | ((int) value << 12));
        } else if (key.equals("cpl")) {
            s.cpl = (int) value;
        } else if (key.equals("tsc")) {
            s.timeStampCounter = value;
        } else if (key.equals("map")) {
            memory.map((int) value, 1);
        } else if (key.equals("readonly")) {
            memory.protect((int) value);
        } else if (key.endsWith(".base")) {
            s.segmentBase[Segment.valueOf(key.substring(0, 2).toUpperCase(Locale.ROOT)).ordinal()] = (int) value;
        } else if (key.length() == 2 && "es cs ss ds fs gs".contains(key)) {
            s.segmentSelector[Segment.valueOf(key.toUpperCase(Locale.ROOT)).ordinal()] = (int) value;
        } else {
            throw new IllegalArgumentException("unknown initial key " + key);
        }
    }

    private static long read(Cpu cpu, PagedTestMemory memory, String key, ExecutionEngine engine) {
        CpuState s = cpu.state;
        int[] size = new int[1];
        int register = registerIndex(key, size);
        if (register >= 0) return Operands.readGpr(s, register, size[0]) & 0xFFFFFFFFL;
        if (key.endsWith("]")) {
            int address = memoryAddress(key);
            switch (memorySize(key)) {
                case 1: return memory.read8(address);
                case 2: return memory.read16(address);
                case 4: return memory.read32(address) & 0xFFFFFFFFL;
                default: return memory.read64(address);
            }
        }
        if (FLAG_NAMES.contains(key)) return (s.flags.get() & FLAG_BITS[FLAG_NAMES.indexOf(key)]) != 0 ? 1 : 0;
        switch (key) {
            case "flags": return s.flags.get() & 0xFFFFFFFFL;
            case "eip": return s.eip & 0xFFFFFFFFL;
            case "iopl": return s.flags.iopl();
            case "cpl": return s.cpl;
            case "halted": return s.halted ? 1 : 0;
            case "executed": return engine.executedInstructions();
            case "tsc": return s.timeStampCounter;
            default:
                if (key.endsWith(".base")) {
                    return s.segmentBase[Segment.valueOf(key.substring(0, 2).toUpperCase(Locale.ROOT)).ordinal()] & 0xFFFFFFFFL;
                }
                if (key.length() == 2) return s.segmentSelector[Segment.valueOf(key.toUpperCase(Locale.ROOT)).ordinal()];
                throw new IllegalArgumentException("unknown expected key " + key);
        }
    }
}
