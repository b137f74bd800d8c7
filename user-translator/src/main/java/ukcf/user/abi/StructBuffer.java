package ukcf.user.abi;

import java.nio.charset.StandardCharsets;

/** The bytes of one guest struct, read and written by field name in little-endian order. */
public final class StructBuffer {
    private final StructLayout layout;
    private final byte[] bytes;

    StructBuffer(StructLayout layout, byte[] bytes) {
        if (bytes.length < layout.size()) {
            throw new IllegalArgumentException("struct " + layout.name() + " needs " + layout.size() + " bytes");
        }
        this.layout = layout;
        this.bytes = bytes;
    }

    public byte[] bytes() { return bytes; }

    /** Stores {@code value} in the field, truncated to the field's size (1, 2, 4 or 8 bytes). */
    public StructBuffer put(String field, long value) {
        StructLayout.Field f = layout.field(field);
        putAt(f.offset(), Math.min(f.size(), 8), value);
        return this;
    }

    /** Stores a struct timespec-like pair (seconds then nanoseconds) whose layout is {@code timeLayout}. */
    public StructBuffer putTime(String field, StructLayout timeLayout, long seconds, long nanoseconds) {
        int base = layout.offset(field);
        StructLayout.Field sec = timeLayout.field("tv_sec");
        StructLayout.Field nsec = timeLayout.field("tv_nsec");
        putAt(base + sec.offset(), sec.size(), seconds);
        putAt(base + nsec.offset(), nsec.size(), nanoseconds);
        return this;
    }

    /** Stores a NUL-terminated string in a char array field (truncated to leave room for the NUL). */
    public StructBuffer putString(String field, String value) {
        StructLayout.Field f = layout.field(field);
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(text.length, f.size() - 1);
        System.arraycopy(text, 0, bytes, f.offset(), length);
        bytes[f.offset() + length] = 0;
        return this;
    }

    public long get(String field) {
        StructLayout.Field f = layout.field(field);
        long value = 0;
        for (int i = Math.min(f.size(), 8) - 1; i >= 0; i--) value = (value << 8) | (bytes[f.offset() + i] & 0xFF);
        return value;
    }

    /** Reads a field as a signed 32-bit value. */
    public int getInt(String field) { return (int) get(field); }

    private void putAt(int offset, int size, long value) {
        for (int i = 0; i < size; i++) bytes[offset + i] = (byte) (value >>> (8 * i));
    }
}
