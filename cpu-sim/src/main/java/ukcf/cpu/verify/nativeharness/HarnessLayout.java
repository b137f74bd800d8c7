package ukcf.cpu.verify.nativeharness;

import ukcf.cpu.state.FxsaveImage;

/**
 * The guest memory layout a test case runs in, and the byte layout of the records exchanged with the native
 * harness. The same addresses are mapped in cpu-sim, so a memory operand reaches the same bytes (or faults the
 * same way) on both sides. Everything around the three areas is unmapped, so overruns fault on both sides.
 */
public final class HarnessLayout {
    private HarnessLayout() { }

    public static final int PAGE = 4096;

    /** Data area: memory operands of generated code land here. */
    public static final int DATA_BASE = 0x2000_0000, DATA_SIZE = PAGE;
    /** Stack area: ESP starts inside it; PUSH/POP/CALL/RET/ENTER stay inside it. */
    public static final int STACK_BASE = 0x2001_0000, STACK_SIZE = PAGE;
    /** Code area (R/W/X): the sequence, followed by the harness's jump back to its epilogue. */
    public static final int CODE_BASE = 0x2002_0000, CODE_AREA_SIZE = PAGE;
    /** Largest sequence the input record carries. */
    public static final int CODE_CAPACITY = 256;
    /** An address guaranteed unmapped on both sides (below Linux's mmap_min_addr), for deliberate #PF. */
    public static final int UNMAPPED = 0x0000_1000;

    /** Input record: one test case, harness reads it from stdin. */
    public static final class In {
        private In() { }
        public static final int CODE_LENGTH = 0;
        public static final int GPR = 4;           // 8 dwords, EAX..EDI
        public static final int EFLAGS = 36;
        public static final int FXSAVE = 48;       // 16-byte aligned
        public static final int CODE = FXSAVE + FxsaveImage.SIZE;
        public static final int DATA = CODE + CODE_CAPACITY;
        public static final int STACK = DATA + DATA_SIZE;
        public static final int SIZE = STACK + STACK_SIZE;
    }

    /** Output record: the final state of one test case, harness writes it to stdout. */
    public static final class Out {
        private Out() { }
        public static final int GPR = 0;           // 8 dwords, EAX..EDI
        public static final int EFLAGS = 32;
        /** Linux signal number that ended the sequence, 0 when it ran to its end. */
        public static final int SIGNAL = 36;
        /** sigcontext trapno, err, ip and cr2 of that signal. */
        public static final int TRAP_NUMBER = 40;
        public static final int ERROR_CODE = 44;
        public static final int FAULT_EIP = 48;
        public static final int FAULT_ADDRESS = 52;
        public static final int FXSAVE = 64;       // 16-byte aligned
        public static final int DATA = FXSAVE + FxsaveImage.SIZE;
        public static final int STACK = DATA + DATA_SIZE;
        public static final int SIZE = STACK + STACK_SIZE;
    }
}
