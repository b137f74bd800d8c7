/*
 * Signal delivery as an i386 Linux process sees it: dispositions and flags, siginfo contents, the alternate stack,
 * faults recovered with siglongjmp or by editing the saved context, masks, nested and deferred signals, alarm,
 * SIGCHLD, SIGPIPE, and the register/FPU/segment state that sigreturn must bring back. Every line is deterministic
 * (no addresses except offsets within this program's own static code, no pids, no timings).
 *
 * Usage: signals [SECTION...]   (no argument: every section)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

/* Faulting instructions at known offsets from a global label, so that addresses print as offsets. */
asm(".text\n"
    ".globl divide\n"
    "divide:\n"
    "  movl 4(%esp), %eax\n"   /* 4 bytes */
    "  cltd\n"                 /* 1 byte */
    "  idivl 8(%esp)\n"        /* at +5 */
    "  ret\n"
    ".globl undefined_instruction\n"
    "undefined_instruction:\n"
    "  ud2\n"
    "  movl $42, %eax\n"
    "  ret\n"
    ".globl breakpoint\n"
    "breakpoint:\n"
    "  int3\n"
    "  movl $7, %eax\n"
    "  ret\n");
int divide(int a, int b);
int undefined_instruction(void);
int breakpoint(void);

/* Prints "LABEL = result errno-text": the call runs before errno is read (argument order is unspecified). */
#define CALL(label, expr) do { \
        errno = 0; \
        long result_ = (long) (expr); \
        int errno_ = errno; \
        printf("%s = %ld %s\n", label, result_, result_ < 0 ? strerror(errno_) : "ok"); \
    } while (0)

static volatile sig_atomic_t count;
static volatile int last_signal;
static siginfo_t last_info;
static char trace[256];
static sigjmp_buf recovery;

static void note(const char *what) { strncat(trace, what, sizeof trace - strlen(trace) - 1); }

static void plain_handler(int sig) { count++; last_signal = sig; }

static void info_handler(int sig, siginfo_t *info, void *context) {
    (void) context;
    count++;
    last_signal = sig;
    last_info = *info;
}

static void install(int sig, void (*handler)(int), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0) printf("sigaction(%d): %s\n", sig, strerror(errno));
}

static void install_info(int sig, void (*handler)(int, siginfo_t *, void *), int flags) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = flags | SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(sig, &sa, NULL) != 0) printf("sigaction(%d): %s\n", sig, strerror(errno));
}

static const char *code_name(int sig, int code) {
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_TKILL: return "SI_TKILL";
    case SI_KERNEL: return "SI_KERNEL";
    }
    if (sig == SIGSEGV) return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "SEGV_?";
    if (sig == SIGFPE) return code == FPE_INTDIV ? "FPE_INTDIV" : code == FPE_INTOVF ? "FPE_INTOVF" : "FPE_?";
    if (sig == SIGILL) return code == ILL_ILLOPN ? "ILL_ILLOPN" : code == ILL_ILLOPC ? "ILL_ILLOPC" : "ILL_?";
    if (sig == SIGTRAP) return code == TRAP_BRKPT ? "TRAP_BRKPT" : "TRAP_?";
    if (sig == SIGBUS) return code == BUS_ADRERR ? "BUS_ADRERR" : "BUS_?";
    if (sig == SIGCHLD) return code == CLD_EXITED ? "CLD_EXITED" : code == CLD_KILLED ? "CLD_KILLED" : "CLD_?";
    return "?";
}

static int is_blocked(int sig) {
    sigset_t current;
    sigprocmask(SIG_BLOCK, NULL, &current);
    return sigismember(&current, sig);
}

/* ---- dispositions and siginfo ---- */

static void section_basics(void) {
    printf("== basics\n");
    count = 0;
    install(SIGUSR1, plain_handler, 0);
    CALL("raise(SIGUSR1)", raise(SIGUSR1));
    printf("count %d, signal %d\n", count, last_signal);
    CALL("kill(self, SIGUSR1)", kill(getpid(), SIGUSR1));
    printf("count %d\n", count);
    CALL("kill(self, 0)", kill(getpid(), 0));
    CALL("kill(self, 65)", kill(getpid(), 65));
    CALL("kill(no such pid, 0)", kill(0x3ffffff, 0));
    CALL("sigaction(SIGKILL)", sigaction(SIGKILL, &(struct sigaction) {.sa_handler = plain_handler}, NULL));
    CALL("sigaction(SIGSTOP)", sigaction(SIGSTOP, &(struct sigaction) {.sa_handler = SIG_IGN}, NULL));
    CALL("sigaction(0)", sigaction(0, NULL, NULL));
    CALL("sigaction(SIGKILL, query)", sigaction(SIGKILL, NULL, &(struct sigaction) {0}));

    install_info(SIGUSR2, info_handler, 0);
    kill(getpid(), SIGUSR2);
    printf("kill: si_signo %d si_code %s si_pid is self %s si_uid is mine %s\n", last_info.si_signo,
           code_name(SIGUSR2, last_info.si_code), last_info.si_pid == getpid() ? "yes" : "no",
           last_info.si_uid == getuid() ? "yes" : "no");
    raise(SIGUSR2);
    printf("raise: si_signo %d si_code %s si_pid is self %s\n", last_info.si_signo,
           code_name(SIGUSR2, last_info.si_code), last_info.si_pid == getpid() ? "yes" : "no");
    sigqueue(getpid(), SIGUSR2, (union sigval) {.sival_int = 1234});
    printf("sigqueue: si_signo %d si_code %s si_value %d si_pid is self %s\n", last_info.si_signo,
           code_name(SIGUSR2, last_info.si_code), last_info.si_value.sival_int,
           last_info.si_pid == getpid() ? "yes" : "no");

    struct sigaction old;
    sigaction(SIGUSR2, NULL, &old);
    printf("installed flags have SA_SIGINFO %s, handler is ours %s\n", (old.sa_flags & SA_SIGINFO) ? "yes" : "no",
           old.sa_sigaction == info_handler ? "yes" : "no");
    install(SIGUSR1, SIG_IGN, 0);
    count = 0;
    raise(SIGUSR1);
    printf("ignored SIGUSR1: count %d\n", count);
    install(SIGURG, SIG_DFL, 0);
    raise(SIGURG);
    printf("default SIGURG is ignored: still running\n");
}

/* ---- flags: SA_RESETHAND, SA_NODEFER, sa_mask ---- */

static int blocked_in_handler[3];

static void mask_probe(int sig) {
    blocked_in_handler[0] = is_blocked(sig);
    blocked_in_handler[1] = is_blocked(SIGUSR2);
    blocked_in_handler[2] = is_blocked(SIGHUP);
    count++;
}

static void section_flags(void) {
    printf("== flags\n");
    struct sigaction sa, old;
    count = 0;
    install(SIGUSR1, mask_probe, SA_RESETHAND);
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &old);
    printf("SA_RESETHAND: count %d, self blocked in handler %d, now default %s\n", count, blocked_in_handler[0],
           old.sa_handler == SIG_DFL ? "yes" : "no");

    install(SIGUSR1, mask_probe, SA_NODEFER);
    raise(SIGUSR1);
    printf("SA_NODEFER: self blocked in handler %d\n", blocked_in_handler[0]);

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = mask_probe;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    printf("sa_mask: self %d SIGUSR2 %d SIGHUP %d blocked in handler; after: SIGUSR2 %d SIGHUP %d\n",
           blocked_in_handler[0], blocked_in_handler[1], blocked_in_handler[2], is_blocked(SIGUSR2),
           is_blocked(SIGHUP));
    sigaction(SIGUSR1, NULL, &old);
    printf("old sa_mask has SIGUSR2 %d SIGHUP %d SIGINT %d\n", sigismember(&old.sa_mask, SIGUSR2),
           sigismember(&old.sa_mask, SIGHUP), sigismember(&old.sa_mask, SIGINT));
}

/* ---- nested and deferred ---- */

static void nested_inner(int sig) { (void) sig; note("[usr2]"); }

static void naming_handler(int sig) {
    last_signal = sig;
    count++;
    note(sig == SIGHUP ? "[hup]" : sig == SIGUSR1 ? "[usr1]" : "[other]");
}

static void nested_outer(int sig) {
    (void) sig;
    note("[usr1 enter]");
    raise(SIGUSR2);
    note("[usr1 leave]");
}

static void section_nesting(void) {
    printf("== nesting\n");
    install(SIGUSR2, nested_inner, 0);
    install(SIGUSR1, nested_outer, 0);
    trace[0] = 0;
    raise(SIGUSR1);
    printf("nested: %s\n", trace);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = nested_outer;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGUSR2);
    sigaction(SIGUSR1, &sa, NULL);
    trace[0] = 0;
    raise(SIGUSR1);
    printf("deferred: %s\n", trace);

    /* Several blocked signals become pending; unblocking delivers them lowest number first. */
    sigset_t set, pending;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    install(SIGUSR2, nested_inner, 0);
    install(SIGUSR1, naming_handler, 0);
    install(SIGHUP, naming_handler, 0);
    count = 0;
    raise(SIGUSR2);
    raise(SIGUSR1);
    raise(SIGUSR1);
    raise(SIGHUP);
    sigpending(&pending);
    printf("pending: SIGHUP %d SIGUSR1 %d SIGUSR2 %d SIGINT %d; count %d\n", sigismember(&pending, SIGHUP),
           sigismember(&pending, SIGUSR1), sigismember(&pending, SIGUSR2), sigismember(&pending, SIGINT), count);
    trace[0] = 0;
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    sigpending(&pending);
    printf("after unblock: count %d (standard signals do not queue) last %d trace %s pending SIGUSR1 %d\n", count,
           last_signal, trace, sigismember(&pending, SIGUSR1));
}

/* ---- sigprocmask, sigsuspend, alarm, pause ---- */

static void section_waiting(void) {
    printf("== waiting\n");
    sigset_t block, old, empty, now;
    install(SIGUSR1, plain_handler, 0);
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    printf("old mask had SIGUSR1 %d\n", sigismember(&old, SIGUSR1));
    count = 0;
    raise(SIGUSR1);
    printf("blocked raise: count %d\n", count);
    sigemptyset(&empty);
    errno = 0;
    int r = sigsuspend(&empty);
    printf("sigsuspend = %d %s, count %d, SIGUSR1 blocked again %d\n", r, strerror(errno), count,
           is_blocked(SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    CALL("sigprocmask(how 7)", sigprocmask(7, &block, NULL));
    sigfillset(&block);
    sigprocmask(SIG_SETMASK, &block, NULL);
    sigprocmask(SIG_SETMASK, NULL, &now);
    printf("fill mask: SIGKILL %d SIGSTOP %d SIGTERM %d\n", sigismember(&now, SIGKILL), sigismember(&now, SIGSTOP),
           sigismember(&now, SIGTERM));
    sigprocmask(SIG_SETMASK, &old, NULL);

    install(SIGALRM, plain_handler, 0);
    count = 0;
    printf("alarm(1) = %u\n", alarm(1));
    printf("alarm(1) again = %u\n", alarm(1) <= 1 ? 1 : 99);
    errno = 0;
    r = pause();
    printf("pause = %d %s, count %d signal %d\n", r, strerror(errno), count, last_signal);
    printf("alarm(0) after expiry = %u\n", alarm(0));
    alarm(5);
    printf("alarm(0) cancels, remaining %s\n", alarm(0) >= 4 ? "about 5" : "wrong");
}

/* ---- alternate stack ---- */

static char alternate[65536];
static int on_alternate, altstack_flags, uc_stack_flags, uc_stack_is_ours;

static void altstack_handler(int sig, siginfo_t *info, void *context) {
    (void) sig; (void) info;
    char local;
    ucontext_t *uc = context;
    on_alternate = &local >= alternate && &local < alternate + sizeof alternate;
    stack_t now;
    sigaltstack(NULL, &now);
    altstack_flags = now.ss_flags;
    uc_stack_flags = uc->uc_stack.ss_flags;
    uc_stack_is_ours = uc->uc_stack.ss_sp == alternate && uc->uc_stack.ss_size == sizeof alternate;
    stack_t other = {.ss_sp = alternate, .ss_size = sizeof alternate};
    errno = 0;
    int r = sigaltstack(&other, NULL);
    if (r != 0) note(strerror(errno));
}

static void section_altstack(void) {
    printf("== altstack\n");
    stack_t st = {.ss_sp = alternate, .ss_size = sizeof alternate, .ss_flags = 0}, old;
    sigaltstack(NULL, &old);
    printf("initial flags %d (SS_DISABLE %d)\n", old.ss_flags, SS_DISABLE);
    stack_t small = {.ss_sp = alternate, .ss_size = 100};
    CALL("too small", sigaltstack(&small, NULL));
    stack_t bad = {.ss_sp = alternate, .ss_size = sizeof alternate, .ss_flags = 99};
    CALL("bad flags", sigaltstack(&bad, NULL));
    printf("install = %d\n", sigaltstack(&st, NULL));
    sigaltstack(NULL, &old);
    printf("outside handler flags %d, is ours %s\n", old.ss_flags,
           old.ss_sp == alternate && old.ss_size == sizeof alternate ? "yes" : "no");

    install_info(SIGUSR1, altstack_handler, SA_ONSTACK);
    trace[0] = 0;
    raise(SIGUSR1);
    printf("SA_ONSTACK: on alternate %d, sigaltstack flags %d (SS_ONSTACK %d), uc_stack flags %d ours %d, "
           "change inside: %s\n", on_alternate, altstack_flags, SS_ONSTACK, uc_stack_flags, uc_stack_is_ours, trace);
    install_info(SIGUSR1, altstack_handler, 0);
    raise(SIGUSR1);
    printf("without SA_ONSTACK: on alternate %d, flags %d\n", on_alternate, altstack_flags);

    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    sigaltstack(NULL, &old);
    printf("disabled: flags %d\n", old.ss_flags);
    install_info(SIGUSR1, altstack_handler, SA_ONSTACK);
    raise(SIGUSR1);
    printf("SA_ONSTACK without a stack: on alternate %d\n", on_alternate);
}

/* ---- faults ---- */

static int fault_trapno, fault_err, fault_cr2_matches;
static uintptr_t fault_eip;

static void fault_handler(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    last_signal = sig;
    last_info = *info;
    fault_trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    fault_err = uc->uc_mcontext.gregs[REG_ERR];
    fault_eip = uc->uc_mcontext.gregs[REG_EIP];
    fault_cr2_matches = uc->uc_mcontext.cr2 == (unsigned long) info->si_addr;
    siglongjmp(recovery, 1);
}

/* Runs probe(arg) expecting a fault; prints the signal, its code and where it hit relative to base. */
static void expect_fault(const char *what, void (*probe)(void *), void *arg, const char *base) {
    last_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        probe(arg);
        printf("%s: no fault\n", what);
        return;
    }
    printf("%s: %s %s si_addr %s+0x%lx trapno %d err %d cr2 matches %d, SIGSEGV blocked after %d\n", what,
           strsignal(last_signal), code_name(last_signal, last_info.si_code), base ? "base" : "",
           (unsigned long) ((char *) last_info.si_addr - (base ? base : (char *) 0)), fault_trapno, fault_err,
           fault_cr2_matches, is_blocked(SIGSEGV));
}

static void read_at(void *p) { printf("read %d\n", *(volatile char *) p); }
static void write_at(void *p) { *(volatile char *) p = 1; }

static void section_segv(void) {
    printf("== segv\n");
    install_info(SIGSEGV, fault_handler, 0);
    install_info(SIGBUS, fault_handler, 0);
    expect_fault("read NULL", read_at, NULL, NULL);
    expect_fault("write NULL", write_at, NULL, NULL);
    expect_fault("read 0x1000", read_at, (void *) 0x1000, NULL);
    char *none = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    expect_fault("read PROT_NONE", read_at, none + 4100, none);
    char *ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    read_at(ro + 5);
    expect_fault("write PROT_READ", write_at, ro + 8000, ro);
    mprotect(ro, 4096, PROT_READ | PROT_WRITE);
    write_at(ro + 10);
    printf("after mprotect, first page writable: %d\n", ro[10]);
    expect_fault("second page still read-only", write_at, ro + 4096, ro);
    munmap(ro, 8192);
    expect_fault("read after munmap", read_at, ro, ro);
    expect_fault("write to code", write_at, (void *) divide, (char *) divide);
    munmap(none, 8192);

    /* Default action after SA_RESETHAND: the second fault would kill; only count the first. */
    install_info(SIGSEGV, fault_handler, SA_RESETHAND);
    expect_fault("once with SA_RESETHAND", read_at, NULL, NULL);
    struct sigaction old;
    sigaction(SIGSEGV, NULL, &old);
    printf("SIGSEGV now default %s\n", old.sa_handler == SIG_DFL ? "yes" : "no");
}

static void call_divide(void *args) { int *a = args; printf("quotient %d\n", divide(a[0], a[1])); }
static void call_ud2(void *unused) { (void) unused; printf("ud2 returned %d\n", undefined_instruction()); }

/* ---- stack overflow: only a handler on the alternate stack can run ---- */

static volatile int depth_reached, depth_limit = 1 << 30;

static int recurse(int depth) {
    volatile char frame[1024];
    frame[0] = (char) depth;
    depth_reached = depth;
    if (depth >= depth_limit) return 0; /* never: the stack ends first */
    return recurse(depth + 1) + frame[0];
}

static void section_overflow(void) {
    printf("== overflow\n");
    static char overflow_stack[65536];
    stack_t st = {.ss_sp = overflow_stack, .ss_size = sizeof overflow_stack};
    sigaltstack(&st, NULL);
    install_info(SIGSEGV, fault_handler, SA_ONSTACK);
    last_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) {
        recurse(0);
        printf("no overflow\n");
    } else {
        printf("overflow: %s %s, deeper than 4000 frames %d, trapno %d\n", strsignal(last_signal),
               code_name(last_signal, last_info.si_code), depth_reached > 4000, fault_trapno);
    }
    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
}

static void section_traps(void) {
    printf("== traps\n");
    install_info(SIGFPE, fault_handler, 0);
    install_info(SIGILL, fault_handler, 0);
    install_info(SIGTRAP, fault_handler, 0);
    int zero[2] = {7, 0}, overflow[2] = {INT32_MIN, -1}, fine[2] = {-7, 2};
    call_divide(fine);
    expect_fault("divide by zero", call_divide, zero, (char *) divide);
    printf("  eip at divide+%lu\n", (unsigned long) (fault_eip - (uintptr_t) divide));
    expect_fault("INT_MIN / -1", call_divide, overflow, (char *) divide);
    expect_fault("ud2", call_ud2, NULL, (char *) undefined_instruction);
    printf("  eip at undefined_instruction+%lu\n", (unsigned long) (fault_eip - (uintptr_t) undefined_instruction));
    last_signal = 0;
    if (sigsetjmp(recovery, 1) == 0) breakpoint();
    printf("int3: %s %s trapno %d, eip at breakpoint+%lu, si_addr 0x%lx\n", strsignal(last_signal),
           code_name(last_signal, last_info.si_code), fault_trapno,
           (unsigned long) (fault_eip - (uintptr_t) breakpoint), (unsigned long) last_info.si_addr);
}

/* A handler that skips the faulting ud2 by editing the saved EIP, and returns through sigreturn. */
static void skip_ud2(int sig, siginfo_t *info, void *context) {
    (void) sig; (void) info;
    ucontext_t *uc = context;
    uc->uc_mcontext.gregs[REG_EIP] += 2;
    count++;
}

static void skip_int3(int sig, siginfo_t *info, void *context) {
    (void) sig; (void) info; (void) context;
    count++; /* EIP already points after int3 */
}

static void section_resume(void) {
    printf("== resume\n");
    count = 0;
    install_info(SIGILL, skip_ud2, 0);
    int r = undefined_instruction();
    printf("ud2 skipped: returns %d, handler ran %d\n", r, count);
    install_info(SIGTRAP, skip_int3, 0);
    r = breakpoint();
    printf("int3 resumed: returns %d, handler ran %d\n", r, count);
    /* The old (non-SA_SIGINFO) frame: the sigcontext follows the signal number. */
    install(SIGTRAP, (void (*)(int)) skip_int3, 0);
    r = breakpoint();
    printf("int3 through the old frame: returns %d, handler ran %d\n", r, count);
}

/* ---- register, FPU and segment state around a handler ---- */

struct machine_state {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp, eflags;
    uint32_t ds, es, fs, gs;
    uint16_t fpu_cw, fpu_sw;
    uint32_t mxcsr;
    long double st[8];
    uint32_t xmm[8][4];
};

/* Global: the assembly below loads it by name. */
const uint32_t xmm_values[8][4] = {
    {0x3f800000, 0x40000000, 0x40400000, 0x40800000}, {0x11111111, 0x22222222, 0x33333333, 0x44444444},
    {0xdeadbeef, 0xcafebabe, 0x01234567, 0x89abcdef}, {0, 1, 2, 3}, {0xffffffff, 0, 0xffffffff, 0},
    {0x7fc00000, 0xff800000, 0x00000001, 0x80000000}, {5, 6, 7, 8}, {0x55555555, 0xaaaaaaaa, 0x5a5a5a5a, 0xa5a5a5a5}};

/*
 * Loads known values into every general register, x87 register (with a non-default control word), XMM register
 * and MXCSR, sets CF and DF, executes int3 and stores what it finds afterwards into *out.
 */
void state_around_trap(struct machine_state *out);
asm(".text\n"
    ".globl state_around_trap\n"
    "state_around_trap:\n"
    "  pushl %ebp\n  pushl %ebx\n  pushl %esi\n  pushl %edi\n"
    "  subl $8, %esp\n"
    "  movw $0x0c7f, (%esp)\n"        /* round toward zero, extended precision, all masked */
    "  fldcw (%esp)\n"
    "  movl $0x1fa0, 4(%esp)\n"       /* MXCSR: round down, all masked, DAZ clear */
    "  ldmxcsr 4(%esp)\n"
    "  fld1\n  fldpi\n  fldl2e\n  fldl2t\n  fldlg2\n  fldln2\n  fldz\n  fld1\n  fchs\n"
    "  ffree %st(7)\n  fincstp\n  fdecstp\n"
    "  movdqu xmm_values, %xmm0\n  movdqu xmm_values+16, %xmm1\n  movdqu xmm_values+32, %xmm2\n"
    "  movdqu xmm_values+48, %xmm3\n  movdqu xmm_values+64, %xmm4\n  movdqu xmm_values+80, %xmm5\n"
    "  movdqu xmm_values+96, %xmm6\n  movdqu xmm_values+112, %xmm7\n"
    "  xorl %eax, %eax\n  movl %eax, %es\n"  /* ES null: the handler's sigreturn must bring it back */
    "  movl $0xa1a1a1a1, %eax\n  movl $0xb2b2b2b2, %ebx\n  movl $0xc3c3c3c3, %ecx\n  movl $0xd4d4d4d4, %edx\n"
    "  movl $0xe5e5e5e5, %esi\n  movl $0xf6f6f6f6, %edi\n  movl $0x07070707, %ebp\n"
    "  std\n  stc\n"
    "  int3\n"
    "  pushfl\n"
    "  cld\n"
    "  pushl %eax\n"
    "  movl 36(%esp), %eax\n"          /* out: eax, eflags, 8 bytes of locals, 4 saves, return address */
    "  popl 0(%eax)\n"
    "  movl %ebx, 4(%eax)\n  movl %ecx, 8(%eax)\n  movl %edx, 12(%eax)\n  movl %esi, 16(%eax)\n"
    "  movl %edi, 20(%eax)\n  movl %ebp, 24(%eax)\n  popl 28(%eax)\n"
    "  movl %ds, %ecx\n  movl %ecx, 32(%eax)\n  movl %es, %ecx\n  movl %ecx, 36(%eax)\n"
    "  movl %fs, %ecx\n  movl %ecx, 40(%eax)\n  movl %gs, %ecx\n  movl %ecx, 44(%eax)\n"
    "  movl %ss, %ecx\n  movl %ecx, %es\n"
    "  fnstcw 48(%eax)\n  fnstsw 50(%eax)\n  stmxcsr 52(%eax)\n"
    "  fstpt 56(%eax)\n  fstpt 68(%eax)\n  fstpt 80(%eax)\n  fstpt 92(%eax)\n"
    "  fstpt 104(%eax)\n  fstpt 116(%eax)\n  fstpt 128(%eax)\n  fstpt 140(%eax)\n"
    "  movdqu %xmm0, 152(%eax)\n  movdqu %xmm1, 168(%eax)\n  movdqu %xmm2, 184(%eax)\n  movdqu %xmm3, 200(%eax)\n"
    "  movdqu %xmm4, 216(%eax)\n  movdqu %xmm5, 232(%eax)\n  movdqu %xmm6, 248(%eax)\n  movdqu %xmm7, 264(%eax)\n"
    "  movw $0x037f, (%esp)\n  fldcw (%esp)\n  movl $0x1f80, 4(%esp)\n  ldmxcsr 4(%esp)\n"
    "  addl $8, %esp\n"
    "  popl %edi\n  popl %esi\n  popl %ebx\n  popl %ebp\n"
    "  ret\n");

_Static_assert(__builtin_offsetof(struct machine_state, st) == 56, "layout");
_Static_assert(__builtin_offsetof(struct machine_state, xmm) == 152, "layout");

static uint32_t handler_fs, handler_es, handler_df;
static uint16_t handler_cw;

static void clobbering_handler(int sig, siginfo_t *info, void *context) {
    (void) sig; (void) info; (void) context;
    uint32_t flags;
    asm volatile("pushfl\n popl %0" : "=r"(flags));
    handler_df = (flags >> 10) & 1;
    asm volatile("movl %%es, %0\n movl %%fs, %1\n fnstcw %2" : "=r"(handler_es), "=r"(handler_fs), "=m"(handler_cw));
    /* Change everything the interrupted code had: FPU stack and modes, XMM registers, MXCSR, segments. */
    uint16_t cw = 0x0000;    /* unmasked, single precision, nearest */
    uint32_t mxcsr = 0x7f80; /* round toward zero */
    asm volatile("fninit\n fldcw %0\n ldmxcsr %1\n fldz\n fld1\n fldpi\n"
                 "pxor %%xmm0, %%xmm0\n pcmpeqd %%xmm1, %%xmm1\n pxor %%xmm2, %%xmm2\n pxor %%xmm7, %%xmm7\n"
                 "movl %%ss, %%eax\n movl %%eax, %%fs\n movl %%eax, %%es\n"
                 "movl $0x12345678, %%ebx\n movl $0x23456789, %%esi\n movl $0x3456789a, %%edi\n std\n cld\n"
                 : : "m"(cw), "m"(mxcsr) : "eax", "ebx", "esi", "edi", "memory"); /* this file's C code uses no XMM */
    count++;
}

static void print_state(const char *what, const struct machine_state *s) {
    printf("%s: eax %08x ebx %08x ecx %08x edx %08x esi %08x edi %08x ebp %08x cf %u df %u\n", what, s->eax, s->ebx,
           s->ecx, s->edx, s->esi, s->edi, s->ebp, s->eflags & 1, (s->eflags >> 10) & 1);
    printf("  segments ds %04x es %04x fs %04x gs %04x\n", s->ds, s->es, s->fs, s->gs);
    printf("  fpu cw %04x sw top %u, mxcsr %08x\n", s->fpu_cw, (s->fpu_sw >> 11) & 7, s->mxcsr);
    for (int i = 0; i < 8; i++) {
        const unsigned char *b = (const unsigned char *) &s->st[i];
        printf("  st%d %.21Lg [", i, s->st[i]);
        for (int j = 9; j >= 0; j--) printf("%02x", b[j]);
        printf("]  xmm%d %08x %08x %08x %08x\n", i, s->xmm[i][0], s->xmm[i][1], s->xmm[i][2], s->xmm[i][3]);
    }
}

static volatile double async_sink;

static void async_handler(int sig) {
    (void) sig;
    /* Floating-point work of its own in the middle of the interrupted computation. */
    volatile double x = 1e300;
    for (int i = 0; i < 50; i++) x = x * 1.5 / 1.25 + 0.1;
    async_sink = x;
    count++;
}

struct sums { long double x87; double sse; uint32_t mix; };

/* x87, SSE and integer sums that a signal arriving at any instruction must not disturb. */
__attribute__((target("sse2,fpmath=sse"), noinline)) static struct sums interruptible_sums(void) {
    struct sums s = {0, 0, 1};
    for (int round = 0; round < 300000; round++) {
        int i = round % 1000 + 1;
        s.x87 += 1.0L / i;
        double d = (double) i * 1.0000001;
        s.sse += d;
        s.mix = s.mix * 1103515245u + 12345u;
    }
    return s;
}

static void section_state(void) {
    printf("== state\n");
    struct machine_state s;
    memset(&s, 0, sizeof s);
    count = 0;
    install_info(SIGTRAP, clobbering_handler, 0);
    state_around_trap(&s);
    printf("handler ran %d; in handler: df %u es %04x fs %04x cw %04x\n", count, handler_df, handler_es, handler_fs,
           handler_cw);
    print_state("after int3 with SA_SIGINFO", &s);
    memset(&s, 0, sizeof s);
    install(SIGTRAP, (void (*)(int)) clobbering_handler, 0);
    state_around_trap(&s);
    print_state("after int3 through the old frame", &s);

    /* Asynchronous interruptions: a 1 ms interval timer while x87 and SSE sums run; the results must not care. */
    install(SIGALRM, async_handler, SA_RESTART);
    struct itimerval tick = {{0, 1000}, {0, 1000}}, off = {{0, 0}, {0, 0}};
    count = 0;
    setitimer(ITIMER_REAL, &tick, NULL);
    struct sums sums = interruptible_sums();
    for (long spin = 0; count < 3 && spin < 4000000000L; spin++) asm volatile("");
    setitimer(ITIMER_REAL, &off, NULL);
    printf("interrupted at least 3 times: %s; x87 %.20Lg sse %.17g mix %08x\n", count >= 3 ? "yes" : "no", sums.x87,
           sums.sse, sums.mix);
}

/* ---- children and pipes ---- */

static void section_children(void) {
    printf("== children\n");
    fflush(stdout);
    install_info(SIGCHLD, info_handler, 0);
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t child = fork();
    if (child == 0) _exit(7);
    last_signal = 0;
    while (last_signal != SIGCHLD) sigsuspend(&old);
    printf("SIGCHLD: si_code %s si_status %d si_pid is child %s\n", code_name(SIGCHLD, last_info.si_code),
           last_info.si_status, last_info.si_pid == child ? "yes" : "no");
    int status;
    printf("waitpid is child %s\n", waitpid(child, &status, 0) == child ? "yes" : "no");
    printf("exited %d status %d\n", WIFEXITED(status), WEXITSTATUS(status));

    fflush(stdout);
    child = fork();
    if (child == 0) {
        raise(SIGTERM);
        _exit(99);
    }
    last_signal = 0;
    while (last_signal != SIGCHLD) sigsuspend(&old);
    printf("SIGCHLD: si_code %s si_status %d\n", code_name(SIGCHLD, last_info.si_code), last_info.si_status);
    waitpid(child, &status, 0);
    printf("signaled %d termsig %d\n", WIFSIGNALED(status), WTERMSIG(status));
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* A child blocked in pause() is ended by the parent's kill. */
    install(SIGCHLD, SIG_DFL, 0);
    fflush(stdout);
    int ready[2];
    pipe(ready);
    child = fork();
    if (child == 0) {
        signal(SIGUSR1, SIG_DFL);
        close(ready[0]);
        write(ready[1], "r", 1);
        pause();
        _exit(98);
    }
    char c;
    close(ready[1]);
    read(ready[0], &c, 1);
    close(ready[0]);
    kill(child, SIGUSR1);
    waitpid(child, &status, 0);
    printf("child in pause killed by SIGUSR1: signaled %d termsig %d\n", WIFSIGNALED(status), WTERMSIG(status));
    CALL("waitpid with no child", waitpid(-1, &status, 0));
}

static void section_pipe(void) {
    printf("== sigpipe\n");
    int fds[2];
    pipe(fds);
    close(fds[0]);
    install(SIGPIPE, SIG_IGN, 0);
    CALL("ignored: write", write(fds[1], "x", 1));
    install_info(SIGPIPE, info_handler, 0);
    last_signal = 0;
    CALL("handled: write", write(fds[1], "x", 1));
    printf("  signal %d si_code %s si_pid is self %s\n", last_signal, code_name(SIGPIPE, last_info.si_code),
           last_info.si_pid == getpid() ? "yes" : "no");
    install(SIGPIPE, SIG_DFL, 0);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        write(fds[1], "x", 1);
        _exit(5);
    }
    close(fds[1]);
    int status;
    waitpid(child, &status, 0);
    printf("default: child signaled %d termsig %d\n", WIFSIGNALED(status), WTERMSIG(status));
}

static const struct {
    const char *name;
    void (*run)(void);
} sections[] = {
    {"basics", section_basics}, {"flags", section_flags}, {"nesting", section_nesting},
    {"waiting", section_waiting}, {"altstack", section_altstack}, {"segv", section_segv},
    {"overflow", section_overflow}, {"traps", section_traps}, {"resume", section_resume}, {"state", section_state},
    {"children", section_children}, {"sigpipe", section_pipe},
};

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    int n = sizeof sections / sizeof sections[0];
    for (int i = 0; i < n; i++) {
        int wanted = argc == 1;
        for (int a = 1; a < argc; a++) wanted |= strcmp(argv[a], sections[i].name) == 0;
        if (wanted) sections[i].run();
    }
    for (int a = 1; a < argc; a++) {
        int known = 0;
        for (int i = 0; i < n; i++) known |= strcmp(argv[a], sections[i].name) == 0;
        if (!known) {
            fprintf(stderr, "signals: no section %s\n", argv[a]);
            return 2;
        }
    }
    printf("done\n");
    return 0;
}
