package ukcf.user.syscall;

import static ukcf.user.syscall.Arg.INT;
import static ukcf.user.syscall.Arg.POINTER;

import ukcf.kernel.log.KernelLog;
import ukcf.user.process.GuestProcess;

/** Calls that reach the host kernel's own services: its log (syslog(2), what dmesg reads). */
final class KernelSyscalls {
    private KernelSyscalls() { }

    private static final int SYSLOG_ACTION_CLOSE = 0, SYSLOG_ACTION_OPEN = 1, SYSLOG_ACTION_READ = 2,
            SYSLOG_ACTION_READ_ALL = 3, SYSLOG_ACTION_READ_CLEAR = 4, SYSLOG_ACTION_CLEAR = 5,
            SYSLOG_ACTION_CONSOLE_OFF = 6, SYSLOG_ACTION_CONSOLE_ON = 7, SYSLOG_ACTION_CONSOLE_LEVEL = 8,
            SYSLOG_ACTION_SIZE_UNREAD = 9, SYSLOG_ACTION_SIZE_BUFFER = 10;
    private static final int MINIMUM_CONSOLE_LEVEL = 1;

    /** syslog(2) as kernel/printk/printk.c do_syslog answers it (the guest is allowed, as root would be). */
    @Syscall(name = "syslog", args = {INT, POINTER, INT})
    static int syslog(GuestProcess p, int action, int buffer, int length) {
        KernelLog log = p.processes().kernel().log();
        switch (action) {
            case SYSLOG_ACTION_CLOSE, SYSLOG_ACTION_OPEN -> { return 0; }
            case SYSLOG_ACTION_READ, SYSLOG_ACTION_READ_ALL, SYSLOG_ACTION_READ_CLEAR -> {
                if (buffer == 0 || length < 0) throw new SyscallError(Errno.EINVAL);
                if (length == 0) return 0;
                byte[] text = action == SYSLOG_ACTION_READ ? log.readUnread(length)
                        : log.readAll(length, action == SYSLOG_ACTION_READ_CLEAR);
                p.writeBytes(buffer, text);
                return text.length;
            }
            case SYSLOG_ACTION_CLEAR -> {
                log.clear();
                return 0;
            }
            case SYSLOG_ACTION_CONSOLE_OFF -> {
                log.setConsoleLevel(MINIMUM_CONSOLE_LEVEL);
                return 0;
            }
            case SYSLOG_ACTION_CONSOLE_ON -> {
                log.setConsoleLevel(KernelLog.DEFAULT_CONSOLE_LEVEL);
                return 0;
            }
            case SYSLOG_ACTION_CONSOLE_LEVEL -> {
                if (length < 1 || length > 8) throw new SyscallError(Errno.EINVAL);
                log.setConsoleLevel(Math.max(length, MINIMUM_CONSOLE_LEVEL));
                return 0;
            }
            case SYSLOG_ACTION_SIZE_UNREAD -> { return log.sizeUnread(); }
            case SYSLOG_ACTION_SIZE_BUFFER -> { return KernelLog.CAPACITY; }
            default -> throw new SyscallError(Errno.EINVAL);
        }
    }
}
