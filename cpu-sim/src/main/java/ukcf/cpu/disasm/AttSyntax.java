package ukcf.cpu.disasm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.decode.Segment;

/**
 * Formats a decoded instruction as GNU objdump -d prints it in AT&T syntax (binutils 2.40): unused prefixes
 * spelled out before the mnemonic ({@code lock}, {@code rep}, {@code repz}, {@code data16}, {@code addr16},
 * {@code cs}...), the mnemonic with objdump's size suffixes, padded to six columns and one space, then the
 * operands in reverse Intel order. Spelling differences that belong to a single form live in the opcode table
 * ({@code att=}, {@code suffix}...); the rules that apply to many forms live here.
 */
public final class AttSyntax {
    private static final String[] GPR32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] GPR16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final String[] GPR8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    private static final String[] SEGMENTS = {"es", "cs", "ss", "ds", "fs", "gs"};
    private static final String[] SSE_PREDICATES = {"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord"};
    private static final String[] PCLMUL_HALVES = {"lqlq", "hqlq", "lqhq", "hqhq"};
    /**
     * objdump's pseudo-op names for an imm8 (table attribute {@code pseudo=NAME}): given the mnemonic and the
     * imm8, the name that replaces both, or null when objdump prints the imm8 as an operand.
     */
    private static final Map<String, java.util.function.BiFunction<String, Integer, String>> PSEUDO_OPS = Map.of(
            "cmp", (mnemonic, imm) -> imm < SSE_PREDICATES.length
                    ? "cmp" + SSE_PREDICATES[imm] + mnemonic.substring(3) : null,
            "pclmul", (mnemonic, imm) -> {
                // objdump names 0..3 and the architectural 0x10/0x11 (bit 0: high source qword, bit 4: high destination)
                int kind = imm == 0x10 ? 2 : imm == 0x11 ? 3 : imm;
                return kind < PCLMUL_HALVES.length ? "pclmul" + PCLMUL_HALVES[kind] + "dq" : null;
            });
    /** objdump's x87 memory suffixes by operand code (fbld, fldcw... take none). */
    private static final Map<String, String> X87_MEMORY_SUFFIX = Map.of(
            "m32fp", "s", "m64fp", "l", "m80fp", "t", "m16int", "s", "m32int", "l", "m64int", "ll");

    private AttSyntax() { }

    public static String format(Instruction instruction) { return format(instruction, Symbolizer.NONE); }

    public static String format(Instruction instruction, Symbolizer symbolizer) {
        Layout layout = Layout.of(instruction);
        String mnemonic = prefixNames(instruction, layout) + mnemonic(instruction, layout);
        List<String> operands = operands(instruction, layout, symbolizer);
        StringBuilder s = new StringBuilder(mnemonic);
        if (operands.isEmpty()) return s.toString();
        while (s.length() < 6) s.append(' ');
        s.append(' ').append(String.join(",", operands));
        return s.toString();
    }

    /** The mnemonic as objdump prints it, with its prefixes (everything before the operands). */
    public static String mnemonicWithPrefixes(Instruction instruction) {
        Layout layout = Layout.of(instruction);
        return prefixNames(instruction, layout) + mnemonic(instruction, layout);
    }

    /** Where the prefixes, opcode and ModRM of an instruction sit in its bytes, and which prefixes it used. */
    private record Layout(int prefixCount, int modrmAt, int lastOperandPrefix, int lastAddressPrefix,
                          int lastSegmentPrefix, int lastRep, int lastRepne, boolean hasMemory) {
        static Layout of(Instruction insn) {
            byte[] b = insn.bytes();
            int i = 0, lastOperand = -1, lastAddress = -1, lastSegment = -1, lastRep = -1, lastRepne = -1;
            loop:
            while (i < b.length) {
                switch (b[i] & 0xFF) {
                    case 0x66: lastOperand = i; break;
                    case 0x67: lastAddress = i; break;
                    case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65: lastSegment = i; break;
                    case 0xF3: lastRep = i; break;
                    case 0xF2: lastRepne = i; break;
                    case 0xF0: break;
                    case 0x9B:
                        if (i + 1 == b.length) break loop;   // a lone FWAIT is the opcode itself
                        break;
                    default: break loop;
                }
                i++;
            }
            boolean memory = false;
            for (Operand o : insn.operands()) memory |= o instanceof Operand.Mem;
            return new Layout(i, i + Decoder.opcodeLength(insn.form()), lastOperand, lastAddress, lastSegment,
                    lastRep, lastRepne, memory);
        }
    }

    /** The mandatory prefix of a form as the table writes it ("66", "F2", "F3"), or "". */
    private static String mandatoryPrefix(OpcodeForm form) {
        int prefix = Decoder.mandatoryPrefix(form);
        return prefix == 0 ? "" : Integer.toHexString(prefix).toUpperCase();
    }

    private static boolean operandSizeMatters(Instruction insn) {
        OpcodeForm form = insn.form();
        if (form.mnemonic().indexOf('|') >= 0 || form.hasAttribute("suffix16")) return true;
        List<String> operandSpecs = form.operandSpecs();
        for (int i = 0; i < operandSpecs.size(); i++) {
            String spec = operandSpecs.get(i);
            int slash = spec.indexOf('/');
            if (slash > 0) {
                // R/M code: the register form or the memory form, whichever this instruction has
                spec = insn.operand(i) instanceof Operand.Mem ? spec.substring(slash + 1) : spec.substring(0, slash);
            }
            if (spec.equals("Jb")) continue;
            if (spec.endsWith("v") || spec.endsWith("z") || spec.equals("eAX") || spec.equals("Ma") || spec.equals("Mp")
                    || spec.equals("M28") || spec.equals("M108") || spec.equals("Ibs")) {
                return true;
            }
        }
        return false;
    }

    /** Conditional branches, on which objdump reads 2E/3E as not-taken/taken hints (",pn", ",pt"). */
    private static boolean takesBranchHint(OpcodeForm form) {
        switch (form.operation()) {
            case "JCC": case "LOOP": case "LOOPE": case "LOOPNE": case "JECXZ": return true;
            default: return false;
        }
    }

    private static boolean isBranch(OpcodeForm form) {
        switch (form.operation()) {
            case "JCC": case "JMP": case "CALL": case "RET": return true;
            default: return false;
        }
    }

    private static String prefixNames(Instruction insn, Layout layout) {
        OpcodeForm form = insn.form();
        String mandatory = mandatoryPrefix(form);
        StringBuilder s = new StringBuilder();
        byte[] b = insn.bytes();
        for (int i = 0; i < layout.prefixCount; i++) {
            int p = b[i] & 0xFF;
            String name;
            switch (p) {
                case 0xF0: name = "lock"; break;
                case 0x9B: continue;   // FWAIT merged with its x87 instruction
                case 0xF3:
                    if (i == layout.lastRep && mandatory.equals("F3")) continue;
                    name = i == layout.lastRep && form.hasAttribute("rep") ? "rep"
                            : lockElision(insn, true) ? "xrelease" : "repz";
                    break;
                case 0xF2:
                    if (i == layout.lastRepne && mandatory.equals("F2")) continue;
                    name = isBranch(form) ? "bnd" : lockElision(insn, false) ? "xacquire" : "repnz";
                    break;
                case 0x66:
                    if (i == layout.lastOperandPrefix && (mandatory.equals("66") || operandSizeMatters(insn))) continue;
                    name = "data16";
                    break;
                case 0x67:
                    if (i == layout.lastAddressPrefix && addressSizeMatters(insn, layout)) continue;
                    name = "addr16";
                    break;
                default:
                    if (i == layout.lastSegmentPrefix) {
                        if (takesBranchHint(form) && (p == 0x2E || p == 0x3E)) continue;
                        if (p == 0x3E && isNotrack(form)) {
                            name = "notrack";
                            break;
                        }
                        if (segmentOverrideUsed(insn)) continue;
                    }
                    name = SEGMENTS[segmentIndex(p)];
            }
            s.append(name).append(' ');
        }
        return s.toString();
    }

    /**
     * Whether F3 (release) or F2 (acquire) is a hardware lock elision hint: on a LOCKed form, on XCHG with
     * memory, and (release only) on a MOV store.
     */
    private static boolean lockElision(Instruction insn, boolean release) {
        OpcodeForm form = insn.form();
        boolean memoryDestination = !insn.operands().isEmpty() && insn.operand(0) instanceof Operand.Mem;
        if (!memoryDestination) return false;
        if (insn.has(ukcf.cpu.decode.Prefix.LOCK) && form.hasAttribute("lock")) return true;
        return form.hasAttribute("hle") || release && form.hasAttribute("xrelease");
    }

    private static int segmentIndex(int prefix) {
        switch (prefix) {
            case 0x26: return 0;
            case 0x2E: return 1;
            case 0x36: return 2;
            case 0x3E: return 3;
            case 0x64: return 4;
            default: return 5;
        }
    }

    private static boolean addressSizeMatters(Instruction insn, Layout layout) {
        // objdump decodes a moffs with the 16-bit offset but still lists the 67 prefix as unused
        if (layout.hasMemory) return !insn.form().operandSpecs().stream().anyMatch(s -> s.startsWith("O"));
        switch (insn.form().operation()) {
            case "LOOP": case "LOOPE": case "LOOPNE": case "JECXZ": return true;
            default: return false;
        }
    }

    /** Whether a memory operand shows the segment override (not when 3E is read as NOTRACK). */
    private static boolean segmentShown(Instruction insn, Layout layout) {
        if (insn.segmentOverride() == null) return false;
        return !(isNotrack(insn.form()) && (insn.bytes()[layout.lastSegmentPrefix] & 0xFF) == 0x3E);
    }

    private static boolean isNotrack(OpcodeForm form) {
        return form.hasAttribute("indirect") && !form.operation().equals("JMPF") && !form.operation().equals("CALLF");
    }

    private static boolean segmentOverrideUsed(Instruction insn) {
        List<String> specs = insn.form().operandSpecs();
        for (int i = 0; i < specs.size(); i++) {
            if (insn.operand(i) instanceof Operand.Mem && !specs.get(i).startsWith("Y")) return true;
        }
        return false;
    }

    private static String mnemonic(Instruction insn, Layout layout) {
        OpcodeForm form = insn.form();
        int operandSize = insn.operandSize();
        String att = form.attribute("att");
        String name;
        if (att != null) {
            int bar = att.indexOf('|');
            name = bar < 0 ? att : operandSize == 16 ? att.substring(0, bar) : att.substring(bar + 1);
        } else {
            name = form.mnemonic(operandSize);
        }
        if (form.operation().equals("JECXZ") && insn.addressSize() == 16) name = "jcxz";
        if (form.operation().startsWith("LOOP") && insn.addressSize() == 16) name += "w";
        String pseudo = pseudoOp(insn);
        if (pseudo != null) name = pseudo;
        name += suffix(insn);
        if (takesBranchHint(form) && layout.lastSegmentPrefix >= 0) {
            int p = insn.bytes()[layout.lastSegmentPrefix] & 0xFF;
            if (p == 0x2E) name += ",pn";
            else if (p == 0x3E) name += ",pt";
        }
        return name;
    }

    private static String pseudoOp(Instruction insn) {
        String kind = insn.form().attribute("pseudo");
        if (kind == null) return null;
        int imm = ((Operand.Imm) insn.operand(insn.operands().size() - 1)).value() & 0xFF;
        return PSEUDO_OPS.get(kind).apply(insn.form().mnemonic(), imm);
    }

    private static String sizeLetter(int bytes) {
        switch (bytes) {
            case 1: return "b";
            case 2: return "w";
            default: return "l";
        }
    }

    private static String suffix(Instruction insn) {
        OpcodeForm form = insn.form();
        List<String> specs = form.operandSpecs();
        if (form.hasAttribute("suffix")) return sizeLetter(insn.operandSize() / 8);
        if (form.hasAttribute("suffix16")) return insn.operandSize() == 16 ? "w" : "";
        if (form.hasAttribute("nosuffix") || form.hasAttribute("indirect")) return "";
        Operand.Mem memory = null;
        String memorySpec = null;
        for (int i = 0; i < specs.size(); i++) {
            if (insn.operand(i) instanceof Operand.Mem m) {
                memory = m;
                memorySpec = specs.get(i);
            }
        }
        if (memory == null) return "";
        if (form.hasAttribute("memsuffix")) return sizeLetter(memory.size());
        String x87 = X87_MEMORY_SUFFIX.get(memorySpec);
        if (x87 != null) return x87;
        if ((memorySpec.equals("M28") || memorySpec.equals("M108")) && insn.operandSize() == 16) return "s";
        if (!(memorySpec.equals("Eb") || memorySpec.equals("Ev"))) return "";
        for (Operand o : insn.operands()) {
            if (o instanceof Operand.Reg r && !(r.bank() == RegisterBank.GPR && r.size() == 1 && r.index() == 1
                    && specs.contains("CL"))) {
                return "";
            }
        }
        return sizeLetter(memory.size());
    }

    private static List<String> operands(Instruction insn, Layout layout, Symbolizer symbolizer) {
        OpcodeForm form = insn.form();
        List<String> specs = form.operandSpecs();
        List<String> out = new ArrayList<>(specs.size());
        boolean immediateInMnemonic = pseudoOp(insn) != null;
        for (int i = 0; i < specs.size(); i++) {
            String spec = specs.get(i);
            if (spec.equals("1")) continue;
            if (immediateInMnemonic && i == specs.size() - 1) continue;
            String text = operand(insn, layout, spec, insn.operand(i), symbolizer);
            if (form.hasAttribute("indirect")) text = "*" + text;
            out.add(text);
        }
        if (!form.hasAttribute("intelorder")) java.util.Collections.reverse(out);
        return out;
    }

    private static String operand(Instruction insn, Layout layout, String spec, Operand operand, Symbolizer symbolizer) {
        if (operand instanceof Operand.Reg r) {
            if (spec.equals("DX")) return "(%dx)";
            if (spec.equals("ST")) return "%st";
            return "%" + registerName(r);
        }
        if (operand instanceof Operand.Imm imm) return "$" + hex(immediateValue(insn, spec, imm));
        if (operand instanceof Operand.Rel rel) {
            String symbol = symbolizer.symbolize(rel.target());
            return symbol == null ? "0x" + Integer.toHexString(rel.target())
                    : Integer.toHexString(rel.target()) + " <" + symbol + ">";
        }
        if (operand instanceof Operand.Far far) {
            return "$0x" + Integer.toHexString(far.selector()) + ",$0x" + Integer.toHexString(far.offset());
        }
        Operand.Mem m = (Operand.Mem) operand;
        boolean alwaysSegment = spec.startsWith("X") || spec.startsWith("Y");
        String segment = alwaysSegment || segmentShown(insn, layout)
                ? "%" + SEGMENTS[m.segment().ordinal()] + ":" : "";
        if (spec.startsWith("O")) return segment + "0x" + Integer.toHexString(m.displacement());
        if (alwaysSegment) {
            return segment + "(%" + (m.addressSize() == 16 ? GPR16 : GPR32)[m.base()] + ")";
        }
        return segment + (m.addressSize() == 16 ? address16(insn, layout, m) : address32(insn, layout, m));
    }

    private static long immediateValue(Instruction insn, String spec, Operand.Imm imm) {
        int value = imm.value();
        if (spec.equals("Ibs")) {
            return insn.operandSize() == 16 ? value & 0xFFFF : value & 0xFFFFFFFFL;
        }
        switch (imm.size()) {
            case 1: return value & 0xFF;
            case 2: return value & 0xFFFF;
            default: return value & 0xFFFFFFFFL;
        }
    }

    private static String hex(long value) { return "0x" + Long.toHexString(value); }

    private static String signedHex(long value) { return value < 0 ? "-0x" + Long.toHexString(-value) : "0x" + Long.toHexString(value); }

    private static String address32(Instruction insn, Layout layout, Operand.Mem m) {
        byte[] b = insn.bytes();
        int modrm = b[layout.modrmAt] & 0xFF;
        int mod = modrm >> 6;
        boolean sib = (modrm & 7) == 4;
        boolean hasBase = m.base() >= 0;
        boolean hasIndex = m.index() >= 0;
        boolean printIndex = hasIndex;
        int sibScale = 0;
        if (sib) {
            sibScale = (b[layout.modrmAt + 1] & 0xFF) >> 6;
            printIndex = hasIndex || sibScale != 0 || !hasBase || m.base() != 4;
        }
        StringBuilder s = new StringBuilder();
        if (mod != 0 || !hasBase) {
            if (hasBase || printIndex) s.append(signedHex(m.displacement()));
            else s.append(hex(m.displacement() & 0xFFFFFFFFL));
        }
        if (hasBase || printIndex) {
            s.append('(');
            if (hasBase) s.append('%').append(GPR32[m.base()]);
            if (printIndex) {
                s.append(",%").append(hasIndex ? GPR32[m.index()] : "eiz").append(',').append(1 << sibScale);
            }
            s.append(')');
        }
        return s.toString();
    }

    private static String address16(Instruction insn, Layout layout, Operand.Mem m) {
        if (m.base() < 0) return signedHex((short) m.displacement());
        int mod = (insn.bytes()[layout.modrmAt] & 0xFF) >> 6;
        StringBuilder s = new StringBuilder();
        if (mod != 0) s.append(signedHex((short) m.displacement()));
        s.append("(%").append(GPR16[m.base()]);
        if (m.index() >= 0) s.append(",%").append(GPR16[m.index()]);
        return s.append(')').toString();
    }

    public static String registerName(Operand.Reg r) {
        switch (r.bank()) {
            case GPR: return (r.size() == 4 ? GPR32 : r.size() == 2 ? GPR16 : GPR8)[r.index()];
            case SEGMENT: return SEGMENTS[r.index()];
            case CONTROL: return "cr" + r.index();
            case DEBUG: return "db" + r.index();
            case X87: return "st(" + r.index() + ")";
            case MMX: return "mm" + r.index();
            default: return "xmm" + r.index();
        }
    }
}
