package ukcf.user.fs;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few host C library calls Java cannot make: isatty and terminal ioctls on the host's standard streams, umask. On a
 * host without a C library JNA can load, every stream is "not a terminal".
 */
public final class HostLibc {
    private interface C extends Library {
        int isatty(int fd);

        int ioctl(int fd, long request, byte[] argument);

        int umask(int mask);
    }

    private static final C LIBC = load();

    private HostLibc() { }

    private static C load() {
        try {
            return Native.load("c", C.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    private static int hostUmask = -1;

    /**
     * The umask this JVM started with, the guest's initial umask. The first call sets the host's umask to 0, so
     * that the guest's own umask, applied by the system calls, is the only one in force; without a C library the
     * host's umask stays (and applies on top) and 022 is answered.
     */
    public static synchronized int takeUmask() {
        if (hostUmask < 0) hostUmask = LIBC == null ? 022 : LIBC.umask(0);
        return hostUmask;
    }

    public static boolean isTerminal(int hostDescriptor) {
        return LIBC != null && LIBC.isatty(hostDescriptor) == 1;
    }

    /**
     * ioctl on a host descriptor with a buffer argument; returns false if it failed. Only requests whose argument
     * layout is the same on the host and on i386 may be passed (TCGETS, TIOCGWINSZ on x86 Linux).
     */
    public static boolean ioctl(int hostDescriptor, long request, byte[] argument) {
        return LIBC != null && LIBC.ioctl(hostDescriptor, request, argument) == 0;
    }
}
