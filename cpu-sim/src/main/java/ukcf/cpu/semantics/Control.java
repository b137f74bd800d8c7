package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** JMP/Jcc/CALL/RET near and far, LOOP/JECXZ, INT/INT3/INTO. */
public final class Control {
    private Control() { }

    public static void register(HandlerTable table) {
    }
}
