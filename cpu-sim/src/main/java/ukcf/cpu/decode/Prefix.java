package ukcf.cpu.decode;

/** Legacy prefixes seen on an instruction, as bits of {@link Instruction#prefixes()}. */
public final class Prefix {
    public static final int LOCK = 1;
    public static final int REP = 2;        // F3
    public static final int REPNE = 4;      // F2
    public static final int OPERAND_SIZE = 8;   // 66
    public static final int ADDRESS_SIZE = 16;  // 67
    /** 9B among the prefixes of an x87 instruction, decoded with it as one instruction (objdump's view; SDM wait forms). */
    public static final int FWAIT = 32;

    private Prefix() { }
}
