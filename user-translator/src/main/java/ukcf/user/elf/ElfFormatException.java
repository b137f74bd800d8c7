package ukcf.user.elf;

/**
 * An executable ukcf cannot load: a malformed or unsupported ELF file. The message names the file offset of the
 * offending field so that a user can inspect it with a hex dump; there is never a stack trace.
 */
public final class ElfFormatException extends Exception {
    private final long fileOffset;

    public ElfFormatException(long fileOffset, String message) {
        super(String.format("at file offset 0x%x: %s", fileOffset, message), null, false, false);
        this.fileOffset = fileOffset;
    }

    /** A file that is valid ELF but needs a feature ukcf does not have yet. */
    public static ElfFormatException unsupported(long fileOffset, String message) {
        return new ElfFormatException(fileOffset, message);
    }

    public long fileOffset() { return fileOffset; }
}
