package ukcf.kernel.log;

/** Reads one conversion after a '%' as lib/vsprintf.c format_decode does; '*' widths come from the arguments. */
final class FormatDecoder {
    private FormatDecoder() { }

    record Decoded(FormatSpec spec, int next) { }

    private static final String FLAG_CHARS = "-+ #0";
    private static final int[] FLAG_BITS = {FormatSpec.LEFT, FormatSpec.PLUS, FormatSpec.SPACE, FormatSpec.SPECIAL,
            FormatSpec.ZEROPAD};

    static Decoded decode(byte[] f, int i, VarArgs args) {
        int flags = 0;
        for (int k; i < f.length && (k = FLAG_CHARS.indexOf(f[i])) >= 0; i++) flags |= FLAG_BITS[k];
        int width = -1;
        if (i < f.length && f[i] == '*') {
            width = args.next32();
            if (width < 0) {
                flags |= FormatSpec.LEFT;
                width = -width;
            }
            i++;
        } else if (i < f.length && isDigit(f[i])) {
            width = 0;
            while (i < f.length && isDigit(f[i])) width = width * 10 + (f[i++] - '0');
        }
        int precision = -1;
        if (i < f.length && f[i] == '.') {
            i++;
            if (i < f.length && f[i] == '*') {
                precision = Math.max(0, args.next32());
                i++;
            } else {
                precision = 0;
                while (i < f.length && isDigit(f[i])) precision = precision * 10 + (f[i++] - '0');
            }
        }
        String qualifier = "";
        if (i < f.length && "hlLZzt".indexOf(f[i]) >= 0) {
            qualifier = String.valueOf((char) f[i++]);
            if (i < f.length && (qualifier.equals("h") || qualifier.equals("l")) && f[i] == qualifier.charAt(0)) {
                qualifier += qualifier;
                i++;
            }
        }
        char conversion = i < f.length ? (char) (f[i++] & 0xFF) : 0;
        if (conversion == 'x') flags |= FormatSpec.SMALL;
        if (conversion == 'd' || conversion == 'i') flags |= FormatSpec.SIGN;
        return new Decoded(new FormatSpec(flags, width, precision, qualifier, conversion), i);
    }

    private static boolean isDigit(byte b) { return b >= '0' && b <= '9'; }
}
