package ukcf.kernel.exec;

import java.util.List;

/**
 * A driver call that did not return normally: the driver oopsed (a fault, a BUG, a wild jump), called a kernel
 * function the host does not implement, or ran past its instruction budget. The call fails; the host, the driver's
 * memory and the next call are unaffected. {@link #report} is what the kernel log and the user see.
 */
public final class DriverCallFailure extends RuntimeException {
    public enum Kind { OOPS, UNIMPLEMENTED, LOCKUP }

    private final Kind kind;
    private final List<String> report;

    public DriverCallFailure(Kind kind, String summary, List<String> report) {
        super(summary, null, false, false);
        this.kind = kind;
        this.report = List.copyOf(report);
    }

    public Kind kind() { return kind; }

    /** The summary line first, then registers and the guest backtrace with symbols. */
    public List<String> report() { return report; }
}
