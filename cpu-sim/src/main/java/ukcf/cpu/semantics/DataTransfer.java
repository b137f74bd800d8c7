package ukcf.cpu.semantics;

import ukcf.cpu.interp.HandlerTable;

/** MOV family, MOVZX/MOVSX, XCHG/CMPXCHG/XADD, LEA, CMOVcc, CBW/CWDE/CDQ, LAHF/SAHF. */
public final class DataTransfer {
    private DataTransfer() { }

    public static void register(HandlerTable table) {
    }
}
