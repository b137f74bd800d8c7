package ukcf.kernel.module;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * A module's core and init parts as Java byte arrays at their chosen guest bases, filled from the file and then
 * relocated and patched (parameters) here before one copy into guest memory: until that copy, a failing stage has
 * written nothing the guest can see. Reads by guest address accept only addresses inside the image.
 */
final class ModuleImage {
    private final ModuleFile file;
    private final ModuleLayout layout;
    private final byte[] core;
    private final byte[] init;
    private final int coreBase;
    private final int initBase;

    ModuleImage(ModuleFile file, ModuleLayout layout, int coreBase, int initBase) {
        this.file = file;
        this.layout = layout;
        this.core = new byte[layout.size(ModuleLayout.Part.CORE)];
        this.init = new byte[layout.size(ModuleLayout.Part.INIT)];
        this.coreBase = coreBase;
        this.initBase = initBase;
        for (ModuleFile.Section section : file.sections()) {
            layout.placement(section.index()).ifPresent(p -> {
                byte[] contents = file.contents(section);
                System.arraycopy(contents, 0, part(p.part()), p.offset(), contents.length);
            });
        }
    }

    ModuleFile file() { return file; }

    ModuleLayout layout() { return layout; }

    byte[] part(ModuleLayout.Part part) { return part == ModuleLayout.Part.CORE ? core : init; }

    int base(ModuleLayout.Part part) { return part == ModuleLayout.Part.CORE ? coreBase : initBase; }

    /** The guest address of loaded section {@code index}, empty if the section is not loaded. */
    OptionalInt addressOf(int index) {
        return layout.placement(index).map(p -> OptionalInt.of(base(p.part()) + p.offset())).orElse(OptionalInt.empty());
    }

    /** The part holding {@code length} bytes at guest {@code address}, or null if they are not all inside one part. */
    ModuleLayout.Part partHolding(int address, int length) {
        for (ModuleLayout.Part part : ModuleLayout.Part.values()) {
            long offset = Integer.toUnsignedLong(address) - Integer.toUnsignedLong(base(part));
            if (offset >= 0 && offset + length <= part(part).length) return part;
        }
        return null;
    }

    boolean contains(int address, int length) {
        return partHolding(address, length) != null;
    }

    /** The loaded-section class holding {@code address} (text, read-only, data), or null if outside every section. */
    ModuleLayout.SectionClass classAt(int address) {
        for (ModuleLayout.ClassRange range : layout.ranges()) {
            long offset = Integer.toUnsignedLong(address) - Integer.toUnsignedLong(base(range.part()));
            if (offset >= range.offset() && offset < range.offset() + range.length()) return range.sectionClass();
        }
        return null;
    }

    int read32(int address) {
        ModuleLayout.Part part = requirePart(address, 4);
        byte[] b = part(part);
        int at = address - base(part);
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    void write(int address, byte[] value) {
        ModuleLayout.Part part = requirePart(address, value.length);
        System.arraycopy(value, 0, part(part), address - base(part), value.length);
    }

    void write32(int address, int value) {
        write(address, new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    /** The NUL-terminated string at {@code address}, or null if it does not end inside the image. */
    String stringAt(int address) {
        ModuleLayout.Part part = partHolding(address, 1);
        if (part == null) return null;
        byte[] b = part(part);
        int start = address - base(part);
        for (int end = start; end < b.length; end++) {
            if (b[end] == 0) return new String(b, start, end - start, StandardCharsets.UTF_8);
        }
        return null;
    }

    private ModuleLayout.Part requirePart(int address, int length) {
        ModuleLayout.Part part = partHolding(address, length);
        if (part == null) throw new IllegalArgumentException(String.format("0x%08x + %d is outside the module image", address, length));
        return part;
    }
}
