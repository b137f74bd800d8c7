package ukcf.kernel.api;

/**
 * The driver did something the kernel answers with an oops or a panic (a stack-protector failure, a fortified
 * buffer overflow, a BUG()): the current driver call ends with this report; the host keeps running.
 */
public final class KernelOops extends RuntimeException {
    public KernelOops(String message) {
        super(message, null, false, false);
    }
}
