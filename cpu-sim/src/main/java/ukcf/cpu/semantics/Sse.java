package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;
import ukcf.cpu.semantics.sse.Approximations;
import ukcf.cpu.semantics.sse.PackedInteger;
import ukcf.cpu.semantics.sse.SseControl;
import ukcf.cpu.semantics.sse.SseConversions;
import ukcf.cpu.semantics.sse.SseFloat;
import ukcf.cpu.semantics.sse.SseMoves;
import ukcf.cpu.semantics.sse.Shuffles;

/**
 * MMX, SSE and SSE2. The handlers live in {@code ukcf.cpu.semantics.sse}, one class per SDM instruction group;
 * the MMX forms share their SSE2 operation keys and handlers (see {@code MmxState}).
 */
public final class Sse {
    private Sse() { }

    public static void register(HandlerTable table) {
        SseMoves.register(table);
        PackedInteger.register(table);
        Shuffles.register(table);
        SseFloat.register(table);
        SseConversions.register(table);
        Approximations.register(table);
        SseControl.register(table);
    }
}
