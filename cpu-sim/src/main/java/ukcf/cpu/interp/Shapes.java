package ukcf.cpu.interp;

import ukcf.cpu.Cpu;
import ukcf.cpu.decode.Operand;
import ukcf.cpu.flags.LazyFlags;

/**
 * The common operand shapes of integer instructions, so that an ALU handler is one line naming its pure
 * computation: {@code table.register("ADD", Shapes.binaryReadModifyWrite(Arith::add))}. A memory destination's
 * linear address is computed once; the destination is written only after the computation succeeded.
 */
public final class Shapes {
    private Shapes() { }

    /** {@code destination = f(destination, source)} with flags; the source is extended to the destination size. */
    @FunctionalInterface
    public interface BinaryOperation {
        int apply(LazyFlags flags, int destination, int source, int size);
    }

    /** {@code destination = f(destination)} with flags. */
    @FunctionalInterface
    public interface UnaryOperation {
        int apply(LazyFlags flags, int value, int size);
    }

    /** Operand 0 op= operand 1 (ADD, OR, ADC, SBB, AND, SUB, XOR, shifts by an explicit count...). */
    public static InstructionHandler binaryReadModifyWrite(BinaryOperation operation) {
        return (cpu, instruction) -> {
            Operand destination = instruction.operand(0);
            int size = Operands.sizeOf(instruction, destination);
            int source = Operands.read(cpu, instruction.operand(1), size);
            readModifyWrite(cpu, destination, size, value -> operation.apply(cpu.state.flags, value, source, size));
        };
    }

    /** Operand 0 = f(operand 0) (INC, DEC, NEG, NOT). */
    public static InstructionHandler unaryReadModifyWrite(UnaryOperation operation) {
        return (cpu, instruction) -> {
            Operand destination = instruction.operand(0);
            int size = Operands.sizeOf(instruction, destination);
            readModifyWrite(cpu, destination, size, value -> operation.apply(cpu.state.flags, value, size));
        };
    }

    /** Computes for the flags only (CMP, TEST): nothing is written back. */
    public static InstructionHandler compare(BinaryOperation operation) {
        return (cpu, instruction) -> {
            Operand first = instruction.operand(0);
            int size = Operands.sizeOf(instruction, first);
            int a = Operands.read(cpu, first, size);
            int b = Operands.read(cpu, instruction.operand(1), size);
            operation.apply(cpu.state.flags, a, b, size);
        };
    }

    /** Reads a register or memory operand, applies {@code update}, writes the result to the same place. */
    public static void readModifyWrite(Cpu cpu, Operand destination, int size, java.util.function.IntUnaryOperator update) {
        if (destination instanceof Operand.Mem m) {
            int linear = Operands.linearAddress(cpu.state, m);
            int result = update.applyAsInt(Operands.readForWrite(cpu, linear, size));
            Operands.writeMemory(cpu, linear, size, result);
        } else {
            Operand.Reg r = (Operand.Reg) destination;
            Operands.writeGpr(cpu.state, r.index(), size,
                    update.applyAsInt(Operands.readGpr(cpu.state, r.index(), size)));
        }
    }
}
