package ukcf.cpu.verify.generate;

import java.util.Set;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OperandSpec;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.verify.Comparator;
import ukcf.cpu.verify.InterpreterEngine;

/**
 * Which opcode forms random sequences may contain, and the role each plays. Excluded are forms whose native
 * result depends on the host or the kernel rather than the CPU (CPUID, RDTSC, port I/O, privileged and system
 * instructions, segment loads, far transfers, state images that store the x87 pointers), and control flow that
 * would leave the sequence. Some forms are only safe in a fixed shape, see {@link Role}.
 *
 * <p>Where the SDM lets processors differ, this class is the one place that keeps generated sequences on the
 * defined side, each rule with the SDM's reason: a run must pass on any Intel or AMD processor, not only on the
 * one at hand (approximations only last, fixed operand sizes, flags a count may leave undefined). Flags the
 * table lists as undefined are excluded from comparison and never read by a later instruction.
 */
final class GenerationRules {
    private GenerationRules() { }

    enum Role {
        /** Anywhere. */
        ORDINARY,
        /** Forward branch to a later instruction of the sequence (or its end). */
        FORWARD_BRANCH,
        /** CALL rel: emitted as {@code call body; jmp over; body: ...; ret}. */
        CALL,
        /** RET: only inside a CALL shape. */
        RETURN,
        /** POPF: only as {@code push $flags; popf} with TF/AC/ID clear. */
        POPF,
        /** Uses DS:ESI / ES:EDI: only while both still point into the data area. */
        STRING,
        /**
         * Only as the last instruction: reloads EBP or all registers from the stack (LEAVE, POPA), or leaves a
         * result that may differ between vendors within a bound (SSE reciprocal approximations, x87
         * transcendentals) in a register.
         */
        LAST,
        EXCLUDED
    }

    private static final Set<String> EXCLUDED_OPERATIONS = Set.of(
            "CPUID", "RDTSC", "RDTSCP", "RDPMC", "RDMSR", "WRMSR", "RDRAND", "RDSEED", "XGETBV", "XSETBV",
            "IN", "OUT", "INS", "OUTS", "CLI", "STI", "HLT", "INT1", "IRET", "CALLF", "JMPF", "RETF",
            "LDS", "LES", "LFS", "LGS", "LSS", "LGDT", "LIDT", "LLDT", "LTR", "LMSW", "SGDT", "SIDT", "SLDT", "SMSW",
            "STR", "CLTS", "INVD", "INVLPG", "WBINVD", "RSM", "SYSCALL", "SYSENTER", "SYSEXIT", "SYSRET", "VMCALL",
            "MONITOR", "MWAIT", "XSAVE", "XSAVEC", "XSAVEOPT", "XSAVES", "XRSTOR", "XRSTORS", "ARPL", "LAR", "LSL",
            "VERR", "VERW", "CLAC", "STAC", "CLFLUSHOPT",
            // Store the x87 last-instruction and last-data pointers (FIP, FDP, FOP, FCS, FDS), which processors
            // save differently as the SDM allows: AMD only while an exception is pending, Intel always, and
            // Intel processors with CPUID.(EAX=7):EBX[13] store FCS and FDS as 0.
            "FXSAVE", "FNSAVE", "FSAVE", "FNSTENV", "FSTENV");

    private static final Set<String> BRANCHES = Set.of("JCC", "JMP", "LOOP", "LOOPE", "LOOPNE", "JECXZ");
    private static final Set<String> STRINGS = Set.of("MOVS", "CMPS", "STOS", "LODS", "SCAS", "MASKMOVQ", "MASKMOVDQU");

    static Role roleOf(OpcodeForm form) {
        String op = form.operation();
        if (EXCLUDED_OPERATIONS.contains(op) || form.hasAttribute("indirect")) return Role.EXCLUDED;
        for (String spec : form.operandSpecs()) {
            OperandSpec s = OperandSpec.parse(spec);
            if (s.source() == OperandSpec.Source.FAR_POINTER || s.bank() == RegisterBank.CONTROL
                    || s.bank() == RegisterBank.DEBUG || spec.equals("Mx")) {
                return Role.EXCLUDED;
            }
        }
        if (op.equals("MOV") && form.operandSpecs().get(0).equals("Sw")) return Role.EXCLUDED;   // segment load
        if (op.equals("POP") && isSegmentRegister(form.operandSpecs().get(0))) return Role.EXCLUDED;
        if (op.equals("INT") && !form.encoding().startsWith("CD")) return Role.EXCLUDED;
        // Results that differ between vendors within a bound (SSE reciprocal approximations: relative error at
        // most 1.5 * 2^-12; x87 transcendentals: 1 ulp). The comparison excuses them only in registers, so no
        // later instruction may carry them into memory, flags or a rounding decision.
        if (Comparator.SSE_APPROXIMATIONS.contains(op) || Comparator.TRANSCENDENTALS.contains(op)) return Role.LAST;
        if (BRANCHES.contains(op)) return Role.FORWARD_BRANCH;
        if (STRINGS.contains(op)) return Role.STRING;
        return switch (op) {
            case "CALL" -> Role.CALL;
            case "RET" -> Role.RETURN;
            case "POPF" -> Role.POPF;
            case "LEAVE", "POPA" -> Role.LAST;
            default -> Role.ORDINARY;
        };
    }

    private static boolean isSegmentRegister(String spec) {
        return Set.of("ES", "CS", "SS", "DS", "FS", "GS").contains(spec);
    }

    /** Operations whose register operands are all written (so none may be a reserved address register). */
    static boolean writesAllRegisterOperands(OpcodeForm form) {
        return Set.of("XCHG", "XADD", "CMPXCHG").contains(form.operation());
    }

    /** Operations that move ESP (not allowed between a CALL and its RET). */
    static boolean movesStackPointer(OpcodeForm form) {
        return Set.of("PUSH", "POP", "PUSHF", "PUSHA", "ENTER").contains(form.operation());
    }

    private static final Set<String> COUNTED_SHIFTS = Set.of("SHL", "SHR", "SAR", "ROL", "ROR", "RCL", "RCR", "SHLD", "SHRD");

    /**
     * Forms that may write no flag at all: shifts and rotates whose count may be 0, and CMPS/SCAS, which a REP
     * prefix with ECX 0 turns into a no-op.
     */
    static boolean hasVariableCount(OpcodeForm form) {
        return COUNTED_SHIFTS.contains(form.operation()) && !form.operandSpecs().contains("1")
                || form.operation().equals("CMPS") || form.operation().equals("SCAS");
    }

    /**
     * SHLD/SHRD with 16-bit operands and a count above 16 leave the result and flags undefined (SDM), so a 16-bit
     * form takes an immediate count of at most this.
     */
    static final int LARGEST_DEFINED_16_BIT_DOUBLE_SHIFT_COUNT = 16;

    /**
     * The operand size a form must be generated with (0: any). SHLD/SHRD by CL: 32 bits, since CL is not known
     * when the instruction is drawn (see {@link #LARGEST_DEFINED_16_BIT_DOUBLE_SHIFT_COUNT}); PUSH of a segment
     * register with a 32-bit operand size may write 2 or 4 bytes (SDM: recent Intel CPUs move 16 bits, others
     * zero-extend), so only the 16-bit forms are exact.
     */
    static int fixedOperandSize(OpcodeForm form) {
        if ((form.operation().equals("SHLD") || form.operation().equals("SHRD")) && form.operandSpecs().contains("CL")) {
            return 32;
        }
        if (form.operation().equals("PUSH") && isSegmentRegister(form.operandSpecs().get(0))) return 16;
        return 0;
    }

    /**
     * Flags that a form may leave undefined beyond the table's column, given the width of its destination: CF of
     * an 8- or 16-bit SHL/SHR whose count may reach the width (see
     * {@link InterpreterEngine#SHIFTS_WITH_CARRY_UNDEFINED_AT_FULL_WIDTH}). A later instruction must not read it.
     */
    static int flagsUndefinedByCount(OpcodeForm form, int destinationBits) {
        boolean carryMayBeUndefined = InterpreterEngine.SHIFTS_WITH_CARRY_UNDEFINED_AT_FULL_WIDTH.contains(form.operation())
                && hasVariableCount(form) && destinationBits < 32;
        return carryMayBeUndefined ? Eflags.CF : 0;
    }

    /** Forms that load MXCSR from memory. */
    static boolean loadsMxcsr(OpcodeForm form) {
        return form.operation().equals("LDMXCSR") || form.operation().equals("FXRSTOR");
    }

    /**
     * AMD processors implement MXCSR bit 17 (misaligned SSE mode, MXCSR_MASK 0x0002FFFF) where Intel processors
     * reserve it, so loading an MXCSR whose bits 16-31 are exactly 0x0002 succeeds on one and raises #GP on the
     * other (the SDM lets MXCSR_MASK differ). For a sequence that loads MXCSR, the initial memory holds that
     * 16-bit word nowhere (the bytes 02 00 become 03 00), at any alignment a load could use.
     */
    static void removeVendorSpecificMxcsr(byte[] area) {
        for (int i = 0; i + 1 < area.length; i++) {
            if (area[i] == 0x02 && area[i + 1] == 0x00) area[i] = 0x03;
        }
    }

    /** Operations whose first operand is only read. */
    /** BT, BTS, BTR, BTC with the bit offset in a register: a memory destination is a bit string around EA. */
    static boolean isBitStringWithRegisterOffset(OpcodeForm form) {
        return Set.of("BT", "BTS", "BTR", "BTC").contains(form.operation())
                && form.operandSpecs().size() == 2 && form.operandSpecs().get(1).startsWith("G");
    }

    static boolean readsFirstOperandOnly(OpcodeForm form) {
        return Set.of("CMP", "TEST", "BT", "PUSH", "BOUND").contains(form.operation());
    }
}
