package ukcf.cpu.io;

/** Where IN/OUT/INS/OUTS go. The kernel bridge routes ports to emulated devices; the default bus floats high. */
public interface IoPortBus {
    /** Reads {@code size} (1, 2 or 4) bytes from {@code port}; value zero-extended. */
    int in(int port, int size);

    void out(int port, int size, int value);

    /** A bus with nothing attached: reads return all ones, writes are dropped, as on a PC with no device. */
    IoPortBus FLOATING = new IoPortBus() {
        @Override public int in(int port, int size) { return size == 4 ? -1 : (1 << (size * 8)) - 1; }
        @Override public void out(int port, int size, int value) { }
    };
}
