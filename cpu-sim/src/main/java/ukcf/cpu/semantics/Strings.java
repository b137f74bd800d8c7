package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** MOVS/CMPS/SCAS/LODS/STOS/INS/OUTS with REP. */
public final class Strings {
    private Strings() { }

    public static void register(HandlerTable table) {
    }
}
