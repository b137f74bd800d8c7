package ukcf.kernel.log;

/**
 * One conversion of a format string as lib/vsprintf.c's format_decode reads it: flags, field width and precision
 * (-1 when absent), the length qualifier and the conversion character.
 */
record FormatSpec(int flags, int width, int precision, String qualifier, char conversion) {
    static final int ZEROPAD = 1, SIGN = 2, PLUS = 4, SPACE = 8, LEFT = 16, SMALL = 32, SPECIAL = 64;

    boolean has(int flag) { return (flags & flag) != 0; }

    FormatSpec withFlags(int newFlags) { return new FormatSpec(newFlags, width, precision, qualifier, conversion); }

    FormatSpec withWidth(int newWidth) { return new FormatSpec(flags, newWidth, precision, qualifier, conversion); }
}
