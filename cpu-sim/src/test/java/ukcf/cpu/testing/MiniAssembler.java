package ukcf.cpu.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.Prefix;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.decode.Segment;

/**
 * Test-only: builds decoded {@link Instruction}s from Intel-syntax text ({@code lock add dword fs:[ebx+esi*4+8], eax})
 * so semantics can be tested before and independently of the decoder. Forms are synthetic (one per mnemonic);
 * instruction bytes are empty.
 */
public final class MiniAssembler {
    private static final List<String> GPR32 = List.of("eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi");
    private static final List<String> GPR16 = List.of("ax", "cx", "dx", "bx", "sp", "bp", "si", "di");
    private static final List<String> GPR8 = List.of("al", "cl", "dl", "bl", "ah", "ch", "dh", "bh");
    private static final List<String> SEGMENTS = List.of("es", "cs", "ss", "ds", "fs", "gs");
    private static final Set<String> RELATIVE = Set.of("jmp", "call", "loop", "loope", "loopz", "loopne", "loopnz",
            "jecxz", "jcxz");
    private static final Set<String> CC = Set.of("o", "no", "b", "c", "nae", "ae", "nb", "nc", "e", "z", "ne", "nz",
            "be", "na", "a", "nbe", "s", "ns", "p", "pe", "np", "po", "l", "nge", "ge", "nl", "le", "ng", "g", "nle");
    private static final Set<String> STRINGS = Set.of("movs", "cmps", "scas", "lods", "stos", "ins", "outs");
    /** Mnemonics whose operation key differs from the upper-cased mnemonic, with the operand size they imply. */
    private static final Map<String, String[]> ALIASES = Map.ofEntries(
            Map.entry("cwde", new String[] {"CBW", "32"}), Map.entry("cbw", new String[] {"CBW", "16"}),
            Map.entry("cdq", new String[] {"CWD", "32"}), Map.entry("cwd", new String[] {"CWD", "16"}),
            Map.entry("pushad", new String[] {"PUSHA", "32"}), Map.entry("pushaw", new String[] {"PUSHA", "16"}),
            Map.entry("pusha", new String[] {"PUSHA", "32"}),
            Map.entry("popad", new String[] {"POPA", "32"}), Map.entry("popa", new String[] {"POPA", "32"}),
            Map.entry("popaw", new String[] {"POPA", "16"}),
            Map.entry("pushfd", new String[] {"PUSHF", "32"}), Map.entry("pushf", new String[] {"PUSHF", "32"}),
            Map.entry("pushfw", new String[] {"PUSHF", "16"}),
            Map.entry("popfd", new String[] {"POPF", "32"}), Map.entry("popf", new String[] {"POPF", "32"}),
            Map.entry("popfw", new String[] {"POPF", "16"}),
            Map.entry("iretd", new String[] {"IRET", "32"}), Map.entry("iret", new String[] {"IRET", "32"}),
            Map.entry("loopz", new String[] {"LOOPE", "32"}), Map.entry("loopnz", new String[] {"LOOPNE", "32"}),
            Map.entry("xlatb", new String[] {"XLAT", "32"}), Map.entry("jcxz", new String[] {"JECXZ", "32"}), Map.entry("int3", new String[] {"INT3", "32"}));

    /** FCMOVcc mnemonics and their condition numbers (the Jcc encoding of the tested flags). */
    private static final Map<String, Integer> FCMOV_CONDITIONS = Map.of("fcmovb", 2, "fcmovnb", 3, "fcmove", 4,
            "fcmovne", 5, "fcmovbe", 6, "fcmovnbe", 7, "fcmovu", 10, "fcmovnu", 11);

    /** Forms are shared by every assembler so that form ids stay unique, as in the real opcode table. */
    private static final Map<String, OpcodeForm> FORMS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_ID = new java.util.concurrent.atomic.AtomicInteger();

    /** Assembles one instruction placed at {@code address} with the given {@code length}. */
    public Instruction assemble(String text, int address, int length) {
        String[] words;
        int prefixes = 0;
        Segment override = null;
        int operandSize = 0, addressSize = 32;
        String rest = text.trim();
        while (true) {
            words = rest.split("\\s+", 2);
            String w = words[0].toLowerCase(Locale.ROOT);
            if (w.equals("rep") || w.equals("repe") || w.equals("repz")) prefixes |= Prefix.REP;
            else if (w.equals("repne") || w.equals("repnz")) prefixes |= Prefix.REPNE;
            else if (w.equals("lock")) prefixes |= Prefix.LOCK;
            else if (w.equals("o16")) { prefixes |= Prefix.OPERAND_SIZE; operandSize = 16; }
            else if (w.equals("a16")) { prefixes |= Prefix.ADDRESS_SIZE; addressSize = 16; }
            else if (w.startsWith("seg=")) override = Segment.valueOf(w.substring(4).toUpperCase(Locale.ROOT));
            else break;
            rest = words.length > 1 ? words[1] : "";
        }
        String mnemonic = words[0].toLowerCase(Locale.ROOT);
        String operandText = words.length > 1 ? words[1] : "";
        String operation = mnemonic.toUpperCase(Locale.ROOT);
        List<String> specs = new ArrayList<>();
        int stringSize = 0;
        int condition = -1;
        if (ALIASES.containsKey(mnemonic)) {
            operation = ALIASES.get(mnemonic)[0];
            if (operandSize == 0) operandSize = Integer.parseInt(ALIASES.get(mnemonic)[1]);
        } else if (mnemonic.startsWith("j") && CC.contains(mnemonic.substring(1))) {
            operation = "JCC";
        } else if (mnemonic.startsWith("set") && CC.contains(mnemonic.substring(3))) {
            operation = "SETCC";
        } else if (mnemonic.startsWith("cmov") && CC.contains(mnemonic.substring(4))) {
            operation = "CMOVCC";
        } else if (mnemonic.length() > 3 && STRINGS.contains(mnemonic.substring(0, mnemonic.length() - 1))
                && operandText.isEmpty()) {
            char suffix = mnemonic.charAt(mnemonic.length() - 1);
            operation = mnemonic.substring(0, mnemonic.length() - 1).toUpperCase(Locale.ROOT);
            stringSize = suffix == 'b' ? 1 : suffix == 'w' ? 2 : 4;
            specs.add(stringSize == 1 ? "Yb" : "Yv");
            specs.add(stringSize == 1 ? "Xb" : "Xv");
            if (operandSize == 0 && stringSize == 2) operandSize = 16;
        } else if (FCMOV_CONDITIONS.containsKey(mnemonic)) {
            operation = "FCMOVCC";
            condition = FCMOV_CONDITIONS.get(mnemonic);
        } else if (mnemonic.equals("retf") || mnemonic.equals("lret")) {
            operation = "RETF";
        }

        List<Operand> operands = new ArrayList<>();
        boolean relative = operation.equals("JCC") || RELATIVE.contains(mnemonic);
        if (!operandText.isBlank()) {
            for (String part : operandText.split(",")) operands.add(operand(part.trim(), relative, addressSize));
        }
        if ((operation.equals("JMP") || operation.equals("CALL")) && !operands.isEmpty()
                && (operands.get(0) instanceof Operand.Far || operands.get(0) instanceof Operand.Mem m && m.size() == 6)) {
            operation = operation + "F";
        }
        if (operandSize == 0) {
            operandSize = 32;
            if (!operands.isEmpty() && !mnemonic.startsWith("out")) {
                Operand first = operands.get(0);
                if (first instanceof Operand.Reg r && r.bank() == RegisterBank.GPR && r.size() == 2) operandSize = 16;
                if (first instanceof Operand.Mem m && m.size() == 2) operandSize = 16;
            }
        }
        // Immediates take the destination's size, as the decoder would extend them.
        for (int i = 0; i < operands.size(); i++) {
            if (operands.get(i) instanceof Operand.Imm imm && imm.size() == 0) {
                operands.set(i, new Operand.Imm(imm.value(), i == 0 ? operandSize / 8 : sizeOf(operands.get(0), operandSize)));
            }
        }
        int formCondition = condition >= 0 ? condition : conditionOf(mnemonic, operation);
        OpcodeForm form = FORMS.computeIfAbsent(mnemonic + "/" + operation + "/" + specs,
                k -> new OpcodeForm(NEXT_ID.getAndIncrement(), "synthetic", mnemonic, operationOf(k), List.copyOf(specs),
                        0, 0, 0, Set.of(), formCondition));
        return new Instruction(address, length, new byte[0], form, prefixes, override, operandSize, addressSize,
                List.copyOf(operands));
    }

    private static final List<String> CONDITIONS = List.of("o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns",
            "p", "np", "l", "ge", "le", "g");
    private static final Map<String, String> CONDITION_ALIASES = Map.ofEntries(Map.entry("c", "b"),
            Map.entry("nae", "b"), Map.entry("nb", "ae"), Map.entry("nc", "ae"), Map.entry("z", "e"),
            Map.entry("nz", "ne"), Map.entry("na", "be"), Map.entry("nbe", "a"), Map.entry("pe", "p"),
            Map.entry("po", "np"), Map.entry("nge", "l"), Map.entry("nl", "ge"), Map.entry("ng", "le"),
            Map.entry("nle", "g"));

    /** Condition number of a JCC/SETCC/CMOVCC mnemonic, -1 for other operations. */
    private static int conditionOf(String mnemonic, String operation) {
        String suffix;
        switch (operation) {
            case "JCC": suffix = mnemonic.substring(1); break;
            case "SETCC": suffix = mnemonic.substring(3); break;
            case "CMOVCC": suffix = mnemonic.substring(4); break;
            default: return -1;
        }
        return CONDITIONS.indexOf(CONDITION_ALIASES.getOrDefault(suffix, suffix));
    }

    private static String operationOf(String key) { return key.split("/")[1]; }

    private static int sizeOf(Operand operand, int operandSize) {
        if (operand instanceof Operand.Reg r) return r.size();
        if (operand instanceof Operand.Mem m && m.size() > 0) return m.size();
        return operandSize / 8;
    }

    private Operand operand(String text, boolean relative, int addressSize) {
        String t = text.toLowerCase(Locale.ROOT).trim();
        Operand register = register(t);
        if (register != null) return register;
        int size = 0;
        for (String[] keyword : new String[][] {{"byte", "1"}, {"word", "2"}, {"dword", "4"}, {"fword", "6"}, {"qword", "8"},
                {"tword", "10"}}) {
            if (t.startsWith(keyword[0] + " ")) {
                size = Integer.parseInt(keyword[1]);
                t = t.substring(keyword[0].length()).trim();
            }
        }
        if (t.startsWith("far ") || (t.contains(":") && !t.contains("["))) {
            String[] parts = t.replace("far ", "").split(":");
            return new Operand.Far((int) parseNumber(parts[0]), (int) parseNumber(parts[1]));
        }
        if (t.contains("[")) return memory(t, size, addressSize);
        int value = (int) parseNumber(t);
        return relative ? new Operand.Rel(value) : new Operand.Imm(value, 0);
    }

    private static Operand.Reg register(String t) {
        if (GPR32.contains(t)) return new Operand.Reg(RegisterBank.GPR, GPR32.indexOf(t), 4);
        if (GPR16.contains(t)) return new Operand.Reg(RegisterBank.GPR, GPR16.indexOf(t), 2);
        if (GPR8.contains(t)) return new Operand.Reg(RegisterBank.GPR, GPR8.indexOf(t), 1);
        if (SEGMENTS.contains(t)) return new Operand.Reg(RegisterBank.SEGMENT, SEGMENTS.indexOf(t), 2);
        if (t.matches("st\\(?[0-7]\\)?")) return new Operand.Reg(RegisterBank.X87, t.replaceAll("[^0-7]", "").charAt(0) - '0', 10);
        return null;
    }

    private static Operand.Mem memory(String t, int size, int addressSize) {
        Segment segment = null;
        int bracket = t.indexOf('[');
        if (bracket > 0) segment = Segment.valueOf(t.substring(0, bracket).replace(":", "").trim().toUpperCase(Locale.ROOT));
        String inner = t.substring(bracket + 1, t.indexOf(']')).replace(" ", "").replace("-", "+-");
        int base = -1, index = -1, scale = 1, displacement = 0;
        for (String term : inner.split("\\+")) {
            if (term.isEmpty()) continue;
            if (term.contains("*")) {
                String[] p = term.split("\\*");
                index = indexOf(p[0]);
                scale = Integer.parseInt(p[1]);
            } else if (indexOf(term) >= 0) {
                if (base < 0) base = indexOf(term);
                else index = indexOf(term);
            } else {
                displacement += (int) parseNumber(term);
            }
        }
        if (segment == null) segment = (base == 4 || base == 5) ? Segment.SS : Segment.DS;
        return new Operand.Mem(segment, base, index, scale, displacement, size, addressSize);
    }

    private static int indexOf(String register) {
        if (GPR32.contains(register)) return GPR32.indexOf(register);
        if (GPR16.contains(register)) return GPR16.indexOf(register);
        return -1;
    }

    public static long parseNumber(String t) {
        t = t.trim();
        boolean negative = t.startsWith("-");
        if (negative) t = t.substring(1);
        long v = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
        return negative ? -v : v;
    }
}
