package ukcf.cpu.memory;

/**
 * Told when guest bytes change on a page marked as holding translated code ({@link AddressSpace#markCode}), so
 * the translator can drop the translations the write made stale (self-modifying code, module unload and reload).
 * Called after the bytes are written, once per code page touched, on the thread that wrote.
 */
@FunctionalInterface
public interface CodeWriteListener {
    CodeWriteListener NONE = (address, length) -> { };

    /** {@code length} bytes from {@code address} (all within one page) were written. */
    void codeWritten(int address, int length);
}
