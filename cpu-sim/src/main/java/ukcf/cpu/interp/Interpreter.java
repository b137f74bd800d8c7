package ukcf.cpu.interp;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Decoder;
import ukcf.cpu.decode.Instruction;
import ukcf.cpu.decode.OpcodeForm;
import ukcf.cpu.decode.OpcodeTable;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.exec.ExecutionEngine;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.fault.SoftwareInterrupt;
import ukcf.cpu.semantics.Semantics;
import ukcf.cpu.state.CpuState;

/**
 * The reference interpreter: fetch, decode, dispatch by {@link OpcodeForm#id()}, execute. It is the oracle the
 * translator is checked against, so it favours obviously-right over fast.
 *
 * <p>Faults are precise: before each instruction the general registers and EFLAGS are checkpointed, and a
 * {@link GuestFault} raised by the handler restores them, resets EIP to the instruction and is attributed to
 * it. (Handlers write memory before registers, so nothing else needs undoing.) The exception is a repeated
 * string instruction stopped mid-way ({@link RepeatInterrupted}), whose registers already describe the
 * faulting iteration. A {@link SoftwareInterrupt} leaves with the instruction completed.
 */
public final class Interpreter implements ExecutionEngine {
    /** Observes each instruction before it executes ({@code ./ukcf demo}, traces). */
    @FunctionalInterface
    public interface TraceHook {
        void beforeInstruction(int address, Instruction instruction);
    }

    private final InstructionDecoder decoder;
    private final HandlerTable table;
    /**
     * Handlers by form id, resolved from {@link #table} for every form of the opcode table when the interpreter
     * is made. {@code resolvedForms} records which form each slot was resolved for, so that a form from
     * elsewhere (a test's synthetic table) is resolved on first sight instead of borrowing a slot's handler.
     */
    private InstructionHandler[] handlers;
    private OpcodeForm[] resolvedForms;
    private final PreciseExecution precise = new PreciseExecution();
    private TraceHook trace;
    private long executed;

    /** An interpreter over the IA-32 decoder. */
    public Interpreter() {
        this(Decoder::decode);
    }

    public Interpreter(InstructionDecoder decoder) {
        this(decoder, Semantics.all());
    }

    public Interpreter(InstructionDecoder decoder, HandlerTable table) {
        this.decoder = decoder;
        this.table = table;
        List<OpcodeForm> forms = OpcodeTable.forms();
        handlers = new InstructionHandler[forms.size()];
        resolvedForms = new OpcodeForm[forms.size()];
        for (OpcodeForm form : forms) resolve(form);
    }

    public void setTrace(TraceHook trace) { this.trace = trace; }

    /** Instructions completed (or trapped out of) since this interpreter was created. */
    @Override
    public long executedInstructions() { return executed; }

    @Override
    public String name() { return "interp"; }

    /**
     * Executes instructions until {@code maxInstructions} have run or the CPU halts; returns how many ran.
     * Faults and software interrupts propagate to the caller as from {@link #step}.
     */
    @Override
    public long run(Cpu cpu, long maxInstructions) {
        long start = executed;
        while (executed - start < maxInstructions && !cpu.state.halted) step(cpu);
        return executed - start;
    }

    @Override
    public long runUntil(Cpu cpu, long maxInstructions, IntPredicate stopAt) {
        if (stopAt == null) return run(cpu, maxInstructions);
        long start = executed;
        while (executed - start < maxInstructions && !cpu.state.halted && !stopAt.test(cpu.state.eip)) step(cpu);
        return executed - start;
    }

    /** Executes one instruction and returns it. */
    public Instruction step(Cpu cpu) {
        CpuState s = cpu.state;
        int address = s.eip;
        Instruction instruction;
        try {
            instruction = decoder.decode(cpu.memory, s.segmentBase[Segment.CS.ordinal()] + address);
        } catch (GuestFault fault) {
            throw fault.at(address);
        }
        if (trace != null) trace.beforeInstruction(address, instruction);
        InstructionHandler handler = handlerFor(instruction);
        try {
            precise.execute(cpu, handler, instruction, address, address + instruction.length());
        } catch (SoftwareInterrupt trap) {
            retire(s);
            throw trap;
        }
        retire(s);
        return instruction;
    }

    private void retire(CpuState s) {
        executed++;
        s.timeStampCounter++;
    }

    private InstructionHandler handlerFor(Instruction instruction) {
        return handlerFor(instruction.form());
    }

    /**
     * The handler this interpreter runs for {@code form} (an #UD-raising one for a form no family implements):
     * the translator calls the same one for every instruction it does not translate inline.
     */
    public InstructionHandler handlerFor(OpcodeForm form) {
        int id = form.id();
        return id < handlers.length && resolvedForms[id] == form ? handlers[id] : resolve(form);
    }

    private InstructionHandler resolve(OpcodeForm form) {
        int id = form.id();
        if (id >= handlers.length) {
            handlers = Arrays.copyOf(handlers, id + 1);
            resolvedForms = Arrays.copyOf(resolvedForms, id + 1);
        }
        InstructionHandler handler = table.lookup(form.operation());
        if (handler == null) handler = unimplemented(form);
        handlers[id] = handler;
        resolvedForms[id] = form;
        return handler;
    }

    /** A form the table decodes but no family implements: #UD naming the bytes, like an unknown opcode. */
    private static InstructionHandler unimplemented(OpcodeForm form) {
        return (cpu, instruction) -> {
            StringBuilder bytes = new StringBuilder();
            for (byte b : instruction.bytes()) bytes.append(String.format("%02x ", b & 0xFF));
            throw GuestFault.of(ExceptionVector.UD, String.format("unimplemented %s (%s) at 0x%08x: %s",
                    form.mnemonic(), form.encoding(), instruction.address(), bytes.toString().trim()));
        };
    }
}
