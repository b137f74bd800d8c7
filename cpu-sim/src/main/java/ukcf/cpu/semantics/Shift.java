package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** Shifts and rotates, SHLD/SHRD. */
public final class Shift {
    private Shift() { }

    public static void register(HandlerTable table) {
    }
}
