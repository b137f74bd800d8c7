package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** Integer add, subtract, multiply, divide, compare, increment, decrement, negate, decimal adjust. */
public final class Arith {
    private Arith() { }

    public static void register(HandlerTable table) {
    }
}
