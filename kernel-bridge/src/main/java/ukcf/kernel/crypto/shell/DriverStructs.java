package ukcf.kernel.crypto.shell;

import java.nio.charset.StandardCharsets;

import ukcf.kernel.KernelModules;
import ukcf.kernel.abi.KernelStruct;
import ukcf.kernel.crypto.CryptoException;
import ukcf.kernel.exec.DriverCallFailure;
import ukcf.shells.EntryPoint;

/** Reading a driver's crypto structures and marshalling buffers into kernel memory for its functions. */
final class DriverStructs {
    private DriverStructs() { }

    /** Linux's errno for a driver call that failed: the caller sees EFAULT (on Linux the oops kills it). */
    static final int EFAULT = 14;

    static int read32(KernelModules k, int address) {
        byte[] b = k.readKernel(address, 4);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    static void write32(KernelModules k, int address, int value) {
        k.writeKernel(address, new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    static int field(KernelModules k, int struct, KernelStruct type, String field) {
        return read32(k, struct + type.offset(field));
    }

    /** A NUL-terminated char array field (cra_name, cra_driver_name). */
    static String string(KernelModules k, int struct, KernelStruct type, String field) {
        KernelStruct.Field f = type.field(field);
        byte[] bytes = k.readKernel(struct + f.offset(), f.size());
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** A kernel copy of {@code bytes} (kmalloc'ed, at least one byte so the pointer is real). */
    static int copyIn(KernelModules k, byte[] bytes, int offset, int length) throws CryptoException {
        int address = allocate(k, Math.max(1, length));
        byte[] copy = new byte[length];
        System.arraycopy(bytes, offset, copy, 0, length);
        k.writeKernel(address, copy);
        return address;
    }

    static int allocate(KernelModules k, int size) throws CryptoException {
        int address = k.heap().allocate(size);
        if (address == 0) throw new CryptoException(12, "out of kernel memory for " + size + " bytes");
        return address;
    }

    /** Calls an entry point; a failed driver call becomes EFAULT for the caller, a negative result its errno. */
    static int call(EntryPoint entry, int... arguments) throws CryptoException {
        int result;
        try {
            result = entry.call(arguments);
        } catch (DriverCallFailure failure) {
            throw new CryptoException(EFAULT, entry + " failed: " + failure.getMessage());
        }
        if (result < 0 && result >= -4095) throw new CryptoException(-result, entry.name() + " returned " + result);
        return result;
    }

    static void callVoid(EntryPoint entry, int... arguments) throws CryptoException {
        try {
            entry.call(arguments);
        } catch (DriverCallFailure failure) {
            throw new CryptoException(EFAULT, entry + " failed: " + failure.getMessage());
        }
    }
}
