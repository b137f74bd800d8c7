package ukcf.cpu.fault;

/** IA-32 exception vectors (Intel SDM vol. 3, table 6-1). */
public enum ExceptionVector {
    DE(0, "divide error"),
    DB(1, "debug"),
    NMI(2, "non-maskable interrupt"),
    BP(3, "breakpoint"),
    OF(4, "overflow"),
    BR(5, "bound range exceeded"),
    UD(6, "invalid opcode"),
    NM(7, "device not available"),
    DF(8, "double fault"),
    TS(10, "invalid TSS"),
    NP(11, "segment not present"),
    SS(12, "stack-segment fault"),
    GP(13, "general protection"),
    PF(14, "page fault"),
    MF(16, "x87 floating-point error"),
    AC(17, "alignment check"),
    MC(18, "machine check"),
    XM(19, "SIMD floating-point exception");

    public final int number;
    public final String description;

    ExceptionVector(int number, String description) {
        this.number = number;
        this.description = description;
    }
}
