package ukcf.cpu.translate;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandles;
import java.util.List;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.flags.Width;
import ukcf.cpu.interp.InstructionHandler;
import ukcf.cpu.interp.Operands;
import ukcf.cpu.memory.Access;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.memory.SoftTlb;
import ukcf.cpu.state.CpuState;

/**
 * Emits the body of {@code execute(Cpu, BlockContext)} for a region: one or more guest basic blocks, the first
 * being where execution enters. A transfer to a block of the region (a direct target, or an indirect one that a
 * switch over the region's block addresses recognizes) is a JVM jump, so a guest loop is a JVM loop; anything else
 * leaves the method. {@link #COUNT} counts the instructions completed by earlier blocks of this execution and a
 * transfer inside the region happens only if the next block fits the budget ({@link BlockContext#budget}).
 *
 * <p>Locals: the eight guest registers live in JVM locals, loaded at entry (only those the block touches) and
 * written back at every exit and before every interpreter handler call; {@link #INDEX} names the instruction that
 * may fault next. One exception handler covers the body: it writes the registers back (they hold the faulting
 * instruction's inputs, since inline code assigns registers only after its last memory access) and leaves through
 * {@link BlockContext#fault}.
 *
 * <p>Flags are recorded into the guest's EFLAGS ({@link CpuState#flags}), or not at all where nothing can observe
 * them ({@link FlagLiveness}, {@link #pushFlagsObject}). The record of an instruction that sets every status flag
 * from its inputs alone is deferred ({@link DeferredFlags}): the inputs stay in locals until an exit, a fault, an
 * interpreter handler or an instruction that reads or partly updates EFLAGS needs the record made, and the next
 * such instruction replaces it. A fault never has to undo a flag update: a deferred record becomes pending only
 * after its instruction wrote its destination, and a read-modify-write of memory that records at once checks that
 * its store will succeed before it computes (a write probe), so a store that faults comes before the flags change,
 * as on the CPU. A condition
 * whose flags were set earlier in the block by CMP, TEST or an arithmetic or logic instruction is evaluated from
 * that instruction's operands or result, kept in {@link #CONDITION_FIRST}, {@link #CONDITION_SECOND} and
 * {@link #CONDITION_RESULT} ({@link ConditionSources}), not read back from EFLAGS.
 *
 * <p>The emitter runs twice over a block ({@link BlockCompiler}): the first pass, into a discarding visitor,
 * learns which registers the block reads and writes, so the second knows what to load and write back.
 */
final class BlockEmitter {
    static final int THIS = 0, CPU = 1, CONTEXT = 2, STATE = 3, FLAGS = 4, MEMORY = 5, SEGMENT_BASE = 6, GPR = 7,
            CONDITION_FIRST = 8, REGISTER_0 = 9, INDEX = 17, CONDITION_SECOND = 18, ADDRESS = 19, VALUE = 20, PARTIAL = 21,
            EXCEPTION = 22, COUNT = 23, BUDGET = 24, CONDITION_RESULT = 25, DEFERRED = 26, READ_TAGS = 27, READ_FRAMES = 28, WRITE_TAGS = 29, WRITE_FRAMES = 30, MEM_ADDRESS = 31,
            MEM_VALUE = 32, SEGMENT_BASE_0 = 33, OPERAND_A = 39, OPERAND_B = 40, OPERAND_RESULT = 41;
    /** {@link #pending} when the deferred record is known only at run time (in {@link #DEFERRED}). */
    private static final int PENDING_UNKNOWN = -1;

    private static final String CPU_TYPE = Type.getInternalName(Cpu.class);
    private static final String STATE_TYPE = Type.getInternalName(CpuState.class);
    private static final String FLAGS_TYPE = Type.getInternalName(LazyFlags.class);
    private static final String MEMORY_TYPE = Type.getInternalName(Memory.class);
    private static final String CONTEXT_TYPE = Type.getInternalName(BlockContext.class);
    private static final String BLOCK_TYPE = Type.getInternalName(TranslatedBlock.class);
    private static final String TLB_TYPE = Type.getInternalName(SoftTlb.class);
    private static final String ACCESS_TYPE = Type.getInternalName(MemoryAccess.class);
    private static final String BINARY = "(L" + FLAGS_TYPE + ";III)I";
    private static final String UNARY = "(L" + FLAGS_TYPE + ";II)I";
    private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC, Type.getInternalName(MethodHandles.class),
            "classDataAt", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;",
            false);

    private final MethodVisitor mv;
    /** The region's blocks; instructions are numbered across them (the "global index" of the plan's arrays). */
    private final List<List<Instruction>> blocks;
    private final int[] firstIndex;
    private final Label[] blockLabels;
    private final BlockCompiler.Plan plan;
    private final List<Object> classData;
    /** Registers to load at entry and after handler calls, and to write back: from the first pass. */
    private final int loadMask, writtenMask;
    /** Segments whose bases the block uses, held in locals from {@link #SEGMENT_BASE_0}: from the first pass. */
    private final int segmentMask;
    /** What this pass saw the block read and write. */
    int usedRegisters, writtenRegisters, usedSegments;

    BlockEmitter(MethodVisitor mv, List<List<Instruction>> blocks, BlockCompiler.Plan plan, List<Object> classData,
                 int loadMask, int writtenMask, int segmentMask) {
        this.mv = mv;
        this.blocks = blocks;
        this.firstIndex = new int[blocks.size()];
        this.blockLabels = new Label[blocks.size()];
        for (int b = 0, g = 0; b < blocks.size(); g += blocks.get(b).size(), b++) {
            firstIndex[b] = g;
            blockLabels[b] = new Label();
        }
        this.plan = plan;
        this.classData = classData;
        this.loadMask = loadMask;
        this.writtenMask = writtenMask;
        this.segmentMask = segmentMask;
    }

    void emitMethod() {
        mv.visitCode();
        Label bodyStart = new Label(), bodyEnd = new Label(), handler = new Label();
        mv.visitTryCatchBlock(bodyStart, bodyEnd, handler, Type.getInternalName(GuestFault.class));
        emitPrologue();
        mv.visitLabel(bodyStart);
        for (int b = 0; b < blocks.size(); b++) {
            mv.visitLabel(blockLabels[b]);
            pending = PENDING_UNKNOWN;
            currentBlock = b;
            for (int i = 0; i < blocks.get(b).size(); i++) emitInstruction(b, i);
        }
        mv.visitLabel(bodyEnd);
        emitFaultHandler(handler);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void emitPrologue() {
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitFieldInsn(GETFIELD, CPU_TYPE, "state", "L" + STATE_TYPE + ";");
        mv.visitVarInsn(ASTORE, STATE);
        mv.visitVarInsn(ALOAD, STATE);
        mv.visitFieldInsn(GETFIELD, STATE_TYPE, "flags", "L" + FLAGS_TYPE + ";");
        mv.visitVarInsn(ASTORE, FLAGS);
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitFieldInsn(GETFIELD, CPU_TYPE, "memory", "L" + MEMORY_TYPE + ";");
        mv.visitVarInsn(ASTORE, MEMORY);
        loadTlbWay("readTags", "[I", READ_TAGS);
        loadTlbWay("readFrames", "[[B", READ_FRAMES);
        loadTlbWay("writeTags", "[I", WRITE_TAGS);
        loadTlbWay("writeFrames", "[[B", WRITE_FRAMES);
        mv.visitVarInsn(ALOAD, STATE);
        mv.visitFieldInsn(GETFIELD, STATE_TYPE, "segmentBase", "[I");
        mv.visitVarInsn(ASTORE, SEGMENT_BASE);
        mv.visitVarInsn(ALOAD, STATE);
        mv.visitFieldInsn(GETFIELD, STATE_TYPE, "gpr", "[I");
        mv.visitVarInsn(ASTORE, GPR);
        pushInt(0);
        mv.visitVarInsn(ISTORE, INDEX);
        pushInt(0);
        mv.visitVarInsn(ISTORE, ADDRESS);
        pushInt(0);
        mv.visitVarInsn(ISTORE, VALUE);
        pushInt(0);
        mv.visitVarInsn(ISTORE, PARTIAL);
        pushInt(0);
        mv.visitVarInsn(ISTORE, MEM_ADDRESS);
        pushInt(0);
        mv.visitVarInsn(ISTORE, MEM_VALUE);
        pushInt(0);
        mv.visitVarInsn(ISTORE, COUNT);
        for (int local : new int[] {CONDITION_FIRST, CONDITION_SECOND, CONDITION_RESULT, DEFERRED, OPERAND_A, OPERAND_B,
                OPERAND_RESULT}) {
            pushInt(0);
            mv.visitVarInsn(ISTORE, local);
        }
        mv.visitVarInsn(ALOAD, CONTEXT);
        mv.visitFieldInsn(GETFIELD, CONTEXT_TYPE, "budget", "I");
        mv.visitVarInsn(ISTORE, BUDGET);
        loadRegisters();
    }

    /**
     * Segment bases change only in interpreter handlers (segment register loads, system calls), after which they are
     * reloaded with the registers; inline code reads them from locals.
     */
    private void loadSegmentBases() {
        for (int s = 0; s < Segment.values().length; s++) {
            if ((segmentMask & 1 << s) == 0) continue;
            mv.visitVarInsn(ALOAD, SEGMENT_BASE);
            pushInt(s);
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ISTORE, SEGMENT_BASE_0 + s);
        }
    }

    private void pushSegmentBase(Segment segment) {
        usedSegments |= 1 << segment.ordinal();
        mv.visitVarInsn(ILOAD, SEGMENT_BASE_0 + segment.ordinal());
    }

    private void loadTlbWay(String name, String type, int local) {
        mv.visitVarInsn(ALOAD, CONTEXT);
        mv.visitFieldInsn(GETFIELD, CONTEXT_TYPE, name, type);
        mv.visitVarInsn(ASTORE, local);
    }

    private void loadRegisters() {
        loadSegmentBases();
        for (int r = 0; r < 8; r++) {
            if ((loadMask & 1 << r) == 0) continue;
            mv.visitVarInsn(ALOAD, GPR);
            pushInt(r);
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ISTORE, REGISTER_0 + r);
        }
    }

    private void storeRegisters() {
        for (int r = 0; r < 8; r++) {
            if ((writtenMask & 1 << r) == 0) continue;
            mv.visitVarInsn(ALOAD, GPR);
            pushInt(r);
            mv.visitVarInsn(ILOAD, REGISTER_0 + r);
            mv.visitInsn(IASTORE);
        }
    }

    private void emitFaultHandler(Label handler) {
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, EXCEPTION);
        pending = PENDING_UNKNOWN;
        emitDeferredRecord();
        Label registersCurrent = new Label();
        mv.visitVarInsn(ILOAD, INDEX);
        mv.visitJumpInsn(IFLT, registersCurrent);
        storeRegisters();
        mv.visitLabel(registersCurrent);
        mv.visitVarInsn(ALOAD, CONTEXT);
        mv.visitVarInsn(ALOAD, CPU);
        mv.visitVarInsn(ALOAD, THIS);
        mv.visitVarInsn(ALOAD, EXCEPTION);
        mv.visitVarInsn(ILOAD, INDEX);
        mv.visitVarInsn(ILOAD, COUNT);
        mv.visitMethodInsn(INVOKEVIRTUAL, CONTEXT_TYPE, "fault", "(L" + CPU_TYPE + ";L" + BLOCK_TYPE
                + ";L" + Type.getInternalName(GuestFault.class) + ";II)L" + Type.getInternalName(GuestFault.class) + ";", false);
        mv.visitInsn(ATHROW);
    }

    // ---- one instruction ----

    /** Global index (into the plan), position in its block, the instruction, its block. */
    private int index, position, currentBlock;
    private Instruction insn;

    private int blockLength() { return blocks.get(currentBlock).size(); }

    private void emitInstruction(int b, int i) {
        position = i;
        index = firstIndex[b] + i;
        insn = blocks.get(b).get(i);
        // Line numbers are instruction numbers: a profiler's samples in a translation name the guest instruction.
        Label line = new Label();
        mv.visitLabel(line);
        mv.visitLineNumber(index + 1, line);
        InlineForms.Form form = plan.inline[index];
        boolean last = i == blockLength() - 1;
        if (observesEflags(form)) recordPending();
        if (form == null) {
            emitFallback(last);
            return;
        }
        if (plan.canFault[index]) {
            pushInt(index);
            mv.visitVarInsn(ISTORE, INDEX);
        }
        emitInline(form);
        if (InlineForms.endsBlock(form)) return;
        if (last) {
            transferTo(insn.nextAddress());
        } else if (InlineForms.writesMemory(form, insn)) {
            Label stillValid = new Label();
            mv.visitVarInsn(ALOAD, THIS);
            mv.visitFieldInsn(GETFIELD, BLOCK_TYPE, "valid", "Z");
            mv.visitJumpInsn(IFNE, stillValid);
            exitTo(() -> pushInt(insn.nextAddress()), position + 1);
            mv.visitLabel(stillValid);
        }
    }

    /** Pushes COUNT + {@code inBlock}: instructions completed in this execution. */
    private void pushCompleted(int inBlock) {
        mv.visitVarInsn(ILOAD, COUNT);
        if (inBlock != 0) {
            pushInt(inBlock);
            mv.visitInsn(IADD);
        }
    }

    /** Runs the instruction through its interpreter handler with the registers in CpuState. */
    private void emitFallback(boolean last) {
        pushInt(~index);
        mv.visitVarInsn(ISTORE, INDEX);
        storeRegisters();
        mv.visitVarInsn(ALOAD, CONTEXT);
        mv.visitVarInsn(ALOAD, CPU);
        pushConstant(plan.handlers[index], InstructionHandler.class);
        pushConstant(insn, Instruction.class);
        pushCompleted(position);
        mv.visitMethodInsn(INVOKEVIRTUAL, CONTEXT_TYPE, "fallback", "(L" + CPU_TYPE + ";L"
                + Type.getInternalName(InstructionHandler.class) + ";L" + Type.getInternalName(Instruction.class) + ";I)V", false);
        if (last) {
            pushCompleted(position + 1);
            mv.visitInsn(IRETURN);
            return;
        }
        // The handler may have written this block's code or moved EIP (an instruction the table does not mark
        // as a branch): either way execution leaves here, state already in CpuState.
        Label stillValid = new Label(), sequential = new Label(), leave = new Label();
        mv.visitVarInsn(ALOAD, THIS);
        mv.visitFieldInsn(GETFIELD, BLOCK_TYPE, "valid", "Z");
        mv.visitJumpInsn(IFEQ, leave);
        mv.visitVarInsn(ALOAD, STATE);
        mv.visitFieldInsn(GETFIELD, STATE_TYPE, "eip", "I");
        pushInt(insn.nextAddress());
        mv.visitJumpInsn(IF_ICMPEQ, sequential);
        mv.visitLabel(leave);
        pushCompleted(position + 1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(sequential);
        loadRegisters();
    }

    /** EIP := value, registers written back, return COUNT + {@code inBlock}. */
    private void exitTo(Runnable pushEip, int inBlock) {
        emitDeferredRecord();
        mv.visitVarInsn(ALOAD, STATE);
        pushEip.run();
        mv.visitFieldInsn(PUTFIELD, STATE_TYPE, "eip", "I");
        storeRegisters();
        pushCompleted(inBlock);
        mv.visitInsn(IRETURN);
    }

    /** The region block starting at {@code address}, or -1. */
    private int blockAt(int address) {
        for (int b = 0; b < blocks.size(); b++) if (blocks.get(b).get(0).address() == address) return b;
        return -1;
    }

    /** Ends the current block: COUNT takes its instructions, then to the block at {@code target} or out. */
    private void transferTo(int target) {
        mv.visitIincInsn(COUNT, blockLength());
        int b = blockAt(target);
        if (b >= 0) jumpToBlockIfBudgetAllows(b);
        exitTo(() -> pushInt(target), 0);
    }

    /** As {@link #transferTo} for the target in {@link #VALUE}: a switch over the region's block addresses. */
    private void transferToValue() {
        mv.visitIincInsn(COUNT, blockLength());
        if (blocks.size() > 0) {
            int[] keys = new int[blocks.size()];
            Integer[] order = new Integer[blocks.size()];
            for (int b = 0; b < blocks.size(); b++) order[b] = b;
            java.util.Arrays.sort(order, (x, y) -> Integer.compare(blocks.get(x).get(0).address(), blocks.get(y).get(0).address()));
            Label[] cases = new Label[blocks.size()];
            Label outside = new Label();
            for (int k = 0; k < order.length; k++) {
                keys[k] = blocks.get(order[k]).get(0).address();
                cases[k] = new Label();
            }
            mv.visitVarInsn(ILOAD, VALUE);
            mv.visitLookupSwitchInsn(outside, keys, cases);
            for (int k = 0; k < order.length; k++) {
                mv.visitLabel(cases[k]);
                jumpToBlockIfBudgetAllows(order[k]);
                mv.visitJumpInsn(GOTO, outside);
            }
            mv.visitLabel(outside);
        }
        exitTo(() -> mv.visitVarInsn(ILOAD, VALUE), 0);
    }

    /** Jumps to block {@code b} if COUNT + its length is within the budget; falls through otherwise. */
    private void jumpToBlockIfBudgetAllows(int b) {
        mv.visitVarInsn(ILOAD, COUNT);
        pushInt(blocks.get(b).size());
        mv.visitInsn(IADD);
        mv.visitVarInsn(ILOAD, BUDGET);
        mv.visitJumpInsn(IF_ICMPLE, blockLabels[b]);
    }

    private void emitInline(InlineForms.Form form) {
        switch (form.shape()) {
            case BINARY -> emitBinary(form.semantic(), insn.operand(0), insn.operand(1));
            case COMPARE -> emitCompare(form.semantic());
            case UNARY -> emitUnary(form.semantic());
            case SHIFT -> emitShift(form.semantic());
            case MULTIPLY -> emitMultiply(form.semantic());
            case WIDE_MULTIPLY -> emitWideMultiply(form.semantic());
            case DIVIDE -> emitDivide(form.semantic());
            case EXCHANGE -> emitExchange();
            case SIGN_FILL -> {
                pushGpr(CpuState.EAX, 4);
                pushInt(31);
                mv.visitInsn(ISHR);
                storeGpr(CpuState.EDX, 4);
            }
            case SIGN_EXTEND_ACCUMULATOR -> {
                pushGpr(CpuState.EAX, 4);
                mv.visitInsn(I2S);
                storeGpr(CpuState.EAX, 4);
            }
            case DIRECTION -> {
                mv.visitVarInsn(ALOAD, FLAGS);
                pushInt(insn.form().operation().equals("STD") ? 1 : 0);
                invokeSemantic(form.semantic(), "(L" + FLAGS_TYPE + ";Z)V");
            }
            case MOVE -> emitMove();
            case ZERO_EXTEND -> emitExtend(false);
            case SIGN_EXTEND -> emitExtend(true);
            case LOAD_EFFECTIVE_ADDRESS -> {
                Operand.Reg destination = (Operand.Reg) insn.operand(0);
                pushEffectiveAddress((Operand.Mem) insn.operand(1));
                storeGpr(destination.index(), destination.size());
            }
            case SET_CONDITION -> store(insn.operand(0), 1, () -> {
                pushCondition();
            });
            case CONDITIONAL_MOVE -> emitConditionalMove();
            case PUSH -> emitPush();
            case POP -> emitPop();
            case CALL -> emitCall();
            case RETURN -> emitReturn();
            case JUMP -> emitJump();
            case CONDITIONAL_JUMP -> emitConditionalJump();
            case NOTHING -> { }
            case VECTOR_MOVE_ALIGNED -> emitVectorMove(true);
            case VECTOR_MOVE_UNALIGNED -> emitVectorMove(false);
        }
    }

    // ---- deferred flag records ({@link DeferredFlags}) ----

    /**
     * The record deferred at this point of the emission: 0 for none, a {@link DeferredFlags} code, or
     * {@link #PENDING_UNKNOWN} at the start of a block, which a jump inside the region may reach with a record
     * pending. {@link #DEFERRED} always holds the record's code at run time, the instruction's inputs
     * {@link #CONDITION_FIRST} and {@link #CONDITION_SECOND} (and its result {@link #CONDITION_RESULT}, for
     * {@link ConditionSources}).
     */
    private int pending;

    /** Whether the instruction reads EFLAGS or updates part of it, so that a deferred record must be made first. */
    private boolean observesEflags(InlineForms.Form form) {
        if (form == null) return true;
        if (ConditionSources.isConsumer(form.shape())) return plan.conditionSource[index] == ConditionSources.Source.EFLAGS;
        int touched = (insn.form().flagsRead() | insn.form().flagsWritten() | insn.form().flagsUndefined()) & Eflags.STATUS;
        return touched != 0 && !plan.deadFlags[index] && plan.deferredFlags[index] == 0;
    }

    /** Makes the pending record; the code after it has none pending. */
    private void recordPending() {
        if (pending == 0) return;
        emitDeferredRecord();
        pushInt(0);
        mv.visitVarInsn(ISTORE, DEFERRED);
        pending = 0;
    }

    /** Makes the pending record on a path that leaves the translation (what is pending after it does not change). */
    private void emitDeferredRecord() {
        if (pending == 0) return;
        mv.visitVarInsn(ALOAD, FLAGS);
        if (pending == PENDING_UNKNOWN) mv.visitVarInsn(ILOAD, DEFERRED);
        else pushInt(pending);
        mv.visitVarInsn(ILOAD, CONDITION_FIRST);
        mv.visitVarInsn(ILOAD, CONDITION_SECOND);
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(DeferredFlags.class), "record", "(L" + FLAGS_TYPE + ";III)V",
                false);
    }

    /**
     * After a deferred producer wrote its destination (nothing of it can fault any more): its values, kept in the
     * operand locals, become the pending record.
     */
    private void commitDeferred() {
        int[][] moves = {{OPERAND_A, CONDITION_FIRST}, {OPERAND_B, CONDITION_SECOND}, {OPERAND_RESULT, CONDITION_RESULT}};
        for (int[] move : moves) {
            mv.visitVarInsn(ILOAD, move[0]);
            mv.visitVarInsn(ISTORE, move[1]);
        }
        pending = plan.deferredFlags[index];
        pushInt(pending);
        mv.visitVarInsn(ISTORE, DEFERRED);
    }

    // ---- shapes ----

    /**
     * The guest's EFLAGS, or null where nothing can observe the flags the instruction sets: the semantic methods
     * then skip recording them, and the JIT drops that work altogether. (Fresh flags objects per execution, and a
     * private copy of EFLAGS, were tried so that the JIT could scalar-replace them: it eliminated at most one of
     * three in a normal compilation and none in an on-stack-replacement one, whose objects come from the
     * interpreter's frame.)
     */
    private void pushFlagsObject() {
        if (plan.deadFlags[index] || plan.deferredFlags[index] != 0) mv.visitInsn(ACONST_NULL);
        else mv.visitVarInsn(ALOAD, FLAGS);
    }

    private void invokeSemantic(InlineForms.Semantic semantic, String descriptor) {
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(semantic.owner()), semantic.name(), descriptor, false);
    }

    private void emitBinary(InlineForms.Semantic semantic, Operand destination, Operand source) {
        int size = Operands.sizeOf(insn, destination);
        boolean deferred = plan.deferredFlags[index] != 0;
        readModifyWrite(destination, size, this::pushFlagsObject, () -> {
            if (deferred) keepTopAs(OPERAND_A);
            pushRead(source, size);
            if (deferred) keepTopAs(OPERAND_B);
            pushInt(size);
            invokeSemantic(semantic, BINARY);
            keepResult(deferred);
        });
        if (deferred) commitDeferred();
    }

    private void emitCompare(InlineForms.Semantic semantic) {
        Operand first = insn.operand(0);
        int size = Operands.sizeOf(insn, first);
        // CMP and TEST are deferred whenever their flags are live, so a condition that reads them finds their
        // operands and result where commitDeferred puts them.
        boolean deferred = plan.deferredFlags[index] != 0;
        pushFlagsObject();
        pushRead(first, size);
        if (deferred) keepTopAs(OPERAND_A);
        pushRead(insn.operand(1), size);
        if (deferred) keepTopAs(OPERAND_B);
        pushInt(size);
        invokeSemantic(semantic, BINARY);
        keepResult(deferred);
        mv.visitInsn(POP);
        if (deferred) commitDeferred();
    }

    private void emitUnary(InlineForms.Semantic semantic) {
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        boolean deferred = plan.deferredFlags[index] != 0;
        readModifyWrite(destination, size, this::pushFlagsObject, () -> {
            if (deferred) keepTopAs(OPERAND_A);
            pushInt(size);
            invokeSemantic(semantic, UNARY);
            keepResult(deferred);
        });
        if (deferred) commitDeferred();
    }

    /**
     * Keeps the result on the stack: in {@link #OPERAND_RESULT} for a deferred record, or for a later condition of the
     * block that reads it.
     */
    private void keepResult(boolean deferred) {
        if (deferred) keepTopAs(OPERAND_RESULT);
        else keepResultForCondition();
    }

    /** A later condition of the block reads this instruction's result ({@link ConditionSources}): keep a copy. */
    private void keepResultForCondition() {
        ConditionSources.Source kept = plan.conditionCapture[index];
        if (kept == ConditionSources.Source.LOGIC || kept == ConditionSources.Source.RESULT) keepTopAs(CONDITION_RESULT);
    }

    private void keepTopAs(int local) {
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, local);
    }

    private void emitShift(InlineForms.Semantic semantic) {
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        boolean deferred = plan.deferredFlags[index] != 0;
        readModifyWrite(destination, size, this::pushFlagsObject, () -> {
            if (deferred) keepTopAs(OPERAND_A);
            pushShiftCount();
            if (deferred) keepTopAs(OPERAND_B);
            pushInt(size);
            invokeSemantic(semantic, BINARY);
            if (deferred) keepTopAs(OPERAND_RESULT);
        });
        if (deferred) commitDeferred();
    }

    /** As {@link Operands#count}: CL, an immediate, or 1 when the form lists no count. */
    private void pushShiftCount() {
        if (insn.operands().size() < 2) {
            pushInt(1);
        } else if (insn.operand(1) instanceof Operand.Imm imm) {
            pushInt(imm.value() & 0xFF);
        } else {
            pushGpr(1, 1);
        }
    }

    /** EDX:EAX = EAX * source (32-bit); both registers are written after the source was read. */
    private void emitWideMultiply(InlineForms.Semantic semantic) {
        pushFlagsObject();
        pushGpr(CpuState.EAX, 4);
        pushRead(insn.operand(0), 4);
        pushInt(4);
        invokeSemantic(semantic, "(L" + FLAGS_TYPE + ";III)J");
        mv.visitInsn(DUP2);
        mv.visitInsn(L2I);
        mv.visitVarInsn(ISTORE, VALUE);
        pushInt(32);
        mv.visitInsn(LUSHR);
        mv.visitInsn(L2I);
        storeGpr(CpuState.EDX, 4);
        mv.visitVarInsn(ILOAD, VALUE);
        storeGpr(CpuState.EAX, 4);
    }

    /**
     * EAX, EDX = quotient, remainder of EDX:EAX by the 32-bit source; the semantic method raises #DE before
     * either register is written.
     */
    private void emitDivide(InlineForms.Semantic semantic) {
        pushGpr(CpuState.EDX, 4);
        mv.visitInsn(I2L);
        pushInt(32);
        mv.visitInsn(LSHL);
        pushGpr(CpuState.EAX, 4);
        mv.visitInsn(I2L);
        mv.visitLdcInsn(0xFFFF_FFFFL);
        mv.visitInsn(LAND);
        mv.visitInsn(LOR);
        pushRead(insn.operand(0), 4);
        pushInt(4);
        invokeSemantic(semantic, "(JII)J");
        mv.visitInsn(DUP2);
        mv.visitInsn(L2I);
        mv.visitVarInsn(ISTORE, VALUE);
        pushInt(32);
        mv.visitInsn(LUSHR);
        mv.visitInsn(L2I);
        storeGpr(CpuState.EDX, 4);
        mv.visitVarInsn(ILOAD, VALUE);
        storeGpr(CpuState.EAX, 4);
    }

    /** XCHG of two registers (of any size): both are read before either is written. */
    private void emitExchange() {
        Operand.Reg first = (Operand.Reg) insn.operand(0), second = (Operand.Reg) insn.operand(1);
        int size = Operands.sizeOf(insn, first);
        pushGpr(first.index(), size);
        mv.visitVarInsn(ISTORE, VALUE);
        pushGpr(second.index(), size);
        storeGpr(first.index(), size);
        mv.visitVarInsn(ILOAD, VALUE);
        storeGpr(second.index(), size);
    }

    private void emitMultiply(InlineForms.Semantic semantic) {
        if (insn.operands().size() == 2) {
            emitBinary(semantic, insn.operand(0), insn.operand(1));
            return;
        }
        Operand.Reg destination = (Operand.Reg) insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        pushFlagsObject();
        pushRead(insn.operand(1), size);
        pushRead(insn.operand(2), size);
        pushInt(size);
        invokeSemantic(semantic, BINARY);
        storeGpr(destination.index(), size);
    }

    private void emitMove() {
        Operand destination = insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        store(destination, size, () -> pushRead(insn.operand(1), size));
    }

    private void emitExtend(boolean signed) {
        Operand.Reg destination = (Operand.Reg) insn.operand(0);
        Operand source = insn.operand(1);
        int sourceSize = Operands.sizeOf(insn, source);
        pushRead(source, sourceSize);
        if (signed) {
            int shift = 32 - 8 * sourceSize;
            pushInt(shift);
            mv.visitInsn(ISHL);
            pushInt(shift);
            mv.visitInsn(ISHR);
        }
        storeGpr(destination.index(), destination.size());
    }

    /** The instruction's condition: from the flag-setting instruction's kept values, or from EFLAGS. */
    private void pushCondition() {
        int cc = insn.form().condition();
        switch (plan.conditionSource[index]) {
            case SUBTRACTION -> {
                pushInt(cc);
                mv.visitVarInsn(ILOAD, CONDITION_FIRST);
                mv.visitVarInsn(ILOAD, CONDITION_SECOND);
                pushInt(plan.conditionSize[index]);
                mv.visitMethodInsn(INVOKESTATIC, FLAGS_TYPE, "afterSubtraction", "(IIII)Z", false);
            }
            case LOGIC, RESULT -> {
                pushInt(cc);
                mv.visitVarInsn(ILOAD, CONDITION_RESULT);
                pushInt(plan.conditionSize[index]);
                String method = plan.conditionSource[index] == ConditionSources.Source.LOGIC ? "afterLogic" : "afterResult";
                mv.visitMethodInsn(INVOKESTATIC, FLAGS_TYPE, method, "(III)Z", false);
            }
            default -> {
                mv.visitVarInsn(ALOAD, FLAGS);
                pushInt(cc);
                mv.visitMethodInsn(INVOKEVIRTUAL, FLAGS_TYPE, "condition", "(I)Z", false);
            }
        }
    }

    /** CMOVcc reads its source whatever the condition (it may fault), then writes only if the condition holds. */
    private void emitConditionalMove() {
        Operand.Reg destination = (Operand.Reg) insn.operand(0);
        int size = Operands.sizeOf(insn, destination);
        pushRead(insn.operand(1), size);
        mv.visitVarInsn(ISTORE, VALUE);
        Label skip = new Label();
        pushCondition();
        mv.visitJumpInsn(IFEQ, skip);
        mv.visitVarInsn(ILOAD, VALUE);
        storeGpr(destination.index(), size);
        mv.visitLabel(skip);
    }

    /** A 128-bit move through {@code XmmOperands}: the address computed here, the XMM registers in CpuState. */
    private void emitVectorMove(boolean aligned) {
        Operand destination = insn.operand(0), source = insn.operand(1);
        String xmm = Type.getInternalName(ukcf.cpu.semantics.sse.XmmOperands.class);
        mv.visitVarInsn(ALOAD, CPU);
        if (source instanceof Operand.Mem m) {
            pushLinearAddress(m);
            pushInt(((Operand.Reg) destination).index());
            pushInt(aligned ? 1 : 0);
            mv.visitMethodInsn(INVOKESTATIC, xmm, "load128", "(L" + CPU_TYPE + ";IIZ)V", false);
        } else if (destination instanceof Operand.Mem m) {
            pushLinearAddress(m);
            pushInt(((Operand.Reg) source).index());
            pushInt(aligned ? 1 : 0);
            mv.visitMethodInsn(INVOKESTATIC, xmm, "store128", "(L" + CPU_TYPE + ";IIZ)V", false);
        } else {
            pushInt(((Operand.Reg) destination).index());
            pushInt(((Operand.Reg) source).index());
            mv.visitMethodInsn(INVOKESTATIC, xmm, "copy128", "(L" + CPU_TYPE + ";II)V", false);
        }
    }

    // ---- stack and control ----

    private static final int ESP = CpuState.ESP;

    /** SS base + ESP + offset. */
    private void pushStackAddress(int offset) {
        pushSegmentBase(Segment.SS);
        loadRegister(ESP);
        mv.visitInsn(IADD);
        if (offset != 0) {
            pushInt(offset);
            mv.visitInsn(IADD);
        }
    }

    /** Pushes the int in {@link #VALUE}; ESP changes only after the store succeeded. */
    private void pushValueOntoStack() {
        pushStackAddress(-4);
        mv.visitVarInsn(ISTORE, MEM_ADDRESS);
        emitStore(MEM_ADDRESS, VALUE, 4);
        addToEsp(-4);
    }

    private void addToEsp(int delta) {
        loadRegister(ESP);
        pushInt(delta);
        mv.visitInsn(IADD);
        storeRegister(ESP);
    }

    /** PUSH reads its operand first (PUSH ESP stores the old value). */
    private void emitPush() {
        pushRead(insn.operand(0), 4);
        mv.visitVarInsn(ISTORE, VALUE);
        pushValueOntoStack();
    }

    private void emitPop() {
        Operand.Reg destination = (Operand.Reg) insn.operand(0);
        pushStackAddress(0);
        mv.visitVarInsn(ISTORE, MEM_ADDRESS);
        emitLoad(MEM_ADDRESS, 4, false);
        mv.visitVarInsn(ISTORE, VALUE);
        addToEsp(4);
        mv.visitVarInsn(ILOAD, VALUE);
        storeGpr(destination.index(), 4);
    }

    /** CALL reads its target before pushing the return address (CALL [ESP] uses the old ESP). */
    private void emitCall() {
        Operand target = insn.operand(0);
        if (target instanceof Operand.Rel rel) {
            pushInt(insn.nextAddress());
            mv.visitVarInsn(ISTORE, VALUE);
            pushValueOntoStack();
            transferTo(rel.target());
            return;
        }
        pushRead(target, 4);
        mv.visitVarInsn(ISTORE, ADDRESS);
        pushInt(insn.nextAddress());
        mv.visitVarInsn(ISTORE, VALUE);
        pushValueOntoStack();
        mv.visitVarInsn(ILOAD, ADDRESS);
        mv.visitVarInsn(ISTORE, VALUE);
        transferToValue();
    }

    private void emitReturn() {
        int released = insn.operands().isEmpty() ? 0 : ((Operand.Imm) insn.operand(0)).value() & 0xFFFF;
        pushStackAddress(0);
        mv.visitVarInsn(ISTORE, MEM_ADDRESS);
        emitLoad(MEM_ADDRESS, 4, false);
        mv.visitVarInsn(ISTORE, VALUE);
        addToEsp(4 + released);
        transferToValue();
    }

    private void emitJump() {
        Operand target = insn.operand(0);
        if (target instanceof Operand.Rel rel) {
            transferTo(rel.target());
        } else {
            pushRead(target, 4);
            mv.visitVarInsn(ISTORE, VALUE);
            transferToValue();
        }
    }

    private void emitConditionalJump() {
        int target = ((Operand.Rel) insn.operand(0)).target();
        Label notTaken = new Label();
        pushCondition();
        mv.visitJumpInsn(IFEQ, notTaken);
        transferTo(target);
        mv.visitLabel(notTaken);
        transferTo(insn.nextAddress());
    }

    // ---- operands (as ukcf.cpu.interp.Operands does them) ----

    private void readModifyWrite(Operand destination, int size, Runnable pushBefore, Runnable compute) {
        if (destination instanceof Operand.Mem m) {
            pushLinearAddress(m);
            mv.visitVarInsn(ISTORE, ADDRESS);
            pushBefore.run();
            emitLoad(ADDRESS, size, true);
            if (!plan.deadFlags[index] && plan.deferredFlags[index] == 0) emitWriteProbe(ADDRESS, size);
            compute.run();
            mv.visitVarInsn(ISTORE, MEM_VALUE);
            emitStore(ADDRESS, MEM_VALUE, size);
        } else {
            Operand.Reg r = (Operand.Reg) destination;
            pushBefore.run();
            pushGpr(r.index(), size);
            compute.run();
            storeGpr(r.index(), size);
        }
    }

    /** Stores the value {@code pushValue} leaves to a register or memory operand. */
    private void store(Operand destination, int size, Runnable pushValue) {
        if (destination instanceof Operand.Mem m) {
            // The value first: an address has no side effects, and pushValue may itself use MEM_ADDRESS.
            pushValue.run();
            mv.visitVarInsn(ISTORE, MEM_VALUE);
            pushLinearAddress(m);
            mv.visitVarInsn(ISTORE, MEM_ADDRESS);
            emitStore(MEM_ADDRESS, MEM_VALUE, size);
        } else {
            pushValue.run();
            storeGpr(((Operand.Reg) destination).index(), size);
        }
    }

    private void pushRead(Operand operand, int size) {
        if (operand instanceof Operand.Reg r) {
            pushGpr(r.index(), size);
        } else if (operand instanceof Operand.Imm imm) {
            pushInt(size == 4 ? imm.value() : imm.value() & Width.mask(size));
        } else {
            pushLinearAddress((Operand.Mem) operand);
            mv.visitVarInsn(ISTORE, MEM_ADDRESS);
            emitLoad(MEM_ADDRESS, size, false);
        }
    }

    private static String accessName(String verb, int size) {
        return verb + (size * 8);
    }

    /**
     * Pushes the {@code size}-byte value at the address in local {@code addressLocal}: the CPU view's read TLB is
     * probed inline ({@link SoftTlb}), {@link Memory} (or, for the read of a read-modify-write, which faults as a
     * write, {@link MemoryAccess#readForWrite}) is called only on a miss.
     */
    private void emitLoad(int addressLocal, int size, boolean forWrite) {
        Label done = new Label();
        mv.visitVarInsn(ALOAD, READ_TAGS);
        mv.visitVarInsn(ALOAD, READ_FRAMES);
        mv.visitVarInsn(ILOAD, addressLocal);
        if (size == 4) {
            Label miss = new Label();
            mv.visitMethodInsn(INVOKESTATIC, TLB_TYPE, "read32", "([I[[BI)J", false);
            mv.visitInsn(DUP2);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLT, miss);
            mv.visitInsn(L2I);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(miss);
            mv.visitInsn(POP2);
        } else {
            mv.visitMethodInsn(INVOKESTATIC, TLB_TYPE, accessName("read", size), "([I[[BI)I", false);
            mv.visitInsn(DUP);
            mv.visitJumpInsn(IFGE, done);
            mv.visitInsn(POP);
        }
        mv.visitVarInsn(ALOAD, MEMORY);
        mv.visitVarInsn(ILOAD, addressLocal);
        if (forWrite) {
            pushInt(size);
            mv.visitMethodInsn(INVOKESTATIC, ACCESS_TYPE, "readForWrite", "(L" + MEMORY_TYPE + ";II)I", false);
        } else {
            mv.visitMethodInsn(INVOKEINTERFACE, MEMORY_TYPE, accessName("read", size), "(I)I", true);
        }
        mv.visitLabel(done);
    }

    /**
     * Raises now the fault a {@code size}-byte store at the address in {@code addressLocal} would raise: the
     * write TLB's tag is checked inline, {@link Memory#probe} called on a miss. A read-modify-write whose flags
     * are live does this before it computes, so that its store cannot fault after EFLAGS changed.
     */
    private void emitWriteProbe(int addressLocal, int size) {
        Label done = new Label();
        mv.visitVarInsn(ALOAD, WRITE_TAGS);
        mv.visitVarInsn(ILOAD, addressLocal);
        pushInt(size);
        mv.visitMethodInsn(INVOKESTATIC, TLB_TYPE, "hits", "([III)Z", false);
        mv.visitJumpInsn(IFNE, done);
        mv.visitVarInsn(ALOAD, MEMORY);
        mv.visitVarInsn(ILOAD, addressLocal);
        pushInt(size);
        mv.visitFieldInsn(GETSTATIC, Type.getInternalName(Access.class), "WRITE", "L" + Type.getInternalName(Access.class) + ";");
        mv.visitMethodInsn(INVOKEINTERFACE, MEMORY_TYPE, "probe", "(IIL" + Type.getInternalName(Access.class) + ";)V", true);
        mv.visitLabel(done);
    }

    /** Writes the int in local {@code valueLocal} to the address in {@code addressLocal}, as {@link #emitLoad}. */
    private void emitStore(int addressLocal, int valueLocal, int size) {
        Label done = new Label();
        mv.visitVarInsn(ALOAD, WRITE_TAGS);
        mv.visitVarInsn(ALOAD, WRITE_FRAMES);
        mv.visitVarInsn(ILOAD, addressLocal);
        mv.visitVarInsn(ILOAD, valueLocal);
        mv.visitMethodInsn(INVOKESTATIC, TLB_TYPE, accessName("write", size), "([I[[BII)Z", false);
        mv.visitJumpInsn(IFNE, done);
        mv.visitVarInsn(ALOAD, MEMORY);
        mv.visitVarInsn(ILOAD, addressLocal);
        mv.visitVarInsn(ILOAD, valueLocal);
        mv.visitMethodInsn(INVOKEINTERFACE, MEMORY_TYPE, accessName("write", size), "(II)V", true);
        mv.visitLabel(done);
    }

    private void pushLinearAddress(Operand.Mem m) {
        pushEffectiveAddress(m);
        pushSegmentBase(m.segment());
        mv.visitInsn(IADD);
    }

    private void pushEffectiveAddress(Operand.Mem m) {
        pushInt(m.displacement());
        if (m.base() >= 0) {
            loadRegister(m.base());
            mv.visitInsn(IADD);
        }
        if (m.index() >= 0) {
            loadRegister(m.index());
            if (m.scale() > 1) {
                pushInt(Integer.numberOfTrailingZeros(m.scale()));
                mv.visitInsn(ISHL);
            }
            mv.visitInsn(IADD);
        }
        if (m.addressSize() == 16) {
            pushInt(0xFFFF);
            mv.visitInsn(IAND);
        }
    }

    private void pushGpr(int index, int size) {
        switch (size) {
            case 4 -> loadRegister(index);
            case 2 -> {
                loadRegister(index);
                pushInt(0xFFFF);
                mv.visitInsn(IAND);
            }
            default -> {
                if (index < 4) {
                    loadRegister(index);
                } else {
                    loadRegister(index - 4);
                    pushInt(8);
                    mv.visitInsn(IUSHR);
                }
                pushInt(0xFF);
                mv.visitInsn(IAND);
            }
        }
    }

    /** Writes the value on the stack to a register of {@code size} bytes, keeping the bytes it does not cover. */
    private void storeGpr(int index, int size) {
        if (size == 4) {
            storeRegister(index);
            return;
        }
        int register = size == 1 && index >= 4 ? index - 4 : index;
        int shift = size == 1 && index >= 4 ? 8 : 0;
        int fieldMask = (size == 2 ? 0xFFFF : 0xFF) << shift;
        pushInt(size == 2 ? 0xFFFF : 0xFF);
        mv.visitInsn(IAND);
        if (shift != 0) {
            pushInt(shift);
            mv.visitInsn(ISHL);
        }
        mv.visitVarInsn(ISTORE, PARTIAL);
        loadRegister(register);
        pushInt(~fieldMask);
        mv.visitInsn(IAND);
        mv.visitVarInsn(ILOAD, PARTIAL);
        mv.visitInsn(IOR);
        storeRegister(register);
    }

    private void loadRegister(int r) {
        usedRegisters |= 1 << r;
        mv.visitVarInsn(ILOAD, REGISTER_0 + r);
    }

    private void storeRegister(int r) {
        writtenRegisters |= 1 << r;
        mv.visitVarInsn(ISTORE, REGISTER_0 + r);
    }

    // ---- constants ----

    private void pushInt(int value) {
        if (value >= -1 && value <= 5) mv.visitInsn(ICONST_0 + value);
        else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, value);
        else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, value);
        else mv.visitLdcInsn(value);
    }

    /** An object constant, loaded from the hidden class's class data (folded by the JIT). */
    private void pushConstant(Object value, Class<?> type) {
        int slot = classData.size();
        classData.add(value);
        mv.visitLdcInsn(new ConstantDynamic("_", Type.getDescriptor(type), CLASS_DATA_AT, slot));
    }
}
