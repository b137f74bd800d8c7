package ukcf.cpu.semantics;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.fp.Float80;
import ukcf.cpu.exec.Engines;
import ukcf.cpu.exec.ExecutionEngine;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.state.X87State;
import ukcf.cpu.testing.VectorFiles;
import ukcf.cpu.testing.MiniAssembler;
import ukcf.cpu.testing.PagedTestMemory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * x87 instruction vectors from {@code src/test/resources/ukcf/cpu/semantics/x87/*.vec}, run through every execution engine. Line format as
 * the integer vectors ({@code instructions | initial | expected}); x87 keys: {@code top}, {@code st0..st7}
 * (SEXP:SIGNIFICAND, or {@code empty}), {@code fcw}, {@code fsw} (with TOP), {@code ftw} (full tag word), the
 * status bits {@code IE DE ZE OE UE PE SF ES C0 C1 C2 C3}, {@code mxcsr}, {@code xmm0lo}; memory
 * {@code w[a] d[a] q[a] t[a]} (t: 10 bytes, SEXP:SIGNIFICAND); GPRs; {@code ZF PF CF}; {@code fault=MF}.
 */
class X87VectorsTest {
    static final int CODE = 0x1000, SLOT = 16;
    private static final String[] STATUS_BITS = {"IE", "DE", "ZE", "OE", "UE", "PE", "SF", "ES", "C0", "C1", "C2"};
    private static final List<String> GPRS = List.of("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi");

    @TestFactory
    Stream<DynamicTest> vectors() throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (VectorFiles.Case c : VectorFiles.cases(getClass(), "x87")) {
            for (String engine : Engines.NAMES) {
                String name = c.name() + " [" + engine + "]", line = c.line();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    try {
                        runCase(line, engine);
                    } catch (AssertionError | RuntimeException e) {
                        throw new AssertionError(name + ": " + e.getMessage(), e);
                    }
                }));
            }
        }
        return tests.stream();
    }

    static void runCase(String line, String engineName) {
        String[] fields = line.split("\\|", -1);
        if (fields.length != 3) fail("need 3 fields: " + line);
        MiniAssembler assembler = new MiniAssembler();
        Map<Integer, Instruction> program = new HashMap<>();
        String[] texts = fields[0].split(";");
        for (int i = 0; i < texts.length; i++) program.put(CODE + i * SLOT, assembler.assemble(texts[i], CODE + i * SLOT, SLOT));
        PagedTestMemory memory = new PagedTestMemory();
        memory.map(0x2000, 0x2000);
        Cpu cpu = new Cpu(memory, null);
        CpuState s = cpu.state;
        s.eip = CODE;
        s.flags.set(0x202);
        Map<String, String> initial = pairs(fields[1]);
        if (initial.containsKey("top")) s.x87.top = Integer.parseInt(initial.remove("top"));
        for (Map.Entry<String, String> e : initial.entrySet()) setInitial(cpu, memory, e.getKey(), e.getValue());

        ExecutionEngine engine = Engines.named(engineName, (m, address) -> {
            Instruction insn = program.get(address);
            if (insn == null) throw new IllegalStateException("no instruction at " + Integer.toHexString(address));
            return insn;
        });
        String outcome = "none";
        try {
            engine.runUntil(cpu, 1000, address -> !program.containsKey(address));
        } catch (GuestFault fault) {
            outcome = fault.vector().name();
        }
        Map<String, String> expected = pairs(fields[2]);
        assertEquals(expected.getOrDefault("fault", "none"), outcome, "outcome");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String key = e.getKey();
            if (key.equals("fault")) continue;
            String got = read(cpu, memory, key, e.getValue());
            if (!got.equalsIgnoreCase(normalize(e.getValue()))) fail(key + ": expected " + e.getValue() + ", got " + got);
        }
    }

    private static String normalize(String v) {
        if (v.contains(":") || v.equals("empty")) return v;
        return Long.toHexString(MiniAssembler.parseNumber(v));
    }

    private static Map<String, String> pairs(String field) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : field.trim().split("\\s+")) {
            if (item.isEmpty()) continue;
            int eq = item.indexOf('=');
            map.put(item.substring(0, eq), item.substring(eq + 1));
        }
        return map;
    }

    static Float80 f80(String s) {
        String[] p = s.split(":");
        return new Float80(Integer.parseInt(p[0], 16), Long.parseUnsignedLong(p[1], 16));
    }

    private static int address(String key) { return (int) MiniAssembler.parseNumber(key.substring(2, key.length() - 1)); }

    private static void setInitial(Cpu cpu, PagedTestMemory memory, String key, String value) {
        CpuState s = cpu.state;
        X87State x = s.x87;
        if (key.matches("st[0-7]")) {
            x.setSt(key.charAt(2) - '0', f80(value));
        } else if (key.equals("fcw")) {
            x.controlWord = (int) MiniAssembler.parseNumber(value);
        } else if (key.equals("fsw")) {
            x.setStatusWord((int) MiniAssembler.parseNumber(value));
        } else if (key.equals("mxcsr")) {
            s.sse.mxcsr = (int) MiniAssembler.parseNumber(value);
        } else if (key.equals("xmm0lo")) {
            s.sse.xmm[0] = MiniAssembler.parseNumber(value);
        } else if (GPRS.contains(key)) {
            s.gpr[GPRS.indexOf(key)] = (int) MiniAssembler.parseNumber(value);
        } else if (key.equals("ZF") || key.equals("CF") || key.equals("PF")) {
            int bit = key.equals("ZF") ? Eflags.ZF : key.equals("CF") ? Eflags.CF : Eflags.PF;
            s.flags.set((s.flags.get() & ~bit) | (value.equals("1") ? bit : 0));
        } else if (key.startsWith("t[")) {
            byte[] b = new byte[10];
            f80(value).toBytes(b, 0);
            memory.write(address(key), b, 0, 10);
        } else if (key.startsWith("w[")) {
            memory.write16(address(key), (int) MiniAssembler.parseNumber(value));
        } else if (key.startsWith("d[")) {
            memory.write32(address(key), (int) MiniAssembler.parseNumber(value));
        } else if (key.startsWith("q[")) {
            memory.write64(address(key), MiniAssembler.parseNumber(value));
        } else {
            throw new IllegalArgumentException("unknown initial key " + key);
        }
    }

    private static String read(Cpu cpu, PagedTestMemory memory, String key, String want) {
        CpuState s = cpu.state;
        X87State x = s.x87;
        if (key.matches("st[0-7]")) {
            int i = key.charAt(2) - '0';
            return x.isEmpty(i) ? "empty" : x.st(i).toString();
        }
        for (int b = 0; b < STATUS_BITS.length; b++) {
            if (key.equals(STATUS_BITS[b])) return ((x.statusWord() >> b) & 1) == 1 ? "1" : "0";
        }
        if (key.equals("C3")) return x.flag(X87State.C3) ? "1" : "0";
        if (GPRS.contains(key)) return Long.toHexString(s.gpr[GPRS.indexOf(key)] & 0xFFFFFFFFL);
        if (key.startsWith("t[")) {
            byte[] b = new byte[10];
            memory.read(address(key), b, 0, 10);
            return Float80.fromBytes(b, 0).toString();
        }
        long v = switch (key.substring(0, Math.min(2, key.length()))) {
            case "w[" -> memory.read16(address(key));
            case "d[" -> memory.read32(address(key)) & 0xFFFFFFFFL;
            case "q[" -> memory.read64(address(key));
            default -> switch (key) {
                case "fcw" -> x.controlWord;
                case "fsw" -> x.statusWord();
                case "ftw" -> x.fullTagWord();
                case "top" -> x.top;
                case "mxcsr" -> s.sse.mxcsr;
                case "xmm0lo" -> s.sse.xmm[0];
                case "ZF" -> (s.flags.get() & Eflags.ZF) != 0 ? 1 : 0;
                case "CF" -> (s.flags.get() & Eflags.CF) != 0 ? 1 : 0;
                case "PF" -> (s.flags.get() & Eflags.PF) != 0 ? 1 : 0;
                case "OF" -> (s.flags.get() & Eflags.OF) != 0 ? 1 : 0;
                case "fip" -> x.lastInstructionPointer & 0xFFFFFFFFL;
                case "fdp" -> x.lastDataPointer & 0xFFFFFFFFL;
                default -> throw new IllegalArgumentException("unknown expected key " + key);
            };
        };
        return Long.toHexString(v);
    }
}
