package ukcf.kernel.crypto;

/** A crypto API call refused with a Linux errno (EINVAL for a bad key length, ENOENT for an unknown algorithm...). */
public final class CryptoException extends Exception {
    public static final int ENOENT = 2, EINVAL = 22, ENOKEY = 126, EEXIST = 17, EBUSY = 16;
    private final int errno;

    public CryptoException(int errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public int errno() { return errno; }
}
