package ukcf.cpu.translate;

import static org.objectweb.asm.Opcodes.*;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.interp.InstructionHandler;

/**
 * Turns a decoded guest block into a {@link TranslatedBlock}: plans which instructions run inline and which
 * flag writes are dead ({@link FlagLiveness}), emits the method with {@link BlockEmitter}, and defines it as a
 * hidden class (not STRONG, so the class unloads with its last reference) whose class data holds the objects
 * the method uses (the interpreter handlers and decoded instructions of fallback instructions).
 */
final class BlockCompiler {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final String CLASS_NAME = Type.getInternalName(BlockCompiler.class).replace("BlockCompiler", "Block");
    private static final String EXECUTE = "(" + Type.getDescriptor(Cpu.class) + Type.getDescriptor(BlockContext.class) + ")I";

    private final Function<OpcodeForm, InstructionHandler> handlers;
    /** What translation produced, for the run's counters: guest instructions in, bytecode instructions out, time. */
    private long guestInstructionsTranslated, bytecodeInstructionsEmitted, translationNanos;

    BlockCompiler(Function<OpcodeForm, InstructionHandler> handlers) {
        this.handlers = handlers;
    }

    /** What the emitter needs to know about each instruction of the block. */
    static final class Plan {
        final InlineForms.Form[] inline;
        final boolean[] canFault;
        final boolean[] deadFlags;
        final InstructionHandler[] handlers;
        /** Consumers: where the condition comes from; producers: what they keep for it; the size of both. */
        final ConditionSources.Source[] conditionSource, conditionCapture;
        final int[] conditionSize;
        /** Producers whose flag record is deferred ({@link DeferredFlags}): the record's code; else 0. */
        final int[] deferredFlags;

        Plan(int size) {
            inline = new InlineForms.Form[size];
            canFault = new boolean[size];
            deadFlags = new boolean[size];
            handlers = new InstructionHandler[size];
            conditionSource = new ConditionSources.Source[size];
            conditionCapture = new ConditionSources.Source[size];
            conditionSize = new int[size];
            deferredFlags = new int[size];
        }
    }

    Plan plan(List<List<Instruction>> blocks) {
        Plan plan = new Plan(blocks.stream().mapToInt(List::size).sum());
        int first = 0;
        for (List<Instruction> block : blocks) {
            boolean[] isInline = new boolean[block.size()], canFault = new boolean[block.size()];
            for (int i = 0; i < block.size(); i++) {
                Instruction insn = block.get(i);
                InlineForms.Form form = InlineForms.of(insn);
                plan.inline[first + i] = form;
                isInline[i] = form != null;
                canFault[i] = plan.canFault[first + i] = form == null || InlineForms.canFault(form, insn);
                if (form == null) plan.handlers[first + i] = handlers.apply(insn.form());
            }
            boolean[] dead = FlagLiveness.deadFlagWrites(block, isInline, canFault);
            System.arraycopy(dead, 0, plan.deadFlags, first, dead.length);
            ConditionSources.plan(block, plan.inline, first, plan.conditionSource, plan.conditionCapture, plan.conditionSize);
            DeferredFlags.plan(block, plan.inline, plan.deadFlags, first, plan.deferredFlags);
            first += block.size();
        }
        return plan;
    }

    /** The class file of the block's translation, and the class data it expects. */
    record ClassImage(byte[] bytes, List<Object> classData) { }

    ClassImage emit(List<List<Instruction>> block, Plan plan) {
        // First pass: which registers the block touches.
        BlockEmitter survey = new BlockEmitter(new MethodVisitor(Opcodes.ASM9) { }, block, plan, new ArrayList<>(), 0, 0, 0);
        survey.emitMethod();
        int written = survey.writtenRegisters;
        int load = survey.usedRegisters | written;

        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String first, String second) {
                return "java/lang/Object";
            }
        };
        String superName = Type.getInternalName(TranslatedBlock.class);
        writer.visit(V17, ACC_FINAL | ACC_SUPER | ACC_SYNTHETIC, CLASS_NAME, null, superName, null);
        MethodVisitor constructor = writer.visitMethod(0, "<init>", "()V", null, null);
        constructor.visitCode();
        constructor.visitVarInsn(ALOAD, 0);
        constructor.visitMethodInsn(INVOKESPECIAL, superName, "<init>", "()V", false);
        constructor.visitInsn(RETURN);
        constructor.visitMaxs(0, 0);
        constructor.visitEnd();
        List<Object> classData = new ArrayList<>();
        InstructionCounter execute = new InstructionCounter(writer.visitMethod(ACC_PUBLIC | ACC_FINAL, "execute", EXECUTE, null, null));
        new BlockEmitter(execute, block, plan, classData, load, written, survey.usedSegments).emitMethod();
        lastEmitted = execute.count;
        writer.visitEnd();
        return new ClassImage(writer.toByteArray(), classData);
    }

    /** Translates one block (at least one instruction). */
    TranslatedBlock compile(List<Instruction> block) {
        return compileRegion(List.of(block));
    }

    /** Translates a region: its blocks, entered at the first. */
    TranslatedBlock compileRegion(List<List<Instruction>> blocks) {
        long start = System.nanoTime();
        TranslatedBlock translated = define(emit(blocks, plan(blocks)), blocks);
        translationNanos += System.nanoTime() - start;
        bytecodeInstructionsEmitted += lastEmitted;
        for (List<Instruction> b : blocks) guestInstructionsTranslated += b.size();
        return translated;
    }

    private long lastEmitted;

    long guestInstructionsTranslated() { return guestInstructionsTranslated; }

    long bytecodeInstructionsEmitted() { return bytecodeInstructionsEmitted; }

    long translationNanos() { return translationNanos; }

    /** Counts the bytecode instructions of the method it passes on (the IER's numerator). */
    private static final class InstructionCounter extends MethodVisitor {
        long count;

        InstructionCounter(MethodVisitor next) { super(Opcodes.ASM9, next); }

        @Override public void visitInsn(int opcode) { count++; super.visitInsn(opcode); }
        @Override public void visitIntInsn(int opcode, int operand) { count++; super.visitIntInsn(opcode, operand); }
        @Override public void visitVarInsn(int opcode, int var) { count++; super.visitVarInsn(opcode, var); }
        @Override public void visitTypeInsn(int opcode, String type) { count++; super.visitTypeInsn(opcode, type); }
        @Override public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            count++;
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }
        @Override public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            count++;
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
        @Override public void visitInvokeDynamicInsn(String name, String descriptor, org.objectweb.asm.Handle bootstrap, Object... arguments) {
            count++;
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }
        @Override public void visitJumpInsn(int opcode, org.objectweb.asm.Label label) { count++; super.visitJumpInsn(opcode, label); }
        @Override public void visitLdcInsn(Object value) { count++; super.visitLdcInsn(value); }
        @Override public void visitIincInsn(int var, int increment) { count++; super.visitIincInsn(var, increment); }
        @Override public void visitTableSwitchInsn(int min, int max, org.objectweb.asm.Label dflt, org.objectweb.asm.Label... labels) {
            count++;
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }
        @Override public void visitLookupSwitchInsn(org.objectweb.asm.Label dflt, int[] keys, org.objectweb.asm.Label[] labels) {
            count++;
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }
        @Override public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            count++;
            super.visitMultiANewArrayInsn(descriptor, dimensions);
        }
    }

    /** The size of the class file a region would make (its method's bytecode is most of it). */
    int classFileSize(List<List<Instruction>> blocks) {
        return emit(blocks, plan(blocks)).bytes().length;
    }

    /**
     * Where each translation's class file is also written ({@code -Dukcf.dbt.dumpDir=DIR}, for {@code javap -c}),
     * named by the guest address of its first instruction; null: not written.
     */
    private static final String DUMP_DIRECTORY = System.getProperty("ukcf.dbt.dumpDir");

    private static TranslatedBlock define(ClassImage image, List<List<Instruction>> blocks) {
        if (DUMP_DIRECTORY != null) dump(image, blocks);
        TranslatedBlock translated = define(image);
        List<Instruction> all = blocks.stream().flatMap(List::stream).toList();
        translated.address = all.get(0).address();
        translated.instructionAddresses = all.stream().mapToInt(Instruction::address).toArray();
        translated.positions = blocks.stream().flatMapToInt(b -> java.util.stream.IntStream.range(0, b.size())).toArray();
        translated.entryLength = blocks.get(0).size();
        translated.pages = all.stream().flatMapToInt(i -> java.util.stream.IntStream.of(
                i.address() >>> 12, (i.nextAddress() - 1) >>> 12)).distinct().toArray();
        translated.blocks = blocks;
        translated.isRegion = blocks.size() > 1;
        return translated;
    }

    private static void dump(ClassImage image, List<List<Instruction>> blocks) {
        String name = String.format("%08x-%d%s.class", blocks.get(0).get(0).address(), System.nanoTime(),
                blocks.size() > 1 ? "-region" : "");
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(DUMP_DIRECTORY));
            java.nio.file.Files.write(java.nio.file.Path.of(DUMP_DIRECTORY, name), image.bytes());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the translation to " + DUMP_DIRECTORY, e);
        }
    }

    private static TranslatedBlock define(ClassImage image) {
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClassWithClassData(image.bytes(), List.copyOf(image.classData()), true);
            MethodHandle constructor = hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class));
            return (TranslatedBlock) constructor.invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define a translated block", e);
        }
    }
}
