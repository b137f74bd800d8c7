package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** The x87 FPU. */
public final class X87 {
    private X87() { }

    public static void register(HandlerTable table) {
    }
}
