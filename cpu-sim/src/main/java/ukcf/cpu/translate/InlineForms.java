package ukcf.cpu.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.RegisterBank;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.semantics.Arith;
import ukcf.cpu.semantics.Logic;
import ukcf.cpu.semantics.Shift;
import ukcf.cpu.semantics.SystemOps;
import ukcf.cpu.semantics.sse.SseControl;
import ukcf.cpu.semantics.sse.SseMoves;

/**
 * The instructions translated inline, by operation key, each with the operand shapes it handles and the
 * semantic method it calls ({@code ukcf.cpu.semantics}, the same one the interpreter's handler calls). An
 * instruction not listed here, or listed but of another shape (segment registers, 16-bit stack operations),
 * runs through the interpreter's handler.
 */
final class InlineForms {
    private InlineForms() { }

    /** How an inline form is emitted; {@link BlockEmitter} has one method per shape. */
    enum Shape {
        /** destination op= source with flags (ADD...); {@code semantic(flags, a, b, size)}. */
        BINARY,
        /** flags only (CMP, TEST). */
        COMPARE,
        /** destination = f(destination) (INC, DEC, NEG, NOT). */
        UNARY,
        /** destination = f(destination, count) (shifts and rotates by 1, CL or an immediate). */
        SHIFT,
        /** two- and three-operand IMUL: register = f(a, b). */
        MULTIPLY,
        /** one-operand 32-bit MUL and IMUL: EDX:EAX = f(EAX, source), {@code semantic(flags, a, b, size)} a long. */
        WIDE_MULTIPLY,
        /** 32-bit DIV and IDIV: EAX, EDX = f(EDX:EAX, source), {@code semantic(dividend, divisor, size)} a long. */
        DIVIDE,
        /** XCHG of two registers. */
        EXCHANGE,
        /** CDQ (EDX = sign of EAX) and CWDE (EAX = sign-extended AX), 32-bit. */
        SIGN_FILL, SIGN_EXTEND_ACCUMULATOR,
        /** CLD, STD: {@code SystemOps.direction}. */
        DIRECTION,
        MOVE, ZERO_EXTEND, SIGN_EXTEND, LOAD_EFFECTIVE_ADDRESS, SET_CONDITION, CONDITIONAL_MOVE,
        PUSH, POP, CALL, RETURN, JUMP, CONDITIONAL_JUMP, NOTHING,
        /** 128-bit XMM moves: {@code XmmOperands.load128/store128/copy128}, with and without the alignment check. */
        VECTOR_MOVE_ALIGNED, VECTOR_MOVE_UNALIGNED
    }

    /** A semantic compute method: {@code owner.name}, taking the flags object first. */
    record Semantic(Class<?> owner, String name) { }

    record Form(Shape shape, Semantic semantic) { }

    /** The forms of each operation, tried in order (IMUL has two). */
    private static final Map<String, List<Form>> BY_OPERATION = new HashMap<>();

    private static void add(String operation, Shape shape, Class<?> owner, String method) {
        BY_OPERATION.computeIfAbsent(operation, o -> new ArrayList<>())
                .add(new Form(shape, owner == null ? null : new Semantic(owner, method)));
    }

    static {
        add("ADD", Shape.BINARY, Arith.class, "add");
        add("ADC", Shape.BINARY, Arith.class, "adc");
        add("SUB", Shape.BINARY, Arith.class, "sub");
        add("SBB", Shape.BINARY, Arith.class, "sbb");
        add("AND", Shape.BINARY, Logic.class, "and");
        add("OR", Shape.BINARY, Logic.class, "or");
        add("XOR", Shape.BINARY, Logic.class, "xor");
        add("CMP", Shape.COMPARE, Arith.class, "sub");
        add("TEST", Shape.COMPARE, Logic.class, "and");
        add("INC", Shape.UNARY, Arith.class, "inc");
        add("DEC", Shape.UNARY, Arith.class, "dec");
        add("NEG", Shape.UNARY, Arith.class, "neg");
        add("NOT", Shape.UNARY, Logic.class, "not");
        for (String shift : new String[] {"shl", "shr", "sar", "rol", "ror", "rcl", "rcr"}) {
            add(shift.toUpperCase(), Shape.SHIFT, Shift.class, shift);
        }
        add("IMUL", Shape.MULTIPLY, Arith.class, "imulTruncating");
        add("IMUL", Shape.WIDE_MULTIPLY, Arith.class, "imul");
        add("MUL", Shape.WIDE_MULTIPLY, Arith.class, "mul");
        add("DIV", Shape.DIVIDE, Arith.class, "div");
        add("IDIV", Shape.DIVIDE, Arith.class, "idiv");
        add("XCHG", Shape.EXCHANGE, null, null);
        add("CWD", Shape.SIGN_FILL, null, null);
        add("CBW", Shape.SIGN_EXTEND_ACCUMULATOR, null, null);
        add("CLD", Shape.DIRECTION, SystemOps.class, "direction");
        add("STD", Shape.DIRECTION, SystemOps.class, "direction");
        add("MOV", Shape.MOVE, null, null);
        add("MOVZX", Shape.ZERO_EXTEND, null, null);
        add("MOVSX", Shape.SIGN_EXTEND, null, null);
        add("LEA", Shape.LOAD_EFFECTIVE_ADDRESS, null, null);
        add("SETCC", Shape.SET_CONDITION, null, null);
        add("CMOVCC", Shape.CONDITIONAL_MOVE, null, null);
        add("PUSH", Shape.PUSH, null, null);
        add("POP", Shape.POP, null, null);
        add("CALL", Shape.CALL, null, null);
        add("RET", Shape.RETURN, null, null);
        add("JMP", Shape.JUMP, null, null);
        add("JCC", Shape.CONDITIONAL_JUMP, null, null);
        add("NOP", Shape.NOTHING, null, null);
        for (String hint : SseControl.NO_EFFECT) add(hint, Shape.NOTHING, null, null); // fences, prefetches
        for (String move : SseMoves.ALIGNED_128) add(move, Shape.VECTOR_MOVE_ALIGNED, null, null);
        for (String move : SseMoves.UNALIGNED_128) add(move, Shape.VECTOR_MOVE_UNALIGNED, null, null);
    }

    /** The inline form of {@code insn}, or null if it runs through its interpreter handler. */
    static Form of(Instruction insn) {
        List<Form> forms = BY_OPERATION.get(insn.form().operation());
        if (forms == null) return null;
        for (Form form : forms) if (accepts(form.shape(), insn)) return form;
        return null;
    }

    private static boolean accepts(Shape shape, Instruction insn) {
        int count = insn.operands().size();
        boolean stack32 = insn.operandSize() == 32 && insn.addressSize() == 32;
        switch (shape) {
            case BINARY: case COMPARE:
                return count == 2 && isGprOrMemory(insn.operand(0)) && isValue(insn.operand(1));
            case UNARY: case SET_CONDITION:
                return count == 1 && isGprOrMemory(insn.operand(0));
            case SHIFT:
                return count >= 1 && count <= 2 && isGprOrMemory(insn.operand(0))
                        && (count == 1 || insn.operand(1) instanceof Operand.Imm || isCl(insn.operand(1)));
            case MULTIPLY:
                return (count == 2 || count == 3) && isGpr(insn.operand(0))
                        && isValue(insn.operand(1)) && (count == 2 || insn.operand(2) instanceof Operand.Imm);
            case WIDE_MULTIPLY:
                return count == 1 && isGprOrMemory(insn.operand(0)) && Operands.sizeOf(insn, insn.operand(0)) == 4;
            case DIVIDE:
                return count == 1 && isGprOrMemory(insn.operand(0)) && Operands.sizeOf(insn, insn.operand(0)) == 4;
            case EXCHANGE:
                return count == 2 && isGpr(insn.operand(0)) && isGpr(insn.operand(1));
            case SIGN_FILL: case SIGN_EXTEND_ACCUMULATOR:
                return insn.operandSize() == 32;
            case MOVE:
                return count == 2 && isGprOrMemory(insn.operand(0)) && isValue(insn.operand(1));
            case ZERO_EXTEND: case SIGN_EXTEND: case CONDITIONAL_MOVE:
                return count == 2 && isGpr(insn.operand(0)) && isGprOrMemory(insn.operand(1));
            case LOAD_EFFECTIVE_ADDRESS:
                return count == 2 && isGpr(insn.operand(0)) && insn.operand(1) instanceof Operand.Mem;
            case PUSH:
                return stack32 && count == 1 && isValue(insn.operand(0));
            case POP:
                return stack32 && count == 1 && isGpr(insn.operand(0));
            case CALL: case JUMP:
                return stack32 && count == 1 && (insn.operand(0) instanceof Operand.Rel || isGprOrMemory(insn.operand(0)));
            case RETURN:
                return stack32 && (count == 0 || count == 1 && insn.operand(0) instanceof Operand.Imm);
            case CONDITIONAL_JUMP:
                return count == 1 && insn.operand(0) instanceof Operand.Rel;
            case VECTOR_MOVE_ALIGNED: case VECTOR_MOVE_UNALIGNED:
                return count == 2 && (isXmm(insn.operand(0)) && (isXmm(insn.operand(1)) || isMemory128(insn.operand(1)))
                        || isMemory128(insn.operand(0)) && isXmm(insn.operand(1)));
            default:
                return true;
        }
    }

    static boolean isGpr(Operand operand) {
        return operand instanceof Operand.Reg r && r.bank() == RegisterBank.GPR;
    }

    static boolean isXmm(Operand operand) {
        return operand instanceof Operand.Reg r && r.bank() == RegisterBank.XMM;
    }

    private static boolean isMemory128(Operand operand) {
        return operand instanceof Operand.Mem m && m.size() == 16;
    }

    private static boolean isGprOrMemory(Operand operand) {
        return isGpr(operand) || operand instanceof Operand.Mem;
    }

    private static boolean isValue(Operand operand) {
        return isGprOrMemory(operand) || operand instanceof Operand.Imm;
    }

    private static boolean isCl(Operand operand) {
        return operand instanceof Operand.Reg r && r.bank() == RegisterBank.GPR && r.index() == 1 && r.size() == 1;
    }

    /** Whether the inline translation can raise a fault (it touches memory). */
    static boolean canFault(Form form, Instruction insn) {
        switch (form.shape()) {
            case LOAD_EFFECTIVE_ADDRESS: case NOTHING: case EXCHANGE: case SIGN_FILL: case SIGN_EXTEND_ACCUMULATOR:
            case DIRECTION:
                return false;
            case PUSH: case POP: case CALL: case RETURN: case DIVIDE: return true; // DIVIDE: #DE
            default:
                for (Operand operand : insn.operands()) if (operand instanceof Operand.Mem) return true;
                return false;
        }
    }

    /** Whether the inline translation writes guest memory (so it may have overwritten its own block). */
    static boolean writesMemory(Form form, Instruction insn) {
        switch (form.shape()) {
            case PUSH: case CALL: return true;
            case BINARY: case UNARY: case SHIFT: case MOVE: case SET_CONDITION:
            case VECTOR_MOVE_ALIGNED: case VECTOR_MOVE_UNALIGNED:
                return insn.operand(0) instanceof Operand.Mem;
            default: return false;
        }
    }

    /** Whether the instruction transfers control, so that it ends its block. */
    static boolean endsBlock(Form form) {
        switch (form.shape()) {
            case CALL: case RETURN: case JUMP: case CONDITIONAL_JUMP: return true;
            default: return false;
        }
    }
}
