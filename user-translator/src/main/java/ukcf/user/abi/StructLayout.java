package ukcf.user.abi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The layout of one i386 Linux struct (size, field offsets and sizes), read from {@code structs-i386.tsv}, which
 * {@code user-translator/abi/gen-struct-layouts.sh} generates from the kernel's UAPI headers with offsetof: no
 * offset is typed by hand.
 */
public final class StructLayout {
    private static final String RESOURCE = "/ukcf/user/abi/structs-i386.tsv";
    private static final Map<String, StructLayout> LAYOUTS = load();

    /** One field: where it starts and how many bytes it has. */
    public record Field(String name, int offset, int size) { }

    private final String name;
    private final int size;
    private final Map<String, Field> fields = new HashMap<>();

    private StructLayout(String name, int size) {
        this.name = name;
        this.size = size;
    }

    /** The layout of {@code struct name}; fails if the layout file does not describe it. */
    public static StructLayout of(String name) {
        StructLayout layout = LAYOUTS.get(name);
        if (layout == null) throw new IllegalArgumentException("no layout for struct " + name + " in " + RESOURCE);
        return layout;
    }

    public String name() { return name; }

    public int size() { return size; }

    public Field field(String fieldName) {
        Field field = fields.get(fieldName);
        if (field == null) throw new IllegalArgumentException("struct " + name + " has no field " + fieldName);
        return field;
    }

    public int offset(String fieldName) { return field(fieldName).offset(); }

    /** A zero-filled buffer of this struct's size to fill field by field. */
    public StructBuffer newBuffer() { return new StructBuffer(this, new byte[size]); }

    /** A view of {@code bytes} (read from the guest) as this struct. */
    public StructBuffer wrap(byte[] bytes) { return new StructBuffer(this, bytes); }

    private static Map<String, StructLayout> load() {
        Map<String, StructLayout> layouts = new HashMap<>();
        try (InputStream in = StructLayout.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the build");
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                if (f[0].equals("struct")) {
                    layouts.put(f[1], new StructLayout(f[1], Integer.parseInt(f[2])));
                } else {
                    StructLayout layout = layouts.get(f[1]);
                    layout.fields.put(f[2], new Field(f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return layouts;
    }
}
