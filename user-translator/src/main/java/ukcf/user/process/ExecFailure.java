package ukcf.user.process;

import ukcf.user.syscall.Errno;

/**
 * execve could not run a file: the errno the guest gets and, when the reason is ukcf's to tell (a file of the
 * wrong kind, a broken interpreter), a one-line warning naming the file and why.
 */
public final class ExecFailure extends Exception {
    private final Errno errno;
    private final boolean warn;

    ExecFailure(Errno errno, String message, boolean warn) {
        super(message, null, false, false);
        this.errno = errno;
        this.warn = warn;
    }

    public Errno errno() { return errno; }

    /** Whether the message is a warning to print (ENOEXEC, ELIBBAD), not an ordinary failure (ENOENT, EACCES). */
    public boolean warns() { return warn; }
}
