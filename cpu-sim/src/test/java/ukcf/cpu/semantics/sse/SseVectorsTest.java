package ukcf.cpu.semantics.sse;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.InstructionHandler;
import ukcf.cpu.interp.Interpreter;
import ukcf.cpu.semantics.Semantics;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.testing.PagedTestMemory;

/**
 * Replays the natively generated known-answer vectors ({@code sse-vectors.tsv}, made by
 * {@code src/test/native/sse-vectors.c}) through the registered handlers: one dynamic test per operation and
 * operand shape, reporting every mismatching vector.
 */
class SseVectorsTest {
    private static final String VECTORS = "/ukcf/cpu/semantics/sse/sse-vectors.tsv";
    private static final int STATUS_FLAGS = Eflags.CF | Eflags.PF | Eflags.AF | Eflags.ZF | Eflags.SF | Eflags.OF;
    private static final HandlerTable HANDLERS = Semantics.all();
    /**
     * The vectors come from the reference machine, whose RCP/RSQRT tables we reproduce; set
     * {@code -Dukcf.sse.vectorsFromOtherHost=true} after regenerating them elsewhere to check those only
     * within the SDM's error bound.
     */
    private static final boolean REFERENCE_MACHINE = !Boolean.getBoolean("ukcf.sse.vectorsFromOtherHost");

    record Vector(String key, String shape, int imm, int mxcsr, Xmm a, Xmm b, String result, int mxcsrOut, String flags,
                  byte[] bytes) {
        static Vector parse(String line) {
            String[] f = line.split("\t");
            return new Vector(f[0], f[1], Integer.parseInt(f[2], 16), Integer.parseInt(f[3], 16), xmm(f[4]), xmm(f[5]),
                    f[6], Integer.parseInt(f[7], 16), f[8], HexFormat.of().parseHex(f[9]));
        }

        @Override
        public String toString() {
            return String.format("%s %s imm=%02x mxcsr=%04x a=%s b=%s", key, shape, imm, mxcsr, a, b);
        }
    }

    static Xmm xmm(String hex) {
        return new Xmm(Long.parseUnsignedLong(hex.substring(16), 16), Long.parseUnsignedLong(hex.substring(0, 16), 16));
    }

    /** Each vector's handler called directly with the operands the generator's encoding names. */
    @TestFactory
    Stream<DynamicTest> throughHandlers() throws IOException {
        return tests(false);
    }

    /** Each vector's bytes decoded by the IA-32 decoder and executed by the interpreter. */
    @TestFactory
    Stream<DynamicTest> throughInterpreter() throws IOException {
        return tests(true);
    }

    private Stream<DynamicTest> tests(boolean interpreter) throws IOException {
        Map<String, List<Vector>> byForm = new LinkedHashMap<>();
        try (var in = getClass().getResourceAsStream(VECTORS)) {
            assertNotNull(in, VECTORS);
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                Vector v = Vector.parse(line);
                byForm.computeIfAbsent(v.key + " " + v.shape, k -> new ArrayList<>()).add(v);
            }
        }
        return byForm.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> check(e.getValue(), interpreter)));
    }

    private static void check(List<Vector> vectors, boolean interpreter) {
        List<String> failures = new ArrayList<>();
        for (Vector v : vectors) {
            String got = run(v, interpreter);
            String expected = v.result + " mxcsr=" + String.format("%04x", v.mxcsrOut) + " flags=" + v.flags;
            if (Approximations.OPERATIONS.contains(v.key) && !REFERENCE_MACHINE && withinApproximationBound(got, expected)) {
                continue;
            }
            if (!got.equals(expected)) failures.add(v + "\n    expected " + expected + "\n    got      " + got);
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + vectors.size() + " vectors differ:\n"
                    + String.join("\n", failures.subList(0, Math.min(8, failures.size()))));
        }
    }

    /** The generator's memory operand is [EDI+0x30] (or +0x31 for the misaligned "@1" shapes) over 32 bytes. */
    private static final int EDI = 0x0001_0000, MEMORY_DISPLACEMENT = 0x30;

    /**
     * The approximate instructions differ between implementations: each element must be bit-equal to the host's
     * or both within the SDM's relative error bound of the exact value, so within twice the bound of each other.
     */
    private static boolean withinApproximationBound(String got, String expected) {
        String[] g = got.split(" ", 2), e = expected.split(" ", 2);
        if (!g[1].equals(e[1]) || g[0].length() != 32 || e[0].length() != 32) return false;
        Xmm ours = xmm(g[0]), host = xmm(e[0]);
        for (int i = 0; i < 4; i++) {
            if (ours.dword(i) == host.dword(i)) continue;
            float a = Float.intBitsToFloat(ours.dword(i)), b = Float.intBitsToFloat(host.dword(i));
            if (!Float.isFinite(a) || !Float.isFinite(b) || Math.abs(a - b) > 2 * Approximations.RELATIVE_ERROR_BOUND * Math.abs(b)) {
                return false;
            }
        }
        return true;
    }

    private static final int CODE = 0x0000_1000;
    private static final Interpreter INTERPRETER = new Interpreter(Decoder::decode, HANDLERS);

    private static String run(Vector v, boolean throughInterpreter) {
        PagedTestMemory memory = new PagedTestMemory();
        memory.map(EDI, 0x100);
        memory.map(CODE, 0x100);
        memory.write(CODE, v.bytes, 0, v.bytes.length);
        Cpu cpu = new Cpu(memory, null);
        CpuState s = cpu.state;
        s.gpr[CpuState.EDI] = EDI;
        Xmm image = v.shape.startsWith("m") && v.shape.length() > 1 && Character.isLetter(v.shape.charAt(1)) ? v.a : v.b;
        memory.write128(EDI + MEMORY_DISPLACEMENT, image.lo(), image.hi());
        memory.write128(EDI + MEMORY_DISPLACEMENT + 16, ~image.lo(), ~image.hi());
        if (v.shape.startsWith("mq")) s.gpr[CpuState.EDI] += MEMORY_DISPLACEMENT + (v.shape.endsWith("@1") ? 1 : 0);
        XmmOperands.setRegister(s.sse, 0, v.a);
        XmmOperands.setRegister(s.sse, 1, v.b);
        MmxState.write(s.x87, 0, v.a.lo());
        MmxState.write(s.x87, 1, v.b.lo());
        s.gpr[CpuState.EAX] = (int) v.b.lo();
        s.sse.mxcsr = v.mxcsr;
        s.flags.setStatus(STATUS_FLAGS, 0);
        InstructionHandler handler = HANDLERS.lookup(v.key);
        if (handler == null) return "no handler";
        String result;
        try {
            if (throughInterpreter) {
                s.eip = CODE;
                INTERPRETER.step(cpu);
                if (s.eip != CODE + v.bytes.length) return String.format("EIP 0x%x after the instruction", s.eip);
            } else {
                handler.execute(cpu, instruction(v));
            }
            char destination = v.shape.charAt(0);
            result = destination == 'x' ? XmmOperands.register(s.sse, 0).toString()
                    : destination == 'p' ? new Xmm(MmxState.read(s.x87, 0), v.a.hi()).toString()
                    : destination == 'r' ? String.format("%08x", s.gpr[CpuState.EAX])
                    : destination == 'm' ? memoryImage(memory) : "-";
        } catch (GuestFault fault) {
            if (fault.vector() != ExceptionVector.XM && fault.vector() != ExceptionVector.GP) {
                return "fault " + fault.getMessage();
            }
            if (!XmmOperands.register(s.sse, 0).equals(v.a)) return fault.vector() + " with the destination changed";
            result = "#" + fault.vector();
        }
        String flags = v.shape.equals("f") && !result.equals("#XM") ? String.format("%02x", s.flags.status() & STATUS_FLAGS) : "-";
        return result + " mxcsr=" + String.format("%04x", s.sse.mxcsr) + " flags=" + flags;
    }

    private static String memoryImage(PagedTestMemory memory) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 32; i++) hex.append(String.format("%02x", memory.read8(EDI + MEMORY_DISPLACEMENT + i)));
        return hex.toString();
    }

    /** Memory shapes: operand layout, access size, "@1" for the misaligned address. */
    private static final Pattern MEMORY_SHAPE = Pattern.compile("([a-z]+?)(\\d+)(@1)?");

    static Instruction instruction(Vector v) {
        Operand xmm0 = new Operand.Reg(RegisterBank.XMM, 0, 16), xmm1 = new Operand.Reg(RegisterBank.XMM, 1, 16);
        Operand eax = new Operand.Reg(RegisterBank.GPR, CpuState.EAX, 4), imm = new Operand.Imm(v.imm, 1);
        Operand mm0 = new Operand.Reg(RegisterBank.MMX, 0, 8), mm1 = new Operand.Reg(RegisterBank.MMX, 1, 8);
        List<Operand> operands;
        Matcher memoryShape = MEMORY_SHAPE.matcher(v.shape);
        if (memoryShape.matches()) {
            int size = Integer.parseInt(memoryShape.group(2));
            int displacement = MEMORY_DISPLACEMENT + (memoryShape.group(3) != null ? 1 : 0);
            Operand m = new Operand.Mem(Segment.DS, CpuState.EDI, -1, 1, displacement, size, 32);
            switch (memoryShape.group(1)) {
                case "xm": operands = List.of(xmm0, m); break;
                case "xmi": operands = List.of(xmm0, m, imm); break;
                case "rm": operands = List.of(eax, m); break;
                case "m": operands = List.of(m); break;
                case "mx": operands = List.of(m, xmm1); break;
                case "mr": operands = List.of(m, eax); break;
                case "mq": operands = List.of(xmm1, xmm0); break;     // MASKMOVDQU: implicit [EDI]
                default: throw new IllegalArgumentException("unknown shape " + v.shape);
            }
            return instruction(v.key, operands);
        }
        switch (v.shape) {
            case "xx": case "f": operands = List.of(xmm0, xmm1); break;
            case "xxi": operands = List.of(xmm0, xmm1, imm); break;
            case "xi": operands = List.of(xmm0, imm); break;
            case "rx": operands = List.of(eax, xmm1); break;
            case "rxi": operands = List.of(eax, xmm1, imm); break;
            case "xr": operands = List.of(xmm0, eax); break;
            case "xri": operands = List.of(xmm0, eax, imm); break;
            case "pp": operands = List.of(mm0, mm1); break;
            case "ppi": operands = List.of(mm0, mm1, imm); break;
            case "pi": operands = List.of(mm0, imm); break;
            case "rp": operands = List.of(eax, mm1); break;
            case "rpi": operands = List.of(eax, mm1, imm); break;
            case "pr": operands = List.of(mm0, eax); break;
            case "pri": operands = List.of(mm0, eax, imm); break;
            case "xp": operands = List.of(xmm0, mm1); break;
            case "px": operands = List.of(mm0, xmm1); break;
            default: throw new IllegalArgumentException("unknown shape " + v.shape);
        }
        return instruction(v.key, operands);
    }

    static Instruction instruction(String key, List<Operand> operands) {
        OpcodeForm form = new OpcodeForm(0, "", key.toLowerCase(), key, List.of(), 0, 0, 0, Set.of(), -1);
        return new Instruction(0, 0, new byte[0], form, 0, null, 32, 32, operands);
    }
}
