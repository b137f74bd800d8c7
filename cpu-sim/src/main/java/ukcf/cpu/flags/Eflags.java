package ukcf.cpu.flags;

/** EFLAGS bit masks (Intel SDM vol. 1, 3.4.3). */
public final class Eflags {
    public static final int CF = 1 << 0;
    public static final int FIXED_1 = 1 << 1;   // reads as 1
    public static final int PF = 1 << 2;
    public static final int AF = 1 << 4;
    public static final int ZF = 1 << 6;
    public static final int SF = 1 << 7;
    public static final int TF = 1 << 8;
    public static final int IF = 1 << 9;
    public static final int DF = 1 << 10;
    public static final int OF = 1 << 11;
    public static final int IOPL = 3 << 12;
    public static final int NT = 1 << 14;
    public static final int RF = 1 << 16;
    public static final int VM = 1 << 17;
    public static final int AC = 1 << 18;
    public static final int VIF = 1 << 19;
    public static final int VIP = 1 << 20;
    public static final int ID = 1 << 21;

    /** The six arithmetic status flags that lazy evaluation computes. */
    public static final int STATUS = CF | PF | AF | ZF | SF | OF;

    private Eflags() { }
}
