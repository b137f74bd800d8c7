package ukcf.user.process;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import ukcf.cpu.decode.Segment;
import ukcf.cpu.fault.ExceptionVector;
import ukcf.cpu.fault.GuestFault;
import ukcf.cpu.flags.Eflags;
import ukcf.cpu.state.CpuState;
import ukcf.cpu.state.FxsaveImage;
import ukcf.user.abi.StructBuffer;
import ukcf.user.abi.StructLayout;
import ukcf.user.syscall.Arg;

/**
 * The i386 rt signal frame, built and unwound as arch/x86/kernel/signal.c (get_sigframe, ia32 setup_rt_frame,
 * restore_sigcontext) does: struct rt_sigframe below the (possibly alternate) stack, aligned so that the handler
 * sees ESP + 4 on a 16-byte boundary, with EAX = signal, EDX = &info, ECX = &uc. Above the frame lies the FPU
 * state as fpu__alloc_mathframe places it for an FXSR (no XSAVE) CPU: the FXSAVE image 64-byte aligned, preceded
 * by the legacy FNSAVE-format header of struct _fpstate_32; sigreturn reloads the FXSAVE image. Layouts come from
 * structs-i386.tsv.
 */
final class SignalFrame {
    private static final StructLayout FRAME = StructLayout.of("rt_sigframe");
    private static final StructLayout LEGACY_FRAME = StructLayout.of("sigframe");
    private static final StructLayout FPSTATE = StructLayout.of("_fpstate_32");
    private static final int FXSAVE_ALIGNMENT = 64;
    private static final int X86_FXSR_MAGIC = 0x0000;
    private static final int FNSAVE_REGISTER_BYTES = 10;
    private static final StructLayout INFO = StructLayout.of("siginfo");
    private static final StructLayout CONTEXT = StructLayout.of("sigcontext");
    private static final StructLayout UCONTEXT = StructLayout.of("kernel_ucontext");
    private static final StructLayout STACK = StructLayout.of("sigaltstack");
    private static final int FRAME_ALIGNMENT = 16;
    private static final int NR_RT_SIGRETURN = 173;
    /** movl $__NR_rt_sigreturn, %eax; int $0x80: the kernel still writes it, for debuggers. */
    private static final byte[] RETCODE = {(byte) 0xb8, (byte) NR_RT_SIGRETURN, 0, 0, 0, (byte) 0xcd, (byte) 0x80, 0};
    private static final int NR_SIGRETURN = 119;
    /** popl %eax; movl $__NR_sigreturn, %eax; int $0x80: the non-rt frame's return code. */
    private static final byte[] LEGACY_RETCODE = {0x58, (byte) 0xb8, (byte) NR_SIGRETURN, 0, 0, 0, (byte) 0xcd,
            (byte) 0x80};
    /** The EFLAGS bits a signal handler may change through its frame (FIX_EFLAGS in signal.c). */
    private static final int USER_CHANGEABLE_FLAGS = Eflags.AC | Eflags.OF | Eflags.DF | Eflags.TF | Eflags.SF
            | Eflags.ZF | Eflags.AF | Eflags.PF | Eflags.CF | Eflags.RF;
    private static final int SEGMENT_STRIDE = 4;

    private SignalFrame() { }

    /**
     * The siginfo Linux's trap handlers (arch/x86/kernel/traps.c, mm/fault.c) send for a guest fault. A page fault
     * is SEGV_ACCERR where a mapping exists (Linux looks at the VMA) and SEGV_MAPERR elsewhere; its error code
     * has the present bit only for a page the process has touched, as the page table would (an untouched page has
     * no PTE yet).
     */
    static Signals.Info forFault(GuestProcess process, GuestFault fault) {
        ExceptionVector vector = fault.vector();
        int eip = fault.eip();
        return switch (vector) {
            case PF -> new Signals.Info(Signals.SIGSEGV,
                    process.space().isMapped(fault.faultAddress()) ? Signals.SEGV_ACCERR : Signals.SEGV_MAPERR,
                    0, 0, 0, fault.faultAddress(), vector.number,
                    (fault.errorCode() & ~GuestFault.PF_PRESENT)
                            | (process.space().isPopulated(fault.faultAddress()) ? GuestFault.PF_PRESENT : 0));
            case UD -> new Signals.Info(Signals.SIGILL, Signals.ILL_ILLOPN, 0, 0, 0, eip, vector.number, 0);
            case DE -> new Signals.Info(Signals.SIGFPE, Signals.FPE_INTDIV, 0, 0, 0, eip, vector.number, 0);
            case MF, XM -> new Signals.Info(Signals.SIGFPE, Signals.FPE_FLTINV, 0, 0, 0, eip, vector.number, 0);
            case BP, DB -> new Signals.Info(Signals.SIGTRAP, Signals.SI_KERNEL, 0, 0, 0, 0, vector.number, 0);
            case AC -> new Signals.Info(Signals.SIGBUS, Signals.SI_KERNEL, 0, 0, 0, 0, vector.number, 0);
            default -> new Signals.Info(Signals.SIGSEGV, Signals.SI_KERNEL, 0, 0, 0, 0, vector.number,
                    fault.errorCode());
        };
    }

    /**
     * Pushes the frame for {@code info} and enters {@code action}'s handler: the rt frame for an SA_SIGINFO
     * handler, the older sigframe otherwise (ia32_setup_frame; glibc's restorer then calls sigreturn).
     */
    static void enter(GuestProcess process, Signals.Info info, Signals.Action action, long savedMask) {
        CpuState s = process.cpu().state;
        Signals.AlternateStack alternate = process.signals().alternateStack();
        int esp = s.gpr[CpuState.ESP];
        int sp = esp;
        if ((action.flags() & Signals.SA_ONSTACK) != 0 && !alternate.disabled() && !alternate.contains(esp)) {
            sp = alternate.base() + alternate.size();
        }
        int fpstate = saveFpu(process, sp);
        sp = fpstate;
        if ((action.flags() & Signals.SA_SIGINFO) == 0) {
            enterLegacy(process, info, action, savedMask, sp, fpstate);
            return;
        }
        int frame = ((sp - FRAME.size() + 4) & -FRAME_ALIGNMENT) - 4;

        StructBuffer f = FRAME.newBuffer();
        int infoAddress = frame + FRAME.offset("info");
        int ucontextAddress = frame + FRAME.offset("uc");
        int retcodeAddress = frame + FRAME.offset("retcode");
        f.put("pretcode", (action.flags() & Signals.SA_RESTORER) != 0 ? action.restorer() : retcodeAddress);
        f.put("sig", info.signal());
        f.put("pinfo", infoAddress);
        f.put("puc", ucontextAddress);
        byte[] bytes = f.bytes();
        System.arraycopy(siginfo(info).bytes(), 0, bytes, FRAME.offset("info"), INFO.size());
        System.arraycopy(RETCODE, 0, bytes, FRAME.offset("retcode"), RETCODE.length);

        StructBuffer uc = UCONTEXT.newBuffer();
        uc.put("uc_sigmask", savedMask);
        byte[] ucBytes = uc.bytes();
        StructBuffer stack = STACK.newBuffer().put("ss_sp", alternate.base()).put("ss_size", alternate.size())
                .put("ss_flags", alternate.disabled() ? Signals.SS_DISABLE : 0); // the task's sas_ss_flags
        System.arraycopy(stack.bytes(), 0, ucBytes, UCONTEXT.offset("uc_stack"), STACK.size());
        System.arraycopy(sigcontext(s, info, savedMask, fpstate).bytes(), 0, ucBytes, UCONTEXT.offset("uc_mcontext"),
                CONTEXT.size());
        System.arraycopy(ucBytes, 0, bytes, FRAME.offset("uc"), UCONTEXT.size());
        process.writeBytes(frame, bytes);

        s.gpr[CpuState.ESP] = frame;
        s.eip = action.handler();
        s.gpr[CpuState.EAX] = info.signal();
        s.gpr[CpuState.EDX] = infoAddress;
        s.gpr[CpuState.ECX] = ucontextAddress;
        enterHandlerState(s);
        process.signals().enterHandler(info.signal(), action);
    }

    /**
     * What the kernel sets for every handler beyond its arguments: DF, TF and RF clear, the flat user segments in
     * CS, SS, DS and ES (FS and GS stay), and the FPU and SSE state as after a reset (fpu__clear_user_states).
     */
    private static void enterHandlerState(CpuState s) {
        s.flags.setControl(Eflags.DF | Eflags.TF | Eflags.RF, 0);
        loadFlat(s, Segment.CS, ThreadAreaTable.USER_CODE_SELECTOR);
        for (Segment data : new Segment[] {Segment.SS, Segment.DS, Segment.ES}) {
            loadFlat(s, data, ThreadAreaTable.USER_DATA_SELECTOR);
        }
        java.util.Arrays.fill(s.x87.registers, ukcf.cpu.fp.Float80.POSITIVE_ZERO);
        s.x87.initialize();
        java.util.Arrays.fill(s.sse.xmm, 0);
        s.sse.mxcsr = ukcf.cpu.state.SseState.MXCSR_DEFAULT;
    }

    private static void loadFlat(CpuState s, Segment segment, int selector) {
        s.segmentSelector[segment.ordinal()] = selector;
        s.segmentBase[segment.ordinal()] = 0;
    }

    private static void enterLegacy(GuestProcess process, Signals.Info info, Signals.Action action, long savedMask,
                                    int sp, int fpstate) {
        CpuState s = process.cpu().state;
        int frame = ((sp - LEGACY_FRAME.size() + 4) & -FRAME_ALIGNMENT) - 4;
        StructBuffer f = LEGACY_FRAME.newBuffer();
        int retcodeAddress = frame + LEGACY_FRAME.offset("retcode");
        f.put("pretcode", (action.flags() & Signals.SA_RESTORER) != 0 ? action.restorer() : retcodeAddress);
        f.put("sig", info.signal());
        f.put("extramask", savedMask >>> 32);
        byte[] bytes = f.bytes();
        System.arraycopy(sigcontext(s, info, savedMask, fpstate).bytes(), 0, bytes, LEGACY_FRAME.offset("sc"), CONTEXT.size());
        System.arraycopy(LEGACY_RETCODE, 0, bytes, LEGACY_FRAME.offset("retcode"), LEGACY_RETCODE.length);
        process.writeBytes(frame, bytes);
        s.gpr[CpuState.ESP] = frame;
        s.eip = action.handler();
        s.gpr[CpuState.EAX] = info.signal();
        s.gpr[CpuState.EDX] = 0;
        s.gpr[CpuState.ECX] = 0;
        enterHandlerState(s);
        process.signals().enterHandler(info.signal(), action);
    }

    private static StructBuffer siginfo(Signals.Info info) {
        StructBuffer i = INFO.newBuffer().put("si_signo", info.signal()).put("si_code", info.code());
        if (info.signal() == Signals.SIGCHLD) {
            i.put("si_pid", info.pid()).put("si_uid", info.uid()).put("si_status", info.status());
        } else if (info.code() <= 0) {
            i.put("si_pid", info.pid()).put("si_uid", info.uid());
            if (info.code() == Signals.SI_QUEUE) i.put("si_value", info.status());
        } else {
            i.put("si_addr", info.address());
        }
        return i;
    }

    /** Writes the FPU state below {@code sp} (copy_fpstate_to_sigframe); answers the fpstate address. */
    private static int saveFpu(GuestProcess process, int sp) {
        byte[] image = new byte[FxsaveImage.SIZE];
        FxsaveImage.write(process.cpu().state, image);
        int fxsaveArea = (sp - FxsaveImage.SIZE) & -FXSAVE_ALIGNMENT;
        int fpstate = fxsaveArea - FPSTATE.offset("_fxsr_env");
        StructBuffer legacy = FPSTATE.newBuffer();
        ByteBuffer fx = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int abridgedTag = fx.get(FxsaveImage.FTW) & 0xFF;
        int tag = 0;
        for (int i = 0; i < 8; i++) tag |= ((abridgedTag >> i & 1) != 0 ? 0 : 3) << (2 * i); // valid or empty
        legacy.put("cw", 0xFFFF0000 | (fx.getShort(FxsaveImage.FCW) & 0xFFFF))
                .put("sw", 0xFFFF0000 | (fx.getShort(FxsaveImage.FSW) & 0xFFFF)).put("tag", 0xFFFF0000 | tag)
                .put("ipoff", fx.getInt(FxsaveImage.FIP))
                .put("cssel", (fx.getShort(FxsaveImage.FCS) & 0xFFFF) | (fx.getShort(FxsaveImage.FOP) & 0x7FF) << 16)
                .put("dataoff", fx.getInt(FxsaveImage.FDP)).put("datasel", 0xFFFF0000 | (fx.getShort(FxsaveImage.FDS) & 0xFFFF))
                .put("status", fx.getShort(FxsaveImage.FSW)).put("magic", X86_FXSR_MAGIC);
        byte[] bytes = legacy.bytes();
        for (int i = 0; i < 8; i++) {
            System.arraycopy(image, FxsaveImage.ST0 + i * FxsaveImage.ST_STRIDE, bytes,
                    FPSTATE.offset("_st") + i * FNSAVE_REGISTER_BYTES, FNSAVE_REGISTER_BYTES);
        }
        process.writeBytes(fpstate, bytes, 0, FPSTATE.offset("_fxsr_env"));
        process.writeBytes(fxsaveArea, image);
        return fpstate;
    }

    private static StructBuffer sigcontext(CpuState s, Signals.Info info, long savedMask, int fpstate) {
        StructBuffer c = CONTEXT.newBuffer();
        c.put("gs", s.segmentSelector[Segment.GS.ordinal()]).put("fs", s.segmentSelector[Segment.FS.ordinal()])
                .put("es", s.segmentSelector[Segment.ES.ordinal()]).put("ds", s.segmentSelector[Segment.DS.ordinal()])
                .put("cs", s.segmentSelector[Segment.CS.ordinal()]).put("ss", s.segmentSelector[Segment.SS.ordinal()]);
        c.put("edi", s.gpr[CpuState.EDI]).put("esi", s.gpr[CpuState.ESI]).put("ebp", s.gpr[CpuState.EBP])
                .put("esp", s.gpr[CpuState.ESP]).put("ebx", s.gpr[CpuState.EBX]).put("edx", s.gpr[CpuState.EDX])
                .put("ecx", s.gpr[CpuState.ECX]).put("eax", s.gpr[CpuState.EAX]);
        c.put("trapno", info.trapNumber()).put("err", info.errorCode()).put("eip", s.eip)
                .put("eflags", s.flags.get()).put("esp_at_signal", s.gpr[CpuState.ESP])
                .put("fpstate", fpstate).put("oldmask", savedMask)
                .put("cr2", info.signal() == Signals.SIGSEGV ? info.address() : 0);
        return c;
    }

    /** rt_sigreturn: restores registers, user-changeable flags and the mask from the frame at ESP - 4. */
    static int leave(GuestProcess process) {
        int frame = process.cpu().state.gpr[CpuState.ESP] - 4;
        int ucontext = frame + FRAME.offset("uc");
        StructBuffer uc = UCONTEXT.wrap(process.readBytes(ucontext, UCONTEXT.size()));
        StructBuffer c = CONTEXT.wrap(process.readBytes(ucontext + UCONTEXT.offset("uc_mcontext"), CONTEXT.size()));
        return restore(process, c, uc.get("uc_sigmask"));
    }

    /** sigreturn: the non-rt frame at ESP - 8 (the restorer popped the signal number as well). */
    static int leaveLegacy(GuestProcess process) {
        int frame = process.cpu().state.gpr[CpuState.ESP] - 8;
        StructBuffer f = LEGACY_FRAME.wrap(process.readBytes(frame, LEGACY_FRAME.size()));
        StructBuffer c = CONTEXT.wrap(process.readBytes(frame + LEGACY_FRAME.offset("sc"), CONTEXT.size()));
        long mask = (c.get("oldmask") & 0xFFFFFFFFL) | (f.get("extramask") << 32);
        return restore(process, c, mask);
    }

    private static int restore(GuestProcess process, StructBuffer c, long mask) {
        CpuState s = process.cpu().state;
        s.gpr[CpuState.EDI] = c.getInt("edi");
        s.gpr[CpuState.ESI] = c.getInt("esi");
        s.gpr[CpuState.EBP] = c.getInt("ebp");
        s.gpr[CpuState.ESP] = c.getInt("esp");
        s.gpr[CpuState.EBX] = c.getInt("ebx");
        s.gpr[CpuState.EDX] = c.getInt("edx");
        s.gpr[CpuState.ECX] = c.getInt("ecx");
        s.eip = c.getInt("eip");
        restoreSegments(process, c);
        int flags = s.flags.get();
        s.flags.set((flags & ~USER_CHANGEABLE_FLAGS) | (c.getInt("eflags") & USER_CHANGEABLE_FLAGS));
        process.signals().setBlocked(mask);
        int fpstate = c.getInt("fpstate");
        if (fpstate != 0) {
            FxsaveImage.read(s, process.readBytes(fpstate + FPSTATE.offset("_fxsr_env"), FxsaveImage.SIZE));
        }
        return c.getInt("eax");
    }

    /**
     * GS, FS, DS and ES come back from the frame, CS and SS are forced to the user segments (restore_sigcontext
     * with the 0x3 RPL forced); a selector that names no usable descriptor is a #GP, which kills the process
     * with SIGSEGV as it would natively.
     */
    private static void restoreSegments(GuestProcess process, StructBuffer c) {
        CpuState s = process.cpu().state;
        for (Segment segment : new Segment[] {Segment.GS, Segment.FS, Segment.DS, Segment.ES}) {
            int selector = c.getInt(segment.name().toLowerCase(java.util.Locale.ROOT)) & 0xFFFF;
            if (selector != 0) selector |= 3;
            s.segmentBase[segment.ordinal()] = process.threadAreas().base(selector);
            s.segmentSelector[segment.ordinal()] = selector;
        }
        loadFlat(s, Segment.CS, ThreadAreaTable.USER_CODE_SELECTOR);
        loadFlat(s, Segment.SS, ThreadAreaTable.USER_DATA_SELECTOR);
    }

    /** The line strace prints for a delivered signal: {@code --- SIGCHLD {si_signo=SIGCHLD, ...} ---}. */
    static String describe(Signals.Info info) {
        String name = Arg.signalName(info.signal());
        StringBuilder b = new StringBuilder("--- ").append(name).append(" {si_signo=").append(name)
                .append(", si_code=").append(codeName(info));
        if (info.signal() == Signals.SIGCHLD) {
            b.append(", si_pid=").append(info.pid()).append(", si_uid=").append(info.uid())
                    .append(", si_status=").append(info.status()).append(", si_utime=0, si_stime=0");
        } else if (info.code() <= 0) {
            b.append(", si_pid=").append(info.pid()).append(", si_uid=").append(info.uid());
        } else if (info.code() != Signals.SI_KERNEL) {
            b.append(", si_addr=0x").append(Integer.toHexString(info.address()));
        }
        return b.append("} ---").toString();
    }

    private static String codeName(Signals.Info info) {
        int code = info.code();
        if (code == Signals.SI_USER) return "SI_USER";
        if (code == Signals.SI_TKILL) return "SI_TKILL";
        if (code == Signals.SI_KERNEL) return "SI_KERNEL";
        return switch (info.signal()) {
            case Signals.SIGCHLD -> code == Signals.CLD_EXITED ? "CLD_EXITED" : code == Signals.CLD_KILLED ? "CLD_KILLED" : "" + code;
            case Signals.SIGSEGV -> code == Signals.SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR";
            case Signals.SIGILL -> code == Signals.ILL_ILLOPN ? "ILL_ILLOPN" : "" + code;
            case Signals.SIGFPE -> code == Signals.FPE_INTDIV ? "FPE_INTDIV" : code == Signals.FPE_FLTINV ? "FPE_FLTINV" : "" + code;
            default -> Integer.toString(code);
        };
    }
}
