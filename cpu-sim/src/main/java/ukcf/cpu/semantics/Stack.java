package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** PUSH/POP, PUSHA/POPA, PUSHF/POPF, ENTER/LEAVE. */
public final class Stack {
    private Stack() { }

    public static void register(HandlerTable table) {
    }
}
