package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** SSE/SSE2. */
public final class Sse {
    private Sse() { }

    public static void register(HandlerTable table) {
    }
}
