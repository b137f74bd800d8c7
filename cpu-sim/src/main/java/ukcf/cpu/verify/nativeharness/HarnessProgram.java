package ukcf.cpu.verify.nativeharness;

import static ukcf.cpu.verify.nativeharness.X86Emitter.Condition.ABOVE_OR_EQUAL;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Condition.LESS;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Condition.LESS_OR_EQUAL;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Condition.NOT_EQUAL;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Reg.EAX;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Reg.EBX;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Reg.ECX;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Reg.EDI;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Reg.EDX;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Reg.ESI;
import static ukcf.cpu.verify.nativeharness.X86Emitter.Reg.ESP;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import ukcf.cpu.verify.nativeharness.X86Emitter.Label;
import ukcf.cpu.verify.nativeharness.X86Emitter.Reg;

/**
 * Builds the native harness: a static ELF32 i386 executable, no libc, that loops over test cases read from
 * stdin ({@link HarnessLayout.In}) and writes one result record per case to stdout ({@link HarnessLayout.Out}).
 *
 * <p>Per case it copies the code into the code area followed by {@code jmp *epilogue}, copies the data and
 * stack areas, restores x87/SSE state with FXRSTOR, loads EFLAGS and the eight GPRs, and jumps to the code.
 * The epilogue stores the GPRs, EFLAGS, the FXSAVE image and both areas. A fault in the sequence raises a
 * signal whose handler (on an alternate stack) records signal, trapno, error code, faulting EIP and CR2 from
 * the i386 sigcontext, then points the saved EIP at the epilogue and returns through rt_sigreturn: the kernel
 * reloads the faulting instruction's registers, flags and FPU state, so the ordinary epilogue saves exactly the
 * architectural state at the fault, and the batch continues.
 */
public final class HarnessProgram {
    private HarnessProgram() { }

    private static final int ORIGIN = 0x0804_8000;
    private static final int ELF_HEADER_SIZE = 52, PROGRAM_HEADER_SIZE = 32;
    private static final int PT_LOAD = 1, PT_GNU_STACK = 0x6474_e551;
    private static final int PF_X = 1, PF_W = 2, PF_R = 4;

    /** i386 Linux system call numbers (arch/x86/entry/syscalls/syscall_32.tbl). */
    private static final int SYS_EXIT = 1, SYS_READ = 3, SYS_WRITE = 4, SYS_RT_SIGRETURN = 173,
            SYS_RT_SIGACTION = 174, SYS_SIGALTSTACK = 186;
    /** Signals a faulting instruction can raise. */
    private static final int[] FAULT_SIGNALS = {4 /* SIGILL */, 5 /* SIGTRAP */, 7 /* SIGBUS */, 8 /* SIGFPE */,
            11 /* SIGSEGV */};
    private static final int SA_SIGINFO = 4, SA_ONSTACK = 0x0800_0000, SA_RESTORER = 0x0400_0000,
            SA_NODEFER = 0x4000_0000;

    /** struct ucontext_ia32: uc_flags, uc_link, uc_stack (12 bytes), then uc_mcontext (struct sigcontext_32). */
    private static final int UC_MCONTEXT = 20;
    /** Offsets inside struct sigcontext_32 (gs fs es ds edi esi ebp esp ebx edx ecx eax trapno err ip ...). */
    private static final int SC_TRAPNO = 48, SC_ERR = 52, SC_IP = 56, SC_CR2 = 84;

    /** Exit statuses the oracle reports. */
    public static final int EXIT_READ_ERROR = 3, EXIT_WRITE_ERROR = 4, EXIT_FAULT_OUTSIDE_SEQUENCE = 99;

    private static final int ALT_STACK_SIZE = 64 * 1024;

    /** Addresses of the harness's uninitialised data (after the file image, 4 KiB aligned). */
    private record Bss(int inRecord, int outRecord, int savedEsp, int altStack, int end) {
        static Bss after(int imageEnd) {
            int inRecord = roundUp(imageEnd, HarnessLayout.PAGE);
            int outRecord = roundUp(inRecord + HarnessLayout.In.SIZE, 64);
            int savedEsp = roundUp(outRecord + HarnessLayout.Out.SIZE, 64);
            int altStack = roundUp(savedEsp + 4, 64);
            return new Bss(inRecord, outRecord, savedEsp, altStack, altStack + ALT_STACK_SIZE);
        }
    }

    private static final int PROGRAM_HEADERS = 5;

    /**
     * The bytes the harness places right after each sequence ({@code jmp *epiloguePointer}): an engine that
     * models the harness's memory puts the same bytes there, so that an instruction decoded at the very end
     * sees the same following bytes as the host does.
     */
    public static byte[] returnJump() {
        byte[] jump = {(byte) 0xFF, 0x25, 0, 0, 0, 0};
        X86Emitter.putInt(jump, 2, EPILOGUE_POINTER);
        return jump;
    }

    private static final int EPILOGUE_POINTER = emitted().epiloguePointer;

    private record Emitted(byte[] code, int epiloguePointer) { }

    private static Emitted emitted() {
        int codeStart = ORIGIN + ELF_HEADER_SIZE + PROGRAM_HEADERS * PROGRAM_HEADER_SIZE;
        Emitted measured = emitCode(codeStart, Bss.after(codeStart + 0x10000));
        return emitCode(codeStart, Bss.after(codeStart + measured.code.length));
    }

    public static byte[] build() {
        int codeStart = ORIGIN + ELF_HEADER_SIZE + PROGRAM_HEADERS * PROGRAM_HEADER_SIZE;
        // The bss address depends on the image size, which does not depend on the bss address (every address
        // operand is a fixed-size dword): emit once to measure, then again with the final addresses.
        byte[] measured = emitCode(codeStart, Bss.after(codeStart + 0x10000)).code;
        Bss bss = Bss.after(codeStart + measured.length);
        byte[] code = emitCode(codeStart, bss).code;
        if (code.length != measured.length) throw new IllegalStateException("harness size changed");
        return elf(code, codeStart, bss);
    }

    private static Emitted emitCode(int origin, Bss bss) {
        X86Emitter a = new X86Emitter(origin);
        Label nextCase = new Label(), readMore = new Label(), writeMore = new Label(), epilogue = new Label(),
                exitOk = new Label(), exitReadError = new Label(), exitWriteError = new Label(),
                handler = new Label(), restorer = new Label(), faultOutside = new Label(),
                sigaction = new Label(), altStackDescriptor = new Label(), epiloguePointer = new Label();
        int in = bss.inRecord, out = bss.outRecord;

        // sigaltstack(&descriptor, NULL): the handler must run even if the sequence left ESP anywhere.
        a.movImm(EAX, SYS_SIGALTSTACK);
        a.movImm(EBX, altStackDescriptor);
        a.xor(ECX, ECX);
        a.syscall();
        for (int signal : FAULT_SIGNALS) {
            a.movImm(EAX, SYS_RT_SIGACTION);
            a.movImm(EBX, signal);
            a.movImm(ECX, sigaction);
            a.xor(EDX, EDX);
            a.movImm(ESI, 8);   // sizeof(kernel sigset_t)
            a.syscall();
        }

        a.bind(nextCase);
        readFully(a, in, HarnessLayout.In.SIZE, readMore, exitOk, exitReadError);
        for (int field = HarnessLayout.Out.SIGNAL; field <= HarnessLayout.Out.FAULT_ADDRESS; field += 4) {
            a.storeImm(out + field, 0);
        }
        a.cld();
        // Code, then "jmp *epiloguePointer" right after it.
        a.movImm(ESI, in + HarnessLayout.In.CODE);
        a.movImm(EDI, HarnessLayout.CODE_BASE);
        a.load(ECX, in + HarnessLayout.In.CODE_LENGTH);
        a.repMovsb();
        a.storeImm8(EDI, 0, 0xFF);
        a.storeImm8(EDI, 1, 0x25);
        a.storeImm(EDI, 2, epiloguePointer);
        copyDwords(a, in + HarnessLayout.In.DATA, HarnessLayout.DATA_BASE, HarnessLayout.DATA_SIZE);
        copyDwords(a, in + HarnessLayout.In.STACK, HarnessLayout.STACK_BASE, HarnessLayout.STACK_SIZE);
        a.fxrstor(in + HarnessLayout.In.FXSAVE);
        a.store(bss.savedEsp, ESP);
        a.push(in + HarnessLayout.In.EFLAGS);
        a.popf();
        for (Reg r : Reg.values()) {
            if (r != ESP) a.load(r, in + HarnessLayout.In.GPR + 4 * r.ordinal());
        }
        a.load(ESP, in + HarnessLayout.In.GPR + 4 * ESP.ordinal());
        a.jmpTo(HarnessLayout.CODE_BASE);

        a.bind(epilogue);
        for (Reg r : Reg.values()) a.store(out + HarnessLayout.Out.GPR + 4 * r.ordinal(), r);
        a.load(ESP, bss.savedEsp);
        a.pushf();
        a.pop(out + HarnessLayout.Out.EFLAGS);
        a.fxsave(out + HarnessLayout.Out.FXSAVE);
        a.cld();
        copyDwords(a, HarnessLayout.DATA_BASE, out + HarnessLayout.Out.DATA, HarnessLayout.DATA_SIZE);
        copyDwords(a, HarnessLayout.STACK_BASE, out + HarnessLayout.Out.STACK, HarnessLayout.STACK_SIZE);
        writeFully(a, out, HarnessLayout.Out.SIZE, writeMore, exitWriteError);
        a.jmp(nextCase);

        a.bind(exitOk);
        exit(a, 0);
        a.bind(exitReadError);
        exit(a, EXIT_READ_ERROR);
        a.bind(exitWriteError);
        exit(a, EXIT_WRITE_ERROR);
        a.bind(faultOutside);
        exit(a, EXIT_FAULT_OUTSIDE_SEQUENCE);

        // void handler(int signal, siginfo_t *info, struct ucontext_ia32 *context)
        a.bind(handler);
        a.load(EAX, ESP, 4);
        a.store(out + HarnessLayout.Out.SIGNAL, EAX);
        a.load(EDX, ESP, 12);
        a.load(EAX, EDX, UC_MCONTEXT + SC_IP);
        a.store(out + HarnessLayout.Out.FAULT_EIP, EAX);
        a.subImm(EAX, HarnessLayout.CODE_BASE);
        a.cmpImm(EAX, HarnessLayout.CODE_AREA_SIZE);
        a.jcc(ABOVE_OR_EQUAL, faultOutside);   // a harness bug, not a test result: stop loudly
        a.load(EAX, EDX, UC_MCONTEXT + SC_TRAPNO);
        a.store(out + HarnessLayout.Out.TRAP_NUMBER, EAX);
        a.load(EAX, EDX, UC_MCONTEXT + SC_ERR);
        a.store(out + HarnessLayout.Out.ERROR_CODE, EAX);
        a.load(EAX, EDX, UC_MCONTEXT + SC_CR2);
        a.store(out + HarnessLayout.Out.FAULT_ADDRESS, EAX);
        a.storeImm(EDX, UC_MCONTEXT + SC_IP, epilogue);
        a.ret();

        a.bind(restorer);
        a.movImm(EAX, SYS_RT_SIGRETURN);
        a.syscall();

        a.align(4);
        a.bind(epiloguePointer);
        a.dword(epilogue);
        // struct sigaction as rt_sigaction takes it on i386: handler, flags, restorer, mask (2 dwords).
        a.bind(sigaction);
        a.dword(handler);
        a.dword(SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_NODEFER);
        a.dword(restorer);
        a.dword(0);
        a.dword(0);
        // stack_t: ss_sp, ss_flags, ss_size.
        a.bind(altStackDescriptor);
        a.dword(bss.altStack);
        a.dword(0);
        a.dword(ALT_STACK_SIZE);
        return new Emitted(a.toBytes(), a.addressOf(epiloguePointer));
    }

    /** Reads exactly {@code size} bytes from stdin to {@code buffer}; end of input exits with status 0. */
    private static void readFully(X86Emitter a, int buffer, int size, Label again, Label onEnd, Label onError) {
        transferFully(a, SYS_READ, buffer, size, again, onEnd, onError);
    }

    private static void writeFully(X86Emitter a, int buffer, int size, Label again, Label onError) {
        transferFully(a, SYS_WRITE, buffer, size, again, null, onError);
    }

    /**
     * The read(0, ...) or write(1, ...) loop until {@code size} bytes moved. A read returning 0 (end of input)
     * goes to {@code onEnd}; for a write, 0 is an error like a negative result.
     */
    private static void transferFully(X86Emitter a, int syscall, int buffer, int size, Label again, Label onEnd,
                                      Label onError) {
        a.movImm(EDI, buffer);
        a.movImm(ESI, size);
        a.bind(again);
        a.movImm(EAX, syscall);
        if (syscall == SYS_READ) a.xor(EBX, EBX);   // stdin
        else a.movImm(EBX, 1);                      // stdout
        a.mov(ECX, EDI);
        a.mov(EDX, ESI);
        a.syscall();
        a.test(EAX, EAX);
        if (onEnd != null) {
            a.jcc(LESS, onError);
            a.jcc(LESS_OR_EQUAL, onEnd);
        } else {
            a.jcc(LESS_OR_EQUAL, onError);
        }
        a.add(EDI, EAX);
        a.sub(ESI, EAX);
        a.jcc(NOT_EQUAL, again);
    }

    private static void copyDwords(X86Emitter a, int from, int to, int size) {
        a.movImm(ESI, from);
        a.movImm(EDI, to);
        a.movImm(ECX, size / 4);
        a.repMovsd();
    }

    private static void exit(X86Emitter a, int status) {
        a.movImm(EAX, SYS_EXIT);
        a.movImm(EBX, status);
        a.syscall();
    }

    /**
     * ELF header, then program headers: the harness (R/W/X, with its bss), the data, stack and code areas
     * (memory only), and PT_GNU_STACK without X so the kernel does not turn on READ_IMPLIES_EXEC (which would
     * make the data area executable natively but not in cpu-sim).
     */
    private static byte[] elf(byte[] code, int codeStart, Bss bss) {
        int fileSize = ELF_HEADER_SIZE + PROGRAM_HEADERS * PROGRAM_HEADER_SIZE + code.length;
        ByteBuffer b = ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', 1 /* ELFCLASS32 */, 1 /* little endian */, 1 /* EV_CURRENT */, 0});
        b.put(new byte[8]);
        b.putShort((short) 2);      // ET_EXEC
        b.putShort((short) 3);      // EM_386
        b.putInt(1);                // EV_CURRENT
        b.putInt(codeStart);        // e_entry
        b.putInt(ELF_HEADER_SIZE);  // e_phoff
        b.putInt(0);                // e_shoff
        b.putInt(0);                // e_flags
        b.putShort((short) ELF_HEADER_SIZE);
        b.putShort((short) PROGRAM_HEADER_SIZE);
        b.putShort((short) PROGRAM_HEADERS);
        b.putShort((short) 40);     // e_shentsize
        b.putShort((short) 0);      // e_shnum
        b.putShort((short) 0);      // e_shstrndx
        programHeader(b, PT_LOAD, 0, ORIGIN, fileSize, bss.end - ORIGIN, PF_R | PF_W | PF_X);
        programHeader(b, PT_LOAD, 0, HarnessLayout.DATA_BASE, 0, HarnessLayout.DATA_SIZE, PF_R | PF_W);
        programHeader(b, PT_LOAD, 0, HarnessLayout.STACK_BASE, 0, HarnessLayout.STACK_SIZE, PF_R | PF_W);
        programHeader(b, PT_LOAD, 0, HarnessLayout.CODE_BASE, 0, HarnessLayout.CODE_AREA_SIZE, PF_R | PF_W | PF_X);
        programHeader(b, PT_GNU_STACK, 0, 0, 0, 0, PF_R | PF_W);
        b.put(code);
        return b.array();
    }

    private static void programHeader(ByteBuffer b, int type, int offset, int address, int fileSize, int memorySize,
                                      int flags) {
        b.putInt(type);
        b.putInt(offset);
        b.putInt(address);
        b.putInt(address);
        b.putInt(fileSize);
        b.putInt(memorySize);
        b.putInt(flags);
        b.putInt(HarnessLayout.PAGE);
    }

    private static int roundUp(int value, int boundary) { return (value + boundary - 1) / boundary * boundary; }
}
