package ukcf.cpu.semantics;

import ukcf.cpu.flags.LazyFlags;
import ukcf.cpu.flags.Width;
import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.interp.Shapes;

/**
 * AND, OR, XOR, NOT, TEST. CF = OF = 0, SF/ZF/PF from the result, AF undefined (0). A null flags object: see
 * {@link Arith}.
 */
public final class Logic {
    private Logic() { }

    public static void register(HandlerTable table) {
        table.register("AND", Shapes.binaryReadModifyWrite(Logic::and));
        table.register("OR", Shapes.binaryReadModifyWrite(Logic::or));
        table.register("XOR", Shapes.binaryReadModifyWrite(Logic::xor));
        table.register("TEST", Shapes.compare(Logic::and));
        table.register("NOT", Shapes.unaryReadModifyWrite(Logic::not));
    }

    public static int and(LazyFlags f, int a, int b, int size) {
        int r = a & b & Width.mask(size);
        if (f != null) f.afterLogic(size, r);
        return r;
    }

    public static int or(LazyFlags f, int a, int b, int size) {
        int r = (a | b) & Width.mask(size);
        if (f != null) f.afterLogic(size, r);
        return r;
    }

    public static int xor(LazyFlags f, int a, int b, int size) {
        int r = (a ^ b) & Width.mask(size);
        if (f != null) f.afterLogic(size, r);
        return r;
    }

    /** NOT changes no flag. */
    public static int not(LazyFlags f, int a, int size) { return ~a & Width.mask(size); }
}
