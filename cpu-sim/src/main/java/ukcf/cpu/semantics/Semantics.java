package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** Every instruction family registers its handlers here; interpreter and translator share the result. */
public final class Semantics {
    private Semantics() { }

    public static HandlerTable all() {
        HandlerTable table = new HandlerTable();
        Arith.register(table);
        Logic.register(table);
        Shift.register(table);
        Bits.register(table);
        DataTransfer.register(table);
        Stack.register(table);
        Control.register(table);
        Strings.register(table);
        SystemOps.register(table);
        X87.register(table);
        Sse.register(table);
        return table;
    }
}
