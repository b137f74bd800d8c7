package ukcf.cpu.decode;

/** Segment registers in their ModRM/Sreg encoding order. */
public enum Segment {
    ES, CS, SS, DS, FS, GS;

    private static final Segment[] BY_ENCODING = values();

    public static Segment ofEncoding(int sreg) { return BY_ENCODING[sreg]; }
}
