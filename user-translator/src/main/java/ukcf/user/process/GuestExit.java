package ukcf.user.process;

/** Thrown by exit and exit_group: the guest process is over with this status. */
public final class GuestExit extends RuntimeException {
    private final int status;

    public GuestExit(int status) {
        super(null, null, false, false);
        this.status = status;
    }

    public int status() { return status; }
}
