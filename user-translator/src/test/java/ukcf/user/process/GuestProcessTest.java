package ukcf.user.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ukcf.user.elf.TinyElf;

/** Hand-assembled static programs run start to exit: system calls, TLS through %gs, faults, strace. */
class GuestProcessTest {
    private static final int ENTRY = TinyElf.BASE + TinyElf.HEADERS;

    @TempDir
    Path directory;

    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();
    private final ByteArrayOutputStream trace = new ByteArrayOutputStream();

    private int run(byte[] code, boolean strace) throws Exception {
        Path program = directory.resolve("program");
        Files.write(program, TinyElf.build(code));
        GuestProcess process = GuestProcess.start(program, program.toString(), List.of("program"), List.of("A=1"));
        return process.run(strace ? new PrintStream(trace, true, StandardCharsets.UTF_8) : null,
                new PrintStream(messages, true, StandardCharsets.UTF_8));
    }

    /** Little-endian code assembly. */
    private static final class Code {
        final ByteBuffer b = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

        Code bytes(int... values) {
            for (int v : values) b.put((byte) v);
            return this;
        }

        Code int32(int value) {
            b.putInt(value);
            return this;
        }

        int size() { return b.position(); }

        byte[] build() { return java.util.Arrays.copyOf(b.array(), b.position()); }
    }

    @Test
    void exitStatusIsTheGuests() throws Exception {
        assertEquals(7, run(TinyElf.exitCode(7), false));
    }

    /** set_thread_area(entry -1) picks GDT entry 12 and writes it back; %gs then addresses the TLS base. */
    private static Code setThreadAreaWithBaseAtEntry() {
        return new Code()
                .bytes(0x83, 0xec, 0x10)                                   // sub $16,%esp
                .bytes(0xc7, 0x04, 0x24).int32(-1)                         // movl $-1,(%esp)
                .bytes(0xc7, 0x44, 0x24, 0x04).int32(ENTRY)                // movl $ENTRY,4(%esp)  base
                .bytes(0xc7, 0x44, 0x24, 0x08).int32(0xfffff)              // movl $0xfffff,8(%esp) limit
                .bytes(0xc7, 0x44, 0x24, 0x0c).int32(0x51)                 // seg_32bit, limit_in_pages, useable
                .bytes(0xb8).int32(243)                                    // mov $243,%eax (set_thread_area)
                .bytes(0x89, 0xe3)                                         // mov %esp,%ebx
                .bytes(0xcd, 0x80);                                        // int $0x80
    }

    @Test
    void setThreadAreaAllocatesTheFirstTlsEntry() throws Exception {
        Code code = setThreadAreaWithBaseAtEntry()
                .bytes(0x8b, 0x1c, 0x24)                                   // mov (%esp),%ebx
                .bytes(0xb8).int32(1).bytes(0xcd, 0x80);                   // exit(ebx)
        assertEquals(12, run(code.build(), false));
    }

    @Test
    void gsLoadsTheTlsBaseFromTheDescriptorTable() throws Exception {
        Code code = setThreadAreaWithBaseAtEntry()
                .bytes(0x8b, 0x04, 0x24)                                   // mov (%esp),%eax
                .bytes(0xc1, 0xe0, 0x03)                                   // shl $3,%eax
                .bytes(0x83, 0xc8, 0x03)                                   // or $3,%eax  (RPL 3)
                .bytes(0x8e, 0xe8)                                         // mov %eax,%gs
                .bytes(0x65, 0x8b, 0x1d).int32(0)                          // mov %gs:0,%ebx
                .bytes(0xb8).int32(1).bytes(0xcd, 0x80);                   // exit(ebx)
        assertEquals(0x83, run(code.build(), false), "the first code byte, read through %gs");
    }

    @Test
    void loadingAnUnknownSelectorKillsWithSigsegv() throws Exception {
        Code code = new Code().bytes(0xb8).int32(0x63).bytes(0x8e, 0xe8);  // mov $0x63,%eax; mov %eax,%gs
        assertEquals(128 + 11, run(code.build(), false));
        assertTrue(messages.toString().contains("SIGSEGV"), messages.toString());
    }

    @Test
    void aWriteToAnUnmappedAddressIsReportedAndExits139() throws Exception {
        Code code = new Code().bytes(0xc7, 0x05).int32(0).int32(0);         // movl $0,0x0
        assertEquals(128 + 11, run(code.build(), false));
        String report = messages.toString();
        assertTrue(report.startsWith(String.format("ukcf: guest killed by SIGSEGV at eip 0x%08x", ENTRY)), report);
        assertTrue(report.contains("movl   $0x0,0x0"), report);
        assertTrue(report.contains("#PF"), report);
    }

    @Test
    void anUndefinedInstructionIsSigill() throws Exception {
        assertEquals(128 + 4, run(new Code().bytes(0x0f, 0x0b).build(), false)); // ud2
        assertTrue(messages.toString().contains("SIGILL"), messages.toString());
    }

    @Test
    void anUnimplementedSystemCallReturnsEnosys() throws Exception {
        Code code = new Code().bytes(0xb8).int32(26).bytes(0xcd, 0x80)      // ptrace
                .bytes(0x89, 0xc3).bytes(0xb8).int32(1).bytes(0xcd, 0x80);  // exit(eax)
        assertEquals(-38 & 0xFF, run(code.build(), false));
    }

    @Test
    void straceDecodesArgumentsAndErrors() throws Exception {
        Code code = new Code();
        code.bytes(0xb8).int32(4).bytes(0xbb).int32(9);                    // write(9, message, 3)
        int messageOperand = code.size() + 1;
        code.bytes(0xb9).int32(0).bytes(0xba).int32(3).bytes(0xcd, 0x80);
        code.bytes(0xb8).int32(1).bytes(0xbb).int32(0).bytes(0xcd, 0x80);  // exit(0)
        int message = ENTRY + code.size();
        code.bytes('h', 'i', '\n');
        byte[] bytes = code.build();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(messageOperand, message);
        assertEquals(0, run(bytes, true));
        assertEquals("write(9, \"hi\\n\", 3) = -1 EBADF (Bad file descriptor)\nexit(0) = ?\n", trace.toString());
    }

    /** rt_sigaction(signal, {handler at 9, SA_SIGINFO|SA_RESTORER, restorer at 2, empty mask}) in hand code. */
    private static Code installHandler(Code c, int signal) {
        return c.bytes(0x6A, 0, 0x6A, 0).bytes(0x68).int32(ENTRY + 2).bytes(0x68).int32(0x04000004)
                .bytes(0x68).int32(ENTRY + 9).bytes(0x89, 0xE1).bytes(0xBB).int32(signal).bytes(0x31, 0xD2)
                .bytes(0xBE).int32(8).bytes(0xB8).int32(174).bytes(0xCD, 0x80);
    }

    /** Offsets 0..8: a jump over the restorer (mov $__NR_rt_sigreturn,%eax; int $0x80); the handler follows. */
    private static Code withRestorer(int mainOffset) {
        return new Code().bytes(0xEB, mainOffset - 2).bytes(0xB8).int32(173).bytes(0xCD, 0x80);
    }

    /** A page fault runs the SIGSEGV handler with EAX = 11 and siginfo si_code SEGV_MAPERR, si_addr = CR2. */
    @Test
    void pageFaultRunsTheSegvHandlerWithItsSiginfo() throws Exception {
        Code c = withRestorer(24)
                .bytes(0x8B, 0x5A, 0x0C).bytes(0x03, 0x5A, 0x08).bytes(0x01, 0xC3) // ebx = si_addr + si_code + sig
                .bytes(0xB8).int32(1).bytes(0xCD, 0x80);                          // exit(ebx)
        assertEquals(24, c.size());
        installHandler(c, 11).bytes(0xA1).int32(0x10);                           // mov 0x10,%eax faults
        assertEquals(0x10 + 1 + 11, run(c.build(), true));
        assertTrue(trace.toString().contains("--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---"),
                trace.toString());
    }

    /** kill(getpid(), SIGUSR1) runs the handler after the call; rt_sigreturn restores the EDI it changed. */
    @Test
    void handlerReturnsThroughRtSigreturn() throws Exception {
        Code c = withRestorer(15).bytes(0xBF).int32(7).bytes(0xC3);              // handler: edi = 7; ret
        assertEquals(15, c.size());
        installHandler(c, 10).bytes(0xBF).int32(42)                              // edi = 42
                .bytes(0xB8).int32(20).bytes(0xCD, 0x80).bytes(0x89, 0xC3)        // ebx = getpid()
                .bytes(0xB9).int32(10).bytes(0xB8).int32(37).bytes(0xCD, 0x80)    // kill(ebx, SIGUSR1)
                .bytes(0x01, 0xC7).bytes(0x89, 0xFB).bytes(0xB8).int32(1).bytes(0xCD, 0x80); // exit(edi + eax)
        assertEquals(42, run(c.build(), true));
        assertTrue(trace.toString().contains("--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER"), trace.toString());
        assertTrue(trace.toString().contains("rt_sigreturn() = 0"), trace.toString());
    }

    /** The x87 stack the handler changes (fldz over the interrupted code's 1.0) comes back from the frame. */
    @Test
    void sigreturnRestoresTheFpuState() throws Exception {
        Code c = withRestorer(12).bytes(0xD9, 0xEE).bytes(0xC3);                // handler: fldz; ret
        assertEquals(12, c.size());
        installHandler(c, 10).bytes(0xD9, 0xE8)                                  // fld1
                .bytes(0xB8).int32(20).bytes(0xCD, 0x80).bytes(0x89, 0xC3)
                .bytes(0xB9).int32(10).bytes(0xB8).int32(37).bytes(0xCD, 0x80)    // kill(getpid(), SIGUSR1)
                .bytes(0x6A, 0).bytes(0xDB, 0x1C, 0x24).bytes(0x5B)               // ebx = (int) st(0)
                .bytes(0xB8).int32(1).bytes(0xCD, 0x80);                          // exit(ebx)
        assertEquals(1, run(c.build(), false));
    }

    /** Without a handler a signal's default action ends the guest with 128 + N after the one-line report. */
    @Test
    void unhandledKillEndsTheGuest() throws Exception {
        Code c = new Code().bytes(0xB8).int32(20).bytes(0xCD, 0x80).bytes(0x89, 0xC3)
                .bytes(0xB9).int32(15).bytes(0xB8).int32(37).bytes(0xCD, 0x80)
                .bytes(0xB8).int32(1).bytes(0xCD, 0x80);
        assertEquals(128 + 15, run(c.build(), false));
        assertTrue(messages.toString().startsWith("ukcf: guest killed by SIGTERM"), messages.toString());
    }

    /**
     * The parent clones a thread as glibc's pthread_create does (a tid word set by CLONE_PARENT_SETTID and cleared
     * by CLONE_CHILD_CLEARTID), then FUTEX_WAITs until the word is 0 and exit_groups with what the thread stored;
     * {@code threadEnd} ends the thread. Data lives 4 KiB below the initial stack pointer, in %ebp.
     */
    private int runWithThread(Code threadEnd) throws Exception {
        int flags = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000 | 0x100000 | 0x200000;
        Code code = new Code()
                .bytes(0x89, 0xe5)                                         // mov %esp,%ebp
                .bytes(0x81, 0xed).int32(0x1000)                           // sub $0x1000,%ebp
                .bytes(0xc7, 0x45, 0x00).int32(-1)                         // movl $-1,0(%ebp)   the tid word
                .bytes(0xc7, 0x45, 0x04).int32(0)                          // movl $0,4(%ebp)    the result
                .bytes(0xb8).int32(120)                                    // mov $120,%eax      clone
                .bytes(0xbb).int32(flags)                                  // mov $flags,%ebx
                .bytes(0x8d, 0x8d).int32(-0x100)                           // lea -0x100(%ebp),%ecx  its stack
                .bytes(0x89, 0xea)                                         // mov %ebp,%edx      parent_tid
                .bytes(0x31, 0xf6)                                         // xor %esi,%esi      tls
                .bytes(0x89, 0xef)                                         // mov %ebp,%edi      child_tid
                .bytes(0xcd, 0x80)
                .bytes(0x85, 0xc0)                                         // test %eax,%eax
                .bytes(0x74, 35)                                           // jz thread
                // wait: while (tid word != 0) futex(&word, FUTEX_WAIT, word, NULL)
                .bytes(0x8b, 0x55, 0x00)                                   // mov 0(%ebp),%edx
                .bytes(0x85, 0xd2)                                         // test %edx,%edx
                .bytes(0x74, 18)                                           // jz done
                .bytes(0xb8).int32(240)                                    // mov $240,%eax      futex
                .bytes(0x89, 0xeb)                                         // mov %ebp,%ebx
                .bytes(0xb9).int32(0)                                      // mov $0,%ecx        FUTEX_WAIT
                .bytes(0x31, 0xf6)                                         // xor %esi,%esi
                .bytes(0xcd, 0x80)
                .bytes(0xeb, -25)                                          // jmp wait
                // done: exit_group(result)
                .bytes(0x8b, 0x5d, 0x04)                                   // mov 4(%ebp),%ebx
                .bytes(0xb8).int32(252)                                    // mov $252,%eax
                .bytes(0xcd, 0x80)
                // thread: result = gettid() != getpid() ? 42 : 1
                .bytes(0xb8).int32(224).bytes(0xcd, 0x80)                  // gettid
                .bytes(0x89, 0xc6)                                         // mov %eax,%esi
                .bytes(0xb8).int32(20).bytes(0xcd, 0x80)                   // getpid
                .bytes(0xc7, 0x45, 0x04).int32(1)                          // movl $1,4(%ebp)
                .bytes(0x39, 0xc6)                                         // cmp %eax,%esi
                .bytes(0x74, 7)                                            // je +7
                .bytes(0xc7, 0x45, 0x04).int32(42);                        // movl $42,4(%ebp)
        code.b.put(threadEnd.build());
        return run(code.build(), false);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aThreadsExitClearsItsTidWordAndWakesTheJoiner() throws Exception {
        Code exit = new Code().bytes(0xb8).int32(1).bytes(0x31, 0xdb).bytes(0xcd, 0x80); // exit(0): this thread only
        assertEquals(42, runWithThread(exit), "the thread has its own id and the leader outlives its exit");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void exitGroupFromAThreadEndsTheLeaderBlockedInFutexWait() throws Exception {
        Code exitGroup = new Code().bytes(0xb8).int32(252).bytes(0xbb).int32(7).bytes(0xcd, 0x80); // exit_group(7)
        assertEquals(7, runWithThread(exitGroup));
    }
}
