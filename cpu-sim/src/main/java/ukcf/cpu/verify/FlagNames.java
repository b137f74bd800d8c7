package ukcf.cpu.verify;

import ukcf.cpu.flags.Eflags;

/** EFLAGS as the letters of the set flags, e.g. {@code CF ZF DF}, for mismatch reports. */
final class FlagNames {
    private FlagNames() { }

    private static final int[] BITS = {Eflags.CF, Eflags.PF, Eflags.AF, Eflags.ZF, Eflags.SF, Eflags.DF, Eflags.OF};
    private static final String[] NAMES = {"CF", "PF", "AF", "ZF", "SF", "DF", "OF"};

    static String describe(int eflags) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < BITS.length; i++) {
            if ((eflags & BITS[i]) != 0) s.append(s.length() == 0 ? "" : " ").append(NAMES[i]);
        }
        return s.length() == 0 ? "-" : s.toString();
    }
}
