package ukcf.cpu.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.exec.ExecutionEngine;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.interp.InstructionDecoder;
import ukcf.cpu.interp.Interpreter;
import ukcf.cpu.memory.Memory;
import ukcf.cpu.memory.PagedMemory;
import ukcf.cpu.state.CpuState;

/**
 * The translating execution engine ({@code --engine dbt}): guest basic blocks become JVM methods
 * ({@link BlockCompiler}), cached per address space ({@link CodeCache}) and run one after another by the loop in
 * {@link #runUntil}, which follows each block's cached successor before it consults the engine's jump cache and
 * then the code cache.
 *
 * <p>A block that has run {@link TranslatorOptions#regionThreshold} times is retranslated with the blocks it
 * reaches as one method ({@link #translateRegion}), so a guest loop becomes a JVM loop that the JIT optimizes as a
 * whole.
 *
 * <p>The interpreter (over the same handler table) runs what is not worth or not possible to translate: a block
 * that has not yet run {@link TranslatorOptions#translateThreshold} times (counted per block address in a small
 * hashed table, where a collision only translates a block earlier), an instruction whose fetch or decode faults (it
 * raises the fault exactly), the last few instructions of a budget smaller than the next block, a block that would
 * run past a stop address, code outside a zero-based CS. It runs such code a block at a time, ending where a
 * translation would end, so the next block starts where translated code expects one. Async
 * events (signals now, interrupts later) are the caller's business between {@code run} calls, so they are taken
 * at block boundaries.
 */
public final class TranslatingEngine implements ExecutionEngine {
    /**
     * Interpreter operations that transfer control or stop the CPU: a block ends after them. (Any other handler
     * that moves EIP ends its block too, by a check after the call.)
     */
    private static final Set<String> BLOCK_ENDING_OPERATIONS = Set.of("JMP", "JMPF", "CALL", "CALLF", "RET", "RETF",
            "IRET", "JCC", "LOOP", "LOOPE", "LOOPNE", "JECXZ", "INT", "INT3", "INT1", "INTO", "UD0", "UD1", "UD2", "HLT",
            "SYSENTER", "SYSEXIT", "SYSCALL", "SYSRET");
    private static final int JUMP_CACHE_BITS = 12;
    private static final int JUMP_CACHE_MASK = (1 << JUMP_CACHE_BITS) - 1;

    private final InstructionDecoder decoder;
    /** False when a test hands in its own decoder: its blocks must not be shared through an address space. */
    private final boolean standardDecoder;
    private final TranslatorOptions options;
    private final Interpreter interpreter;
    private final BlockCompiler compiler;
    private final BlockContext context = new BlockContext();
    /** Executions after which a block becomes a region's entry; none when the options say 0. */
    private final int regionThreshold;
    private final TranslatedBlock[] jumpCache = new TranslatedBlock[1 << JUMP_CACHE_BITS];
    /** Interpreted executions of untranslated blocks, by hashed address (see the class comment). */
    private final byte[] coldRuns = new byte[1 << JUMP_CACHE_BITS];
    private Memory memory;
    private CodeCache cache;
    private long executed, interpreted, translatedBlocks, translatedRegions, translationsEntered;

    public TranslatingEngine() {
        this(Decoder::decode, true, TranslatorOptions.fromSystemProperties());
    }

    public TranslatingEngine(InstructionDecoder decoder) {
        this(decoder, false, TranslatorOptions.fromSystemProperties());
    }

    public TranslatingEngine(TranslatorOptions options) {
        this(Decoder::decode, true, options);
    }

    private TranslatingEngine(InstructionDecoder decoder, boolean standardDecoder, TranslatorOptions options) {
        this.decoder = decoder;
        this.standardDecoder = standardDecoder;
        this.options = options;
        this.regionThreshold = options.regionThreshold() > 0 ? options.regionThreshold() : -1;
        this.interpreter = new Interpreter(decoder);
        this.compiler = new BlockCompiler(interpreter::handlerFor);
    }

    @Override
    public String name() { return "dbt"; }

    @Override
    public long executedInstructions() { return executed; }

    /** Instructions the interpreter ran on this engine's behalf (see the class comment). */
    public long interpretedInstructions() { return interpreted; }

    public long translatedBlocks() { return translatedBlocks; }

    public long translatedRegions() { return translatedRegions; }

    @Override
    public java.util.Map<String, Long> statistics() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("blocksTranslated", translatedBlocks);
        m.put("regionsTranslated", translatedRegions);
        m.put("interpretedInstructions", interpreted);
        m.put("translationsEntered", translationsEntered);
        m.put("handlerInstructions", context.fallbacks);
        m.put("guestInstructionsTranslated", compiler.guestInstructionsTranslated());
        m.put("bytecodeInstructionsEmitted", compiler.bytecodeInstructionsEmitted());
        m.put("translationNanos", compiler.translationNanos());
        return m;
    }

    @Override
    public long runUntil(Cpu cpu, long maxInstructions, IntPredicate stopAt) {
        CpuState s = cpu.state;
        selectCache(cpu.memory);
        long done = 0;
        TranslatedBlock previous = null;
        while (done < maxInstructions && !s.halted) {
            int eip = s.eip;
            if (stopAt != null && stopAt.test(eip)) break;
            TranslatedBlock block = previous != null ? previous.successorAt(eip) : null;
            if (block == null) {
                block = find(cpu, eip, stopAt);
                if (block != null && previous != null) previous.link(block);
            }
            if (block != null && !block.isRegion && ++block.executions == regionThreshold) {
                block = translateRegion(cpu, block, stopAt);
            }
            if (block == null) {
                done += interpretBlock(cpu, maxInstructions - done, stopAt);
                previous = null;
                continue;
            }
            if (block.entryLength > maxInstructions - done || stopAt != null && stopsInside(block, stopAt)) {
                interpretOne(cpu);
                done++;
                previous = null;
                continue;
            }
            long startTimeStamp = s.timeStampCounter;
            context.blockStartTimeStamp = startTimeStamp;
            translationsEntered++;
            context.budget = (int) Math.min(maxInstructions - done, Integer.MAX_VALUE);
            int completed;
            try {
                completed = block.execute(cpu, context);
            } catch (GuestFault fault) {
                completed = context.completed;
                executed += completed;
                s.timeStampCounter = startTimeStamp + completed;
                throw fault;
            } catch (SoftwareInterrupt trap) {
                completed = context.completed;
                executed += completed;
                s.timeStampCounter = startTimeStamp + completed;
                throw trap;
            }
            executed += completed;
            done += completed;
            s.timeStampCounter = startTimeStamp + completed;
            previous = block.valid ? block : null;
        }
        return done;
    }

    /**
     * Interprets from EIP to the end of its block (a control transfer, the block size limit, a stop address), at
     * most {@code budget} instructions; returns how many ran.
     */
    private long interpretBlock(Cpu cpu, long budget, IntPredicate stopAt) {
        CpuState s = cpu.state;
        long ran = 0;
        while (ran < budget && ran < options.maxBlockInstructions() && !s.halted) {
            int address = s.eip;
            if (ran > 0 && stopAt != null && stopAt.test(address)) break;
            Instruction insn = interpretOne(cpu);
            ran++;
            if (endsBlock(insn) || s.eip != address + insn.length()) break;
        }
        return ran;
    }

    private static boolean endsBlock(Instruction insn) {
        InlineForms.Form form = InlineForms.of(insn);
        return form != null ? InlineForms.endsBlock(form) : BLOCK_ENDING_OPERATIONS.contains(insn.form().operation());
    }

    /** Interprets the instruction at EIP (counted also when it leaves by a software interrupt); returns it. */
    private Instruction interpretOne(Cpu cpu) {
        Instruction insn;
        try {
            insn = interpreter.step(cpu);
        } catch (SoftwareInterrupt trap) {
            executed++;
            interpreted++;
            throw trap;
        }
        executed++;
        interpreted++;
        return insn;
    }

    private static boolean stopsInside(TranslatedBlock block, IntPredicate stopAt) {
        int[] addresses = block.instructionAddresses;
        for (int i = 1; i < addresses.length; i++) if (stopAt.test(addresses[i])) return true;
        return false;
    }

    private void selectCache(Memory current) {
        if (current == memory) return;
        memory = current;
        context.use(current);
        ukcf.cpu.memory.AddressSpace space = current instanceof PagedMemory paged ? paged.space()
                : current instanceof ukcf.cpu.memory.CodeSource source ? source.codeSpace() : null;
        cache = standardDecoder && space != null
                ? CodeCache.of(space, options.maxCachedBlocks())
                : CodeCache.detached(options.maxCachedBlocks());
        java.util.Arrays.fill(jumpCache, null);
    }

    /** The valid translation of the block at {@code eip}, translating it if needed; null if it cannot be. */
    private TranslatedBlock find(Cpu cpu, int eip, IntPredicate stopAt) {
        if (cpu.state.segmentBase[Segment.CS.ordinal()] != 0) return null;
        int slot = (eip ^ eip >>> JUMP_CACHE_BITS) & JUMP_CACHE_MASK;
        TranslatedBlock block = jumpCache[slot];
        if (block != null && block.address == eip && block.valid) return block;
        block = cache.lookup(eip);
        if (block == null || !block.valid) {
            if (options.translateThreshold() > 1 && ++coldRuns[slot] < options.translateThreshold()) return null;
            coldRuns[slot] = 0;
            List<Instruction> instructions = decodeBlock(cpu.memory, eip, stopAt);
            if (instructions.isEmpty()) return null;
            block = compiler.compile(instructions);
            translatedBlocks++;
            cache.install(block);
        }
        jumpCache[slot] = block;
        return block;
    }

    /**
     * Retranslates the hot block {@code entry} as the entry of a region: the blocks reachable from it through
     * direct branches, fall-throughs and call return sites that have run before (they have translations), up to
     * the limits of the options. Returns the region, installed in place of the block.
     */
    private TranslatedBlock translateRegion(Cpu cpu, TranslatedBlock entry, IntPredicate stopAt) {
        // A block that branches to itself is a JVM loop already; measured, a region that takes it in with the code
        // around it runs the loop slower (matmul's inner loop +60%, crc32's +10%), so such blocks stay on their own.
        if (isSelfLoop(entry.blocks.get(0))) return entry;
        List<List<Instruction>> region = new ArrayList<>();
        Set<Integer> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<Integer> pending = new java.util.ArrayDeque<>();
        pending.add(entry.address);
        while (!pending.isEmpty() && region.size() < options.maxRegionBlocks()) {
            int address = pending.poll();
            if (!seen.add(address) || stopAt != null && stopAt.test(address)) continue;
            TranslatedBlock known = address == entry.address ? entry : cache.lookup(address);
            if (known == null || !known.valid) continue;
            List<Instruction> block = known.blocks.get(0);
            if (known != entry && isSelfLoop(block)) continue;
            region.add(block);
            pending.addAll(directSuccessors(block));
        }
        if (region.size() < 2) {
            entry.executions = 0; // the blocks it reaches may not have run yet: look again later
            return entry;
        }
        // Cut to the class-file limit, a quarter of the blocks at a time (each try emits the whole region).
        while (region.size() > 1 && compiler.classFileSize(region) > options.maxRegionClassBytes()) {
            region.subList(region.size() - Math.max(1, region.size() / 4), region.size()).clear();
        }
        if (region.size() < 2) return entry;
        TranslatedBlock translated = compiler.compileRegion(region);
        translatedRegions++;
        cache.install(translated);
        int slot = (entry.address ^ entry.address >>> JUMP_CACHE_BITS) & JUMP_CACHE_MASK;
        jumpCache[slot] = translated;
        return translated;
    }

    private static boolean isSelfLoop(List<Instruction> block) {
        return directSuccessors(block).contains(block.get(0).address());
    }

    /** Where control goes after {@code block} when it is known before it runs. */
    private static List<Integer> directSuccessors(List<Instruction> block) {
        Instruction last = block.get(block.size() - 1);
        InlineForms.Form form = InlineForms.of(last);
        List<Integer> successors = new ArrayList<>(2);
        if (form == null) {
            if (!BLOCK_ENDING_OPERATIONS.contains(last.form().operation())) successors.add(last.nextAddress());
            return successors;
        }
        ukcf.cpu.decode.Operand target = last.operands().isEmpty() ? null : last.operand(0);
        switch (form.shape()) {
            case CONDITIONAL_JUMP -> {
                successors.add(((ukcf.cpu.decode.Operand.Rel) target).target());
                successors.add(last.nextAddress());
            }
            case JUMP, CALL -> {
                if (target instanceof ukcf.cpu.decode.Operand.Rel rel) successors.add(rel.target());
                if (form.shape() == InlineForms.Shape.CALL) successors.add(last.nextAddress());
            }
            case RETURN -> { }
            default -> successors.add(last.nextAddress());
        }
        return successors;
    }

    /**
     * The instructions of the block at {@code eip}: up to a control transfer, the size limit, a stop address or
     * an instruction that cannot be decoded (left to the interpreter, which raises its fault precisely).
     */
    private List<Instruction> decodeBlock(Memory memory, int eip, IntPredicate stopAt) {
        List<Instruction> block = new ArrayList<>();
        int address = eip;
        while (block.size() < options.maxBlockInstructions()) {
            Instruction insn;
            try {
                insn = decoder.decode(memory, address);
            } catch (RuntimeException undecodable) {
                break;
            }
            block.add(insn);
            if (endsBlock(insn)) break;
            address = insn.nextAddress();
            if (stopAt != null && stopAt.test(address)) break;
        }
        return block;
    }
}
