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
     * The umask this JVM runs with, the guest's initial umask (022 without a C library). Reading it means setting
     * it, so it is set back at once; the system calls apply the guest's umask themselves and then give a created
     * file exactly the mode asked for.
     */
    public static synchronized int takeUmask() {
        if (hostUmask < 0) {
            if (LIBC == null) {
                hostUmask = 022;
            } else {
                hostUmask = LIBC.umask(022);
                LIBC.umask(hostUmask);
            }
        }
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
