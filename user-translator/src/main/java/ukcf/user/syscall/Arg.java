package ukcf.user.syscall;

import java.util.StringJoiner;
import ukcf.user.fs.OpenFlags;
import ukcf.user.process.GuestProcess;

/**
 * How a system call argument reads, for {@code --strace}: each kind formats the raw 32-bit value (and may read
 * guest memory, or look at the neighbouring argument for a length, or at the result for an output buffer).
 */
public enum Arg {
    INT { @Override String format(Context c) { return Integer.toString(c.value()); } },
    UNSIGNED { @Override String format(Context c) { return Integer.toUnsignedString(c.value()); } },
    HEX { @Override String format(Context c) { return "0x" + Integer.toHexString(c.value()); } },
    OCTAL { @Override String format(Context c) { return "0" + Integer.toOctalString(c.value()); } },
    POINTER { @Override String format(Context c) { return c.value() == 0 ? "NULL" : "0x" + Integer.toHexString(c.value()); } },
    FD { @Override String format(Context c) { return Integer.toString(c.value()); } },
    /** A directory descriptor of the *at calls. */
    DIRFD { @Override String format(Context c) { return c.value() == AT_FDCWD ? "AT_FDCWD" : Integer.toString(c.value()); } },
    /** A NUL-terminated string, e.g. a path. */
    STRING { @Override String format(Context c) { return c.value() == 0 ? "NULL" : quote(c.process().readCStringForTrace(c.value())); } },
    /** A buffer the guest passes in; its length is the next argument. */
    BUFFER_IN { @Override String format(Context c) { return buffer(c, c.next()); } },
    /** A buffer the kernel fills; its length is the result. */
    BUFFER_OUT { @Override String format(Context c) { return c.result() < 0 ? POINTER.format(c) : buffer(c, c.result()); } },
    OPEN_FLAGS { @Override String format(Context c) { return openFlags(c.value()); } },
    PROT { @Override String format(Context c) { return flags(c.value(), new String[] {"PROT_READ", "PROT_WRITE", "PROT_EXEC"}, "PROT_NONE"); } },
    MAP_FLAGS { @Override String format(Context c) { return mapFlags(c.value()); } },
    /** A signal number: SIGINT, SIGSEGV... */
    SIGNAL { @Override String format(Context c) { return named(c.value(), SIGNAL_NAMES, "SIG"); } },
    SIGMASK_HOW { @Override String format(Context c) { return named(c.value(), new String[] {"SIG_BLOCK", "SIG_UNBLOCK", "SIG_SETMASK"}, ""); } },
    /** An RLIMIT_* resource. */
    RESOURCE { @Override String format(Context c) { return named(c.value(), RESOURCE_NAMES, ""); } },
    CLOCK { @Override String format(Context c) { return named(c.value(), CLOCK_NAMES, ""); } },
    /** The AT_* flags of the *at calls. */
    AT_FLAGS { @Override String format(Context c) { return atFlags(c.value()); } },
    WHENCE { @Override String format(Context c) { return c.value() >= 0 && c.value() < 3 ? new String[] {"SEEK_SET", "SEEK_CUR", "SEEK_END"}[c.value()] : INT.format(c); } };

    public static final int AT_FDCWD = -100;
    private static final int TRACE_STRING_LIMIT = 32;

    /** One argument in its call: the value, its neighbours and (after the call) the result. */
    record Context(GuestProcess process, int[] arguments, int index, int result) {
        int value() { return arguments[index]; }

        int next() { return index + 1 < arguments.length ? arguments[index + 1] : 0; }
    }

    abstract String format(Context context);

    /** Signal names by number (asm/signal.h for i386); index 0 unused. */
    private static final String[] SIGNAL_NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
    private static final String[] RESOURCE_NAMES = {"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
            "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
            "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"};
    private static final String[] CLOCK_NAMES = {"CLOCK_REALTIME", "CLOCK_MONOTONIC", "CLOCK_PROCESS_CPUTIME_ID",
            "CLOCK_THREAD_CPUTIME_ID", "CLOCK_MONOTONIC_RAW", "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE",
            "CLOCK_BOOTTIME"};

    /** A signal's name as strace prints it: SIGCHLD, SIGRT_3, or the number. */
    public static String signalName(int signal) { return named(signal, SIGNAL_NAMES, "SIG"); }

    /** {@code names[value]}, or the number (after {@code prefix} for signals above the named ones). */
    static String named(int value, String[] names, String prefix) {
        if (value >= 0 && value < names.length && names[value] != null) return names[value];
        return prefix.equals("SIG") && value >= 32 && value <= 64 ? "SIGRT_" + (value - 32) : Integer.toString(value);
    }

    static String atFlags(int value) {
        StringJoiner j = new StringJoiner("|");
        int rest = value;
        int[] bits = {0x100, 0x200, 0x400, 0x800, 0x1000, 0x6000};
        String[] names = {"AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_SYMLINK_FOLLOW", "AT_NO_AUTOMOUNT", "AT_EMPTY_PATH",
                "AT_STATX_SYNC_TYPE"};
        for (int i = 0; i < bits.length - 1; i++) {
            if ((rest & bits[i]) != 0) {
                j.add(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) j.add("0x" + Integer.toHexString(rest));
        return value == 0 ? "0" : j.toString();
    }

    static String buffer(Context c, int length) {
        if (c.value() == 0) return "NULL";
        int shown = Math.min(Math.max(length, 0), TRACE_STRING_LIMIT);
        byte[] bytes = c.process().readBytesForTrace(c.value(), shown);
        if (bytes == null) return POINTER.format(c);
        return quote(bytes) + (length > TRACE_STRING_LIMIT ? "..." : "");
    }

    static String quote(byte[] bytes) {
        if (bytes == null) return "???";
        StringBuilder s = new StringBuilder("\"");
        for (byte b : bytes) {
            int ch = b & 0xFF;
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case '\r' -> s.append("\\r");
                default -> {
                    if (ch >= 0x20 && ch < 0x7f) s.append((char) ch);
                    else s.append(String.format("\\x%02x", ch));
                }
            }
        }
        return s.append('"').toString();
    }

    static String flags(int value, String[] names, String zero) {
        if (value == 0) return zero;
        StringJoiner j = new StringJoiner("|");
        for (int bit = 0; bit < names.length; bit++) {
            if ((value & (1 << bit)) != 0) {
                j.add(names[bit]);
                value &= ~(1 << bit);
            }
        }
        if (value != 0) j.add("0x" + Integer.toHexString(value));
        return j.toString();
    }

    private static final int[] OPEN_FLAG_BITS = {OpenFlags.O_CREAT, OpenFlags.O_EXCL, OpenFlags.O_NOCTTY,
            OpenFlags.O_TRUNC, OpenFlags.O_APPEND, OpenFlags.O_NONBLOCK, OpenFlags.O_LARGEFILE, OpenFlags.O_DIRECTORY,
            OpenFlags.O_NOFOLLOW, OpenFlags.O_CLOEXEC, OpenFlags.O_PATH};
    private static final String[] OPEN_FLAG_NAMES = {"O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC", "O_APPEND",
            "O_NONBLOCK", "O_LARGEFILE", "O_DIRECTORY", "O_NOFOLLOW", "O_CLOEXEC", "O_PATH"};

    static String openFlags(int value) {
        StringJoiner j = new StringJoiner("|");
        j.add(new String[] {"O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"}[value & OpenFlags.O_ACCMODE]);
        int rest = value & ~OpenFlags.O_ACCMODE;
        for (int i = 0; i < OPEN_FLAG_BITS.length; i++) {
            if ((rest & OPEN_FLAG_BITS[i]) != 0) {
                j.add(OPEN_FLAG_NAMES[i]);
                rest &= ~OPEN_FLAG_BITS[i];
            }
        }
        if (rest != 0) j.add("0" + Integer.toOctalString(rest));
        return j.toString();
    }

    static String mapFlags(int value) {
        StringJoiner j = new StringJoiner("|");
        j.add((value & 3) == 1 ? "MAP_SHARED" : (value & 3) == 2 ? "MAP_PRIVATE" : "0x" + Integer.toHexString(value & 3));
        int rest = value & ~3;
        if ((rest & 0x10) != 0) { j.add("MAP_FIXED"); rest &= ~0x10; }
        if ((rest & 0x20) != 0) { j.add("MAP_ANONYMOUS"); rest &= ~0x20; }
        if ((rest & 0x100000) != 0) { j.add("MAP_FIXED_NOREPLACE"); rest &= ~0x100000; }
        if ((rest & 0x20000) != 0) { j.add("MAP_STACK"); rest &= ~0x20000; }
        if ((rest & 0x100) != 0) { j.add("MAP_GROWSDOWN"); rest &= ~0x100; }
        if ((rest & 0x4000) != 0) { j.add("MAP_NORESERVE"); rest &= ~0x4000; }
        if (rest != 0) j.add("0x" + Integer.toHexString(rest));
        return j.toString();
    }
}
