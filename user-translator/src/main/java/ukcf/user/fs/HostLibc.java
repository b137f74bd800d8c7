package ukcf.user.fs;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The few host C library calls Java cannot make: isatty and terminal ioctls on the host's standard streams. On a
 * host without a C library JNA can load, every stream is "not a terminal".
 */
public final class HostLibc {
    private interface C extends Library {
        int isatty(int fd);

        int ioctl(int fd, long request, byte[] argument);
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
