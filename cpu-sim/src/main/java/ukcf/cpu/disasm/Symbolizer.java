package ukcf.cpu.disasm;

/** Names a guest address for branch targets ({@code name+0x10}), or returns null when it knows none. */
@FunctionalInterface
public interface Symbolizer {
    Symbolizer NONE = address -> null;

    String symbolize(int address);
}
