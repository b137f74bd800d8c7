package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** AND, OR, XOR, NOT, TEST. */
public final class Logic {
    private Logic() { }

    public static void register(HandlerTable table) {
    }
}
