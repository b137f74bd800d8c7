package ukcf.cpu.decode;

import ukcf.cpu.flags.Eflags;

/**
 * The 16 IA-32 condition codes in encoding order (the low nibble of Jcc/SETcc/CMOVcc opcodes), with the
 * suffix objdump and the SDM use and the flags each one reads (SDM vol. 1, appendix B).
 */
public enum Condition {
    O("o", Eflags.OF), NO("no", Eflags.OF), B("b", Eflags.CF), AE("ae", Eflags.CF),
    E("e", Eflags.ZF), NE("ne", Eflags.ZF), BE("be", Eflags.CF | Eflags.ZF), A("a", Eflags.CF | Eflags.ZF),
    S("s", Eflags.SF), NS("ns", Eflags.SF), P("p", Eflags.PF), NP("np", Eflags.PF),
    L("l", Eflags.SF | Eflags.OF), GE("ge", Eflags.SF | Eflags.OF),
    LE("le", Eflags.ZF | Eflags.SF | Eflags.OF), G("g", Eflags.ZF | Eflags.SF | Eflags.OF);

    public final String suffix;
    public final int flagsRead;

    Condition(String suffix, int flagsRead) {
        this.suffix = suffix;
        this.flagsRead = flagsRead;
    }

    private static final Condition[] BY_NUMBER = values();

    public static Condition of(int number) { return BY_NUMBER[number]; }
}
