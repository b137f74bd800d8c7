package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** BT family, BSF/BSR, BSWAP, SETcc. */
public final class Bits {
    private Bits() { }

    public static void register(HandlerTable table) {
    }
}
